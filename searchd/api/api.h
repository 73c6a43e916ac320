/* api.h — the API room's routes: /api/search, /api/suggest, /api/facets,
 * /api/doc/{id}, /feed.atom, /healthz and /metrics. */
#ifndef SD_API_API_H
#define SD_API_API_H

#include "http/router.h"

/* Add the room's routes to r.  0, or -1 when the router is full. */
int sd_api_register(sd_router_t *r);

#endif
