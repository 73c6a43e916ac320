/* indexer/md.h — the Markdown print export of the resource centre's site.
 *
 * A page is body paragraphs, then a field block ("Type d'actualites:",
 * "Dates:", "Thématiques:" and its `[Label](#) [n]` lines, "Publié le",
 * "URL de la source (modifié le …):"), then "### Liens" with `[n] <url>`
 * references.  See design.md, "The source documents".
 */
#ifndef POLIS_MD_H
#define POLIS_MD_H

#include <stddef.h>

#include "polis/doc.h"
#include "themes.h"

/* Parse one page into doc, which must be initialised (polis_doc_init()) and
 * is cleared first.  relpath is the corpus-relative path, used for the id
 * and title when the page has no source URL.  themes maps theme labels to
 * ids; it may be NULL, in which case every label becomes a keyword.
 *
 * Fills: id (the source URL's last segment, else relpath slugged), kind,
 * title (a `#` heading, else the first bold phrase that is not a person,
 * else the URL's segment or the file name made readable), body, summary
 * ("Résumé:"), site_type, themes, keywords (people named in bold, labels
 * that are no theme, "Mots-clés:"), published ("Publié le", else the
 * "Dates:" field), event_date (the first date of the body, else "Dates:"),
 * modified ("modifié le" of the URL line), places (towns and regions named
 * in the title and body, "Lieu:"), authors ("Auteur:"), url, links (the
 * `[n] <url>` list with the text each marker follows, then inline links),
 * language ("fr").  A page missing fields is not an error; those fields stay
 * empty.  source_path and content_hash are the caller's.
 *
 * warnings (may be NULL) receives one line per non-fatal problem, without
 * the path: `unknown theme "Astronomie"`.
 *
 * Returns 0 on success.  Returns -1 with a short reason in err (errlen bytes,
 * may be NULL) for "empty file", "not UTF-8", "binary file (NUL byte)",
 * "no recognisable content: no title, no text" and "out of memory"; doc is
 * then cleared. */
int polis_md_parse(const char *relpath, const char *buf, size_t len, const polis_themes_t *themes,
                   polis_doc_t *doc, polis_strv_t *warnings, char *err, size_t errlen);

#endif
