/* feed.h — GET /feed.atom: a search as an Atom feed, for monitoring. */
#ifndef SD_API_FEED_H
#define SD_API_FEED_H

#include "http/http.h"

/* Takes /api/search's parameters (q, filters, from/to, page, per_page) and
 * answers the hits newest first as Atom 1.0 (atom.h): a feed reader that
 * subscribes to /feed.atom?theme=developpement-economique sees each new
 * document of that theme.  sort, facets and format are ignored. */
enum MHD_Result sd_feed_handle(sd_http_ctx_t *ctx);

#endif
