/* head.c — a request head checked byte for byte (see head.h).
 *
 * The check starts again from the first byte at each call: a head is at
 * most --max-head-bytes, and starting over keeps the code a plain reading
 * of the grammar, with no state to carry between reads.
 */
#include "http/head.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Empty lines skipped before the request line (RFC 9112 §2.2 asks for at
 * least one, after a POST body's stray CRLF). */
#define MAX_LEADING_EOLS 4

static sd_head_result_t bad(sd_head_t *h, unsigned status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static sd_head_result_t bad(sd_head_t *h, unsigned status, const char *code, const char *fmt, ...)
{
    h->status = status;
    h->code = code;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(h->message, sizeof h->message, fmt, ap);
    va_end(ap);
    if (n < 0)
        h->message[0] = '\0';
    return SD_HEAD_BAD;
}

static sd_head_result_t nul(sd_head_t *h)
{
    return bad(h, 400, "bad_request", "the request holds a NUL byte");
}

/* RFC 9110's tchar: what a method and a field name are made of. */
static int is_tchar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return 1;
    return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* What a Host may hold: a host name, an IPv4 or bracketed IPv6 address, a
 * port (RFC 3986's reg-name, IP-literal and port characters). */
static int is_host_char(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return 1;
    return c != '\0' && strchr("-._~%!$&'()*+,;=:[]", c) != NULL;
}

static int name_is(const char *name, size_t n, const char *want)
{
    if (strlen(want) != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char a = name[i], b = want[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return 1;
}

/* The end of a line at buf[*i]: a CRLF or a bare LF.  Returns 1 past it,
 * 0 when more bytes are needed, -1 when buf[*i] ends no line. */
static int eol(const char *buf, size_t len, size_t *i)
{
    if (*i >= len)
        return 0;
    if (buf[*i] == '\n') {
        *i += 1;
        return 1;
    }
    if (buf[*i] != '\r')
        return -1;
    if (*i + 1 >= len)
        return 0;
    if (buf[*i + 1] != '\n')
        return -1;
    *i += 2;
    return 1;
}

/* Where the fields met so far stand. */
typedef struct {
    unsigned fields, hosts, lengths;
    int chunked_or_other; /* a Transfer-Encoding */
    int length_bad;       /* a Content-Length that is not 1*DIGIT */
    int length_differs;   /* two Content-Length that disagree */
    int length_overflow;  /* more digits than an unsigned long long holds */
} fields_t;

static void content_length(sd_head_t *h, fields_t *f, const char *v, size_t n)
{
    unsigned long long x = 0;
    int overflow = 0;
    if (n == 0)
        f->length_bad = 1;
    for (size_t k = 0; k < n; k++) {
        if (v[k] < '0' || v[k] > '9') {
            f->length_bad = 1;
            return;
        }
        unsigned d = (unsigned)(v[k] - '0');
        if (x > (~0ULL - d) / 10)
            overflow = 1;
        else
            x = x * 10 + d;
    }
    if (f->lengths > 0 && (x != h->content_length || overflow != f->length_overflow))
        f->length_differs = 1;
    f->lengths++;
    f->length_overflow |= overflow;
    h->content_length = overflow ? ~0ULL : x;
}

/* Keep where the value of a field the log or the answer names stands. */
static void remember(sd_head_span_t *span, size_t off, size_t len)
{
    if (span->len == 0) {
        span->off = off;
        span->len = len;
    }
}

/* One header field, name[0..nlen) and value[0..vlen) (OWS trimmed), the
 * value at voff in the buffer. */
static sd_head_result_t field(sd_head_t *h, fields_t *f, const char *name, size_t nlen,
                              const char *value, size_t vlen, size_t voff)
{
    if (name_is(name, nlen, "x-request-id"))
        remember(&h->request_id, voff, vlen);
    else if (name_is(name, nlen, "user-agent"))
        remember(&h->user_agent, voff, vlen);
    else if (name_is(name, nlen, "referer"))
        remember(&h->referer, voff, vlen);
    if (++f->fields > SD_HEAD_MAX_FIELDS)
        return bad(h, 431, "headers_too_large", "more than %d header fields", SD_HEAD_MAX_FIELDS);
    if (name_is(name, nlen, "host")) {
        f->hosts++;
        for (size_t k = 0; k < vlen; k++)
            if (!is_host_char((unsigned char)value[k]))
                return bad(h, 400, "bad_request", "Host: not a host name or address");
    } else if (name_is(name, nlen, "content-length")) {
        content_length(h, f, value, vlen);
    } else if (name_is(name, nlen, "transfer-encoding")) {
        f->chunked_or_other = 1;
    }
    return SD_HEAD_MORE;
}

/* The request line: METHOD SP target SP HTTP/1.x EOL, from buf[*i]. */
static sd_head_result_t request_line(const char *buf, size_t len, const sd_head_limits_t *lim,
                                     sd_head_t *h, size_t *i)
{
    size_t m0 = *i, k = *i;
    while (k < len && is_tchar((unsigned char)buf[k])) {
        if (++k - m0 > SD_HEAD_MAX_METHOD)
            return bad(h, 400, "bad_request", "the method is longer than %d bytes",
                       SD_HEAD_MAX_METHOD);
    }
    if (k == len)
        return SD_HEAD_MORE;
    if (buf[k] == '\0')
        return nul(h);
    if (k == m0 || buf[k] != ' ')
        return bad(h, 400, "bad_request", "the request line is not METHOD TARGET HTTP/1.1");
    h->is_head = k - m0 == 4 && memcmp(buf + m0, "HEAD", 4) == 0;
    h->target_off = ++k;
    unsigned params = 0;
    int query = 0;
    while (k < len && buf[k] != ' ' && buf[k] != '\r' && buf[k] != '\n') {
        unsigned char c = (unsigned char)buf[k];
        if (c == '\0')
            return nul(h);
        if (c < 0x20 || c == 0x7f)
            return bad(h, 400, "bad_request", "a control character in the URL");
        if (c == '?' && !query)
            query = 1, params = 1;
        else if (c == '&' && query)
            params++;
        k++;
        h->target_len = k - h->target_off;
        if (h->target_len > lim->max_target)
            return bad(h, 414, "uri_too_long", "the URL is longer than %zu bytes", lim->max_target);
    }
    if (params > SD_HEAD_MAX_PARAMS)
        return bad(h, 400, "bad_request", "the URL has more than %d parameters",
                   SD_HEAD_MAX_PARAMS);
    if (k == len)
        return SD_HEAD_MORE;
    if (buf[k] != ' ' || h->target_len == 0)
        return bad(h, 400, "bad_request", "the request line is not METHOD TARGET HTTP/1.1");
    k++;
    static const char proto[] = "HTTP/d.d";
    for (size_t v = 0; v < sizeof proto - 1; v++, k++) {
        if (k == len)
            return SD_HEAD_MORE;
        unsigned char c = (unsigned char)buf[k];
        int ok = proto[v] == 'd' ? c >= '0' && c <= '9' : c == (unsigned char)proto[v];
        if (!ok)
            return c == '\0' ? nul(h)
                             : bad(h, 400, "bad_request",
                                   "the request line does not end with HTTP/1.1 or HTTP/1.0");
    }
    if (buf[k - 3] != '1')
        return bad(h, 505, "http_version_not_supported", "HTTP/%c.%c: only HTTP/1.x is spoken",
                   buf[k - 3], buf[k - 1]);
    h->minor = buf[k - 1] - '0';
    int e = eol(buf, len, &k);
    if (e == 0)
        return SD_HEAD_MORE;
    if (e < 0)
        return buf[k] == '\0' ? nul(h)
                              : bad(h, 400, "bad_request",
                                    "the request line does not end with HTTP/1.1 or HTTP/1.0");
    *i = k;
    return SD_HEAD_DONE;
}

/* What the whole head says, once its blank line is read. */
static sd_head_result_t verdict(sd_head_t *h, const fields_t *f, const sd_head_limits_t *lim)
{
    if (f->hosts > 1)
        return bad(h, 400, "bad_request", "more than one Host header");
    if (f->hosts == 0 && h->minor >= 1)
        return bad(h, 400, "bad_request", "HTTP/1.1 needs a Host header");
    if (f->length_bad || f->length_differs)
        return bad(h, 400, "bad_request", "Content-Length: not one decimal number");
    if (f->chunked_or_other && f->lengths > 0)
        return bad(h, 400, "bad_request", "Content-Length and Transfer-Encoding together");
    if (f->chunked_or_other)
        return bad(h, 411, "length_required", "a body must come with a Content-Length");
    if (h->content_length > lim->max_body)
        return bad(h, 413, "payload_too_large", "the body is larger than %llu bytes",
                   lim->max_body);
    return SD_HEAD_DONE;
}

/* Past the head's bound: the request line's own bound has had its say. */
static sd_head_result_t too_large(sd_head_t *h, const sd_head_limits_t *lim)
{
    return bad(h, 431, "headers_too_large", "the request head is larger than %zu bytes",
               lim->max_head);
}

/* More bytes are needed for a head that began at start: unless what came
 * is past the bound already. */
static sd_head_result_t more(sd_head_t *h, size_t len, size_t start, const sd_head_limits_t *lim)
{
    return len - start > lim->max_head ? too_large(h, lim) : SD_HEAD_MORE;
}

sd_head_result_t sd_head_check(const char *buf, size_t len, const sd_head_limits_t *lim,
                               sd_head_t *h)
{
    memset(h, 0, sizeof *h);
    h->minor = -1;
    size_t i = 0;
    for (int k = 0; k < MAX_LEADING_EOLS; k++) {
        int e = eol(buf, len, &i);
        if (e == 0 && i < len)
            return SD_HEAD_MORE; /* a CR, its LF to come */
        if (e <= 0)
            break;
    }
    size_t start = i;
    sd_head_result_t r = request_line(buf, len, lim, h, &i);
    if (r != SD_HEAD_DONE)
        return r == SD_HEAD_MORE ? more(h, len, start, lim) : r;
    fields_t f;
    memset(&f, 0, sizeof f);
    for (;;) {
        if (i - start > lim->max_head)
            return too_large(h, lim);
        int e = eol(buf, len, &i);
        if (e == 0)
            return more(h, len, start, lim);
        if (e > 0)
            break; /* the blank line */
        if (buf[i] == ' ' || buf[i] == '\t')
            return bad(h, 400, "bad_request", "a folded header line");
        size_t n0 = i;
        while (i < len && is_tchar((unsigned char)buf[i]))
            i++;
        if (i == len)
            return more(h, len, start, lim);
        if (buf[i] == '\0')
            return nul(h);
        if (buf[i] != ':')
            return bad(h, 400, "bad_request",
                       buf[i] == ' ' || buf[i] == '\t'
                           ? "a space between a header's name and its colon"
                       : i == n0 ? "a header line without a name"
                                 : "a header line without a colon");
        if (i == n0)
            return bad(h, 400, "bad_request", "a header line without a name");
        size_t n1 = i++;
        size_t v0 = i;
        for (;;) {
            if (i == len)
                return more(h, len, start, lim);
            unsigned char c = (unsigned char)buf[i];
            if (c == '\n' || c == '\r')
                break;
            if (c == '\0')
                return nul(h);
            if ((c < 0x20 && c != '\t') || c == 0x7f)
                return bad(h, 400, "bad_request", "a control character in a header");
            i++;
        }
        size_t v1 = i;
        e = eol(buf, len, &i);
        if (e == 0)
            return more(h, len, start, lim);
        if (e < 0)
            return bad(h, 400, "bad_request", "a CR without its LF in a header");
        while (v0 < v1 && (buf[v0] == ' ' || buf[v0] == '\t'))
            v0++;
        while (v1 > v0 && (buf[v1 - 1] == ' ' || buf[v1 - 1] == '\t'))
            v1--;
        r = field(h, &f, buf + n0, n1 - n0, buf + v0, v1 - v0, v0);
        if (r != SD_HEAD_MORE)
            return r;
    }
    if (i - start > lim->max_head)
        return too_large(h, lim);
    h->head_len = i;
    return verdict(h, &f, lim);
}

const char *sd_head_path(const char *buf, const sd_head_t *h, size_t *n)
{
    if (h->target_len == 0) {
        *n = 0;
        return "";
    }
    const char *p = buf + h->target_off;
    size_t k = 0;
    while (k < h->target_len && p[k] != '?' && p[k] != '#')
        k++;
    *n = k;
    return p;
}
