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

int sd_query_text_ok(const char *value, size_t len)
{
    return memchr(value, '\0', len) == NULL && polis_text_valid_utf8(value, len);
}

int sd_query_check_escapes(const char *query, size_t len, sd_query_known_fn known, void *cls,
                           char err[SD_QUERY_MSG])
{
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        while (i < len && query[i] != '&')
            i++;
        size_t end = i++;
        size_t eq = start;
        while (eq < end && query[eq] != '=')
            eq++;
        /* Parameter names are short ASCII words; a longer name is not one of
         * ours, and neither is a name that does not decode. */
        char name[16];
        size_t name_len;
        if (sd_query_url_decode(query + start, eq - start, 1, name, sizeof name, &name_len) != 0)
            continue;
        if (!known(cls, name, name_len))
            continue;
        if (eq < end && !sd_query_valid_escapes(query + eq + 1, end - eq - 1)) {
            snprintf(err, SD_QUERY_MSG, "%.*s: bad percent-encoding", (int)name_len, name);
            return -1;
        }
    }
    return 0;
}

typedef struct {
    sd_query_fn fn;
    void *cls;
    int rc;
} each_t;

static enum MHD_Result each_pair(void *cls, enum MHD_ValueKind kind, const char *key,
                                 size_t key_size, const char *value, size_t value_size)
{
    each_t *e = cls;
    (void)kind;
    if (key == NULL)
        return MHD_YES;
    e->rc = e->fn(e->cls, key, key_size, value, value != NULL ? value_size : 0);
    return e->rc == 0 ? MHD_YES : MHD_NO;
}

int sd_query_each(sd_http_ctx_t *ctx, sd_query_fn fn, void *cls)
{
    each_t e = { fn, cls, 0 };
    /* The count returned says nothing of fn's verdict: e.rc does. */
    if (MHD_get_connection_values_n(ctx->conn, MHD_GET_ARGUMENT_KIND, each_pair, &e) < 0)
        return -1;
    return e.rc;
}

/* One parameter looked for by name: how often it came, and its last value. */
typedef struct {
    const char *name;
    const char *value;
    size_t len;
    unsigned seen;
} find_t;

static int is_name(void *cls, const char *name, size_t len)
{
    const char *want = cls;
    return len == strlen(want) && memcmp(name, want, len) == 0;
}

static int find_pair(void *cls, const char *name, size_t name_len, const char *value,
                     size_t value_len)
{
    find_t *f = cls;
    if (is_name((void *)f->name, name, name_len)) {
        f->seen++;
        f->value = value;
        f->len = value_len;
    }
    return 0;
}

int sd_query_get(sd_http_ctx_t *ctx, const char *key, size_t max_len, const char **value,
                 size_t *len, char err[SD_QUERY_MSG])
{
    *value = NULL;
    *len = 0;
    err[0] = '\0';
    if (sd_query_check_escapes(ctx->query, ctx->query_len, is_name, (void *)key, err) != 0)
        return -1;
    find_t f = { key, NULL, 0, 0 };
    if (sd_query_each(ctx, find_pair, &f) != 0)
        return 0;
    if (f.seen > 1) {
        snprintf(err, SD_QUERY_MSG, "%s: given more than once", key);
        return -1;
    }
    if (f.value == NULL || f.len == 0)
        return 0;
    if (!sd_query_text_ok(f.value, f.len)) {
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
