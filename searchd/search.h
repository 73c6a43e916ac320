/* search.h — GET /api/search. */
#ifndef POLIS_SEARCHD_SEARCH_H
#define POLIS_SEARCHD_SEARCH_H

#include "server.h"

/* Validate the parameters (params.c), run the query on the thread's index
 * and answer design.md's JSON: query, total, page, per_page, took_ms,
 * corrected, relaxed, hits, facets. */
enum MHD_Result polis_search_handle(polis_ctx_t *ctx);

#endif
