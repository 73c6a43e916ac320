/* reply.c — JSON answers on the wire: a body sent, and the error objects. */
#include "http/reply.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/jsonw.h"
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
    return sd_jsonw_dump(body, 10, len);
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

char *sd_reply_error_body(const char *code, const char *message, size_t *len)
{
    /* The message may echo what the client sent, or be cut in the middle of
     * a character: JSON wants it whole. */
    polis_buf_t text = { 0 };
    json_t *root = NULL;
    if (polis_text_utf8_repair(message, strlen(message), &text) == 0)
        root = json_pack("{s:{s:s,s:s%}}", "error", "code", code, "message",
                         text.data != NULL ? text.data : "", text.len);
    polis_buf_free(&text);
    char *body = root != NULL ? sd_reply_dump(root, len) : NULL;
    json_decref(root);
    return body;
}

/* The error as the route's page shows it (French HTML). */
static enum MHD_Result page_error(sd_http_ctx_t *ctx, unsigned status, const char *code,
                                  const char *message)
{
    const sd_http_error_page_t *page = ctx->error_page;
    size_t len = 0;
    char *body = page->render(status, code, message, &len);
    if (body == NULL)
        return send_nomem(ctx);
    ctx->headers = page->headers;
    ctx->cors = 0;
    return sd_http_send(ctx, status, page->content_type, body, len);
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
    if (ctx->error_page != NULL)
        return page_error(ctx, status, code, message);
    size_t len = 0;
    char *body = sd_reply_error_body(code, message, &len);
    if (body == NULL)
        return send_nomem(ctx);
    return sd_http_send(ctx, status, SD_REPLY_JSON_TYPE, body, len);
}

char *sd_reply_raw(unsigned status, const char *code, const char *message,
                   const sd_http_error_page_t *page, const char *request_id, int head, size_t *len)
{
    size_t body_len = 0;
    char *body = page != NULL ? page->render(status, code, message, &body_len)
                              : sd_reply_error_body(code, message, &body_len);
    if (body == NULL)
        return NULL;
    polis_buf_t out = { 0 };
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm) == NULL ||
        strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm) == 0)
        date[0] = '\0';
    const char *reason = MHD_get_reason_phrase_for(status);
    int err = polis_buf_printf(&out,
                               "HTTP/1.1 %u %s\r\nDate: %s\r\nConnection: close\r\n"
                               "Content-Type: %s\r\nContent-Length: %zu\r\n"
                               "X-Content-Type-Options: nosniff\r\n",
                               status, reason != NULL && reason[0] != '\0' ? reason : "Error", date,
                               page != NULL ? page->content_type : SD_REPLY_JSON_TYPE, body_len);
    for (const char *const *h = page != NULL ? page->headers : NULL; h != NULL && h[0] && h[1];
         h += 2)
        err |= polis_buf_printf(&out, "%s: %s\r\n", h[0], h[1]);
    if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
        err |= polis_buf_puts(&out, "Retry-After: 1\r\n");
    if (request_id != NULL && request_id[0] != '\0')
        err |= polis_buf_printf(&out, "X-Request-Id: %s\r\n", request_id);
    err |= polis_buf_puts(&out, "\r\n");
    if (!head)
        err |= polis_buf_append(&out, body, body_len);
    free(body);
    if (err) {
        polis_buf_free(&out);
        return NULL;
    }
    *len = out.len;
    return out.data;
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
    /* The request's id, which the client got too, ties the two together. */
    fprintf(stderr, "polis-searchd: %s %s (request %s): %s%s%s\n", ctx->req->method,
            ctx->path != NULL ? ctx->path : "?",
            ctx->req->request_id[0] != '\0' ? ctx->req->request_id : "-", polis_status_str(st),
            has_detail ? ": " : "", has_detail ? detail : "");
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
