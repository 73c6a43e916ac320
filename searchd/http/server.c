/* server.c — libmicrohttpd set-up and the callbacks around each request.
 *
 * libmicrohttpd runs a pool of worker threads (one per core by default),
 * each polling its share of the connections with epoll; handlers run on
 * those threads and block them for the length of a query, which is why each
 * worker owns an index handle (handle.c) and queries have a time limit.
 */
#include "http/server.h"

#include "http/answer_cache.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "http/cors.h"
#include "http/gzip.h"
#include "http/log.h"
#include "http/metrics.h"
#include "http/router.h"

struct sd_server {
    struct MHD_Daemon *daemon;
    sd_config_t cfg;
    sd_handle_pool_t *handles;
    struct sd_answer_cache *answers;
    char url[128];
};

/* Answer when the per-request state could not even be allocated. */
static const char nomem_body[] =
    "{\"error\":{\"code\":\"out_of_memory\",\"message\":\"out of memory\"}}";

uint64_t sd_http_now_us(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* Split "HOST:PORT" or "[V6]:PORT" and resolve it to a socket address.
 * host receives the host as it should appear in a URL (brackets kept). */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *ss_len,
                        char *host, size_t host_size)
{
    const char *colon = strrchr(listen, ':');
    if (colon == NULL || colon == listen || colon[1] == '\0') {
        fprintf(stderr, "polis-searchd: --listen %s: want HOST:PORT\n", listen);
        return -1;
    }
    size_t hlen = (size_t)(colon - listen);
    if (hlen >= host_size) {
        fprintf(stderr, "polis-searchd: --listen %s: host too long\n", listen);
        return -1;
    }
    memcpy(host, listen, hlen);
    host[hlen] = '\0';
    char name[128];
    const char *lookup = host;
    if (host[0] == '[') {
        if (hlen < 3 || host[hlen - 1] != ']') {
            fprintf(stderr, "polis-searchd: --listen %s: unbalanced brackets\n", listen);
            return -1;
        }
        memcpy(name, host + 1, hlen - 2);
        name[hlen - 2] = '\0';
        lookup = name;
    }
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int rc = getaddrinfo(lookup, colon + 1, &hints, &res);
    if (rc != 0) {
        fprintf(stderr, "polis-searchd: --listen %s: %s\n", listen, gai_strerror(rc));
        return -1;
    }
    if (res->ai_addrlen > sizeof *ss) {
        freeaddrinfo(res);
        return -1;
    }
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *ss_len = res->ai_addrlen;
    freeaddrinfo(res);
    /* A name that resolved to IPv6 must be bracketed in the URL. */
    if (ss->ss_family == AF_INET6 && host[0] != '[') {
        char v6[INET6_ADDRSTRLEN];
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
        if (inet_ntop(AF_INET6, &a->sin6_addr, v6, sizeof v6) == NULL)
            return -1;
        int n = snprintf(host, host_size, "[%s]", v6);
        if (n < 0 || (size_t)n >= host_size)
            return -1;
    }
    return 0;
}

/* Forget a request: the fields of one request, not the struct, which
 * belongs to the connection. */
static void reset_request(sd_http_request_t *req)
{
    free(req->raw_uri);
    free(req->path);
    memset(req, 0, sizeof *req);
}

/* The request state lives as long as the connection and is reused by each
 * request on it (libmicrohttpd runs them one after the other).  It is not
 * allocated per request because libmicrohttpd does not call the completion
 * callback for a request that fails before the access handler (a head too
 * big for the connection's memory): state allocated in on_uri() would leak,
 * while the connection's is freed when it closes. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    (void)cls;
    (void)conn;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        *socket_context = calloc(1, sizeof(sd_http_request_t)); /* NULL: on_request says 503 */
        return;
    }
    sd_http_request_t *req = *socket_context;
    if (req != NULL) {
        reset_request(req);
        free(req);
    }
    *socket_context = NULL;
}

/* Called first for every request, with the URI as received: the only place
 * the query string is seen undecoded.  What it returns becomes *con_cls. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls;
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    sd_http_request_t *req = info != NULL ? info->socket_context : NULL;
    if (req == NULL)
        return NULL;
    reset_request(req); /* a previous request that never completed */
    req->start_us = sd_http_now_us();
    req->raw_uri = strdup(uri != NULL ? uri : "");
    if (req->raw_uri == NULL)
        return NULL;
    return req;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    sd_server_t *s = cls;
    sd_http_request_t *req = *con_cls;
    (void)url; /* decoded by libmicrohttpd, NULs and bad escapes lost: use raw_uri */
    (void)version;
    (void)upload_data;
    if (req == NULL) {
        struct MHD_Response *r = MHD_create_response_from_buffer(
            sizeof nomem_body - 1, (void *)nomem_body, MHD_RESPMEM_PERSISTENT);
        if (r == NULL)
            return MHD_NO;
        enum MHD_Result ret = MHD_queue_response(conn, MHD_HTTP_SERVICE_UNAVAILABLE, r);
        MHD_destroy_response(r);
        return ret;
    }
    if (!req->started) {
        req->started = 1;
        int n = snprintf(req->method, sizeof req->method, "%s", method);
        if (n < 0)
            req->method[0] = '\0';
        /* libmicrohttpd closes the connection after a response queued before
         * the request is complete, so GET and HEAD are answered on the next
         * call, which keeps the connection alive.  Other methods are refused
         * at once: reading their bodies would be wasted work. */
        if (strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0 ||
            strcmp(method, MHD_HTTP_METHOD_OPTIONS) == 0)
            return MHD_YES;
    }
    if (req->answered || *upload_data_size != 0) {
        /* A body (on a GET, or after a refusal): drop it, up to a bound. */
        req->body_bytes += *upload_data_size;
        *upload_data_size = 0;
        return req->body_bytes > s->cfg.connection_memory ? MHD_NO : MHD_YES;
    }
    req->answered = 1;

    sd_http_ctx_t ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.conn = conn;
    ctx.server = s;
    ctx.cfg = &s->cfg;
    ctx.req = req;
    ctx.head = strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    return sd_router_dispatch(&ctx, method);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    sd_server_t *s = cls;
    sd_http_request_t *req = *con_cls;
    (void)conn;
    if (req == NULL)
        return;
    uint64_t usec = sd_http_now_us() - req->start_us;
    sd_metrics_observe(req->route, req->status, usec);
    if (!s->cfg.quiet)
        sd_log_access(req, usec, toe != MHD_REQUEST_TERMINATED_COMPLETED_OK);
    reset_request(req);
    *con_cls = NULL;
}

static unsigned bound_port(struct MHD_Daemon *d, const struct sockaddr_storage *ss)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    if (info != NULL && info->port != 0)
        return info->port;
    if (ss->ss_family == AF_INET6)
        return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
    return ntohs(((const struct sockaddr_in *)ss)->sin_port);
}

int sd_server_start(const sd_config_t *cfg, sd_server_t **out)
{
    *out = NULL;
    struct sockaddr_storage ss;
    socklen_t ss_len = 0;
    char host[96];
    if (parse_listen(cfg->listen, &ss, &ss_len, host, sizeof host) != 0)
        return -1;

    sd_server_t *s = calloc(1, sizeof *s);
    if (s == NULL) {
        fprintf(stderr, "polis-searchd: out of memory\n");
        return -1;
    }
    s->cfg = *cfg;
    s->answers = sd_answer_cache_new(cfg->answer_cache_bytes);
    polis_index_set_cache_limit(cfg->set_cache_bytes);
    char *msg = NULL;
    polis_status_t st = sd_handle_pool_new(cfg->index_dir, &s->handles, &msg);
    if (st != POLIS_OK) {
        fprintf(stderr, "polis-searchd: cannot open index %s: %s\n", cfg->index_dir,
                msg != NULL ? msg : polis_status_str(st));
        free(msg);
        sd_answer_cache_free(s->answers);
        free(s);
        return -1;
    }

    /* epoll when libmicrohttpd has it (Linux), else its best poller.  No
     * MHD_OPTION_LISTENING_ADDRESS_REUSE: with it a second daemon started by
     * mistake would share the port (SO_REUSEPORT) instead of failing. */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    flags |= MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ? MHD_USE_EPOLL : MHD_USE_AUTO;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    /* The port is taken from the address; passing it too only makes
     * libmicrohttpd's own messages right. */
    uint16_t want_port = ss.ss_family == AF_INET6
                             ? ntohs(((const struct sockaddr_in6 *)&ss)->sin6_port)
                             : ntohs(((const struct sockaddr_in *)&ss)->sin_port);
    s->daemon = MHD_start_daemon(
        flags, want_port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cfg->threads, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned int)cfg->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned int)cfg->max_per_ip, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)cfg->connection_memory,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s, MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
    if (s->daemon == NULL) {
        fprintf(stderr, "polis-searchd: cannot listen on %s\n", cfg->listen);
        sd_handle_pool_free(s->handles);
        sd_answer_cache_free(s->answers);
        free(s);
        return -1;
    }
    int n = snprintf(s->url, sizeof s->url, "http://%s:%u", host, bound_port(s->daemon, &ss));
    if (n < 0 || (size_t)n >= sizeof s->url)
        s->url[0] = '\0';
    *out = s;
    return 0;
}

const char *sd_server_url(const sd_server_t *s)
{
    return s->url;
}

void sd_server_stop(sd_server_t *s)
{
    if (s == NULL)
        return;
    MHD_stop_daemon(s->daemon);
    sd_handle_pool_free(s->handles);
    sd_answer_cache_free(s->answers);
    free(s);
}

void sd_server_reload(sd_server_t *s)
{
    sd_handle_pool_bump(s->handles);
}

sd_handle_pool_t *sd_server_handles(sd_server_t *s)
{
    return s->handles;
}

struct sd_answer_cache *sd_server_answers(sd_server_t *s)
{
    return s->answers;
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
        bad |= sd_cors_headers(ctx, r, &vary_origin) != 0;
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
    for (const char *const *h = ctx->headers; h != NULL && h[0] != NULL && h[1] != NULL; h += 2)
        bad |= MHD_add_response_header(r, h[0], h[1]) != MHD_YES;
    if (bad) {
        MHD_destroy_response(r);
        return MHD_NO;
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
    const char *ae =
        MHD_lookup_connection_value(ctx->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
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
