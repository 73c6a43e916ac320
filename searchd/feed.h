/* feed.h — GET /feed.atom: a search as an Atom feed, for monitoring. */
#ifndef POLIS_SEARCHD_FEED_H
#define POLIS_SEARCHD_FEED_H

#include "server.h"

/* Takes /api/search's parameters (q, filters, from/to, page, per_page) and
 * answers the hits newest first as Atom 1.0 (atom.h): a feed reader that
 * subscribes to /feed.atom?theme=developpement-economique sees each new
 * document of that theme.  sort, facets and format are ignored. */
enum MHD_Result polis_feed_handle(polis_ctx_t *ctx);

#endif
