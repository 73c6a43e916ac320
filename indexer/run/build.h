/* build.h — a whole index from a corpus, on every core.
 *
 * Xapian has one writer per database, and that writer is where indexing time
 * goes (docs/architecture.md).  So each worker thread parses files and writes its own
 * batch (a small index of a few hundred documents, with as many shards as
 * the index); at the end Xapian's compactor merges the batches' shard k
 * into the destination's shard k, one thread a shard.  The destination
 * appears whole or not at all.
 *
 * Two documents that claim one id are settled as ident.h says, the same
 * whichever thread met them first: the index is the one a single thread
 * reading the files in path order would write.  A deleted-record notice
 * removes the document only when an earlier file gave it.
 */
#ifndef IX_BUILD_H
#define IX_BUILD_H

#include <stddef.h>

#include "vocab/labels.h"
#include "run/summary.h"
#include "vocab/tables.h"
#include "run/walk.h"

typedef struct ix_build {
    /* in */
    const char *corpus;
    const ix_walk_list_t *files;
    const ix_tables_t *tables;
    unsigned long long max_file; /* bytes */
    unsigned jobs;               /* worker threads, at least 1 */
    unsigned long batch_docs;    /* documents per batch, 0 = the default (2,000) */
    unsigned shards;             /* shards of the index, 0 or 1 = one database */
    const char *generation;      /* its name, stored as polis:generation (may be NULL) */
    int strict;                  /* any warning fails the build */
    int progress;                /* a live line on stderr */
    ix_labels_t *labels;         /* theme labels to ids, counted (may be NULL) */
    ix_summary_t *summary;       /* skips, same sources, ids kept apart (may be NULL) */
    /* out */
    unsigned long docs;     /* documents in the new index */
    unsigned long warnings; /* lines reported as "path: reason" */
    unsigned long bad;      /* files rejected */
    unsigned long skipped;  /* files of a format not indexed */
} ix_build_t;

/* Index b->files into a new compacted index at dst, which must not exist,
 * using workdir (created and removed) for the batches.  Returns 0, or -1 with
 * err set: an index error, a full disk, or under --strict the first warning.
 * On failure dst is removed if it was begun. */
int ix_build_run(ix_build_t *b, const char *workdir, const char *dst, char *err, size_t errlen);

/* Longest stamp ix_build_stamp() writes, with its NUL. */
#define IX_STAMP_LEN 48

/* The size and modification time of f as "SIZE:MTIME_NS", which lets
 * `update` pass over a file without reading it.  Empty for a file modified
 * in the last two seconds: another change within the clock's resolution
 * would leave the stamp as it is. */
void ix_build_stamp(const ix_walk_file_t *f, char stamp[IX_STAMP_LEN]);

/* Store the ids a file gave, for `update` to find them again: metadata
 * "src:<rel>" = hash and, when not empty, a space and the stamp, then one
 * id a line.  A hash with "-" before it marks a file that gives an older
 * copy of a source another file gives: every update reads it again.
 * Returns the shim status. */
polis_status_t ix_build_store_source(polis_index_t *idx, const char *rel, const char *hash,
                                     const char *stamp, const polis_strv_t *ids);

#endif
