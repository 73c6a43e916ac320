/* facets.h — facet values: GET /api/facets, GET /api/facets/{facet}, and
 * the facets of a search answer (JSON and the page's filters). */
#ifndef SD_API_FACETS_H
#define SD_API_FACETS_H

#include <stddef.h>

#include <jansson.h>

#include "api/handle.h"
#include "http/http.h"

/* One value of a facet, as the answers show it. */
typedef struct {
    const char *value; /* belongs to the result */
    char *label;       /* themes: the theme's display label; NULL for other facets */
    unsigned long count;
    char *key; /* the folded label (or value) the order uses */
} sd_facets_value_t;

/* The values r counted for facet f, by count, then by label with accents
 * and case ignored ("Étude" sorts with E): *out, an array of *n (NULL when
 * none) to free with sd_facets_values_free(), which lives as long as r.
 * Returns 0, or -1 when out of memory. */
int sd_facets_values(sd_handle_t *h, const polis_result_t *r, polis_facet_t f,
                     sd_facets_value_t **out, size_t *n);

/* Free what sd_facets_values() made.  NULL is allowed. */
void sd_facets_values_free(sd_facets_value_t *v, size_t n);

/* The same values as [{"value", "label" (themes only), "count"}].  NULL
 * when out of memory. */
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
