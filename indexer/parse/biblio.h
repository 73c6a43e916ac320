/* indexer/biblio.h — bibliography pages: the page is one document of kind
 * "bibliography", each entry of its list one document of kind "reference".
 *
 * Entries are read in the usual French citation styles:
 *   NOM Prénom, NOM Prénom (dir.), *Titre*, Éditeur, coll. « … », 2016, 245 p. ISBN …
 *   NOM Prénom, « Titre d'article », *Revue*, n° 402, 2016, p. 34-39. doi:10.…
 *   Organisme, *Titre*, rapport, juin 2014. [En ligne](#) [1]
 * followed, optionally, by a "Résumé : …" line.  In HTML the title is the
 * <em>/<i>/<cite> text and the link an <a href>.
 *
 * A reference gets:
 *   id         "doi-<doi slugged>" or "isbn-<digits>" when the entry gives
 *              one, else "<parent id>~<n>" (n = 1-based entry number)
 *   title      the « guillemets » title, else the first italic; when neither
 *              exists, the entry's first sentence
 *   authors    the names before the title, as written, split on "," ";" and,
 *              between two personal names, " et " / " & "; "(dir.)" dropped
 *   container  the journal (the italic after a « » title: "*Santé
 *              publique*"; a chapter's book after "in"), else a part with its
 *              number ("Les Cahiers de l'IREV n° 28"), else the series of
 *              "coll. « … »"
 *   publisher  the first capitalised part after the title (and after the
 *              journal) that is no date, numbering, collection or identifier
 *   volume, issue, pages, extent
 *              "vol. 32", "n° 4" ("hors-série n° 66"), "p. 411-420",
 *              "245 p." (ix_fields_numbering())
 *   doi, isbn  "doi:10.…", "ISBN …" in the entry or its links
 *   position   n
 *   published  the first year 1900–2099 after the title ("YYYY")
 *   url        the entry's link (Markdown: through the page's "### Liens"
 *              list), else the DOI's https://doi.org/ link
 *   summary    the "Résumé :" text
 *   site_type  from the section heading ("### Ouvrages" -> "Ouvrage",
 *              "Rapports" -> "Rapport", "Articles" -> "Article"), else guessed
 *              ("rapport" in the entry -> "Rapport", « » + journal -> "Article")
 *   themes, language      the page's
 *   parent_id  the page's id;  citation: the entry as text, markup removed,
 *              without its summary;  source_path: the page's
 */
#ifndef IX_BIBLIO_H
#define IX_BIBLIO_H

#include <stddef.h>

#include "polis/doc.h"
#include "polis/text.h"
#include "parse/md_tree.h"
#include "parse/sink.h"

/* libxml2's element type (xmlNode), declared here so that users of this
 * header need not include libxml2. */
struct _xmlNode;

/* Most entries read from one page; the rest are dropped with a warning. */
#define IX_BIBLIO_MAX_ENTRIES 10000

/* The same for a page already read into tree and, by ix_md_page(), into
 * page, with its warnings (may be NULL): page is adjusted (kind, summary,
 * source path), emitted, then its entries.  The caller still owns page. */
int ix_biblio_md_page(const char *relpath, const ix_md_tree_t *tree, polis_doc_t *page,
                      const polis_strv_t *warnings, ix_sink_t *sink, char *err, size_t errlen);

/* Emit one reference per entry of the page in tree, whose page document
 * (already read, for its id, themes, language and path) is page.  The
 * entries are the list items before the field block, each with the
 * paragraphs of its item and a "Résumé" paragraph right below it; URLs come
 * from the links, "#" ones through the "### Liens" list.  Does not emit the
 * page.  Returns the number of references emitted (>= 0), or -1 with err
 * set. */
int ix_biblio_md_entries(const polis_doc_t *page, const ix_md_tree_t *tree, ix_sink_t *sink,
                         char *err, size_t errlen);

/* Emit the HTML bibliography page (kind forced to "bibliography"), then
 * one reference per entry found under content (its main content element,
 * may be NULL), links resolved against base (may be NULL).  0, or -1 with
 * err set. */
int ix_biblio_html_page(polis_doc_t *page, const struct _xmlNode *content, const char *base,
                        ix_sink_t *sink, char *err, size_t errlen);

/* Emit one reference per entry found under content (the page's main
 * content element): list items carrying a title or a year, and paragraphs
 * of class "biblio…"/"…ref…".  Relative links are resolved against base
 * (may be NULL).  The tree is walked iteratively; elements deeper than
 * IX_XMLSAFE_MAX_DEPTH are not looked into.  Returns the number of
 * references emitted, or -1 with err set. */
int ix_biblio_html_entries(const polis_doc_t *page, const struct _xmlNode *content,
                           const char *base, ix_sink_t *sink, char *err, size_t errlen);

/* Build the reference document for one entry.  text[0..len) is the entry
 * with italics marked by '*' and no other markup; urls (n_urls, may be 0)
 * are its links in order; section is the heading it sits under (may be
 * NULL); n its 1-based number.  ref must be initialised; it is cleared
 * first.  Returns 0, or -1 when out of memory. */
int ix_biblio_entry(const polis_doc_t *page, size_t n, const char *text, size_t len,
                    const char *const *urls, size_t n_urls, const char *section, polis_doc_t *ref);

#endif
