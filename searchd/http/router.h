/* router.h — from path and method to a handler.
 *
 * The router knows no route of its own: each room registers its routes
 * (api/api.h, page/page.h) and main.c builds the table, so this file, like
 * the rest of http/, never includes what is above it.
 */
#ifndef SD_HTTP_ROUTER_H
#define SD_HTTP_ROUTER_H

#include <stddef.h>

#include "http/http.h"

/* Which methods a route answers. */
#define SD_ROUTER_GET 1u /* GET and HEAD */
#define SD_ROUTER_CORS                                                                             \
    2u /* OPTIONS, answered by the router as a CORS preflight,                                     \
        * and the CORS headers on every answer */
#define SD_ROUTER_API (SD_ROUTER_GET | SD_ROUTER_CORS) /* the /api/ routes */

/* Most routes one router holds. */
#define SD_ROUTER_MAX 32

typedef struct {
    const char *path; /* an exact path, or a prefix ending in '/' when prefix */
    int prefix;       /* the rest of the path (the "tail": a document id, a facet
                       * name), never empty, is the handler's to parse */
    unsigned methods; /* SD_ROUTER_GET, SD_ROUTER_API */
    sd_http_handler_fn handler;
    const char *label; /* for /metrics; NULL: the path.  Static. */
    const sd_http_error_page_t *error_page; /* how its errors look; NULL: JSON */
} sd_router_route_t;

typedef struct sd_router sd_router_t;

/* An empty router that answers 414 for a request target longer than
 * max_uri_bytes (0: no bound).  NULL when out of memory. */
sd_router_t *sd_router_new(size_t max_uri_bytes);

/* Free the router.  NULL is allowed. */
void sd_router_free(sd_router_t *r);

/* Add routes[0..n) (copied; the strings must outlive the router), tried in
 * the order they were added.  0, or -1 past SD_ROUTER_MAX routes. */
int sd_router_add(sd_router_t *r, const sd_router_route_t *routes, size_t n);

/* Split ctx->req->raw_uri into path and query, decode the path, and call the
 * handler of the route: 400 for a path that does not decode, 404 for an
 * unknown path, 405 with `Allow: GET, HEAD` for another method, 204 for the
 * preflight of an /api/ route.  ctx->handler and ctx->error_page are the
 * route's. */
enum MHD_Result sd_router_dispatch(const sd_router_t *r, sd_http_ctx_t *ctx, const char *method);

/* The error page of the route raw_path[0..len) (as received, not decoded)
 * names, or NULL: its errors are JSON.  For answers made before a request
 * reaches the router (the intake's refusals). */
const sd_http_error_page_t *sd_router_error_page(const sd_router_t *r, const char *raw_path,
                                                 size_t len);

#endif
