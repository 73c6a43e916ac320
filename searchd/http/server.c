/* server.c — the daemon's threads, and the callbacks around each request.
 *
 * Three kinds of threads serve: the intake (gate.c), which accepts and
 * reads each new connection's request head; libmicrohttpd's workers (one
 * per core by default), each polling its share of the connections with
 * epoll, which run the cheap handlers and send every answer; and the search
 * pool (pool.c), which runs the costly handlers, handed over with the
 * connection suspended (sd_http_offload()), so that a search never holds up
 * a worker and the connections it polls.  Every thread that reads the index
 * has a handle of its own (api/handle.c).
 *
 * libmicrohttpd listens on nothing: the intake gives it connections whose
 * head is whole and sound (MHD_add_connection()).
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

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <strings.h>
#include <unistd.h>

#include "http/gate.h"
#include "http/log.h"
#include "http/metrics.h"
#include "http/pool.h"
#include "http/reply.h"
#include "http/reqid.h"

_Static_assert(sizeof(((sd_http_request_t *)0)->request_id) == SD_REQID_SIZE,
               "a request's id is a request id");

struct sd_server {
    struct MHD_Daemon *daemon;
    sd_server_config_t cfg;
    const sd_router_t *router;
    struct sd_app *app;
    int listen_fd;
    sd_conns_t *conns;
    sd_gate_t *gate;
    sd_pool_t *pool;
    char url[128];                /* the address bound: "http://127.0.0.1:8080" */
    char base[SD_SERVER_URL_MAX]; /* --public-url, else url */
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
    if (req->reply != NULL)
        MHD_destroy_response(req->reply);
    memset(req, 0, sizeof *req);
}

static sd_conns_entry_t *conn_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info != NULL ? info->socket_context : NULL;
}

/* The request state lives as long as the connection (its entry in the
 * table) and is reused by each request on it.  It is not allocated per
 * request because libmicrohttpd does not call the completion callback for
 * a request that fails before the access handler: state allocated in
 * on_uri() would leak, while the connection's is freed when it closes. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    sd_server_t *s = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = info != NULL ? sd_conns_started(s->conns, info->connect_fd) : NULL;
        return;
    }
    /* libmicrohttpd says so before it closes the socket, so the table never
     * shuts down a descriptor another connection reuses. */
    sd_conns_entry_t *c = *socket_context;
    if (c != NULL) {
        reset_request(&c->req);
        sd_conns_closed(s->conns, c);
    }
    *socket_context = NULL;
}

/* Called first for every request, with the URI as received: the only place
 * the query string is seen undecoded.  What it returns becomes *con_cls. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    sd_server_t *s = cls;
    sd_conns_entry_t *c = conn_of(conn);
    if (c == NULL)
        return NULL;
    sd_http_request_t *req = &c->req;
    reset_request(req); /* a previous request that never completed */
    req->start_us = sd_http_now_us();
    req->raw_uri = strdup(uri != NULL ? uri : "");
    if (req->raw_uri == NULL)
        return NULL;
    sd_conns_request_line(s->conns, c);
    return req;
}

/* A context for answering req on conn. */
static void init_ctx(sd_server_t *s, sd_http_ctx_t *ctx, struct MHD_Connection *conn,
                     sd_http_request_t *req, const char *method)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->conn = conn;
    ctx->app = s->app;
    ctx->req = req;
    ctx->server_url = s->base;
    ctx->cors_origins = s->cfg.cors_origins;
    ctx->head = strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    ctx->path = "";
    ctx->query = "";
    ctx->offload_cls = s;
}

/* Counts of a head's fields: all of them, and the Host ones. */
typedef struct {
    unsigned fields, hosts;
} counts_t;

static int count_fields(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    counts_t *n = cls;
    (void)kind;
    (void)value;
    n->fields++;
    if (key != NULL && strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0)
        n->hosts++;
    return MHD_YES;
}

/* What the intake checks of a first head, checked again on every head:
 * libmicrohttpd reads the heads of a kept-alive connection itself (what
 * it refuses there, a head past its memory or one its parser rejects, it
 * answers itself).  Returns 0, or the status of the error with *why its
 * message. */
static unsigned check_head(sd_server_t *s, struct MHD_Connection *conn, const char *version,
                           const char **code, const char **why, int *body)
{
    counts_t n = { 0, 0 };
    MHD_get_connection_values(conn, MHD_HEADER_KIND, (MHD_KeyValueIterator)count_fields, &n);
    unsigned hosts = n.hosts;
    const union MHD_ConnectionInfo *size =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
    unsigned params = (unsigned)MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, NULL, NULL);
    const char *te =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
    const char *cl =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    *code = "bad_request";
    *body = cl != NULL && strspn(cl, "0") != strlen(cl);
    if (n.fields > SD_HEAD_MAX_FIELDS ||
        (size != NULL && size->header_size > s->cfg.max_head_bytes)) {
        *code = "headers_too_large";
        *why = "the request head is larger than --max-head-bytes";
        return MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE;
    }
    if (params > SD_HEAD_MAX_PARAMS) {
        *why = "the URL has too many parameters";
        return MHD_HTTP_BAD_REQUEST;
    }
    if (hosts > 1 || (hosts == 0 && strcmp(version, MHD_HTTP_VERSION_1_1) == 0)) {
        *why = hosts > 1 ? "more than one Host header" : "HTTP/1.1 needs a Host header";
        return MHD_HTTP_BAD_REQUEST;
    }
    if (te != NULL) {
        *code = "length_required";
        *why = "a body must come with a Content-Length";
        return MHD_HTTP_LENGTH_REQUIRED;
    }
    if (cl != NULL && (strlen(cl) > 19 || strtoull(cl, NULL, 10) > s->cfg.max_body_bytes)) {
        *code = "payload_too_large";
        *why = "the body is larger than --max-body-bytes";
        return MHD_HTTP_CONTENT_TOO_LARGE;
    }
    return 0;
}

/* On a thread of the search pool: run the handler the request was handed
 * over with, then give the connection back to libmicrohttpd, whose thread
 * queues what the handler answered (on_request()). */
static void run_job(void *arg)
{
    sd_conns_entry_t *c = arg;
    c->req.job_result = c->job.handler(&c->job);
    c->req.resumed = 1;
    MHD_resume_connection(c->job.conn);
}

static enum MHD_Result offload(sd_http_ctx_t *ctx)
{
    sd_server_t *s = ctx->offload_cls;
    if (sd_pool_reserve(s->pool) != 0)
        return sd_reply_error(ctx, MHD_HTTP_SERVICE_UNAVAILABLE, "busy",
                              "too many searches at once; try again in a moment");
    sd_conns_entry_t *c = conn_of(ctx->conn);
    c->job = *ctx;
    c->job.offloaded = 1;
    ctx->req->job = &c->job;
    MHD_suspend_connection(ctx->conn);
    sd_pool_push(s->pool, run_job, c);
    return MHD_YES;
}

/* Back from the search pool: queue its answer. */
static enum MHD_Result resumed(struct MHD_Connection *conn, sd_http_request_t *req)
{
    req->resumed = 0;
    if (req->reply == NULL)
        return MHD_NO; /* the handler could not answer: close */
    enum MHD_Result ret = MHD_queue_response(conn, req->reply_status, req->reply);
    MHD_destroy_response(req->reply);
    req->reply = NULL;
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    sd_server_t *s = cls;
    sd_http_request_t *req = *con_cls;
    (void)url; /* decoded by libmicrohttpd, NULs and bad escapes lost: use raw_uri */
    (void)upload_data;
    sd_conns_entry_t *c = conn_of(conn);
    if (req == NULL || c == NULL) {
        /* The per-request state could not even be allocated. */
        struct MHD_Response *r = MHD_create_response_from_buffer(
            strlen(sd_reply_nomem_body), (void *)sd_reply_nomem_body, MHD_RESPMEM_PERSISTENT);
        if (r == NULL)
            return MHD_NO;
        enum MHD_Result ret = MHD_queue_response(conn, MHD_HTTP_SERVICE_UNAVAILABLE, r);
        MHD_destroy_response(r);
        return ret;
    }
    if (req->resumed)
        return resumed(conn, req);
    sd_http_ctx_t ctx;
    if (!req->started) {
        req->started = 1;
        int n = snprintf(req->method, sizeof req->method, "%s", method);
        if (n < 0)
            req->method[0] = '\0';
        n = snprintf(req->protocol, sizeof req->protocol, "%s", version);
        if (n < 0)
            req->protocol[0] = '\0';
        /* Before the table's lock below: its 408 may name the id. */
        const char *id = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Request-Id");
        sd_reqid_take(id, id != NULL ? strlen(id) : 0, req->request_id);
        const char *code = NULL, *why = NULL;
        unsigned bad = check_head(s, conn, version, &code, &why, &req->body);
        int later = strcmp(method, MHD_HTTP_METHOD_GET) == 0 ||
                    strcmp(method, MHD_HTTP_METHOD_HEAD) == 0 ||
                    strcmp(method, MHD_HTTP_METHOD_OPTIONS) == 0;
        if (sd_conns_request(s->conns, c, later && !bad && req->body) != 0)
            return MHD_NO; /* its time ran out meanwhile */
        if (bad) {
            /* Answered before the body is read: libmicrohttpd closes after. */
            req->answered = 1;
            init_ctx(s, &ctx, conn, req, method);
            ctx.error_page =
                sd_router_error_page(s->router, req->raw_uri, strcspn(req->raw_uri, "?#"));
            return sd_reply_error(&ctx, bad, code, "%s", why);
        }
        /* libmicrohttpd closes the connection after a response queued before
         * the request is complete, so GET and HEAD are answered on the next
         * call, which keeps the connection alive.  Other methods are refused
         * at once: reading their bodies would be wasted work. */
        if (later)
            return MHD_YES;
    }
    if (*upload_data_size != 0) {
        /* A body (on a GET, or after a refusal): drop it, up to a bound. */
        req->body_bytes += *upload_data_size;
        *upload_data_size = 0;
        return req->body_bytes > s->cfg.max_body_bytes ? MHD_NO : MHD_YES;
    }
    if (req->answered)
        return MHD_YES;
    if (req->body && sd_conns_body_read(s->conns, c) != 0)
        return MHD_NO;
    req->answered = 1;
    init_ctx(s, &ctx, conn, req, method);
    if (s->pool != NULL)
        ctx.offload = offload;
    return sd_router_dispatch(s->router, &ctx, method);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    sd_server_t *s = cls;
    sd_http_request_t *req = *con_cls;
    if (req == NULL)
        return;
    uint64_t now = sd_http_now_us();
    sd_metrics_observe(req->route, req->status, now - req->start_us);
    sd_conns_entry_t *c = conn_of(conn);
    if (!s->cfg.quiet) {
        /* The request's fields live in libmicrohttpd's memory until this
         * callback returns. */
        const char *ua =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_USER_AGENT);
        const char *ref =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_REFERER);
        sd_log_client_t client = { c != NULL ? (const struct sockaddr *)&c->sa : NULL, ua,
                                   ua != NULL ? strlen(ua) : 0, ref,
                                   ref != NULL ? strlen(ref) : 0 };
        sd_log_access(req, &client, now - req->start_us,
                      toe != MHD_REQUEST_TERMINATED_COMPLETED_OK);
    }
    reset_request(req);
    *con_cls = NULL;
    if (c != NULL)
        sd_conns_completed(s->conns, c, now);
}

/* A 408 for a head libmicrohttpd was reading when its time ran out. */
static void answer_held(void *cls, int fd, unsigned status, const char *code, const char *message,
                        const char *raw_uri, const char *request_id)
{
    sd_server_t *s = cls;
    sd_gate_answer(s->router, fd, status, code, message, raw_uri, strcspn(raw_uri, "?#"), 0,
                   request_id);
}

/* libmicrohttpd's own messages, at most one a second: a client that drops
 * its connections by the thousand must not fill the operator's log. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    static atomic_ullong last;
    static atomic_uint dropped;
    (void)cls;
    uint64_t now = sd_http_now_us();
    uint64_t then = atomic_load(&last);
    if (then != 0 && now - then < 1000000u) {
        atomic_fetch_add(&dropped, 1);
        return;
    }
    atomic_store(&last, now);
    char msg[400];
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    if (n < 0)
        return;
    size_t len = strlen(msg);
    while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == '\r'))
        msg[--len] = '\0';
    unsigned more = atomic_exchange(&dropped, 0);
    if (more > 0)
        fprintf(stderr, "polis-searchd: libmicrohttpd: %s (and %u more messages)\n", msg, more);
    else
        fprintf(stderr, "polis-searchd: libmicrohttpd: %s\n", msg);
}

static int open_listen(const struct sockaddr_storage *ss, socklen_t len, const char *where)
{
    int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    /* SO_REUSEADDR (a restart need not wait for TIME_WAIT), never
     * SO_REUSEPORT: a second daemon started by mistake must fail. */
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        (ss->ss_family == AF_INET6 &&
         setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0) ||
        bind(fd, (const struct sockaddr *)ss, len) != 0 || listen(fd, SOMAXCONN) != 0) {
        fprintf(stderr, "polis-searchd: cannot listen on %s: %s\n", where, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

int sd_server_bind(const sd_server_config_t *cfg, sd_server_t **out)
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
    s->listen_fd = open_listen(&ss, ss_len, cfg->listen);
    if (s->listen_fd < 0) {
        free(s);
        return -1;
    }
    struct sockaddr_storage bound;
    socklen_t blen = sizeof bound;
    unsigned port = 0;
    if (getsockname(s->listen_fd, (struct sockaddr *)&bound, &blen) == 0)
        port = ntohs(bound.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
                                                 : ((struct sockaddr_in *)&bound)->sin_port);
    int n = snprintf(s->url, sizeof s->url, "http://%s:%u", host, port);
    if (n < 0 || (size_t)n >= sizeof s->url)
        s->url[0] = '\0';
    const char *base =
        cfg->public_url != NULL && cfg->public_url[0] != '\0' ? cfg->public_url : s->url;
    n = snprintf(s->base, sizeof s->base, "%s", base);
    while (n > 0 && s->base[n - 1] == '/')
        s->base[--n] = '\0';
    *out = s;
    return 0;
}

int sd_server_run(sd_server_t *s, const sd_router_t *router, struct sd_app *app)
{
    const sd_server_config_t *cfg = &s->cfg;
    s->router = router;
    s->app = app;
    s->conns = sd_conns_new(cfg->max_connections, cfg->max_per_ip,
                            (uint64_t)(cfg->head_timeout * 1e6), answer_held, s);
    if (s->conns == NULL) {
        fprintf(stderr, "polis-searchd: out of memory\n");
        return -1;
    }
    if (cfg->search_threads > 0) {
        s->pool = sd_pool_new(cfg->search_threads, cfg->search_queue);
        if (s->pool == NULL)
            return -1;
    }
    /* epoll when libmicrohttpd has it (Linux), else its best poller.  It
     * listens on nothing (the intake does), takes connections from the
     * intake (MHD_USE_ITC wakes its threads for them) and lets the search
     * pool suspend and resume them.  Its connection limit leaves room for
     * connections the table has shut down and libmicrohttpd not yet
     * closed; the table keeps the real count. */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
                     MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME;
    flags |= MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ? MHD_USE_EPOLL : MHD_USE_AUTO;
    s->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cfg->threads, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned int)(2 * cfg->max_connections + cfg->threads), MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned int)cfg->timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)cfg->connection_memory, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_END);
    if (s->daemon == NULL) {
        fprintf(stderr, "polis-searchd: cannot start libmicrohttpd\n");
        return -1;
    }
    sd_head_limits_t lim = { cfg->max_uri_bytes, cfg->max_head_bytes, cfg->max_body_bytes };
    s->gate = sd_gate_new(s->listen_fd, s->conns, router, &lim, cfg->quiet);
    if (s->gate == NULL || sd_gate_start(s->gate, s->daemon) != 0)
        return -1;
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
    /* No new connection; the searches under way finish and resume their
     * connections (libmicrohttpd may not stop with one suspended); then
     * libmicrohttpd closes the rest. */
    sd_gate_stop(s->gate);
    sd_pool_stop(s->pool);
    if (s->daemon != NULL)
        MHD_stop_daemon(s->daemon);
    sd_conns_free(s->conns);
    if (s->listen_fd >= 0)
        close(s->listen_fd);
    free(s);
}
