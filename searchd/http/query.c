/* args.c — single parameters of the small GET routes. */
#include "http/query.h"

#include <stdio.h>
#include <string.h>

#include "api/params.h"
#include "polis/text.h"

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
