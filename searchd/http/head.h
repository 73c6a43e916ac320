/* head.h — a request head checked byte for byte before libmicrohttpd reads it.
 *
 * The intake (gate.c) peeks at what a new connection has sent and asks
 * sd_head_check() whether the head is whole, still coming, or wrong.  Every
 * bound is checked here, on the bytes as they arrive, below libmicrohttpd's
 * own (which would answer in HTML, or not at all): the request line and the
 * target, the whole head, the number of header fields and of parameters,
 * the declared body.  The grammar is RFC 9112's, strict where leniency has
 * been used to smuggle requests (a space before a colon, a folded line, two
 * Content-Length, Content-Length with Transfer-Encoding) and tolerant where
 * clients differ harmlessly (a bare LF ends a line, empty lines before the
 * request line are skipped).  Pure: no socket, no libmicrohttpd
 * (tests/unit/test_head.c and tests/fuzz/fuzz_params.c drive it).
 */
#ifndef SD_HTTP_HEAD_H
#define SD_HTTP_HEAD_H

#include <stddef.h>

/* Longest method ("OPTIONS" is 7). */
#define SD_HEAD_MAX_METHOD 32
/* Most header fields in one head. */
#define SD_HEAD_MAX_FIELDS 100
/* Most parameters in a query string (a search has at most 6 facets × 32
 * values and a dozen others); libmicrohttpd keeps a record for each in the
 * connection's memory. */
#define SD_HEAD_MAX_PARAMS 256

/* The bounds, from the options. */
typedef struct {
    size_t max_target;           /* the request target (--max-uri-bytes): 414 beyond */
    size_t max_head;             /* the whole head, blank line included (--max-head-bytes) */
    unsigned long long max_body; /* a declared Content-Length (--max-body-bytes): 413 */
} sd_head_limits_t;

typedef enum {
    SD_HEAD_MORE = 0, /* fine so far; the head is not whole yet */
    SD_HEAD_DONE,     /* a whole, well-formed head of head_len bytes */
    SD_HEAD_BAD       /* refused: status, code and message say why */
} sd_head_result_t;

/* Where a field's value stands in the buffer checked: buf[off..off+len);
 * len 0 when the field was not met (or was empty). */
typedef struct {
    size_t off, len;
} sd_head_span_t;

/* What sd_head_check() found. */
typedef struct {
    size_t head_len;                   /* SD_HEAD_DONE: bytes up to and with the blank line */
    unsigned status;                   /* SD_HEAD_BAD: 400, 411, 413, 414, 431 or 505 */
    const char *code;                  /* SD_HEAD_BAD: the error code of the JSON contract */
    char message[160];                 /* SD_HEAD_BAD: the reason, in English */
    size_t target_off;                 /* where the target starts in the buffer, */
    size_t target_len;                 /* and its length so far (0: not reached) */
    int is_head;                       /* the method is HEAD (an answer has no body) */
    int minor;                         /* HTTP/1.minor, -1 before the version is read */
    unsigned long long content_length; /* the declared body, 0 when none */
    /* The first X-Request-Id, User-Agent and Referer met before the check
     * ended, for the answer and the log line of a refused head. */
    sd_head_span_t request_id, user_agent, referer;
} sd_head_t;

/* Check buf[0..len), the first bytes a connection sent.  Returns
 * SD_HEAD_MORE, SD_HEAD_DONE or SD_HEAD_BAD, with *out filled.  Bytes after
 * the head (a body, a pipelined request) are not looked at. */
sd_head_result_t sd_head_check(const char *buf, size_t len, const sd_head_limits_t *lim,
                               sd_head_t *out);

/* The path of the target seen so far (up to '?' or '#'): into buf, its
 * length in *n; "" when the target was not reached. */
const char *sd_head_path(const char *buf, const sd_head_t *h, size_t *n);

#endif
