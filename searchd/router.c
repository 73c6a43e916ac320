/* router.c — path + method → handler.
 *
 * Routing works on the raw URI rather than libmicrohttpd's decoded url,
 * which keeps bad escapes as they are and ends at a decoded %00: here
 * "/healthz%00x" is a 404, not /healthz.
 */
#include "router.h"

#include <stdlib.h>
#include <string.h>

#include "health.h"
#include "json.h"
#include "search.h"

/* Every route answers GET and HEAD; the day one takes another method this
 * becomes a field of the table. */
#define ALLOWED_METHODS "GET, HEAD"

static const struct {
    const char *path;
    polis_handler_fn handler;
} routes[] = {
    {"/api/search", polis_search_handle},
    {"/healthz", polis_health_handle},
};

/* Longest path echoed in a 404 message. */
#define MAX_ECHO 200

enum MHD_Result polis_router_dispatch(polis_ctx_t *ctx, const char *method)
{
    const char *raw = ctx->req->raw_uri;
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
        return polis_json_send_status(ctx, POLIS_ERR_NOMEM, NULL);
    ctx->req->path = path; /* freed with the request */
    size_t decoded_len = 0;
    if (polis_params_url_decode(raw, path_len, 0, path, path_len + 1, &decoded_len) != 0 ||
        memchr(path, '\0', decoded_len) != NULL) {
        path[0] = '\0';
        ctx->path = path;
        return polis_json_send_error(ctx, MHD_HTTP_BAD_REQUEST, "bad_request",
                                     "path: bad percent-encoding");
    }
    ctx->path = path;

    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (strcmp(path, routes[i].path) != 0)
            continue;
        if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
            ctx->allow = ALLOWED_METHODS;
            return polis_json_send_error(ctx, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
                                         "%s: only %s are allowed on %s", method,
                                         ALLOWED_METHODS, routes[i].path);
        }
        return routes[i].handler(ctx);
    }
    return polis_json_send_error(ctx, MHD_HTTP_NOT_FOUND, "not_found", "no such path: %.*s",
                                 MAX_ECHO, path);
}
