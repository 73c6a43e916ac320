/* http.c — answering a request: the common headers, gzip, CORS, ETag.
 *
 * Every response goes through queue(), so what all answers carry is decided
 * in one place: nosniff, Vary, the CORS headers of an /api/ route, the ETag
 * and its Cache-Control, Allow, X-Request-Id, and the handler's own headers; and whether
 * it is queued at once or, on a thread of the search pool, kept for
 * libmicrohttpd's thread to queue.
 */
#include "http/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/cors.h"
#include "http/gzip.h"

uint64_t sd_http_now_us(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

const char *sd_http_header(sd_http_ctx_t *ctx, const char *name)
{
    return MHD_lookup_connection_value(ctx->conn, MHD_HEADER_KIND, name);
}

const char *sd_http_arg(sd_http_ctx_t *ctx, const char *name)
{
    return MHD_lookup_connection_value(ctx->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *sd_http_base_url(const sd_http_ctx_t *ctx)
{
    return ctx->server_url != NULL ? ctx->server_url : "";
}

int sd_http_offload(sd_http_ctx_t *ctx, enum MHD_Result *ret)
{
    if (ctx->offload == NULL || ctx->offloaded)
        return 0;
    *ret = ctx->offload(ctx);
    return 1;
}

static enum MHD_Result queue(sd_http_ctx_t *ctx, unsigned status, const char *content_type,
                             struct MHD_Response *r, size_t len)
{
    /* nosniff keeps error texts from being read as HTML. */
    int bad = 0;
    if (content_type != NULL)
        bad |= MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type) != MHD_YES;
    bad |= MHD_add_response_header(r, "X-Content-Type-Options", "nosniff") != MHD_YES;
    int vary_origin = 0;
    if (ctx->cors)
        bad |= sd_cors_headers(r, ctx->cors_origins, sd_http_header(ctx, MHD_HTTP_HEADER_ORIGIN),
                               &vary_origin) != 0;
    /* A 304 (no type) stands for a body that may have been compressed. */
    int vary_encoding = content_type == NULL || sd_gzip_compressible(content_type);
    if (vary_encoding || vary_origin)
        bad |= MHD_add_response_header(r, MHD_HTTP_HEADER_VARY,
                                       vary_encoding && vary_origin ? "Accept-Encoding, Origin"
                                       : vary_encoding              ? "Accept-Encoding"
                                                                    : "Origin") != MHD_YES;
    if (ctx->etag[0] != '\0') {
        /* Clients may keep the answer but must ask again each time, which
         * costs them a 304 while the index is the same. */
        bad |= MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, ctx->etag) != MHD_YES;
        bad |= MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache") != MHD_YES;
    }
    if (ctx->allow != NULL)
        bad |= MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, ctx->allow) != MHD_YES;
    /* Errors too: the id is what a client quotes when something failed. */
    if (ctx->req->request_id[0] != '\0')
        bad |= MHD_add_response_header(r, "X-Request-Id", ctx->req->request_id) != MHD_YES;
    /* A 503 is a moment's trouble (busy, a generation switching): say when. */
    if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
        bad |= MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1") != MHD_YES;
    for (const char *const *h = ctx->headers; h != NULL && h[0] != NULL && h[1] != NULL; h += 2)
        bad |= MHD_add_response_header(r, h[0], h[1]) != MHD_YES;
    if (bad) {
        MHD_destroy_response(r);
        return MHD_NO;
    }
    if (ctx->offloaded) {
        /* On a thread of the search pool: libmicrohttpd's thread queues it
         * when the connection resumes (server.c). */
        ctx->req->reply = r;
        ctx->req->reply_status = status;
        ctx->req->status = status;
        ctx->req->bytes = ctx->head ? 0 : len;
        return MHD_YES;
    }
    enum MHD_Result ret = MHD_queue_response(ctx->conn, status, r);
    MHD_destroy_response(r);
    if (ret == MHD_YES) {
        ctx->req->status = status;
        ctx->req->bytes = ctx->head ? 0 : len;
    }
    return ret;
}

/* Swap body for its gzip form when the client and the type allow it and it
 * is worth it.  Returns 1 when compressed. */
static int maybe_gzip(sd_http_ctx_t *ctx, const char *content_type, char **body, size_t *len)
{
    if (*len < SD_GZIP_MIN_BYTES || !sd_gzip_compressible(content_type))
        return 0;
    const char *ae = sd_http_header(ctx, MHD_HTTP_HEADER_ACCEPT_ENCODING);
    char *z = NULL;
    size_t zlen = 0;
    if (!sd_gzip_accepted(ae) || sd_gzip_compress(*body, *len, &z, &zlen) != 0)
        return 0; /* a failed compression still leaves the plain body to send */
    free(*body);
    *body = z;
    *len = zlen;
    return 1;
}

enum MHD_Result sd_http_send(sd_http_ctx_t *ctx, unsigned status, const char *content_type,
                             char *body, size_t len)
{
    int gzipped = maybe_gzip(ctx, content_type, &body, &len);
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (r == NULL) {
        free(body);
        return MHD_NO;
    }
    if (gzipped &&
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip") != MHD_YES) {
        MHD_destroy_response(r);
        return MHD_NO;
    }
    return queue(ctx, status, content_type, r, len);
}

enum MHD_Result sd_http_send_static(sd_http_ctx_t *ctx, unsigned status, const char *content_type,
                                    const char *body)
{
    size_t len = strlen(body);
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_PERSISTENT);
    if (r == NULL)
        return MHD_NO;
    return queue(ctx, status, content_type, r, len);
}

/* A stream's reader, the request whose size the log reports, and, when
 * the client takes gzip, the compressor and what it has made and not yet
 * sent (zout.data[zsent..len)). */
typedef struct {
    sd_http_reader_fn reader;
    void *cls;
    void (*free_cls)(void *);
    sd_http_request_t *req;
    sd_gzip_stream_t *gz;
    polis_buf_t zout;
    size_t zsent;
    int zdone;
    uint64_t in_pos; /* bytes the reader has given */
} stream_t;

/* Fill zout from the reader, compressed; 0, or an SD_HTTP_STREAM_* code. */
static ssize_t stream_deflate(stream_t *s)
{
    char in[32 * 1024];
    while (s->zsent == s->zout.len && !s->zdone) {
        s->zout.len = 0;
        s->zsent = 0;
        ssize_t n = s->reader(s->cls, s->in_pos, in, sizeof in);
        if (n == SD_HTTP_STREAM_ERROR || n < SD_HTTP_STREAM_ERROR)
            return SD_HTTP_STREAM_ERROR;
        int end = n == SD_HTTP_STREAM_END;
        if (!end)
            s->in_pos += (uint64_t)n;
        if (sd_gzip_stream_write(s->gz, in, end ? 0 : (size_t)n, end, &s->zout) != 0)
            return SD_HTTP_STREAM_ERROR;
        s->zdone = end;
    }
    return s->zsent == s->zout.len ? SD_HTTP_STREAM_END : 0;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    stream_t *s = cls;
    ssize_t n;
    if (s->gz != NULL) {
        n = stream_deflate(s);
        if (n == 0) {
            n = (ssize_t)(s->zout.len - s->zsent < max ? s->zout.len - s->zsent : max);
            memcpy(buf, s->zout.data + s->zsent, (size_t)n);
            s->zsent += (size_t)n;
        }
    } else {
        n = s->reader(s->cls, pos, buf, max);
    }
    if (n == SD_HTTP_STREAM_END)
        return MHD_CONTENT_READER_END_OF_STREAM;
    if (n < 0)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    s->req->bytes += (size_t)n;
    return n;
}

static void stream_free(void *cls)
{
    stream_t *s = cls;
    if (s->free_cls != NULL)
        s->free_cls(s->cls);
    sd_gzip_stream_free(s->gz);
    polis_buf_free(&s->zout);
    free(s);
}

enum MHD_Result sd_http_send_stream(sd_http_ctx_t *ctx, unsigned status, const char *content_type,
                                    sd_http_reader_fn reader, void *cls, void (*free_cls)(void *))
{
    stream_t *s = calloc(1, sizeof *s);
    if (s == NULL) {
        if (free_cls != NULL)
            free_cls(cls);
        return MHD_NO;
    }
    s->reader = reader;
    s->cls = cls;
    s->free_cls = free_cls;
    s->req = ctx->req;
    /* A stream is compressed as it goes when the client and the type allow. */
    if (sd_gzip_compressible(content_type) &&
        sd_gzip_accepted(sd_http_header(ctx, MHD_HTTP_HEADER_ACCEPT_ENCODING)) &&
        (s->gz = sd_gzip_stream_new()) == NULL) {
        stream_free(s);
        return MHD_NO;
    }
    /* Chunks of up to 32 KiB: a batch of hits is encoded at a time. */
    struct MHD_Response *r =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 32 * 1024, stream_read, s, stream_free);
    if (r == NULL) {
        stream_free(s);
        return MHD_NO;
    }
    if (s->gz != NULL &&
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip") != MHD_YES) {
        MHD_destroy_response(r);
        return MHD_NO;
    }
    return queue(ctx, status, content_type, r, 0);
}
