/* update.h — bring an index in line with its corpus, touching only what changed.
 *
 * Each file's content hash and the ids it gave are kept in the index
 * (metadata "src:<rel>", written by build and update alike).  An unchanged
 * file is not parsed; a changed one is re-parsed and the ids it no longer
 * gives are deleted; the documents of a vanished file are deleted.  All in
 * one transaction: readers see the index before or after, never between.
 * A file that fails to parse keeps its previous documents.  Ids are settled
 * against the documents the index holds as a build settles them (ident.h),
 * so an update and a rebuild of the same corpus give the same documents.
 */
#ifndef IX_UPDATE_H
#define IX_UPDATE_H

#include <stddef.h>

#include "vocab/labels.h"
#include "run/summary.h"
#include "vocab/tables.h"
#include "run/walk.h"

typedef struct {
    /* in */
    const char *corpus;
    const ix_walk_list_t *files;
    const ix_tables_t *tables;
    unsigned long long max_file;
    int strict;
    int progress;
    ix_labels_t *labels;   /* theme labels to ids, counted (may be NULL) */
    ix_summary_t *summary; /* skips, same sources, ids kept apart (may be NULL) */
    /* out */
    unsigned long added, changed, removed, unchanged, failed;
    unsigned long warnings;
    unsigned long docs; /* documents in the index afterwards */
} ix_update_t;

/* Update the index at index_dir (opened for writing: another writer makes it
 * fail with the lock's message).  Returns 0, or -1 with err set; on -1
 * nothing was committed. */
int ix_update_run(ix_update_t *u, const char *index_dir, char *err, size_t errlen);

#endif
