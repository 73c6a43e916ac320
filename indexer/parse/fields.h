/* indexer/fields.h — what every bibliographic reader makes of a field:
 * subjects as theme labels, dates as catalogues write them, document types
 * in French, DOIs, ISBNs and years found in text, and the id and citation
 * a record gets from its identifiers.  The OAI-PMH, MODS, HTML and
 * bibliography readers all use it; it uses none of them.
 */
#ifndef IX_FIELDS_H
#define IX_FIELDS_H

#include <stddef.h>

#include "polis/doc.h"
#include "polis/text.h"

/* Add one subject (or a ";"-separated list) to doc's theme labels, or to
 * its keywords when lang (an xml:lang, may be NULL) names another language
 * than French.  0 or -1 (ENOMEM). */
int ix_fields_add_subject(polis_doc_t *doc, const char *subject, const char *lang);

/* Set doc->published from a date as catalogues write it ("2016",
 * "2006-11", "2017-09-21", "2017-09-21T10:00:00Z", "septembre 2017",
 * "s.d." (ignored)), unless it is already set.  Returns 1 when set, 0 when
 * the text holds no date. */
int ix_fields_set_date(polis_doc_t *doc, const char *date);

/* The French label of a document type ("Livre" -> "Ouvrage", "report" ->
 * "Rapport"...), a static string; the value itself, trimmed, when the table
 * does not know it (written to *own, a malloc()ed copy the caller frees);
 * NULL for generic types ("text", "other").  *own is set to NULL or to the
 * returned string. */
const char *ix_fields_type_label(const char *type, char **own);

/* Give doc its id, url, doi, isbn and citation from its identifiers: DOI,
 * then ISBN, then fallback_id (already URL-safe, may be NULL) for the id;
 * http(s) links for the url; the first DOI ("10.…") and ISBN (its digits)
 * found.  Leaves fields already set alone.  0 or -1 (ENOMEM). */
int ix_fields_finish(polis_doc_t *doc, const polis_strv_t *identifiers, const char *fallback_id);

/* Find a DOI ("10.NNNN/suffix", trailing punctuation dropped) in s[0..len)
 * and append it to out.  Returns 1 when found, 0 when not, -1 (ENOMEM). */
int ix_fields_find_doi(const char *s, size_t len, polis_buf_t *out);

/* Find an ISBN after "ISBN" or "urn:isbn:" — or, when bare is non-zero,
 * as the whole of s — and append its 13 or 10 digits (final X kept) to
 * out.  Returns 1, 0 or -1 as ix_fields_find_doi(). */
int ix_fields_find_isbn(const char *s, size_t len, int bare, polis_buf_t *out);

/* Read the numbering a citation gives after its title into doc's volume,
 * issue, pages and extent, each unless already set: "vol. 32" and "t. 2"
 * (volume), "n° 4", "no 4", "nº 4", "numéro 4" (issue; "hors-série n° 66"
 * gives "hors-série 66"), "p. 411-420", "pp. 411–420", "p. 45" (pages, the
 * dash made a hyphen), "245 p." (extent, kept as written).  Each must start
 * a word.  0 or -1 (ENOMEM). */
int ix_fields_numbering(polis_doc_t *doc, const char *s, size_t len);

/* Find the first year 1900–2099 standing alone (not inside a longer
 * number) in s[0..len); writes "YYYY" to out.  Returns 1, or 0 when none. */
int ix_fields_find_year(const char *s, size_t len, char out[5]);

/* Non-zero when s starts with "http://" or "https://": a link a reader can
 * follow, as opposed to a URN, a DOI or a local name. */
int ix_fields_is_http(const char *s);

#endif
