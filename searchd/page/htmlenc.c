/* htmlenc.c — the HTML encoder: a bounded buffer and escaping per context.
 *
 * Escaping is the same for text and attribute values on purpose: escaping
 * both quote characters everywhere costs a few bytes and removes the one
 * mistake (an attribute written with the text escaper) that would matter.
 */
#include "page/htmlenc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polis/text.h"

void sd_htmlenc_init(sd_htmlenc_t *b, size_t max)
{
    memset(b, 0, sizeof *b);
    b->buf.max = max;
}

void sd_htmlenc_free(sd_htmlenc_t *b)
{
    polis_buf_free(&b->buf);
}

char *sd_htmlenc_finish(sd_htmlenc_t *b, size_t *len)
{
    *len = 0;
    if (b->failed) {
        polis_buf_free(&b->buf);
        return NULL;
    }
    if (b->buf.data == NULL)
        return calloc(1, 1); /* an empty page is still a page */
    char *out = b->buf.data;
    *len = b->buf.len;
    memset(&b->buf, 0, sizeof b->buf);
    return out;
}

static void put(sd_htmlenc_t *b, const char *s, size_t n)
{
    if (n != 0 && !b->failed && polis_buf_append(&b->buf, s, n) != 0)
        b->failed = 1;
}

void sd_htmlenc_raw(sd_htmlenc_t *b, const char *markup)
{
    put(b, markup, strlen(markup));
}

void sd_htmlenc_rawf(sd_htmlenc_t *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        put(b, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (big == NULL) {
        b->failed = 1;
        return;
    }
    va_start(ap, fmt);
    int m = vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    if (m == n)
        put(b, big, (size_t)n);
    else
        b->failed = 1;
    free(big);
}

/* The reference for a byte that must be escaped, or NULL. */
static const char *reference(unsigned char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return NULL;
    }
}

void sd_htmlenc_textn(sd_htmlenc_t *b, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0; /* start of the bytes that go out unchanged */
    size_t i = 0;
    while (i < len) {
        const char *ref = reference(u[i]);
        size_t n = polis_text_utf8_decode(s + i, len - i, NULL);
        int drop = u[i] < 0x20 && u[i] != '\t' && u[i] != '\n';
        if (ref == NULL && n != 0 && !drop && u[i] != 0x7F) {
            i += n;
            continue;
        }
        put(b, s + run, i - run);
        if (ref != NULL)
            sd_htmlenc_raw(b, ref);
        else if (n == 0)
            sd_htmlenc_raw(b, "\xEF\xBF\xBD"); /* U+FFFD for a stray byte */
        i += n != 0 ? n : 1;
        run = i;
    }
    put(b, s + run, len - run);
}

void sd_htmlenc_text(sd_htmlenc_t *b, const char *s)
{
    if (s != NULL)
        sd_htmlenc_textn(b, s, strlen(s));
}

void sd_htmlenc_attr(sd_htmlenc_t *b, const char *s)
{
    sd_htmlenc_text(b, s);
}

void sd_htmlenc_query(sd_htmlenc_t *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    if (s == NULL)
        return;
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        unsigned c = *p;
        int keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '.' || c == '_' || c == '~';
        if (keep) {
            char ch = (char)c;
            put(b, &ch, 1);
        } else {
            char esc[3] = { '%', hex[c >> 4], hex[c & 15] };
            put(b, esc, 3);
        }
    }
}

/* Length of a well-formed character reference at s ("&amp;", "&#233;",
 * "&#xE9;"), or 0. */
static size_t char_ref(const char *s)
{
    size_t i = 1;
    if (s[i] == '#') {
        i++;
        int is_hex = s[i] == 'x' || s[i] == 'X';
        if (is_hex)
            i++;
        size_t start = i;
        while (i - start < 7 &&
               ((s[i] >= '0' && s[i] <= '9') ||
                (is_hex && ((s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))))
            i++;
        if (i == start)
            return 0;
    } else {
        size_t start = i;
        while (i - start < 32 && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                                  (i > start && s[i] >= '0' && s[i] <= '9')))
            i++;
        if (i == start)
            return 0;
    }
    return s[i] == ';' ? i + 1 : 0;
}

void sd_htmlenc_marked(sd_htmlenc_t *b, const char *s)
{
    static const char open[] = "<mark>", close[] = "</mark>";
    int in_mark = 0;
    if (s == NULL)
        return;
    size_t len = strlen(s);
    size_t run = 0, i = 0;
    while (i < len) {
        /* Outside a mark only <mark> is a tag, inside only </mark>. */
        const char *tag = in_mark ? close : open;
        size_t tag_len = strlen(tag);
        if (s[i] == '<' && strncmp(s + i, tag, tag_len) == 0) {
            put(b, s + run, i - run);
            sd_htmlenc_raw(b, tag);
            in_mark = !in_mark;
            i += tag_len;
            run = i;
            continue;
        }
        if (s[i] == '&') {
            size_t n = char_ref(s + i);
            if (n != 0) {
                i += n;
                continue;
            }
        }
        /* Everything else goes through the text escaper, one character at
         * a time when it needs escaping, in runs otherwise. */
        const unsigned char c = (unsigned char)s[i];
        if (reference(c) == NULL && c >= 0x20 && c != 0x7F && c < 0x80) {
            i++;
            continue;
        }
        size_t n = c >= 0x80 ? polis_text_utf8_decode(s + i, len - i, NULL) : 0;
        if (n != 0) {
            i += n;
            continue;
        }
        put(b, s + run, i - run);
        sd_htmlenc_textn(b, s + i, 1);
        i++;
        run = i;
    }
    put(b, s + run, len - run);
    if (in_mark)
        sd_htmlenc_raw(b, close);
}

int sd_htmlenc_url_ok(const char *url)
{
    if (url == NULL)
        return 0;
    size_t skip;
    if (strncasecmp(url, "https://", 8) == 0)
        skip = 8;
    else if (strncasecmp(url, "http://", 7) == 0)
        skip = 7;
    else
        return 0;
    /* A host must follow: "http:///x" and "http://" are not links. */
    if (url[skip] == '\0' || url[skip] == '/' || url[skip] == '?' || url[skip] == '#')
        return 0;
    for (const unsigned char *p = (const unsigned char *)url; *p != '\0'; p++) {
        if (*p <= 0x20 || *p == 0x7F || *p == '"' || *p == '\'' || *p == '<' || *p == '>' ||
            *p == '\\' || *p == '`')
            return 0;
    }
    return 1;
}
