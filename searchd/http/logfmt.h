/* logfmt.h — the access log's line formats: what a request's line says, and
 * how each format writes it.
 *
 * Pure: a line is written into the caller's buffer from an entry, with no
 * clock, socket or libmicrohttpd (tests/unit/test_log.c drives it).  Each
 * format escapes on its own terms, so a request cannot forge a line, split
 * a field or break the JSON.  None writes the query string, which holds what
 * people searched: a line shows the target's path only.
 *
 *   polis     the default, unchanged since the first release:
 *             2017-10-25T08:00:00Z GET /api/search 200 1234 567us
 *   combined  the NCSA combined format of Apache and nginx, for GoAccess,
 *             fail2ban and log shippers, exactly (nothing appended):
 *             - - - [25/Oct/2017:08:00:00 +0000] "GET /api/search HTTP/1.1" 200 1234 "-"
 * "curl/7.88.1" json      one object a line, stable keys (docs/architecture.md):
 *             {"time":"2017-10-25T08:00:00.123Z","method":"GET",...}
 */
#ifndef SD_HTTP_LOGFMT_H
#define SD_HTTP_LOGFMT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

typedef enum { SD_LOGFMT_POLIS = 0, SD_LOGFMT_COMBINED, SD_LOGFMT_JSON } sd_logfmt_t;

/* Longest path, user agent and referer written; the rest is cut, "..." in
 * its place. */
#define SD_LOGFMT_MAX_FIELD 300
/* A buffer this large holds any line of any format whole, every field at
 * its bound and every byte escaped at its widest. */
#define SD_LOGFMT_LINE_MAX 8192

/* What a line says of a request.  Strings may be NULL: not known, or not
 * sent; those of the client are not NUL-terminated. */
typedef struct {
    struct timespec when;   /* the line's time (the answer's end), UTC */
    const char *method;     /* NULL or "": unknown ("-") */
    const char *raw_uri;    /* the target as received: only its path is written */
    const char *protocol;   /* "HTTP/1.1"; NULL: the request line did not get there */
    unsigned status;        /* 0: no answer was sent */
    size_t bytes;           /* body bytes sent */
    uint64_t usec;          /* from the request's first byte to the answer's last */
    int aborted;            /* the answer was cut (the client went away, a failure) */
    const char *request_id; /* NULL: none */
    const char *user_agent; /* the User-Agent sent, user_agent_len bytes; NULL: none */
    size_t user_agent_len;
    const char *referer; /* the Referer sent, referer_len bytes; NULL: none */
    size_t referer_len;
    const char *client; /* the peer's address; NULL: not logged (the default) */
} sd_logfmt_entry_t;

/* The format named name ("polis", "combined", "json") in *out: 0, or -1
 * when it names none. */
int sd_logfmt_parse(const char *name, sd_logfmt_t *out);

/* The name of format f. */
const char *sd_logfmt_name(sd_logfmt_t f);

/* Write the line of e in format f into buf (always NUL-terminated; whole
 * and '\n'-ended when size is SD_LOGFMT_LINE_MAX).  Returns its length. */
size_t sd_logfmt_line(char *buf, size_t size, sd_logfmt_t f, const sd_logfmt_entry_t *e);

#endif
