/* answer_cache.c — a bounded LRU of whole answers; see answer_cache.h. */
#include "http/answer_cache.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "polis/text.h"

typedef struct entry {
    struct entry *next_in_bucket;
    struct entry *newer, *older; /* the LRU list */
    uint64_t hash;
    size_t len; /* body bytes */
    unsigned tag;
    char *body;
    char key[]; /* NUL-terminated */
} entry_t;

struct sd_answer_cache {
    pthread_mutex_t mu;
    entry_t **buckets;
    size_t n_buckets; /* a power of two */
    entry_t *newest, *oldest;
    size_t bytes, max_bytes;
    unsigned long long hits, misses;
};

static uint64_t hash_key(const char *s)
{
    return polis_text_hash64(s, strlen(s));
}

static size_t cost(const entry_t *e)
{
    return sizeof *e + strlen(e->key) + 1 + e->len;
}

sd_answer_cache_t *sd_answer_cache_new(size_t max_bytes)
{
    if (max_bytes == 0)
        return NULL;
    sd_answer_cache_t *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->n_buckets = 4096;
    a->buckets = calloc(a->n_buckets, sizeof *a->buckets);
    if (!a->buckets || pthread_mutex_init(&a->mu, NULL) != 0) {
        free(a->buckets);
        free(a);
        return NULL;
    }
    a->max_bytes = max_bytes;
    return a;
}

static void unlink_lru(sd_answer_cache_t *a, entry_t *e)
{
    if (e->newer)
        e->newer->older = e->older;
    else
        a->newest = e->older;
    if (e->older)
        e->older->newer = e->newer;
    else
        a->oldest = e->newer;
    e->newer = e->older = NULL;
}

static void push_newest(sd_answer_cache_t *a, entry_t *e)
{
    e->older = a->newest;
    e->newer = NULL;
    if (a->newest)
        a->newest->newer = e;
    a->newest = e;
    if (!a->oldest)
        a->oldest = e;
}

/* Remove e from its bucket and the list, and free it. */
static void drop(sd_answer_cache_t *a, entry_t *e)
{
    entry_t **p = &a->buckets[e->hash & (a->n_buckets - 1)];
    while (*p != e)
        p = &(*p)->next_in_bucket;
    *p = e->next_in_bucket;
    unlink_lru(a, e);
    a->bytes -= cost(e);
    free(e->body);
    free(e);
}

static entry_t *find(sd_answer_cache_t *a, const char *key, uint64_t h)
{
    for (entry_t *e = a->buckets[h & (a->n_buckets - 1)]; e; e = e->next_in_bucket)
        if (e->hash == h && strcmp(e->key, key) == 0)
            return e;
    return NULL;
}

void sd_answer_cache_free(sd_answer_cache_t *a)
{
    if (!a)
        return;
    while (a->oldest)
        drop(a, a->oldest);
    free(a->buckets);
    pthread_mutex_destroy(&a->mu);
    free(a);
}

int sd_answer_cache_get(sd_answer_cache_t *a, const char *key, char **body, size_t *len,
                        unsigned *tag)
{
    if (!a)
        return 0;
    uint64_t h = hash_key(key);
    int found = 0;
    pthread_mutex_lock(&a->mu);
    entry_t *e = find(a, key, h);
    if (e) {
        *body = malloc(e->len ? e->len : 1);
        if (*body) {
            memcpy(*body, e->body, e->len);
            *len = e->len;
            *tag = e->tag;
            unlink_lru(a, e);
            push_newest(a, e);
            found = 1;
        }
    }
    if (found)
        a->hits++;
    else
        a->misses++;
    pthread_mutex_unlock(&a->mu);
    return found;
}

void sd_answer_cache_put(sd_answer_cache_t *a, const char *key, const char *body, size_t len,
                         unsigned tag)
{
    if (!a)
        return;
    size_t klen = strlen(key);
    if (sizeof(entry_t) + klen + 1 + len > a->max_bytes / 8)
        return;
    entry_t *e = malloc(sizeof *e + klen + 1);
    char *copy = malloc(len ? len : 1);
    if (!e || !copy) {
        free(e);
        free(copy);
        return; /* a cache that cannot grow just does not keep this one */
    }
    memcpy(e->key, key, klen + 1);
    memcpy(copy, body, len);
    e->body = copy;
    e->len = len;
    e->tag = tag;
    e->hash = hash_key(key);
    e->newer = e->older = NULL;
    pthread_mutex_lock(&a->mu);
    entry_t *old = find(a, key, e->hash);
    if (old)
        drop(a, old);
    while (a->oldest && a->bytes + cost(e) > a->max_bytes)
        drop(a, a->oldest);
    entry_t **bucket = &a->buckets[e->hash & (a->n_buckets - 1)];
    e->next_in_bucket = *bucket;
    *bucket = e;
    push_newest(a, e);
    a->bytes += cost(e);
    pthread_mutex_unlock(&a->mu);
}

void sd_answer_cache_stats(sd_answer_cache_t *a, unsigned long long *hits,
                           unsigned long long *misses, unsigned long long *bytes)
{
    *hits = *misses = *bytes = 0;
    if (!a)
        return;
    pthread_mutex_lock(&a->mu);
    *hits = a->hits;
    *misses = a->misses;
    *bytes = a->bytes;
    pthread_mutex_unlock(&a->mu);
}
