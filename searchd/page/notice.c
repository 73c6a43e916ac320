/* notice.c — GET /doc/{id}: the notice of a document, as a documentalist
 * expects it.
 *
 * Title, authors (each a link to their other documents), the fields of a
 * citation in a description list, the abstract, the themes, the
 * bibliography a reference comes from or, on a bibliography, its references
 * in their order; then "Citer" (ISO 690, author-date, api/cite.h) and the
 * document as RIS, BibTeX and CSL-JSON (/api/doc/{id}?format=…).  Rendered
 * on the server with the page's frame, escapers and Content-Security-Policy;
 * app.js only adds the button that copies the citation.
 */
#include "page/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/cite.h"
#include "api/hit.h"
#include "api/with_index.h"
#include "http/reply.h"
#include "page/policy.h"

/* Longest id looked up (as /api/doc/{id}). */
#define MAX_ID_BYTES 512
/* References a bibliography's notice lists. */
#define MAX_REFERENCES 2000
/* Largest notice: a bibliography of MAX_REFERENCES fits in a fraction. */
#define MAX_NOTICE_BYTES (4u << 20)

#define HTML_TYPE "text/html; charset=utf-8"

/* The page's headers; Cache-Control comes with the ETag (validate each
 * time: a notice changes with the index). */
static const char *const headers[] = { SD_POLICY_HEADERS, NULL, NULL };

/* What one read of the index found. */
typedef struct {
    const char *id;
    polis_doc_t doc;
    int found;
    char *parent_title;   /* the bibliography's, when the document has one indexed */
    polis_result_t *refs; /* a bibliography's references */
    sd_hit_t *ref_hits;   /* ... decoded */
    size_t n_refs;
} notice_t;

static void notice_clear(notice_t *n)
{
    polis_doc_clear(&n->doc);
    free(n->parent_title);
    sd_hit_free(n->ref_hits, n->n_refs);
    polis_result_free(n->refs);
    n->parent_title = NULL;
    n->ref_hits = NULL;
    n->n_refs = 0;
    n->refs = NULL;
    n->found = 0;
}

static polis_status_t read_notice(sd_handle_t *h, void *arg)
{
    notice_t *n = arg;
    polis_index_t *idx = sd_handle_index(h);
    notice_clear(n); /* a first try's */
    char *json = NULL;
    polis_status_t st = polis_index_get_doc(idx, n->id, &json);
    if (st == POLIS_ERR_NOT_FOUND)
        return POLIS_OK; /* an answer: no such document */
    if (st != POLIS_OK)
        return st;
    int bad = polis_doc_from_json(&n->doc, json, strlen(json)) != 0;
    free(json);
    if (bad)
        return POLIS_ERR_CORRUPT;
    n->found = 1;
    if (n->doc.parent_id != NULL && n->doc.parent_id[0] != '\0') {
        st = polis_index_get_doc(idx, n->doc.parent_id, &json);
        if (st == POLIS_OK) {
            polis_doc_t parent;
            polis_doc_init(&parent);
            if (polis_doc_from_json(&parent, json, strlen(json)) == 0 && parent.title != NULL)
                n->parent_title = strdup(parent.title);
            polis_doc_clear(&parent);
            free(json);
        } else if (st != POLIS_ERR_NOT_FOUND) {
            return st;
        }
    }
    if (n->doc.kind == POLIS_KIND_BIBLIOGRAPHY) {
        st = polis_index_children(idx, n->id, MAX_REFERENCES, &n->refs);
        if (st != POLIS_OK)
            return st;
        if (sd_hit_read(n->refs, 0, &n->ref_hits, &n->n_refs) != 0)
            return POLIS_ERR_NOMEM;
    }
    return POLIS_OK;
}

/* ---- Pieces of the notice ------------------------------------------------ */

static const char *str(const char *s)
{
    return s != NULL && s[0] != '\0' ? s : NULL;
}

static void notice_link(sd_htmlenc_t *b, const char *id)
{
    polis_buf_t path = { 0 };
    if (sd_hit_notice_url(&path, "", id) != 0)
        b->failed = 1;
    sd_htmlenc_attr(b, path.data != NULL ? path.data : "/");
    polis_buf_free(&path);
}

/* <dt>label</dt><dd>text</dd>, nothing when text is NULL or empty. */
static void field(sd_htmlenc_t *b, const char *label, const char *text, int italic)
{
    if (str(text) == NULL)
        return;
    sd_htmlenc_rawf(b, "<dt>%s</dt><dd>%s", label, italic ? "<i>" : "");
    sd_htmlenc_text(b, text);
    sd_htmlenc_raw(b, italic ? "</i></dd>\n" : "</dd>\n");
}

static void date_field(sd_htmlenc_t *b, const char *label, const char *iso)
{
    if (str(iso) == NULL)
        return;
    sd_htmlenc_rawf(b, "<dt>%s</dt><dd><time datetime=\"", label);
    sd_htmlenc_attr(b, iso);
    sd_htmlenc_raw(b, "\">");
    char day[11];
    snprintf(day, sizeof day, "%.10s", iso);
    sd_page_date(b, day);
    /* "2017-12-12T17:05": the time as the source wrote it, in Paris. */
    if (strlen(iso) >= 16 && iso[10] == 'T')
        sd_htmlenc_rawf(b, " à %.2s" NBSP "h" NBSP "%.2s", iso + 11, iso + 14);
    sd_htmlenc_raw(b, "</time></dd>\n");
}

static const char *language(const char *code)
{
    static const char *const names[][2] = {
        { "fr", "français" }, { "en", "anglais" }, { "de", "allemand" },
        { "es", "espagnol" }, { "it", "italien" }, { "nl", "néerlandais" },
    };
    for (size_t i = 0; code != NULL && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(code, names[i][0]) == 0)
            return names[i][1];
    return code;
}

static void fields(sd_htmlenc_t *b, const notice_t *n)
{
    const polis_doc_t *d = &n->doc;
    sd_cite_type_t type = sd_cite_type(d);
    sd_htmlenc_raw(b, "<dl class=\"doc-fields\">\n");
    /* What the source calls the document: a type of document for a
     * reference, a type of news for the site's pages. */
    field(b, d->kind == POLIS_KIND_REFERENCE ? "Type de document" : "Type d’actualité",
          d->site_type, 0);
    const char *container = type == SD_CITE_ARTICLE      ? "Revue"
                            : type == SD_CITE_CHAPTER    ? "Dans l’ouvrage"
                            : type == SD_CITE_CONFERENCE ? "Dans les actes"
                                                         : "Collection";
    field(b, container, d->container, 1);
    field(b, "Éditeur", d->publisher, 0);
    date_field(b, "Date de publication", d->published);
    date_field(b, sd_page_is_call(d) ? "Date limite" : "Date de l’événement", d->event_date);
    field(b, "Volume", d->volume, 0);
    field(b, "Numéro", d->issue, 0);
    field(b, "Pages", d->pages, 0);
    field(b, "Nombre de pages", d->extent, 0);
    if (str(d->doi) != NULL) {
        polis_buf_t url = { 0 };
        int ok = polis_buf_printf(&url, "https://doi.org/%s", d->doi) == 0 &&
                 sd_htmlenc_url_ok(url.data);
        sd_htmlenc_raw(b, "<dt>DOI</dt><dd>");
        if (ok) {
            sd_htmlenc_raw(b, "<a href=\"");
            sd_htmlenc_attr(b, url.data);
            sd_htmlenc_raw(b, "\">");
        }
        sd_htmlenc_text(b, d->doi);
        sd_htmlenc_raw(b, ok ? "</a></dd>\n" : "</dd>\n");
        polis_buf_free(&url);
    }
    field(b, "ISBN", d->isbn, 0);
    field(b, "Langue", language(d->language), 0);
    for (int places = 1; places >= 0; places--) {
        const polis_strv_t *v = places ? &d->places : &d->keywords;
        if (v->n == 0)
            continue;
        sd_htmlenc_raw(b, places ? "<dt>Lieux</dt><dd>" : "<dt>Mots-clés</dt><dd>");
        for (size_t i = 0; i < v->n; i++) {
            sd_htmlenc_raw(b, i > 0 ? ", " : "");
            sd_htmlenc_text(b, v->v[i]);
        }
        sd_htmlenc_raw(b, "</dd>\n");
    }
    if (sd_htmlenc_url_ok(str(d->url))) {
        sd_htmlenc_raw(b, "<dt>Source</dt><dd><a class=\"doc-source\" href=\"");
        sd_htmlenc_attr(b, d->url);
        sd_htmlenc_raw(b, "\">");
        sd_htmlenc_text(b, d->url);
        sd_htmlenc_raw(b, "</a></dd>\n");
    }
    if (str(d->parent_id) != NULL) {
        sd_htmlenc_raw(b, "<dt>Bibliographie</dt><dd><a class=\"doc-parent\" href=\"");
        notice_link(b, d->parent_id);
        sd_htmlenc_raw(b, "\">");
        sd_htmlenc_text(b, n->parent_title != NULL ? n->parent_title : d->parent_id);
        sd_htmlenc_raw(b, "</a></dd>\n");
    }
    date_field(b, "Modifié le", d->modified);
    sd_htmlenc_raw(b, "</dl>\n");
}

/* Text in paragraphs: the body and abstracts separate them by "\n\n". */
static void paragraphs(sd_htmlenc_t *b, const char *text)
{
    const char *p = text;
    while (p != NULL && *p != '\0') {
        const char *end = strstr(p, "\n\n");
        size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
        if (len > 0) {
            sd_htmlenc_raw(b, "<p>");
            sd_htmlenc_textn(b, p, len);
            sd_htmlenc_raw(b, "</p>\n");
        }
        p = end != NULL ? end + 2 : NULL;
    }
}

static void themes(sd_htmlenc_t *b, const sd_page_t *st, const polis_doc_t *d)
{
    if (d->themes.n == 0)
        return;
    sd_htmlenc_raw(b, "<section class=\"doc-themes\" aria-labelledby=\"h-themes\">"
                      "<h2 id=\"h-themes\">Thématiques</h2><ul class=\"chips\">");
    for (size_t i = 0; i < d->themes.n; i++) {
        sd_htmlenc_raw(b, "<li><a class=\"chip\" href=\"/search?theme=");
        sd_htmlenc_query(b, d->themes.v[i]);
        sd_htmlenc_raw(b, "\">");
        sd_htmlenc_text(b, sd_page_value_label(st, POLIS_FACET_THEME, d->themes.v[i], NULL));
        sd_htmlenc_raw(b, "</a></li>");
    }
    sd_htmlenc_raw(b, "</ul></section>\n");
}

/* A piece of a citation, in <i> when italic. */
static int put_html(void *ctx, const char *text, size_t len, int italic)
{
    sd_htmlenc_t *b = ctx;
    sd_htmlenc_raw(b, italic ? "<i>" : "");
    sd_htmlenc_textn(b, text, len);
    sd_htmlenc_raw(b, italic ? "</i>" : "");
    return b->failed ? -1 : 0;
}

static void references(sd_htmlenc_t *b, const notice_t *n)
{
    if (n->refs == NULL)
        return;
    unsigned long total = polis_result_total(n->refs);
    sd_htmlenc_raw(b, "<section class=\"doc-refs\" aria-labelledby=\"h-refs\"><h2 id=\"h-refs\">");
    sd_htmlenc_rawf(
        b, "Références de cette bibliographie <span class=\"count\">(%lu)</span></h2>\n", total);
    if (n->n_refs == 0) {
        sd_htmlenc_raw(b, "<p>Aucune référence n’a été relevée dans cette page.</p></section>\n");
        return;
    }
    sd_htmlenc_raw(b, "<ol class=\"refs\">\n");
    for (size_t i = 0; i < n->n_refs; i++) {
        const sd_hit_t *h = &n->ref_hits[i];
        sd_htmlenc_raw(b, "<li class=\"ref\"><a class=\"ref-title\" href=\"");
        notice_link(b, h->id);
        sd_htmlenc_raw(b, "\">");
        sd_htmlenc_text(b, str(h->doc.title) != NULL ? h->doc.title : h->id);
        sd_htmlenc_raw(b, "</a><p class=\"ref-cite\">");
        if (sd_cite_iso690(&h->doc, NULL, put_html, b) != 0)
            b->failed = 1;
        sd_htmlenc_raw(b, "</p></li>\n");
    }
    sd_htmlenc_raw(b, "</ol></section>\n");
}

/* "Citer": the ISO 690 citation, a copy button (app.js shows it), and the
 * document's files.  The citation gives the document's own address, when
 * it is online; a printed work has none, and its notice is no edition of it. */
static void cite(sd_htmlenc_t *b, const notice_t *n)
{
    const polis_doc_t *d = &n->doc;
    const char *url = str(d->url);
    sd_htmlenc_raw(b, "<section class=\"cite\" aria-labelledby=\"h-cite\">"
                      "<h2 id=\"h-cite\">Citer ce document</h2>\n"
                      "<p class=\"cite-style\">Norme ISO" NBSP "690, système auteur-date</p>\n"
                      "<p class=\"citation\" id=\"citation\">");
    if (sd_cite_iso690(d, url, put_html, b) != 0)
        b->failed = 1;
    sd_htmlenc_raw(b, "</p>\n<p class=\"cite-copy\"><button type=\"button\" class=\"copy\" "
                      "data-copy=\"citation\" hidden>Copier la citation</button> <span "
                      "class=\"copy-status\" role=\"status\" aria-live=\"polite\"></span></p>\n");
    static const struct {
        const char *format, *label, *what;
    } files[] = {
        { "ris", "RIS", "Zotero, EndNote" },
        { "bibtex", "BibTeX", "JabRef, LaTeX" },
        { "csl-json", "CSL-JSON", "processeurs de citations" },
    };
    if (n->refs != NULL)
        sd_htmlenc_rawf(b, "<p class=\"cite-what\">Exporter les %lu références" NBSP ":</p>",
                        polis_result_total(n->refs));
    else
        sd_htmlenc_raw(b, "<p class=\"cite-what\">Exporter la notice" NBSP ":</p>");
    sd_htmlenc_raw(b, "<ul class=\"exports-links\">");
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        polis_buf_t path = { 0 };
        if (sd_hit_notice_url(&path, "/api", n->id) != 0 ||
            polis_buf_printf(&path, "?format=%s", files[i].format) != 0)
            b->failed = 1;
        sd_htmlenc_rawf(b, "<li><a class=\"export-%s\" download href=\"", files[i].format);
        sd_htmlenc_attr(b, path.data != NULL ? path.data : "/");
        sd_htmlenc_rawf(b, "\">%s <span class=\"export-what\">(%s)</span></a></li>", files[i].label,
                        files[i].what);
        polis_buf_free(&path);
    }
    sd_htmlenc_raw(b, "</ul></section>\n");
}

static void article(sd_htmlenc_t *b, const sd_page_t *st, const notice_t *n)
{
    const polis_doc_t *d = &n->doc;
    sd_htmlenc_raw(b, "<nav class=\"crumbs\" aria-label=\"Fil d’Ariane\"><ol>"
                      "<li><a href=\"/search\">Ressources</a></li>");
    if (str(d->parent_id) != NULL) {
        sd_htmlenc_raw(b, "<li><a href=\"");
        notice_link(b, d->parent_id);
        sd_htmlenc_raw(b, "\">");
        sd_htmlenc_text(b, n->parent_title != NULL ? n->parent_title : d->parent_id);
        sd_htmlenc_raw(b, "</a></li>");
    }
    sd_htmlenc_raw(b, "<li aria-current=\"page\">Notice</li></ol></nav>\n"
                      "<article class=\"notice-doc\">\n<p class=\"doc-kind\">");
    if (d->kind != POLIS_KIND_UNKNOWN)
        sd_htmlenc_text(b, sd_cite_kind_label(d->kind));
    if (str(d->site_type) != NULL) {
        sd_htmlenc_raw(b, d->kind != POLIS_KIND_UNKNOWN ? " · " : "");
        sd_htmlenc_text(b, d->site_type);
    }
    sd_htmlenc_raw(b, "</p>\n<h1 class=\"doc-title\">");
    sd_htmlenc_text(b, str(d->title) != NULL ? d->title : n->id);
    sd_htmlenc_raw(b, "</h1>\n");
    if (d->authors.n > 0) {
        sd_htmlenc_raw(b, "<p class=\"doc-authors\"><span class=\"sr\">Auteurs" NBSP ": </span>");
        sd_page_authors(b, d);
        sd_htmlenc_raw(b, "</p>\n");
    }
    fields(b, n);
    if (str(d->summary) != NULL) {
        sd_htmlenc_raw(b, "<section class=\"doc-abstract\" aria-labelledby=\"h-abstract\">"
                          "<h2 id=\"h-abstract\">Résumé</h2>\n");
        paragraphs(b, d->summary);
        sd_htmlenc_raw(b, "</section>\n");
    }
    /* A page of the site, whose source may be gone: its text.  A reference
     * has none of its own (its citation is in "Citer"). */
    if (d->kind != POLIS_KIND_REFERENCE && str(d->body) != NULL) {
        sd_htmlenc_raw(b, "<section class=\"doc-body\" aria-labelledby=\"h-body\">"
                          "<h2 id=\"h-body\">Texte</h2>\n");
        paragraphs(b, d->body);
        sd_htmlenc_raw(b, "</section>\n");
    }
    themes(b, st, d);
    references(b, n);
    cite(b, n);
    sd_htmlenc_raw(b, "</article>\n");
}

static char *render(const sd_page_t *st, const notice_t *n, size_t *len)
{
    sd_htmlenc_t b;
    sd_htmlenc_init(&b, MAX_NOTICE_BYTES);
    sd_page_head(&b, st, n->found && str(n->doc.title) != NULL ? n->doc.title : "Notice");
    sd_htmlenc_raw(&b, "<body>\n<a class=\"skip\" href=\"#notice\">Aller à la notice</a>\n"
                       "<form id=\"notice-search\" action=\"/search\" method=\"get\">\n");
    sd_page_search_box(&b, st);
    sd_htmlenc_raw(&b, "</form>\n<main id=\"notice\" class=\"notice-page\" tabindex=\"-1\">\n");
    if (n->found) {
        article(&b, st, n);
    } else {
        sd_htmlenc_raw(&b, "<div class=\"empty\"><h1>Ce document n’existe pas</h1>\n<p>Aucun "
                           "document ne porte l’identifiant «" NBSP);
        sd_htmlenc_text(&b, n->id);
        sd_htmlenc_raw(&b, NBSP "». Il a pu être retiré, ou son adresse a changé.</p>\n"
                                "<p><a href=\"/search\">Parcourir les ressources</a></p></div>\n");
    }
    sd_htmlenc_raw(&b, "</main>\n");
    sd_page_footer(&b, st, n->found ? n->id : NULL);
    sd_htmlenc_raw(&b, "</body>\n</html>\n");
    return sd_htmlenc_finish(&b, len);
}

enum MHD_Result sd_page_notice_handle(sd_http_ctx_t *ctx)
{
    ctx->headers = headers;
    size_t id_len = strlen(ctx->tail);
    if (id_len == 0 || id_len > MAX_ID_BYTES || strchr(ctx->tail, '/') != NULL ||
        !polis_text_valid_utf8(ctx->tail, id_len))
        return sd_http_send_static(ctx, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8",
                                   "Cette adresse ne mène à aucune notice.\n");
    enum MHD_Result ret;
    if (sd_with_index_etag(ctx, &ret))
        return ret;
    sd_params_t p;
    sd_params_init(&p, &ctx->app->limits.params);
    sd_page_t st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    st.p = &p;
    st.from_raw = st.to_raw = st.sort_raw = st.per_page_raw = "";
    st.max_page = ctx->app->limits.params.max_page;
    notice_t n;
    memset(&n, 0, sizeof n);
    n.id = ctx->tail;
    polis_doc_init(&n.doc);
    sd_handle_t *h = NULL;
    char *detail = NULL;
    polis_status_t rc = sd_with_index(ctx, read_notice, &n, &h, &detail);
    if (rc != POLIS_OK) {
        notice_clear(&n);
        sd_reply_log(ctx, rc, detail);
        free(detail);
        return sd_http_send_static(ctx, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain; charset=utf-8",
                                   "Le service est momentanément indisponible. Réessayez dans un "
                                   "instant.\n");
    }
    st.handle = h;
    size_t len = 0;
    char *body = render(&st, &n, &len);
    unsigned status = n.found ? MHD_HTTP_OK : MHD_HTTP_NOT_FOUND;
    notice_clear(&n);
    if (body == NULL)
        return sd_http_send_static(ctx, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain; charset=utf-8",
                                   "Service momentanément indisponible (mémoire).\n");
    return sd_http_send(ctx, status, HTML_TYPE, body, len);
}
