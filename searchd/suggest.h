/* suggest.h — GET /api/suggest?q=: completions for a search box. */
#ifndef POLIS_SEARCHD_SUGGEST_H
#define POLIS_SEARCHD_SUGGEST_H

#include "server.h"

#define POLIS_SUGGEST_TYPE "application/x-suggestions+json; charset=utf-8"

/* The OpenSearch suggestions answer, ["q", ["completion", ...]], as
 * application/x-suggestions+json: the last word completed from the index's
 * words (most frequent first, accent-insensitive), then titles, at most
 * --max-suggestions (limit= asks for fewer).  An empty q gives ["", []];
 * a q over --max-query-bytes is a 400. */
enum MHD_Result polis_suggest_handle(polis_ctx_t *ctx);

#endif
