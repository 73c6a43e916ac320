/* test_jsonw.c — searchd's JSON writer (http/jsonw.c) writes, for any tree,
 * the bytes json_dumps(JSON_COMPACT | JSON_REAL_PRECISION(n)) writes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/jsonw.h"
#include "tap.h"

static unsigned long seed = 42;

static unsigned rnd(unsigned n)
{
    seed = seed * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)((seed >> 33) % n);
}

/* A string of pieces that every escape rule and UTF-8 length meets. */
static json_t *rnd_string(void)
{
    static const char *pieces[] = { "a", "Z", " ", "\"", "\\", "/", "\n", "\r", "\t", "\b", "\f",
                                    "\x01", "\x1f", "\x7f", "é", "’", "«", "\xe2\x80\xa8", "🏙",
                                    "<mark>", "&amp;", "quartier", "" };
    char buf[256];
    size_t n = 0, k = rnd(12);
    for (size_t i = 0; i < k; i++) {
        const char *p = pieces[rnd(sizeof pieces / sizeof pieces[0])];
        size_t l = strlen(p);
        memcpy(buf + n, p, l);
        n += l;
    }
    if (rnd(10) == 0) /* a NUL inside: jansson's strings may hold one */
        buf[n++] = '\0';
    return json_stringn(buf, n);
}

static json_t *rnd_value(int depth)
{
    static const double reals[] = { 0.0, 1.0, -1.5, 0.1, 1e-7, 123456789012.0, 1e21, 1e-300,
                                    3.14159265358979, 0.5, 100.0, 2.25e-5, -0.0, 1e100 };
    switch (depth > 3 ? rnd(5) : rnd(7)) {
    case 0: return rnd(2) ? json_true() : (rnd(2) ? json_false() : json_null());
    case 1: return json_integer((json_int_t)rnd(1000000) - 500000);
    case 2: return json_real(reals[rnd(sizeof reals / sizeof reals[0])] * (rnd(3) + 1) / (rnd(7) + 1));
    case 3:
    case 4: return rnd_string();
    case 5: {
        json_t *a = json_array();
        for (unsigned i = rnd(5); i > 0; i--)
            json_array_append_new(a, rnd_value(depth + 1));
        return a;
    }
    default: {
        json_t *o = json_object();
        for (unsigned i = rnd(6); i > 0; i--) {
            json_t *k = rnd_string();
            json_object_setn_new(o, json_string_value(k), json_string_length(k), rnd_value(depth + 1));
            json_decref(k);
        }
        return o;
    }
    }
}

int main(void)
{
    int same = 0, total = 0;
    for (int i = 0; i < 20000; i++) {
        json_t *v = rnd_value(0);
        int precision = i % 3 == 0 ? 10 : 1 + (int)rnd(20);
        char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(precision));
        size_t len = 0;
        char *got = sd_jsonw_dump(v, precision, &len);
        total++;
        if (want && got && strcmp(want, got) == 0 && len == strlen(want))
            same++;
        else if (total - same <= 3)
            printf("# differs:\n#  jansson %s\n#  polis   %s\n", want ? want : "(null)", got ? got : "(null)");
        free(want);
        free(got);
        json_decref(v);
    }
    is_int(same, total, "20,000 random trees written as json_dumps() writes them");

    /* An answer's shape, with keys in the order they were set. */
    json_t *a = json_pack("{s:s, s:f, s:[{s:s, s:n, s:b}], s:{}}", "query", "l’économie \"sociale\"",
                          "took_ms", 1.25, "hits", "id", "x", "container", "relaxed", 0, "facets");
    size_t len = 0;
    char *got = sd_jsonw_dump(a, 10, &len);
    is_str(got, "{\"query\":\"l’économie \\\"sociale\\\"\",\"took_ms\":1.25,\"hits\":[{\"id\":\"x\","
                "\"container\":null,\"relaxed\":false}],\"facets\":{}}",
           "an answer, keys in the order set");
    free(got);
    json_decref(a);

    json_t *inf = json_real(1.0);
    ok(inf != NULL && json_real_set(inf, INFINITY) == -1, "jansson holds no infinite real");
    json_decref(inf);
    ok(sd_jsonw_dump(NULL, 10, &len) == NULL, "NULL writes nothing");
    json_t *one = json_integer(7);
    ok(sd_jsonw_dump(one, 0, &len) == NULL, "precision 0 is refused");
    json_decref(one);
    return tap_done();
}
