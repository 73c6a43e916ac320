/* api.c — the API room's routes, each with the handler that answers it. */
#include "api/api.h"

#include "api/document.h"
#include "api/facets.h"
#include "api/feed.h"
#include "api/health.h"
#include "api/search.h"
#include "api/suggest.h"

static const sd_router_route_t routes[] = {
    { "/api/search", 0, SD_ROUTER_API, sd_search_handle, NULL, NULL },
    { "/api/suggest", 0, SD_ROUTER_API, sd_suggest_handle, NULL, NULL },
    { "/api/facets", 0, SD_ROUTER_API, sd_facets_handle, NULL, NULL },
    { "/api/facets/", 1, SD_ROUTER_API, sd_facets_values_handle, "/api/facets/{facet}", NULL },
    { "/api/doc/", 1, SD_ROUTER_API, sd_document_handle, "/api/doc/{id}", NULL },
    { "/feed.atom", 0, SD_ROUTER_GET, sd_feed_handle, NULL, NULL },
    { "/metrics", 0, SD_ROUTER_GET, sd_health_metrics_handle, NULL, NULL },
    { "/healthz", 0, SD_ROUTER_GET, sd_health_handle, NULL, NULL },
};

int sd_api_register(sd_router_t *r)
{
    return sd_router_add(r, routes, sizeof routes / sizeof routes[0]);
}
