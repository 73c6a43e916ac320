/* health.h — GET /healthz and GET /metrics: what an operator watches. */
#ifndef SD_API_HEALTH_H
#define SD_API_HEALTH_H

#include "http/http.h"

/* {"status":"ok","docs":N,"generation":"gen-000042","revision":R}, or a 503
 * error object when the index cannot be read. */
enum MHD_Result sd_health_handle(sd_http_ctx_t *ctx);

/* The counters of http/metrics.h in Prometheus text format, with the
 * gauges of the index this worker serves (documents, revision, generation,
 * age), or polis_index_up 0 without them when it cannot read the index;
 * the caches' counters and the process's figures (http/procstat.h). */
enum MHD_Result sd_health_metrics_handle(sd_http_ctx_t *ctx);

#endif
