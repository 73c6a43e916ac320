/* json.c — JSON helpers over jansson: safe strings, error bodies, sending. */
#include "api/json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polis/text.h"

/* Sent when even the error body cannot be built. */
static const char nomem_body[] =
    "{\"error\":{\"code\":\"out_of_memory\",\"message\":\"out of memory\"}}";

json_t *sd_json_strn(const char *s, size_t len)
{
    if (polis_text_valid_utf8(s, len))
        return json_stringn(s, len);
    polis_buf_t b = { 0 };
    json_t *j = polis_text_utf8_repair(s, len, &b) != 0
                    ? NULL
                    : json_stringn(b.data != NULL ? b.data : "", b.len);
    polis_buf_free(&b);
    return j;
}

json_t *sd_json_str(const char *s)
{
    if (s == NULL)
        return json_null();
    return sd_json_strn(s, strlen(s));
}

int sd_json_set(json_t *obj, const char *key, json_t *value)
{
    if (value == NULL)
        return -1;
    return json_object_set_new(obj, key, value) == 0 ? 0 : -1;
}

int sd_json_append(json_t *arr, json_t *value)
{
    if (value == NULL)
        return -1;
    return json_array_append_new(arr, value) == 0 ? 0 : -1;
}

char *sd_json_dump(const json_t *body, size_t *len)
{
    char *text = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(10));
    if (text == NULL)
        return NULL;
    *len = strlen(text);
    return text;
}

static enum MHD_Result send_nomem(sd_http_ctx_t *ctx)
{
    return sd_http_send_static(ctx, MHD_HTTP_SERVICE_UNAVAILABLE, SD_JSON_TYPE, nomem_body);
}

enum MHD_Result sd_json_send(sd_http_ctx_t *ctx, unsigned status, json_t *body)
{
    if (body == NULL)
        return send_nomem(ctx);
    size_t len = 0;
    char *text = sd_json_dump(body, &len);
    json_decref(body);
    if (text == NULL)
        return send_nomem(ctx);
    return sd_http_send(ctx, status, SD_JSON_TYPE, text, len);
}

enum MHD_Result sd_json_send_error(sd_http_ctx_t *ctx, unsigned status, const char *code,
                                   const char *fmt, ...)
{
    /* An error says nothing about the index: no validator for it. */
    ctx->etag[0] = '\0';
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    if (n < 0)
        message[0] = '\0';
    json_t *err = json_object();
    json_t *root = json_object();
    int bad = err == NULL || root == NULL;
    if (!bad) {
        bad |= sd_json_set(err, "code", sd_json_str(code));
        bad |= sd_json_set(err, "message", sd_json_str(message));
        bad |= sd_json_set(root, "error", json_incref(err));
    }
    json_decref(err);
    if (bad) {
        json_decref(root);
        return send_nomem(ctx);
    }
    return sd_json_send(ctx, status, root);
}

enum MHD_Result sd_json_send_status(sd_http_ctx_t *ctx, polis_status_t st, const char *detail)
{
    const char *what = polis_status_str(st);
    switch (st) {
    case POLIS_ERR_BAD_QUERY:
        return sd_json_send_error(ctx, MHD_HTTP_BAD_REQUEST, "bad_query", "%s",
                                  detail != NULL && detail[0] != '\0' ? detail : what);
    case POLIS_ERR_NOMEM: return send_nomem(ctx);
    default: break;
    }
    /* Server-side trouble: the details (paths, Xapian's words) are for the
     * operator's log, the client gets the category. */
    fprintf(stderr, "polis-searchd: %s %s: %s%s%s\n", ctx->req->method,
            ctx->path != NULL ? ctx->path : "?", what,
            detail != NULL && detail[0] != '\0' ? ": " : "", detail != NULL ? detail : "");
    switch (st) {
    case POLIS_ERR_TIMEOUT:
        return sd_json_send_error(ctx, MHD_HTTP_SERVICE_UNAVAILABLE, "timeout", "%s", what);
    case POLIS_ERR_NOT_FOUND:
    case POLIS_ERR_MODIFIED:
    case POLIS_ERR_CORRUPT:
    case POLIS_ERR_IO:
    case POLIS_ERR_LOCKED:
        return sd_json_send_error(ctx, MHD_HTTP_SERVICE_UNAVAILABLE, "index_unavailable",
                                  "the index cannot be read: %s", what);
    default:
        return sd_json_send_error(ctx, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal_error", "%s",
                                  what);
    }
}
