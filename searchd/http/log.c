/* log.c — access log lines, written to stderr with one write(2) each so the
 * lines of concurrent workers never interleave. */
#include "http/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Where lines go.  Workers read it for each line while SIGHUP may swap it;
 * the old descriptor is closed a moment later, so a line written just then
 * can be lost but never lands in an unrelated file (see sd_log_open). */
static atomic_int log_fd = STDERR_FILENO;

/* Longest path kept in a line; the rest is cut with "...". */
#define MAX_PATH_LOGGED 300

/* Append printf output at *len, keeping buf NUL-terminated and *len below
 * size even when the text does not fit. */
static void put(char *buf, size_t size, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void put(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
    if (*len + 1 >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *len, size - *len, fmt, ap);
    va_end(ap);
    if (n < 0)
        buf[*len] = '\0';
    else if ((size_t)n >= size - *len)
        *len = size - 1;
    else
        *len += (size_t)n;
}

static void put_path(char *buf, size_t size, size_t *len, const char *raw)
{
    if (raw == NULL || raw[0] == '\0') {
        put(buf, size, len, "-");
        return;
    }
    size_t n = strcspn(raw, "?#");
    size_t shown = n < MAX_PATH_LOGGED ? n : MAX_PATH_LOGGED;
    for (size_t i = 0; i < shown; i++) {
        unsigned char c = (unsigned char)raw[i];
        if (c <= 0x20 || c >= 0x7F || c == '\\' || c == '"')
            put(buf, size, len, "\\x%02X", c);
        else
            put(buf, size, len, "%c", c);
    }
    if (shown < n)
        put(buf, size, len, "...");
}

size_t sd_log_format(char *buf, size_t size, time_t when, const char *method, const char *raw_uri,
                     unsigned status, size_t bytes, uint64_t usec, int aborted)
{
    size_t len = 0;
    if (size == 0)
        return 0;
    buf[0] = '\0';
    struct tm tm;
    char stamp[32];
    if (gmtime_r(&when, &tm) == NULL ||
        strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        strcpy(stamp, "-");
    put(buf, size, &len, "%s ", stamp);
    /* Methods are tokens, but an odd client could send anything: keep the
     * same escaping as the path. */
    put_path(buf, size, &len, method != NULL && method[0] != '\0' ? method : "-");
    put(buf, size, &len, " ");
    put_path(buf, size, &len, raw_uri);
    if (status != 0)
        put(buf, size, &len, " %u", status);
    else
        put(buf, size, &len, " -");
    put(buf, size, &len, " %zu %lluus%s\n", bytes, (unsigned long long)usec,
        aborted ? " aborted" : "");
    return len;
}

void sd_log_access(const sd_http_request_t *req, uint64_t usec, int aborted)
{
    char line[512];
    size_t len = sd_log_format(line, sizeof line, time(NULL), req->method, req->raw_uri,
                               req->status, req->bytes, usec, aborted);
    /* A truncated line still ends the line. */
    if (len > 0 && line[len - 1] != '\n')
        line[len - 1] = '\n';
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
