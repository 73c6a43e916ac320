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
 *   publisher    dc:publisher, unless it names the journal of an article
 *   container    the journal named first in dc:source ("Esprit, n° 333, mars
 *                2007, p. 62-79"), else an article's dc:publisher
 *   volume, issue, pages
 *                the rest of dc:source (ix_fields_numbering())
 *   extent       a dc:format that is a size ("245 p.")
 *   doi, isbn    the first DOI and ISBN of dc:identifier and dc:relation
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
 *   citation     "Authors. Title. Container, n°, p. Publisher, Date." built
 *                from the fields
 *   source_path  relpath
 * <header status="deleted"> calls sink->remove() with the slugged OAI
 * identifier.
 */
#ifndef IX_OAI_H
#define IX_OAI_H

#include <stddef.h>

#include "polis/doc.h"
#include "polis/text.h"
#include "parse/sink.h"
#include "vocab/themes.h"

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
int ix_oai_parse(const char *relpath, const char *buf, size_t len, const ix_themes_t *themes,
                 ix_sink_t *sink, char *err, size_t errlen);

#endif
