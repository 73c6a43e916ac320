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
#include "api/hit.h"
#include "api/json.h"
#include "api/with_index.h"
#include "http/query.h"
#include "http/reply.h"

typedef struct {
    const char *q;
    unsigned limit;
    polis_strv_t found;
    polis_strv_t ids; /* per completion: its document's id, "" for words */
} suggest_t;

static polis_status_t read_suggestions(sd_handle_t *h, void *arg)
{
    suggest_t *a = arg;
    polis_strv_clear(&a->found); /* a first try's */
    polis_strv_clear(&a->ids);
    return polis_index_suggest_ids(sd_handle_index(h), a->q, a->limit, &a->found, &a->ids);
}

/* The three lists of the answer: completions, descriptions ("" for a word,
 * "Notice" for a title) and URLs (the search of a word, the notice of a
 * title), absolute on the installation's own origin. */
static int lists(sd_http_ctx_t *ctx, const suggest_t *a, json_t *words, json_t *descs, json_t *urls)
{
    const char *base = sd_http_base_url(ctx);
    int bad = 0;
    for (size_t i = 0; i < a->found.n && !bad; i++) {
        const char *id = i < a->ids.n ? a->ids.v[i] : "";
        polis_buf_t url = { 0 };
        if (id[0] != '\0') {
            bad |= sd_hit_notice_url(&url, base, id);
        } else {
            bad |= polis_buf_printf(&url, "%s/search?q=", base);
            for (const unsigned char *p = (const unsigned char *)a->found.v[i]; *p && !bad; p++)
                bad |= (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                               (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' ||
                               *p == '~'
                           ? polis_buf_append(&url, (const char *)p, 1)
                           : polis_buf_printf(&url, "%%%02X", *p);
        }
        bad |= sd_json_append(words, sd_json_str(a->found.v[i]));
        bad |= sd_json_append(descs, json_string(id[0] != '\0' ? "Notice" : ""));
        bad |= sd_json_append(urls, sd_json_str(url.data));
        polis_buf_free(&url);
    }
    return bad;
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
    suggest_t a = { q, limit, { 0 }, { 0 } };
    if (q != NULL) {
        char *msg = NULL;
        polis_status_t st = sd_with_index(ctx, read_suggestions, &a, NULL, &msg);
        if (st != POLIS_OK) {
            polis_strv_clear(&a.found);
            polis_strv_clear(&a.ids);
            return sd_reply_failure(ctx, st, msg);
        }
    }
    /* The OpenSearch form: [query, [completions], [descriptions], [URLs]]. */
    json_t *root = json_array(), *words = json_array(), *descs = json_array(), *urls = json_array();
    int bad = root == NULL || words == NULL || descs == NULL || urls == NULL;
    if (!bad)
        bad |= lists(ctx, &a, words, descs, urls);
    polis_strv_clear(&a.found);
    polis_strv_clear(&a.ids);
    if (!bad) {
        bad |= sd_json_append(root, sd_json_strn(q != NULL ? q : "", q_len));
        bad |= sd_json_append(root, json_incref(words));
        bad |= sd_json_append(root, json_incref(descs));
        bad |= sd_json_append(root, json_incref(urls));
    }
    json_decref(words);
    json_decref(descs);
    json_decref(urls);
    size_t len = 0;
    char *text = bad ? NULL : sd_reply_dump(root, &len);
    json_decref(root);
    if (text == NULL)
        return sd_reply_status(ctx, POLIS_ERR_NOMEM, NULL);
    return sd_http_send(ctx, MHD_HTTP_OK, SD_SUGGEST_TYPE, text, len);
}
