/* metrics.c — GET /metrics in Prometheus text format.
 *
 * A few dozen series at most: routes are the router's fixed labels and
 * statuses a handful per route, so a mutex around a small table costs less
 * than the syscalls of the request it counts.  The table is bounded; a
 * series beyond it is counted under route "other".
 */
#include "http/metrics.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "polis/text.h"

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

static int render_requests(polis_buf_t *out)
{
    int err = polis_buf_puts(out, "# HELP polis_http_requests_total HTTP requests answered, "
                                  "by route and status.\n"
                                  "# TYPE polis_http_requests_total counter\n");
    for (size_t i = 0; i < n_series && !err; i++) {
        err |= polis_buf_puts(out, "polis_http_requests_total{route=\"");
        err |= put_label(out, series[i].route);
        err |= polis_buf_printf(out, "\",status=\"%u\"} %llu\n", series[i].status, series[i].count);
    }
    err |= polis_buf_puts(out, "# HELP polis_http_request_duration_seconds Time from the "
                               "request's first byte to its answer's last, by route.\n"
                               "# TYPE polis_http_request_duration_seconds histogram\n");
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

char *sd_metrics_render(unsigned long docs, unsigned long revision, const char *generation,
                        size_t *len)
{
    *len = 0;
    polis_buf_t out = { 0 };
    if (pthread_mutex_lock(&lock) != 0)
        return NULL;
    int err = render_requests(&out);
    pthread_mutex_unlock(&lock);
    err |= render_parts(&out);
    if (generation != NULL) {
        err |= polis_buf_printf(&out,
                                "# HELP polis_index_documents Documents in the index served.\n"
                                "# TYPE polis_index_documents gauge\n"
                                "polis_index_documents %lu\n"
                                "# HELP polis_index_revision Revision of the index served.\n"
                                "# TYPE polis_index_revision gauge\n"
                                "polis_index_revision %lu\n"
                                "# HELP polis_index_generation_info The generation served, "
                                "as a label.\n"
                                "# TYPE polis_index_generation_info gauge\n"
                                "polis_index_generation_info{generation=\"",
                                docs, revision);
        err |= put_label(&out, generation);
        err |= polis_buf_puts(&out, "\"} 1\n");
    }
    err |= polis_buf_printf(&out,
                            "# HELP polis_index_up Whether this worker can read the index.\n"
                            "# TYPE polis_index_up gauge\npolis_index_up %d\n",
                            generation != NULL);
    if (err || out.data == NULL) {
        polis_buf_free(&out);
        return NULL;
    }
    *len = out.len;
    return out.data;
}
