/* handle.c — per-thread read handles on the index, and their theme labels.
 *
 * Rebuilds write a new generation beside the old one and switch
 * INDEX/current atomically, so a handle is keyed by the real path it was
 * opened at: when `current` resolves elsewhere, the thread opens the new
 * generation and only then closes the old one, and a request never finds
 * the thread without an index.
 */
#include "api/handle.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How often, in seconds, a thread asks whether the index changed.  A check is
 * a realpath() and a Xapian reopen (a read of the version file). */
#define CHECK_INTERVAL 1.0
/* Theme labels kept per handle; the site has a few dozen themes. */
#define MAX_THEMES 512
/* Longest theme id looked up in the metadata. */
#define MAX_THEME_ID 200

struct sd_handle_pool {
    char *dir;        /* NULL when the shards are remote */
    char *shard_program; /* serves each local shard to rank them at once; NULL: none */
    char **remotes;   /* their addresses, shard 0 first */
    size_t n_remotes;
    unsigned timeout_ms;
    pthread_key_t key;
    atomic_uint epoch;
    atomic_int parallel_warned; /* said once that the shards rank in process */
};

typedef struct {
    char *id;
    char *label; /* NULL: the index has no label for this id */
} theme_t;

struct sd_handle {
    polis_index_t *idx;
    char *real;      /* real path of the generation idx was opened at */
    const char *gen; /* base name inside real */
    unsigned long revision;
    double checked_at;
    unsigned epoch;
    theme_t *themes;
    size_t n_themes;
    /* Remote shards: when a connection last failed, and why. */
    double failed_at;
    polis_status_t failure;
    char *failure_msg;
};

static double now_seconds(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0.0; /* cannot fail on Linux; 0 just forces a recheck */
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *dup_message(const char *fmt, const char *a, const char *b)
{
    size_t n = strlen(fmt) + strlen(a) + strlen(b) + 1;
    char *m = malloc(n);
    if (m != NULL && snprintf(m, n, fmt, a, b) < 0)
        m[0] = '\0';
    return m;
}

/* The real path of the index to serve: DIR/current when it exists (an index
 * root with generations), else DIR itself.  malloc()ed, or NULL with errno. */
static char *resolve(const char *dir)
{
    size_t n = strlen(dir);
    char *cur = malloc(n + sizeof "/current");
    if (cur == NULL)
        return NULL;
    memcpy(cur, dir, n);
    memcpy(cur + n, "/current", sizeof "/current");
    char *real = realpath(cur, NULL);
    free(cur);
    if (real == NULL && errno == ENOENT)
        real = realpath(dir, NULL);
    return real;
}

static void clear_themes(sd_handle_t *h)
{
    for (size_t i = 0; i < h->n_themes; i++) {
        free(h->themes[i].id);
        free(h->themes[i].label);
    }
    free(h->themes);
    h->themes = NULL;
    h->n_themes = 0;
}

static void close_index(sd_handle_t *h)
{
    polis_index_close(h->idx);
    h->idx = NULL;
    free(h->real);
    h->real = NULL;
    h->gen = "";
    clear_themes(h);
}

static void handle_destroy(void *p)
{
    sd_handle_t *h = p;
    close_index(h);
    free(h->failure_msg);
    free(h);
}

static unsigned long revision_of(polis_index_t *idx)
{
    unsigned long rev = 0;
    if (polis_index_revision(idx, &rev) != POLIS_OK)
        return 0;
    return rev;
}

static void sd_handle_pool_free_fields(sd_handle_pool_t *hs)
{
    free(hs->dir);
    free(hs->shard_program);
    for (size_t i = 0; i < hs->n_remotes; i++)
        free(hs->remotes[i]);
    free(hs->remotes);
    free(hs);
}

static polis_status_t pool_start(sd_handle_pool_t *hs, sd_handle_pool_t **out);

polis_status_t sd_handle_pool_new(const char *dir, const char *shard_program, unsigned timeout_ms,
                                  sd_handle_pool_t **out, char **errmsg)
{
    *out = NULL;
    if (errmsg != NULL)
        *errmsg = NULL;
    char *real = resolve(dir);
    if (real == NULL) {
        if (errmsg != NULL)
            *errmsg = dup_message("%s: %s", dir, strerror(errno));
        return POLIS_ERR_NOT_FOUND;
    }
    /* Open once now, so a wrong --index fails at start-up, not at the first
     * request. */
    polis_index_t *idx = NULL;
    polis_status_t st = polis_index_open(real, &idx, errmsg);
    free(real);
    if (st != POLIS_OK)
        return st;
    polis_index_close(idx);

    sd_handle_pool_t *hs = calloc(1, sizeof *hs);
    if (hs == NULL)
        return POLIS_ERR_NOMEM;
    hs->timeout_ms = timeout_ms;
    if ((hs->dir = strdup(dir)) == NULL ||
        (shard_program != NULL && (hs->shard_program = strdup(shard_program)) == NULL)) {
        sd_handle_pool_free_fields(hs);
        return POLIS_ERR_NOMEM;
    }
    return pool_start(hs, out);
}

/* The thread key of a pool whose index is set; hs is freed on failure. */
static polis_status_t pool_start(sd_handle_pool_t *hs, sd_handle_pool_t **out)
{
    int ok = hs->dir != NULL || hs->n_remotes > 0;
    for (size_t i = 0; i < hs->n_remotes; i++)
        ok = ok && hs->remotes[i] != NULL;
    if (!ok || pthread_key_create(&hs->key, handle_destroy) != 0) {
        sd_handle_pool_free_fields(hs);
        return POLIS_ERR_NOMEM;
    }
    atomic_init(&hs->epoch, 0);
    atomic_init(&hs->parallel_warned, 0);
    *out = hs;
    return POLIS_OK;
}

polis_status_t sd_handle_pool_new_remote(const char *const *addresses, size_t n,
                                         unsigned timeout_ms, sd_handle_pool_t **out,
                                         char **errmsg)
{
    *out = NULL;
    if (errmsg != NULL)
        *errmsg = NULL;
    /* Connect once now, so a wrong address fails at start-up. */
    polis_index_t *idx = NULL;
    polis_status_t st = polis_index_open_remote(addresses, n, timeout_ms, &idx, errmsg);
    polis_index_close(idx);
    if (st != POLIS_OK)
        return st;
    sd_handle_pool_t *hs = calloc(1, sizeof *hs);
    if (hs == NULL || (hs->remotes = calloc(n, sizeof *hs->remotes)) == NULL) {
        free(hs);
        return POLIS_ERR_NOMEM;
    }
    hs->n_remotes = n;
    hs->timeout_ms = timeout_ms;
    for (size_t i = 0; i < n; i++)
        hs->remotes[i] = strdup(addresses[i]);
    return pool_start(hs, out);
}

void sd_handle_pool_free(sd_handle_pool_t *hs)
{
    if (hs == NULL)
        return;
    /* The workers are gone and their destructors ran; a handle left on this
     * thread (none is opened here, but be safe) is closed by hand, because
     * pthread_key_delete() does not call destructors. */
    sd_handle_t *h = pthread_getspecific(hs->key);
    if (h != NULL)
        handle_destroy(h);
    pthread_key_delete(hs->key);
    sd_handle_pool_free_fields(hs);
}

int sd_handle_pool_remote(const sd_handle_pool_t *hs)
{
    return hs->n_remotes > 0;
}

void sd_handle_pool_bump(sd_handle_pool_t *hs)
{
    atomic_fetch_add(&hs->epoch, 1);
}

/* The name of the generation the index says it is ("remote" when it
 * says none), malloc()ed, or NULL. */
static char *generation_of(polis_index_t *idx)
{
    char *name = NULL;
    if (polis_index_get_metadata(idx, "polis:generation", &name) == POLIS_OK && name != NULL &&
        name[0] != '\0')
        return name;
    free(name);
    return strdup("remote");
}

/* sd_handle_get() over remote shards: a reopen asks them for their latest
 * revision; a handle whose shards stopped answering is dropped and the
 * next request connects again. */
static polis_status_t get_remote(sd_handle_pool_t *hs, sd_handle_t *h, sd_handle_t **out,
                                 char **errmsg)
{
    if (h->idx != NULL) {
        polis_status_t st = polis_index_reopen(h->idx);
        if (st == POLIS_OK) {
            unsigned long rev = revision_of(h->idx);
            if (rev != h->revision) {
                h->revision = rev;
                clear_themes(h);
            }
            *out = h;
            return POLIS_OK;
        }
        /* The shards were asked and one did not answer in time: connecting
         * again now would make this request wait twice. */
        if (errmsg != NULL)
            *errmsg = strdup(polis_index_last_error(h->idx));
        close_index(h);
        return st;
    }
    /* A connection that failed a moment ago fails again at once: one
     * request asks twice (ETag, then the search), and a shard that hangs
     * is tried at most once a second per thread. */
    if (h->failure != POLIS_OK && now_seconds() - h->failed_at < CHECK_INTERVAL) {
        if (errmsg != NULL && h->failure_msg != NULL)
            *errmsg = strdup(h->failure_msg);
        return h->failure;
    }
    polis_index_t *idx = NULL;
    char *msg = NULL;
    polis_status_t st = polis_index_open_remote((const char *const *)hs->remotes, hs->n_remotes,
                                                hs->timeout_ms, &idx, &msg);
    free(h->failure_msg);
    h->failure_msg = msg;
    h->failure = st;
    h->failed_at = now_seconds();
    if (st != POLIS_OK) {
        if (errmsg != NULL && msg != NULL)
            *errmsg = strdup(msg);
        return st;
    }
    h->idx = idx;
    h->real = generation_of(idx);
    h->gen = h->real != NULL ? h->real : "remote";
    h->revision = revision_of(idx);
    *out = h;
    return POLIS_OK;
}

polis_status_t sd_handle_get(sd_handle_pool_t *hs, sd_handle_t **out, char **errmsg)
{
    *out = NULL;
    if (errmsg != NULL)
        *errmsg = NULL;
    sd_handle_t *h = pthread_getspecific(hs->key);
    if (h == NULL) {
        h = calloc(1, sizeof *h);
        if (h == NULL)
            return POLIS_ERR_NOMEM;
        h->gen = "";
        if (pthread_setspecific(hs->key, h) != 0) {
            free(h);
            return POLIS_ERR_NOMEM;
        }
    }
    double now = now_seconds();
    unsigned epoch = atomic_load(&hs->epoch);
    if (h->idx != NULL && now - h->checked_at < CHECK_INTERVAL && epoch == h->epoch) {
        *out = h;
        return POLIS_OK;
    }
    h->checked_at = now;
    h->epoch = epoch;
    if (hs->n_remotes > 0)
        return get_remote(hs, h, out, errmsg);

    char *real = resolve(hs->dir);
    if (real == NULL) {
        /* `current` is switched by rename(), so it never dangles in a sane
         * rebuild; when it does, keep serving what is open. */
        if (h->idx != NULL) {
            *out = h;
            return POLIS_OK;
        }
        if (errmsg != NULL)
            *errmsg = dup_message("%s: %s", hs->dir, strerror(errno));
        return POLIS_ERR_NOT_FOUND;
    }
    if (h->idx != NULL && strcmp(real, h->real) == 0) {
        if (polis_index_reopen(h->idx) == POLIS_OK) {
            free(real);
            unsigned long rev = revision_of(h->idx);
            if (rev != h->revision) {
                h->revision = rev;
                clear_themes(h); /* labels may have changed with the data */
            }
            *out = h;
            return POLIS_OK;
        }
        /* A reader that cannot reopen is of no more use: start afresh. */
        close_index(h);
    }

    polis_index_t *idx = NULL;
    char *msg = NULL;
    polis_status_t st = polis_index_open(real, &idx, &msg);
    if (st != POLIS_OK) {
        if (h->idx != NULL) {
            fprintf(stderr, "polis-searchd: cannot open %s (%s); still serving %s\n", real,
                    msg != NULL ? msg : polis_status_str(st), h->real);
            free(msg);
            free(real);
            *out = h;
            return POLIS_OK;
        }
        free(real);
        if (errmsg != NULL)
            *errmsg = msg;
        else
            free(msg);
        return st;
    }
    close_index(h);
    /* Only a sharded index starts children, at its first ranked search.
     * When they cannot be had, it is ranked in process: said once a pool. */
    if (polis_index_set_parallel(idx, hs->shard_program, hs->timeout_ms) != POLIS_OK &&
        !atomic_exchange(&hs->parallel_warned, 1))
        fprintf(stderr, "polis-searchd: %s; its %u shards are ranked in process\n",
                polis_index_last_error(idx), polis_index_shards(idx));
    h->idx = idx;
    h->real = real;
    const char *slash = strrchr(real, '/');
    h->gen = slash != NULL ? slash + 1 : real;
    h->revision = revision_of(idx);
    *out = h;
    return POLIS_OK;
}

void sd_handle_invalidate(sd_handle_t *h)
{
    close_index(h);
}

int sd_handle_retryable(polis_status_t st)
{
    return st == POLIS_ERR_MODIFIED || st == POLIS_ERR_NOT_FOUND || st == POLIS_ERR_CORRUPT ||
           st == POLIS_ERR_IO;
}

polis_index_t *sd_handle_index(sd_handle_t *h)
{
    return h->idx;
}

const char *sd_handle_generation(const sd_handle_t *h)
{
    return h->gen;
}

const char *sd_handle_theme_label(sd_handle_t *h, const char *id)
{
    for (size_t i = 0; i < h->n_themes; i++) {
        if (strcmp(h->themes[i].id, id) == 0)
            return h->themes[i].label != NULL ? h->themes[i].label : id;
    }
    size_t id_len = strlen(id);
    if (h->idx == NULL || id_len > MAX_THEME_ID)
        return id;
    char key[sizeof "theme:" + MAX_THEME_ID];
    memcpy(key, "theme:", 6);
    memcpy(key + 6, id, id_len + 1);
    char *label = NULL;
    if (polis_index_get_metadata(h->idx, key, &label) != POLIS_OK) {
        free(label);
        return id; /* not cached: the next request tries again */
    }
    if (label != NULL && label[0] == '\0') {
        free(label);
        label = NULL;
    }
    if (h->n_themes == MAX_THEMES)
        clear_themes(h);
    theme_t *grown = realloc(h->themes, (h->n_themes + 1) * sizeof *grown);
    char *id_copy = strdup(id);
    if (grown != NULL)
        h->themes = grown;
    if (grown == NULL || id_copy == NULL) {
        free(id_copy);
        free(label);
        return id;
    }
    h->themes[h->n_themes].id = id_copy;
    h->themes[h->n_themes].label = label;
    h->n_themes++;
    return label != NULL ? label : id;
}
