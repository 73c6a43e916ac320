/* suggest.c — GET /api/suggest?q=: completions for a search box.
 *
 * Browsers and partner widgets call this on every key stroke, so it does
 * the least: no facets, no snippets, one small answer, and a 304 when the
 * client has it already.
 */
#include "suggest.h"

#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cache.h"
#include "handle.h"
#include "json.h"

enum MHD_Result polis_suggest_handle(polis_ctx_t *ctx)
{
    char err[POLIS_ARGS_MSG];
    const char *q = NULL;
    size_t q_len = 0;
    unsigned limit = ctx->cfg->max_suggestions;
    if (polis_args_get(ctx, "q", ctx->cfg->params.max_query_bytes, &q, &q_len, err) != 0 ||
        polis_args_uint(ctx, "limit", 1, ctx->cfg->max_suggestions, &limit, err) != 0)
        return polis_json_send_error(ctx, MHD_HTTP_BAD_REQUEST, "bad_parameter", "%s", err);
    enum MHD_Result ret;
    if (polis_cache_answer(ctx, &ret))
        return ret;
    polis_strv_t found = { 0 };
    if (q != NULL) {
        polis_handle_t *h = NULL;
        char *msg = NULL;
        polis_status_t st = polis_handle_get(polis_server_handles(ctx->server), &h, &msg);
        if (st == POLIS_OK) {
            st = polis_index_suggest(polis_handle_index(h), q, limit, &found);
            if (st != POLIS_OK)
                msg = strdup(polis_index_last_error(polis_handle_index(h)));
        }
        if (st != POLIS_OK) {
            polis_strv_clear(&found);
            ret = polis_json_send_status(ctx, st, msg);
            free(msg);
            return ret;
        }
    }
    json_t *root = json_array(), *list = json_array();
    int bad = root == NULL || list == NULL;
    for (size_t i = 0; i < found.n && !bad; i++)
        bad |= polis_json_append(list, polis_json_str(found.v[i]));
    polis_strv_clear(&found);
    if (!bad) {
        bad |= polis_json_append(root, polis_json_strn(q != NULL ? q : "", q_len));
        bad |= polis_json_append(root, json_incref(list));
    }
    json_decref(list);
    size_t len = 0;
    char *text = bad ? NULL : polis_json_dump(root, &len);
    json_decref(root);
    if (text == NULL)
        return polis_json_send_status(ctx, POLIS_ERR_NOMEM, NULL);
    return polis_server_send(ctx, MHD_HTTP_OK, POLIS_SUGGEST_TYPE, text, len);
}
