/* indexer/labels.h — the theme labels a corpus writes, made theme ids.
 *
 * Parsers give a document the theme labels its source writes ("Politique
 * de la ville - DSU", "Urbanisme et aménagement").  Here each label becomes
 * a theme id: the theme table's (themes.tsv: id, label or alias, compared
 * by slug) when it has one, else a new theme whose id is the label's slug
 * and whose display label is the spelling the corpus uses most (ties: the
 * first file in path order).  No label is lost for want of a table; the
 * ones the table lacks are counted and told once, in the summary.
 *
 * One census serves a whole run: every worker thread resolves through it.
 */
#ifndef IX_LABELS_H
#define IX_LABELS_H

#include <stddef.h>

#include "polis/doc.h"
#include "polis/index.h"
#include "vocab/themes.h"

typedef struct ix_labels ix_labels_t;

/* A new census over table (may be NULL: every label is new).  NULL when out
 * of memory.  table must outlive it. */
ix_labels_t *ix_labels_new(const ix_themes_t *table);

/* Free a census.  NULL is allowed. */
void ix_labels_free(ix_labels_t *labels);

/* Append to ids the theme id of each label of in (no repeats, labels that
 * slug to nothing skipped) and count the labels for a document of the file
 * ranked `rank` in path order.  Safe to call from several threads.
 * 0, or -1 when out of memory. */
int ix_labels_resolve(ix_labels_t *labels, const polis_strv_t *in, size_t rank, polis_strv_t *ids);

/* One label as the corpus wrote it. */
typedef struct {
    const char *label;   /* as written */
    const char *id;      /* the theme it maps to */
    const char *display; /* that theme's display label */
    unsigned long docs;  /* documents that carry it */
    size_t first;        /* rank of the first file that wrote it */
    int known;           /* the theme table has it */
} ix_label_t;

/* Every label seen, most used first (then by label).  *out is a malloc()ed
 * array the caller frees; its strings belong to labels.  Returns the count,
 * or (size_t)-1 when out of memory. */
size_t ix_labels_list(const ix_labels_t *labels, ix_label_t **out);

/* Number of distinct labels seen that the table does not have. */
size_t ix_labels_unknown(const ix_labels_t *labels);

/* Store the new themes in idx: "theme:<id>" = display label, and
 * "themekey:<slug>" = id for each spelling, so a filter finds the theme by
 * any of them (tables.h stores the table's).  Existing keys of idx are
 * kept.  Returns the shim status. */
polis_status_t ix_labels_store(const ix_labels_t *labels, polis_index_t *idx);

#endif
