/* fuzz_query.h — what the searchd fuzzers share: a query string read the way
 * libmicrohttpd and searchd read it, without a server.
 *
 * libmicrohttpd splits the query string on '&', each parameter on its first
 * '=', and percent-decodes both with '+' as a space; searchd then checks the
 * raw string (sd_params_check_raw()) and takes each pair in order
 * (sd_params_add()).  This header does the same on a buffer. */
#ifndef POLIS_FUZZ_QUERY_H
#define POLIS_FUZZ_QUERY_H

#include <stdlib.h>
#include <string.h>

#include "api/params.h"
#include "http/query.h"

/* The limits searchd starts with. */
static const sd_params_limits_t fuzz_limits = {
    .max_query_bytes = 2048, .default_per_page = 10, .max_per_page = 100, .max_page = 1000
};

/* Read the query string qs[0..len) into p; decoded strings go to *arena
 * (malloc()ed, the caller frees it after p).  0, or -1 with p->error set. */
static inline int fuzz_read_params(const char *qs, size_t len, sd_params_t *p, char **arena)
{
    sd_params_init(p, &fuzz_limits);
    /* Each decoded key and value fits in its raw length plus a NUL. */
    *arena = malloc(2 * len + 2);
    if (*arena == NULL)
        return -1;
    if (sd_params_check_raw(p, qs, len) != 0)
        return -1;
    char *out = *arena;
    size_t at = 0;
    while (at <= len) {
        size_t end = at;
        while (end < len && qs[end] != '&')
            end++;
        const char *item = qs + at;
        size_t n = end - at;
        at = end + 1;
        if (n == 0)
            continue;
        const char *eq = memchr(item, '=', n);
        size_t klen_raw = eq ? (size_t)(eq - item) : n;
        size_t klen = 0, vlen = 0;
        char *key = out;
        if (sd_query_url_decode(item, klen_raw, 1, key, klen_raw + 1, &klen) != 0)
            continue; /* libmicrohttpd passes such a key on as it is; searchd ignores it */
        out += klen_raw + 1;
        char *value = NULL;
        if (eq != NULL) {
            size_t vraw = n - klen_raw - 1;
            value = out;
            if (sd_query_url_decode(eq + 1, vraw, 1, value, vraw + 1, &vlen) != 0) {
                memcpy(value, eq + 1, vraw); /* kept undecoded, as libmicrohttpd does */
                value[vraw] = '\0';
                vlen = vraw;
            }
            out += vraw + 1;
        }
        if (sd_params_add(p, &fuzz_limits, key, klen, value, vlen) != 0)
            return -1;
    }
    return sd_params_finish(p);
}

#endif
