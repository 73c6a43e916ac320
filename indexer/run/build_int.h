/* indexer/build_int.h — what build.c (the workers and the merge) and
 * build_claim.c (who holds each id, and settling it at the end) share.
 * Internal to the build; see build.h. */
#ifndef IX_BUILD_INT_H
#define IX_BUILD_INT_H

#include <pthread.h>
#include <stdatomic.h>

#include "parse/dispatch.h"
#include "polis/index.h"
#include "polis/words.h"

struct ix_build;

/* Who holds an id: the claim that won it, the file and the batch. */
typedef struct {
    char *id;
    char *parent; /* the document's parent id, or NULL */
    unsigned long long key, host_hash;
    char date[20];
    long long mtime;
    size_t file;
    unsigned batch;
    int gone; /* deleted since: free to claim again */
} owner_t;

/* An id to delete from a batch, or (removals) a deleted-record notice of a file. */
typedef struct {
    char *id;
    size_t file;
    unsigned batch;
} pending_t;

typedef struct {
    pending_t *v;
    size_t n, cap;
} pendings_t;

typedef struct {
    struct ix_build *b;
    pthread_mutex_t mu; /* guards everything below but the atomics */
    owner_t *owners;
    size_t owners_cap, owners_n;
    pendings_t removals;    /* OAI deleted-record notices */
    pendings_t deletions;   /* ids to delete from their batch */
    pendings_t superseded;  /* pages an other file's newer copy replaced: their references go */
    pendings_t cleared;     /* src: metadata to clear: file and batch */
    atomic_uchar *deferred; /* per file: its documents wait for the second pass */
    atomic_uchar *reread;   /* per file: it gives an older copy of a source another file
                             * gives: the next update reads it again */
    unsigned *file_batch;   /* per file: where its src: metadata went, or UINT_MAX */
    int second_pass;        /* the second pass runs: a file deferred now is purged at once */
    atomic_size_t next_file;
    atomic_ulong files_done, docs, warnings, bad, skipped;
    atomic_int stop;
    atomic_uint running;
    atomic_uint next_batch; /* batches opened so far; ids 0.. */
    atomic_ullong biggest_batch; /* bytes the largest committed batch takes */
    polis_words_t *spelling; /* the workers' spelling words once they end (guarded by mu),
                              * written to batch 0 by the settling */
    const char *workdir;
    char err[512];
} shared_t;

typedef struct {
    shared_t *sh;
    unsigned batch;         /* id of the batch being written */
    unsigned long in_batch; /* documents in it */
    polis_index_t *idx;
    size_t file;      /* the file being parsed */
    polis_strv_t ids; /* the ids it gave */
    int put_next;     /* the next document replaces one in this very batch */
    polis_words_t *words; /* the spelling words of its batches (polis/words.h) */
    pthread_t thread;
} worker_t;

void ix_build_fail(shared_t *sh, const char *fmt, const char *a, const char *b);
void ix_build_report(shared_t *sh, const char *path, const char *message);

/* Where batch id is written: WORKDIR/batch-ID. */
void ix_build_batch_path(const shared_t *sh, unsigned id, char *out, size_t n);

/* The shards of the index being built: b->shards, at least 1. */
unsigned ix_build_shards(const struct ix_build *b);

/* Merge every batch into dst, each shard on its own thread
 * (build_merge.c).  0, or -1 with the error set and dst removed. */
int ix_build_merge(shared_t *sh, const char *dst);
/* Raise the soft limit on open files to the hard one: the settling holds
 * batches open, and a merge reads as many at once as that limit allows. */
void ix_build_raise_fd_limit(void);

/* The spelling words of a worker that ended, added to sh->spelling, and
 * w->words freed.  0, or -1 with the error set. */
int ix_build_give_words(shared_t *sh, worker_t *w);
/* Start the worker's next batch.  0, or -1 with the error set. */
int ix_build_open_batch(shared_t *sh, worker_t *w);
/* Commit and close it: only close once the run failed, or when the disk has
 * no room for it (the run then fails).  0 or -1. */
int ix_build_close_batch(shared_t *sh, worker_t *w);
/* Read, parse and write file i with worker w, its sink's claims settled
 * by ix_build_claim(). */
void ix_build_file(shared_t *sh, worker_t *w, size_t i, char **buf, size_t *cap);

/* The sink's claim (sink.h) in a build: settles ids as ident.h says. */
int ix_build_claim(ix_sink_t *sink, const ix_claim_t *claim, polis_buf_t *id);
/* The sink's remove: a deleted-record notice, settled at the end. */
int ix_build_remove(ix_sink_t *sink, const char *id);

/* After the workers: re-read the deferred files in path order, then
 * delete what was replaced, removed or purged, store the new themes and
 * commit.  0, or -1 with the error set. */
int ix_build_settle(shared_t *sh);

void ix_build_shared_free(shared_t *sh);

#endif
