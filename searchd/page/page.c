/* page.c — GET / and GET /search: the page's frame around the results.
 *
 * The search itself is the API's (sd_params_read(), sd_search_run()), and the page renders the same
 * views of the hits (api/hit.h) and of the facets (api/facets.h) that /api/search's answer is made
 * of, so the two never disagree.  This file writes the document around them (head, search box,
 * layout, footer) and the security headers; filters.c and results.c write the columns.
 */
#include "page/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/hit.h"
#include "api/search.h"
#include "http/reply.h"
#include "page/assets.h"
#include "page/error.h"
#include "page/opensearch.h"
#include "page/policy.h"
#include "page/render.h"

/* Largest page: 100 hits with their snippets and every facet value fit in a
 * fraction of this. */
#define MAX_PAGE_BYTES (4u << 20)

#define HTML_TYPE "text/html; charset=utf-8"

/* Headers of every page. */
static const char *const page_headers[] = {
    SD_POLICY_HEADERS, "Cache-Control", "no-cache", NULL, NULL,
};

/* A parameter as sent (decoded), "" when absent. */
static const char *arg(sd_http_ctx_t *ctx, const char *name)
{
    const char *v = sd_http_arg(ctx, name);
    return v != NULL ? v : "";
}

/* Link to an asset with its hash, so a new build is never served stale. */
static void asset_url(sd_htmlenc_t *b, const char *name)
{
    const sd_assets_file_t *a = sd_assets_find(name);
    sd_htmlenc_rawf(b, "/assets/%s", name);
    if (a != NULL)
        sd_htmlenc_rawf(b, "?v=%s", a->hash);
}

void sd_page_head(sd_htmlenc_t *b, const sd_page_t *st, const char *title)
{
    sd_htmlenc_raw(b, "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<title>");
    if (title != NULL && title[0] != '\0') {
        sd_htmlenc_text(b, title);
        sd_htmlenc_raw(b, " — ");
    }
    sd_htmlenc_raw(b, "Polis, ressources de la politique de la ville</title>\n"
                      "<meta name=\"description\" content=\"Rechercher parmi les ressources du "
                      "centre de ressources politique de la ville : actualités, comptes rendus, "
                      "bibliographies.\">\n<link rel=\"stylesheet\" href=\"");
    asset_url(b, "style.css");
    sd_htmlenc_raw(b, "\">\n<link rel=\"icon\" type=\"image/svg+xml\" href=\"");
    asset_url(b, "favicon.svg");
    sd_htmlenc_raw(b, "\">\n<link rel=\"search\" type=\"application/opensearchdescription+xml\" "
                      "title=\"Polis\" href=\"/opensearch.xml\">\n"
                      "<link rel=\"alternate\" type=\"application/atom+xml\" "
                      "title=\"Polis : flux de cette recherche\" href=\"");
    sd_page_export_url(b, st, "/feed.atom", NULL);
    sd_htmlenc_raw(b, "\">\n<script src=\"");
    asset_url(b, "app.js");
    sd_htmlenc_raw(b, "\" defer></script>\n</head>\n");
}

void sd_page_search_box(sd_htmlenc_t *b, const sd_page_t *st)
{
    sd_htmlenc_raw(b, "<header class=\"top\"><div class=\"top-inner\">\n"
                      "<p class=\"brand\"><a href=\"/\"><span class=\"logo\" aria-hidden=\"true\">"
                      "</span>Polis</a><span class=\"tagline\">Ressources de la politique de la "
                      "ville</span></p>\n"
                      "<div class=\"searchbox\" role=\"search\">\n"
                      "<label for=\"q\" class=\"searchbox-label\">Rechercher dans les ressources"
                      "</label>\n<div class=\"searchbox-row\"><div class=\"combo\">"
                      "<input type=\"search\" id=\"q\" name=\"q\" autocomplete=\"off\" "
                      "spellcheck=\"false\" role=\"combobox\" aria-autocomplete=\"list\" "
                      "aria-expanded=\"false\" aria-controls=\"suggestions\" "
                      "aria-describedby=\"q-help\" placeholder=\"ex. QPV, santé, emploi…\"");
    sd_htmlenc_rawf(b, " maxlength=\"%zu\" value=\"", st->ctx->app->limits.params.max_query_bytes);
    sd_htmlenc_attr(b, st->p->q);
    sd_htmlenc_raw(b, "\">\n");
    /* The page size is no field of the form; a hidden one keeps it. */
    if (st->per_page_raw[0] != '\0') {
        sd_htmlenc_raw(b, "<input type=\"hidden\" name=\"per_page\" value=\"");
        sd_htmlenc_attr(b, st->per_page_raw);
        sd_htmlenc_raw(b, "\">\n");
    }
    sd_htmlenc_raw(b, "<ul id=\"suggestions\" class=\"suggestions\" role=\"listbox\" "
                      "aria-label=\"Suggestions\" hidden></ul></div>\n"
                      "<button type=\"submit\" class=\"go\">Rechercher</button></div>\n"
                      "<p id=\"q-help\" class=\"help\">Des «" NBSP "guillemets" NBSP "» pour une "
                      "expression exacte, un tiret pour exclure un mot (-appel).</p>\n"
                      "</div>\n</div></header>\n");
}

void sd_page_footer(sd_htmlenc_t *b, const sd_page_t *st, const char *doc_id)
{
    sd_htmlenc_raw(b, "<footer class=\"foot\"><p>Polis, moteur de recherche des ressources de "
                      "la politique de la ville.</p>\n<ul><li><a href=\"");
    if (doc_id != NULL) {
        polis_buf_t path = { 0 };
        if (sd_hit_notice_url(&path, "/api", doc_id) != 0)
            b->failed = 1;
        sd_htmlenc_attr(b, path.data != NULL ? path.data : "/api/doc/");
        polis_buf_free(&path);
        sd_htmlenc_raw(b, "\">Cette notice en JSON</a></li>");
    } else {
        sd_htmlenc_raw(b, "/api/search");
        if (st->ctx->query_len > 0) {
            sd_htmlenc_raw(b, "?");
            sd_htmlenc_textn(b, st->ctx->query, st->ctx->query_len);
        }
        sd_htmlenc_raw(b, "\">Ces résultats en JSON</a></li>");
    }
    sd_htmlenc_raw(b, "<li><a href=\"/opensearch.xml\">Description OpenSearch</a></li>"
                      "<li><a href=\"");
    asset_url(b, "widget.html");
    sd_htmlenc_raw(b, "\">Intégrer la recherche sur votre site</a></li></ul></footer>\n");
}

static char *render(const sd_page_t *st, size_t *len)
{
    sd_htmlenc_t b;
    sd_htmlenc_init(&b, MAX_PAGE_BYTES);
    sd_page_head(&b, st, st->p->q);
    sd_htmlenc_raw(&b, "<body>\n<a class=\"skip\" href=\"#results\">Aller aux résultats</a>\n"
                       "<form id=\"search-form\" class=\"page\" action=\"/search\" "
                       "method=\"get\">\n");
    sd_page_search_box(&b, st);
    /* Closed as sent: phones show the results first and the filters behind
     * "Filtres"; wide screens show them anyway (style.css, or app.js where
     * the browser cannot style a closed <details>). */
    sd_htmlenc_raw(&b, "<div class=\"layout\">\n<details class=\"filters\" id=\"filters-panel\">"
                       "<summary id=\"filters-summary\">Filtres");
    unsigned active = sd_page_filter_count(st);
    if (active > 0)
        sd_htmlenc_rawf(&b, " (%u)", active);
    sd_htmlenc_raw(&b, "</summary>\n");
    sd_page_filters(&b, st);
    sd_htmlenc_raw(&b, "</details>\n<main id=\"results\" class=\"results\" tabindex=\"-1\" "
                       "aria-label=\"Résultats\">\n");
    sd_page_results(&b, st);
    sd_htmlenc_raw(&b, "</main>\n</div>\n</form>\n");
    sd_page_footer(&b, st, NULL);
    sd_htmlenc_raw(&b, "</body>\n</html>\n");
    return sd_htmlenc_finish(&b, len);
}

/* The French message and HTTP status for a search that failed.  Details
 * of server-side failures go to the log, as for the JSON API. */
static unsigned failure(sd_http_ctx_t *ctx, polis_status_t st, const char *detail, char *msg,
                        size_t size)
{
    if (st == POLIS_ERR_BAD_QUERY) {
        /* The shim says why in English; the page says it in French. */
        char why[SD_PARAMS_MSG + 100];
        if (sd_page_french(detail, why, sizeof why))
            snprintf(msg, size, "La recherche n’a pas pu être comprise" NBSP ": %s.", why);
        else
            snprintf(msg, size, "La recherche n’a pas pu être comprise.");
        return MHD_HTTP_BAD_REQUEST;
    }
    sd_reply_log(ctx, st, detail);
    snprintf(msg, size, "%s",
             st == POLIS_ERR_TIMEOUT
                 ? "La recherche a pris trop de temps. Essayez des mots plus précis."
                 : "Le service de recherche est momentanément indisponible. Réessayez dans "
                   "un instant.");
    return MHD_HTTP_SERVICE_UNAVAILABLE;
}

/* The type values the references of the search have (the same words,
 * filters and dates, kind=reference), appended to out: the type facet's
 * values that are types of documents, the others being types of news.
 * Nothing when the search is filtered on other kinds only.  POLIS_OK or the
 * status of the search. */
static polis_status_t doc_types(sd_http_ctx_t *ctx, const sd_params_t *p, polis_strv_t *out)
{
    sd_params_t q = *p;
    int wanted = q.n_filters[POLIS_FACET_KIND] == 0;
    for (size_t i = 0; i < q.n_filters[POLIS_FACET_KIND]; i++)
        wanted |= strcmp(q.filters[POLIS_FACET_KIND][i], "reference") == 0;
    if (!wanted)
        return POLIS_OK;
    q.filters[POLIS_FACET_KIND][0] = "reference";
    q.n_filters[POLIS_FACET_KIND] = 1;
    q.facets = 1u << POLIS_FACET_TYPE;
    q.page = 1;
    q.per_page = 1;
    sd_handle_t *h = NULL;
    polis_result_t *r = NULL;
    char *detail = NULL;
    polis_status_t st = sd_search_run(ctx, &q, &h, &r, &detail);
    free(detail);
    for (size_t i = 0; st == POLIS_OK && i < polis_result_facet_size(r, POLIS_FACET_TYPE); i++) {
        const char *value;
        unsigned long count;
        polis_result_facet_value(r, POLIS_FACET_TYPE, i, &value, &count);
        /* A ticked type no reference has is listed at 0 (to be unticked):
         * a type of news, not of documents. */
        if (count > 0 && polis_strv_push(out, value) != 0)
            st = POLIS_ERR_NOMEM;
    }
    polis_result_free(r);
    return st;
}

enum MHD_Result sd_page_handle(sd_http_ctx_t *ctx)
{
    sd_params_t p;
    sd_page_t st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    st.p = &p;
    st.from_raw = arg(ctx, "from");
    st.to_raw = arg(ctx, "to");
    st.sort_raw = arg(ctx, "sort");
    st.per_page_raw = arg(ctx, "per_page");
    st.max_page = ctx->app->limits.params.max_page;

    char message[2 * SD_PARAMS_MSG + 200];
    unsigned status = MHD_HTTP_OK;
    polis_strv_t types = { 0 };
    polis_result_t *r = NULL;
    sd_hit_t *hits = NULL;
    size_t n_hits = 0;
    if (sd_params_read(ctx, &ctx->app->limits.params, &p) != 0) {
        char why[SD_PARAMS_MSG + 100];
        sd_page_french(p.error, why, sizeof why);
        snprintf(message, sizeof message, "Cette adresse de recherche n’est pas valide (%s).", why);
        st.error = message;
        status = MHD_HTTP_BAD_REQUEST;
    } else {
        enum MHD_Result ret;
        if (sd_http_offload(ctx, &ret))
            return ret; /* the search, and the page, on the search pool */
        /* Browsing without words: relevance means nothing, the newest first
         * is what a visitor of the home page expects. */
        if (p.q_len == 0 && st.sort_raw[0] == '\0')
            p.sort = POLIS_SORT_DATE_DESC;
        sd_handle_t *h = NULL;
        char *detail = NULL;
        /* First, as the handle the search returns lives until the next; a
         * failure shows in the search's own answer. */
        (void)doc_types(ctx, &p, &types);
        st.doc_types = &types;
        polis_status_t rc = sd_search_run(ctx, &p, &h, &r, &detail);
        if (rc == POLIS_OK)
            sd_search_count(SD_METRICS_PAGE, &p, sd_search_outcome(r));
        if (rc == POLIS_OK && sd_hit_read(r, SD_HIT_MARKS, &hits, &n_hits) != 0)
            rc = POLIS_ERR_NOMEM;
        if (rc == POLIS_OK) {
            st.handle = h;
            st.result = r;
            st.hits = hits;
            st.n_hits = n_hits;
        } else {
            status = failure(ctx, rc, detail, message, sizeof message);
            st.error = message;
        }
        free(detail);
    }
    size_t len = 0;
    char *body = render(&st, &len);
    sd_hit_free(hits, n_hits);
    polis_result_free(r);
    polis_strv_clear(&types);
    ctx->headers = page_headers;
    if (body == NULL)
        return sd_http_send_static(ctx, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain; charset=utf-8",
                                   "Service momentanément indisponible (mémoire).\n");
    return sd_http_send(ctx, status, HTML_TYPE, body, len);
}

static const sd_router_route_t routes[] = {
    { "/", 0, SD_ROUTER_GET, sd_page_handle, NULL, &sd_error_page },
    { "/search", 0, SD_ROUTER_GET, sd_page_handle, NULL, &sd_error_page },
    { "/opensearch.xml", 0, SD_ROUTER_GET, sd_opensearch_handle, NULL, NULL },
    { "/widget.js", 0, SD_ROUTER_GET, sd_assets_widget_handle, NULL, NULL },
    { "/favicon.svg", 0, SD_ROUTER_GET, sd_assets_favicon_handle, NULL, NULL },
    { "/assets/", 1, SD_ROUTER_GET, sd_assets_handle, "/assets/{name}", NULL },
    { "/doc/", 1, SD_ROUTER_GET, sd_page_notice_handle, "/doc/{id}", &sd_error_page },
};

int sd_page_register(sd_router_t *r)
{
    return sd_router_add(r, routes, sizeof routes / sizeof routes[0]);
}
