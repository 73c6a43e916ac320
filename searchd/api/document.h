/* document.h — GET /api/doc/{id} and GET /api/doc/{id}/similar. */
#ifndef SD_API_DOCUMENT_H
#define SD_API_DOCUMENT_H

#include "http/http.h"

/* /api/doc/{id}: the whole stored document as JSON, its themes as
 * [{"id", "label"}], and for a reference "parent": {"id", "title", "url",
 * "kind"} of the page it comes from (null when that page is not indexed).
 * /api/doc/{id}/similar: documents like it, in the shape of a search answer
 * with "id" added; it takes /api/search's filters, page and per_page.
 * 404 JSON for an unknown id or another sub-path. */
enum MHD_Result sd_document_handle(sd_http_ctx_t *ctx);

#endif
