/* cors.c — Cross-Origin Resource Sharing for the /api/ routes. */
#include "http/cors.h"

#include <string.h>

/* Longest Access-Control-Request-Headers echoed in a preflight. */
#define MAX_REQUEST_HEADERS 256

int sd_cors_allowed(const char *list, const char *origin, size_t len)
{
    if (list == NULL)
        return 0;
    const char *p = list;
    while (*p != '\0') {
        while (*p == ' ' || *p == ',')
            p++;
        size_t n = strcspn(p, ", ");
        if (n == 1 && p[0] == '*')
            return 1;
        if (n > 0 && n == len && origin != NULL && memcmp(p, origin, n) == 0)
            return 1;
        p += n;
    }
    return 0;
}

int sd_cors_headers(sd_http_ctx_t *ctx, struct MHD_Response *r, int *vary_origin)
{
    *vary_origin = 0;
    const char *list = ctx->cfg->cors_origins;
    if (list == NULL || strcmp(list, "*") == 0) {
        if (MHD_add_response_header(r, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_ORIGIN, "*") != MHD_YES)
            return -1;
    } else {
        /* With a list, the answer names one origin, so caches must keep one
         * copy per Origin. */
        *vary_origin = 1;
        const char *origin =
            MHD_lookup_connection_value(ctx->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ORIGIN);
        if (origin != NULL && sd_cors_allowed(list, origin, strlen(origin)) &&
            MHD_add_response_header(r, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_ORIGIN, origin) !=
                MHD_YES)
            return -1;
    }
    /* Scripts may read the validator to revalidate by hand. */
    if (MHD_add_response_header(r, "Access-Control-Expose-Headers", "ETag") != MHD_YES)
        return -1;
    return 0;
}

/* Non-zero when s is a list of header names: tokens, commas and spaces. */
static int header_list(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > MAX_REQUEST_HEADERS)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || c == ',' || c == ' ';
        if (!ok)
            return 0;
    }
    return 1;
}

enum MHD_Result sd_cors_preflight(sd_http_ctx_t *ctx, const char *allow)
{
    /* The API reads nothing but its URL, so any simple header the caller's
     * script sets (Accept, If-None-Match...) may come along. */
    const char *asked =
        MHD_lookup_connection_value(ctx->conn, MHD_HEADER_KIND, "Access-Control-Request-Headers");
    static const char *const base[] = { "Access-Control-Allow-Methods", "GET, HEAD, OPTIONS",
                                        "Access-Control-Max-Age", "86400", NULL };
    const char *with_headers[] = { "Access-Control-Allow-Methods",
                                   "GET, HEAD, OPTIONS",
                                   "Access-Control-Max-Age",
                                   "86400",
                                   "Access-Control-Allow-Headers",
                                   asked,
                                   NULL };
    ctx->allow = allow;
    ctx->headers = asked != NULL && header_list(asked) ? with_headers : base;
    return sd_http_send_static(ctx, MHD_HTTP_NO_CONTENT, NULL, "");
}
