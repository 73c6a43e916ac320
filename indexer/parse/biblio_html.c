/* biblio_html.c — the entries of an HTML bibliography page (lists or
 * paragraphs), reduced to text with '*' around italics for
 * ix_biblio_entry(); see biblio.h. */
#include "parse/biblio.h"

#include <stdlib.h>
#include <string.h>

#include "parse/fields.h"
#include "parse/html_dom.h"
#include "xml/xmlsafe.h"

#define LAQUO "\xC2\xAB" /* « */

typedef struct {
    const char *p;
    size_t n;
} span_t;

/* ---- HTML pages ------------------------------------------------------------------ */

typedef struct {
    const polis_doc_t *page;
    const char *base;
    ix_sink_t *sink;
    char *err;
    size_t errlen;
    size_t n;  /* entries emitted */
    int loose; /* second pass: paragraphs with an italic title and a year */
    polis_buf_t text;
    polis_strv_t urls;
} hent_t;

static int is_italic(const xmlNode *n)
{
    return ix_xmlsafe_is(n, "em") || ix_xmlsafe_is(n, "i") || ix_xmlsafe_is(n, "cite");
}

static int text_enter(void *ctx, const xmlNode *n)
{
    hent_t *h = ctx;
    int rc = 0;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        const char *c = (const char *)n->content;
        return c && ix_xmlsafe_append_clean(&h->text, c, strlen(c)) != 0 ? -1 : 1;
    }
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    char *cls = ix_xmlsafe_attr(n, "class");
    if (is_italic(n))
        rc = polis_buf_append(&h->text, "*", 1);
    else if (ix_xmlsafe_is(n, "br") || (cls && strstr(cls, "resume")))
        rc = polis_buf_append(&h->text, "\n", 1);
    else if (ix_xmlsafe_is(n, "a")) {
        char *href = ix_xmlsafe_attr(n, "href");
        char *url = href && href[0] != '#' ? ix_dom_resolve(h->base, href) : NULL;
        if (url)
            rc = polis_strv_push(&h->urls, url);
        free(href);
        free(url);
    }
    free(cls);
    return rc == 0 ? 1 : -1;
}

static int text_leave(void *ctx, const xmlNode *n)
{
    hent_t *h = ctx;
    return is_italic(n) ? polis_buf_append(&h->text, "*", 1) : 0;
}

static int entry_enter(void *ctx, const xmlNode *n)
{
    hent_t *h = ctx;
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    if (ix_dom_is_furniture(n))
        return 0;
    int li = ix_xmlsafe_is(n, "li"), p = ix_xmlsafe_is(n, "p");
    if (!li && !p)
        return 1;
    char *cls = ix_xmlsafe_attr(n, "class");
    int marked = cls && (strstr(cls, "biblio") || strstr(cls, "ref"));
    free(cls);
    if (p && !marked && !h->loose)
        return 0;
    h->text.len = 0;
    polis_strv_clear(&h->urls);
    int rc = polis_buf_append(&h->text, "", 0);
    if (rc == 0)
        rc = ix_xmlsafe_walk(n, text_enter, text_leave, h) != 0 ? -1 : 0;
    if (rc != 0) {
        snprintf(h->err, h->errlen, "out of memory");
        return -1;
    }
    span_t t = { h->text.data, h->text.len };
    char year[5];
    int has_title = memchr(t.p, '*', t.n) || (t.n && memmem(t.p, t.n, LAQUO, strlen(LAQUO)));
    int has_year = ix_fields_find_year(t.p, t.n, year);
    int take = h->loose ? memchr(t.p, '*', t.n) && has_year : marked || has_title || has_year;
    if (!take || h->n >= IX_BIBLIO_MAX_ENTRIES)
        return 0;
    polis_doc_t ref;
    polis_doc_init(&ref);
    rc = ix_biblio_entry(h->page, ++h->n, t.p, t.n, (const char *const *)h->urls.v, h->urls.n, NULL,
                         &ref);
    if (rc != 0)
        snprintf(h->err, h->errlen, "out of memory");
    else
        rc = ix_sink_emit(h->sink, &ref, h->err, h->errlen);
    polis_doc_clear(&ref);
    return rc == 0 ? 0 : -1;
}

int ix_biblio_html_entries(const polis_doc_t *page, const xmlNode *content, const char *base,
                           ix_sink_t *sink, char *err, size_t errlen)
{
    char dummy[8];
    hent_t h;
    memset(&h, 0, sizeof h);
    h.page = page, h.base = base, h.sink = sink;
    h.err = err && errlen ? err : dummy;
    h.errlen = err && errlen ? errlen : sizeof dummy;
    int rc = ix_xmlsafe_walk(content, entry_enter, NULL, &h);
    if (rc == 0 && h.n == 0) {
        h.loose = 1; /* no list and no marked paragraph: any cited-looking paragraph */
        rc = ix_xmlsafe_walk(content, entry_enter, NULL, &h);
    }
    polis_buf_free(&h.text);
    polis_strv_clear(&h.urls);
    if (rc == -2)
        snprintf(h.err, h.errlen, "nesting deeper than 256 elements");
    return rc == 0 ? (int)h.n : -1;
}

int ix_biblio_html_page(polis_doc_t *page, const xmlNode *content, const char *base,
                        ix_sink_t *sink, char *err, size_t errlen)
{
    page->kind = POLIS_KIND_BIBLIOGRAPHY;
    int rc = ix_sink_emit(sink, page, err, errlen);
    if (rc == 0 && content)
        rc = ix_biblio_html_entries(page, content, base, sink, err, errlen) < 0 ? -1 : 0;
    return rc;
}
