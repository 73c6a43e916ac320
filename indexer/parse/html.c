/* indexer/html.c — HTML pages through libxml2's HTML parser; see html.h.
 *
 * Three readings of one tree: the document's metadata (html_meta.c), what
 * the article says of itself in other CMSs' markup (html_micro.c), and the
 * text, links and labelled fields of its main content (html_fields.c).
 * This file weighs them into one document; dispatch.c decides what follows
 * (a bibliography's entries: biblio_html.c). */
#include "parse/html.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "parse/fields.h"
#include "parse/detect.h"
#include "parse/html_dom.h"
#include "parse/html_int.h"
#include "parse/ident.h"
#include "parse/kind.h"
#include "parse/md_url.h"
#include "xml/xmlsafe.h"

/* The title in <title>, without the site's name after it: " | Site", or
 * " – Site" / " - Site" / " — Site" when Site is the og:site_name. */
static size_t without_site_suffix(const char *t, const char *site)
{
    const char *bar = NULL;
    for (const char *p = strstr(t, " | "); p; p = strstr(p + 1, " | "))
        bar = p;
    if (bar && bar > t)
        return (size_t)(bar - t);
    static const char *const seps[] = { " \xe2\x80\x93 ", " \xe2\x80\x94 ", " - ", NULL };
    size_t len = strlen(t), sn = site ? strlen(site) : 0;
    for (size_t i = 0; sn && seps[i]; i++) {
        size_t k = strlen(seps[i]);
        if (len > sn + k && strcmp(t + len - sn, site) == 0 &&
            strncmp(t + len - sn - k, seps[i], k) == 0)
            return len - sn - k;
    }
    return len;
}

/* A heading's words without a kicker or subtitle span ("surtitre"), and
 * its "titre" span alone when it marks one. */
static int skip_kicker(void *ctx, const xmlNode *n)
{
    polis_buf_t *out = ctx;
    if (n->type == XML_TEXT_NODE && n->content)
        return ix_xmlsafe_append_clean(out, (const char *)n->content,
                                       strlen((const char *)n->content)) != 0
                   ? -1
                   : 1;
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    static const char *const kickers[] = { "surtitre", "sous-titre",        "soustitre",
                                           "kicker",   "element-invisible", "visually-hidden",
                                           NULL };
    for (size_t i = 0; kickers[i]; i++)
        if (ix_dom_has_class(n, kickers[i]))
            return 0;
    return 1;
}

static char *heading_text(const xmlNode *h)
{
    for (const xmlNode *c = h->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE &&
            (ix_dom_has_class(c, "titre") || ix_dom_has_class(c, "title")))
            return ix_xmlsafe_node_strdup(c);
    polis_buf_t b = { 0 };
    if (ix_xmlsafe_walk(h, skip_kicker, NULL, &b) != 0) {
        polis_buf_free(&b);
        return NULL;
    }
    char *out = NULL;
    int rc = ix_xmlsafe_set(&out, b.data ? b.data : "", b.len);
    polis_buf_free(&b);
    return rc == 0 && out ? out : strdup("");
}

/* Title: the main content's <h1>, else the article's headline, else
 * <title> without the site, else Dublin Core, Open Graph. */
static int make_title(polis_doc_t *doc, const meta_t *m, const micro_t *mi)
{
    const xmlNode *h = m->h1 ? m->h1 : mi->headline;
    char *t = h ? heading_text(h) : NULL;
    int rc = h && !t ? -1 : 0;
    if (rc == 0 && t && *t)
        rc = polis_str_set(&doc->title, t, (size_t)-1);
    free(t);
    if (rc == 0 && !doc->title && m->title && *m->title)
        rc = ix_xmlsafe_set(&doc->title, m->title, without_site_suffix(m->title, m->site_name));
    if (rc == 0 && !doc->title && (m->dc_title || m->og_title))
        rc = ix_xmlsafe_set(&doc->title, m->dc_title ? m->dc_title : m->og_title, (size_t)-1);
    return rc;
}

/* Dates: the fields the page shows win over its markup, which wins over
 * its <head>. */
static void make_dates(page_t *p, const meta_t *m, const micro_t *mi)
{
    polis_doc_t *doc = p->doc;
    if (p->published_field[0])
        memcpy(doc->published, p->published_field, sizeof doc->published);
    if (mi->published[0])
        (void)ix_fields_set_date(doc, mi->published); /* no date is no error */
    (void)ix_fields_set_date(doc, m->published_time);
    (void)ix_fields_set_date(doc, m->dc_date);
    if (!doc->published[0] && p->dates_field[0])
        memcpy(doc->published, p->dates_field, sizeof doc->published);
    if (!p->body.len || ix_frdate_find(p->body.data, p->body.len, doc->event_date) != 0)
        memcpy(doc->event_date, p->dates_field, sizeof doc->event_date);
    char mod[IX_ISODATE_SIZE] = "";
    const char *note = m->source_note ? strstr(m->source_note, "modifié le") : NULL;
    if (m->modified_time && ix_isodate_paris(m->modified_time, 1, mod) == 0) {
        memcpy(doc->modified, mod, sizeof mod);
    } else if (note) { /* "(modifié le 25/05/2012 - 10:03):" */
        note += strlen("modifié le");
        size_t n = strcspn(note, ")");
        if (ix_frdate_parse(note, n, doc->modified) != 0)
            doc->modified[0] = '\0';
    } else if (mi->modified[0]) {
        memcpy(doc->modified, mi->modified, sizeof mi->modified);
    } else if (p->modified_field[0]) {
        memcpy(doc->modified, p->modified_field, sizeof doc->modified);
    }
}

/* Themes: the page's fields and tags, else DC.subject; the keywords meta,
 * often a site's whole vocabulary, only when nothing else names a theme
 * (else its words the theme table knows; the rest are keywords). */
static int make_themes(page_t *p, const meta_t *m, const micro_t *mi)
{
    polis_doc_t *doc = p->doc;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < mi->tags.n; i++)
        rc = polis_strv_push(&doc->themes, mi->tags.v[i]);
    int tagged = doc->themes.n > 0;
    for (size_t i = 0; rc == 0 && !tagged && i < m->dc_subjects.n; i++)
        rc = ix_fields_add_subject(doc, m->dc_subjects.v[i], NULL);
    int named = doc->themes.n > 0;
    for (const char *k = m->keywords; rc == 0 && k && *k;) {
        size_t n = strcspn(k, ",;");
        char *one = NULL;
        rc = ix_xmlsafe_set(&one, k, n);
        if (rc == 0 && one)
            rc = polis_strv_push(
                !named || ix_themes_lookup(p->themes, one) ? &doc->themes : &doc->keywords, one);
        free(one);
        k += n + (k[n] ? 1 : 0);
    }
    return rc;
}

static int assemble(page_t *p, const meta_t *m, const micro_t *mi, const char *relpath)
{
    polis_doc_t *doc = p->doc;
    polis_buf_t id = { 0 };
    int rc = 0;
    /* A relative canonical link is read against og:url or <base>. */
    const char *url = m->canonical && *m->canonical ? m->canonical
                      : m->og_url && *m->og_url     ? m->og_url
                                                    : m->source_href;
    char *abs = url ? ix_dom_resolve(p->base, url) : NULL;
    if (abs && ix_md_url_is_absolute(abs, strlen(abs)))
        rc = polis_str_set(&doc->url, abs, (size_t)-1);
    free(abs);
    if (rc == 0)
        rc = make_title(doc, m, mi);
    if (rc == 0 && doc->url)
        rc = ix_ident_from_url(doc->url, &id);
    if (rc == 0 && !id.len)
        rc = ix_ident_from_path(relpath ? relpath : "page.html", &id);
    if (rc == 0)
        rc = polis_str_set(&doc->id, id.data, id.len);
    polis_buf_free(&id);
    make_dates(p, m, mi);
    ix_kind_signs_t signs = { doc->url, doc->title, relpath, p->typed,
                              doc->published[0] || p->dates_field[0] };
    doc->kind = ix_kind_guess(&signs);
    if (rc == 0 && m->description)
        rc = ix_xmlsafe_set(&doc->summary, m->description, (size_t)-1);
    if (rc == 0)
        rc = make_themes(p, m, mi);
    for (size_t i = 0; rc == 0 && i < m->dc_creators.n; i++)
        rc = ix_xmlsafe_push(&doc->authors, m->dc_creators.v[i], (size_t)-1);
    const char *lang = m->dc_language ? m->dc_language : m->lang;
    if (rc == 0)
        rc = lang && *lang ? ix_xmlsafe_language(&doc->language, lang)
                           : polis_str_set(&doc->language, "fr", 2);
    if (rc == 0 && !doc->site_type && m->dc_type)
        rc = ix_xmlsafe_set(&doc->site_type, m->dc_type, (size_t)-1);
    if (rc == 0 && relpath)
        rc = polis_str_set(&doc->source_path, relpath, (size_t)-1);
    if (p->body.len)
        p->body.len = ix_html_strip_footnotes(p->body.data, p->body.len);
    ix_xmlsafe_rtrim(&p->body);
    if (rc == 0 && p->body.len)
        rc = polis_str_set(&doc->body, p->body.data, p->body.len);
    return rc;
}

static int fail(char *err, size_t errlen, const char *msg)
{
    snprintf(err, errlen, "%s", msg);
    return -1;
}

struct ix_html_page {
    htmlDocPtr tree;
    polis_doc_t doc;
    const xmlNode *main;
    char *base;
};

void ix_html_page_free(ix_html_page_t *page)
{
    if (!page)
        return;
    polis_doc_clear(&page->doc);
    free(page->base);
    xmlFreeDoc(page->tree);
    free(page);
}

polis_doc_t *ix_html_page_doc(ix_html_page_t *page)
{
    return &page->doc;
}

const xmlNode *ix_html_page_main(const ix_html_page_t *page)
{
    return page->main;
}

const char *ix_html_page_base(const ix_html_page_t *page)
{
    return page->base;
}

int ix_html_read(const char *relpath, const char *buf, size_t len, const ix_themes_t *themes,
                 ix_html_page_t **out, char *err, size_t errlen)
{
    char dummy[8], charset[48];
    if (!err || !errlen)
        err = dummy, errlen = sizeof dummy;
    err[0] = '\0';
    *out = NULL;
    if (!buf || len == 0)
        return fail(err, errlen, "empty file");
    if (len > INT_MAX)
        return fail(err, errlen, "file too large");
    ix_html_page_t *pg = calloc(1, sizeof *pg);
    if (!pg)
        return fail(err, errlen, "out of memory");
    ix_xmlsafe_init();
    const char *enc = ix_detect_charset(buf, len, charset, sizeof charset);
    int opts = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER;
    pg->tree = htmlReadMemory(buf, (int)len, NULL, enc, opts);
    if (!pg->tree && enc) /* an encoding iconv does not know: let libxml2 guess */
        pg->tree = htmlReadMemory(buf, (int)len, NULL, NULL, opts);
    if (!pg->tree || !xmlDocGetRootElement(pg->tree)) {
        ix_html_page_free(pg);
        return fail(err, errlen, "no recognisable content: no title, no text");
    }
    meta_t m;
    micro_t mi;
    memset(&mi, 0, sizeof mi);
    polis_doc_init(&pg->doc);
    page_t p;
    memset(&p, 0, sizeof p);
    p.doc = &pg->doc, p.themes = themes, p.meta = &m;
    int rc = ix_html_meta_read((const xmlNode *)pg->tree, &m);
    if (rc == -2) {
        fail(err, errlen, "nesting deeper than 256 elements");
    } else if (rc != 0) {
        fail(err, errlen, "out of memory");
    } else {
        const char *url = m.og_url ? m.og_url : m.canonical ? m.canonical : m.source_href;
        pg->base = m.base_href ? ix_dom_resolve(url, m.base_href) : url ? strdup(url) : NULL;
        p.base = pg->base;
        for (size_t i = 0; i < 4 && !pg->main; i++)
            pg->main = m.main[i];
        rc = pg->main ? ix_html_micro_read(pg->main, &mi) : 0;
        if (rc == 0 && pg->main)
            rc = ix_html_fields_read(&p, pg->main);
        if (rc == 0)
            rc = assemble(&p, &m, &mi, relpath);
        if (rc != 0)
            fail(err, errlen, "out of memory");
        else if (!pg->doc.title && !pg->doc.body)
            rc = fail(err, errlen, "no recognisable content: no title, no text");
    }
    free(p.link_href);
    polis_buf_free(&p.body);
    ix_html_micro_free(&mi);
    ix_html_meta_free(&m);
    if (rc != 0) {
        ix_html_page_free(pg);
        return -1;
    }
    *out = pg;
    return 0;
}
