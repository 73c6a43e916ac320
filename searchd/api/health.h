/* health.h — GET /healthz. */
#ifndef SD_API_HEALTH_H
#define SD_API_HEALTH_H

#include "http/server.h"

/* {"status":"ok","docs":N,"generation":"gen-000042","revision":R}, or a 503
 * error object when the index cannot be read. */
enum MHD_Result sd_health_handle(sd_http_ctx_t *ctx);

#endif
