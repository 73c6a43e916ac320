/* csljson.h — documents as CSL-JSON items, the input of citation processors
 * (citeproc-js, citeproc-py, pandoc) and of Zotero's import. */
#ifndef SD_API_CSLJSON_H
#define SD_API_CSLJSON_H

#include <jansson.h>

#include "api/handle.h"
#include "polis/doc.h"

#define SD_CSLJSON_TYPE "application/vnd.citationstyles.csl+json; charset=utf-8"

/* The CSL type of doc: article-journal, book, chapter, report, thesis,
 * paper-conference, webpage or document.  Static string. */
const char *sd_csljson_type(const polis_doc_t *doc);

/* The item of doc: id, type, title, author ({family, given}, or {literal}
 * for an organisation), issued ({"date-parts": [[y, m, d]]}),
 * container-title (a part's journal or book) or collection-title (a whole
 * work's series), publisher, volume, issue, page, number-of-pages, DOI,
 * ISBN, URL (where the document is online), abstract, keyword (theme labels via h, may be NULL,
 * joined by ", "), language.  A new reference, or NULL when out of memory. */
json_t *sd_csljson_item(const polis_doc_t *doc, sd_handle_t *h);

#endif
