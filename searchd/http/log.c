/* log.c — where access-log lines go, and what a request gives them (the
 * formats are logfmt.c's). */
#include "http/log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

/* Where lines go.  Workers read it for each line while SIGHUP may swap it;
 * the old descriptor is closed a moment later, so a line written just then
 * can be lost but never lands in an unrelated file (see sd_log_open). */
static atomic_int log_fd = STDERR_FILENO;

/* Set once, before the threads start. */
static sd_logfmt_t format = SD_LOGFMT_POLIS;
static int with_address;

void sd_log_configure(sd_logfmt_t f, int client_address)
{
    format = f;
    with_address = client_address;
}

/* The numeric address of peer into out, or NULL when it has none. */
static const char *address(const struct sockaddr *peer, char *out, socklen_t size)
{
    const void *a = NULL;
    if (peer != NULL && peer->sa_family == AF_INET)
        a = &((const struct sockaddr_in *)peer)->sin_addr;
    else if (peer != NULL && peer->sa_family == AF_INET6)
        a = &((const struct sockaddr_in6 *)peer)->sin6_addr;
    return a != NULL ? inet_ntop(peer->sa_family, a, out, size) : NULL;
}

void sd_log_access(const sd_http_request_t *req, const sd_log_client_t *client, uint64_t usec,
                   int aborted)
{
    char addr[INET6_ADDRSTRLEN];
    sd_logfmt_entry_t e = {
        .method = req->method,
        .raw_uri = req->raw_uri,
        .protocol = req->protocol[0] != '\0' ? req->protocol : NULL,
        .status = req->status,
        .bytes = req->bytes,
        .usec = usec,
        .aborted = aborted,
        .request_id = req->request_id[0] != '\0' ? req->request_id : NULL,
    };
    clock_gettime(CLOCK_REALTIME, &e.when);
    if (client != NULL) {
        e.user_agent = client->user_agent;
        e.user_agent_len = client->user_agent_len;
        e.referer = client->referer;
        e.referer_len = client->referer_len;
        if (with_address)
            e.client = address(client->peer, addr, sizeof addr);
    }
    char line[SD_LOGFMT_LINE_MAX];
    size_t len = sd_logfmt_line(line, sizeof line, format, &e);
    if (write(atomic_load(&log_fd), line, len) < 0) {
        /* Best effort: a full disk or closed stderr must not stop searches. */
    }
}

int sd_log_open(const char *path)
{
    int fd = STDERR_FILENO;
    if (path != NULL) {
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0)
            return -1;
    }
    int old = atomic_exchange(&log_fd, fd);
    if (old != STDERR_FILENO && old != fd) {
        /* A worker may have loaded old just before the swap and be about
         * to write: give it time rather than let the number be reused. */
        usleep(100000);
        int saved = errno;
        close(old);
        errno = saved;
    }
    return 0;
}
