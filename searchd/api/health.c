/* health.c — GET /healthz: is the index readable, and which one is served.
 *
 * It goes through the same per-thread handle as searches, so a 200 means
 * this worker can answer queries on the generation it names.
 */
#include "api/health.h"

#include <stdlib.h>

#include "api/json.h"

/* Count and revision of the thread's index; POLIS_OK or the failing status
 * (with the shim's message in *detail, owned by the handle). */
static polis_status_t read_stats(sd_handle_t *h, unsigned long *docs, unsigned long *rev,
                                 const char **detail)
{
    polis_index_t *idx = sd_handle_index(h);
    polis_status_t st = polis_index_doc_count(idx, docs);
    if (st == POLIS_OK)
        st = polis_index_revision(idx, rev);
    if (st != POLIS_OK)
        *detail = polis_index_last_error(idx);
    return st;
}

enum MHD_Result sd_health_handle(sd_http_ctx_t *ctx)
{
    sd_handle_pool_t *hs = sd_server_handles(ctx->server);
    sd_handle_t *h = NULL;
    char *msg = NULL;
    unsigned long docs = 0, rev = 0;
    const char *detail = NULL;
    polis_status_t st = sd_handle_get(hs, &h, &msg);
    if (st == POLIS_OK) {
        st = read_stats(h, &docs, &rev, &detail);
        if (st != POLIS_OK && sd_handle_retryable(st)) {
            sd_handle_invalidate(h);
            st = sd_handle_get(hs, &h, &msg);
            if (st == POLIS_OK)
                st = read_stats(h, &docs, &rev, &detail);
        }
    }
    if (st != POLIS_OK) {
        enum MHD_Result ret = sd_json_send_status(ctx, st, msg != NULL ? msg : detail);
        free(msg);
        return ret;
    }
    json_t *root = json_object();
    if (root == NULL)
        return sd_json_send(ctx, MHD_HTTP_SERVICE_UNAVAILABLE, NULL);
    int err = sd_json_set(root, "status", json_string("ok"));
    err |= sd_json_set(root, "docs", json_integer((json_int_t)docs));
    err |= sd_json_set(root, "generation", sd_json_str(sd_handle_generation(h)));
    err |= sd_json_set(root, "revision", json_integer((json_int_t)rev));
    if (err) {
        json_decref(root);
        root = NULL;
    }
    return sd_json_send(ctx, MHD_HTTP_OK, root);
}
