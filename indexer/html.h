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
 * A bibliography page is followed by one reference per entry (biblio.h).
 */
#ifndef POLIS_HTML_H
#define POLIS_HTML_H

#include <stddef.h>

#include "polis/doc.h"
#include "sink.h"
#include "themes.h"

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

#endif
