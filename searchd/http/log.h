/* log.h — the access log: one line per request, on stderr or in a file, in
 * the format the operator chose (logfmt.h).
 *
 * A line never holds the query string, which holds what people searched,
 * nor, unless the operator asks (--log-client-address), the client's
 * address: what is logged of strangers is what running the service needs.
 */
#ifndef SD_HTTP_LOG_H
#define SD_HTTP_LOG_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "http/http.h"
#include "http/logfmt.h"

/* What a line says of the client, beyond the request: its address and
 * the User-Agent and Referer it sent (NULL: none; not NUL-terminated). */
typedef struct {
    const struct sockaddr *peer; /* NULL: unknown */
    const char *user_agent;
    size_t user_agent_len;
    const char *referer;
    size_t referer_len;
} sd_log_client_t;

/* The format of the lines, and whether they name the client's address
 * (--access-log-format, --log-client-address).  Call before the threads
 * start; the default is SD_LOGFMT_POLIS without addresses. */
void sd_log_configure(sd_logfmt_t format, int client_address);

/* Send the access log to path (appended, created 0644) instead of stderr;
 * NULL goes back to stderr.  Called again with the same path after a log
 * rotation (SIGHUP), it reopens the file.  Returns 0, or -1 with errno
 * (the log stays where it was). */
int sd_log_open(const char *path);

/* Write the line of req (usec: time from its first byte to completion;
 * aborted: the answer was cut), from client (may be NULL), with one write(2)
 * so that the lines of concurrent threads never interleave. */
void sd_log_access(const sd_http_request_t *req, const sd_log_client_t *client, uint64_t usec,
                   int aborted);

#endif
