/* indexer/html.h — HTML pages of the site (Drupal node pages and their
 * printer-friendly versions), read with libxml2's HTML parser.
 *
 * The page's character set comes from its <meta charset> or http-equiv
 * Content-Type (ISO-8859-1 read as windows-1252, as browsers do, so "œ" and
 * "’" written as 0x9C and 0x92 decode); every output string is valid UTF-8.
 *
 * What a page gives:
 *   title       the <h1> of the main content (a "surtitre" span left out),
 *               else the article's headline, else <title> without its
 *               " | Site" suffix (" – Site" when Site is og:site_name), else
 *               DC.title / og:title
 *   body        the text of the main content (<main>, role="main",
 *               #content, else <body>) without navigation, menus, header,
 *               footer, breadcrumb, sidebars, scripts, styles, forms and
 *               cookie banners (by element, ARIA role and class/id names);
 *               paragraphs separated by "\n\n", white space collapsed
 *   fields      the Drupal labelled fields, 7 (div.field-label +
 *               field-items) and 8+ (field__label + field__item), a hidden
 *               label read from the class ("field--name-field-thematiques"):
 *               "Thématiques" -> theme labels, "Type d'actualites" ->
 *               site_type, "Dates" -> event date, "Publié le", "Date de
 *               publication", "Date de parution" -> published, "Mis à jour
 *               le" -> modified, "Lieu" -> places (its last comma part) and
 *               body; other labelled fields go to the body as "Label : value"
 *   markup      in the article: rel="tag" links (WordPress, SPIP) and
 *               itemprop="keywords" (Joomla) -> theme labels; hAtom
 *               "published"/"updated", microdata datePublished/dateModified,
 *               RDFa dc:date -> dates; itemprop="headline" -> title
 *   meta        description -> summary; DC.subject -> theme labels when the
 *               page names none otherwise; keywords -> theme labels when
 *               nothing else names one, else those themes.tsv knows (the
 *               rest -> keywords); DC.creator -> authors; DC.language /
 *               <html lang> -> language (default "fr"); DC.type ->
 *               site_type when no field gave one; article:published_time /
 *               DC.date -> published when the page shows none;
 *               article:modified_time -> modified ("YYYY-MM-DDTHH:MM");
 *               instants are dated in Paris (isodate.h); canonical (made
 *               absolute against og:url), else og:url -> url
 *   event_date  the first full date of the body, else the "Dates" field
 *   links       every <a href> of the main content and its fields, with its
 *               text, resolved against <base>, the canonical URL or og:url;
 *               "#…", "javascript:" and "mailto:" links are left out
 *   kind, id    kind.h's rules; id from the URL's path, else the relpath
 *               (ident.h)
 * A bibliography page's entries are read from its main content by
 * biblio_html.c (dispatch.c drives both).
 */
#ifndef IX_HTML_H
#define IX_HTML_H

#include <stddef.h>

#include "polis/doc.h"
#include "vocab/themes.h"

struct _xmlNode;

/* A page read: its document, and the tree it was read from. */
typedef struct ix_html_page ix_html_page_t;

/* Read the page buf[0..len) into *out (free with ix_html_page_free()).
 * relpath is the corpus-relative path (id fallback, source_path); themes
 * (may be NULL) tells which words of a keywords meta are themes.
 *
 * Returns 0 on success.  Returns -1 with err (errlen bytes) set to
 *   "empty file"
 *   "nesting deeper than 256 elements"
 *   "no recognisable content: no title, no text"
 *   "file too large" / "out of memory"
 * Unclosed tags and other HTML errors are recovered silently, as browsers do. */
int ix_html_read(const char *relpath, const char *buf, size_t len, const ix_themes_t *themes,
                 ix_html_page_t **out, char *err, size_t errlen);

/* The page's document (owned by the page; the caller may change it). */
polis_doc_t *ix_html_page_doc(ix_html_page_t *page);

/* The page's main content element, or NULL, and the base its links are
 * resolved against, or NULL.  Owned by the page. */
const struct _xmlNode *ix_html_page_main(const ix_html_page_t *page);
const char *ix_html_page_base(const ix_html_page_t *page);

/* Free a page and its tree.  NULL is allowed. */
void ix_html_page_free(ix_html_page_t *page);

#endif
