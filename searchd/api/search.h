/* search.h — GET /api/search, and the search path the HTML page shares. */
#ifndef SD_API_SEARCH_H
#define SD_API_SEARCH_H

#include <jansson.h>
#include <stdint.h>

#include "api/app.h"
#include "api/handle.h"
#include "api/params.h"
#include "http/http.h"
#include "http/metrics.h"

/* Validate the parameters (params.h), run the query on the thread's index
 * and answer the JSON of docs/architecture.md: query, total, page,
 * per_page, took_ms, corrected, used_correction, relaxed, hits, facets; or,
 * with format=csv or format=ris, the hits as an export (export.h).  A 304 when the client
 * holds the index's ETag (http/etag.h). */
enum MHD_Result sd_search_handle(sd_http_ctx_t *ctx);

/* The query p describes, with the daemon's limits (time, wildcard
 * expansion, facet values).  POLIS_OK with *out to free with
 * polis_query_free(), or POLIS_ERR_NOMEM. */
polis_status_t sd_search_build_query(const sd_app_limits_t *lim, const sd_params_t *p,
                                     polis_query_t **out);

/* The steps of sd_search_handle(), for other answers to the same search
 * (the HTML page renders the very object the JSON API sends). */

/* Build the query p describes and run it on the calling thread's index,
 * retrying once on a fresh handle when the generation moved.  On success
 * *h is the thread's handle and *r a result the caller frees with
 * polis_result_free() before the request ends.  On failure returns the
 * status (as polis_index_search()) and *msg is a malloc()ed detail for the
 * log, or NULL. */
polis_status_t sd_search_run(sd_http_ctx_t *ctx, const sd_params_t *p, sd_handle_t **h,
                             polis_result_t **r, char **msg);

/* The answer object of docs/architecture.md for r (hits with title_html
 * and snippet as escaped HTML with <mark>, theme labels, facets with theme
 * labels).
 * start_us is when the request began, for took_ms.  When views_us is not
 * NULL, *views_us is the time the hits' views took (decoding,
 * highlighting), for /metrics.  NULL when out of memory. */
json_t *sd_search_answer(sd_handle_t *h, const sd_params_t *p, const polis_result_t *r,
                         uint64_t start_us, uint64_t *views_us);

/* What the searches' counters of /metrics want of an answer, as bits:
 * it has no hit, it offers a spelling correction. */
#define SD_SEARCH_ZERO_HITS 1u
#define SD_SEARCH_CORRECTED 2u

/* The SD_SEARCH_* bits of r. */
unsigned sd_search_outcome(const polis_result_t *r);

/* Count, for /metrics, a search of p answered through via with outcome
 * (sd_search_outcome()): only a search with words (a q) counts, since
 * browsing by filters finds what it finds. */
void sd_search_count(sd_metrics_via_t via, const sd_params_t *p, unsigned outcome);

#endif
