/* gate.c — the intake (see gate.h).
 *
 * Why a thread of our own in front of libmicrohttpd rather than its
 * callbacks: libmicrohttpd says nothing of a connection between its opening
 * and the end of the request line, and nothing of a head before it is
 * whole; it answers what it refuses itself (in HTML, twice for a
 * Content-Length that overflows, not at all for a body or a parameter list
 * too large), and its only clock is an idle timer that each byte resets.
 * Reading the head here, with MSG_PEEK so that the bytes stay in the socket
 * for libmicrohttpd, gives every refusal our words and every head a
 * deadline, at the cost of one peek per arrival of data.
 *
 * The connections are watched edge-triggered: peeked bytes stay readable,
 * and only new data (or the client's end) wakes the thread again.
 */
#include "http/gate.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/log.h"
#include "http/metrics.h"
#include "http/reply.h"
#include "http/reqid.h"

/* How long an answered connection is kept open, its input read and dropped,
 * so that the client reads the answer before the close (a close with unread
 * input would reset the connection and lose the answer). */
#define LINGER_US 1000000u
/* Connections accepted in one go before the others get their turn. */
#define ACCEPT_BATCH 128
/* How long accepting pauses when the process is out of descriptors. */
#define PAUSE_US 100000u
/* Events taken from epoll at a time. */
#define EVENTS 64

struct sd_gate {
    int listen_fd, epfd, wake_fd;
    pthread_t thread;
    int running;
    atomic_int stopping;
    sd_conns_t *conns;
    struct MHD_Daemon *daemon;
    const sd_router_t *router;
    sd_head_limits_t lim;
    int quiet;
    char *buf; /* peeked bytes: max_head + 2 */
    size_t buf_size;
    uint64_t paused_until; /* accepting paused until then (0: not) */
};

/* Tags of the two sockets that are not connections. */
static char listen_tag, wake_tag;

void sd_gate_answer(const sd_router_t *router, int fd, unsigned status, const char *code,
                    const char *message, const char *raw_path, size_t path_len, int head,
                    const char *request_id)
{
    const sd_http_error_page_t *page =
        router != NULL ? sd_router_error_page(router, raw_path, path_len) : NULL;
    char made[SD_REQID_SIZE];
    if (request_id == NULL || request_id[0] == '\0') {
        sd_reqid_make(made);
        request_id = made;
    }
    size_t len = 0;
    char *bytes = sd_reply_raw(status, code, message, page, request_id, head, &len);
    if (bytes == NULL)
        return;
    size_t off = 0;
    while (off < len) {
        ssize_t n = send(fd, bytes + off, len - off, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* the client is gone, or not reading: it gets the close */
        off += (size_t)n;
    }
    free(bytes);
}

/* The value of a field of the head in the gate's buffer, NULL when it
 * was not met; its length in *n. */
static const char *field_of(const sd_gate_t *g, sd_head_span_t span, size_t *n)
{
    *n = span.len;
    return span.len > 0 ? g->buf + span.off : NULL;
}

/* The access-log line and the metric of a request the gate answered with
 * status, h as far as the head was read. */
static void log_refusal(sd_gate_t *g, const sd_conns_entry_t *c, const sd_head_t *h,
                        const char *request_id)
{
    uint64_t usec = sd_http_now_us() - c->since_us;
    sd_metrics_observe(NULL, h->status, usec);
    if (g->quiet)
        return;
    sd_http_request_t req;
    memset(&req, 0, sizeof req);
    /* The method and target as far as they came; the log escapes them. */
    size_t m = strcspn(g->buf, " \r\n");
    snprintf(req.method, sizeof req.method, "%.*s", (int)(m < 15 ? m : 15), g->buf);
    char uri[320];
    size_t target_len = h->target_len < 319 ? h->target_len : 319;
    snprintf(uri, sizeof uri, "%.*s", (int)target_len, g->buf + h->target_off);
    req.raw_uri = uri;
    if (h->minor >= 0)
        snprintf(req.protocol, sizeof req.protocol, "HTTP/1.%d", h->minor);
    req.status = h->status;
    snprintf(req.request_id, sizeof req.request_id, "%s", request_id);
    sd_log_client_t client = { .peer = (const struct sockaddr *)&c->sa };
    client.user_agent = field_of(g, h->user_agent, &client.user_agent_len);
    client.referer = field_of(g, h->referer, &client.referer_len);
    sd_log_access(&req, &client, usec, 0);
}

/* Read and drop what the client sent (peeked bytes stay in the socket
 * until then).  0 when there may be more, -1 at its end or an error. */
static int discard(sd_gate_t *g, sd_conns_entry_t *c)
{
    for (;;) {
        ssize_t n = recv(c->fd, g->buf, g->buf_size, 0);
        if (n > 0)
            continue;
        if (n < 0 && errno == EINTR)
            continue;
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
    }
}

static void close_conn(sd_gate_t *g, sd_conns_entry_t *c)
{
    /* Unread input would make the close a reset, which can destroy an
     * answer the client has not read yet. */
    discard(g, c);
    close(c->fd); /* also leaves the epoll set */
    sd_conns_release(g->conns, c);
}

/* Answer c, which the gate holds (attached, or detached by the table), and
 * let it linger. */
static void answer(sd_gate_t *g, sd_conns_entry_t *c, const sd_head_t *h)
{
    size_t plen = 0, idlen = 0;
    const char *path = sd_head_path(g->buf, h, &plen);
    char id[SD_REQID_SIZE];
    const char *sent = field_of(g, h->request_id, &idlen);
    sd_reqid_take(sent, idlen, id);
    sd_gate_answer(g->router, c->fd, h->status, h->code, h->message, path, plen, h->is_head, id);
    log_refusal(g, c, h, id);
    shutdown(c->fd, SHUT_WR);
    if (discard(g, c) != 0) {
        close_conn(g, c);
        return;
    }
    sd_conns_linger(g->conns, c, sd_http_now_us(), LINGER_US);
}

/* Peek at what c sent so far; NUL-terminate it for the log's sake. */
static ssize_t peek(sd_gate_t *g, sd_conns_entry_t *c)
{
    ssize_t n;
    do
        n = recv(c->fd, g->buf, g->buf_size - 1, MSG_PEEK);
    while (n < 0 && errno == EINTR);
    g->buf[n > 0 ? n : 0] = '\0';
    return n;
}

static void hand_over(sd_gate_t *g, sd_conns_entry_t *c)
{
    epoll_ctl(g->epfd, EPOLL_CTL_DEL, c->fd, NULL);
    sd_conns_hand_over(g->conns, c);
    /* From here on c is libmicrohttpd's: it may be served and freed before
     * MHD_add_connection() returns. */
    int fd = c->fd;
    if (MHD_add_connection(g->daemon, fd, (const struct sockaddr *)&c->sa, c->sa_len) != MHD_YES) {
        /* libmicrohttpd closed the socket and never knew the connection. */
        sd_conns_release(g->conns, c);
    }
}

/* New bytes (or the end) on a connection whose head is awaited. */
static void read_head(sd_gate_t *g, sd_conns_entry_t *c, int hup)
{
    ssize_t n = peek(g, c);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return;
    if (n <= 0) {
        close_conn(g, c); /* gone before its head was whole */
        return;
    }
    sd_head_t h;
    switch (sd_head_check(g->buf, (size_t)n, &g->lim, &h)) {
    case SD_HEAD_MORE:
        if (hup)
            close_conn(g, c); /* it will send nothing more */
        return;
    case SD_HEAD_BAD: answer(g, c, &h); return;
    case SD_HEAD_DONE: hand_over(g, c); return;
    }
}

/* A connection of the gate's whose deadline passed (the table detached
 * it): a head still coming is answered 408; a lingering one is closed. */
static void expired(void *cls, sd_conns_entry_t *c)
{
    sd_gate_t *g = cls;
    if (c->linger_us != 0) {
        close_conn(g, c);
        return;
    }
    ssize_t n = peek(g, c);
    sd_head_t h;
    if (n <= 0 || sd_head_check(g->buf, (size_t)n, &g->lim, &h) != SD_HEAD_MORE) {
        memset(&h, 0, sizeof h);
        h.minor = -1;
    }
    h.status = 408;
    h.code = "request_timeout";
    snprintf(h.message, sizeof h.message, "the request did not arrive within the time allowed");
    answer(g, c, &h);
}

static void pause_accepting(sd_gate_t *g, int err)
{
    static atomic_int said;
    if (atomic_exchange(&said, 1) == 0)
        fprintf(stderr, "polis-searchd: cannot accept connections: %s (more will be tried)\n",
                strerror(err));
    struct epoll_event ev = { .events = 0, .data.ptr = &listen_tag };
    epoll_ctl(g->epfd, EPOLL_CTL_MOD, g->listen_fd, &ev);
    g->paused_until = sd_http_now_us() + PAUSE_US;
}

static void accept_all(sd_gate_t *g)
{
    for (int k = 0; k < ACCEPT_BATCH; k++) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        int fd = accept4(g->listen_fd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                pause_accepting(g, errno);
            return;
        }
        sd_conns_entry_t *evicted = NULL;
        sd_conns_entry_t *c =
            sd_conns_admit(g->conns, fd, (struct sockaddr *)&ss, sl, sd_http_now_us(), &evicted);
        if (evicted != NULL) {
            sd_gate_answer(g->router, evicted->fd, 503, "too_many_connections",
                           "too many connections: the one waiting longest for its request was "
                           "closed for a newer one",
                           "", 0, 0, NULL);
            close_conn(g, evicted);
        }
        if (c == NULL) {
            sd_gate_answer(g->router, fd, 503, "too_many_connections",
                           "every connection is being served; try again in a moment", "", 0, 0,
                           NULL);
            close(fd);
            continue;
        }
        struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.ptr = c };
        if (epoll_ctl(g->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
            close_conn(g, c);
            continue;
        }
        read_head(g, c, 0); /* most clients send at once */
    }
}

static void *run(void *arg)
{
    sd_gate_t *g = arg;
    struct epoll_event evs[EVENTS];
    while (!atomic_load(&g->stopping)) {
        uint64_t now = sd_http_now_us();
        uint64_t next = sd_conns_expire(g->conns, now, expired, g);
        if (g->paused_until != 0 && g->paused_until <= now) {
            struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &listen_tag };
            epoll_ctl(g->epfd, EPOLL_CTL_MOD, g->listen_fd, &ev);
            g->paused_until = 0;
        }
        if (g->paused_until != 0 && g->paused_until < next)
            next = g->paused_until;
        now = sd_http_now_us();
        uint64_t wait_us = next > now ? next - now : 0;
        int timeout = wait_us > 1000000u ? 1000 : (int)((wait_us + 999) / 1000);
        int n = epoll_wait(g->epfd, evs, EVENTS, timeout);
        int listening = 0;
        for (int i = 0; i < n; i++) {
            void *tag = evs[i].data.ptr;
            if (tag == &listen_tag) {
                listening = 1; /* last: accepting may close connections of this batch */
                continue;
            }
            if (tag == &wake_tag)
                continue;
            sd_conns_entry_t *c = tag;
            int hup = (evs[i].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0;
            if (c->state == SD_CONNS_CLOSING) {
                if (discard(g, c) != 0 || hup)
                    close_conn(g, c);
            } else {
                read_head(g, c, hup);
            }
        }
        if (listening)
            accept_all(g);
    }
    return NULL;
}

sd_gate_t *sd_gate_new(int listen_fd, sd_conns_t *conns, const sd_router_t *router,
                       const sd_head_limits_t *lim, int quiet)
{
    sd_gate_t *g = calloc(1, sizeof *g);
    if (g == NULL)
        return NULL;
    g->listen_fd = listen_fd;
    g->conns = conns;
    g->router = router;
    g->lim = *lim;
    g->quiet = quiet;
    g->buf_size = lim->max_head + 2;
    g->buf = malloc(g->buf_size);
    g->epfd = epoll_create1(EPOLL_CLOEXEC);
    g->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    struct epoll_event lev = { .events = EPOLLIN, .data.ptr = &listen_tag };
    struct epoll_event wev = { .events = EPOLLIN, .data.ptr = &wake_tag };
    if (g->buf == NULL || g->epfd < 0 || g->wake_fd < 0 ||
        epoll_ctl(g->epfd, EPOLL_CTL_ADD, listen_fd, &lev) != 0 ||
        epoll_ctl(g->epfd, EPOLL_CTL_ADD, g->wake_fd, &wev) != 0) {
        fprintf(stderr, "polis-searchd: cannot watch connections: %s\n", strerror(errno));
        sd_gate_stop(g);
        return NULL;
    }
    return g;
}

int sd_gate_start(sd_gate_t *g, struct MHD_Daemon *daemon)
{
    g->daemon = daemon;
    int err = pthread_create(&g->thread, NULL, run, g);
    if (err != 0) {
        fprintf(stderr, "polis-searchd: cannot start the intake thread: %s\n", strerror(err));
        return -1;
    }
    g->running = 1;
    return 0;
}

void sd_gate_stop(sd_gate_t *g)
{
    if (g == NULL)
        return;
    if (g->running) {
        atomic_store(&g->stopping, 1);
        uint64_t one = 1;
        if (write(g->wake_fd, &one, sizeof one) < 0) {
            /* The thread sees `stopping` at its next wake (within 1 s). */
        }
        pthread_join(g->thread, NULL);
    }
    for (sd_conns_entry_t *c = sd_conns_detach_held(g->conns), *next; c != NULL; c = next) {
        next = c->next;
        close_conn(g, c);
    }
    if (g->epfd >= 0)
        close(g->epfd);
    if (g->wake_fd >= 0)
        close(g->wake_fd);
    free(g->buf);
    free(g);
}
