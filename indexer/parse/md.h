/* indexer/md.h — the Markdown print export of the resource centre's site.
 *
 * A page is body paragraphs and a block of fields ("Type d'actualites:",
 * "Dates:", "Thématiques:" and its `[Label](#) [n]` lines, "Publié le",
 * "URL de la source (modifié le …):"), then "### Liens" with `[n] <url>`
 * references.  Exports differ: the fields may come first or last, on lines
 * of their own or packed one below the other, the themes as links, a comma
 * or semicolon list, or one per line.  See docs/architecture.md, "The
 * journey of a file".
 */
#ifndef IX_MD_H
#define IX_MD_H

#include <stddef.h>

#include "parse/md_tree.h"
#include "polis/doc.h"

/* Read the page in tree (ix_md_tree_read()) into doc, which must be
 * initialised (polis_doc_init()) and is cleared first.  relpath is the
 * corpus-relative path, used for the id and title when the page has no
 * source URL.
 *
 * Fills: id (ident.h: the source URL's path, else relpath), kind, title (a
 * `#` heading, else the first bold phrase that is not a person, else the
 * URL's last segment or the file name made readable), body, summary
 * ("Résumé:"), site_type, themes (the labels as written: the indexer maps
 * them to theme ids, tables.h), keywords (people named in bold,
 * "Mots-clés:"), published ("Publié le", "Mis en ligne le", else the
 * "Dates:" field), event_date (the first date of the body, else "Dates:"),
 * modified ("modifié le" of the URL line), places (towns and regions named
 * in the title and body, "Lieu:"), authors ("Auteur:"), url, links (the
 * `[n] <url>` list with the text each marker follows, then the page's other
 * links), language ("fr").  A page missing fields is not an error; those
 * fields stay empty.  source_path and content_hash are the caller's.
 * warnings (may be NULL) is for non-fatal problems, one line each.
 *
 * Returns 0, or -1 with a short reason in err (errlen bytes, may be NULL):
 * "no recognisable content: no title, no text" or "out of memory"; doc is
 * then cleared. */
int ix_md_page(const char *relpath, const ix_md_tree_t *tree, polis_doc_t *doc,
               polis_strv_t *warnings, char *err, size_t errlen);

/* Non-zero when a line of rendered text starts with a field label of the
 * export or is a "Publié le" line: where the fields begin. */
int ix_md_is_field_line(const char *s, size_t len);

/* Read a page whole: its bytes as UTF-8 (a byte order mark skipped; a page
 * that is not UTF-8 read as Windows-1252), its YAML front matter
 * (md_front.h: the title and themes it gives win, its other values fill
 * what the text lacks), its Markdown into tree (zeroed, released by the
 * caller with ix_md_tree_free()) and then into doc by ix_md_page().
 * Returns 0, or -1 with the reason in err: "empty file", "binary file (NUL
 * byte)", ix_md_page()'s reasons; doc is then cleared. */
int ix_md_read(const char *relpath, const char *buf, size_t len, ix_md_tree_t *tree,
               polis_doc_t *doc, polis_strv_t *warnings, char *err, size_t errlen);

/* ix_md_read() for a page whose tree is not wanted afterwards. */
int ix_md_parse(const char *relpath, const char *buf, size_t len, polis_doc_t *doc,
                polis_strv_t *warnings, char *err, size_t errlen);

#endif
