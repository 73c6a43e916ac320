/* jsonw.h — jansson values written out as compact JSON text, fast.
 *
 * Every answer is a jansson tree written once; json_dumps() decoded each
 * character of every string again to escape it, a twentieth of an
 * uncached search.  This writes the same bytes as
 * json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(precision)) — keys in
 * insertion order, reals as jansson prints them — copying the runs of a
 * string that need no escape whole.  jansson's strings are valid UTF-8
 * already (its constructors check), so nothing is decoded.
 */
#ifndef SD_HTTP_JSONW_H
#define SD_HTTP_JSONW_H

#include <stddef.h>

#include <jansson.h>

/* The text of v: a malloc()ed, NUL-terminated string and its length in
 * *len, or NULL when out of memory (or v is NULL, or holds a real that is
 * not finite, which JSON cannot say).  precision: significant digits of
 * reals, 1 to 30 (jansson's 0, 17 digits, is not taken). */
char *sd_jsonw_dump(const json_t *v, int precision, size_t *len);

#endif
