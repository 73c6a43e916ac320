/* export.h — /api/search?format=csv|ris: the hits of a page as a file. */
#ifndef SD_API_EXPORT_H
#define SD_API_EXPORT_H

#include "api/handle.h"
#include "api/params.h"
#include "http/http.h"

/* Send the hits of r in format (CSV or RIS) with its Content-Type and a
 * Content-Disposition that names a file (polis-search.csv, .ris). */
enum MHD_Result sd_export_send(sd_http_ctx_t *ctx, sd_handle_t *h, const polis_result_t *r,
                               sd_params_format_t format);

#endif
