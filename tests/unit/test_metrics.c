/* test_metrics.c — what /metrics says, without a server: the exposition
 * text (every line a comment or a sample of a family it announced, label
 * values escaped), the counters, the process's figures read from a
 * /proc/<pid>/stat line, and the answer cache's counters and tags. */
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"

#include "../../searchd/http/answer_cache.h"
#include "../../searchd/http/metrics.h"
#include "../../searchd/http/procstat.h"
#include "polis/version.h"

/* The exposition format's line grammar (0.0.4), as POSIX patterns. */
static const char help_re[] = "^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$";
static const char sample_re[] =
    "^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\""
    "(,[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\")*\\})? "
    "(-?[0-9.e+-]+|\\+Inf|-Inf|NaN)$";

/* Every line of text read by the grammar. */
static int grammatical(const char *text)
{
    regex_t h, s;
    if (regcomp(&h, help_re, REG_EXTENDED) != 0 || regcomp(&s, sample_re, REG_EXTENDED) != 0)
        return 0;
    char *copy = strdup(text), *save = NULL;
    int good = copy != NULL;
    for (char *l = strtok_r(copy, "\n", &save); l && good; l = strtok_r(NULL, "\n", &save)) {
        good = regexec(&h, l, 0, NULL, 0) == 0 || regexec(&s, l, 0, NULL, 0) == 0;
        if (!good)
            printf("#   not a line of the format: '%s'\n", l);
    }
    free(copy);
    regfree(&h);
    regfree(&s);
    return good;
}

static void test_render(void)
{
    sd_metrics_observe("/api/search", 200, 1500);
    sd_metrics_observe("/api/search", 200, 300000);
    sd_metrics_observe(NULL, 404, 10);
    sd_metrics_search(SD_METRICS_API, 1, 0);
    sd_metrics_search(SD_METRICS_API, 0, 1);
    sd_metrics_search(SD_METRICS_PAGE, 1, 1);
    sd_procstat_t proc = { 12.5, 1.7e9, 50331648, 1e9, 9, 1024 };
    sd_metrics_state_t st = { .generation = "gen-\"1\"\\\n",
                              .docs = 143,
                              .revision = 2,
                              .index_age = 3600,
                              .answer_hits = 5,
                              .answer_misses = 7,
                              .answer_bytes = 4096,
                              .set_hits = 11,
                              .set_misses = 13,
                              .set_bytes = 8192,
                              .process = &proc };
    size_t len = 0;
    char *text = sd_metrics_render(&st, &len);
    ok(text != NULL && len == strlen(text), "metrics: rendered");
    ok(text && grammatical(text), "metrics: every line a comment or a sample");
#define HAS(s, name) ok(text &&strstr(text, s), "metrics: %s", name)
    HAS("polis_http_requests_total{route=\"/api/search\",status=\"200\"} 2\n",
        "requests by route and status");
    HAS("polis_http_requests_total{route=\"other\",status=\"404\"} 1\n",
        "unrouted requests under 'other'");
    HAS("{route=\"/api/search\",le=\"0.0025\"} 1\n", "cumulative latency buckets");
    HAS("{route=\"/api/search\",le=\"+Inf\"} 2\n", "  ... +Inf");
    HAS("# TYPE polis_searches_total counter\npolis_searches_total{via=\"api\"} 2\n"
        "polis_searches_total{via=\"page\"} 1\n",
        "searches by the API and the page");
    HAS("polis_searches_zero_hits_total{via=\"api\"} "
        "1\npolis_searches_zero_hits_total{via=\"page\"} 1\n",
        "searches with no hit");
    HAS("polis_searches_corrected_total{via=\"api\"} 1\n", "searches corrected");
    HAS("# TYPE polis_answer_cache_hits_total counter\npolis_answer_cache_hits_total 5\n",
        "answer cache hits, a counter");
    HAS("polis_answer_cache_misses_total 7\n", "  ... misses");
    HAS("polis_set_cache_hits_total 11\n", "set cache hits");
    HAS("polis_set_cache_misses_total 13\n", "  ... misses");
    HAS("polis_set_cache_bytes 8192\n", "  ... bytes");
    HAS("polis_index_documents 143\n", "index documents");
    HAS("# TYPE polis_index_age_seconds gauge\npolis_index_age_seconds 3600\n", "index age");
    HAS("polis_index_generation_info{generation=\"gen-\\\"1\\\"\\\\\\n\"} 1\n",
        "a label value's quote, backslash and newline escaped");
    HAS("polis_index_up 1\n", "index up");
    HAS("polis_build_info{version=\"" POLIS_VERSION_STRING "\"} 1\n", "build info");
    HAS("# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 12.5\n",
        "process CPU, a counter");
    HAS("process_resident_memory_bytes 50331648\n", "resident memory");
    HAS("process_start_time_seconds 1700000000\n", "start time");
    HAS("process_open_fds 9\n", "open fds");
    HAS("process_max_fds 1024\n", "max fds");
    free(text);

    sd_metrics_state_t down = { .index_age = -1 };
    text = sd_metrics_render(&down, &len);
    ok(text && strstr(text, "polis_index_up 0\n") && !strstr(text, "polis_index_documents") &&
           !strstr(text, "polis_index_age_seconds") && !strstr(text, "process_"),
       "an index that cannot be read, no process: only polis_index_up 0 of them");
    ok(text && grammatical(text), "  ... every line grammatical");
    free(text);
    st.index_age = -1;
    text = sd_metrics_render(&st, &len);
    ok(text && !strstr(text, "polis_index_age_seconds") && strstr(text, "polis_index_documents"),
       "an index that does not say when it was written: no age, the rest");
    free(text);
#undef HAS
}

static void test_procstat(void)
{
    /* A command with spaces and parentheses, as proc(5) allows. */
    const char *line = "4242 (polis (x) d) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 150 0 0 20 "
                       "0 9 0 500000 123456789 2048 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 "
                       "0 0 17 1 0 0 0 0 0\n";
    sd_procstat_t p;
    ok(sd_procstat_parse(line, strlen(line), 100, 4096, 1.7e9, &p) == 0, "stat: parsed");
    ok(fabs(p.cpu_seconds - 4.0) < 1e-9, "stat: CPU is utime + stime over the ticks (%g)",
       p.cpu_seconds);
    ok(fabs(p.start_time - (1.7e9 + 5000)) < 1e-6, "stat: start is boot + starttime / ticks");
    ok(p.virtual_bytes == 123456789 && p.resident_bytes == 2048.0 * 4096,
       "stat: virtual bytes, resident pages times the page size");
    ok(sd_procstat_parse("4242 (cut", 9, 100, 4096, 0, &p) != 0 && p.cpu_seconds < 0,
       "stat: a line cut short: nothing, fields unknown");
    ok(sd_procstat_parse("1 (a) S 2", 9, 100, 4096, 0, &p) != 0, "stat: too few fields");

    ok(sd_procstat_read(&p) == 0, "this process: read from /proc/self");
    ok(p.resident_bytes > 0 && p.cpu_seconds >= 0 && p.open_fds >= 3 && p.max_fds >= p.open_fds,
       "  ... memory, CPU, descriptors (%g of %g)", p.open_fds, p.max_fds);
    ok(p.start_time > 1.5e9 && p.start_time <= (double)time(NULL) + 1, "  ... started in our era");
}

static void test_answer_cache(void)
{
    sd_answer_cache_t *a = sd_answer_cache_new(1 << 20);
    unsigned long long hits, misses, bytes;
    char *body = NULL;
    size_t len = 0;
    unsigned tag = 0;
    ok(!sd_answer_cache_get(a, "k", &body, &len, &tag), "answer cache: a miss");
    sd_answer_cache_put(a, "k", "{}", 2, 3);
    ok(sd_answer_cache_get(a, "k", &body, &len, &tag) && len == 2 && tag == 3,
       "answer cache: a hit, with the tag stored");
    free(body);
    sd_answer_cache_stats(a, &hits, &misses, &bytes);
    ok(hits == 1 && misses == 1 && bytes > 2, "answer cache: counted, its bytes");
    sd_answer_cache_free(a);
    sd_answer_cache_stats(NULL, &hits, &misses, &bytes);
    ok(hits == 0 && misses == 0 && bytes == 0, "no answer cache: zeros");
}

int main(void)
{
    test_render();
    test_procstat();
    test_answer_cache();
    return tap_done();
}
