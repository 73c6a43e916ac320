/* harvest/fetch.c — bounded, polite HTTP GETs with libcurl; see fetch.h. */
#include "harvest/fetch.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "polis/version.h"

/* Redirects followed for one GET before it fails. */
#define MAX_REDIRECTS 5
/* The longest backoff between two attempts, however many retries. */
#define MAX_BACKOFF 120.0
/* The longest Crawl-delay taken from robots.txt. */
#define MAX_CRAWL_DELAY 60.0

struct ix_fetch {
    CURL *curl;
    const ix_source_t *s;
    ix_source_result_t *r;
    double delay;    /* seconds between the end of a request and the next */
    double last_end; /* when the previous request ended, 0 before the first */
    char agent[128];
    char errbuf[CURL_ERROR_SIZE];
};

/* One request's state, seen by libcurl's callbacks. */
typedef struct {
    ix_fetch_reply_t *reply;
    size_t max; /* body bytes this response may have */
    int over;   /* the body went past max */
    char location[IX_URL_MAX];
    char retry_after[64];
} request_t;

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc;

static void curl_init(void)
{
    curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_for(double seconds)
{
    if (seconds <= 0)
        return;
    struct timespec ts = { (time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9) };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* ---- libcurl's callbacks ---------------------------------------------------- */

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
    request_t *q = arg;
    size_t len = size * n;
    if (q->reply->body.len + len > q->max) {
        q->over = 1;
        return 0; /* libcurl stops with CURLE_WRITE_ERROR */
    }
    return polis_buf_append(&q->reply->body, data, len) == 0 ? len : 0;
}

/* Copy a header's value, trimmed, into out. */
static void header_value(const char *v, size_t len, char *out, size_t outlen)
{
    while (len && (*v == ' ' || *v == '\t'))
        v++, len--;
    while (len && (v[len - 1] == '\r' || v[len - 1] == '\n' || v[len - 1] == ' '))
        len--;
    if (len >= outlen)
        len = 0; /* a value too long to keep is no value */
    memcpy(out, v, len);
    out[len] = '\0';
}

static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
    request_t *q = arg;
    size_t len = size * n;
    /* A status line starts a response (after a 100 Continue, another one):
     * what the previous one said is forgotten. */
    if (len >= 5 && memcmp(data, "HTTP/", 5) == 0) {
        q->reply->etag[0] = q->reply->last_modified[0] = q->reply->content_type[0] = '\0';
        q->location[0] = q->retry_after[0] = '\0';
        return len;
    }
    static const char *const wanted[] = { "etag", "last-modified", "content-type", "location",
                                          "retry-after" };
    const char *colon = memchr(data, ':', len);
    if (!colon)
        return len;
    size_t name = (size_t)(colon - data);
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
        if (strlen(wanted[i]) != name || strncasecmp(data, wanted[i], name) != 0)
            continue;
        const char *v = colon + 1;
        size_t vlen = len - name - 1;
        switch (i) {
        case 0: header_value(v, vlen, q->reply->etag, sizeof q->reply->etag); break;
        case 1:
            header_value(v, vlen, q->reply->last_modified, sizeof q->reply->last_modified);
            break;
        case 2: header_value(v, vlen, q->reply->content_type, sizeof q->reply->content_type); break;
        case 3: header_value(v, vlen, q->location, sizeof q->location); break;
        default: header_value(v, vlen, q->retry_after, sizeof q->retry_after); break;
        }
    }
    return len;
}

/* ---- the fetcher ---------------------------------------------------------- */

ix_fetch_t *ix_fetch_new(const ix_source_t *s, ix_source_result_t *r, char *err, size_t errlen)
{
    pthread_once(&curl_once, curl_init);
    if (curl_init_rc != CURLE_OK) {
        snprintf(err, errlen, "libcurl: %s", curl_easy_strerror(curl_init_rc));
        return NULL;
    }
    ix_fetch_t *f = calloc(1, sizeof *f);
    if (!f || !(f->curl = curl_easy_init())) {
        free(f);
        snprintf(err, errlen, "libcurl: cannot start (out of memory)");
        return NULL;
    }
    f->s = s;
    f->r = r;
    f->delay = s->delay > 0 ? s->delay : 0;
    snprintf(f->agent, sizeof f->agent, IX_SOURCE_AGENT "/%s (+https://polis.invalid/harvest)",
             POLIS_VERSION_STRING);
    CURL *c = f->curl;
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, f->agent);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L); /* by hand: same host only */
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* what libcurl can decode */
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)(s->connect_timeout * 1000));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)(s->timeout * 1000));
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)s->max_response);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, f->errbuf);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    return f;
}

void ix_fetch_free(ix_fetch_t *f)
{
    if (!f)
        return;
    curl_easy_cleanup(f->curl);
    free(f);
}

void ix_fetch_slow_down(ix_fetch_t *f, double seconds)
{
    if (seconds > MAX_CRAWL_DELAY)
        seconds = MAX_CRAWL_DELAY;
    if (seconds > f->delay)
        f->delay = seconds;
}

void ix_fetch_reply_free(ix_fetch_reply_t *reply)
{
    polis_buf_free(&reply->body);
}

/* Seconds a Retry-After value asks for (delta-seconds or an HTTP date),
 * -1 when there is none or it cannot be read. */
static double retry_after(const char *v)
{
    if (!*v)
        return -1;
    char *end;
    long n = strtol(v, &end, 10);
    if (end != v && !*end)
        return n < 0 ? 0 : (double)n;
    time_t when = curl_getdate(v, NULL);
    if (when < 0)
        return -1;
    double d = difftime(when, time(NULL));
    return d < 0 ? 0 : d;
}

static int transient_status(long status)
{
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

static int transient_curl(CURLcode c)
{
    return c == CURLE_COULDNT_CONNECT || c == CURLE_OPERATION_TIMEDOUT || c == CURLE_RECV_ERROR ||
           c == CURLE_SEND_ERROR || c == CURLE_GOT_NOTHING || c == CURLE_PARTIAL_FILE ||
           c == CURLE_COULDNT_RESOLVE_HOST || c == CURLE_SSL_CONNECT_ERROR;
}

static int is_redirect(long status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/* One request of url; the reply's fields filled.  Returns the CURLcode. */
static CURLcode perform(ix_fetch_t *f, const char *url, struct curl_slist *headers, request_t *q)
{
    /* Politeness: the delay runs from the end of the previous request. */
    if (f->last_end > 0)
        sleep_for(f->last_end + f->delay - now());
    q->reply->body.len = 0;
    if (q->reply->body.data)
        q->reply->body.data[0] = '\0';
    q->over = 0;
    q->location[0] = q->retry_after[0] = '\0';
    f->errbuf[0] = '\0';
    CURL *c = f->curl;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, q);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, q);
    CURLcode rc = curl_easy_perform(c);
    f->last_end = now();
    f->r->requests++;
    f->r->bytes += q->reply->body.len;
    q->reply->status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &q->reply->status);
    return rc;
}

/* The conditional headers, or NULL when there are none (or no memory). */
static struct curl_slist *conditions(const char *etag, const char *last_modified)
{
    struct curl_slist *h = NULL;
    char line[512];
    if (etag && *etag) {
        snprintf(line, sizeof line, "If-None-Match: %s", etag);
        h = curl_slist_append(h, line);
    }
    if (last_modified && *last_modified) {
        snprintf(line, sizeof line, "If-Modified-Since: %s", last_modified);
        struct curl_slist *more = curl_slist_append(h, line);
        h = more ? more : h;
    }
    return h;
}

static int fail(int code, char *err, size_t errlen, const char *url, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int fail(int code, char *err, size_t errlen, const char *url, const char *fmt, ...)
{
    char why[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    snprintf(err, errlen, "%s: %s", url, why);
    return code;
}

int ix_fetch_get(ix_fetch_t *f, const char *url, const char *etag, const char *last_modified,
                 ix_fetch_reply_t *reply, char *err, size_t errlen)
{
    memset(reply, 0, sizeof *reply);
    if (ix_url_resolve(NULL, url, reply->url, sizeof reply->url) != 0)
        return fail(IX_FETCH_FAILED, err, errlen, url, "not an http or https URL");
    const ix_source_t *s = f->s;
    struct curl_slist *headers = conditions(etag, last_modified);
    request_t q = { .reply = reply };
    unsigned attempt = 0, hops = 0;
    int rc = 0;
    for (;;) {
        unsigned long long spent = f->r->bytes;
        if (spent >= s->max_bytes) {
            rc = fail(IX_FETCH_SPENT, err, errlen, reply->url,
                      "not fetched: --max-bytes %llu spent", s->max_bytes);
            break;
        }
        unsigned long long room = s->max_bytes - spent;
        q.max = (size_t)(room < s->max_response ? room : s->max_response);
        CURLcode c = perform(f, reply->url, headers, &q);
        const char *why = NULL;
        char whybuf[CURL_ERROR_SIZE + 64];
        if (q.over || c == CURLE_FILESIZE_EXCEEDED) {
            int total = room < s->max_response;
            rc = fail(total ? IX_FETCH_SPENT : IX_FETCH_FAILED, err, errlen, reply->url,
                      "body over --%s %llu bytes", total ? "max-bytes" : "max-response",
                      total ? s->max_bytes : s->max_response);
            break;
        }
        if (c != CURLE_OK && !transient_curl(c)) {
            rc = fail(IX_FETCH_FAILED, err, errlen, reply->url, "%s",
                      f->errbuf[0] ? f->errbuf : curl_easy_strerror(c));
            break;
        }
        if (c == CURLE_OK && is_redirect(reply->status) && q.location[0]) {
            char next[IX_URL_MAX];
            if (ix_url_resolve(reply->url, q.location, next, sizeof next) != 0) {
                rc = fail(IX_FETCH_FAILED, err, errlen, reply->url,
                          "redirect to %.200s refused: not an http or https URL", q.location);
                break;
            }
            if (!ix_url_same_host(reply->url, next)) {
                rc = fail(IX_FETCH_REFUSED, err, errlen, reply->url,
                          "redirect to %.300s refused: another host", next);
                break;
            }
            if (++hops > MAX_REDIRECTS) {
                rc = fail(IX_FETCH_FAILED, err, errlen, reply->url, "more than %d redirects",
                          MAX_REDIRECTS);
                break;
            }
            memcpy(reply->url, next, strlen(next) + 1);
            attempt = 0;
            continue;
        }
        if (c == CURLE_OK && !transient_status(reply->status)) {
            if (reply->status == 304)
                f->r->not_modified++;
            break; /* an answer, whatever it says */
        }
        /* A transient failure: wait, then try again. */
        if (c != CURLE_OK) {
            snprintf(whybuf, sizeof whybuf, "%s", f->errbuf[0] ? f->errbuf : curl_easy_strerror(c));
            why = whybuf;
        } else {
            snprintf(whybuf, sizeof whybuf, "HTTP %ld", reply->status);
            why = whybuf;
        }
        if (attempt >= s->retries) {
            rc = fail(IX_FETCH_FAILED, err, errlen, reply->url, "%s after %u attempt%s", why,
                      attempt + 1, attempt ? "s" : "");
            break;
        }
        double wait = s->backoff;
        for (unsigned k = 0; k < attempt && wait < MAX_BACKOFF; k++)
            wait *= 2;
        wait = wait > MAX_BACKOFF ? MAX_BACKOFF : wait;
        double asked = c == CURLE_OK ? retry_after(q.retry_after) : -1;
        if (asked > s->max_retry_wait) {
            rc = fail(IX_FETCH_FAILED, err, errlen, reply->url,
                      "%s, and Retry-After asks %.0f s, more than --max-retry-wait %.0f", why,
                      asked, s->max_retry_wait);
            break;
        }
        if (asked >= 0)
            wait = asked; /* what the server asked for, neither more nor less */
        sleep_for(wait);
        attempt++;
        f->r->retried++;
    }
    curl_slist_free_all(headers);
    if (rc != 0) {
        reply->body.len = 0;
        reply->status = 0;
    }
    return rc;
}
