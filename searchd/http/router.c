/* router.c — path + method → handler.
 *
 * Routing works on the raw URI rather than libmicrohttpd's decoded url,
 * which keeps bad escapes as they are and ends at a decoded %00: here
 * "/healthz%00x" is a 404, not /healthz.
 *
 * A route is an exact path, or a prefix ending in '/' whose rest (the
 * "tail": a document id, a facet name) the handler parses.  Every route
 * answers GET and HEAD; the /api/ routes also answer the OPTIONS of a CORS
 * preflight, here, without a handler.
 */
#include "http/router.h"

#include <stdlib.h>
#include <string.h>

#include "http/cors.h"
#include "http/query.h"
#include "http/reply.h"
#include "polis/text.h"

/* Longest path echoed in a 404 message. */
#define MAX_ECHO 200

struct sd_router {
    size_t max_uri_bytes;
    size_t n;
    sd_router_route_t routes[SD_ROUTER_MAX];
};

sd_router_t *sd_router_new(size_t max_uri_bytes)
{
    sd_router_t *r = calloc(1, sizeof *r);
    if (r != NULL)
        r->max_uri_bytes = max_uri_bytes;
    return r;
}

void sd_router_free(sd_router_t *r)
{
    free(r);
}

int sd_router_add(sd_router_t *r, const sd_router_route_t *routes, size_t n)
{
    if (n > SD_ROUTER_MAX - r->n)
        return -1;
    memcpy(r->routes + r->n, routes, n * sizeof *routes);
    r->n += n;
    return 0;
}

static const char *allow_of(unsigned methods)
{
    return (methods & SD_ROUTER_CORS) != 0 ? "GET, HEAD, OPTIONS" : "GET, HEAD";
}

/* The route for path, or NULL; *tail is what a prefix route leaves. */
static const sd_router_route_t *find(const sd_router_t *router, const char *path, const char **tail)
{
    for (size_t i = 0; i < router->n; i++) {
        const sd_router_route_t *r = &router->routes[i];
        if (!r->prefix) {
            if (strcmp(path, r->path) == 0) {
                *tail = "";
                return r;
            }
            continue;
        }
        size_t n = strlen(r->path);
        if (strncmp(path, r->path, n) == 0 && path[n] != '\0') {
            *tail = path + n;
            return r;
        }
    }
    return NULL;
}

const sd_http_error_page_t *sd_router_error_page(const sd_router_t *router, const char *raw_path,
                                                 size_t len)
{
    char path[256];
    if (len >= sizeof path)
        len = sizeof path - 1; /* a route is shorter; a longer path is no page */
    memcpy(path, raw_path, len);
    path[len] = '\0';
    const char *tail = "";
    const sd_router_route_t *r = find(router, path, &tail);
    return r != NULL ? r->error_page : NULL;
}

/* The 204 of a CORS preflight. */
static enum MHD_Result preflight(sd_http_ctx_t *ctx, const char *allow)
{
    const char *headers[7];
    sd_cors_preflight_headers(sd_http_header(ctx, "Access-Control-Request-Headers"), headers);
    ctx->allow = allow;
    ctx->headers = headers; /* copied when the response is queued */
    return sd_http_send_static(ctx, MHD_HTTP_NO_CONTENT, NULL, "");
}

enum MHD_Result sd_router_dispatch(const sd_router_t *router, sd_http_ctx_t *ctx,
                                   const char *method)
{
    const char *raw = ctx->req->raw_uri;
    ctx->tail = "";
    /* Checked before anything is decoded: a browser or proxy sending such a
     * URL is broken or hostile, and the answer says which limit it hit. */
    if (router->max_uri_bytes != 0 && strlen(raw) > router->max_uri_bytes) {
        ctx->path = "";
        return sd_reply_error(ctx, MHD_HTTP_URI_TOO_LONG, "uri_too_long",
                              "the URL is longer than %zu bytes", router->max_uri_bytes);
    }
    size_t path_len = strcspn(raw, "?#");
    const char *query = "";
    size_t query_len = 0;
    if (raw[path_len] == '?') {
        query = raw + path_len + 1;
        query_len = strcspn(query, "#");
    }
    ctx->query = query;
    ctx->query_len = query_len;

    char *path = malloc(path_len + 1);
    if (path == NULL)
        return sd_reply_status(ctx, POLIS_ERR_NOMEM, NULL);
    ctx->req->path = path; /* freed with the request */
    size_t decoded_len = 0;
    if (sd_query_url_decode(raw, path_len, 0, path, path_len + 1, &decoded_len) != 0 ||
        memchr(path, '\0', decoded_len) != NULL) {
        path[0] = '\0';
        ctx->path = path;
        return sd_reply_error(ctx, MHD_HTTP_BAD_REQUEST, "bad_request",
                              "path: bad percent-encoding");
    }
    ctx->path = path;
    if (!polis_text_valid_utf8(path, decoded_len)) {
        path[0] = '\0';
        return sd_reply_error(ctx, MHD_HTTP_BAD_REQUEST, "bad_request", "path: not valid UTF-8");
    }

    const char *tail = "";
    const sd_router_route_t *r = find(router, path, &tail);
    if (r == NULL)
        return sd_reply_error(ctx, MHD_HTTP_NOT_FOUND, "not_found", "no such path: %.*s", MAX_ECHO,
                              path);
    ctx->req->route = r->label != NULL ? r->label : r->path;
    ctx->tail = tail;
    ctx->handler = r->handler;
    ctx->error_page = r->error_page;
    ctx->cors = (r->methods & SD_ROUTER_CORS) != 0;
    int is_get =
        strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    if (!is_get && ctx->cors && strcmp(method, MHD_HTTP_METHOD_OPTIONS) == 0)
        return preflight(ctx, allow_of(r->methods));
    if (!is_get) {
        ctx->allow = allow_of(r->methods);
        return sd_reply_error(ctx, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
                              "%s: only %s are allowed on %s", method, ctx->allow, ctx->req->route);
    }
    return r->handler(ctx);
}
