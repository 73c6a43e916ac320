/* test_head.c — the request-head checker of searchd's intake (http/head.c):
 * every row of the abuse table that a head alone decides, each byte prefix
 * of a good head, the bounds at their edges, and the fields a refusal's
 * answer and log line name. */
#include <string.h>

#include "tap.h"

#include "../../searchd/http/head.h"

static const sd_head_limits_t lim = { .max_target = 64, .max_head = 256, .max_body = 100 };

static sd_head_result_t check(const char *s, size_t n, sd_head_t *h)
{
    return sd_head_check(s, n, &lim, h);
}

/* A whole head given as a C string: its result, status and code. */
static void row(const char *name, const char *s, sd_head_result_t want, unsigned status,
                const char *code)
{
    sd_head_t h;
    sd_head_result_t r = check(s, strlen(s), &h);
    ok(r == want && h.status == status && (code == NULL || (h.code && !strcmp(h.code, code))),
       "%s: %s %u %s", name,
       want == SD_HEAD_DONE   ? "done"
       : want == SD_HEAD_MORE ? "more"
                              : "bad",
       status, code ? code : "");
    if (r != want || h.status != status)
        printf("#   got %d, status %u, code %s, message '%s'\n", (int)r, h.status,
               h.code ? h.code : "-", h.message);
}

static void test_good(void)
{
    const char *good = "GET /api/search?q=a&theme=b HTTP/1.1\r\nHost: localhost:8080\r\n"
                       "Accept: */*\r\nContent-Length: 5\r\n\r\nhello";
    size_t n = strlen(good), end = strlen(good) - 5;
    sd_head_t h;
    int prefixes_ok = 1;
    for (size_t k = 0; k < end; k++)
        prefixes_ok &= check(good, k, &h) == SD_HEAD_MORE;
    ok(prefixes_ok, "every prefix of a good head asks for more");
    ok(check(good, n, &h) == SD_HEAD_DONE && h.head_len == end, "the whole head: done, its length");
    ok(h.content_length == 5 && h.minor == 1 && !h.is_head, "  ... Content-Length, version");
    size_t plen = 0;
    const char *path = sd_head_path(good, &h, &plen);
    ok(plen == 11 && memcmp(path, "/api/search", 11) == 0, "  ... the path of the target");
    row("bare LF", "GET /healthz HTTP/1.1\nHost: x\n\n", SD_HEAD_DONE, 0, NULL);
    row("HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n", SD_HEAD_DONE, 0, NULL);
    row("empty lines first", "\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", SD_HEAD_DONE, 0, NULL);
    row("HEAD", "HEAD / HTTP/1.1\r\nHost: [::1]:80\r\n\r\n", SD_HEAD_DONE, 0, NULL);
    row("two equal Content-Length",
        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
        "content-length: 3\r\n\r\n",
        SD_HEAD_DONE, 0, NULL);
    row("HTTP/1.2 is spoken as 1.1", "GET / HTTP/1.2\r\nHost: x\r\n\r\n", SD_HEAD_DONE, 0, NULL);
    row("a value with tabs and spaces", "GET / HTTP/1.1\r\nHost: x\r\nX: \ta b\t \r\n\r\n",
        SD_HEAD_DONE, 0, NULL);
}

static void test_bad(void)
{
    row("garbage", "garbage\r\n\r\n", SD_HEAD_BAD, 400, "bad_request");
    row("no version", "GET /\r\n\r\n", SD_HEAD_BAD, 400, "bad_request");
    row("HTTP/2.0", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", SD_HEAD_BAD, 505,
        "http_version_not_supported");
    row("HTTP/11", "GET / HTTP/11\r\nHost: x\r\n\r\n", SD_HEAD_BAD, 400, "bad_request");
    row("HTTP/1.1x", "GET / HTTP/1.1x\r\n\r\n", SD_HEAD_BAD, 400, "bad_request");
    row("no Host", "GET / HTTP/1.1\r\n\r\n", SD_HEAD_BAD, 400, "bad_request");
    row("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", SD_HEAD_BAD, 400, NULL);
    row("a Host with a slash", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", SD_HEAD_BAD, 400, NULL);
    row("a space in the target", "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n", SD_HEAD_BAD, 400, NULL);
    row("a tab in the target", "GET /a\tb HTTP/1.1\r\nHost: x\r\n\r\n", SD_HEAD_BAD, 400, NULL);
    row("a method of 40 letters", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA / HTTP/1.1\r\n\r\n",
        SD_HEAD_BAD, 400, NULL);
    row("a space before the colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", SD_HEAD_BAD, 400, NULL);
    row("no colon", "GET / HTTP/1.1\r\nHost: x\r\nOops\r\n\r\n", SD_HEAD_BAD, 400, NULL);
    row("no name", "GET / HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n", SD_HEAD_BAD, 400, NULL);
    row("a folded line", "GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n", SD_HEAD_BAD, 400, NULL);
    row("a bare CR", "GET / HTTP/1.1\r\nHost: x\rY: z\r\n\r\n", SD_HEAD_BAD, 400, NULL);
    row("a control character", "GET / HTTP/1.1\r\nHost: x\r\nX: a\x01\r\n\r\n", SD_HEAD_BAD, 400,
        NULL);
    row("Content-Length: -1", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
        SD_HEAD_BAD, 400, NULL);
    row("Content-Length: empty", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n\r\n",
        SD_HEAD_BAD, 400, NULL);
    row("two Content-Length",
        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
        "Content-Length: 2\r\n\r\n",
        SD_HEAD_BAD, 400, NULL);
    row("Content-Length and chunked",
        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
        "Transfer-Encoding: chunked\r\n\r\n",
        SD_HEAD_BAD, 400, NULL);
    row("chunked", "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", SD_HEAD_BAD,
        411, "length_required");
    row("a body of 101 bytes", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n",
        SD_HEAD_BAD, 413, "payload_too_large");
    row("a body of 100 bytes", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n",
        SD_HEAD_DONE, 0, NULL);
    row("Content-Length: 99999999999999999999999",
        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n", SD_HEAD_BAD,
        413, "payload_too_large");
}

static void test_nul(void)
{
#define NUL_HEAD(lit)                                                                              \
    {                                                                                              \
        lit, sizeof lit - 1                                                                        \
    }
    static const struct {
        const char *s;
        size_t n;
    } heads[] = { NUL_HEAD("GET /a\0b HTTP/1.1\r\nHost: x\r\n\r\n"),
                  NUL_HEAD("GET /?q=a\0 HTTP/1.1\r\nHost: x\r\n\r\n"),
                  NUL_HEAD("GE\0T / HTTP/1.1\r\nHost: x\r\n\r\n"),
                  NUL_HEAD("GET / HTTP/1.1\0\r\nHost: x\r\n\r\n"),
                  NUL_HEAD("GET / HTTP/1.1\r\nHost: x\r\nX: a\0b\r\n\r\n"),
                  NUL_HEAD("GET / HTTP/1.1\r\nHo\0st: x\r\n\r\n") };
#undef NUL_HEAD
    for (size_t k = 0; k < sizeof heads / sizeof *heads; k++) {
        sd_head_t h;
        sd_head_result_t r = check(heads[k].s, heads[k].n, &h);
        ok(r == SD_HEAD_BAD && h.status == 400 && strstr(h.message, "NUL") != NULL,
           "a NUL, case %zu: 400 naming it", k);
    }
}

static void test_bounds(void)
{
    char buf[1024];
    /* The target: 64 bytes pass, 65 do not, and 65 are refused before the
     * line is even whole. */
    snprintf(buf, sizeof buf, "GET /%063d HTTP/1.1\r\nHost: x\r\n\r\n", 0);
    row("a target of 64 bytes", buf, SD_HEAD_DONE, 0, NULL);
    snprintf(buf, sizeof buf, "GET /%064d", 0);
    row("a target of 65 bytes, line unfinished", buf, SD_HEAD_BAD, 414, "uri_too_long");
    /* The head: 256 bytes pass, 257 do not, and the bound holds while the
     * head is still coming. */
    const char *top = "GET / HTTP/1.1\r\nHost: x\r\nX: ";
    size_t fill = 256 - strlen(top) - 4;
    snprintf(buf, sizeof buf, "%s%0*d\r\n\r\n", top, (int)fill, 0);
    row("a head of 256 bytes", buf, SD_HEAD_DONE, 0, NULL);
    snprintf(buf, sizeof buf, "%s%0*d\r\n\r\n", top, (int)fill + 1, 0);
    row("a head of 257 bytes", buf, SD_HEAD_BAD, 431, "headers_too_large");
    snprintf(buf, sizeof buf, "%s%0*d", top, 300, 0);
    row("a header of 300 bytes, unfinished", buf, SD_HEAD_BAD, 431, "headers_too_large");
    /* Fields and parameters. */
    sd_head_limits_t wide = { 100000, 100000, 100 };
    static char big[40000];
    size_t n = (size_t)snprintf(big, sizeof big, "GET / HTTP/1.1\r\nHost: x\r\n");
    for (int k = 0; k < SD_HEAD_MAX_FIELDS; k++)
        n += (size_t)snprintf(big + n, sizeof big - n, "X%d: v\r\n", k);
    snprintf(big + n, sizeof big - n, "\r\n");
    sd_head_t h;
    ok(sd_head_check(big, strlen(big), &wide, &h) == SD_HEAD_BAD && h.status == 431,
       "%d header fields and a Host: 431", SD_HEAD_MAX_FIELDS);
    n = (size_t)snprintf(big, sizeof big, "GET /?");
    for (int k = 0; k < SD_HEAD_MAX_PARAMS; k++)
        n += (size_t)snprintf(big + n, sizeof big - n, "%sa=%d", k ? "&" : "", k);
    snprintf(big + n, sizeof big - n, " HTTP/1.1\r\nHost: x\r\n\r\n");
    ok(sd_head_check(big, strlen(big), &wide, &h) == SD_HEAD_DONE, "%d parameters pass",
       SD_HEAD_MAX_PARAMS);
    memmove(big + n + 4, big + n, strlen(big + n) + 1);
    memcpy(big + n, "&b=1", 4);
    ok(sd_head_check(big, strlen(big), &wide, &h) == SD_HEAD_BAD && h.status == 400,
       "one more parameter: 400");
}

/* The fields a refused head's answer and log line name. */
static void test_spans(void)
{
    const char *s = "GET /x HTTP/1.1\r\nHost: x\r\nuser-agent:  curl/8 (a b) \r\n"
                    "X-Request-Id: abc-1\r\nX-Request-Id: second\r\nReferer: https://r/\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n";
    sd_head_t h;
    ok(check(s, strlen(s), &h) == SD_HEAD_BAD && h.status == 411, "a refused head");
    ok(h.user_agent.len == 12 && memcmp(s + h.user_agent.off, "curl/8 (a b)", 12) == 0,
       "  ... its User-Agent, spaces around it trimmed");
    ok(h.request_id.len == 5 && memcmp(s + h.request_id.off, "abc-1", 5) == 0,
       "  ... its first X-Request-Id");
    ok(h.referer.len == 10 && memcmp(s + h.referer.off, "https://r/", 10) == 0,
       "  ... its Referer");
    const char *cut = "GET /x HTTP/1.1\r\nUser-Agent: ua\r\nHost: x\x01\r\n";
    ok(check(cut, strlen(cut), &h) == SD_HEAD_BAD && h.user_agent.len == 2 &&
           h.request_id.len == 0 && h.referer.len == 0,
       "a head refused midway: the fields met before, none after");
}

int main(void)
{
    test_good();
    test_bad();
    test_nul();
    test_bounds();
    test_spans();
    return tap_done();
}
