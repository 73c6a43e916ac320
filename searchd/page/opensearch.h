/* opensearch.h — GET /opensearch.xml. */
#ifndef SD_PAGE_OPENSEARCH_H
#define SD_PAGE_OPENSEARCH_H

#include "http/http.h"

/* The OpenSearch 1.1 description, with the HTML, JSON and suggestion URL
 * templates on the host the client used. */
enum MHD_Result sd_opensearch_handle(sd_http_ctx_t *ctx);

#endif
