/* indexer/harvest/fetch.h — HTTP GET with libcurl, bounded and polite.
 *
 * One fetcher per harvest, one connection kept alive.  Every request:
 *   - http and https only, a User-Agent naming polis-indexer;
 *   - waits until the source's delay has passed since the previous one;
 *   - a connection timeout and a whole-request timeout;
 *   - a body of at most max_response bytes, and max_bytes in all;
 *   - redirects followed by hand, on the same host only (url.h): one to
 *     another host is refused, not followed;
 *   - transient failures (no connection, a timeout, 429, 500, 502, 503,
 *     504) retried `retries` times, waiting backoff, 2 x backoff, ... or
 *     what Retry-After asks (seconds or an HTTP date), when it asks no more
 *     than max_retry_wait.
 * Every request sent, every 304 and every retry is counted in the result.
 */
#ifndef IX_FETCH_H
#define IX_FETCH_H

#include <stddef.h>

#include "harvest/source.h"
#include "harvest/url.h"
#include "polis/text.h"

typedef struct ix_fetch ix_fetch_t;

/* The answer to a GET. */
typedef struct {
    long status;            /* the final HTTP status (200, 304, 404, ...) */
    polis_buf_t body;       /* its body (empty for a 304), NUL-terminated */
    char url[IX_URL_MAX];   /* the URL that answered, after redirects */
    char etag[256];         /* ETag, "" when none */
    char last_modified[64]; /* Last-Modified as sent, "" when none */
    char content_type[128]; /* Content-Type, "" when none */
} ix_fetch_reply_t;

/* What ix_fetch_get() returns besides 0. */
#define IX_FETCH_FAILED  -1 /* no answer worth having: err says why */
#define IX_FETCH_REFUSED -2 /* a redirect to another host, not followed */
#define IX_FETCH_SPENT   -3 /* the harvest's --max-bytes is spent: stop the source */

/* A fetcher for source s, counting into r (both borrowed, for its
 * lifetime).  NULL with err set when libcurl cannot start. */
ix_fetch_t *ix_fetch_new(const ix_source_t *s, ix_source_result_t *r, char *err, size_t errlen);

/* Free f (NULL is fine). */
void ix_fetch_free(ix_fetch_t *f);

/* Longer waits between requests: a robots.txt Crawl-delay above the
 * source's delay (at most 60 s is taken). */
void ix_fetch_slow_down(ix_fetch_t *f, double seconds);

/* GET url into *reply (initialised here; free it with
 * ix_fetch_reply_free() whatever the result).  etag and last_modified,
 * when not NULL or "", make it a conditional GET (If-None-Match,
 * If-Modified-Since).  Returns 0 with any final status that is not a
 * transient failure (a 404 is an answer); IX_FETCH_FAILED, IX_FETCH_REFUSED
 * or IX_FETCH_SPENT with err set to "URL: reason" ("HTTP 500 after 4
 * attempts", "redirect to http://other/ refused: another host", "Retry-After
 * asks 600 s, more than --max-retry-wait 300", "body over --max-response
 * 67108864 bytes", "timed out after 60 s", ...). */
int ix_fetch_get(ix_fetch_t *f, const char *url, const char *etag, const char *last_modified,
                 ix_fetch_reply_t *reply, char *err, size_t errlen);

/* Release reply's body. */
void ix_fetch_reply_free(ix_fetch_reply_t *reply);

#endif
