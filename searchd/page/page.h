/* page.h — the practitioners' search page, rendered on the server.
 *
 * GET / and GET /search take /api/search's parameters (q, theme, type, kind,
 * year, place, author, from, to, sort, page, per_page) and answer a French
 * HTML page that works without JavaScript: a GET form (every state is a
 * URL), facets with counts, hits, pagination.  /assets/app.js enhances it
 * when it runs.  Pages carry a strict Content-Security-Policy (policy.h).
 */
#ifndef SD_PAGE_PAGE_H
#define SD_PAGE_PAGE_H

#include "http/http.h"
#include "http/router.h"

/* GET / and GET /search: 200 with the page; 400 with the page and a message
 * for parameters that do not validate or a query that does not parse; 503
 * with the page and a message when the index cannot be read. */
enum MHD_Result sd_page_handle(sd_http_ctx_t *ctx);

/* Add the page room's routes to r: /, /search, /opensearch.xml, /widget.js,
 * /favicon.svg and /assets/{name}.  0, or -1 when the router is full. */
int sd_page_register(sd_router_t *r);

#endif
