/* build.c — parallel parse, one batch per worker, merged at the end; see build.h.
 * Who holds which id, and the settling of the batches before the merge, are
 * build_claim.c's. */
#include "run/build.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "run/build_int.h"
#include "run/generation.h"
#include "polis/text.h"
#include "run/progress.h"
#include "run/summary.h"

#define MAX_JOBS 64
/* Documents a batch takes before its worker starts the next one, and how
 * many its writer holds in memory before writing their postings to the
 * batch's tables (polis_index_set_flush_docs()).  Xapian's inverter walks
 * are fastest when it holds few documents; the compactor copies each
 * batch's postlist chunks as they are, so an index of small batches has
 * more, smaller chunks and answers queries slower.  Flushing within a
 * large batch gives both: at 100,000 pages in 2 shards, 2,000 a batch flushed every 50
 * built 8 % faster than 500 unflushed, with 11 % less postlist and a third less memory
 * (docs/architecture.md, "Merging the batches"). */
#define BATCH_DOCS_DEFAULT 2000
#define FLUSH_DOCS         50

void ix_build_fail(shared_t *sh, const char *fmt, const char *a, const char *b)
{
    pthread_mutex_lock(&sh->mu);
    if (!sh->err[0])
        snprintf(sh->err, sizeof sh->err, fmt, a, b);
    pthread_mutex_unlock(&sh->mu);
    atomic_store(&sh->stop, 1);
}

void ix_build_report(shared_t *sh, const char *path, const char *message)
{
    /* One fprintf per line keeps lines whole when threads report together. */
    fprintf(stderr, "%s: %s\n", path, message);
    atomic_fetch_add(&sh->warnings, 1);
    if (sh->b->strict)
        ix_build_fail(sh, "%s: %s (--strict)", path, message);
}

static int worker_emit(ix_sink_t *sink, const polis_doc_t *doc)
{
    worker_t *w = sink->ctx;
    shared_t *sh = w->sh;
    /* A taken-over id that sits in this very batch is replaced; elsewhere
     * the settling deletes it. */
    polis_status_t st = w->put_next ? polis_index_put(w->idx, doc) : polis_index_add(w->idx, doc);
    w->put_next = 0;
    if (st != POLIS_OK) {
        ix_build_fail(sh, "%s: %s", sh->b->files->files[w->file].path,
                      polis_index_last_error(w->idx));
        return -1;
    }
    if (polis_strv_push(&w->ids, doc->id) != 0) {
        ix_build_fail(sh, "%s%s", "out of memory", "");
        return -1;
    }
    atomic_fetch_add(&sh->docs, 1);
    w->in_batch++;
    return atomic_load(&sh->stop) ? -1 : 0;
}

static void worker_warn(ix_sink_t *sink, const char *path, const char *message)
{
    worker_t *w = sink->ctx;
    ix_build_report(w->sh, path, message);
}

void ix_build_stamp(const ix_walk_file_t *f, char stamp[IX_STAMP_LEN])
{
    struct timespec now;
    stamp[0] = '\0';
    if (clock_gettime(CLOCK_REALTIME, &now) != 0 ||
        f->mtime_ns > (long long)now.tv_sec * 1000000000LL + now.tv_nsec - 2000000000LL)
        return;
    snprintf(stamp, IX_STAMP_LEN, "%llu:%lld", f->size, f->mtime_ns);
}

polis_status_t ix_build_store_source(polis_index_t *idx, const char *rel, const char *hash,
                                     const char *stamp, const polis_strv_t *ids)
{
    polis_buf_t key = { 0 }, val = { 0 };
    int rc = polis_buf_printf(&key, "src:%s", rel) | polis_buf_puts(&val, hash);
    if (rc == 0 && stamp && *stamp)
        rc = polis_buf_printf(&val, " %s", stamp);
    for (size_t i = 0; rc == 0 && i < ids->n; i++)
        rc = polis_buf_printf(&val, "\n%s", ids->v[i]);
    polis_status_t st = rc ? POLIS_ERR_NOMEM : polis_index_set_metadata(idx, key.data, val.data);
    polis_buf_free(&key);
    polis_buf_free(&val);
    return st;
}

void ix_build_batch_path(const shared_t *sh, unsigned id, char *out, size_t n)
{
    snprintf(out, n, "%s/batch-%u", sh->workdir, id);
}

int ix_build_open_batch(shared_t *sh, worker_t *w)
{
    char path[4096], *msg = NULL;
    w->batch = atomic_fetch_add(&sh->next_batch, 1);
    w->in_batch = 0;
    ix_build_batch_path(sh, w->batch, path, sizeof path);
    /* A batch is scratch: what is served is the compactor's output,
     * which Xapian syncs (and a rebuild syncs its generation whole,
     * ix_gen_sync_tree(), before switching to it). */
    if (polis_index_create_shards(path, ix_build_shards(sh->b),
                                  POLIS_CREATE_TRUNCATE | POLIS_CREATE_NO_SYNC, &w->idx,
                                  &msg) != POLIS_OK) {
        ix_build_fail(sh, "%s: %s", path, msg ? msg : "cannot create");
        free(msg);
        return -1;
    }
    /* In a transaction: Xapian commits a writer that is closed outside one,
     * and a batch closed because the run failed, or refused for want of
     * room, must not be written. */
    if (polis_index_begin(w->idx) != POLIS_OK) {
        ix_build_fail(sh, "%s: %s", path, polis_index_last_error(w->idx));
        return -1;
    }
    /* Its documents' spelling words wait in the worker's set, and the
     * settling writes them all to batch 0 at once (polis/words.h). */
    if (polis_words_gather(w->words, w->idx) != POLIS_OK) {
        ix_build_fail(sh, "%s: %s", path, polis_index_last_error(w->idx));
        return -1;
    }
    /* Every batch gets the tables before its first document: the synonym
     * groups decide the documents' concept terms. */
    if (ix_tables_store(sh->b->tables, w->idx) != POLIS_OK) {
        ix_build_fail(sh, "%s: %s", path, polis_index_last_error(w->idx));
        return -1;
    }
    return 0;
}

/* Xapian 1.4 may end the process (std::terminate inside commit) when the
 * disk fills while it writes, so a batch is not committed on a disk without
 * room for the largest so far: the build stops with the reason instead.  A
 * heuristic, not a bound (two workers may commit at once, a batch may be
 * larger than the ones before): polis_status_report_fatal() is the
 * backstop. */
static int room_for_batch(shared_t *sh, const char *path)
{
    unsigned long long biggest = atomic_load(&sh->biggest_batch);
    unsigned long long avail = ix_gen_free_bytes(sh->workdir);
    if (avail >= biggest)
        return 0;
    char why[256];
    snprintf(why, sizeof why, "%s: %llu KB free, a batch takes up to %llu KB; not committed",
             strerror(ENOSPC), avail / 1024, biggest / 1024);
    ix_build_fail(sh, "%s: %s", path, why);
    return -1;
}

int ix_build_close_batch(shared_t *sh, worker_t *w)
{
    int rc = 0, committed = 0;
    char path[4096];
    ix_build_batch_path(sh, w->batch, path, sizeof path);
    if (w->idx && !atomic_load(&sh->stop)) {
        if (room_for_batch(sh, path) != 0) {
            rc = -1;
        } else if (polis_index_commit(w->idx) != POLIS_OK) {
            ix_build_fail(sh, "%s: %s", path, polis_index_last_error(w->idx));
            rc = -1;
        } else {
            committed = 1;
        }
    }
    polis_index_close(w->idx);
    w->idx = NULL;
    if (committed) {
        unsigned long long size = ix_gen_tree_bytes(path), seen = atomic_load(&sh->biggest_batch);
        while (size > seen && !atomic_compare_exchange_weak(&sh->biggest_batch, &seen, size)) {
        }
    }
    return rc;
}

void ix_build_file(shared_t *sh, worker_t *w, size_t i, char **buf, size_t *cap)
{
    ix_build_t *b = sh->b;
    ix_sink_t sink = { worker_emit, ix_build_remove, worker_warn, w, ix_build_claim };
    const ix_walk_file_t *f = &b->files->files[i];
    char err[512], hash[IX_HASH_LEN], stamp[IX_STAMP_LEN];
    size_t len = 0;
    ix_build_stamp(f, stamp); /* before reading: see update.c */
    w->file = i;
    polis_strv_clear(&w->ids);
    if (ix_dispatch_read(b->corpus, f->path, b->max_file, buf, cap, &len, err, sizeof err)) {
        ix_build_report(sh, f->path, err);
        atomic_fetch_add(&sh->bad, 1);
        if (b->summary)
            ix_summary_skip(b->summary, ix_dispatch_read_reason(err));
        return;
    }
    ix_dispatch_hash(*buf, len, hash);
    ix_dispatch_file_t df = { f->path, hash, f->mtime_ns, i };
    ix_skip_t why;
    ix_file_status_t fs =
        ix_dispatch_parse(&df, *buf, len, b->tables->themes, b->labels, &sink, &why, NULL);
    if (fs == IX_FILE_BAD)
        atomic_fetch_add(&sh->bad, 1);
    else if (fs == IX_FILE_SKIPPED)
        atomic_fetch_add(&sh->skipped, 1);
    if (fs != IX_FILE_INDEXED && b->summary)
        ix_summary_skip(b->summary, why);
    /* A deferred file keeps no record here: its second reading writes one. */
    if (atomic_load(&sh->stop) || atomic_load(&sh->deferred[i]))
        return;
    char mark[IX_HASH_LEN + 1];
    snprintf(mark, sizeof mark, "%s%s", atomic_load(&sh->reread[i]) ? "-" : "", hash);
    if (ix_build_store_source(w->idx, f->path, mark, stamp, &w->ids) != POLIS_OK)
        ix_build_fail(sh, "%s: %s", f->path, polis_index_last_error(w->idx));
    sh->file_batch[i] = w->batch;
}

int ix_build_give_words(shared_t *sh, worker_t *w)
{
    pthread_mutex_lock(&sh->mu);
    polis_status_t st = polis_words_merge(sh->spelling, w->words);
    pthread_mutex_unlock(&sh->mu);
    polis_words_free(w->words);
    w->words = NULL;
    if (st != POLIS_OK)
        ix_build_fail(sh, "spelling words: %s%s", polis_status_str(st), "");
    return st == POLIS_OK ? 0 : -1;
}

static void *worker_main(void *arg)
{
    worker_t *w = arg;
    shared_t *sh = w->sh;
    ix_build_t *b = sh->b;
    char *buf = NULL;
    size_t cap = 0;
    while (!atomic_load(&sh->stop)) {
        size_t i = atomic_fetch_add(&sh->next_file, 1);
        if (i >= b->files->n)
            break;
        ix_build_file(sh, w, i, &buf, &cap);
        atomic_fetch_add(&sh->files_done, 1);
        if (w->in_batch >= (b->batch_docs ? b->batch_docs : BATCH_DOCS_DEFAULT) &&
            (ix_build_close_batch(sh, w) != 0 || ix_build_open_batch(sh, w) != 0))
            break;
    }
    ix_build_close_batch(sh, w);
    free(buf);
    polis_strv_clear(&w->ids);
    atomic_fetch_sub(&sh->running, 1);
    return NULL;
}

static void watch(shared_t *sh, ix_build_t *b)
{
    ix_progress_t pr;
    ix_progress_start(&pr, b->progress, b->files->n);
    while (atomic_load(&sh->running) > 0) {
        struct timespec ts = { 0, 100 * 1000 * 1000 };
        nanosleep(&ts, NULL);
        ix_progress_update(&pr, atomic_load(&sh->files_done), atomic_load(&sh->docs));
    }
    ix_progress_end(&pr);
}

/* The per-file arrays of the shared state.  0 or -1. */
static int shared_init(shared_t *sh, ix_build_t *b, const char *workdir)
{
    size_t n = b->files->n ? b->files->n : 1;
    *sh = (shared_t){ .b = b, .workdir = workdir };
    pthread_mutex_init(&sh->mu, NULL);
    sh->deferred = calloc(n, sizeof *sh->deferred);
    sh->reread = calloc(n, sizeof *sh->reread);
    sh->file_batch = malloc(n * sizeof *sh->file_batch);
    sh->spelling = polis_words_new();
    if (!sh->deferred || !sh->reread || !sh->file_batch || !sh->spelling)
        return -1;
    for (size_t i = 0; i < n; i++)
        sh->file_batch[i] = UINT_MAX;
    return 0;
}

int ix_build_run(ix_build_t *b, const char *workdir, const char *dst, char *err, size_t errlen)
{
    unsigned jobs = b->jobs < 1 ? 1 : b->jobs > MAX_JOBS ? MAX_JOBS : b->jobs;
    if (jobs > b->files->n && b->files->n > 0)
        jobs = (unsigned)b->files->n;
    shared_t sh;
    worker_t ws[MAX_JOBS] = { { 0 } };
    int rc = -1;
    /* Before any writer opens, and before the workers start: it sets the
     * process environment. */
    if (polis_index_set_flush_docs(FLUSH_DOCS) != POLIS_OK) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (shared_init(&sh, b, workdir) != 0) {
        snprintf(err, errlen, "out of memory");
        ix_build_shared_free(&sh);
        return -1;
    }
    if (ix_gen_mkdirs(workdir) != 0) {
        snprintf(err, errlen, "%s: cannot create: %s", workdir, strerror(errno));
        ix_build_shared_free(&sh);
        return -1;
    }
    ix_build_raise_fd_limit();
    unsigned started = 0, opened = 0;
    for (; opened < jobs; opened++) {
        ws[opened].sh = &sh;
        if (!(ws[opened].words = polis_words_new())) {
            ix_build_fail(&sh, "%s%s", "out of memory", "");
            break;
        }
        if (ix_build_open_batch(&sh, &ws[opened]) != 0)
            break;
    }
    if (opened == jobs) {
        atomic_store(&sh.running, jobs);
        for (; started < jobs; started++)
            if (pthread_create(&ws[started].thread, NULL, worker_main, &ws[started]) != 0)
                break;
        if (started < jobs) {
            atomic_fetch_sub(&sh.running, jobs - started);
            ix_build_fail(&sh, "%s%s", "cannot start worker threads", "");
        }
        watch(&sh, b);
        /* Their words once all have ended: a merge under the lock would
         * stall the claims of the workers still running. */
        for (unsigned k = 0; k < started; k++)
            pthread_join(ws[k].thread, NULL);
        for (unsigned k = 0; k < started; k++)
            ix_build_give_words(&sh, &ws[k]);
    }
    for (unsigned k = started; k < jobs; k++) { /* workers that never ran */
        polis_index_close(ws[k].idx);
        polis_words_free(ws[k].words);
    }
    if (!atomic_load(&sh.stop) && ix_build_settle(&sh) != 0)
        ix_build_fail(&sh, "%s%s", "cannot settle the batches", "");
    if (!atomic_load(&sh.stop) && ix_build_merge(&sh, dst) == 0)
        rc = 0;
    if (rc != 0)
        snprintf(err, errlen, "%s", sh.err[0] ? sh.err : "build failed");
    b->docs = atomic_load(&sh.docs);
    b->warnings = atomic_load(&sh.warnings);
    b->bad = atomic_load(&sh.bad);
    b->skipped = atomic_load(&sh.skipped);
    ix_gen_remove_tree(workdir);
    ix_build_shared_free(&sh);
    return rc;
}
