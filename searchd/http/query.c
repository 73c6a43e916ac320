/* query.c — the query-parameter reader. */
#include "http/query.h"

#include <stdio.h>
#include <string.h>

#include "polis/text.h"

int sd_query_parse_uint(const char *s, size_t len, unsigned min, unsigned max, unsigned *out)
{
    if (len == 0 || len > 10)
        return -1;
    unsigned long long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    if (v < min || v > max)
        return -1;
    *out = (unsigned)v;
    return 0;
}

int sd_query_digits(const char *s, size_t n, unsigned *out)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *out = v;
    return 0;
}

int sd_query_valid_escapes(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '%')
            continue;
        if (polis_text_percent_byte(s, len, i) < 0)
            return 0;
        i += 2;
    }
    return 1;
}

int sd_query_url_decode(const char *s, size_t len, int plus_is_space, char *out, size_t out_size,
                        size_t *out_len)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '%') {
            int byte = polis_text_percent_byte(s, len, i);
            if (byte < 0)
                return -1;
            c = (char)byte;
            i += 2;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        }
        if (o + 1 >= out_size)
            return -1;
        out[o++] = c;
    }
    if (o >= out_size)
        return -1;
    out[o] = '\0';
    *out_len = o;
    return 0;
}

typedef struct {
    const char *key;
    const char *value;
    size_t len;
    unsigned seen;
} find_t;

static enum MHD_Result take(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                            const char *value, size_t value_size)
{
    find_t *f = cls;
    (void)kind;
    if (key == NULL || key_size != strlen(f->key) || memcmp(key, f->key, key_size) != 0)
        return MHD_YES;
    f->seen++;
    f->value = value;
    f->len = value != NULL ? value_size : 0;
    return MHD_YES;
}

/* Non-zero when the raw query string has key with a value whose escapes do
 * not decode: libmicrohttpd would hand such a value on undecoded. */
static int bad_escape(const char *query, size_t len, const char *key)
{
    size_t klen = strlen(key), i = 0;
    while (i < len) {
        size_t start = i;
        while (i < len && query[i] != '&')
            i++;
        size_t end = i++;
        if (end - start > klen && memcmp(query + start, key, klen) == 0 &&
            query[start + klen] == '=' &&
            !sd_query_valid_escapes(query + start + klen + 1, end - start - klen - 1))
            return 1;
    }
    return 0;
}

int sd_query_get(sd_http_ctx_t *ctx, const char *key, size_t max_len, const char **value,
                 size_t *len, char err[SD_QUERY_MSG])
{
    *value = NULL;
    *len = 0;
    err[0] = '\0';
    if (bad_escape(ctx->query, ctx->query_len, key)) {
        snprintf(err, SD_QUERY_MSG, "%s: bad percent-encoding", key);
        return -1;
    }
    find_t f = { key, NULL, 0, 0 };
    if (MHD_get_connection_values_n(ctx->conn, MHD_GET_ARGUMENT_KIND, take, &f) < 0)
        return 0;
    if (f.seen > 1) {
        snprintf(err, SD_QUERY_MSG, "%s: given more than once", key);
        return -1;
    }
    if (f.value == NULL || f.len == 0)
        return 0;
    if (memchr(f.value, '\0', f.len) != NULL || !polis_text_valid_utf8(f.value, f.len)) {
        snprintf(err, SD_QUERY_MSG, "%s: not valid UTF-8 text", key);
        return -1;
    }
    if (f.len > max_len) {
        snprintf(err, SD_QUERY_MSG, "%s: longer than %zu bytes", key, max_len);
        return -1;
    }
    *value = f.value;
    *len = f.len;
    return 0;
}

int sd_query_uint(sd_http_ctx_t *ctx, const char *key, unsigned min, unsigned max, unsigned *out,
                  char err[SD_QUERY_MSG])
{
    const char *v = NULL;
    size_t len = 0;
    if (sd_query_get(ctx, key, 16, &v, &len, err) != 0) {
        if (strstr(err, "longer than") == NULL)
            return -1;
        v = "";
        len = 0; /* too long for a number: say so below */
    } else if (v == NULL) {
        return 0;
    }
    if (sd_query_parse_uint(v, len, min, max, out) != 0) {
        snprintf(err, SD_QUERY_MSG, "%s: must be an integer from %u to %u", key, min, max);
        return -1;
    }
    return 0;
}
