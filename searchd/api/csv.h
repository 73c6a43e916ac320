/* csv.h — search hits as CSV (RFC 4180), for spreadsheets.
 *
 * Two dialects: the international one (UTF-8, ',', English column names),
 * and the one French Excel opens as it is (format=csv-fr, or csv&excel=1):
 * a UTF-8 byte order mark, which tells Excel the encoding, ';', the list
 * separator of the French locale, and French column names and kinds. */
#ifndef SD_API_CSV_H
#define SD_API_CSV_H

#include "api/handle.h"
#include "polis/doc.h"
#include "polis/text.h"

#define SD_CSV_TYPE "text/csv; charset=utf-8; header=present"

/* The two dialects. */
typedef enum {
    SD_CSV_INTL = 0, /* ',', English column names */
    SD_CSV_FR        /* a BOM, ';', French column names and kinds */
} sd_csv_dialect_t;

/* Append one field: as is, or between double quotes (inner quotes doubled)
 * when it holds the dialect's separator, a quote, CR or LF.  NULL is an
 * empty field.  0, or -1 when out grows past its bound. */
int sd_csv_field(polis_buf_t *out, const char *s, sd_csv_dialect_t dialect);

/* Append the header row (after the BOM, in French): id, kind, title,
 * authors, date, year, type, publisher, container, volume, issue, pages,
 * doi, isbn, themes, places, url, notice, parent_id, summary — in French
 * identifiant, nature, titre, auteurs, date, année, type, éditeur, revue ou
 * collection, volume, numéro, pages, DOI, ISBN, thématiques, lieux, URL,
 * notice, bibliographie, résumé.  Each line ends in CRLF. */
int sd_csv_header(polis_buf_t *out, sd_csv_dialect_t dialect);

/* Append the row of doc.  Lists (authors, themes by label, places) are
 * joined with "; " (", " in French, where ';' separates the fields).  h
 * gives theme labels (NULL writes the ids); notice_url is the document's
 * notice (may be NULL). */
int sd_csv_row(polis_buf_t *out, const polis_doc_t *doc, sd_handle_t *h, const char *notice_url,
               sd_csv_dialect_t dialect);

#endif
