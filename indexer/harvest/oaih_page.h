/* indexer/harvest/oaih_page.h — one OAI-PMH ListRecords response, as the
 * harvester reads it: its records, its resumptionToken, its <error>; and
 * the file each record becomes.  Streamed with the safe reader of
 * xml/xmlsafe.h (no DTD, no entities, no network), one record at a time.
 */
#ifndef IX_OAIH_PAGE_H
#define IX_OAIH_PAGE_H

#include <stddef.h>

#include <libxml/tree.h>

#include "polis/text.h"

/* The OAI-PMH 2.0 namespace. */
#define IX_OAIH_NS "http://www.openarchives.org/OAI/2.0/"

/* A record of the response, valid during the callback only. */
typedef struct {
    const char *identifier; /* header/identifier, "" when missing */
    const char *datestamp;  /* header/datestamp, "" when missing */
    int deleted;            /* header status="deleted" */
    const xmlNode *record;  /* the <record> element */
} ix_oaih_record_t;

/* Called for each record; 0 to go on, -1 to stop (err set by the callback). */
typedef int (*ix_oaih_record_fn)(void *ctx, const ix_oaih_record_t *rec);

/* What the response says besides its records. */
typedef struct {
    char token[2048];    /* the resumptionToken, "" when the list is complete */
    char error_code[64]; /* <error code="...">, "" when none */
    char error[512];     /* the error's text */
} ix_oaih_page_t;

/* Read the response buf[0..len): each record to fn, the token and the
 * error into *page.  Returns 0; -1 with err set ("root element <x> is not
 * OAI-PMH", "line N: <libxml2's message>", "line N: DTD with entities
 * refused", "resumptionToken longer than 2047 bytes", "out of memory") or
 * as fn left it.  Records handed over before an error stay handed over. */
int ix_oaih_page_read(const char *buf, size_t len, ix_oaih_record_fn fn, void *ctx,
                      ix_oaih_page_t *page, char *err, size_t errlen);

/* The file for rec, appended to out:
 *   prefix "mods"  the record's metadata element (a <mods>) as the root of
 *                  its own document, which parse/mods.c reads;
 *   otherwise      an OAI-PMH response holding this record only (its
 *                  responseDate the record's datestamp, its request base),
 *                  which parse/oai.c reads.
 * Namespaces declared above the record are declared again where they are
 * needed.  Returns 0; -1 with err ("record X has no metadata", "out of
 * memory"). */
int ix_oaih_record_file(const ix_oaih_record_t *rec, const char *prefix, const char *base,
                        polis_buf_t *out, char *err, size_t errlen);

#endif
