/* test_log.c — the access log's formats (http/logfmt.c) and request ids
 * (http/reqid.c), without a server: each format's exact line, its
 * escaping of what clients send, the worst line fitting whole, the
 * combined line read by the pattern GoAccess's COMBINED stands for, the
 * JSON line read by jansson. */
#include <jansson.h>
#include <regex.h>
#include <string.h>

#include "tap.h"

#include "../../searchd/http/logfmt.h"
#include "../../searchd/http/reqid.h"

/* GoAccess's COMBINED, '%h %^[%d:%t %^] "%r" %s %b "%R" "%u"' with
 * --date-format %d/%b/%Y --time-format %T, as a POSIX pattern: host, two
 * words, the date, the request line, status, bytes, referer, user agent. */
static const char combined_re[] =
    "^([^ ]+) [^ ]+ [^ ]+ \\[([0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}):([0-9]{2}:[0-9]{2}:[0-9]{2}) "
    "[^]]*\\] \"([^\"]*)\" ([0-9]{3}|-) ([0-9]+|-) \"([^\"]*)\" \"([^\"]*)\"\n$";

static sd_logfmt_entry_t entry(void)
{
    sd_logfmt_entry_t e = {
        .when = { 1508918400, 123456789 }, /* 2017-10-25T08:00:00.123Z */
        .method = "GET",
        .raw_uri = "/api/search?q=secret+words",
        .protocol = "HTTP/1.1",
        .status = 200,
        .bytes = 1234,
        .usec = 567,
        .request_id = "3f2a",
        .user_agent = "curl/7.88.1",
        .user_agent_len = 11,
    };
    return e;
}

static void line(sd_logfmt_t f, const sd_logfmt_entry_t *e, char *buf)
{
    size_t n = sd_logfmt_line(buf, SD_LOGFMT_LINE_MAX, f, e);
    if (n != strlen(buf) || n == 0 || buf[n - 1] != '\n')
        printf("# line of %zu bytes not whole: '%s'\n", n, buf);
}

static void test_polis(void)
{
    char buf[SD_LOGFMT_LINE_MAX];
    sd_logfmt_entry_t e = entry();
    line(SD_LOGFMT_POLIS, &e, buf);
    is_str(buf, "2017-10-25T08:00:00Z GET /api/search 200 1234 567us\n",
           "polis: the line of every release so far");
    e = (sd_logfmt_entry_t){ .raw_uri = "/a b\n\x01\"", .usec = 5, .aborted = 1 };
    line(SD_LOGFMT_POLIS, &e, buf);
    is_str(buf, "1970-01-01T00:00:00Z - /a\\x20b\\x0A\\x01\\x22 - 0 5us aborted\n",
           "polis: the path escaped, no method, no status, aborted");
    char small[24];
    e = entry();
    size_t n = sd_logfmt_line(small, sizeof small, SD_LOGFMT_POLIS, &e);
    ok(n < sizeof small && small[n] == '\0', "a small buffer: cut within it");
}

static int matches(const regex_t *re, const char *s, regmatch_t *m, size_t n)
{
    return regexec(re, s, n, m, 0) == 0;
}

static void test_combined(void)
{
    regex_t re;
    ok(regcomp(&re, combined_re, REG_EXTENDED) == 0, "the COMBINED pattern compiles");
    char buf[SD_LOGFMT_LINE_MAX];
    sd_logfmt_entry_t e = entry();
    line(SD_LOGFMT_COMBINED, &e, buf);
    is_str(buf,
           "- - - [25/Oct/2017:08:00:00 +0000] \"GET /api/search HTTP/1.1\" 200 1234 \"-\" "
           "\"curl/7.88.1\"\n",
           "combined: no address, the path without its query, no referer");
    regmatch_t m[9];
    ok(matches(&re, buf, m, 9), "  ... read by COMBINED");
    e.client = "2001:db8::1";
    e.referer = "https://a.fr/x?q=1";
    e.referer_len = strlen(e.referer);
    e.user_agent = "Mozilla/5.0 \"quoted\" \\ back\nslash \xC3\xA9";
    e.user_agent_len = strlen(e.user_agent);
    e.raw_uri = "/a\"b c";
    e.status = 0;
    line(SD_LOGFMT_COMBINED, &e, buf);
    is_str(buf,
           "2001:db8::1 - - [25/Oct/2017:08:00:00 +0000] \"GET /a\\x22b\\x20c HTTP/1.1\" - 1234 "
           "\"https://a.fr/x?q=1\" \"Mozilla/5.0 \\x22quoted\\x22 \\x5C back\\x0Aslash "
           "\\xC3\\xA9\"\n",
           "combined: the address when given, quotes, backslashes, controls and non-ASCII "
           "escaped, no status as Apache writes it");
    ok(matches(&re, buf, m, 9) && m[8].rm_eo - m[8].rm_so > 30, "  ... read by COMBINED");
    e = (sd_logfmt_entry_t){ 0 };
    line(SD_LOGFMT_COMBINED, &e, buf);
    is_str(buf, "- - - [01/Jan/1970:00:00:00 +0000] \"-\" - 0 \"-\" \"-\"\n",
           "combined: nothing known, Apache's dashes");
    ok(matches(&re, buf, m, 9), "  ... read by COMBINED");
    regfree(&re);
}

/* The JSON of a line, NULL (and a diagnostic) when it does not parse. */
static json_t *parse(const char *buf)
{
    json_error_t err;
    json_t *j = json_loads(buf, JSON_DECODE_INT_AS_REAL, &err); /* 2^64 - 1 bytes */
    if (j == NULL)
        printf("#   %s: '%.200s'\n", err.text, buf);
    return j;
}

static const char *str(json_t *j, const char *key)
{
    return json_string_value(json_object_get(j, key));
}

static void test_json(void)
{
    char buf[SD_LOGFMT_LINE_MAX];
    sd_logfmt_entry_t e = entry();
    line(SD_LOGFMT_JSON, &e, buf);
    is_str(buf,
           "{\"time\":\"2017-10-25T08:00:00.123Z\",\"method\":\"GET\",\"path\":\"/api/search\","
           "\"protocol\":\"HTTP/1.1\",\"status\":200,\"bytes\":1234,\"duration_us\":567,"
           "\"request_id\":\"3f2a\",\"user_agent\":\"curl/7.88.1\",\"referer\":null,"
           "\"aborted\":false}\n",
           "json: every key, the path without its query, no client key by default");
    e.client = "127.0.0.1";
    e.user_agent = "a\"b\\c\n\x01\x7f \xC3\xA9 \xFF\xC3";
    e.user_agent_len = strlen(e.user_agent);
    e.raw_uri = "/\xE2\x82\xAC?q=x";
    e.status = 0;
    line(SD_LOGFMT_JSON, &e, buf);
    json_t *j = parse(buf);
    ok(j != NULL, "json: a line of hostile bytes parses");
    is_str(str(j, "user_agent"), "a\"b\\c\n\x01\x7f \xC3\xA9 \xEF\xBF\xBD\xEF\xBF\xBD",
           "  ... controls and quotes come back, bytes that start no character are U+FFFD");
    is_str(str(j, "path"), "/\xE2\x82\xAC", "  ... UTF-8 kept");
    is_str(str(j, "client"), "127.0.0.1", "  ... the client when given");
    ok(json_is_null(json_object_get(j, "status")), "  ... no status: null");
    json_decref(j);
}

/* Every field at its bound, every byte escaped at its widest: whole. */
static void test_worst(void)
{
    char wide[1000];
    memset(wide, '\x01', sizeof wide - 1);
    wide[sizeof wide - 1] = '\0';
    char method[16];
    memset(method, '\x01', sizeof method - 1);
    method[sizeof method - 1] = '\0';
    char id[SD_REQID_SIZE];
    memset(id, 'a', SD_REQID_MAX);
    id[SD_REQID_MAX] = '\0';
    sd_logfmt_entry_t e = { .when = { 4102444800, 999999999 },
                            .method = method,
                            .raw_uri = wide,
                            .protocol = "HTTP/1.1",
                            .status = 503,
                            .bytes = (size_t)-1,
                            .usec = (uint64_t)-1,
                            .aborted = 1,
                            .request_id = id,
                            .user_agent = wide,
                            .user_agent_len = 999,
                            .referer = wide,
                            .referer_len = 999,
                            .client = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" };
    for (int f = SD_LOGFMT_POLIS; f <= SD_LOGFMT_JSON; f++) {
        char buf[SD_LOGFMT_LINE_MAX];
        size_t n = sd_logfmt_line(buf, sizeof buf, (sd_logfmt_t)f, &e);
        ok(n + 1 < sizeof buf && buf[n - 1] == '\n', "%s: the widest line fits whole (%zu bytes)",
           sd_logfmt_name((sd_logfmt_t)f), n);
        ok(strstr(buf, "...") != NULL, "  ... long fields cut, marked");
    }
    char buf[SD_LOGFMT_LINE_MAX];
    sd_logfmt_line(buf, sizeof buf, SD_LOGFMT_JSON, &e);
    json_t *j = parse(buf);
    ok(j != NULL && strlen(str(j, "path")) == SD_LOGFMT_MAX_FIELD + 3,
       "json: the widest line parses, a field cut at its bound");
    json_decref(j);
    /* A cut never splits a character: 299 bytes, then a 2-byte one. */
    memset(wide, 'a', 299);
    memcpy(wide + 299, "\xC3\xA9\xC3\xA9", 5);
    e = (sd_logfmt_entry_t){ .raw_uri = wide };
    sd_logfmt_line(buf, sizeof buf, SD_LOGFMT_JSON, &e);
    j = parse(buf);
    const char *path = str(j, "path");
    ok(path != NULL && strlen(path) == 302 && strcmp(path + 299, "...") == 0,
       "json: a cut stops before a character that would cross the bound");
    json_decref(j);
}

static void test_names(void)
{
    sd_logfmt_t f = SD_LOGFMT_JSON;
    ok(sd_logfmt_parse("polis", &f) == 0 && f == SD_LOGFMT_POLIS &&
           sd_logfmt_parse("combined", &f) == 0 && f == SD_LOGFMT_COMBINED &&
           sd_logfmt_parse("json", &f) == 0 && f == SD_LOGFMT_JSON,
       "the three formats by name");
    ok(sd_logfmt_parse("common", &f) != 0 && sd_logfmt_parse("", &f) != 0, "no other name");
    is_str(sd_logfmt_name(SD_LOGFMT_COMBINED), "combined", "a format's name");
}

static void test_reqid(void)
{
    ok(sd_reqid_valid("3f2a-9b:c.d_e+f/g=h@i", 21), "an id of the allowed characters");
    ok(!sd_reqid_valid("", 0) && !sd_reqid_valid(NULL, 3), "none: empty, NULL");
    ok(!sd_reqid_valid("a b", 3) && !sd_reqid_valid("a\"b", 3) && !sd_reqid_valid("a\r\nb", 4) &&
           !sd_reqid_valid("a,b", 3) && !sd_reqid_valid("\xC3\xA9", 2) &&
           !sd_reqid_valid("a\0b", 3),
       "none with a space, quote, CR LF, comma, non-ASCII or NUL");
    char longest[SD_REQID_MAX + 1];
    memset(longest, '7', sizeof longest);
    ok(sd_reqid_valid(longest, SD_REQID_MAX) && !sd_reqid_valid(longest, SD_REQID_MAX + 1),
       "at most SD_REQID_MAX bytes");
    char a[SD_REQID_SIZE], b[SD_REQID_SIZE];
    sd_reqid_make(a);
    sd_reqid_make(b);
    ok(strlen(a) == 32 && strspn(a, "0123456789abcdef") == 32, "a made id: 32 hex digits (%s)", a);
    ok(strcmp(a, b) != 0, "two made ids differ");
    sd_reqid_take("client-id-1", 11, a);
    is_str(a, "client-id-1", "a sane id sent is taken");
    sd_reqid_take("bad id", 6, a);
    ok(strlen(a) == 32 && strcmp(a, "bad id") != 0, "another is replaced by a made one");
    sd_reqid_take(NULL, 0, a);
    ok(strlen(a) == 32, "none sent: a made one");
}

int main(void)
{
    test_polis();
    test_combined();
    test_json();
    test_worst();
    test_names();
    test_reqid();
    return tap_done();
}
