/* build_merge.c — the batches become the index: shard k of every batch is
 * compacted into shard k of the destination, the shards in parallel.  A
 * sharded index is served as its shards are (docs/architecture.md,
 * "Shards"): nothing merges them into one afterwards.
 *
 * The disk holds the batches and what they become, not both in full: a
 * source's shard goes as soon as it is merged, and a merge waits for room
 * while another runs (architecture.md, "Disk during a rebuild"). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/build.h"
#include "run/build_int.h"
#include "run/generation.h"

/* Most databases merged in one pass: a large build never holds thousands
 * of databases (and their descriptors) open at once. */
#define MERGE_FANIN 64

typedef struct {
    shared_t *sh;
    const char *dst;
    unsigned nshards;
    atomic_uint next; /* the next shard to merge */
    pthread_mutex_t mu; /* guards the two below */
    pthread_cond_t ended; /* a merge ended and its sources are gone */
    unsigned running;
    unsigned long long reserved; /* bytes the running merges may still write */
} merge_t;

unsigned ix_build_shards(const struct ix_build *b)
{
    return b->shards > 1 ? b->shards : 1;
}

/* Wait until the disk has room for `need` more bytes beside what the
 * running merges may still write.  Those are counted in full though the
 * free space already shows part of it: conservative on purpose, a wait
 * costs time only.  One merge always runs: when it alone lacks room,
 * Xapian's own error (disk full) says so and the build fails with the
 * previous generation untouched. */
static void room_take(merge_t *m, unsigned long long need)
{
    pthread_mutex_lock(&m->mu);
    for (;;) {
        if (m->running == 0 || ix_gen_free_bytes(m->sh->workdir) >= m->reserved + need ||
            atomic_load(&m->sh->stop))
            break;
        pthread_cond_wait(&m->ended, &m->mu);
    }
    m->running++;
    m->reserved += need;
    pthread_mutex_unlock(&m->mu);
}

/* A merge ended and its sources are gone: the waiting ones look again. */
static void room_give(merge_t *m, unsigned long long need)
{
    pthread_mutex_lock(&m->mu);
    m->running--;
    m->reserved -= need;
    pthread_cond_broadcast(&m->ended);
    pthread_mutex_unlock(&m->mu);
}

/* Merge shard k of srcs[0..n) into dst's, then remove that shard of each
 * source: nothing reads it again.  0, or -1 with the error set. */
static int merge_into(merge_t *m, const char *const *srcs, unsigned n, unsigned k, const char *dst)
{
    char *from[MERGE_FANIN] = { NULL }; /* merge_shard() never passes more */
    unsigned long long need = 0;
    int rc = 0;
    for (unsigned i = 0; rc == 0 && i < n; i++) {
        if (!(from[i] = polis_index_shard_path(srcs[i], k, m->nshards))) {
            ix_build_fail(m->sh, "%s%s", "out of memory", "");
            rc = -1;
        } else {
            need += ix_gen_tree_bytes(from[i]);
        }
    }
    /* The output is at most the sources; Xapian's passes over more than
     * three sources keep temporary postlists beside it. */
    if (n > 3)
        need += need / 2;
    if (rc == 0) {
        char *msg = NULL;
        room_take(m, need);
        if (atomic_load(&m->sh->stop)) {
            rc = -1; /* another shard failed while this one waited */
        } else if (polis_index_merge_shard(srcs, n, k, m->nshards, dst, &msg) != POLIS_OK) {
            ix_build_fail(m->sh, "merge: %s%s", msg ? msg : "failed", "");
            rc = -1;
        }
        for (unsigned i = 0; rc == 0 && i < n; i++)
            if (ix_gen_remove_tree(from[i]) != 0) /* the disk holds it till the end */
                ix_build_report(m->sh, from[i], "cannot remove it once merged");
        room_give(m, need);
        free(msg);
    }
    for (unsigned i = 0; i < n; i++)
        free(from[i]);
    return rc;
}

/* Shard k of every batch into dst, MERGE_FANIN at a time.  Order is kept:
 * batch 0's metadata wins.  Intermediate levels are batch-like directories
 * of their own. */
static int merge_shard(merge_t *m, unsigned k)
{
    shared_t *sh = m->sh;
    unsigned n = atomic_load(&sh->next_batch);
    char(*paths)[4096] = calloc(n ? n : 1, sizeof *paths);
    const char **srcs = calloc(n ? n : 1, sizeof *srcs);
    int rc = paths && srcs ? 0 : -1;
    if (rc != 0)
        ix_build_fail(sh, "%s%s", "out of memory", "");
    for (unsigned i = 0; rc == 0 && i < n; i++)
        ix_build_batch_path(sh, i, paths[i], sizeof paths[i]);
    for (unsigned level = 0; rc == 0 && n > MERGE_FANIN; level++) {
        unsigned groups = 0;
        for (unsigned i = 0; rc == 0 && i < n; i += MERGE_FANIN, groups++) {
            unsigned g = n - i < MERGE_FANIN ? n - i : MERGE_FANIN;
            for (unsigned j = 0; j < g; j++)
                srcs[j] = paths[i + j];
            char out[4096];
            snprintf(out, sizeof out, "%s/merge-%u-%u-%u", sh->workdir, k, level, groups);
            rc = merge_into(m, srcs, g, k, out);
            snprintf(paths[groups], sizeof paths[groups], "%s", out);
        }
        n = groups;
    }
    for (unsigned i = 0; rc == 0 && i < n; i++)
        srcs[i] = paths[i];
    if (rc == 0)
        rc = merge_into(m, srcs, n, k, m->dst);
    free(paths);
    free(srcs);
    return rc;
}

static void *merge_main(void *arg)
{
    merge_t *m = arg;
    for (;;) {
        unsigned k = atomic_fetch_add(&m->next, 1);
        if (k >= m->nshards || atomic_load(&m->sh->stop) || merge_shard(m, k) != 0)
            break;
    }
    return NULL;
}

int ix_build_merge(shared_t *sh, const char *dst)
{
    merge_t m = { .sh = sh, .dst = dst, .nshards = ix_build_shards(sh->b) };
    atomic_init(&m.next, 0);
    pthread_mutex_init(&m.mu, NULL);
    pthread_cond_init(&m.ended, NULL);
    unsigned threads = sh->b->jobs < 1 ? 1 : sh->b->jobs;
    if (threads > m.nshards)
        threads = m.nshards;
    pthread_t tid[POLIS_MAX_SHARDS];
    unsigned started = 0;
    for (; started + 1 < threads; started++)
        if (pthread_create(&tid[started], NULL, merge_main, &m) != 0)
            break;
    merge_main(&m); /* this thread merges too */
    for (unsigned i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    char *msg = NULL;
    if (!atomic_load(&sh->stop) && polis_index_join_shards(dst, m.nshards, &msg) != POLIS_OK)
        ix_build_fail(sh, "%s: %s", dst, msg ? msg : "cannot list the shards");
    free(msg);
    pthread_cond_destroy(&m.ended);
    pthread_mutex_destroy(&m.mu);
    if (atomic_load(&sh->stop)) {
        ix_gen_remove_tree(dst);
        return -1;
    }
    return 0;
}
