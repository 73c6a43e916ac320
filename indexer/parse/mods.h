/* indexer/mods.h — MODS records (a <modsCollection>, a single <mods>, or
 * <mods> records inside an OAI-PMH response), streamed with xmlReader under
 * the safety settings of xmlsafe.h.
 *
 * Each <mods> becomes a document of kind "reference":
 *   title      titleInfo (the first without a type): nonSort + title
 *              + " : " + subTitle
 *   authors    each name: "Family, Given" from typed nameParts, else its
 *              nameParts as written (corporate names)
 *   themes / keywords   subject/topic as theme labels (keywords when the
 *              subject's lang is not French); places: subject/geographic
 *   published  originInfo/dateIssued (or dateCreated, copyrightDate, the
 *              host's part/date): "YYYY", "YYYY-MM" or "YYYY-MM-DD"
 *   publisher  originInfo/publisher, else the host's originInfo/publisher
 *   container  the host's title and subtitle (relatedItem type="host": the
 *              journal of an article, the book of a chapter), else the
 *              series' (relatedItem type="series")
 *   volume, issue, pages
 *              the host's (or the record's) part: detail type="volume",
 *              type="issue" or "number" (its number), extent unit="pages"
 *              (start-end)
 *   extent     physicalDescription/extent ("256 p.")
 *   doi, isbn  identifier type="doi" / type="isbn"
 *   summary    abstract;  language: languageTerm normalised ("fre" -> "fr")
 *   site_type  genre mapped as oai.h does ("book" -> "Ouvrage", "rapport"
 *              -> "Rapport"), else typeOfResource unless generic ("text")
 *   url        location/url or an identifier of type uri, else the DOI link
 *   id         "doi-…" / "isbn-…" from identifier type="doi"/"isbn", else
 *              recordInfo/recordIdentifier slugged, else the ID attribute,
 *              else "<relpath slug>~<n>" (n = position in the file)
 *   citation   built "Authors. Title. Container, vol., n°, p. Publisher, Year."
 */
#ifndef IX_MODS_H
#define IX_MODS_H

#include <stddef.h>

#include "parse/sink.h"
#include "vocab/themes.h"

/* Parse buf[0..len) and emit one reference per <mods> record.  Arguments,
 * return values and error texts as ix_oai_parse(), with "root element
 * <x> is not MODS" for a document whose root is neither modsCollection,
 * mods nor OAI-PMH.  Records emitted before a parse error stay emitted. */
int ix_mods_parse(const char *relpath, const char *buf, size_t len, const ix_themes_t *themes,
                  ix_sink_t *sink, char *err, size_t errlen);

#endif
