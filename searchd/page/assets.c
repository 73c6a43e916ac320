/* assets.c — serving the built-in files (scripts, styles, icon).
 *
 * The page asks for /assets/NAME?v=HASH; a URL that names the content
 * can be cached for a year.  Partners' pages ask for /widget.js with no
 * hash, so that URL is revalidated every few minutes with its ETag, and a
 * new widget reaches them soon after an upgrade.
 */
#include "page/assets.h"

#include <stdio.h>
#include <string.h>

#include "http/etag.h"
#include "http/reply.h"
#include "page/policy.h"

const sd_assets_file_t *sd_assets_find(const char *name)
{
    size_t lo = 0, hi = sd_assets_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(name, sd_assets[mid].name);
        if (c == 0)
            return &sd_assets[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

static enum MHD_Result send_asset(sd_http_ctx_t *ctx, const sd_assets_file_t *a)
{
    /* Built per request: the ETag is the asset's.  MHD copies the headers
     * when the response is queued, before this frame ends. */
    const char *headers[12];
    size_t n = 0;
    char etag[32];
    int len = snprintf(etag, sizeof etag, "\"%s\"", a->hash);
    if (len < 0 || (size_t)len >= sizeof etag)
        return sd_reply_status(ctx, POLIS_ERR_NOMEM, NULL);
    const char *v = sd_http_arg(ctx, "v");
    headers[n++] = "Cache-Control";
    /* A URL that names the content never changes: cache it for a year. */
    headers[n++] = v != NULL && strcmp(v, a->hash) == 0 ? "public, max-age=31536000, immutable"
                                                        : "public, max-age=300";
    headers[n++] = "ETag";
    headers[n++] = etag;
    if (strncmp(a->content_type, "text/html", 9) == 0) {
        /* An HTML asset is a page: the page's policy. */
        headers[n++] = "Content-Security-Policy";
        headers[n++] = SD_POLICY_CSP;
        headers[n++] = "Referrer-Policy";
        headers[n++] = SD_POLICY_REFERRER;
    }
    headers[n++] = NULL;
    headers[n++] = NULL;
    ctx->headers = headers;
    if (sd_etag_matches(sd_http_header(ctx, MHD_HTTP_HEADER_IF_NONE_MATCH), etag))
        return sd_http_send_static(ctx, MHD_HTTP_NOT_MODIFIED, a->content_type, "");
    return sd_http_send_static(ctx, MHD_HTTP_OK, a->content_type, (const char *)a->data);
}

static enum MHD_Result send_named(sd_http_ctx_t *ctx, const char *name)
{
    const sd_assets_file_t *a = sd_assets_find(name);
    if (a == NULL)
        return sd_reply_error(ctx, MHD_HTTP_NOT_FOUND, "not_found", "no such asset: %.100s", name);
    return send_asset(ctx, a);
}

enum MHD_Result sd_assets_handle(sd_http_ctx_t *ctx)
{
    return send_named(ctx, ctx->tail);
}

enum MHD_Result sd_assets_widget_handle(sd_http_ctx_t *ctx)
{
    return send_named(ctx, "widget.js");
}

enum MHD_Result sd_assets_favicon_handle(sd_http_ctx_t *ctx)
{
    return send_named(ctx, "favicon.svg");
}
