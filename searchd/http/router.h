/* router.h — from path and method to a handler. */
#ifndef SD_HTTP_ROUTER_H
#define SD_HTTP_ROUTER_H

#include "http/server.h"

/* A route's handler: answers the request (always queues a response unless
 * it returns MHD_NO, which closes the connection). */
typedef enum MHD_Result (*sd_http_handler_fn)(sd_http_ctx_t *ctx);

/* Split ctx->req->raw_uri into path and query, decode the path, and call the
 * handler of the route: 400 for a path that does not decode, 404 for an
 * unknown path, 405 with `Allow: GET, HEAD` for another method. */
enum MHD_Result sd_router_dispatch(sd_http_ctx_t *ctx, const char *method);

#endif
