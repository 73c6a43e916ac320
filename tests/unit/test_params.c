/* test_params.c — searchd's query-string helpers, without a server:
 * numbers, dates, sort, facet lists, percent-decoding, the messages of every
 * bad parameter, JSON string repair (the access-log line: test_log.c). */
#include <string.h>

#include "tap.h"

#include "../../searchd/api/json.h"
#include "../../searchd/api/params.h"
#include "../../searchd/http/query.h"
#include "../../searchd/http/reply.h"

static const sd_params_limits_t lim = {
    .max_query_bytes = 2048, .default_per_page = 10, .max_per_page = 100, .max_page = 1000
};

/* Feed one key=value (C strings) to fresh params; return the error or "". */
static const char *add_one(sd_params_t *p, const char *key, const char *value)
{
    sd_params_init(p, &lim);
    if (sd_params_add(p, &lim, key, strlen(key), value, value != NULL ? strlen(value) : 0) != 0)
        return p->error;
    if (sd_params_finish(p) != 0)
        return p->error;
    return "";
}

static void test_uint(void)
{
    unsigned v = 0;
    ok(sd_query_parse_uint("42", 2, 1, 100, &v) == 0 && v == 42, "uint 42");
    ok(sd_query_parse_uint("007", 3, 1, 100, &v) == 0 && v == 7, "uint with leading zeros");
    ok(sd_query_parse_uint("0", 1, 1, 100, &v) != 0, "uint below min");
    ok(sd_query_parse_uint("101", 3, 1, 100, &v) != 0, "uint above max");
    ok(sd_query_parse_uint("-1", 2, 0, 100, &v) != 0, "uint refuses a sign");
    ok(sd_query_parse_uint("+1", 2, 0, 100, &v) != 0, "uint refuses a plus");
    ok(sd_query_parse_uint("1x", 2, 0, 100, &v) != 0, "uint refuses trailing junk");
    ok(sd_query_parse_uint("", 0, 0, 100, &v) != 0, "uint refuses empty");
    ok(sd_query_parse_uint("99999999999", 11, 0, 4000000000u, &v) != 0, "uint refuses overflow");
    ok(sd_query_parse_uint("4000000000", 10, 0, 4000000000u, &v) == 0 && v == 4000000000u,
       "uint near UINT_MAX");
}

static void check_date(const char *s, int end, const char *want)
{
    char out[9] = "";
    int rc = sd_params_parse_date(s, strlen(s), end, out);
    if (want == NULL) {
        ok(rc != 0, "date '%s' refused", s);
    } else {
        ok(rc == 0, "date '%s' (%s) parses", s, end ? "to" : "from");
        is_str(out, want, "  ... as expected");
    }
}

static void test_dates(void)
{
    check_date("2017", 0, "20170101");
    check_date("2017", 1, "20171231");
    check_date("2017-10", 0, "20171001");
    check_date("2017-10", 1, "20171031");
    check_date("2017-02", 1, "20170228");
    check_date("2016-02", 1, "20160229");
    check_date("2000-02", 1, "20000229");
    check_date("1900-02", 1, "19000228");
    check_date("2017-04", 1, "20170430");
    check_date("2017-10-25", 0, "20171025");
    check_date("2017-10-25", 1, "20171025");
    check_date("2016-02-29", 0, "20160229");
    check_date("2017-02-29", 0, NULL);
    check_date("2017-13", 0, NULL);
    check_date("2017-00", 0, NULL);
    check_date("2017-04-31", 0, NULL);
    check_date("2017-10-00", 0, NULL);
    check_date("2017-1", 0, NULL);
    check_date("2017-1-05", 0, NULL);
    check_date("17", 0, NULL);
    check_date("0000", 0, NULL);
    check_date("2017/10/25", 0, NULL);
    check_date("2017-10-25T10", 0, NULL);
    check_date("", 0, NULL);
    check_date("abcd", 0, NULL);
}

static void test_sort_and_facets(void)
{
    polis_sort_t s = POLIS_SORT_RELEVANCE;
    ok(sd_params_parse_sort("date", 4, &s) == 0 && s == POLIS_SORT_DATE_DESC, "sort date");
    ok(sd_params_parse_sort("-date", 5, &s) == 0 && s == POLIS_SORT_DATE_ASC, "sort -date");
    ok(sd_params_parse_sort("relevance", 9, &s) == 0 && s == POLIS_SORT_RELEVANCE,
       "sort relevance");
    ok(sd_params_parse_sort("bogus", 5, &s) != 0, "sort bogus refused");
    ok(sd_params_parse_sort("dat", 3, &s) != 0, "sort prefix refused");

    unsigned m = 0;
    char bad[40] = "";
    ok(sd_params_parse_facets("theme,year", 10, &m, bad, sizeof bad) == 0 &&
           m == ((1u << POLIS_FACET_THEME) | (1u << POLIS_FACET_YEAR)),
       "facets theme,year");
    const char *spaced = " kind , place,,";
    ok(sd_params_parse_facets(spaced, strlen(spaced), &m, bad, sizeof bad) == 0 &&
           m == ((1u << POLIS_FACET_KIND) | (1u << POLIS_FACET_PLACE)),
       "facets with spaces and empty items");
    ok(sd_params_parse_facets("", 0, &m, bad, sizeof bad) == 0 && m == 0, "facets empty");
    ok(sd_params_parse_facets("theme,bogus", 11, &m, bad, sizeof bad) != 0, "facets bogus");
    is_str(bad, "bogus", "facets names the bad one");
}

static void test_escapes(void)
{
    ok(sd_query_valid_escapes("a%20b%2f", 8), "escapes valid");
    ok(!sd_query_valid_escapes("%zz", 3), "escape %%zz");
    ok(!sd_query_valid_escapes("%2", 2), "escape cut short");
    ok(!sd_query_valid_escapes("ab%", 3), "escape at the end");
    ok(!sd_query_valid_escapes("%g0", 3), "escape %%g0");
    ok(sd_query_valid_escapes("", 0), "no escapes");

    char out[32];
    size_t n = 0;
    ok(sd_query_url_decode("a+b%20c", 7, 1, out, sizeof out, &n) == 0, "decode");
    is_str(out, "a b c", "decode: plus is a space in a query");
    ok(sd_query_url_decode("a+b%20c", 7, 0, out, sizeof out, &n) == 0, "decode path");
    is_str(out, "a+b c", "decode: plus stays in a path");
    ok(sd_query_url_decode("x%00y", 5, 0, out, sizeof out, &n) == 0 && n == 3 && out[1] == 0,
       "decode keeps a NUL with its length");
    ok(sd_query_url_decode("%C3%A9", 6, 0, out, sizeof out, &n) == 0 && n == 2 &&
           strcmp(out, "\xC3\xA9") == 0,
       "decode UTF-8 escapes");
    ok(sd_query_url_decode("%zz", 3, 0, out, sizeof out, &n) != 0, "decode refuses %%zz");
    ok(sd_query_url_decode("abcdef", 6, 0, out, 4, &n) != 0, "decode refuses a small buffer");
    ok(sd_query_url_decode("abc", 3, 0, out, 4, &n) == 0 && n == 3, "decode fits exactly");
}

static void test_add(void)
{
    sd_params_t p;
    char long_q[2050];
    memset(long_q, 'a', sizeof long_q - 1);
    long_q[sizeof long_q - 1] = '\0';

    is_str(add_one(&p, "per_page", "0"), "per_page: must be an integer from 1 to 100",
           "per_page=0");
    is_str(add_one(&p, "per_page", "101"), "per_page: must be an integer from 1 to 100",
           "per_page=101");
    is_str(add_one(&p, "per_page", "abc"), "per_page: must be an integer from 1 to 100",
           "per_page=abc");
    is_str(add_one(&p, "page", "0"), "page: must be an integer from 1 to 1000", "page=0");
    is_str(add_one(&p, "page", "-1"), "page: must be an integer from 1 to 1000", "page=-1");
    is_str(add_one(&p, "page", "1001"), "page: must be an integer from 1 to 1000",
           "page past the deepest");
    is_str(add_one(&p, "sort", "bogus"), "sort: must be relevance, date or -date", "sort=bogus");
    is_str(add_one(&p, "from", "2017-13"), "from: must be a date YYYY, YYYY-MM or YYYY-MM-DD",
           "from=2017-13");
    is_str(add_one(&p, "to", "2017-02-30"), "to: must be a date YYYY, YYYY-MM or YYYY-MM-DD",
           "to=2017-02-30");
    is_str(add_one(&p, "q", long_q), "q: longer than 2048 bytes", "q too long");
    long_q[2048] = '\0';
    is_str(add_one(&p, "q", long_q), "", "q of exactly 2048 bytes");
    is_str(add_one(&p, "q", "caf\xC3"), "q: not valid UTF-8 text", "q cut UTF-8");
    is_str(add_one(&p, "q", "\xFF"), "q: not valid UTF-8 text", "q with 0xFF");
    is_str(add_one(&p, "q", "\xC0\xAF"), "q: not valid UTF-8 text", "q overlong");
    is_str(add_one(&p, "kind", "bogus"),
           "kind: must be one of recap, news, page, bibliography, reference", "kind=bogus");
    is_str(add_one(&p, "year", "17"), "year: must be a year (YYYY)", "year=17");
    is_str(add_one(&p, "facets", "theme,nope"),
           "facets: 'nope' is not one of theme, type, kind, year, place, author", "facets=nope");
    is_str(add_one(&p, "format", "xml"),
           "format: must be json, csv, csv-fr, ris, bibtex or csl-json", "format=xml");
    is_str(add_one(&p, "format", "bibtex"), "", "format=bibtex");
    ok(p.format == SD_PARAMS_BIBTEX, "  ... is BibTeX");
    is_str(add_one(&p, "format", "csl-json"), "", "format=csl-json");
    ok(p.format == SD_PARAMS_CSL, "  ... is CSL-JSON");
    is_str(add_one(&p, "format", "csv-fr"), "", "format=csv-fr");
    ok(p.format == SD_PARAMS_CSV_FR, "  ... is the French CSV");
    is_str(add_one(&p, "excel", "2"), "excel: must be 0 or 1", "excel=2");
    is_str(add_one(&p, "format", "ris"), "", "format=ris");
    ok(p.format == SD_PARAMS_RIS, "  ... is RIS");
    is_str(add_one(&p, "format", "csv"), "", "format=csv");
    ok(p.format == SD_PARAMS_CSV, "  ... is CSV");
    is_str(add_one(&p, "format", ""), "", "empty format means the default");
    ok(p.format == SD_PARAMS_JSON, "  ... JSON");
    is_str(add_one(&p, "utm_source", "\xFF"), "", "unknown parameter ignored, even bad UTF-8");
    is_str(add_one(&p, "theme", ""), "", "empty theme ignored");
    ok(p.n_filters[POLIS_FACET_THEME] == 0, "  ... and not added");
    is_str(add_one(&p, "page", ""), "", "empty page means the default");
    ok(p.page == 1, "  ... page 1");

    /* A NUL inside a value (from %00) is refused, with its length known. */
    sd_params_init(&p, &lim);
    ok(sd_params_add(&p, &lim, "q", 1, "a\0b", 3) != 0, "q with NUL refused");
    is_str(p.error, "q: not valid UTF-8 text", "  ... message");
    /* A key with a NUL is not "q". */
    sd_params_init(&p, &lim);
    ok(sd_params_add(&p, &lim, "q\0x", 3, "\xFF", 1) == 0, "key q%%00x is unknown");

    sd_params_init(&p, &lim);
    int rc = sd_params_add(&p, &lim, "q", 1, "quartier", 8);
    rc |= sd_params_add(&p, &lim, "theme", 5, "emploi", 6);
    rc |= sd_params_add(&p, &lim, "theme", 5, "habitat", 7);
    rc |= sd_params_add(&p, &lim, "kind", 4, "recap", 5);
    rc |= sd_params_add(&p, &lim, "year", 4, "2017", 4);
    rc |= sd_params_add(&p, &lim, "from", 4, "2017", 4);
    rc |= sd_params_add(&p, &lim, "to", 2, "2017-02", 7);
    rc |= sd_params_add(&p, &lim, "sort", 4, "-date", 5);
    rc |= sd_params_add(&p, &lim, "page", 4, "3", 1);
    rc |= sd_params_add(&p, &lim, "per_page", 8, "25", 2);
    rc |= sd_params_add(&p, &lim, "facets", 6, "", 0);
    rc |= sd_params_add(&p, &lim, "fbclid", 6, "x", 1);
    rc |= sd_params_finish(&p);
    ok(rc == 0, "a full request is accepted");
    is_str(p.q, "quartier", "  q");
    ok(p.n_filters[POLIS_FACET_THEME] == 2, "  two themes");
    is_str(p.filters[POLIS_FACET_THEME][1], "habitat", "  second theme");
    ok(p.n_filters[POLIS_FACET_KIND] == 1 && p.n_filters[POLIS_FACET_YEAR] == 1, "  kind, year");
    is_str(p.from, "20170101", "  from=2017");
    is_str(p.to, "20170228", "  to=2017-02");
    ok(p.sort == POLIS_SORT_DATE_ASC, "  sort");
    ok(p.page == 3 && p.per_page == 25, "  page and per_page");
    ok(p.facets == 0, "  facets= counts none");

    sd_params_init(&p, &lim);
    ok(p.per_page == 10 && p.page == 1 && p.q[0] == '\0', "defaults");
    ok(p.facets == ((1u << POLIS_FACET_THEME) | (1u << POLIS_FACET_TYPE) |
                    (1u << POLIS_FACET_KIND) | (1u << POLIS_FACET_YEAR)),
       "default facets theme,type,kind,year");

    sd_params_init(&p, &lim);
    rc = sd_params_add(&p, &lim, "q", 1, "a", 1);
    ok(rc == 0 && sd_params_add(&p, &lim, "q", 1, "b", 1) != 0, "q twice refused");
    is_str(p.error, "q: given more than once", "  ... message");

    sd_params_init(&p, &lim);
    int many = 0;
    for (int i = 0; i < SD_PARAMS_MAX_VALUES + 1; i++)
        many |= sd_params_add(&p, &lim, "place", 5, "Amiens", 6);
    ok(many != 0, "too many values for one facet refused");
    is_str(p.error, "place: more than 32 values", "  ... message");

    sd_params_init(&p, &lim);
    rc = sd_params_add(&p, &lim, "from", 4, "2018", 4);
    rc |= sd_params_add(&p, &lim, "to", 2, "2017", 4);
    ok(rc == 0 && sd_params_finish(&p) != 0, "from after to refused");
    is_str(p.error, "from: later than to", "  ... message");
    sd_params_init(&p, &lim);
    rc = sd_params_add(&p, &lim, "from", 4, "2017", 4);
    rc |= sd_params_add(&p, &lim, "to", 2, "2017", 4);
    ok(rc == 0 && sd_params_finish(&p) == 0, "from=to=2017 is one year");
}

static void test_raw(void)
{
    sd_params_t p;
    const char *cases[][2] = {
        { "q=%zz", "q: bad percent-encoding" },
        { "q=ok&per%5Fpage=%2", "per_page: bad percent-encoding" },
        { "utm_source=%zz&q=a%20b", "" },
        { "q=%C3%A9conomie&theme=a+b", "" },
        { "&&q&=x&", "" },
        { "theme=%", "theme: bad percent-encoding" },
        { "", "" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sd_params_init(&p, &lim);
        int rc = sd_params_check_raw(&p, cases[i][0], strlen(cases[i][0]));
        is_str(rc == 0 ? "" : p.error, cases[i][1], cases[i][0]);
    }
}

static void test_json(void)
{
    json_t *j = sd_json_strn("a\xFF"
                             "b\xC3",
                             4);
    ok(j != NULL && strcmp(json_string_value(j), "a\xEF\xBF\xBD"
                                                 "b\xEF\xBF\xBD") == 0,
       "bad UTF-8 bytes become U+FFFD");
    json_decref(j);
    j = sd_json_str("Développement économique");
    ok(j != NULL && strcmp(json_string_value(j), "Développement économique") == 0,
       "valid UTF-8 kept");
    json_decref(j);
    j = sd_json_str(NULL);
    ok(json_is_null(j), "NULL gives null");
    json_decref(j);

    json_t *o = json_object();
    ok(sd_json_set(o, "x", NULL) != 0, "set refuses a failed constructor");
    ok(sd_json_set(o, "took_ms", json_real(0.42)) == 0, "set a real");
    size_t len = 0;
    char *text = sd_reply_dump(o, &len);
    is_str(text, "{\"took_ms\":0.42}", "reals are short (0.42, not 0.41999...)");
    ok(text != NULL && len == strlen(text), "dump length");
    free(text);
    json_decref(o);
}

int main(void)
{
    test_uint();
    test_dates();
    test_sort_and_facets();
    test_escapes();
    test_add();
    test_raw();
    test_json();
    return tap_done();
}
