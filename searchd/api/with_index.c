/* with_index.c — a read of the index with the retry-once rule. */
#include "api/with_index.h"

#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "http/etag.h"

polis_status_t sd_with_index(sd_http_ctx_t *ctx, sd_with_index_fn read, void *arg, sd_handle_t **hp,
                             char **msg)
{
    return sd_with_index_pool(ctx->app->handles, read, arg, hp, msg);
}

polis_status_t sd_with_index_pool(sd_handle_pool_t *pool, sd_with_index_fn read, void *arg,
                                  sd_handle_t **hp, char **msg)
{
    sd_handle_t *h = NULL;
    char *why = NULL;
    if (hp != NULL)
        *hp = NULL;
    polis_status_t st = sd_handle_get(pool, &h, &why);
    if (st == POLIS_OK) {
        st = read(h, arg);
        if (st == POLIS_ERR_UNAVAILABLE) {
            /* A remote shard did not answer: no retry, which would wait as
             * long again; the next request connects afresh. */
            const char *detail = polis_index_last_error(sd_handle_index(h));
            why = detail != NULL && detail[0] != '\0' ? strdup(detail) : NULL;
            sd_handle_invalidate(h);
            h = NULL;
        } else if (st != POLIS_OK && sd_handle_retryable(st)) {
            /* The generation went away under this thread: one fresh try. */
            sd_handle_invalidate(h);
            st = sd_handle_get(pool, &h, &why);
            if (st == POLIS_OK)
                st = read(h, arg);
        }
        /* The index's message lives only until its next call: copy it (a
         * failed copy just loses the detail). */
        if (st != POLIS_OK && why == NULL && h != NULL) {
            const char *detail = polis_index_last_error(sd_handle_index(h));
            why = detail != NULL && detail[0] != '\0' ? strdup(detail) : NULL;
        }
    }
    if (st == POLIS_OK && hp != NULL)
        *hp = h;
    if (msg != NULL)
        *msg = why;
    else
        free(why);
    return st;
}

static polis_status_t read_revision(sd_handle_t *h, void *arg)
{
    return polis_index_revision(sd_handle_index(h), arg);
}

int sd_with_index_etag(sd_http_ctx_t *ctx, enum MHD_Result *ret)
{
    sd_handle_t *h = NULL;
    unsigned long rev = 0;
    /* Remote shards tell no revision: no ETag then, and so no stored
     * answers, rather than a stale one after an update; and no exchange
     * with them on this (serving) thread. */
    if (sd_handle_pool_remote(ctx->app->handles) ||
        sd_with_index(ctx, read_revision, &rev, &h, NULL) != POLIS_OK || rev == 0)
        return 0;
    return sd_etag_check(ctx, sd_handle_generation(h), rev, ret);
}
