/* cors.h — Cross-Origin Resource Sharing for the /api/ routes.
 *
 * Partner sites call the API from their pages' scripts, so the /api/
 * answers carry Access-Control-Allow-Origin: `*` by default (the API is
 * public and read-only, and sends no cookies), or the caller's origin when
 * --cors-origins lists it.  Other routes (the page, /metrics) get none.
 */
#ifndef SD_HTTP_CORS_H
#define SD_HTTP_CORS_H

#include "http/server.h"

/* Non-zero when origin[0..len) is allowed by list: "*" allows any, else a
 * comma list of origins ("https://a.fr, https://b.fr") compared exactly. */
int sd_cors_allowed(const char *list, const char *origin, size_t len);

/* Add the CORS headers of an /api/ answer to r: Access-Control-Allow-Origin
 * ("*", or the request's Origin when it is listed) and Expose-Headers.
 * Sets *vary_origin when the answer depends on Origin.  Returns 0, or -1
 * when a header could not be added. */
int sd_cors_headers(sd_http_ctx_t *ctx, struct MHD_Response *r, int *vary_origin);

/* Answer the OPTIONS of a preflight: 204 with the allowed methods, the
 * request headers the caller asked for, and a day's Max-Age. */
enum MHD_Result sd_cors_preflight(sd_http_ctx_t *ctx, const char *allow);

#endif
