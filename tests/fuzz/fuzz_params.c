/* fuzz_params.c — libFuzzer target for searchd's handling of what a client
 * sends before any index is read: the request head as the intake checks it
 * (http/head.c), and the query string as /api/search reads it (the
 * percent-decoding, UTF-8 and number readers of http/query.c, the search
 * vocabulary of api/params.c).
 *
 * Every input is both: a head to check, and a query string to read; and,
 * as far as its first NUL, the path, user agent and referer of an
 * access-log line (http/logfmt.c).  What must hold: no crash, no leak, no
 * undefined behaviour; a head found whole has a length within the input
 * and the bound; a refusal has a status and a code; validated parameters
 * are within the limits, their text valid UTF-8 without a NUL; each log
 * line is one whole line, the JSON one an object jansson reads, the
 * combined one with its six quotes and nothing else unescaped. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_query.h"
#include "http/head.h"
#include "http/logfmt.h"
#include "polis/text.h"

static void check_head(const char *buf, size_t len)
{
    static const sd_head_limits_t lim = { 8192, 16384, 65536 };
    sd_head_t h;
    switch (sd_head_check(buf, len, &lim, &h)) {
    case SD_HEAD_DONE:
        if (h.head_len == 0 || h.head_len > len || h.head_len > lim.max_head + 8 ||
            h.content_length > lim.max_body || h.minor < 0 || h.target_len == 0)
            abort();
        break;
    case SD_HEAD_BAD:
        if (h.status < 400 || h.status > 505 || h.code == NULL || h.message[0] == '\0')
            abort();
        break;
    case SD_HEAD_MORE:
        if (len > lim.max_head + 8)
            abort(); /* a head past its bound must have been refused */
        break;
    }
    size_t plen = 0;
    const char *path = sd_head_path(buf, &h, &plen);
    if (plen > 0 && (path < buf || path + plen > buf + len))
        abort();
}

static void check_params(const char *qs, size_t len)
{
    sd_params_t p;
    char *arena = NULL;
    if (fuzz_read_params(qs, len, &p, &arena) == 0) {
        if (p.q_len > fuzz_limits.max_query_bytes || !polis_text_valid_utf8(p.q, p.q_len) ||
            memchr(p.q, '\0', p.q_len) != NULL || p.page < 1 || p.page > fuzz_limits.max_page ||
            p.per_page < 1 || p.per_page > fuzz_limits.max_per_page)
            abort();
        for (int f = 0; f < POLIS_FACET_COUNT_; f++) {
            if (p.n_filters[f] > SD_PARAMS_MAX_VALUES)
                abort();
            for (size_t i = 0; i < p.n_filters[f]; i++) {
                size_t n = strlen(p.filters[f][i]);
                if (n == 0 || n > SD_PARAMS_MAX_VALUE_BYTES ||
                    !polis_text_valid_utf8(p.filters[f][i], n))
                    abort();
            }
        }
        if ((p.from[0] && strlen(p.from) != 8) || (p.to[0] && strlen(p.to) != 8) ||
            (p.from[0] && p.to[0] && strcmp(p.from, p.to) > 0))
            abort();
    } else if (arena != NULL && p.error[0] == '\0') {
        abort(); /* a refusal always says why */
    }
    free(arena);
}

static void check_log(const char *buf, size_t len)
{
    char uri[1024];
    size_t n = strnlen(buf, len < sizeof uri - 1 ? len : sizeof uri - 1);
    memcpy(uri, buf, n);
    uri[n] = '\0';
    sd_logfmt_entry_t e = { .method = uri,
                            .raw_uri = uri,
                            .protocol = "HTTP/1.1",
                            .status = 200,
                            .request_id = "r",
                            .user_agent = uri,
                            .user_agent_len = n,
                            .referer = uri,
                            .referer_len = n,
                            .client = "::1" };
    char line[SD_LOGFMT_LINE_MAX];
    for (int f = SD_LOGFMT_POLIS; f <= SD_LOGFMT_JSON; f++) {
        size_t l = sd_logfmt_line(line, sizeof line, (sd_logfmt_t)f, &e);
        if (l == 0 || l + 1 >= sizeof line || line[l - 1] != '\n' ||
            strchr(line, '\n') != line + l - 1)
            abort(); /* one whole line */
        if (f == SD_LOGFMT_COMBINED) {
            size_t quotes = 0;
            for (size_t i = 0; i < l; i++)
                quotes += line[i] == '"';
            if (quotes != 6)
                abort();
        }
    }
    json_t *j = json_loads(line, 0, NULL);
    if (!json_is_object(j))
        abort();
    json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_head((const char *)data, size);
    check_params((const char *)data, size);
    check_log((const char *)data, size);
    return 0;
}
