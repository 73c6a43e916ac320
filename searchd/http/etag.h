/* etag.h — HTTP validators: an ETag from the index served, and 304s.
 *
 * An answer depends on its URL and on the index, so the generation and the
 * revision of the index make a validator good for every URL: a client that
 * sends it back in If-None-Match gets a 304 without the query being run,
 * until a rebuild or an update changes the index.  The tag is weak (W/):
 * took_ms and gzip make the bytes differ while the answer is the same.
 */
#ifndef SD_HTTP_ETAG_H
#define SD_HTTP_ETAG_H

#include <stddef.h>

#include "http/http.h"

/* Write the ETag for generation gen at revision rev into out (size bytes,
 * at least 16): W/"gen-000042-7".  Characters of gen outside [A-Za-z0-9._-]
 * are dropped. */
void sd_etag_make(char *out, size_t size, const char *gen, unsigned long rev);

/* Non-zero when an If-None-Match value (may be NULL) matches etag: `*`, or
 * one of its comma-separated tags under weak comparison. */
int sd_etag_matches(const char *if_none_match, const char *etag);

/* Set ctx->etag for the index generation gen at revision rev and, when the
 * request's If-None-Match holds it, send a 304, set *ret and return 1.
 * Returns 0 to go on and answer. */
int sd_etag_check(sd_http_ctx_t *ctx, const char *gen, unsigned long rev, enum MHD_Result *ret);

#endif
