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
#ifndef IX_THEMES_H
#define IX_THEMES_H

#include <stddef.h>

/* Largest themes.tsv or synonyms.tsv read, in bytes. */
#define IX_THEMES_MAX_FILE (4u << 20)

typedef struct ix_themes ix_themes_t;
typedef struct ix_synonyms ix_synonyms_t;

/* Load the theme table at path.  On success *out is a table to release with
 * ix_themes_free() and 0 is returned.  On failure *out is NULL, -1 is
 * returned and err (errlen bytes, may be NULL) holds a message naming the
 * file, and the line for a malformed one: "themes.tsv:7: duplicate theme id
 * "emploi"".  An alias that two themes both claim is an error; the same alias
 * twice for one theme is not. */
int ix_themes_load(const char *path, ix_themes_t **out, char *err, size_t errlen);

/* Free a table.  NULL is allowed. */
void ix_themes_free(ix_themes_t *themes);

/* The theme id for a display label, an alias or an id (NUL-terminated
 * UTF-8), or NULL when none matches.  The string belongs to the table. */
const char *ix_themes_lookup(const ix_themes_t *themes, const char *label);

/* As ix_themes_lookup() for label[0..len), which need not be terminated. */
const char *ix_themes_lookup_len(const ix_themes_t *themes, const char *label, size_t len);

/* The display label of a theme id (exact id), or NULL when the id is
 * unknown.  The string belongs to the table. */
const char *ix_themes_label(const ix_themes_t *themes, const char *id);

/* Number of themes, in file order for ix_themes_at(). */
size_t ix_themes_count(const ix_themes_t *themes);

/* The id and label of the i-th theme (either out pointer may be NULL).
 * Strings belong to the table.  Returns 0, or -1 when i is out of range. */
int ix_themes_at(const ix_themes_t *themes, size_t i, const char **id, const char **label);

/* The keys a theme is found by: the slugs of its id, label and aliases.
 * ix_themes_key_at() gives the i-th key and its theme id (strings belong
 * to the table); 0, or -1 when i is out of range. */
size_t ix_themes_keys(const ix_themes_t *themes);
int ix_themes_key_at(const ix_themes_t *themes, size_t i, const char **key, const char **id);

/* Load the synonym groups at path.  Same ownership and errors as
 * ix_themes_load(); a line with fewer than two phrases is malformed. */
int ix_synonyms_load(const char *path, ix_synonyms_t **out, char *err, size_t errlen);

/* Free the groups.  NULL is allowed. */
void ix_synonyms_free(ix_synonyms_t *syn);

/* Number of groups. */
size_t ix_synonyms_count(const ix_synonyms_t *syn);

/* The phrases of group i, in file order, and their number in *n (at least
 * 2), ready for polis_index_add_synonyms().  The array and strings belong to
 * syn.  NULL (and *n = 0) when i is out of range. */
const char *const *ix_synonyms_group(const ix_synonyms_t *syn, size_t i, size_t *n);

#endif
