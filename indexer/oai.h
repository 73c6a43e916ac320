/* indexer/oai.h — OAI-PMH ListRecords responses with oai_dc records, and the
 * Dublin Core mapping that MODS and bibliography entries reuse.
 *
 * The file is streamed with xmlReader (one <record> expanded at a time), with
 * the safety settings of xmlsafe.h: no entity expansion, no DTD or external
 * entity loading, no XInclude, no network.
 *
 * Each record becomes a document of kind "reference":
 *   title        first dc:title
 *   authors      dc:creator and dc:contributor, as written ("Dupont, Marie")
 *   themes       dc:subject values as labels (";"-lists split; other languages
 *                than French go to keywords);
 *   keywords     subjects in another language
 *   published    first dc:date: "YYYY", "YYYY-MM" or "YYYY-MM-DD"
 *   publisher    dc:publisher, else the journal named first in dc:source
 *   summary      dc:description (several joined by "\n\n")
 *   url          first http(s) dc:identifier that is not a doi.org link, else
 *                the DOI's https://doi.org/ link
 *   id           "doi-<doi slugged>" or "isbn-<13 or 10 digits>" when an
 *                identifier gives one, else the OAI identifier slugged
 *                ("oai:doc.irev.fr:notice/10432" -> "oai-doc-irev-fr-notice-10432")
 *   language     dc:language normalised ("fre" -> "fr")
 *   site_type    dc:type mapped to a French label ("Livre", "book" ->
 *                "Ouvrage"; "info:eu-repo/semantics/article" -> "Article");
 *                the generic "Text" is skipped
 *   places       dc:coverage
 *   citation     "Authors, Title, Publisher/source, Date." built from the fields
 *   source_path  relpath
 * <header status="deleted"> calls sink->remove() with the slugged OAI
 * identifier.
 */
#ifndef POLIS_OAI_H
#define POLIS_OAI_H

#include <stddef.h>

#include "polis/doc.h"
#include "polis/text.h"
#include "sink.h"
#include "themes.h"

/* Parse the OAI-PMH response buf[0..len) and send each record to sink
 * (emit) or, for deleted ones, sink->remove.  themes is not consulted:
 * subjects are theme labels, which the indexer maps.  relpath names the file in warnings.
 * Records without metadata (and not deleted) are skipped with a warning.
 *
 * Returns 0 on success.  Returns -1 with err (errlen bytes) set to
 *   "line N: DTD with entities refused"      DOCTYPE declaring entities
 *   "line N: <libxml2 message>"              malformed, truncated, not UTF-8...
 *   "root element <x> is not OAI-PMH"
 *   "stopped by the indexer"                 the sink returned -1
 *   "file too large" / "out of memory"
 * Records emitted before a parse error stay emitted: the caller decides
 * whether to keep them. */
int polis_oai_parse(const char *relpath, const char *buf, size_t len, const polis_themes_t *themes,
                    polis_sink_t *sink, char *err, size_t errlen);

/* ---- The Dublin Core mapping, shared with mods.c and biblio.c ----------- */

/* Add one subject (or a ";"-separated list) to doc's theme labels, or to
 * its keywords when lang (an xml:lang, may be NULL) names another language
 * than French.  0 or -1 (ENOMEM). */
int polis_oai_add_subject(polis_doc_t *doc, const char *subject, const char *lang);

/* Set doc->published from a date as catalogues write it ("2016",
 * "2006-11", "2017-09-21", "2017-09-21T10:00:00Z", "septembre 2017",
 * "s.d." (ignored)), unless it is already set.  Returns 1 when set, 0 when
 * the text holds no date. */
int polis_oai_set_date(polis_doc_t *doc, const char *date);

/* The French label of a document type ("Livre" -> "Ouvrage", "report" ->
 * "Rapport"...), a static string; the value itself, trimmed, when the table
 * does not know it (written to *own, a malloc()ed copy the caller frees);
 * NULL for generic types ("text", "other").  *own is set to NULL or to the
 * returned string. */
const char *polis_oai_type_label(const char *type, char **own);

/* Give doc its id, url and citation from its identifiers: DOI, then ISBN,
 * then fallback_id (already URL-safe, may be NULL) for the id; http(s) links
 * for the url.  Leaves fields already set alone.  0 or -1 (ENOMEM). */
int polis_oai_finish(polis_doc_t *doc, const polis_strv_t *identifiers, const char *fallback_id);

/* Find a DOI ("10.NNNN/suffix", trailing punctuation dropped) in s[0..len)
 * and append it to out.  Returns 1 when found, 0 when not, -1 (ENOMEM). */
int polis_oai_find_doi(const char *s, size_t len, polis_buf_t *out);

/* Find an ISBN after "ISBN" or "urn:isbn:" — or, when bare is non-zero,
 * as the whole of s — and append its 13 or 10 digits (final X kept) to
 * out.  Returns 1, 0 or -1 as polis_oai_find_doi(). */
int polis_oai_find_isbn(const char *s, size_t len, int bare, polis_buf_t *out);

/* Find the first year 1900–2099 standing alone (not inside a longer
 * number) in s[0..len); writes "YYYY" to out.  Returns 1, or 0 when none. */
int polis_oai_find_year(const char *s, size_t len, char out[5]);

#endif
