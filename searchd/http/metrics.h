/* metrics.h — the counters of /metrics, in Prometheus text format (0.0.4).
 *
 * Counters live in this file for the whole process (one daemon per
 * process): requests by route and status, and a latency histogram by
 * route.  The route that serves them (api/health.c) adds the gauges of the
 * index, read from the calling thread's handle when scraped.
 */
#ifndef SD_HTTP_METRICS_H
#define SD_HTTP_METRICS_H

#include <stddef.h>
#include <stdint.h>

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

/* The exposition text of every metric; malloc()ed, NULL when out of memory.
 * docs, revision and generation describe the index (generation NULL: it
 * cannot be read, and only polis_index_up 0 is said of it). */
char *sd_metrics_render(unsigned long docs, unsigned long revision, const char *generation,
                        size_t *len);

#endif
