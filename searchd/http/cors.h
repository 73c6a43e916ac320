/* cors.h — Cross-Origin Resource Sharing for the /api/ routes.
 *
 * Partner sites call the API from their pages' scripts, so the /api/
 * answers carry Access-Control-Allow-Origin: `*` by default (the API is
 * public and read-only, and sends no cookies), or the caller's origin when
 * --cors-origins lists it.  Other routes (the page, /metrics) get none.
 */
#ifndef SD_HTTP_CORS_H
#define SD_HTTP_CORS_H

#include <stddef.h>

#include <microhttpd.h>

/* Non-zero when origin[0..len) is allowed by list: "*" allows any, else a
 * comma list of origins ("https://a.fr, https://b.fr") compared exactly. */
int sd_cors_allowed(const char *list, const char *origin, size_t len);

/* Add the CORS headers of an /api/ answer to r: Access-Control-Allow-Origin
 * ("*" when list is NULL or "*", else origin, the request's Origin header
 * (may be NULL), when list holds it) and Expose-Headers.  Sets *vary_origin
 * when the answer depends on Origin.  Returns 0, or -1 when a header could
 * not be added. */
int sd_cors_headers(struct MHD_Response *r, const char *list, const char *origin, int *vary_origin);

/* The headers of the 204 that answers the OPTIONS of a preflight (the
 * router sends it): the allowed methods, a day's Max-Age, and the request
 * headers the caller asked for (asked may be NULL) when they are a plain
 * list of header names.  name, value, ..., NULL, in out[0..7). */
void sd_cors_preflight_headers(const char *asked, const char *out[7]);

#endif
