/* facets.h — facet values as JSON: GET /api/facets, GET /api/facets/{facet},
 * and the facets of a search answer. */
#ifndef SD_API_FACETS_H
#define SD_API_FACETS_H

#include <jansson.h>

#include "api/handle.h"
#include "http/http.h"

/* The values r holds for facet f as [{"value", "label" (themes only),
 * "count"}], by count, then by label with accents and case ignored ("Étude"
 * sorts with E).  NULL when out of memory. */
json_t *sd_facets_values_json(sd_handle_t *h, const polis_result_t *r, polis_facet_t f);

/* GET /api/facets?facets=theme,author&limit=N: every value of each facet
 * (all six by default) with its document count, at most limit per facet
 * (default and most: --max-facet-values):
 *   {"facets": {"theme": [...], ...}, "distinct": {"theme": 17, ...}} */
enum MHD_Result sd_facets_handle(sd_http_ctx_t *ctx);

/* GET /api/facets/{facet}?q=prefix&limit=N: the values with a word starting
 * with q, accents and case ignored (for themes, the label's words too):
 *   {"facet": "author", "query": "dup", "total": 2, "values": [...]}
 * 404 for a name that is not a facet. */
enum MHD_Result sd_facets_values_handle(sd_http_ctx_t *ctx);

#endif
