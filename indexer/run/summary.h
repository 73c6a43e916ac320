/* indexer/summary.h — what a run did with every file, told once at the end.
 *
 *   52 files → 59 documents (news 28, reference 15, page 8, recap 6,
 *   bibliography 2); 2 files set aside (README, tables); 1 skipped (empty: 1);
 *   2 same sources in several files (kept the newer: md/b.md over md/a.md …);
 *   3 ids shared by different sources, kept apart (chapitre-1 → …);
 *   45 theme labels not in themes.tsv: Urbanisme et aménagement (4), …
 *
 * Every file the walk met is in one of: a document source, set aside (not
 * a document by name), skipped (with its reason), or the older copy of a
 * source another file gives.  Writers record into it from any thread.
 */
#ifndef IX_SUMMARY_H
#define IX_SUMMARY_H

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>

#include "parse/dispatch.h"
#include "vocab/labels.h"

/* Events kept in full for the summary; past this, counted only. */
#define IX_SUMMARY_EVENTS 1000

typedef struct {
    char *id, *kept, *dropped; /* the id, the file kept, the file left out */
} ix_same_t;

typedef struct {
    char *id, *moved, *file, *holder; /* id taken, id given instead, its file, the id's holder */
} ix_apart_t;

typedef struct {
    pthread_mutex_t mu;
    unsigned long files;     /* files the walk met */
    unsigned long set_aside; /* README*, *.tsv, hidden: not documents by name */
    unsigned long skipped[IX_SKIP_COUNT_];
    unsigned long documents; /* in the index at the end */
    unsigned long kinds[POLIS_KIND_REFERENCE + 1];
    ix_same_t *same; /* older copies left out (pages and records, not their references) */
    size_t n_same, cap_same;
    unsigned long same_total;
    ix_apart_t *apart; /* documents moved to an id of their own */
    size_t n_apart, cap_apart;
    unsigned long apart_total;
    const ix_labels_t *labels; /* the run's census, or NULL */
} ix_summary_t;

/* Zero s and make it ready.  Release with ix_summary_free(). */
void ix_summary_init(ix_summary_t *s);
void ix_summary_free(ix_summary_t *s);

/* A file that gave no document, and why.  Thread-safe. */
void ix_summary_skip(ix_summary_t *s, ix_skip_t reason);

/* An older copy of a source left out (or replaced): kept and dropped are
 * file paths.  Thread-safe; out of memory loses the detail, not the count. */
void ix_summary_same(ix_summary_t *s, const char *id, const char *kept, const char *dropped);

/* A document of file that took the id `moved` because holder's file has
 * `id`.  Thread-safe. */
void ix_summary_apart(ix_summary_t *s, const char *id, const char *moved, const char *file,
                      const char *holder);

/* Count the documents of idx by kind into s (documents, kinds).  Returns
 * the shim status. */
polis_status_t ix_summary_count(ix_summary_t *s, polis_index_t *idx);

/* The summary as lines of text, to f. */
void ix_summary_print(const ix_summary_t *s, FILE *f);

/* The summary's fields set on obj (a jansson object): files, set_aside,
 * documents, kinds, skipped, skipped_files, same_source, apart,
 * unknown_theme_labels.  0, or -1 when out of memory. */
int ix_summary_json(const ix_summary_t *s, json_t *obj);

#endif
