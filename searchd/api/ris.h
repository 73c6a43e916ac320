/* ris.h — search hits as RIS records, for reference managers (Zotero,
 * EndNote...). */
#ifndef SD_API_RIS_H
#define SD_API_RIS_H

#include "api/handle.h"
#include "polis/doc.h"
#include "polis/text.h"

#define SD_RIS_TYPE "application/x-research-info-systems; charset=utf-8"

/* Append the line "TAG  - value\r\n".  A RIS value is one line: CR, LF and
 * tabs become spaces, other control characters are dropped, and spaces at
 * both ends are trimmed.  Nothing is written for an empty value.  0 or -1. */
int sd_ris_line(polis_buf_t *out, const char *tag, const char *value);

/* The RIS type of a document (sd_cite_type()): JOUR, BOOK, CHAP, RPRT,
 * THES, CONF, ELEC for the site's pages, GEN otherwise.  Static string. */
const char *sd_ris_type(const polis_doc_t *doc);

/* Append the record of doc: TY, AU (one per author, "Dupont, Marie"), TI,
 * T2 and JO (an article's journal), T2 and BT (a chapter's book) or T3 (a whole
 * work's series), PY, DA, PB, VL, IS, SP and EP, DO, SN (the ISBN), UR
 * (the document's URL: where it is online), AB, KW (theme
 * labels, via h when not NULL), N1 (the citation as the source wrote it),
 * LA, ID, ER.  (Places are not CY: CY is where a work was published, and a
 * page's places are where its event took place.) */
int sd_ris_record(polis_buf_t *out, const polis_doc_t *doc, sd_handle_t *h);

#endif
