/* metrics.c — GET /metrics in Prometheus text format (see metrics.h).
 *
 * A few dozen series at most: routes are the router's fixed labels and
 * statuses a handful per route, so a mutex around a small table costs less
 * than the syscalls of the request it counts.  The table is bounded; a
 * series beyond it is counted under route "other".  The searches' counters,
 * a fixed few, are atomics.
 */
#include "http/metrics.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "polis/text.h"
#include "polis/version.h"

#define MAX_SERIES 128
#define MAX_ROUTES 32
/* Upper bounds of the latency buckets, in seconds; +Inf is implied. */
static const double bounds[] = { 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                 0.025,  0.05,    0.1,    0.25,  0.5,    1.0,   2.5 };
#define N_BOUNDS (sizeof bounds / sizeof bounds[0])

typedef struct {
    const char *route;
    unsigned status;
    unsigned long long count;
} series_t;

typedef struct {
    const char *route;
    unsigned long long buckets[N_BOUNDS + 1]; /* not cumulative; the last is +Inf */
    unsigned long long count;
    double sum; /* seconds */
} latency_t;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static series_t series[MAX_SERIES];
static size_t n_series;
static latency_t latency[MAX_ROUTES];
static size_t n_latency;
/* Microseconds per part of the searches' answers, and the answers: every
 * search adds to them, so they are atomics rather than under the lock. */
static _Atomic uint64_t part_us[SD_METRICS_PARTS_];
static _Atomic uint64_t answers;
static const char *const part_names[SD_METRICS_PARTS_] = { "search", "hits", "json" };

void sd_metrics_search_part(sd_metrics_part_t part, uint64_t usec)
{
    if ((unsigned)part >= SD_METRICS_PARTS_)
        return;
    atomic_fetch_add_explicit(&part_us[part], usec, memory_order_relaxed);
    if (part == SD_METRICS_JSON)
        atomic_fetch_add_explicit(&answers, 1, memory_order_relaxed);
}

static int render_parts(polis_buf_t *out)
{
    int err = polis_buf_puts(out, "# HELP polis_search_part_seconds_total Time JSON searches "
                                  "spent in each part of their answers: the search (parsing, "
                                  "matching, counting), the hits (decoding, highlighting), the "
                                  "JSON (building, writing).\n"
                                  "# TYPE polis_search_part_seconds_total counter\n");
    for (int p = 0; p < SD_METRICS_PARTS_ && !err; p++)
        err |= polis_buf_printf(
            out, "polis_search_part_seconds_total{part=\"%s\"} %.6f\n", part_names[p],
            (double)atomic_load_explicit(&part_us[p], memory_order_relaxed) / 1e6);
    err |= polis_buf_printf(out,
                            "# HELP polis_search_answers_total JSON searches answered by a "
                            "search (not from the answer store).\n"
                            "# TYPE polis_search_answers_total counter\n"
                            "polis_search_answers_total %llu\n",
                            (unsigned long long)atomic_load_explicit(&answers,
                                                                     memory_order_relaxed));
    return err;
}

/* The searches' counters, by sd_metrics_via_t. */
static atomic_ullong searches[SD_METRICS_VIA_], zero_hits[SD_METRICS_VIA_],
    corrected[SD_METRICS_VIA_];
static const char *const via_names[SD_METRICS_VIA_] = { "api", "page" };

/* Routes are static strings from the router's table, so they are compared
 * by content once and then found again by the same pointer. */
static int same_route(const char *a, const char *b)
{
    return a == b || strcmp(a, b) == 0;
}

void sd_metrics_observe(const char *route, unsigned status, uint64_t usec)
{
    if (route == NULL)
        route = "other";
    double secs = (double)usec / 1e6;
    size_t b = 0;
    while (b < N_BOUNDS && secs > bounds[b])
        b++;
    if (pthread_mutex_lock(&lock) != 0)
        return;
    size_t i = 0;
    while (i < n_series && !(series[i].status == status && same_route(series[i].route, route)))
        i++;
    if (i == n_series && n_series < MAX_SERIES)
        series[n_series++] = (series_t){ route, status, 0 };
    if (i < n_series)
        series[i].count++;
    size_t k = 0;
    while (k < n_latency && !same_route(latency[k].route, route))
        k++;
    if (k == n_latency && n_latency < MAX_ROUTES) {
        memset(&latency[k], 0, sizeof latency[k]);
        latency[k].route = route;
        n_latency++;
    }
    if (k < n_latency) {
        latency[k].buckets[b]++;
        latency[k].count++;
        latency[k].sum += secs;
    }
    pthread_mutex_unlock(&lock);
}

void sd_metrics_search(sd_metrics_via_t via, int zero, int fixed)
{
    if ((unsigned)via >= SD_METRICS_VIA_)
        return;
    atomic_fetch_add(&searches[via], 1);
    if (zero)
        atomic_fetch_add(&zero_hits[via], 1);
    if (fixed)
        atomic_fetch_add(&corrected[via], 1);
}

/* A label value: backslash, double quote and newline escaped. */
static int put_label(polis_buf_t *out, const char *s)
{
    int err = 0;
    for (; *s != '\0' && !err; s++) {
        if (*s == '\\' || *s == '"')
            err = polis_buf_printf(out, "\\%c", *s);
        else if (*s == '\n')
            err = polis_buf_puts(out, "\\n");
        else
            err = polis_buf_append(out, s, 1);
    }
    return err;
}

/* The # HELP and # TYPE lines of a metric. */
static int family(polis_buf_t *out, const char *name, const char *type, const char *help)
{
    return polis_buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static int render_requests(polis_buf_t *out)
{
    int err = family(out, "polis_http_requests_total", "counter",
                     "HTTP requests answered, by route and status.");
    for (size_t i = 0; i < n_series && !err; i++) {
        err |= polis_buf_puts(out, "polis_http_requests_total{route=\"");
        err |= put_label(out, series[i].route);
        err |= polis_buf_printf(out, "\",status=\"%u\"} %llu\n", series[i].status, series[i].count);
    }
    err |= family(out, "polis_http_request_duration_seconds", "histogram",
                  "Time from the request's first byte to its answer's last, by route.");
    for (size_t k = 0; k < n_latency && !err; k++) {
        unsigned long long cumulative = 0;
        for (size_t b = 0; b <= N_BOUNDS && !err; b++) {
            cumulative += latency[k].buckets[b];
            err |= polis_buf_puts(out, "polis_http_request_duration_seconds_bucket{route=\"");
            err |= put_label(out, latency[k].route);
            if (b < N_BOUNDS)
                err |= polis_buf_printf(out, "\",le=\"%g\"} %llu\n", bounds[b], cumulative);
            else
                err |= polis_buf_printf(out, "\",le=\"+Inf\"} %llu\n", cumulative);
        }
        err |= polis_buf_puts(out, "polis_http_request_duration_seconds_sum{route=\"");
        err |= put_label(out, latency[k].route);
        err |= polis_buf_printf(out, "\"} %.6f\n", latency[k].sum);
        err |= polis_buf_puts(out, "polis_http_request_duration_seconds_count{route=\"");
        err |= put_label(out, latency[k].route);
        err |= polis_buf_printf(out, "\"} %llu\n", latency[k].count);
    }
    return err;
}

/* A metric of one sample without labels; a negative value is not known,
 * and the metric is left out. */
typedef struct {
    const char *name, *type, *help;
    double value;
} single_t;

static int render_singles(polis_buf_t *out, const single_t *m, size_t n)
{
    int err = 0;
    for (size_t i = 0; i < n && !err; i++) {
        if (m[i].value < 0)
            continue;
        err |= family(out, m[i].name, m[i].type, m[i].help);
        err |= polis_buf_printf(out, "%s %.15g\n", m[i].name, m[i].value);
    }
    return err;
}

static int render_searches(polis_buf_t *out)
{
    static const struct {
        const char *name, *help;
        atomic_ullong *counts;
    } kinds[] = {
        { "polis_searches_total",
          "Searches with words answered, by the API (JSON) or the page; "
          "answers from the answer cache included.",
          searches },
        { "polis_searches_zero_hits_total", "Searches with words whose answer had no hit.",
          zero_hits },
        { "polis_searches_corrected_total",
          "Searches with words whose answer offered a spelling correction.", corrected },
    };
    int err = 0;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0] && !err; k++) {
        err |= family(out, kinds[k].name, "counter", kinds[k].help);
        for (int v = 0; v < SD_METRICS_VIA_; v++)
            err |= polis_buf_printf(out, "%s{via=\"%s\"} %llu\n", kinds[k].name, via_names[v],
                                    (unsigned long long)atomic_load(&kinds[k].counts[v]));
    }
    return err;
}

static int render_caches(polis_buf_t *out, const sd_metrics_state_t *st)
{
    const single_t m[] = {
        { "polis_answer_cache_hits_total", "counter",
          "Searches answered whole from the answer cache.", (double)st->answer_hits },
        { "polis_answer_cache_misses_total", "counter",
          "Searches looked up in the answer cache and not found there.",
          (double)st->answer_misses },
        { "polis_answer_cache_bytes", "gauge", "Memory the answers kept take.",
          (double)st->answer_bytes },
        { "polis_set_cache_hits_total", "counter",
          "Match sets found in the shim's set cache when counting totals and facets.",
          (double)st->set_hits },
        { "polis_set_cache_misses_total", "counter",
          "Match sets worth keeping that the set cache did not hold, and were built.",
          (double)st->set_misses },
        { "polis_set_cache_bytes", "gauge", "Memory the match sets kept take.",
          (double)st->set_bytes },
    };
    return render_singles(out, m, sizeof m / sizeof m[0]);
}

static int render_index(polis_buf_t *out, const sd_metrics_state_t *st)
{
    int err = 0;
    if (st->generation != NULL) {
        const single_t m[] = {
            { "polis_index_documents", "gauge", "Documents in the index served.",
              (double)st->docs },
            { "polis_index_revision", "gauge", "Revision of the index served.",
              (double)st->revision },
            { "polis_index_age_seconds", "gauge",
              "Seconds since the indexer last wrote the index served.", st->index_age },
        };
        err |= render_singles(out, m, sizeof m / sizeof m[0]);
        err |= family(out, "polis_index_generation_info", "gauge",
                      "The generation served, as a label.");
        err |= polis_buf_puts(out, "polis_index_generation_info{generation=\"");
        err |= put_label(out, st->generation);
        err |= polis_buf_puts(out, "\"} 1\n");
    }
    err |= family(out, "polis_index_up", "gauge", "Whether this worker can read the index.");
    err |= polis_buf_printf(out, "polis_index_up %d\n", st->generation != NULL);
    return err;
}

static int render_build(polis_buf_t *out)
{
    int err = family(out, "polis_build_info", "gauge", "The version of polis-searchd, as a label.");
    err |= polis_buf_puts(out, "polis_build_info{version=\"");
    err |= put_label(out, POLIS_VERSION_STRING);
    return err | polis_buf_puts(out, "\"} 1\n");
}

static int render_process(polis_buf_t *out, const sd_procstat_t *p)
{
    if (p == NULL)
        return 0;
    /* The names and words of Prometheus's client libraries. */
    const single_t m[] = {
        { "process_cpu_seconds_total", "counter",
          "Total user and system CPU time spent in seconds.", p->cpu_seconds },
        { "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
          p->resident_bytes },
        { "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.",
          p->virtual_bytes },
        { "process_start_time_seconds", "gauge",
          "Start time of the process since unix epoch in seconds.", p->start_time },
        { "process_open_fds", "gauge", "Number of open file descriptors.", p->open_fds },
        { "process_max_fds", "gauge", "Maximum number of open file descriptors.", p->max_fds },
    };
    return render_singles(out, m, sizeof m / sizeof m[0]);
}

char *sd_metrics_render(const sd_metrics_state_t *st, size_t *len)
{
    *len = 0;
    polis_buf_t out = { 0 };
    if (pthread_mutex_lock(&lock) != 0)
        return NULL;
    int err = render_requests(&out);
    pthread_mutex_unlock(&lock);
    err |= render_parts(&out);
    err |= render_searches(&out);
    err |= render_caches(&out, st);
    err |= render_index(&out, st);
    err |= render_build(&out);
    err |= render_process(&out, st->process);
    if (err || out.data == NULL) {
        polis_buf_free(&out);
        return NULL;
    }
    *len = out.len;
    return out.data;
}
