/* server.h — the HTTP daemon: configuration, per-request state, responses.
 *
 * A request's life: libmicrohttpd calls the URI-log callback, which
 * readies the connection's sd_http_request_t and keeps the raw URI (the query string as the
 * client sent it, before decoding); the access handler builds a sd_http_ctx_t
 * and hands it to sd_router_dispatch(); a handler answers with
 * sd_http_send() (or the JSON helpers on top of it); the completion
 * callback writes the access-log line and resets the request.
 */
#ifndef SD_HTTP_SERVER_H
#define SD_HTTP_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include <microhttpd.h>

#include "api/handle.h"
#include "api/params.h"

/* Every limit the daemon has, as set by options (see main.c for defaults). */
typedef struct {
    const char *index_dir;
    const char *listen; /* "HOST:PORT", "[V6]:PORT" */
    unsigned threads;   /* worker threads */
    unsigned max_connections;
    unsigned max_per_ip;
    unsigned timeout;            /* idle connection timeout, seconds */
    size_t connection_memory;    /* per-connection memory, bounds the request head */
    unsigned max_facet_values;   /* values counted per facet */
    double query_time_limit;     /* seconds, 0 = none */
    unsigned max_wildcard_terms; /* terms a wildcard expands to */
    unsigned max_suggestions;    /* completions /api/suggest gives */
    sd_params_limits_t params;   /* q length, page size, deepest page */
    int quiet;                   /* no access log */
    size_t max_uri_bytes;        /* longest request target: 414 beyond, 0 = none */
    const char *cors_origins;    /* "*", or a comma list of origins allowed on /api/ */
    size_t answer_cache_bytes;   /* whole answers kept for repeats (answers.h), 0 = none */
    size_t set_cache_bytes;      /* match sets for counting (polis_index_set_cache_limit) */
    const char *access_log;      /* access log file, NULL = stderr */
} sd_config_t;

typedef struct sd_server sd_server_t;

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
    sd_server_t *server;
    const sd_config_t *cfg;
    sd_http_request_t *req;
    const char *path;  /* decoded, NUL-free */
    const char *query; /* raw query string (after '?'), "" when none */
    size_t query_len;
    int head;                   /* HEAD: send headers only */
    const char *allow;          /* when set, sent as the Allow header */
    const char *const *headers; /* more headers for the response: name, value, ...,
                                 * NULL (the page's CSP, an asset's Cache-Control) */
    const char *tail;           /* what a prefix route leaves of the path, "" otherwise */
    int cors;                   /* an /api/ route: CORS headers apply */
    char etag[96];              /* when set, sent as ETag (see cache.h) */
} sd_http_ctx_t;

/* Start listening and serving.  On success *out is the running server.
 * Returns 0, or -1 after printing why on stderr.  cfg is copied; the strings
 * it points to must outlive the server. */
int sd_server_start(const sd_config_t *cfg, sd_server_t **out);

/* The URL the server answers on, with the port actually bound (so
 * "--listen 127.0.0.1:0" gives the ephemeral port): "http://127.0.0.1:PORT".
 * Belongs to s. */
const char *sd_server_url(const sd_server_t *s);

/* Stop accepting, finish or drop the connections, join the workers (which
 * closes their index handles) and free the server.  NULL is allowed. */
void sd_server_stop(sd_server_t *s);

/* Make every worker recheck the index on its next request (SIGHUP). */
void sd_server_reload(sd_server_t *s);

/* The per-thread index handles. */
sd_handle_pool_t *sd_server_handles(sd_server_t *s);

/* The store of recent answers (answers.h); NULL when there is none. */
struct sd_answer_cache *sd_server_answers(sd_server_t *s);

/* Queue a response with this status, Content-Type and body (taking
 * ownership of the malloc()ed body, which is freed even on failure).
 * Adds the common headers and records status and size for the log. */
enum MHD_Result sd_http_send(sd_http_ctx_t *ctx, unsigned status, const char *content_type,
                             char *body, size_t len);

/* Bodies of a compressible type (gzip.h) of SD_GZIP_MIN_BYTES or more go
 * gzip-compressed when the request's Accept-Encoding allows; those answers
 * carry Vary: Accept-Encoding.  /api/ answers (ctx->cors) get the CORS
 * headers of cors.h, and ctx->etag when set. */

/* The same for a static body, which is not freed nor compressed.
 * content_type may be NULL (a 204 or 304 has no body to type). */
enum MHD_Result sd_http_send_static(sd_http_ctx_t *ctx, unsigned status, const char *content_type,
                                    const char *body);

/* Microseconds on the monotonic clock. */
uint64_t sd_http_now_us(void);

#endif
