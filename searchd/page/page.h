/* page.h — the practitioners' search page, rendered on the server.
 *
 * GET / and GET /search take /api/search's parameters (q, theme, type, kind,
 * year, place, author, from, to, sort, page, per_page) and answer a French
 * HTML page that works without JavaScript: a GET form (every state is a
 * URL), facets with counts, hits, pagination.  /assets/app.js enhances it
 * when it runs.  Pages carry a strict Content-Security-Policy: no inline
 * script or style at all.
 */
#ifndef SD_PAGE_PAGE_H
#define SD_PAGE_PAGE_H

#include "http/server.h"

/* The Content-Security-Policy of every page. */
#define SD_PAGE_CSP                                                                                \
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "              \
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

/* GET / and GET /search: 200 with the page; 400 with the page and a message
 * for parameters that do not validate or a query that does not parse; 503
 * with the page and a message when the index cannot be read. */
enum MHD_Result sd_page_handle(sd_http_ctx_t *ctx);

/* GET /opensearch.xml (opensearch.c): the OpenSearch 1.1 description, with
 * the HTML, JSON and suggestion URL templates on the host the client used. */
enum MHD_Result sd_opensearch_handle(sd_http_ctx_t *ctx);

#endif
