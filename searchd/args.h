/* args.h — single parameters of the small GET routes (/api/suggest,
 * /api/facets...), with the checks /api/search's params.c makes: percent-
 * encoding, UTF-8, no NUL, no repeat. */
#ifndef POLIS_SEARCHD_ARGS_H
#define POLIS_SEARCHD_ARGS_H

#include <stddef.h>

#include "server.h"

/* Room for a message such as "limit: must be an integer from 1 to 100". */
#define POLIS_ARGS_MSG 200

/* Find parameter key in the request.  Returns 0 with *value and *len set
 * (*value NULL when the parameter is absent or empty), or -1 with a message
 * "<key>: <reason>" in err for bad percent-encoding, text that is not UTF-8
 * or holds a NUL, a value longer than max_len bytes, or a second
 * occurrence.  The value lives as long as the request. */
int polis_args_get(polis_ctx_t *ctx, const char *key, size_t max_len, const char **value,
                   size_t *len, char err[POLIS_ARGS_MSG]);

/* The same for an integer in [min, max]; *out keeps its value (the
 * default) when the parameter is absent. */
int polis_args_uint(polis_ctx_t *ctx, const char *key, unsigned min, unsigned max, unsigned *out,
                    char err[POLIS_ARGS_MSG]);

#endif
