/* hit.h — the decoded view of a search's hits, which every encoder renders.
 *
 * A hit comes out of the shim as an id, a score, the body text and the
 * stored JSON of its document.  Each is decoded here once per request, into
 * the view that the JSON answer (search.c), the page (page/results.c), the
 * CSV and RIS exports (export.c) and the Atom feed (feed.c) all read, so
 * they cannot disagree on what a hit is, nor decode it four times.
 *
 * It lives in searchd, over the shim's polis_doc_from_json(), rather than
 * behind a shim accessor, because most of what it holds is searchd's: the
 * passage chosen for the snippet, the words marked for this query, and what
 * a damaged record becomes (a hit that keeps its id, logged once).  Theme
 * labels are looked up by the encoders (sd_handle_theme_label()), each on
 * its own terms.
 */
#ifndef SD_API_HIT_H
#define SD_API_HIT_H

#include <stddef.h>

#include "polis/doc.h"
#include "polis/index.h"
#include "polis/text.h"

/* What to decode beyond the document (flags for sd_hit_read()). */
#define SD_HIT_MARKS 1u /* title_html and snippet: the query's words in <mark> */
#define SD_HIT_BODY  2u /* doc.body: the hit's body text (Atom's summaries) */

typedef struct {
    const char *id;   /* the index's id, else the document's; NULL when neither */
    polis_doc_t doc;  /* the stored document; empty when it did not decode */
    int decoded;      /* the stored data was a document */
    double score;     /* relevance in [0, 1] */
    char *title_html; /* SD_HIT_MARKS: the title as escaped HTML with <mark>,
                       * NULL when the document has no title */
    char *snippet;    /* SD_HIT_MARKS: the passage shown under the hit, the same
                       * HTML; "" when the document has no text */
} sd_hit_t;

/* Decode the hits of r, what flags asks for included, into *hits, an array
 * of *n views (polis_result_size(r); NULL when 0).  A hit whose stored data
 * is not a document is kept (decoded 0, its id still useful) and logged on
 * stderr.  Returns 0, or -1 when out of memory (nothing to free).  Strings
 * of r are used as they are: the views live as long as r. */
int sd_hit_read(const polis_result_t *r, unsigned flags, sd_hit_t **hits, size_t *n);

/* Free what sd_hit_read() made.  NULL is allowed. */
void sd_hit_free(sd_hit_t *hits, size_t n);

/* The URL of a document's notice page, base + "/doc/" + id (percent-encoded
 * but for A-Z a-z 0-9 - . _ ~), appended to out; base "" gives the path.
 * 0 or -1. */
int sd_hit_notice_url(polis_buf_t *out, const char *base, const char *id);

#endif
