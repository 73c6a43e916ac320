/* indexer/md_url.c — URLs, ids, titles from URLs.  See md_url.h. */
#include "parse/md_url.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

int ix_md_url_is_absolute(const char *s, size_t len)
{
    static const char *const schemes[] = { "http://", "https://", "ftp://", "mailto:", "www." };
    for (size_t k = 0; k < sizeof schemes / sizeof schemes[0]; k++) {
        size_t n = strlen(schemes[k]);
        if (len >= n && strncasecmp(s, schemes[k], n) == 0)
            return 1;
    }
    return 0;
}

static int url_char(unsigned char c)
{
    return c > ' ' && c != '<' && c != '>' && c != '"' && c != 0x7f;
}

int ix_md_url_in(const char *s, size_t len, const char **url, size_t *ulen)
{
    for (size_t i = 0; i < len; i++) {
        size_t start = SIZE_MAX;
        if (s[i] == '<' || (s[i] == '(' && i > 0 && s[i - 1] == ']'))
            start = i + 1;
        else if ((i == 0 || !url_char((unsigned char)s[i - 1])) && url_char((unsigned char)s[i]))
            start = i;
        if (start == SIZE_MAX || !ix_md_url_is_absolute(s + start, len - start))
            continue;
        size_t e = start;
        while (e < len && url_char((unsigned char)s[e]) && !(s[i] == '(' && s[e] == ')'))
            e++;
        /* A bare URL ends before the sentence's punctuation. */
        while (s[i] != '<' && s[i] != '(' && e > start && strchr(".,;:!?", s[e - 1]))
            e--;
        *url = s + start;
        *ulen = e - start;
        return 1;
    }
    return 0;
}

const char *ix_md_url_segment(const char *url, size_t *len)
{
    size_t n = strcspn(url, "?#");
    const char *scheme = strstr(url, "://");
    const char *from = scheme && (size_t)(scheme - url) < n ? scheme + 3 : url;
    const char *slash = memchr(from, '/', n - (size_t)(from - url));
    *len = 0;
    if (!slash)
        return NULL;
    while (n > 0 && url[n - 1] == '/')
        n--;
    size_t s = n;
    while (s > 0 && url[s - 1] != '/')
        s--;
    if (url + s <= slash || s >= n)
        return NULL; /* nothing past the host */
    *len = n - s;
    return url + s;
}

int ix_md_url_decode(const char *s, size_t len, polis_buf_t *out)
{
    size_t from = out->len;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        int byte = polis_text_percent_byte(s, len, i);
        if (byte > 0) {
            c = (char)byte;
            i += 2;
        }
        if (polis_buf_append(out, &c, 1) != 0)
            return -1;
    }
    if (out->data && polis_text_valid_utf8(out->data + from, out->len - from))
        return 0;
    out->len = from;
    return polis_buf_append(out, s, len);
}

int ix_md_readable(const char *seg, size_t len, int has_ext, polis_buf_t *out)
{
    if (has_ext) {
        for (size_t i = len; i > 1; i--)
            if (seg[i - 1] == '.') {
                len = i - 1;
                break;
            }
    }
    polis_buf_t dec = { 0 };
    int rc = ix_md_url_decode(seg, len, &dec);
    size_t from = out->len;
    for (size_t i = 0; rc == 0 && i < dec.len; i++) {
        char c = dec.data[i];
        if (c == '-' || c == '_' || c == '+')
            c = ' ';
        if (c == ' ' && (out->len == from || out->data[out->len - 1] == ' '))
            continue;
        rc = polis_buf_append(out, &c, 1);
    }
    while (rc == 0 && out->len > from && out->data[out->len - 1] == ' ')
        out->data[--out->len] = '\0';
    polis_buf_free(&dec);
    if (rc != 0 || out->len == from)
        return rc;
    ix_md_capitalize(out->data + from, out->len - from);
    return 0;
}

void ix_md_capitalize(char *s, size_t len)
{
    utf8proc_int32_t cp;
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp);
    if (n <= 0)
        return;
    utf8proc_int32_t up = utf8proc_toupper(cp);
    /* Only when the capital is as long, so the text can change in place. */
    if (up != cp && utf8proc_encode_char(up, enc) == n)
        memcpy(s, enc, (size_t)n);
}
