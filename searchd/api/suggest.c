/* suggest.c — GET /api/suggest?q=: completions for a search box.
 *
 * Browsers and partner widgets call this on every key stroke, so it does
 * the least: no facets, no snippets, one small answer, and a 304 when the
 * client has it already.
 */
#include "api/suggest.h"

#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/handle.h"
#include "api/json.h"
#include "api/with_index.h"
#include "http/query.h"
#include "http/reply.h"

typedef struct {
    const char *q;
    unsigned limit;
    polis_strv_t found;
} suggest_t;

static polis_status_t read_suggestions(sd_handle_t *h, void *arg)
{
    suggest_t *a = arg;
    polis_strv_clear(&a->found); /* a first try's */
    return polis_index_suggest(sd_handle_index(h), a->q, a->limit, &a->found);
}

enum MHD_Result sd_suggest_handle(sd_http_ctx_t *ctx)
{
    char err[SD_QUERY_MSG];
    const char *q = NULL;
    size_t q_len = 0;
    unsigned limit = ctx->app->limits.max_suggestions;
    if (sd_query_get(ctx, "q", ctx->app->limits.params.max_query_bytes, &q, &q_len, err) != 0 ||
        sd_query_uint(ctx, "limit", 1, ctx->app->limits.max_suggestions, &limit, err) != 0)
        return sd_reply_error(ctx, MHD_HTTP_BAD_REQUEST, "bad_parameter", "%s", err);
    enum MHD_Result ret;
    if (sd_with_index_etag(ctx, &ret))
        return ret;
    suggest_t a = { q, limit, { 0 } };
    if (q != NULL) {
        char *msg = NULL;
        polis_status_t st = sd_with_index(ctx, read_suggestions, &a, NULL, &msg);
        if (st != POLIS_OK) {
            polis_strv_clear(&a.found);
            return sd_reply_failure(ctx, st, msg);
        }
    }
    json_t *root = json_array(), *list = json_array();
    int bad = root == NULL || list == NULL;
    for (size_t i = 0; i < a.found.n && !bad; i++)
        bad |= sd_json_append(list, sd_json_str(a.found.v[i]));
    polis_strv_clear(&a.found);
    if (!bad) {
        bad |= sd_json_append(root, sd_json_strn(q != NULL ? q : "", q_len));
        bad |= sd_json_append(root, json_incref(list));
    }
    json_decref(list);
    size_t len = 0;
    char *text = bad ? NULL : sd_reply_dump(root, &len);
    json_decref(root);
    if (text == NULL)
        return sd_reply_status(ctx, POLIS_ERR_NOMEM, NULL);
    return sd_http_send(ctx, MHD_HTTP_OK, SD_SUGGEST_TYPE, text, len);
}
