/* logfmt.c — the access log's line formats (see logfmt.h).
 *
 * Every line is written into a fixed buffer, with no allocation: a line is
 * written for every request, on the thread that answered it.  The fields
 * that come from the client (method, path, user agent, referer) go through
 * one escaper, each format naming its rules.
 */
#include "http/logfmt.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "polis/text.h"

/* A line being written: buf[0..len), NUL-terminated, len < size. */
typedef struct {
    char *buf;
    size_t size, len;
} line_t;

static void put(line_t *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(line_t *l, const char *fmt, ...)
{
    if (l->len + 1 >= l->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(l->buf + l->len, l->size - l->len, fmt, ap);
    va_end(ap);
    if (n < 0)
        l->buf[l->len] = '\0';
    else if ((size_t)n >= l->size - l->len)
        l->len = l->size - 1;
    else
        l->len += (size_t)n;
}

/* How a field from the client is escaped where it goes. */
typedef enum {
    /* a word of a line split on spaces (polis; combined's request line):
     * spaces, quotes, backslashes, controls and non-ASCII bytes as \xHH */
    ESC_WORD,
    /* between double quotes (combined's referer and user agent), as
     * Apache's log escapes them: the same, spaces kept */
    ESC_QUOTED,
    /* a JSON string's content: quotes, backslashes and controls escaped,
     * UTF-8 kept, a byte that starts no character U+FFFD */
    ESC_JSON
} esc_t;

/* s[0..n) escaped by how, cut at SD_LOGFMT_MAX_FIELD bytes (never inside a
 * character) with "..." in place of the rest. */
static void put_escaped(line_t *l, const char *s, size_t n, esc_t how)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        size_t w = 1;
        int damaged = 0;
        if (how == ESC_JSON && c >= 0x80) {
            w = polis_text_utf8_decode(s + i, n - i, NULL);
            damaged = w == 0;
            w += damaged;
        }
        if (i + w > SD_LOGFMT_MAX_FIELD)
            break;
        if (how == ESC_JSON) {
            if (damaged)
                put(l, "\\ufffd");
            else if (c == '"' || c == '\\')
                put(l, "\\%c", c);
            else if (c < 0x20 || c == 0x7F)
                put(l, "\\u%04x", c);
            else
                put(l, "%.*s", (int)w, s + i);
        } else if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\' ||
                   (how == ESC_WORD && c == ' ')) {
            put(l, "\\x%02X", c);
        } else {
            put(l, "%c", c);
        }
        i += w;
    }
    if (i < n)
        put(l, "...");
}

/* A field of a space-separated line, "-" when unknown. */
static void put_word(line_t *l, const char *s, size_t n)
{
    if (s == NULL || n == 0)
        put(l, "-");
    else
        put_escaped(l, s, n, ESC_WORD);
}

/* A JSON member "key":"value", or "key":null when s is NULL. */
static void put_json(line_t *l, const char *key, const char *s, size_t n)
{
    put(l, ",\"%s\":", key);
    if (s == NULL) {
        put(l, "null");
        return;
    }
    put(l, "\"");
    put_escaped(l, s, n, ESC_JSON);
    put(l, "\"");
}

/* The length of the target's path (the query string and fragment left
 * out); 0 when there is no target. */
static size_t path_len(const char *raw_uri)
{
    return raw_uri != NULL ? strcspn(raw_uri, "?#") : 0;
}

static size_t safe_len(const char *s)
{
    return s != NULL ? strlen(s) : 0;
}

static void put_stamp(line_t *l, const struct timespec *when, const char *fmt)
{
    struct tm tm;
    char stamp[40];
    if (gmtime_r(&when->tv_sec, &tm) == NULL || strftime(stamp, sizeof stamp, fmt, &tm) == 0)
        strcpy(stamp, "-");
    put(l, "%s", stamp);
}

static void polis_line(line_t *l, const sd_logfmt_entry_t *e)
{
    put_stamp(l, &e->when, "%Y-%m-%dT%H:%M:%SZ");
    put(l, " ");
    put_word(l, e->method, safe_len(e->method));
    put(l, " ");
    put_word(l, e->raw_uri, path_len(e->raw_uri));
    if (e->status != 0)
        put(l, " %u", e->status);
    else
        put(l, " -");
    put(l, " %zu %lluus%s\n", e->bytes, (unsigned long long)e->usec, e->aborted ? " aborted" : "");
}

/* A quoted field of the combined format: "-" when not sent. */
static void put_quoted(line_t *l, const char *s, size_t n)
{
    put(l, " \"");
    if (s == NULL || n == 0)
        put(l, "-");
    else
        put_escaped(l, s, n, ESC_QUOTED);
    put(l, "\"");
}

static void combined_line(line_t *l, const sd_logfmt_entry_t *e)
{
    /* English months whatever the locale: log readers expect them. */
    static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    struct tm tm;
    if (gmtime_r(&e->when.tv_sec, &tm) == NULL)
        memset(&tm, 0, sizeof tm);
    put(l, "%s - - [%02d/%s/%04d:%02d:%02d:%02d +0000] \"", e->client ? e->client : "-", tm.tm_mday,
        months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (safe_len(e->method) == 0 && path_len(e->raw_uri) == 0) {
        put(l, "-"); /* Apache's request line when none came */
    } else {
        put_word(l, e->method, safe_len(e->method));
        put(l, " ");
        put_word(l, e->raw_uri, path_len(e->raw_uri));
        if (e->protocol != NULL)
            put(l, " %s", e->protocol);
    }
    /* Apache writes "-" for a request that got no status. */
    if (e->status != 0)
        put(l, "\" %u %zu", e->status, e->bytes);
    else
        put(l, "\" - %zu", e->bytes);
    put_quoted(l, e->referer, e->referer_len);
    put_quoted(l, e->user_agent, e->user_agent_len);
    put(l, "\n");
}

static void json_line(line_t *l, const sd_logfmt_entry_t *e)
{
    put(l, "{\"time\":\"");
    put_stamp(l, &e->when, "%Y-%m-%dT%H:%M:%S");
    put(l, ".%03ldZ\"", (long)(e->when.tv_nsec / 1000000) % 1000);
    size_t method = safe_len(e->method);
    put_json(l, "method", method ? e->method : NULL, method);
    size_t path = path_len(e->raw_uri);
    put_json(l, "path", path ? e->raw_uri : NULL, path);
    put_json(l, "protocol", e->protocol, safe_len(e->protocol));
    if (e->status != 0)
        put(l, ",\"status\":%u", e->status);
    else
        put(l, ",\"status\":null");
    put(l, ",\"bytes\":%zu,\"duration_us\":%llu", e->bytes, (unsigned long long)e->usec);
    put_json(l, "request_id", e->request_id, safe_len(e->request_id));
    put_json(l, "user_agent", e->user_agent, e->user_agent_len);
    put_json(l, "referer", e->referer, e->referer_len);
    put(l, ",\"aborted\":%s", e->aborted ? "true" : "false");
    /* The key itself only when the operator asked for addresses. */
    if (e->client != NULL)
        put_json(l, "client", e->client, strlen(e->client));
    put(l, "}\n");
}

static const char *const names[] = { "polis", "combined", "json" };

int sd_logfmt_parse(const char *name, sd_logfmt_t *out)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (sd_logfmt_t)i;
            return 0;
        }
    return -1;
}

const char *sd_logfmt_name(sd_logfmt_t f)
{
    return (size_t)f < sizeof names / sizeof names[0] ? names[f] : "?";
}

size_t sd_logfmt_line(char *buf, size_t size, sd_logfmt_t f, const sd_logfmt_entry_t *e)
{
    if (size == 0)
        return 0;
    line_t l = { buf, size, 0 };
    buf[0] = '\0';
    switch (f) {
    case SD_LOGFMT_COMBINED: combined_line(&l, e); break;
    case SD_LOGFMT_JSON: json_line(&l, e); break;
    default: polis_line(&l, e); break;
    }
    return l.len;
}
