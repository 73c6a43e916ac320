/* tables.h — the vocabularies a corpus ships (themes.tsv, synonyms.tsv) and
 * how they are stored in an index, which must be self-contained. */
#ifndef IX_TABLES_H
#define IX_TABLES_H

#include <stddef.h>

#include "polis/index.h"
#include "vocab/themes.h"

typedef struct {
    ix_themes_t *themes; /* NULL when there is no table */
    ix_synonyms_t *synonyms;
} ix_tables_t;

/* Load themes_path and synonyms_path; a NULL path means CORPUS/themes.tsv or
 * CORPUS/synonyms.tsv, else the installed default in ix_tables_datadir();
 * both may be missing (then warn(ctx, path, reason) is told and the table
 * stays empty).  A file named explicitly must load.
 * Returns 0, or -1 with err set. */
int ix_tables_load(ix_tables_t *t, const char *corpus, const char *themes_path,
                   const char *synonyms_path, void (*warn)(void *, const char *, const char *),
                   void *ctx, char *err, size_t errlen);

/* Where the installed default tables are: $POLIS_DATADIR, else DATADIR as
 * built (the Makefile's, /usr/local/share/polis unless told otherwise). */
const char *ix_tables_datadir(void);

/* Free both tables and zero t. */
void ix_tables_free(ix_tables_t *t);

/* Store theme labels (metadata "theme:<id>" = label, "themekey:<slug>" = id
 * for the slug of every id, label and alias, "themes" = the ids one a line)
 * and the synonym groups, replacing what idx had.  Returns POLIS_OK or
 * the failed call's status (polis_index_last_error() says more). */
polis_status_t ix_tables_store(const ix_tables_t *t, polis_index_t *idx);

#endif
