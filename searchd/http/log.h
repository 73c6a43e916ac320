/* log.h — the access log: one line per request, on stderr or in a file. */
#ifndef SD_HTTP_LOG_H
#define SD_HTTP_LOG_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "http/http.h"

/* Format one line into buf (always NUL-terminated, '\n'-ended when it fits):
 *   2017-10-25T08:00:00Z GET /api/search 200 1234 567us
 * with " aborted" appended when the client went away.  The path is the raw
 * path (no query string, which may hold what users typed); bytes outside
 * printable ASCII are written \xHH so a request cannot forge log lines.
 * method and raw_uri may be NULL or empty ("-").  Returns the length. */
size_t sd_log_format(char *buf, size_t size, time_t when, const char *method, const char *raw_uri,
                     unsigned status, size_t bytes, uint64_t usec, int aborted);

/* Send the access log to path (appended, created 0644) instead of stderr;
 * NULL goes back to stderr.  Called again with the same path after a log
 * rotation (SIGHUP), it reopens the file.  Returns 0, or -1 with errno
 * (the log stays where it was). */
int sd_log_open(const char *path);

/* Write the line for req (usec: time from first byte to completion). */
void sd_log_access(const sd_http_request_t *req, uint64_t usec, int aborted);

#endif
