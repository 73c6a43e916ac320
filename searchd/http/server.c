/* server.c — libmicrohttpd set-up and the callbacks around each request.
 *
 * libmicrohttpd runs a pool of worker threads (one per core by default),
 * each polling its share of the connections with epoll; handlers run on
 * those threads and block them for the length of a query, which is why each
 * worker owns an index handle (api/handle.c) and queries have a time limit.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "http/log.h"
#include "http/metrics.h"
#include "http/reply.h"

struct sd_server {
    struct MHD_Daemon *daemon;
    sd_server_config_t cfg;
    const sd_router_t *router;
    struct sd_app *app;
    char url[128];
};

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
        /* The per-request state could not even be allocated. */
        struct MHD_Response *r = MHD_create_response_from_buffer(
            strlen(sd_reply_nomem_body), (void *)sd_reply_nomem_body, MHD_RESPMEM_PERSISTENT);
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
    ctx.app = s->app;
    ctx.req = req;
    ctx.server_url = s->url;
    ctx.cors_origins = s->cfg.cors_origins;
    ctx.head = strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    return sd_router_dispatch(s->router, &ctx, method);
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

int sd_server_start(const sd_server_config_t *cfg, const sd_router_t *router, struct sd_app *app,
                    sd_server_t **out)
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
    s->router = router;
    s->app = app;

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
    free(s);
}
