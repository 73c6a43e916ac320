/* query.h — the query-parameter reader: percent-encoding, UTF-8, no NUL,
 * no repeat, integers.
 *
 * One reader for every route: the small GET routes (/api/suggest,
 * /api/facets...) take one parameter at a time with sd_query_get(); the
 * search routes read them all in order (sd_query_each()) into api/params.h's
 * vocabulary (filters, dates, sort), with the same checks and messages.
 * The pure helpers come first (no libmicrohttpd: tests/unit/test_params.c
 * drives them).
 */
#ifndef SD_HTTP_QUERY_H
#define SD_HTTP_QUERY_H

#include <stddef.h>

#include "http/http.h"

/* Room for a message such as "limit: must be an integer from 1 to 100". */
#define SD_QUERY_MSG 200

/* ---- Pure helpers ------------------------------------------------------ */

/* Parse s[0..len) as a decimal integer in [min, max]: digits only, no sign.
 * Returns 0 and sets *out, or -1. */
int sd_query_parse_uint(const char *s, size_t len, unsigned min, unsigned max, unsigned *out);

/* Read exactly n decimal digits of s into *out.  0, or -1 when one is not a
 * digit. */
int sd_query_digits(const char *s, size_t n, unsigned *out);

/* Non-zero when every '%' in s[0..len) starts a "%HH" escape. */
int sd_query_valid_escapes(const char *s, size_t len);

/* Percent-decode s[0..len) into out (out_size bytes, NUL-terminated);
 * '+' becomes a space when plus_is_space.  *out_len is the decoded length
 * (which may contain NULs).  Returns 0, or -1 on a bad escape or when out is
 * too small (it needs at most len + 1 bytes). */
int sd_query_url_decode(const char *s, size_t len, int plus_is_space, char *out, size_t out_size,
                        size_t *out_len);

/* Non-zero when a parameter's value[0..len) is text: valid UTF-8 without a
 * NUL (%00), since values reach the index and the answers as C strings. */
int sd_query_text_ok(const char *value, size_t len);

/* Whether name[0..len) (decoded; it may hold NULs) is a parameter the
 * caller reads.  cls is the caller's. */
typedef int (*sd_query_known_fn)(void *cls, const char *name, size_t len);

/* Check the percent-encoding of the raw query string query[0..len) (the
 * part after '?'): a parameter known() accepts whose value holds a '%' not
 * followed by two hex digits fails, because libmicrohttpd would pass such a
 * value on undecoded.  Returns 0, or -1 with "<name>: bad percent-encoding"
 * in err. */
int sd_query_check_escapes(const char *query, size_t len, sd_query_known_fn known, void *cls,
                           char err[SD_QUERY_MSG]);

/* ---- Reading a request's parameters ---------------------------------- */

/* Called for each parameter: name and value as libmicrohttpd decoded them
 * (value NULL for "?q" without '='; both NUL-terminated at their length, and
 * may hold NULs).  Returns 0 to go on, non-zero to stop. */
typedef int (*sd_query_fn)(void *cls, const char *name, size_t name_len, const char *value,
                           size_t value_len);

/* Call fn for every parameter of the request, in order, until it returns
 * non-zero.  Returns 0, fn's non-zero, or -1 when the parameters cannot be
 * read.  The strings live as long as the request. */
int sd_query_each(sd_http_ctx_t *ctx, sd_query_fn fn, void *cls);

/* Find parameter key in the request.  Returns 0 with *value and *len set
 * (*value NULL when the parameter is absent or empty), or -1 with a message
 * "<key>: <reason>" in err for bad percent-encoding, text that is not UTF-8
 * or holds a NUL, a value longer than max_len bytes, or a second
 * occurrence.  The value lives as long as the request. */
int sd_query_get(sd_http_ctx_t *ctx, const char *key, size_t max_len, const char **value,
                 size_t *len, char err[SD_QUERY_MSG]);

/* The same for an integer in [min, max]; *out keeps its value (the
 * default) when the parameter is absent. */
int sd_query_uint(sd_http_ctx_t *ctx, const char *key, unsigned min, unsigned max, unsigned *out,
                  char err[SD_QUERY_MSG]);

#endif
