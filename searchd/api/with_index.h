/* with_index.h — running a read of the index for a handler, with the
 * retry-once rule.
 *
 * Each worker thread reads through its own handle (handle.h), which follows
 * the generation in service.  A rebuild may switch generations, and an old
 * one be removed, between the moment a thread checks its handle and the
 * moment it reads: the read then fails with POLIS_ERR_MODIFIED,
 * POLIS_ERR_NOT_FOUND, POLIS_ERR_CORRUPT or POLIS_ERR_IO
 * (sd_handle_retryable()).  The rule: drop the handle, get a fresh one and
 * read once more; a second failure is the answer.  Every handler that needs
 * the index goes through sd_with_index(), so every one of them follows it.
 */
#ifndef SD_API_WITH_INDEX_H
#define SD_API_WITH_INDEX_H

#include "api/handle.h"
#include "http/http.h"

/* A read of the index: the work of one handler on this thread's handle h.
 * Returns POLIS_OK or the status of the shim call that failed (an answer
 * such as "no such document" is an outcome to report through arg, not a
 * failure, or it would be retried). */
typedef polis_status_t (*sd_with_index_fn)(sd_handle_t *h, void *arg);

/* Get the calling thread's handle and run read(h, arg) on it, once more on
 * a fresh handle when it fails with a retryable status.  Returns POLIS_OK
 * with *hp (when hp is not NULL) set to the handle, which lives until the
 * thread's next sd_with_index() (that is, the request); or the failing
 * status with *msg (when msg is not NULL) a malloc()ed detail for the log
 * (the handle's message, else the index's last error), or NULL. */
polis_status_t sd_with_index(sd_http_ctx_t *ctx, sd_with_index_fn read, void *arg, sd_handle_t **hp,
                             char **msg);

/* The same rule, on the calling thread's handle of pool, for work that
 * goes on after its handler has returned (an export's later batches). */
polis_status_t sd_with_index_pool(sd_handle_pool_t *pool, sd_with_index_fn read, void *arg,
                                  sd_handle_t **hp, char **msg);

/* For a handler about to read the index: set ctx->etag from the index this
 * thread serves (generation and revision, http/etag.h) and, when the
 * request's If-None-Match holds it, send a 304, set *ret and return 1.
 * Returns 0 to go on (also when the index cannot be read: the handler then
 * reports that). */
int sd_with_index_etag(sd_http_ctx_t *ctx, enum MHD_Result *ret);

#endif
