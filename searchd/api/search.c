/* search.c — GET /api/search: parameters → polis_query_t → JSON.
 *
 * The answer has the shape docs/architecture.md gives; fields a document
 * lacks are null rather than absent, so clients can rely on every key being
 * there.
 */
#include "api/search.h"

#include "http/answer_cache.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/export.h"
#include "api/facets.h"
#include "api/hit.h"
#include "api/json.h"
#include "api/params.h"
#include "api/with_index.h"
#include "http/metrics.h"
#include "http/reply.h"
#include "polis/doc.h"
#include "polis/index.h"

polis_status_t sd_search_build_query(const sd_app_limits_t *lim, const sd_params_t *p,
                                     polis_query_t **out)
{
    *out = NULL;
    polis_query_t *q = polis_query_new();
    if (q == NULL)
        return POLIS_ERR_NOMEM;
    polis_status_t st = polis_query_set_text(q, p->q);
    for (int f = 0; f < POLIS_FACET_COUNT_ && st == POLIS_OK; f++) {
        for (size_t i = 0; i < p->n_filters[f] && st == POLIS_OK; i++) {
            /* The author facet's values are normalised names: author=DUPONT
             * Marie is the value "Dupont, Marie" (polis/doc.h). */
            char *name = f == POLIS_FACET_AUTHOR ? polis_author_normalise(p->filters[f][i]) : NULL;
            if (f == POLIS_FACET_AUTHOR && name == NULL)
                st = POLIS_ERR_NOMEM;
            else
                st = polis_query_add_filter(q, (polis_facet_t)f, name ? name : p->filters[f][i]);
            free(name);
        }
    }
    if (st == POLIS_OK && (p->from[0] != '\0' || p->to[0] != '\0'))
        st = polis_query_set_date_range(q, p->from[0] != '\0' ? p->from : NULL,
                                        p->to[0] != '\0' ? p->to : NULL);
    if (st == POLIS_OK)
        st = polis_query_set_sort(q, p->sort);
    /* page <= max_page and per_page <= max_per_page, and main.c checks that
     * their product fits an unsigned. */
    if (st == POLIS_OK)
        st = polis_query_set_range(q, (p->page - 1) * p->per_page, p->per_page);
    for (int f = 0; f < POLIS_FACET_COUNT_ && st == POLIS_OK; f++) {
        if (p->facets & (1u << f))
            st = polis_query_count_facet(q, (polis_facet_t)f, lim->max_facet_values);
    }
    if (st == POLIS_OK)
        st = polis_query_set_time_limit(q, lim->query_time_limit);
    if (st == POLIS_OK)
        st = polis_query_set_max_expansion(q, lim->max_wildcard_terms);
    if (st == POLIS_OK)
        st = polis_query_set_max_terms(q, lim->max_query_terms);
    if (st != POLIS_OK) {
        polis_query_free(q);
        return st;
    }
    *out = q;
    return POLIS_OK;
}

static json_t *str_or_null(const char *s)
{
    return s != NULL && s[0] != '\0' ? sd_json_str(s) : json_null();
}

static json_t *themes_json(sd_handle_t *h, const polis_strv_t *themes)
{
    json_t *arr = json_array();
    if (arr == NULL)
        return NULL;
    int err = 0;
    for (size_t i = 0; i < themes->n && !err; i++) {
        json_t *t = json_object();
        err |= t == NULL;
        if (!err) {
            err |= sd_json_set(t, "id", sd_json_str(themes->v[i]));
            err |= sd_json_set(t, "label", sd_json_str(sd_handle_theme_label(h, themes->v[i])));
            err |= sd_json_append(arr, t);
        }
    }
    if (err) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

/* Scores are in [0, 1]; four decimals tell hits apart without noise. */
static double round_to(double x, double scale)
{
    return floor(x * scale + 0.5) / scale;
}

static json_t *hit_json(sd_handle_t *h, const sd_hit_t *v)
{
    json_t *hit = json_object();
    if (hit == NULL)
        return NULL;
    const polis_doc_t *doc = &v->doc;
    int err = sd_json_set(hit, "id", str_or_null(v->id));
    err |= sd_json_set(hit, "kind",
                       doc->kind != POLIS_KIND_UNKNOWN ? json_string(polis_kind_name(doc->kind))
                                                       : json_null());
    err |= sd_json_set(hit, "title", str_or_null(doc->title));
    err |= sd_json_set(hit, "title_html",
                       v->title_html != NULL ? sd_json_str(v->title_html) : json_null());
    err |= sd_json_set(hit, "url", str_or_null(doc->url));
    /* Where a hit without a source URL can be read: its notice page. */
    polis_buf_t notice = { 0 };
    err |= v->id != NULL ? sd_hit_notice_url(&notice, "", v->id) : 0;
    err |= sd_json_set(hit, "notice", str_or_null(notice.data));
    polis_buf_free(&notice);
    json_t *authors = json_array();
    for (size_t i = 0; authors != NULL && i < doc->authors.n; i++)
        err |= sd_json_append(authors, sd_json_str(doc->authors.v[i]));
    err |= sd_json_set(hit, "authors", authors);
    err |= sd_json_set(hit, "container", str_or_null(doc->container));
    err |= sd_json_set(hit, "date", str_or_null(doc->published));
    err |= sd_json_set(hit, "event_date", str_or_null(doc->event_date));
    err |= sd_json_set(hit, "type", str_or_null(doc->site_type));
    err |= sd_json_set(hit, "themes", themes_json(h, &doc->themes));
    err |= sd_json_set(hit, "snippet", sd_json_str(v->snippet));
    err |= sd_json_set(hit, "score", json_real(round_to(v->score, 1e4)));
    if (err) {
        json_decref(hit);
        return NULL;
    }
    return hit;
}

static json_t *facets_json(sd_handle_t *h, const polis_result_t *r, unsigned mask)
{
    json_t *facets = json_object();
    if (facets == NULL)
        return NULL;
    int err = 0;
    for (int f = 0; f < POLIS_FACET_COUNT_ && !err; f++) {
        if (mask & (1u << f))
            err |= sd_json_set(facets, polis_facet_name((polis_facet_t)f),
                               sd_facets_values_json(h, r, (polis_facet_t)f));
    }
    if (err) {
        json_decref(facets);
        return NULL;
    }
    return facets;
}

json_t *sd_search_answer(sd_handle_t *h, const sd_params_t *p, const polis_result_t *r,
                         uint64_t start_us, uint64_t *views_us)
{
    json_t *root = json_object();
    json_t *hits = json_array();
    json_t *took = json_real(0.0);
    if (root == NULL || hits == NULL || took == NULL) {
        json_decref(root);
        json_decref(hits);
        json_decref(took);
        return NULL;
    }
    /* Keys keep their insertion order in the output, so took_ms takes its
     * place now and its value at the end. */
    int err = sd_json_set(root, "query", sd_json_strn(p->q, p->q_len));
    err |= sd_json_set(root, "total", json_integer((json_int_t)polis_result_total(r)));
    err |= sd_json_set(root, "page", json_integer(p->page));
    err |= sd_json_set(root, "per_page", json_integer(p->per_page));
    err |= sd_json_set(root, "took_ms", json_incref(took));
    err |= sd_json_set(root, "corrected", str_or_null(polis_result_corrected(r)));
    /* Nothing matched as typed, and the hits are those of `corrected`. */
    err |= sd_json_set(root, "used_correction", json_boolean(polis_result_used_correction(r)));
    err |= sd_json_set(root, "relaxed", json_boolean(polis_result_relaxed(r)));
    if (polis_result_timed_out(r))
        err |= sd_json_set(root, "timed_out", json_true());
    sd_hit_t *views = NULL;
    size_t n = 0;
    uint64_t t0 = sd_http_now_us();
    err |= sd_hit_read(r, SD_HIT_MARKS, &views, &n) != 0;
    if (views_us != NULL)
        *views_us = sd_http_now_us() - t0;
    for (size_t i = 0; i < n && !err; i++)
        err |= sd_json_append(hits, hit_json(h, &views[i]));
    sd_hit_free(views, n);
    err |= sd_json_set(root, "hits", json_incref(hits));
    err |= sd_json_set(root, "facets", facets_json(h, r, p->facets));
    double ms = (double)(sd_http_now_us() - start_us) / 1000.0;
    err |= json_real_set(took, round_to(ms, 100.0)) != 0;
    json_decref(hits);
    json_decref(took);
    if (err) {
        json_decref(root);
        return NULL;
    }
    return root;
}

unsigned sd_search_outcome(const polis_result_t *r)
{
    const char *fix = polis_result_corrected(r);
    return (polis_result_total(r) == 0 ? SD_SEARCH_ZERO_HITS : 0u) |
           (fix != NULL && fix[0] != '\0' ? SD_SEARCH_CORRECTED : 0u);
}

void sd_search_count(sd_metrics_via_t via, const sd_params_t *p, unsigned outcome)
{
    if (p->q_len > 0)
        sd_metrics_search(via, (outcome & SD_SEARCH_ZERO_HITS) != 0,
                          (outcome & SD_SEARCH_CORRECTED) != 0);
}

typedef struct {
    const polis_query_t *q;
    polis_result_t *r;
} run_t;

static polis_status_t run_query(sd_handle_t *h, void *arg)
{
    run_t *run = arg;
    return polis_index_search(sd_handle_index(h), run->q, &run->r);
}

polis_status_t sd_search_run(sd_http_ctx_t *ctx, const sd_params_t *p, sd_handle_t **hp,
                             polis_result_t **rp, char **msgp)
{
    *hp = NULL;
    *rp = NULL;
    *msgp = NULL;
    polis_query_t *q = NULL;
    polis_status_t st = sd_search_build_query(&ctx->app->limits, p, &q);
    if (st != POLIS_OK)
        return st;
    /* The time limit is the request's: what waiting for the search pool
     * took is spent. */
    double limit = ctx->app->limits.query_time_limit;
    if (limit > 0) {
        double left = limit - (double)(sd_http_now_us() - ctx->req->start_us) / 1e6;
        if (left <= 0) {
            polis_query_free(q);
            *msgp = strdup("the search waited past --query-time-limit for its turn");
            return POLIS_ERR_TIMEOUT;
        }
        polis_query_set_time_limit(q, left);
    }
    run_t run = { q, NULL };
    st = sd_with_index(ctx, run_query, &run, hp, msgp);
    polis_query_free(q);
    if (st == POLIS_OK)
        *rp = run.r;
    return st;
}

enum MHD_Result sd_search_handle(sd_http_ctx_t *ctx)
{
    uint64_t start_us = sd_http_now_us();
    sd_params_t p;
    if (sd_params_read(ctx, &ctx->app->limits.params, &p) != 0)
        return sd_reply_error(ctx, MHD_HTTP_BAD_REQUEST, "bad_parameter", "%s", p.error);
    enum MHD_Result ret;
    if (sd_with_index_etag(ctx, &ret))
        return ret;
    /* The same search on the same index (the ETag names it) is the same
     * answer: a repeat is served whole from the store. */
    sd_answer_cache_t *store = ctx->app->answers;
    char *key = NULL;
    if (store != NULL && ctx->etag[0] != '\0' && p.format == SD_PARAMS_JSON &&
        asprintf(&key, "%s %s?%.*s", ctx->etag, ctx->path, (int)ctx->query_len, ctx->query) < 0)
        key = NULL;
    char *text = NULL;
    size_t len = 0;
    /* The answer's outcome is kept with it, so that a repeat counts as the
     * search it answers.  On the search pool's thread, the lookup was made
     * a moment ago on the serving thread: not again, nor counted twice. */
    unsigned outcome = 0;
    if (key != NULL && !ctx->offloaded && sd_answer_cache_get(store, key, &text, &len, &outcome)) {
        free(key);
        sd_search_count(SD_METRICS_API, &p, outcome);
        return sd_http_send(ctx, MHD_HTTP_OK, SD_REPLY_JSON_TYPE, text, len);
    }
    /* Not stored: the search itself, on the search pool. */
    if (sd_http_offload(ctx, &ret)) {
        free(key);
        return ret;
    }
    if (p.format != SD_PARAMS_JSON) {
        free(key);
        p.facets = 0; /* an export has no use for counts */
        polis_query_t *q = NULL;
        polis_status_t st = sd_search_build_query(&ctx->app->limits, &p, &q);
        return st == POLIS_OK ? sd_export_send(ctx, &p, q) : sd_reply_status(ctx, st, NULL);
    }
    sd_handle_t *h = NULL;
    polis_result_t *r = NULL;
    char *msg = NULL;
    uint64_t t0 = sd_http_now_us();
    polis_status_t st = sd_search_run(ctx, &p, &h, &r, &msg);
    if (st != POLIS_OK) {
        free(key);
        return sd_reply_failure(ctx, st, msg);
    }
    /* Each part of the answer timed, for /metrics and the bench's shares. */
    uint64_t t1 = sd_http_now_us(), views_us = 0;
    sd_metrics_search_part(SD_METRICS_SEARCH, t1 - t0);
    json_t *body = sd_search_answer(h, &p, r, start_us, &views_us);
    outcome = sd_search_outcome(r);
    sd_search_count(SD_METRICS_API, &p, outcome);
    polis_result_free(r);
    text = body != NULL ? sd_reply_dump(body, &len) : NULL;
    json_decref(body);
    sd_metrics_search_part(SD_METRICS_HITS, views_us);
    sd_metrics_search_part(SD_METRICS_JSON, sd_http_now_us() - t1 - views_us);
    if (text == NULL) {
        free(key);
        return sd_reply_json(ctx, MHD_HTTP_OK, NULL);
    }
    if (key != NULL)
        sd_answer_cache_put(store, key, text, len, outcome);
    free(key);
    return sd_http_send(ctx, MHD_HTTP_OK, SD_REPLY_JSON_TYPE, text, len);
}
