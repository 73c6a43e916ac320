/* atom.h — search hits as an Atom 1.0 feed (RFC 4287), for feed readers. */
#ifndef SD_API_ATOM_H
#define SD_API_ATOM_H

#include "api/handle.h"
#include "polis/doc.h"
#include "polis/text.h"

#define SD_ATOM_TYPE "application/atom+xml; charset=utf-8"

/* The feed's own elements.  Strings are plain text (escaped here); id, self
 * and alternate are IRIs, updated an RFC 3339 date-time. */
typedef struct {
    const char *id;
    const char *title;
    const char *self;      /* this feed's URL */
    const char *alternate; /* the same search as a web page, may be NULL */
    const char *updated;
} sd_atom_feed_t;

/* Append s as XML character data or attribute value: & < > " ' as
 * entities; bytes that are not UTF-8 and characters XML 1.0 forbids
 * (C0 controls but tab, LF, CR; U+FFFE, U+FFFF) as U+FFFD.  0 or -1. */
int sd_atom_text(polis_buf_t *out, const char *s);

/* The RFC 3339 date-time of an ISO date "YYYY", "YYYY-MM", "YYYY-MM-DD" or
 * "YYYY-MM-DDTHH:MM", a Paris wall time as the sources write them (a
 * partial date stands for its first day at midnight), with Paris's offset
 * then (paristime.h): "2017-10-25T00:00:00+02:00".  Returns 0, or -1 (out
 * is "") when iso is not such a date. */
int sd_atom_time(const char *iso, char out[32]);

/* When doc was last updated, as sd_atom_time(): its modified date, else
 * its published date.  -1 when it has neither. */
int sd_atom_doc_updated(const polis_doc_t *doc, char out[32]);

/* Append the XML declaration and the <feed> head. */
int sd_atom_begin(polis_buf_t *out, const sd_atom_feed_t *feed);

/* Append the <entry> of doc: id (its notice's URL, base_url/doc/<id>: the
 * installation's own), title, updated (fallback_updated when the document
 * has no date), published, link alternate (its URL, else its notice) and
 * related (the notice, when the URL is the source's), author per author,
 * summary (the summary, else the start of the body, as plain text),
 * category per theme (scheme base_url/api/facets/theme, term = id, label
 * via h when not NULL). */
int sd_atom_entry(polis_buf_t *out, const polis_doc_t *doc, sd_handle_t *h, const char *base_url,
                  const char *fallback_updated);

/* Append </feed>. */
int sd_atom_end(polis_buf_t *out);

#endif
