/* csv.h — search hits as CSV (RFC 4180), for spreadsheets. */
#ifndef SD_API_CSV_H
#define SD_API_CSV_H

#include "api/handle.h"
#include "polis/doc.h"
#include "polis/text.h"

#define SD_CSV_TYPE "text/csv; charset=utf-8; header=present"

/* Append one field: as is, or between double quotes (inner quotes doubled)
 * when it holds a comma, a quote, CR or LF.  NULL is an empty field.
 * 0, or -1 when out grows past its bound. */
int sd_csv_field(polis_buf_t *out, const char *s);

/* Append the header row: id,kind,title,authors,date,year,type,publisher,
 * themes,places,url,parent_id,summary — each line ends in CRLF. */
int sd_csv_header(polis_buf_t *out);

/* Append the row of doc.  Lists (authors, themes by label, places) are
 * joined with "; ".  h gives theme labels; NULL writes the ids. */
int sd_csv_row(polis_buf_t *out, const polis_doc_t *doc, sd_handle_t *h);

#endif
