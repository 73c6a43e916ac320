/* export.h — /api/search?format=csv|ris: the hits of a page as a file. */
#ifndef POLIS_SEARCHD_EXPORT_H
#define POLIS_SEARCHD_EXPORT_H

#include "handle.h"
#include "params.h"
#include "server.h"

/* Send the hits of r in format (CSV or RIS) with its Content-Type and a
 * Content-Disposition that names a file (polis-search.csv, .ris). */
enum MHD_Result polis_export_send(polis_ctx_t *ctx, polis_handle_t *h, const polis_result_t *r,
                                  polis_format_t format);

#endif
