/* indexer/html.h — HTML pages of the site (Drupal node pages and their
 * printer-friendly versions), read with libxml2's HTML parser.
 *
 * The page's character set comes from its <meta charset> or http-equiv
 * Content-Type (ISO-8859-1 read as windows-1252, as browsers do, so "œ" and
 * "’" written as 0x9C and 0x92 decode); every output string is valid UTF-8.
 *
 * What a page gives:
 *   title       the <h1> of the main content, else <title> without its
 *               " | Site" suffix, else DC.title / og:title
 *   body        the text of the main content (<main>, role="main",
 *               #content, else <body>) without navigation, menus, header,
 *               footer, breadcrumb, sidebars, scripts, styles, forms and
 *               cookie banners (by element, ARIA role and class/id names);
 *               paragraphs separated by "\n\n", white space collapsed
 *   fields      the Drupal labelled fields (div.field-label + field-items):
 *               "Thématiques" -> themes (unmapped -> keywords), "Type
 *               d'actualites" -> site_type, "Dates", "Publié le" ->
 *               published, "Lieu" -> places (its last comma part) and body;
 *               other labelled fields go to the body as "Label : value"
 *   meta        description -> summary; keywords and DC.subject -> themes
 *               when themes.tsv maps them, else keywords; DC.creator ->
 *               authors; DC.language / <html lang> -> language (default
 *               "fr"); DC.type -> site_type when no field gave one;
 *               article:published_time / DC.date -> published when no
 *               "Publié le"; article:modified_time -> modified
 *               ("YYYY-MM-DDTHH:MM"); canonical, else og:url -> url
 *   event_date  the first full date of the body, else the "Dates" field
 *   links       every <a href> of the main content and its fields, with its
 *               text, resolved against <base>, the canonical URL or og:url;
 *               "#…", "javascript:" and "mailto:" links are left out
 *   kind, id    as the Markdown parser: "retour-sur" in the URL's last
 *               segment or title -> recap; "bibliographie" in the URL or a
 *               title starting with it -> bibliography; "/action/" in the
 *               URL -> page; else news.  id = the URL's last segment, else
 *               the slugged relpath without extension
 * A bibliography page is followed by one reference per entry (biblio.h).
 */
#ifndef POLIS_HTML_H
#define POLIS_HTML_H

#include <stddef.h>

#include "polis/doc.h"
#include "sink.h"
#include "themes.h"

/* libxml2's element type (xmlNode), declared here so that users of this
 * header need not include libxml2. */
struct _xmlNode;

/* Parse the page buf[0..len) and emit it (and, for a bibliography, its
 * references) to sink.  relpath is the corpus-relative path (id fallback,
 * source_path, warnings); themes may be NULL.
 *
 * Returns 0 on success.  Returns -1 with err (errlen bytes) set to
 *   "empty file"
 *   "nesting deeper than 256 elements"   nothing is emitted
 *   "no recognisable content: no title, no text"
 *   "stopped by the indexer" / "file too large" / "out of memory"
 * Unclosed tags and other HTML errors are recovered silently, as browsers do. */
int polis_html_parse(const char *relpath, const char *buf, size_t len, const polis_themes_t *themes,
                     polis_sink_t *sink, char *err, size_t errlen);

/* The kind of a page from its URL (may be NULL), title (may be NULL) and
 * relpath (used when url is NULL), by the rules above. */
polis_kind_t polis_html_kind(const char *url, const char *title, const char *relpath);

/* href made absolute against base (either may be relative or NULL).
 * Returns a malloc()ed string the caller frees (a copy of href when it
 * cannot be resolved), or NULL when out of memory or href is NULL. */
char *polis_html_resolve(const char *base, const char *href);

/* Non-zero when the element is page furniture to leave out of the text:
 * navigation, header, footer, menus, scripts, forms, cookie banners...
 * (<html> and <body> never are, whatever their classes say.) */
int polis_html_is_boilerplate(const struct _xmlNode *el);

#endif
