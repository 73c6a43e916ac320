/* build_merge.c — the batches become the index: shard k of every batch is
 * compacted into shard k of the destination, the shards in parallel.  A
 * sharded index is served as its shards are (docs/architecture.md,
 * "Shards"): nothing merges them into one afterwards.
 *
 * A source's shard goes as soon as it is merged, and a merge waits for room
 * while another runs; a shard's last merge still holds its sources beside
 * its output (architecture.md, "Disk during a rebuild"). */
#include <limits.h>
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
 * many as the descriptors allow.  A source or an output holds
 * FDS_PER_SOURCE open (its glass tables); SPARE_FDS are left for the rest
 * of the process. */
#define FDS_PER_SOURCE 6u
#define SPARE_FDS 64u
#define MIN_FANIN 2u

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
 * wins).  Past m->fanin batches, groups of them are merged beforehand, each
 * into one directory in its place, as few as bring the count within
 * m->fanin; groups of those next when one level is not enough.  Most
 * documents then go through one merge only. */
static int merge_shard(merge_t *m, unsigned k)
{
    shared_t *sh = m->sh;
    unsigned n = atomic_load(&sh->next_batch);
    char(*paths)[4096] = calloc(n ? n : 1, sizeof *paths);
    unsigned *row = calloc(n ? n : 1, sizeof *row); /* source i is paths[row[i]] */
    const char **srcs = calloc(n ? n : 1, sizeof *srcs);
    int rc = paths && row && srcs ? 0 : -1;
    if (rc != 0)
        ix_build_fail(sh, "%s%s", "out of memory", "");
    for (unsigned i = 0; rc == 0 && i < n; i++) {
        ix_build_batch_path(sh, i, paths[i], sizeof paths[i]);
        row[i] = i;
    }
    for (unsigned made = 0, c = 0; rc == 0 && n > m->fanin;) {
        unsigned g = n - m->fanin + 1; /* merging g sources into one leaves n - g + 1 */
        if (g > m->fanin)
            g = m->fanin;
        if (g > n - c)
            g = n - c; /* this level's sources are c.. */
        if (g < 2) { /* this level is done: groups of its groups next */
            c = 0;
            continue;
        }
        char out[4096];
        snprintf(out, sizeof out, "%s/merge-%u-%u", sh->workdir, k, made++);
        for (unsigned j = 0; j < g; j++)
            srcs[j] = paths[row[c + j]];
        rc = merge_into(m, srcs, g, k, out);
        /* The merged sources are gone: their output takes the row of the
         * last of them and their place in the order. */
        unsigned r = row[c + g - 1];
        snprintf(paths[r], sizeof paths[r], "%s", out);
        row[c] = r;
        memmove(row + c + 1, row + c + g, (n - c - g) * sizeof *row);
        n -= g - 1;
        c++;
    }
    for (unsigned j = 0; rc == 0 && j < n; j++)
        srcs[j] = paths[row[j]];
    if (rc == 0)
        rc = merge_into(m, srcs, n, k, m->dst);
    free(paths);
    free(row);
    free(srcs);
    return rc;
}

/* The most sources each of `threads` merges at once may read within the
 * soft limit on descriptors (ix_build_raise_fd_limit() raised it), each
 * merge's output counted too. */
static unsigned merge_fanin(unsigned threads)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return MIN_FANIN;
    if (rl.rlim_cur == RLIM_INFINITY)
        return UINT_MAX;
    rlim_t each = rl.rlim_cur > SPARE_FDS ? (rl.rlim_cur - SPARE_FDS) / threads / FDS_PER_SOURCE : 0;
    if (each > UINT_MAX)
        each = UINT_MAX;
    return each > MIN_FANIN + 1 ? (unsigned)each - 1 : MIN_FANIN;
}

void ix_build_raise_fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &rl); /* failing, merges only read fewer at once */
    }
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
    m.fanin = merge_fanin(threads);
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
