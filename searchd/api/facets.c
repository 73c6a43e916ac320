/* facets.c — facet values: GET /api/facets, GET /api/facets/{facet}, and
 * the facets of a search answer (JSON and the page's filters).
 *
 * The shim orders values by count and then by their bytes; users read
 * labels, so equal counts are put in the order of the folded label here
 * ("Égalité" among the E, not after "Z").
 */
#include "api/facets.h"

#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/json.h"
#include "api/params.h"
#include "api/with_index.h"
#include "http/query.h"
#include "http/reply.h"
#include "polis/text.h"

static int by_count_then_label(const void *a, const void *b)
{
    const sd_facets_value_t *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    int c = strcmp(x->key, y->key);
    return c != 0 ? c : strcmp(x->value, y->value);
}

static char *fold_dup(const char *s)
{
    polis_buf_t b = { 0 };
    if (polis_text_fold(s, strlen(s), &b) != 0 || polis_buf_puts(&b, "") != 0) {
        polis_buf_free(&b);
        return NULL;
    }
    return b.data;
}

int sd_facets_values(sd_handle_t *h, const polis_result_t *r, polis_facet_t f,
                     sd_facets_value_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t size = polis_result_facet_size(r, f);
    if (size == 0)
        return 0;
    sd_facets_value_t *v = calloc(size, sizeof *v);
    int err = v == NULL;
    for (size_t i = 0; i < size && !err; i++) {
        polis_result_facet_value(r, f, i, &v[i].value, &v[i].count);
        if (v[i].value == NULL)
            v[i].value = "";
        if (f == POLIS_FACET_THEME) {
            /* The label lives until the next lookup on h: keep a copy. */
            const char *label = sd_handle_theme_label(h, v[i].value);
            v[i].label = label != NULL ? strdup(label) : NULL;
            err |= v[i].label == NULL;
        }
        if (!err) {
            v[i].key = fold_dup(v[i].label != NULL ? v[i].label : v[i].value);
            err |= v[i].key == NULL;
        }
    }
    if (err) {
        sd_facets_values_free(v, size);
        return -1;
    }
    qsort(v, size, sizeof *v, by_count_then_label);
    *out = v;
    *n = size;
    return 0;
}

void sd_facets_values_free(sd_facets_value_t *v, size_t n)
{
    for (size_t i = 0; v != NULL && i < n; i++) {
        free(v[i].label);
        free(v[i].key);
    }
    free(v);
}

json_t *sd_facets_values_json(sd_handle_t *h, const polis_result_t *r, polis_facet_t f)
{
    sd_facets_value_t *v = NULL;
    size_t n = 0;
    json_t *arr = json_array();
    int err = arr == NULL || sd_facets_values(h, r, f, &v, &n) != 0;
    for (size_t i = 0; i < n && !err; i++) {
        json_t *o = json_object();
        err |= o == NULL;
        if (err)
            break;
        err |= sd_json_set(o, "value", sd_json_str(v[i].value));
        if (v[i].label != NULL)
            err |= sd_json_set(o, "label", sd_json_str(v[i].label));
        err |= sd_json_set(o, "count", json_integer((json_int_t)v[i].count));
        err |= sd_json_append(arr, o);
    }
    sd_facets_values_free(v, n);
    if (err) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

/* The values of the facets in mask starting with prefix (NULL: all), at
 * most limit each, as JSON, with how many each has in all. */
typedef struct {
    unsigned mask;
    const char *prefix;
    unsigned limit;
    json_t *values[POLIS_FACET_COUNT_];
    unsigned long total[POLIS_FACET_COUNT_];
} read_t;

static void drop_values(read_t *a)
{
    for (int f = 0; f < POLIS_FACET_COUNT_; f++) {
        json_decref(a->values[f]);
        a->values[f] = NULL;
    }
}

static polis_status_t read_values(sd_handle_t *h, void *arg)
{
    read_t *a = arg;
    drop_values(a); /* a first try's */
    for (int f = 0; f < POLIS_FACET_COUNT_; f++) {
        if (!(a->mask & (1u << f)))
            continue;
        polis_result_t *r = NULL;
        polis_status_t st =
            polis_index_facet_values(sd_handle_index(h), (polis_facet_t)f, a->prefix, a->limit, &r);
        if (st != POLIS_OK)
            return st;
        a->total[f] = polis_result_total(r);
        a->values[f] = sd_facets_values_json(h, r, (polis_facet_t)f);
        polis_result_free(r);
        if (a->values[f] == NULL)
            return POLIS_ERR_NOMEM;
    }
    return POLIS_OK;
}

/* Run read_values() with the retry-once rule; on failure the error is sent
 * (*ret) and -1 returned. */
static int read_or_answer(sd_http_ctx_t *ctx, read_t *a, enum MHD_Result *ret)
{
    char *msg = NULL;
    polis_status_t st = sd_with_index(ctx, read_values, a, NULL, &msg);
    if (st == POLIS_OK)
        return 0;
    drop_values(a);
    *ret = sd_reply_failure(ctx, st, msg);
    return -1;
}

enum MHD_Result sd_facets_handle(sd_http_ctx_t *ctx)
{
    char err[SD_QUERY_MSG];
    unsigned limit = ctx->app->limits.max_facet_values;
    const char *list = NULL;
    size_t list_len = 0;
    unsigned mask = (1u << POLIS_FACET_COUNT_) - 1;
    if (sd_query_uint(ctx, "limit", 1, ctx->app->limits.max_facet_values, &limit, err) != 0 ||
        sd_query_get(ctx, "facets", 200, &list, &list_len, err) != 0)
        return sd_reply_error(ctx, MHD_HTTP_BAD_REQUEST, "bad_parameter", "%s", err);
    char bad[40];
    if (list != NULL && sd_params_parse_facets(list, list_len, &mask, bad, sizeof bad) != 0)
        return sd_reply_error(ctx, MHD_HTTP_BAD_REQUEST, "bad_parameter",
                              "facets: '%s' is not one of theme, type, kind, year, "
                              "place, author",
                              bad);
    enum MHD_Result ret;
    if (sd_with_index_etag(ctx, &ret) || sd_http_offload(ctx, &ret))
        return ret; /* every value of every facet: on the search pool */
    read_t a = { .mask = mask, .prefix = NULL, .limit = limit };
    if (read_or_answer(ctx, &a, &ret) != 0)
        return ret;
    json_t *root = json_object(), *facets = json_object(), *distinct = json_object();
    int bad_json = root == NULL || facets == NULL || distinct == NULL;
    for (int f = 0; f < POLIS_FACET_COUNT_ && !bad_json; f++) {
        if (!(mask & (1u << f)))
            continue;
        const char *name = polis_facet_name((polis_facet_t)f);
        bad_json |= sd_json_set(facets, name, json_incref(a.values[f]));
        bad_json |= sd_json_set(distinct, name, json_integer((json_int_t)a.total[f]));
    }
    drop_values(&a);
    bad_json |= sd_json_set(root, "facets", facets);
    bad_json |= sd_json_set(root, "distinct", distinct);
    if (bad_json) {
        json_decref(root);
        root = NULL;
    }
    return sd_reply_json(ctx, MHD_HTTP_OK, root);
}

enum MHD_Result sd_facets_values_handle(sd_http_ctx_t *ctx)
{
    int f = polis_facet_from_name(ctx->tail);
    if (f < 0)
        return sd_reply_error(ctx, MHD_HTTP_NOT_FOUND, "not_found",
                              "no facet '%.40s': facets are theme, type, kind, year, "
                              "place, author",
                              ctx->tail);
    char err[SD_QUERY_MSG];
    const char *q = NULL;
    size_t q_len = 0;
    unsigned limit = 10;
    if (sd_query_get(ctx, "q", SD_PARAMS_MAX_VALUE_BYTES, &q, &q_len, err) != 0 ||
        sd_query_uint(ctx, "limit", 1, ctx->app->limits.max_facet_values, &limit, err) != 0)
        return sd_reply_error(ctx, MHD_HTTP_BAD_REQUEST, "bad_parameter", "%s", err);
    enum MHD_Result ret;
    if (sd_with_index_etag(ctx, &ret))
        return ret;
    read_t a = { .mask = 1u << f, .prefix = q, .limit = limit };
    if (read_or_answer(ctx, &a, &ret) != 0)
        return ret;
    json_t *root = json_object();
    int bad = root == NULL;
    if (!bad) {
        bad |= sd_json_set(root, "facet", json_string(polis_facet_name((polis_facet_t)f)));
        bad |= sd_json_set(root, "query", sd_json_strn(q != NULL ? q : "", q_len));
        bad |= sd_json_set(root, "total", json_integer((json_int_t)a.total[f]));
        bad |= sd_json_set(root, "values", json_incref(a.values[f]));
    }
    drop_values(&a);
    if (bad) {
        json_decref(root);
        root = NULL;
    }
    return sd_reply_json(ctx, MHD_HTTP_OK, root);
}
