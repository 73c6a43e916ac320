/* reply.c — JSON answers on the wire: a body sent, and the error objects. */
#include "http/reply.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polis/text.h"

const char sd_reply_nomem_body[] =
    "{\"error\":{\"code\":\"out_of_memory\",\"message\":\"out of memory\"}}";

static enum MHD_Result send_nomem(sd_http_ctx_t *ctx)
{
    return sd_http_send_static(ctx, MHD_HTTP_SERVICE_UNAVAILABLE, SD_REPLY_JSON_TYPE,
                               sd_reply_nomem_body);
}

char *sd_reply_dump(const json_t *body, size_t *len)
{
    char *text = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(10));
    if (text == NULL)
        return NULL;
    *len = strlen(text);
    return text;
}

enum MHD_Result sd_reply_json(sd_http_ctx_t *ctx, unsigned status, json_t *body)
{
    if (body == NULL)
        return send_nomem(ctx);
    size_t len = 0;
    char *text = sd_reply_dump(body, &len);
    json_decref(body);
    if (text == NULL)
        return send_nomem(ctx);
    return sd_http_send(ctx, status, SD_REPLY_JSON_TYPE, text, len);
}

enum MHD_Result sd_reply_error(sd_http_ctx_t *ctx, unsigned status, const char *code,
                               const char *fmt, ...)
{
    ctx->etag[0] = '\0';
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    if (n < 0)
        message[0] = '\0';
    /* The message may echo what the client sent, or be cut in the middle of
     * a character: JSON wants it whole. */
    polis_buf_t text = { 0 };
    json_t *root = NULL;
    if (polis_text_utf8_repair(message, strlen(message), &text) == 0)
        root = json_pack("{s:{s:s,s:s%}}", "error", "code", code, "message",
                         text.data != NULL ? text.data : "", text.len);
    polis_buf_free(&text);
    return sd_reply_json(ctx, status, root);
}

enum MHD_Result sd_reply_failure(sd_http_ctx_t *ctx, polis_status_t st, char *detail)
{
    enum MHD_Result ret = sd_reply_status(ctx, st, detail);
    free(detail);
    return ret;
}

void sd_reply_log(const sd_http_ctx_t *ctx, polis_status_t st, const char *detail)
{
    int has_detail = detail != NULL && detail[0] != '\0';
    fprintf(stderr, "polis-searchd: %s %s: %s%s%s\n", ctx->req->method,
            ctx->path != NULL ? ctx->path : "?", polis_status_str(st), has_detail ? ": " : "",
            has_detail ? detail : "");
}

enum MHD_Result sd_reply_status(sd_http_ctx_t *ctx, polis_status_t st, const char *detail)
{
    const char *what = polis_status_str(st);
    switch (st) {
    case POLIS_ERR_BAD_QUERY:
        return sd_reply_error(ctx, MHD_HTTP_BAD_REQUEST, "bad_query", "%s",
                              detail != NULL && detail[0] != '\0' ? detail : what);
    case POLIS_ERR_NOMEM: return send_nomem(ctx);
    default: break;
    }
    /* Server-side trouble: the details (paths, Xapian's words) are for the
     * operator's log, the client gets the category. */
    sd_reply_log(ctx, st, detail);
    switch (st) {
    case POLIS_ERR_TIMEOUT:
        return sd_reply_error(ctx, MHD_HTTP_SERVICE_UNAVAILABLE, "timeout", "%s", what);
    case POLIS_ERR_UNAVAILABLE:
        return sd_reply_error(ctx, MHD_HTTP_SERVICE_UNAVAILABLE, "shard_unavailable",
                              "%s; try again shortly", what);
    case POLIS_ERR_NOT_FOUND:
    case POLIS_ERR_MODIFIED:
    case POLIS_ERR_CORRUPT:
    case POLIS_ERR_IO:
    case POLIS_ERR_LOCKED:
        return sd_reply_error(ctx, MHD_HTTP_SERVICE_UNAVAILABLE, "index_unavailable",
                              "the index cannot be read: %s", what);
    default:
        return sd_reply_error(ctx, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal_error", "%s", what);
    }
}
