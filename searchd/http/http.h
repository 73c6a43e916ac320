/* http.h — what a handler gets, and how it answers.
 *
 * The one header every room includes to serve a request.  It depends on
 * nothing else of searchd: the rooms above (api/, page/) include it, and it
 * never includes them back.  What the handlers share beyond the request
 * (index handles, limits, the answer cache) is `struct sd_app`, which
 * api/app.h defines and main.c gives to the server; here it is only carried.
 *
 * A request's life: the intake (gate.c) reads and checks its head and hands
 * the connection to libmicrohttpd, which calls the server's URI-log
 * callback, which readies the connection's sd_http_request_t and keeps the
 * raw URI (the query string as the client sent it, before decoding); the
 * access handler builds an sd_http_ctx_t and hands it to the router
 * (router.h), which calls the route's handler; the handler answers with
 * sd_http_send() or the JSON replies of reply.h, or first hands itself to
 * the search pool (sd_http_offload()); the completion callback writes the
 * access-log line and resets the request.
 */
#ifndef SD_HTTP_HTTP_H
#define SD_HTTP_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <microhttpd.h>

struct sd_app;
struct sd_http_ctx;

/* A route's handler: answers the request (always queues a response unless
 * it returns MHD_NO, which closes the connection). */
typedef enum MHD_Result (*sd_http_handler_fn)(struct sd_http_ctx *ctx);

/* How a room answers its errors when JSON is not for its visitors (the
 * page's French HTML): render() writes the whole document for status, code
 * and message (as sd_reply_error() takes them), malloc()ed, its length in
 * *len, NULL when out of memory; it is sent as content_type with headers
 * (name, value, ..., NULL).  Static, registered with a route (router.h). */
typedef struct {
    char *(*render)(unsigned status, const char *code, const char *message, size_t *len);
    const char *content_type;
    const char *const *headers;
} sd_http_error_page_t;

/* Per-request state, from the URI-log callback to the completion callback.
 * One per connection, reset for each request on it (see server.c). */
typedef struct {
    uint64_t start_us; /* monotonic */
    char method[16];
    char protocol[12]; /* "HTTP/1.1" */
    /* Its id (reqid.h: the client's X-Request-Id when sane, else a new
     * one), sent back on every answer; "" until the head is whole. */
    char request_id[65];
    char *raw_uri;     /* as received, NUL-terminated */
    char *path;        /* decoded path, NULL until routed */
    const char *route; /* the route's label for /metrics (static), NULL: none */
    unsigned status;   /* 0 until a response is queued */
    size_t bytes;      /* body bytes sent (0 for HEAD) */
    size_t body_bytes; /* request body seen (and dropped) */
    int started;       /* the access handler has been called */
    int body;          /* a body is announced (Content-Length > 0) */
    int answered;      /* a handler has run */
    /* A request handed to the search pool (sd_http_offload()): the
     * handler's context there, and what it answered, queued by
     * libmicrohttpd's thread once the connection is resumed. */
    struct sd_http_ctx *job;
    struct MHD_Response *reply;
    unsigned reply_status;
    enum MHD_Result job_result;
    int resumed;
} sd_http_request_t;

/* What a handler gets. */
typedef struct sd_http_ctx {
    struct MHD_Connection *conn;
    struct sd_app *app; /* what main gave the server: the rooms' shared state */
    sd_http_request_t *req;
    const char *server_url;   /* --public-url, else the address listened on */
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
    const sd_http_error_page_t *error_page; /* the route's, NULL: errors are JSON */
    sd_http_handler_fn handler;             /* the route's, set by the router */
    /* Set by the server: hands the request to the search pool (see
     * sd_http_offload()); NULL when there is none. */
    enum MHD_Result (*offload)(struct sd_http_ctx *ctx);
    void *offload_cls;
    int offloaded; /* the handler runs on a thread of the search pool */
} sd_http_ctx_t;

/* For a handler about to do the costly part of its work (a search): hand
 * the request to the search pool, so that libmicrohttpd's threads, which
 * serve every connection, never wait behind it.  The connection is
 * suspended, and the handler is called again on a thread of the pool with
 * ctx->offloaded set; what it sends there is queued when the connection
 * resumes.  Returns 1 with *ret set when the request was handed over (or
 * refused: 503 `busy` when the pool's queue is full), 0 when the caller is
 * to go on (it is on the pool's thread already, or there is no pool).
 * Everything the handler did before the call is done again on the pool's
 * thread, so it must be cheap and without effect (reading parameters,
 * looking up the answer store). */
int sd_http_offload(sd_http_ctx_t *ctx, enum MHD_Result *ret);

/* Queue a response with this status, Content-Type and body (taking
 * ownership of the malloc()ed body, which is freed even on failure).
 * Adds the common headers (the request's X-Request-Id among them) and
 * records status and size for the log.
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

/* The base of absolute links to this daemon (feeds, OpenSearch), with no
 * '/' at its end: ctx->server_url, which is --public-url when given
 * ("https://polis.example.fr"), else the address listened on.  Never the
 * request's Host, which is the client's to choose.  Belongs to the server. */
const char *sd_http_base_url(const sd_http_ctx_t *ctx);

/* Microseconds on the monotonic clock. */
uint64_t sd_http_now_us(void);

#endif
