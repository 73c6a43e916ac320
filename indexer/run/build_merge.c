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
#include <sys/resource.h>

#include "run/build.h"
#include "run/build_int.h"
#include "run/generation.h"

/* Xapian's compactor reads every source at once, in one pass: a merge of
 * more sources costs less than two levels of merges of fewer (128 batches:
 * 21 s in one pass, 31 s as two of 64 then one of 2), so a merge takes as
 * many as the descriptors allow.  Each source holds FDS_PER_SOURCE open
 * (its glass tables); SPARE_FDS are left for the rest of the process. */
#define FDS_PER_SOURCE 6u
#define SPARE_FDS 64u
#define MIN_FANIN 8u

typedef struct {
    shared_t *sh;
    const char *dst;
    unsigned nshards;
    unsigned fanin; /* most sources in one merge */
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
    char **from = calloc(n, sizeof *from);
    unsigned long long need = 0;
    int rc = from ? 0 : -1;
    if (!from)
        ix_build_fail(m->sh, "%s%s", "out of memory", "");
    for (unsigned i = 0; rc == 0 && i < n; i++) {
        if (!(from[i] = polis_index_shard_path(srcs[i], k, m->nshards))) {
            ix_build_fail(m->sh, "%s%s", "out of memory", "");
            rc = -1;
        } else {
            need += ix_gen_tree_bytes(from[i]);
        }
    }
    /* The output is at most the sources: one pass, no temporary tables. */
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
    for (unsigned i = 0; from && i < n; i++)
        free(from[i]);
    free(from);
    return rc;
}

/* Shard k of every batch into dst, in batch order (batch 0's metadata
 * wins).  Past m->fanin batches, the first ones are merged beforehand into
 * one directory of their own, as few as needed to bring the rest within
 * m->fanin: most documents then go through one merge only. */
static int merge_shard(merge_t *m, unsigned k)
{
    shared_t *sh = m->sh;
    unsigned n = atomic_load(&sh->next_batch);
    char(*paths)[4096] = calloc(n ? n : 1, sizeof *paths);
    const char **all = calloc(n ? n : 1, sizeof *all), **srcs = all;
    int rc = paths && all ? 0 : -1;
    if (rc != 0)
        ix_build_fail(sh, "%s%s", "out of memory", "");
    for (unsigned i = 0; rc == 0 && i < n; i++) {
        ix_build_batch_path(sh, i, paths[i], sizeof paths[i]);
        srcs[i] = paths[i];
    }
    /* srcs is paths + first: the sources still to merge, in order. */
    for (unsigned level = 0, first = 0; rc == 0 && n > m->fanin; level++) {
        unsigned g = n - m->fanin + 1 < m->fanin ? n - m->fanin + 1 : m->fanin;
        char out[4096];
        snprintf(out, sizeof out, "%s/merge-%u-%u", sh->workdir, k, level);
        rc = merge_into(m, srcs, g, k, out);
        /* The first g sources become the merged one, in the place of the
         * last of them. */
        first += g - 1;
        snprintf(paths[first], sizeof paths[first], "%s", out);
        srcs += g - 1;
        n -= g - 1;
    }
    if (rc == 0)
        rc = merge_into(m, srcs, n, k, m->dst);
    free(paths);
    free(all);
    return rc;
}

/* The most sources one of `threads` merges at once may read: the soft
 * limit on descriptors is first raised as far as `batches` merged in one
 * pass each would want, within the hard limit. */
static unsigned merge_fanin(unsigned batches, unsigned threads)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return MIN_FANIN;
    rlim_t want = (rlim_t)batches * FDS_PER_SOURCE * threads + SPARE_FDS;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
        struct rlimit more = rl;
        more.rlim_cur = rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want ? rl.rlim_max : want;
        if (setrlimit(RLIMIT_NOFILE, &more) == 0)
            rl = more;
    }
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want)
        return batches > MIN_FANIN ? batches : MIN_FANIN;
    rlim_t fit = rl.rlim_cur > SPARE_FDS ? (rl.rlim_cur - SPARE_FDS) / (FDS_PER_SOURCE * threads) : 0;
    return fit > MIN_FANIN ? (unsigned)fit : MIN_FANIN;
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
    m.fanin = merge_fanin(atomic_load(&sh->next_batch), threads);
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
