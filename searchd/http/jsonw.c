/* jsonw.c — compact JSON text from a jansson tree; see jsonw.h. */
#include "http/jsonw.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polis/text.h"

/* Bytes that a JSON string cannot hold as they are: controls, '"', '\\'. */
static const unsigned char needs_escape[256] = {
    [0x00 ... 0x1F] = 1,
    ['"'] = 1,
    ['\\'] = 1,
};

static int put_string(polis_buf_t *out, const char *s, size_t len)
{
    int err = polis_buf_append(out, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < len && !err; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!needs_escape[c])
            continue;
        err = polis_buf_append(out, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': err |= polis_buf_append(out, "\\\"", 2); break;
        case '\\': err |= polis_buf_append(out, "\\\\", 2); break;
        case '\b': err |= polis_buf_append(out, "\\b", 2); break;
        case '\f': err |= polis_buf_append(out, "\\f", 2); break;
        case '\n': err |= polis_buf_append(out, "\\n", 2); break;
        case '\r': err |= polis_buf_append(out, "\\r", 2); break;
        case '\t': err |= polis_buf_append(out, "\\t", 2); break;
        default: err |= polis_buf_printf(out, "\\u%04X", c); /* as jansson: upper case */
        }
    }
    if (!err)
        err = polis_buf_append(out, s + run, len - run);
    return err ? err : polis_buf_append(out, "\"", 1);
}

/* A real as jansson's jsonp_dtostr() prints it: %.*g, a ".0" when that
 * shows neither a point nor an exponent, and the exponent without '+' or
 * leading zeros. */
static int put_real(polis_buf_t *out, double v, int precision)
{
    if (!isfinite(v))
        return -1;
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (n < 0 || (size_t)n >= sizeof buf - 3)
        return -1;
    size_t len = (size_t)n;
    for (size_t i = 0; i < len; i++)
        if (buf[i] == ',') /* a locale's decimal comma */
            buf[i] = '.';
    if (strchr(buf, '.') == NULL && strchr(buf, 'e') == NULL) {
        memcpy(buf + len, ".0", 3);
        len += 2;
    }
    char *e = strchr(buf, 'e');
    if (e != NULL) {
        char *start = e + 1, *end = e + 2;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start) {
            memmove(start, end, len - (size_t)(end - buf) + 1);
            len -= (size_t)(end - start);
        }
    }
    return polis_buf_append(out, buf, len);
}

static int put_value(polis_buf_t *out, const json_t *v, int precision, int depth)
{
    if (depth > 2048) /* jansson's own bound on nesting */
        return -1;
    switch (json_typeof(v)) {
    case JSON_NULL: return polis_buf_append(out, "null", 4);
    case JSON_TRUE: return polis_buf_append(out, "true", 4);
    case JSON_FALSE: return polis_buf_append(out, "false", 5);
    case JSON_INTEGER:
        return polis_buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    case JSON_REAL: return put_real(out, json_real_value(v), precision);
    case JSON_STRING: return put_string(out, json_string_value(v), json_string_length(v));
    case JSON_ARRAY: {
        int err = polis_buf_append(out, "[", 1);
        for (size_t i = 0; i < json_array_size(v) && !err; i++) {
            if (i > 0)
                err = polis_buf_append(out, ",", 1);
            err |= put_value(out, json_array_get(v, i), precision, depth + 1);
        }
        return err ? err : polis_buf_append(out, "]", 1);
    }
    case JSON_OBJECT: {
        int err = polis_buf_append(out, "{", 1), first = 1;
        const char *key;
        size_t key_len;
        json_t *item;
        /* jansson keeps keys in insertion order, as json_dumps() writes them. */
        json_object_keylen_foreach((json_t *)v, key, key_len, item)
        {
            if (err)
                break;
            if (!first)
                err = polis_buf_append(out, ",", 1);
            first = 0;
            err |= put_string(out, key, key_len);
            err |= polis_buf_append(out, ":", 1);
            err |= put_value(out, item, precision, depth + 1);
        }
        return err ? err : polis_buf_append(out, "}", 1);
    }
    }
    return -1;
}

char *sd_jsonw_dump(const json_t *v, int precision, size_t *len)
{
    if (v == NULL || precision < 1 || precision > 30)
        return NULL;
    polis_buf_t out = { 0 };
    if (put_value(&out, v, precision, 0) != 0 || polis_buf_append(&out, "", 0) != 0) {
        polis_buf_free(&out);
        return NULL;
    }
    *len = out.len;
    return out.data; /* polis_buf_t's data is malloc()ed and NUL-terminated */
}
