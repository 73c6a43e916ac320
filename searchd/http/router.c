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
#include "api/document.h"
#include "api/facets.h"
#include "api/feed.h"
#include "api/health.h"
#include "api/json.h"
#include "http/metrics.h"
#include "polis/text.h"
#include "page/page.h"
#include "page/assets.h"
#include "api/search.h"
#include "api/suggest.h"

/* How a route's path matches. */
#define EXACT  0
#define PREFIX 1 /* path is a prefix ending in '/'; the tail must not be empty */

/* Which methods a route answers. */
#define GET       1u                /* GET and HEAD */
#define M_OPTIONS 2u                /* OPTIONS, answered here as a CORS preflight */
#define API       (GET | M_OPTIONS) /* the /api/ routes */

static const struct route {
    const char *path;
    int match;
    unsigned methods;
    sd_http_handler_fn handler;
    const char *label; /* for /metrics; NULL: the path */
} routes[] = {
    { "/api/search", EXACT, API, sd_search_handle, NULL },
    { "/api/suggest", EXACT, API, sd_suggest_handle, NULL },
    { "/api/facets", EXACT, API, sd_facets_handle, NULL },
    { "/api/facets/", PREFIX, API, sd_facets_values_handle, "/api/facets/{facet}" },
    { "/api/doc/", PREFIX, API, sd_document_handle, "/api/doc/{id}" },
    { "/feed.atom", EXACT, GET, sd_feed_handle, NULL },
    { "/metrics", EXACT, GET, sd_metrics_handle, NULL },
    { "/healthz", EXACT, GET, sd_health_handle, NULL },
    /* The practitioners' page and what it loads (issue 6). */
    { "/", EXACT, GET, sd_page_handle, NULL },
    { "/search", EXACT, GET, sd_page_handle, NULL },
    { "/opensearch.xml", EXACT, GET, sd_opensearch_handle, NULL },
    { "/widget.js", EXACT, GET, sd_assets_widget_handle, NULL },
    { "/favicon.svg", EXACT, GET, sd_assets_favicon_handle, NULL },
    { "/assets/", PREFIX, GET, sd_assets_handle, "/assets/{name}" },
};

/* Longest path echoed in a 404 message. */
#define MAX_ECHO 200

static const char *allow_of(unsigned methods)
{
    return (methods & M_OPTIONS) != 0 ? "GET, HEAD, OPTIONS" : "GET, HEAD";
}

/* The route for path, or NULL; *tail is what a prefix route leaves. */
static const struct route *find(const char *path, const char **tail)
{
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        const struct route *r = &routes[i];
        if (r->match == EXACT) {
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

enum MHD_Result sd_router_dispatch(sd_http_ctx_t *ctx, const char *method)
{
    const char *raw = ctx->req->raw_uri;
    ctx->tail = "";
    /* Checked before anything is decoded: a browser or proxy sending such a
     * URL is broken or hostile, and the answer says which limit it hit. */
    if (ctx->cfg->max_uri_bytes != 0 && strlen(raw) > ctx->cfg->max_uri_bytes) {
        ctx->path = "";
        return sd_json_send_error(ctx, MHD_HTTP_URI_TOO_LONG, "uri_too_long",
                                  "the URL is longer than %zu bytes", ctx->cfg->max_uri_bytes);
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
        return sd_json_send_status(ctx, POLIS_ERR_NOMEM, NULL);
    ctx->req->path = path; /* freed with the request */
    size_t decoded_len = 0;
    if (sd_query_url_decode(raw, path_len, 0, path, path_len + 1, &decoded_len) != 0 ||
        memchr(path, '\0', decoded_len) != NULL) {
        path[0] = '\0';
        ctx->path = path;
        return sd_json_send_error(ctx, MHD_HTTP_BAD_REQUEST, "bad_request",
                                  "path: bad percent-encoding");
    }
    ctx->path = path;
    if (!polis_text_valid_utf8(path, decoded_len)) {
        path[0] = '\0';
        return sd_json_send_error(ctx, MHD_HTTP_BAD_REQUEST, "bad_request",
                                  "path: not valid UTF-8");
    }

    const char *tail = "";
    const struct route *r = find(path, &tail);
    if (r == NULL)
        return sd_json_send_error(ctx, MHD_HTTP_NOT_FOUND, "not_found", "no such path: %.*s",
                                  MAX_ECHO, path);
    ctx->req->route = r->label != NULL ? r->label : r->path;
    ctx->tail = tail;
    ctx->cors = (r->methods & M_OPTIONS) != 0;
    int is_get =
        strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    if (!is_get && (r->methods & M_OPTIONS) != 0 && strcmp(method, MHD_HTTP_METHOD_OPTIONS) == 0)
        return sd_cors_preflight(ctx, allow_of(r->methods));
    if (!is_get) {
        ctx->allow = allow_of(r->methods);
        return sd_json_send_error(ctx, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
                                  "%s: only %s are allowed on %s", method, ctx->allow,
                                  ctx->req->route);
    }
    return r->handler(ctx);
}
