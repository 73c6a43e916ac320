/* metrics.h — the counters of /metrics, and its text in Prometheus's
 * exposition format 0.0.4.
 *
 * Counters live in this file for the whole process (one daemon per
 * process) and only grow: requests by route and status, a latency
 * histogram by route, the searches with words and those that found nothing
 * or were corrected.  What is read when scraped (the index served, the
 * caches, the process) the route that serves them (api/health.c) gathers
 * into an sd_metrics_state_t.  docs/architecture.md ("/metrics") lists
 * every series.
 */
#ifndef SD_HTTP_METRICS_H
#define SD_HTTP_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "http/procstat.h"

/* Count one finished request.  route is the router's static label (NULL
 * for a request no route took: a 404, a 414...), status the HTTP status
 * (0 when none was sent), usec its duration.  Thread-safe. */
void sd_metrics_observe(const char *route, unsigned status, uint64_t usec);

/* The parts of a JSON search's answer, for sd_metrics_search_part(). */
typedef enum {
    SD_METRICS_SEARCH, /* the shim's search: parsing, matching, counting, hit records */
    SD_METRICS_HITS,   /* the hits' views: decoding, title and snippet highlighting */
    SD_METRICS_JSON,   /* the answer's JSON, built and written out */
    SD_METRICS_PARTS_
} sd_metrics_part_t;

/* Add usec to a part of the JSON searches' answers; SD_METRICS_JSON also
 * counts one answer.  What a request takes beyond its parts is HTTP's (the
 * bench shows each as its share, tests/bench/README.md).  Thread-safe. */
void sd_metrics_search_part(sd_metrics_part_t part, uint64_t usec);

/* Where a search was asked: the JSON API or the page. */
typedef enum { SD_METRICS_API = 0, SD_METRICS_PAGE, SD_METRICS_VIA_ } sd_metrics_via_t;

/* Count one search with words answered through via: zero_hits when its
 * answer has no hit, corrected when it offers a spelling correction.
 * Thread-safe, lock-free. */
void sd_metrics_search(sd_metrics_via_t via, int zero_hits, int corrected);

/* What is read when scraped. */
typedef struct {
    /* The index this thread serves; generation NULL: it cannot be read,
     * and only polis_index_up 0 is said of it. */
    const char *generation;
    unsigned long docs, revision;
    double index_age; /* seconds since the index was written; < 0: unknown */
    /* The answer cache (http/answer_cache.h) and the shim's match sets. */
    unsigned long long answer_hits, answer_misses, answer_bytes;
    unsigned long long set_hits, set_misses, set_bytes;
    const sd_procstat_t *process; /* NULL: not said */
} sd_metrics_state_t;

/* The exposition text of every metric; malloc()ed, its length in *len,
 * NULL when out of memory. */
char *sd_metrics_render(const sd_metrics_state_t *st, size_t *len);

#endif
