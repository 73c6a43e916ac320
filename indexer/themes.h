/* indexer/themes.h — the theme table (corpus/themes.tsv) and the synonym
 * groups (corpus/synonyms.tsv).
 *
 * themes.tsv: lines starting with '#' and blank lines are ignored; every other
 * line is `theme_id<TAB>Display label[<TAB>alias]...`.  A theme id is made of
 * lower-case ASCII letters, digits and '-'.
 * synonyms.tsv: '#' comments, then one group per line, its phrases separated
 * by tabs, short form first ("QPV<TAB>quartier prioritaire de la ville").
 *
 * Labels are matched by their slug (polis_text_slug()): case, accents,
 * punctuation and the spacing around it, elided articles and extra white
 * space make no difference, so "Politique de la ville – DSU" finds the theme
 * listed as "Politique de la ville - DSU".
 */
#ifndef POLIS_THEMES_H
#define POLIS_THEMES_H

#include <stddef.h>

/* Largest themes.tsv or synonyms.tsv read, in bytes. */
#define POLIS_THEMES_MAX_FILE (4u << 20)

typedef struct polis_themes polis_themes_t;
typedef struct polis_synonyms polis_synonyms_t;

/* Load the theme table at path.  On success *out is a table to release with
 * polis_themes_free() and 0 is returned.  On failure *out is NULL, -1 is
 * returned and err (errlen bytes, may be NULL) holds a message naming the
 * file, and the line for a malformed one: "themes.tsv:7: duplicate theme id
 * "emploi"".  An alias that two themes both claim is an error; the same alias
 * twice for one theme is not. */
int polis_themes_load(const char *path, polis_themes_t **out, char *err, size_t errlen);

/* Free a table.  NULL is allowed. */
void polis_themes_free(polis_themes_t *themes);

/* The theme id for a display label, an alias or an id (NUL-terminated
 * UTF-8), or NULL when none matches.  The string belongs to the table. */
const char *polis_themes_lookup(const polis_themes_t *themes, const char *label);

/* As polis_themes_lookup() for label[0..len), which need not be terminated. */
const char *polis_themes_lookup_len(const polis_themes_t *themes, const char *label, size_t len);

/* The display label of a theme id (exact id), or NULL when the id is
 * unknown.  The string belongs to the table. */
const char *polis_themes_label(const polis_themes_t *themes, const char *id);

/* Number of themes, in file order for polis_themes_at(). */
size_t polis_themes_count(const polis_themes_t *themes);

/* The id and label of the i-th theme (either out pointer may be NULL).
 * Strings belong to the table.  Returns 0, or -1 when i is out of range. */
int polis_themes_at(const polis_themes_t *themes, size_t i, const char **id, const char **label);

/* The keys a theme is found by: the slugs of its id, label and aliases.
 * polis_themes_key_at() gives the i-th key and its theme id (strings belong
 * to the table); 0, or -1 when i is out of range. */
size_t polis_themes_keys(const polis_themes_t *themes);
int polis_themes_key_at(const polis_themes_t *themes, size_t i, const char **key, const char **id);

/* Load the synonym groups at path.  Same ownership and errors as
 * polis_themes_load(); a line with fewer than two phrases is malformed. */
int polis_synonyms_load(const char *path, polis_synonyms_t **out, char *err, size_t errlen);

/* Free the groups.  NULL is allowed. */
void polis_synonyms_free(polis_synonyms_t *syn);

/* Number of groups. */
size_t polis_synonyms_count(const polis_synonyms_t *syn);

/* The phrases of group i, in file order, and their number in *n (at least
 * 2), ready for polis_index_add_synonyms().  The array and strings belong to
 * syn.  NULL (and *n = 0) when i is out of range. */
const char *const *polis_synonyms_group(const polis_synonyms_t *syn, size_t i, size_t *n);

#endif
