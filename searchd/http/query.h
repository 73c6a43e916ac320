/* query.h — the query-parameter reader: percent-encoding, UTF-8, no NUL,
 * no repeat, integers.
 *
 * Pure helpers first (no libmicrohttpd: tests/unit/test_params.c drives
 * them), then the reading of one parameter of a request, for the small GET
 * routes (/api/suggest, /api/facets...).  /api/search's own vocabulary
 * (filters, dates, sort) is api/params.h, on top of this.
 */
#ifndef SD_HTTP_QUERY_H
#define SD_HTTP_QUERY_H

#include <stddef.h>

#include "http/http.h"

/* Room for a message such as "limit: must be an integer from 1 to 100". */
#define SD_QUERY_MSG 200

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

#endif
