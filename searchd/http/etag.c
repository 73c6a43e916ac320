/* etag.c — HTTP validators: an ETag from the index served, and 304s. */
#include "http/etag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sd_etag_make(char *out, size_t size, const char *gen, unsigned long rev)
{
    char clean[64];
    size_t n = 0;
    for (const char *p = gen; p != NULL && *p != '\0' && n + 1 < sizeof clean; p++) {
        char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '.' || c == '_' || c == '-')
            clean[n++] = c;
    }
    clean[n] = '\0';
    int w = snprintf(out, size, "W/\"%s-%lu\"", clean, rev);
    if (w < 0 || (size_t)w >= size)
        out[0] = '\0';
}

/* The opaque part of one tag at s[0..len): W/ and the quotes stripped. */
static void opaque(const char *s, size_t len, const char **o, size_t *olen)
{
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len >= 2 && s[0] == 'W' && s[1] == '/') {
        s += 2;
        len -= 2;
    }
    if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
        s++;
        len -= 2;
    }
    *o = s;
    *olen = len;
}

int sd_etag_matches(const char *if_none_match, const char *etag)
{
    if (if_none_match == NULL || etag == NULL || etag[0] == '\0')
        return 0;
    const char *want;
    size_t want_len;
    opaque(etag, strlen(etag), &want, &want_len);
    const char *p = if_none_match;
    while (*p != '\0') {
        size_t n = strcspn(p, ",");
        const char *o;
        size_t olen;
        opaque(p, n, &o, &olen);
        if ((olen == 1 && o[0] == '*') || (olen == want_len && memcmp(o, want, olen) == 0))
            return 1;
        p += n;
        if (*p == ',')
            p++;
    }
    return 0;
}

int sd_etag_check(sd_http_ctx_t *ctx, const char *gen, unsigned long rev, enum MHD_Result *ret)
{
    sd_etag_make(ctx->etag, sizeof ctx->etag, gen, rev);
    if (!sd_etag_matches(sd_http_header(ctx, MHD_HTTP_HEADER_IF_NONE_MATCH), ctx->etag))
        return 0;
    *ret = sd_http_send_static(ctx, MHD_HTTP_NOT_MODIFIED, NULL, "");
    return 1;
}
