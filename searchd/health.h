/* health.h — GET /healthz. */
#ifndef POLIS_SEARCHD_HEALTH_H
#define POLIS_SEARCHD_HEALTH_H

#include "server.h"

/* {"status":"ok","docs":N,"generation":"gen-000042","revision":R}, or a 503
 * error object when the index cannot be read. */
enum MHD_Result polis_health_handle(polis_ctx_t *ctx);

#endif
