/* build.c — parallel parse, one shard per worker, merged at the end; see build.h. */
#include "build.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dispatch.h"
#include "generation.h"
#include "polis/index.h"
#include "polis/text.h"
#include "progress.h"

#define MAX_JOBS 64
/* Documents a shard takes before its worker starts the next one.  Xapian
 * writes a batch into an empty database much faster than into a large one,
 * and the compactor merges shards in linear passes.  Measured on 5,000
 * generated pages: 500, 2,000 and 10,000 took the same time, with peak
 * memory 140, 440 and 530 MB; 20 a shard was faster still (51 MB). */
#define SHARD_DOCS_DEFAULT 500
/* Most databases merged in one pass. */
#define MERGE_FANIN 64

/* Who holds an id: the file (index in path order) and the shard. */
typedef struct {
    char *id;
    size_t file;
    unsigned shard;
    int gone; /* removed by a later deleted-record notice */
} owner_t;

typedef struct {
    char *id;
    size_t file; /* removals: the notice's file; deletions: unused */
    unsigned shard;
} pending_t;

typedef struct {
    polis_build_t *b;
    pthread_mutex_t mu; /* guards everything below but the atomics */
    owner_t *owners;
    size_t owners_cap, owners_n;
    pending_t *removals, *deletions;
    size_t n_removals, cap_removals, n_deletions, cap_deletions;
    atomic_size_t next_file;
    atomic_ulong files_done, docs, warnings, bad, skipped;
    atomic_int stop;
    atomic_uint running;
    atomic_uint next_shard; /* shards opened so far; ids 0.. */
    const char *workdir;
    char err[512];
} shared_t;

typedef struct {
    shared_t *sh;
    unsigned shard;         /* id of the shard being written */
    unsigned long in_shard; /* documents in it */
    polis_index_t *idx;
    size_t file;      /* the file being parsed */
    polis_strv_t ids; /* the ids it gave */
    pthread_t thread;
} worker_t;

static void set_error(shared_t *sh, const char *fmt, const char *a, const char *b)
{
    pthread_mutex_lock(&sh->mu);
    if (!sh->err[0])
        snprintf(sh->err, sizeof sh->err, fmt, a, b);
    pthread_mutex_unlock(&sh->mu);
    atomic_store(&sh->stop, 1);
}

static void report(shared_t *sh, const char *path, const char *message)
{
    /* One fprintf per line keeps lines whole when threads report together. */
    fprintf(stderr, "%s: %s\n", path, message);
    atomic_fetch_add(&sh->warnings, 1);
    if (sh->b->strict)
        set_error(sh, "%s: %s (--strict)", path, message);
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3u;
    }
    return h;
}

static owner_t *owner_slot(owner_t *t, size_t cap, const char *id)
{
    size_t i = (size_t)hash_str(id) & (cap - 1);
    while (t[i].id && strcmp(t[i].id, id) != 0)
        i = (i + 1) & (cap - 1);
    return &t[i];
}

/* The owner entry of id, created empty (id NULL) when absent; NULL when out
 * of memory.  Called with the lock held. */
static owner_t *owner_find(shared_t *sh, const char *id)
{
    if (2 * (sh->owners_n + 1) > sh->owners_cap) {
        size_t cap = sh->owners_cap ? sh->owners_cap * 2 : 4096;
        owner_t *t = calloc(cap, sizeof *t);
        if (!t)
            return NULL;
        for (size_t i = 0; i < sh->owners_cap; i++)
            if (sh->owners[i].id)
                *owner_slot(t, cap, sh->owners[i].id) = sh->owners[i];
        free(sh->owners);
        sh->owners = t;
        sh->owners_cap = cap;
    }
    return owner_slot(sh->owners, sh->owners_cap, id);
}

static int push_pending(pending_t **v, size_t *n, size_t *cap, const char *id, size_t file,
                        unsigned shard)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        pending_t *p = realloc(*v, ncap * sizeof *p);
        if (!p)
            return -1;
        *v = p;
        *cap = ncap;
    }
    char *copy = strdup(id);
    if (!copy)
        return -1;
    (*v)[(*n)++] = (pending_t){ copy, file, shard };
    return 0;
}

/* Decide whether this worker writes doc: 1 yes, 0 no (a duplicate that an
 * earlier file keeps), -1 out of memory. */
static int claim(worker_t *w, const char *id, const char **other)
{
    shared_t *sh = w->sh;
    int rc = 1;
    *other = NULL;
    pthread_mutex_lock(&sh->mu);
    owner_t *o = owner_find(sh, id);
    if (!o) {
        rc = -1;
    } else if (!o->id) {
        o->id = strdup(id);
        o->file = w->file;
        o->shard = w->shard;
        if (!o->id)
            rc = -1;
        else
            sh->owners_n++;
    } else if (o->file <= w->file) {
        *other = sh->b->files->files[o->file].path;
        rc = 0;
    } else {
        /* A later file got here first: this one takes the id over. */
        *other = sh->b->files->files[o->file].path;
        if (o->shard != w->shard &&
            push_pending(&sh->deletions, &sh->n_deletions, &sh->cap_deletions, id, 0, o->shard))
            rc = -1;
        o->file = w->file;
        o->shard = w->shard;
    }
    pthread_mutex_unlock(&sh->mu);
    return rc;
}

static int worker_emit(polis_sink_t *sink, const polis_doc_t *doc)
{
    worker_t *w = sink->ctx;
    shared_t *sh = w->sh;
    const char *other;
    int rc = claim(w, doc->id, &other);
    if (rc < 0) {
        set_error(sh, "%s%s", "out of memory", "");
        return -1;
    }
    const char *rel = sh->b->files->files[w->file].path;
    if (other) {
        char msg[1024];
        snprintf(msg, sizeof msg, "duplicate id %s (also %s)", doc->id, other);
        report(sh, rc ? other : rel, msg);
    }
    if (rc == 0)
        return 0;
    if (other) /* taken over: the other copy is replaced or deleted */
        atomic_fetch_sub(&sh->docs, 1);
    /* A taken-over id may sit in this very shard: only then replace. */
    polis_status_t st = other ? polis_index_put(w->idx, doc) : polis_index_add(w->idx, doc);
    if (st != POLIS_OK) {
        set_error(sh, "%s: %s", rel, polis_index_last_error(w->idx));
        return -1;
    }
    if (polis_strv_push(&w->ids, doc->id) != 0) {
        set_error(sh, "%s%s", "out of memory", "");
        return -1;
    }
    atomic_fetch_add(&sh->docs, 1);
    w->in_shard++;
    return atomic_load(&sh->stop) ? -1 : 0;
}

static int worker_remove(polis_sink_t *sink, const char *id)
{
    worker_t *w = sink->ctx;
    shared_t *sh = w->sh;
    pthread_mutex_lock(&sh->mu);
    int rc = push_pending(&sh->removals, &sh->n_removals, &sh->cap_removals, id, w->file, 0);
    pthread_mutex_unlock(&sh->mu);
    if (rc != 0)
        set_error(sh, "%s%s", "out of memory", "");
    return rc;
}

static void worker_warn(polis_sink_t *sink, const char *path, const char *message)
{
    worker_t *w = sink->ctx;
    report(w->sh, path, message);
}

void polis_build_stamp(const polis_walk_file_t *f, char stamp[POLIS_STAMP_LEN])
{
    struct timespec now;
    stamp[0] = '\0';
    if (clock_gettime(CLOCK_REALTIME, &now) != 0 ||
        f->mtime_ns > (long long)now.tv_sec * 1000000000LL + now.tv_nsec - 2000000000LL)
        return;
    snprintf(stamp, POLIS_STAMP_LEN, "%llu:%lld", f->size, f->mtime_ns);
}

polis_status_t polis_build_store_source(polis_index_t *idx, const char *rel, const char *hash,
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

static void shard_path(const shared_t *sh, unsigned id, char *out, size_t n)
{
    snprintf(out, n, "%s/shard-%u", sh->workdir, id);
}

/* Start the worker's next shard.  0, or -1 with the error set. */
static int open_shard(shared_t *sh, worker_t *w)
{
    char path[4096], *msg = NULL;
    w->shard = atomic_fetch_add(&sh->next_shard, 1);
    w->in_shard = 0;
    shard_path(sh, w->shard, path, sizeof path);
    if (polis_index_create(path, POLIS_CREATE_TRUNCATE, &w->idx, &msg) != POLIS_OK) {
        set_error(sh, "%s: %s", path, msg ? msg : "cannot create");
        free(msg);
        return -1;
    }
    /* Every shard gets the tables before its first document: the synonym
     * groups decide the documents' concept terms. */
    if (polis_tables_store(sh->b->tables, w->idx) != POLIS_OK) {
        set_error(sh, "%s: %s", path, polis_index_last_error(w->idx));
        return -1;
    }
    return 0;
}

/* Commit and close the worker's shard (only close once the run failed). */
static int close_shard(shared_t *sh, worker_t *w)
{
    int rc = 0;
    if (w->idx && !atomic_load(&sh->stop) && polis_index_commit(w->idx) != POLIS_OK) {
        set_error(sh, "%s%s", polis_index_last_error(w->idx), "");
        rc = -1;
    }
    polis_index_close(w->idx);
    w->idx = NULL;
    return rc;
}

static void *worker_main(void *arg)
{
    worker_t *w = arg;
    shared_t *sh = w->sh;
    polis_build_t *b = sh->b;
    polis_sink_t sink = { worker_emit, worker_remove, worker_warn, w };
    char *buf = NULL, err[512], hash[POLIS_HASH_LEN];
    size_t cap = 0, len = 0;
    while (!atomic_load(&sh->stop)) {
        size_t i = atomic_fetch_add(&sh->next_file, 1);
        if (i >= b->files->n)
            break;
        const char *rel = b->files->files[i].path;
        char stamp[POLIS_STAMP_LEN];
        polis_build_stamp(&b->files->files[i], stamp); /* before reading: see update.c */
        w->file = i;
        polis_strv_clear(&w->ids);
        if (polis_dispatch_read(b->corpus, rel, b->max_file, &buf, &cap, &len, err, sizeof err)) {
            report(sh, rel, err);
            atomic_fetch_add(&sh->bad, 1);
        } else {
            polis_dispatch_hash(buf, len, hash);
            polis_file_status_t fs =
                polis_dispatch_parse(rel, buf, len, hash, b->tables->themes, &sink, NULL);
            if (fs == POLIS_FILE_BAD)
                atomic_fetch_add(&sh->bad, 1);
            else if (fs == POLIS_FILE_SKIPPED)
                atomic_fetch_add(&sh->skipped, 1);
            if (!atomic_load(&sh->stop) &&
                polis_build_store_source(w->idx, rel, hash, stamp, &w->ids) != POLIS_OK)
                set_error(sh, "%s: %s", rel, polis_index_last_error(w->idx));
        }
        atomic_fetch_add(&sh->files_done, 1);
        if (w->in_shard >= (b->shard_docs ? b->shard_docs : SHARD_DOCS_DEFAULT) &&
            (close_shard(sh, w) != 0 || open_shard(sh, w) != 0))
            break;
    }
    close_shard(sh, w);
    free(buf);
    polis_strv_clear(&w->ids);
    atomic_fetch_sub(&sh->running, 1);
    return NULL;
}

/* The shard with this id, opened for writing on first use.  NULL on error. */
static polis_index_t *reopen_shard(shared_t *sh, polis_index_t **open, unsigned id)
{
    if (!open[id]) {
        char path[4096], *msg = NULL;
        shard_path(sh, id, path, sizeof path);
        if (polis_index_create(path, 0, &open[id], &msg) != POLIS_OK)
            set_error(sh, "%s: %s", path, msg ? msg : "cannot open");
        free(msg);
    }
    return open[id];
}

/* After the workers: settle deletions and removals, in the shards. */
static int settle(shared_t *sh)
{
    unsigned n = atomic_load(&sh->next_shard);
    polis_index_t **open = calloc(n ? n : 1, sizeof *open);
    int rc = open ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < sh->n_deletions; i++) {
        polis_index_t *idx = reopen_shard(sh, open, sh->deletions[i].shard);
        polis_status_t st = idx ? polis_index_delete(idx, sh->deletions[i].id) : POLIS_ERR_IO;
        rc = st == POLIS_OK || st == POLIS_ERR_NOT_FOUND ? 0 : -1;
    }
    for (size_t i = 0; rc == 0 && i < sh->n_removals; i++) {
        owner_t *o = owner_find(sh, sh->removals[i].id);
        if (!o || !o->id || o->gone || o->file >= sh->removals[i].file)
            continue;
        polis_index_t *idx = reopen_shard(sh, open, o->shard);
        polis_status_t st = idx ? polis_index_delete(idx, o->id) : POLIS_ERR_IO;
        rc = st == POLIS_OK || st == POLIS_ERR_NOT_FOUND ? 0 : -1;
        o->gone = 1;
        atomic_fetch_sub(&sh->docs, 1);
    }
    for (unsigned k = 0; open && k < n; k++) {
        if (open[k] && rc == 0 && polis_index_commit(open[k]) != POLIS_OK)
            rc = -1;
        polis_index_close(open[k]);
    }
    free(open);
    return rc;
}

static void shared_free(shared_t *sh)
{
    for (size_t i = 0; i < sh->owners_cap; i++)
        free(sh->owners[i].id);
    free(sh->owners);
    for (size_t i = 0; i < sh->n_removals; i++)
        free(sh->removals[i].id);
    free(sh->removals);
    for (size_t i = 0; i < sh->n_deletions; i++)
        free(sh->deletions[i].id);
    free(sh->deletions);
    pthread_mutex_destroy(&sh->mu);
}

static int open_shards(shared_t *sh, worker_t *ws, unsigned jobs)
{
    for (unsigned k = 0; k < jobs; k++) {
        ws[k].sh = sh;
        if (open_shard(sh, &ws[k]) != 0)
            return -1;
    }
    return 0;
}

/* Merge srcs[0..n) into dst; on failure dst is removed.  0 or -1. */
static int merge_into(shared_t *sh, const char *const *srcs, unsigned n, const char *dst)
{
    char *msg = NULL;
    int rc = 0;
    if (polis_index_merge(srcs, n, dst, &msg) != POLIS_OK) {
        set_error(sh, "merge: %s%s", msg ? msg : "failed", "");
        polis_gen_remove_tree(dst);
        rc = -1;
    }
    free(msg);
    return rc;
}

/* Merge every shard into dst, MERGE_FANIN at a time so that a large build
 * never holds thousands of databases (and their descriptors) open at once.
 * Order is kept: shard 0's metadata wins.  0, or -1 with the error set. */
static int merge_shards(shared_t *sh, const char *dst)
{
    unsigned n = atomic_load(&sh->next_shard);
    char(*paths)[4096] = calloc(n ? n : 1, sizeof *paths);
    const char **srcs = calloc(n ? n : 1, sizeof *srcs);
    int rc = paths && srcs ? 0 : -1;
    if (rc != 0)
        set_error(sh, "%s%s", "out of memory", "");
    for (unsigned k = 0; rc == 0 && k < n; k++)
        shard_path(sh, k, paths[k], sizeof paths[k]);
    for (unsigned level = 0; rc == 0 && n > MERGE_FANIN; level++) {
        unsigned groups = 0;
        for (unsigned k = 0; rc == 0 && k < n; k += MERGE_FANIN, groups++) {
            unsigned m = n - k < MERGE_FANIN ? n - k : MERGE_FANIN;
            for (unsigned j = 0; j < m; j++)
                srcs[j] = paths[k + j];
            char out[4096];
            snprintf(out, sizeof out, "%s/merge-%u-%u", sh->workdir, level, groups);
            rc = merge_into(sh, srcs, m, out);
            for (unsigned j = 0; j < m; j++)
                polis_gen_remove_tree(paths[k + j]); /* room on the disk as we go */
            snprintf(paths[groups], sizeof paths[groups], "%s", out);
        }
        n = groups;
    }
    for (unsigned k = 0; rc == 0 && k < n; k++)
        srcs[k] = paths[k];
    if (rc == 0)
        rc = merge_into(sh, srcs, n, dst);
    free(paths);
    free(srcs);
    return rc;
}

static void watch(shared_t *sh, polis_build_t *b)
{
    polis_progress_t pr;
    polis_progress_start(&pr, b->progress, b->files->n);
    while (atomic_load(&sh->running) > 0) {
        struct timespec ts = { 0, 100 * 1000 * 1000 };
        nanosleep(&ts, NULL);
        polis_progress_update(&pr, atomic_load(&sh->files_done), atomic_load(&sh->docs));
    }
    polis_progress_end(&pr);
}

int polis_build_run(polis_build_t *b, const char *workdir, const char *dst, char *err,
                    size_t errlen)
{
    unsigned jobs = b->jobs < 1 ? 1 : b->jobs > MAX_JOBS ? MAX_JOBS : b->jobs;
    if (jobs > b->files->n && b->files->n > 0)
        jobs = (unsigned)b->files->n;
    shared_t sh = { .b = b, .workdir = workdir };
    worker_t ws[MAX_JOBS] = { { 0 } };
    pthread_mutex_init(&sh.mu, NULL);
    int rc = -1;
    if (polis_gen_mkdirs(workdir) != 0) {
        snprintf(err, errlen, "%s: cannot create: %s", workdir, strerror(errno));
        shared_free(&sh);
        return -1;
    }
    unsigned started = 0;
    if (open_shards(&sh, ws, jobs) == 0) {
        atomic_store(&sh.running, jobs);
        for (; started < jobs; started++)
            if (pthread_create(&ws[started].thread, NULL, worker_main, &ws[started]) != 0)
                break;
        if (started < jobs) {
            atomic_fetch_sub(&sh.running, jobs - started);
            set_error(&sh, "%s%s", "cannot start worker threads", "");
        }
        watch(&sh, b);
        for (unsigned k = 0; k < started; k++)
            pthread_join(ws[k].thread, NULL);
    }
    for (unsigned k = started; k < jobs; k++)
        polis_index_close(ws[k].idx); /* shards of workers that never ran */
    if (!atomic_load(&sh.stop) && settle(&sh) != 0)
        set_error(&sh, "%s%s", "cannot apply deletions", "");
    if (!atomic_load(&sh.stop) && merge_shards(&sh, dst) == 0)
        rc = 0;
    if (rc != 0)
        snprintf(err, errlen, "%s", sh.err[0] ? sh.err : "build failed");
    b->docs = atomic_load(&sh.docs);
    b->warnings = atomic_load(&sh.warnings);
    b->bad = atomic_load(&sh.bad);
    b->skipped = atomic_load(&sh.skipped);
    polis_gen_remove_tree(workdir);
    shared_free(&sh);
    return rc;
}
