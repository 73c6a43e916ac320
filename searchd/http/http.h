/* http.h — what a handler gets, and how it answers.
 *
 * The one header every room includes to serve a request.  It depends on
 * nothing else of searchd: the rooms above (api/, page/) include it, and it
 * never includes them back.  What the handlers share beyond the request
 * (index handles, limits, the answer cache) is `struct sd_app`, which
 * api/app.h defines and main.c gives to the server; here it is only carried.
 *
 * A request's life: libmicrohttpd calls the server's URI-log callback, which
 * readies the connection's sd_http_request_t and keeps the raw URI (the query
 * string as the client sent it, before decoding); the access handler builds
 * an sd_http_ctx_t and hands it to the router (router.h), which calls the
 * route's handler; the handler answers with sd_http_send() or the JSON
 * replies of reply.h; the completion callback writes the access-log line and
 * resets the request.
 */
#ifndef SD_HTTP_HTTP_H
#define SD_HTTP_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <microhttpd.h>

struct sd_app;

/* Per-request state, from the URI-log callback to the completion callback.
 * One per connection, reset for each request on it (see server.c). */
typedef struct {
    uint64_t start_us; /* monotonic */
    char method[16];
    char *raw_uri;     /* as received, NUL-terminated */
    char *path;        /* decoded path, NULL until routed */
    const char *route; /* the route's label for /metrics (static), NULL: none */
    unsigned status;   /* 0 until a response is queued */
    size_t bytes;      /* body bytes sent (0 for HEAD) */
    size_t body_bytes; /* request body seen (and dropped) */
    int started;       /* the access handler has been called */
    int answered;      /* a handler has run */
} sd_http_request_t;

/* What a handler gets. */
typedef struct {
    struct MHD_Connection *conn;
    struct sd_app *app; /* what main gave the server: the rooms' shared state */
    sd_http_request_t *req;
    const char *server_url;   /* the address listened on, "http://127.0.0.1:8080" */
    const char *cors_origins; /* "*", or the comma list of --cors-origins */
    const char *path;         /* decoded, NUL-free */
    const char *query;        /* raw query string (after '?'), "" when none */
    size_t query_len;
    int head;                   /* HEAD: send headers only */
    const char *allow;          /* when set, sent as the Allow header */
    const char *const *headers; /* more headers for the response: name, value, ...,
                                 * NULL (the page's CSP, an asset's Cache-Control) */
    const char *tail;           /* what a prefix route leaves of the path, "" otherwise */
    int cors;                   /* an /api/ route: CORS headers apply */
    char etag[96];              /* when set, sent as ETag (see etag.h) */
} sd_http_ctx_t;

/* A route's handler: answers the request (always queues a response unless
 * it returns MHD_NO, which closes the connection). */
typedef enum MHD_Result (*sd_http_handler_fn)(sd_http_ctx_t *ctx);

/* Queue a response with this status, Content-Type and body (taking
 * ownership of the malloc()ed body, which is freed even on failure).
 * Adds the common headers and records status and size for the log.
 *
 * Bodies of a compressible type (gzip.h) of SD_GZIP_MIN_BYTES or more go
 * gzip-compressed when the request's Accept-Encoding allows; those answers
 * carry Vary: Accept-Encoding.  /api/ answers (ctx->cors) get the CORS
 * headers of cors.h, and ctx->etag when set. */
enum MHD_Result sd_http_send(sd_http_ctx_t *ctx, unsigned status, const char *content_type,
                             char *body, size_t len);

/* The same for a static body, which is not freed nor compressed.
 * content_type may be NULL (a 204 or 304 has no body to type). */
enum MHD_Result sd_http_send_static(sd_http_ctx_t *ctx, unsigned status, const char *content_type,
                                    const char *body);

/* What a stream reader returns instead of a number of bytes: the body is
 * complete, or it failed (the connection is then closed, so the client
 * sees a truncated answer rather than a complete-looking one). */
#define SD_HTTP_STREAM_END   ((ssize_t)-1)
#define SD_HTTP_STREAM_ERROR ((ssize_t)-2)

/* A body made as it is sent: copy up to max bytes of it, from byte pos, to
 * buf and return how many (at least 1), or SD_HTTP_STREAM_END or
 * SD_HTTP_STREAM_ERROR.  Called on the worker thread of the request. */
typedef ssize_t (*sd_http_reader_fn)(void *cls, uint64_t pos, char *buf, size_t max);

/* Queue a response whose body reader writes as libmicrohttpd sends it
 * (chunked, of unknown length; gzip-compressed as it goes when the
 * client accepts it and the type is worth it), with the same common
 * headers as sd_http_send().  free_cls(cls) is called once the response is
 * done with, sent or not, and also when this call fails.  For bodies too
 * large to build at once (exports). */
enum MHD_Result sd_http_send_stream(sd_http_ctx_t *ctx, unsigned status, const char *content_type,
                                    sd_http_reader_fn reader, void *cls, void (*free_cls)(void *));

/* The value of a request header, or NULL.  Belongs to the request. */
const char *sd_http_header(sd_http_ctx_t *ctx, const char *name);

/* A query-string parameter as libmicrohttpd decoded it, or NULL; for
 * validated reading see query.h.  Belongs to the request. */
const char *sd_http_arg(sd_http_ctx_t *ctx, const char *name);

/* Room for sd_http_base_url(): a scheme, a Host of at most 255 bytes. */
#define SD_HTTP_BASE_URL_SIZE 300

/* The base of absolute links to this daemon ("https://polis.example.fr"):
 * from the request's Host (and X-Forwarded-Proto, behind a TLS proxy) when
 * the Host is a plain host[:port] or [v6]:port of at most 255 bytes, else
 * ctx->server_url.  The result holds nothing XML or HTML would have to
 * escape.  Written to out, "" when it does not fit in size bytes
 * (SD_HTTP_BASE_URL_SIZE always suffices). */
void sd_http_base_url(sd_http_ctx_t *ctx, char *out, size_t size);

/* Microseconds on the monotonic clock. */
uint64_t sd_http_now_us(void);

#endif
