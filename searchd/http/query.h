/* args.h — single parameters of the small GET routes (/api/suggest,
 * /api/facets...), with the checks /api/search's params.c makes: percent-
 * encoding, UTF-8, no NUL, no repeat. */
#ifndef SD_HTTP_QUERY_H
#define SD_HTTP_QUERY_H

#include <stddef.h>

#include "http/server.h"

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

#endif
