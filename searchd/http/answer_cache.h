/* answer_cache.h — recent JSON answers kept whole, so a repeated search costs a
 * lookup instead of a match, facet counts and snippets.
 *
 * Search traffic repeats itself (search-as-you-type, the same theme browsed
 * from a partner's widget, feed readers polling).  An answer is keyed by the
 * index's ETag (generation and revision), the path and the raw query string:
 * a rebuild or an update changes the ETag, so a stale answer is never found
 * again and ages out.  The store is bounded in bytes, least recently used
 * first out, and shared by the worker threads under one mutex.
 */
#ifndef SD_HTTP_ANSWER_CACHE_H
#define SD_HTTP_ANSWER_CACHE_H

#include <stddef.h>

typedef struct sd_answer_cache sd_answer_cache_t;

/* A store of at most max_bytes of answers (keys included).  NULL when
 * max_bytes is 0 (no store) or memory is short; every call accepts NULL. */
sd_answer_cache_t *sd_answer_cache_new(size_t max_bytes);

/* Free the store.  NULL is allowed. */
void sd_answer_cache_free(sd_answer_cache_t *a);

/* When an answer is stored under key, set *body to a malloc()ed copy (the
 * caller frees it), *len and *tag (what was stored with it), and return 1;
 * else return 0. */
int sd_answer_cache_get(sd_answer_cache_t *a, const char *key, char **body, size_t *len,
                        unsigned *tag);

/* Store a copy of body[0..len) under key, with tag (the caller's: what it
 * must know of the answer when it serves it again, without reading it),
 * replacing an older one; an answer over an eighth of the store is not
 * kept. */
void sd_answer_cache_put(sd_answer_cache_t *a, const char *key, const char *body, size_t len,
                         unsigned tag);

/* For /metrics: the lookups that found an answer, those that did not, and
 * the bytes the answers take now (0 for a NULL store). */
void sd_answer_cache_stats(sd_answer_cache_t *a, unsigned long long *hits,
                           unsigned long long *misses, unsigned long long *bytes);

#endif
