/* document.c — GET /api/doc/{id} and GET /api/doc/{id}/similar. */
#include "api/document.h"

#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/export.h"
#include "api/handle.h"
#include "api/hit.h"
#include "api/json.h"
#include "api/search.h"
#include "api/with_index.h"
#include "http/reply.h"
#include "polis/text.h"

/* Longest id looked up; ids are slugs, DOIs or ISBNs, far shorter. */
#define MAX_ID_BYTES 512
/* References a bibliography lists in its JSON and its exports (a page holds
 * at most IX_BIBLIO_MAX_ENTRIES; "references_total" says how many). */
#define MAX_REFERENCES 2000
#define SIMILAR_SUFFIX "/similar"

/* The stored JSON of id, parsed; NULL with *st set when it cannot be had.
 * The text itself goes to *raw when raw is not NULL (the caller frees it). */
static json_t *load(polis_index_t *idx, const char *id, polis_status_t *st, char **raw)
{
    char *text = NULL;
    *st = polis_index_get_doc(idx, id, &text);
    if (*st != POLIS_OK)
        return NULL;
    json_t *doc = json_loads(text, 0, NULL);
    if (raw != NULL && json_is_object(doc))
        *raw = text;
    else
        free(text);
    if (!json_is_object(doc)) {
        json_decref(doc);
        *st = POLIS_ERR_CORRUPT;
        return NULL;
    }
    return doc;
}

/* themes: ["id", ...] becomes [{"id", "label"}, ...] as in search hits. */
static int label_themes(sd_handle_t *h, json_t *doc)
{
    json_t *ids = json_object_get(doc, "themes");
    json_t *out = json_array();
    int err = out == NULL;
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v)
    {
        const char *id = json_string_value(v);
        json_t *t = json_object();
        err |= t == NULL || id == NULL;
        if (err) {
            json_decref(t);
            break;
        }
        err |= sd_json_set(t, "id", json_string(id));
        err |= sd_json_set(t, "label", sd_json_str(sd_handle_theme_label(h, id)));
        err |= sd_json_append(out, t);
    }
    if (err) {
        json_decref(out);
        return -1;
    }
    return sd_json_set(doc, "themes", out);
}

/* A reference links to its bibliography: say which, so clients can link it.
 * POLIS_OK (parent null when that page is not indexed), or the status of
 * the read that failed. */
static polis_status_t add_parent(polis_index_t *idx, json_t *doc)
{
    const char *pid = json_string_value(json_object_get(doc, "parent_id"));
    if (pid == NULL)
        return POLIS_OK;
    polis_status_t st;
    json_t *parent = load(idx, pid, &st, NULL);
    if (parent == NULL && st != POLIS_ERR_NOT_FOUND)
        return st;
    json_t *p = parent != NULL ? json_object() : json_null();
    int err = p == NULL;
    if (!err && parent != NULL) {
        err |= sd_json_set(p, "id", json_string(pid));
        static const char *const keys[] = { "title", "url", "kind" };
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
            json_t *v = json_object_get(parent, keys[k]);
            err |= sd_json_set(p, keys[k], v != NULL ? json_incref(v) : json_null());
        }
    }
    json_decref(parent);
    if (err) {
        json_decref(p);
        return POLIS_ERR_NOMEM;
    }
    return sd_json_set(doc, "parent", p) == 0 ? POLIS_OK : POLIS_ERR_NOMEM;
}

/* What a read of the index found for one id. */
typedef struct {
    const char *id;
    const polis_query_t *q; /* /similar: the filters and the page */
    json_t *doc;            /* the document, labelled */
    char *raw;              /* its stored JSON, for an export */
    polis_result_t *r;      /* /similar: documents like it; a bibliography's references */
    int missing;            /* no such document: an answer, not a failure */
} read_t;

/* A bibliography's references, in its order: [{id, position, title,
 * authors, date, type, container, url, notice}, ...], and their number. */
static int add_references(json_t *doc, const polis_result_t *r)
{
    json_t *refs = json_array();
    int err = refs == NULL;
    sd_hit_t *hits = NULL;
    size_t n = 0;
    err |= sd_hit_read(r, 0, &hits, &n) != 0;
    for (size_t i = 0; i < n && !err; i++) {
        const polis_doc_t *d = &hits[i].doc;
        json_t *o = json_object(), *authors = json_array();
        polis_buf_t notice = { 0 };
        err |= o == NULL || authors == NULL || sd_hit_notice_url(&notice, "", hits[i].id) != 0;
        for (size_t k = 0; !err && k < d->authors.n; k++)
            err |= sd_json_append(authors, sd_json_str(d->authors.v[k]));
        if (!err) {
            err |= sd_json_set(o, "id", sd_json_str(hits[i].id));
            err |=
                sd_json_set(o, "position", d->position ? json_integer(d->position) : json_null());
            err |= sd_json_set(o, "title", sd_json_str(d->title));
            err |= sd_json_set(o, "authors", json_incref(authors));
            err |= sd_json_set(o, "date", sd_json_str(d->published[0] ? d->published : NULL));
            err |= sd_json_set(o, "type", sd_json_str(d->site_type));
            err |= sd_json_set(o, "container", sd_json_str(d->container));
            err |= sd_json_set(o, "url", sd_json_str(d->url));
            err |= sd_json_set(o, "notice", sd_json_str(notice.data));
            err |= sd_json_append(refs, json_incref(o));
        }
        json_decref(o);
        json_decref(authors);
        polis_buf_free(&notice);
    }
    sd_hit_free(hits, n);
    if (!err)
        err |=
            sd_json_set(doc, "references_total", json_integer((json_int_t)polis_result_total(r)));
    if (err) {
        json_decref(refs);
        return -1;
    }
    return sd_json_set(doc, "references", refs);
}

static polis_status_t read_doc(sd_handle_t *h, void *arg)
{
    read_t *a = arg;
    polis_index_t *idx = sd_handle_index(h);
    polis_status_t st;
    json_decref(a->doc); /* a first try's */
    free(a->raw);
    polis_result_free(a->r);
    a->raw = NULL;
    a->r = NULL;
    a->doc = load(idx, a->id, &st, &a->raw);
    a->missing = a->doc == NULL && st == POLIS_ERR_NOT_FOUND;
    if (a->doc == NULL)
        return a->missing ? POLIS_OK : st;
    if (label_themes(h, a->doc) != 0)
        return POLIS_ERR_NOMEM;
    polis_buf_t notice = { 0 };
    int err = sd_hit_notice_url(&notice, "", a->id) != 0 ||
              sd_json_set(a->doc, "notice", sd_json_str(notice.data)) != 0;
    polis_buf_free(&notice);
    if (err)
        return POLIS_ERR_NOMEM;
    st = add_parent(idx, a->doc);
    const char *kind = json_string_value(json_object_get(a->doc, "kind"));
    if (st == POLIS_OK && kind != NULL && strcmp(kind, "bibliography") == 0) {
        st = polis_index_children(idx, a->id, MAX_REFERENCES, &a->r);
        if (st == POLIS_OK && add_references(a->doc, a->r) != 0)
            st = POLIS_ERR_NOMEM;
    }
    return st;
}

static polis_status_t read_similar(sd_handle_t *h, void *arg)
{
    read_t *a = arg;
    polis_status_t st = polis_index_similar(sd_handle_index(h), a->id, a->q, &a->r);
    a->missing = st == POLIS_ERR_NOT_FOUND;
    return a->missing ? POLIS_OK : st;
}

/* format= of /api/doc/{id}: JSON, or a file of the document (a
 * bibliography: of its references, in order). */
static int doc_format(sd_http_ctx_t *ctx, sd_params_format_t *format)
{
    const char *f = sd_http_arg(ctx, "format");
    *format = SD_PARAMS_JSON;
    for (int i = 0; f != NULL && f[0] != '\0' && i <= SD_PARAMS_CSL; i++)
        if (strcmp(f, sd_params_format_name((sd_params_format_t)i)) == 0) {
            *format = (sd_params_format_t)i;
            return 0;
        }
    return f == NULL || f[0] == '\0' ? 0 : -1;
}

static enum MHD_Result send_doc(sd_http_ctx_t *ctx, const char *id)
{
    sd_params_format_t format;
    if (doc_format(ctx, &format) != 0)
        return sd_reply_error(ctx, MHD_HTTP_BAD_REQUEST, "bad_parameter",
                              "format: must be json, csv, csv-fr, ris, bibtex or csl-json");
    read_t a = { id, NULL, NULL, NULL, NULL, 0 };
    sd_handle_t *h = NULL;
    char *msg = NULL;
    polis_status_t st = sd_with_index(ctx, read_doc, &a, &h, &msg);
    enum MHD_Result ret;
    if (st != POLIS_OK) {
        ret = sd_reply_failure(ctx, st, msg);
    } else if (a.missing) {
        ret = sd_reply_error(ctx, MHD_HTTP_NOT_FOUND, "not_found", "no document '%.200s'", id);
    } else if (format == SD_PARAMS_JSON) {
        ret = sd_reply_json(ctx, MHD_HTTP_OK, a.doc);
        a.doc = NULL;
    } else {
        /* A bibliography is exported as its references, one itself is. */
        size_t n = a.r != NULL ? polis_result_size(a.r) : 0;
        const char **jsons = calloc(n > 0 ? n : 1, sizeof *jsons);
        for (size_t i = 0; jsons != NULL && i < n; i++)
            jsons[i] = polis_result_data(a.r, i);
        if (jsons != NULL && a.r == NULL) {
            jsons[0] = a.raw;
            n = 1;
        }
        ret = jsons != NULL ? sd_export_docs(ctx, h, jsons, n, id, format)
                            : sd_reply_status(ctx, POLIS_ERR_NOMEM, NULL);
        free(jsons);
    }
    json_decref(a.doc);
    free(a.raw);
    polis_result_free(a.r);
    return ret;
}

static enum MHD_Result send_similar(sd_http_ctx_t *ctx, const char *id, uint64_t start_us)
{
    sd_params_t p;
    if (sd_params_read(ctx, &ctx->app->limits.params, &p) != 0)
        return sd_reply_error(ctx, MHD_HTTP_BAD_REQUEST, "bad_parameter", "%s", p.error);
    /* The likeness is the query: q and sort have no say. */
    p.q = "";
    p.q_len = 0;
    p.sort = POLIS_SORT_RELEVANCE;
    enum MHD_Result ret;
    if (sd_http_offload(ctx, &ret))
        return ret; /* a relevance-feedback search: on the search pool */
    polis_query_t *q = NULL;
    polis_status_t st = sd_search_build_query(&ctx->app->limits, &p, &q);
    read_t a = { id, q, NULL, NULL, NULL, 0 };
    sd_handle_t *h = NULL;
    char *msg = NULL;
    if (st == POLIS_OK)
        st = sd_with_index(ctx, read_similar, &a, &h, &msg);
    polis_query_free(q);
    if (st != POLIS_OK)
        return sd_reply_failure(ctx, st, msg);
    if (a.missing)
        return sd_reply_error(ctx, MHD_HTTP_NOT_FOUND, "not_found", "no document '%.200s'", id);
    json_t *body = sd_search_answer(h, &p, a.r, start_us, NULL);
    polis_result_free(a.r);
    if (body != NULL && sd_json_set(body, "id", sd_json_str(id)) != 0) {
        json_decref(body);
        body = NULL;
    }
    return sd_reply_json(ctx, MHD_HTTP_OK, body);
}

enum MHD_Result sd_document_handle(sd_http_ctx_t *ctx)
{
    uint64_t start_us = sd_http_now_us();
    const char *tail = ctx->tail;
    size_t len = strlen(tail);
    size_t slen = sizeof SIMILAR_SUFFIX - 1;
    int similar = len > slen && strcmp(tail + len - slen, SIMILAR_SUFFIX) == 0;
    size_t id_len = similar ? len - slen : len;
    /* Ids hold no '/': anything else under /api/doc/ is no route. */
    if (id_len == 0 || id_len > MAX_ID_BYTES || memchr(tail, '/', id_len) != NULL ||
        !polis_text_valid_utf8(tail, id_len))
        return sd_reply_error(ctx, MHD_HTTP_NOT_FOUND, "not_found", "no such path: %.200s",
                              ctx->path);
    char id[MAX_ID_BYTES + 1];
    memcpy(id, tail, id_len);
    id[id_len] = '\0';
    enum MHD_Result ret;
    if (sd_with_index_etag(ctx, &ret))
        return ret;
    return similar ? send_similar(ctx, id, start_us) : send_doc(ctx, id);
}
