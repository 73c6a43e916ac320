/* suggest.h — GET /api/suggest?q=: completions for a search box. */
#ifndef SD_API_SUGGEST_H
#define SD_API_SUGGEST_H

#include "http/http.h"

#define SD_SUGGEST_TYPE "application/x-suggestions+json; charset=utf-8"

/* The OpenSearch suggestions answer in its four-element form, as
 * application/x-suggestions+json:
 *   ["q", ["completion", ...], ["description", ...], ["URL", ...]]
 * the last word completed from the index's words (most frequent first,
 * accent-insensitive; description "", URL the search of it), then titles
 * (description "Notice", URL the document's notice), at most
 * --max-suggestions (limit= asks for fewer).  URLs are absolute
 * (sd_http_base_url()).  An empty q gives ["", [], [], []]; a q over
 * --max-query-bytes is a 400. */
enum MHD_Result sd_suggest_handle(sd_http_ctx_t *ctx);

#endif
