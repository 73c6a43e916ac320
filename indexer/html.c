/* html.c — HTML pages through libxml2's HTML parser; see html.h. */
#include "html.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/uri.h>

#include "biblio.h"
#include "detect.h"
#include "frdate.h"
#include "md_url.h"
#include "oai.h"
#include "xmlsafe.h"

/* What the first walk, over the whole document, collects. */
typedef struct {
    char *title, *description, *keywords, *dc_title, *og_title, *dc_date, *published_time;
    char *modified_time, *canonical, *og_url, *base_href, *lang, *dc_language, *dc_type;
    char *source_note, *source_href; /* print pages: "URL de la source (modifié le …): <a>" */
    polis_strv_t dc_subjects, dc_creators;
    const xmlNode *h1;
    const xmlNode *main[4]; /* role="main", <main>, #content, <body>: first found wins */
    int furniture;          /* > 0 while inside navigation, footer... */
} meta_t;

/* The second walk, over the main content. */
typedef struct {
    polis_doc_t *doc;
    const polis_themes_t *themes;
    const meta_t *meta;
    const char *base;
    polis_buf_t body;
    const xmlNode *link; /* the <a> being read, or NULL */
    char *link_href;
    size_t link_start; /* where its text starts in body */
    char dates_field[POLIS_FRDATE_SIZE];
    char published_field[POLIS_FRDATE_SIZE];
} page_t;

/* ---- Furniture ------------------------------------------------------------------ */

static int token_is_furniture(const char *t, size_t n)
{
    static const char *const inside[] = { "cookie",
                                          "menu",
                                          "breadcrumb",
                                          "sidebar",
                                          "footer",
                                          "popup",
                                          "navigation",
                                          "navbar",
                                          "skip-link",
                                          "consent",
                                          "element-invisible",
                                          "element-hidden",
                                          "rdf-meta",
                                          "bandeau",
                                          "social",
                                          "share",
                                          "pager",
                                          "logo",
                                          "site_name",
                                          "site-name",
                                          "print-links",
                                          "print-hr",
                                          "source_url",
                                          NULL };
    static const char *const whole[] = {
        "nav", "header", "tabs", "links", "banner", "toolbar", NULL
    };
    char tok[64];
    if (n == 0 || n >= sizeof tok)
        return 0;
    for (size_t i = 0; i < n; i++)
        tok[i] = (char)((t[i] >= 'A' && t[i] <= 'Z') ? t[i] + 32 : t[i]);
    tok[n] = '\0';
    for (size_t i = 0; inside[i]; i++)
        if (strstr(tok, inside[i]))
            return 1;
    for (size_t i = 0; whole[i]; i++) {
        size_t w = strlen(whole[i]);
        /* "nav", "nav-main", "main-nav", "site-header" — not "canvas" or "headerless". */
        if (strncmp(tok, whole[i], w) == 0 && (tok[w] == '\0' || tok[w] == '-' || tok[w] == '_'))
            return 1;
        if (n > w && strcmp(tok + n - w, whole[i]) == 0 &&
            (tok[n - w - 1] == '-' || tok[n - w - 1] == '_'))
            return 1;
    }
    return 0;
}

static int attr_has_furniture(const xmlNode *el, const char *name)
{
    char *v = polis_xmlsafe_attr(el, name);
    int hit = 0;
    for (const char *p = v; p && *p && !hit;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        hit = token_is_furniture(p, n);
        p += n;
    }
    free(v);
    return hit;
}

int polis_html_is_boilerplate(const xmlNode *el)
{
    static const char *const names[] = { "nav",      "header", "footer", "script",   "style",
                                         "noscript", "form",   "aside",  "template", "iframe",
                                         "svg",      "button", "select", "textarea", "input",
                                         "label",    "object", "embed",  "canvas",   "dialog",
                                         "menu",     "head",   "audio",  "video",    "map",
                                         NULL };
    static const char *const roles[] = { "navigation", "banner",      "contentinfo",   "search",
                                         "dialog",     "alertdialog", "complementary", "menu",
                                         "menubar",    NULL };
    if (!el || el->type != XML_ELEMENT_NODE || !el->name)
        return 0;
    if (polis_xmlsafe_is(el, "html") || polis_xmlsafe_is(el, "body"))
        return 0;
    for (size_t i = 0; names[i]; i++)
        if (polis_xmlsafe_is(el, names[i]))
            return 1;
    char *role = polis_xmlsafe_attr(el, "role");
    int hit = 0;
    for (size_t i = 0; role && roles[i] && !hit; i++)
        hit = strcasecmp(role, roles[i]) == 0;
    free(role);
    return hit || attr_has_furniture(el, "class") || attr_has_furniture(el, "id");
}

static int has_class(const xmlNode *el, const char *cls)
{
    char *v = polis_xmlsafe_attr(el, "class");
    size_t n = strlen(cls);
    int hit = 0;
    for (const char *p = v; p && *p && !hit;) {
        while (*p == ' ')
            p++;
        size_t k = strcspn(p, " ");
        hit = k == n && strncmp(p, cls, n) == 0;
        p += k;
    }
    free(v);
    return hit;
}

/* ---- First walk: head, title, main content ------------------------------------- */

static int set_once(char **field, const xmlNode *el, const char *attr)
{
    if (*field)
        return 0;
    *field = polis_xmlsafe_attr(el, attr);
    return 0;
}

static int meta_tag(meta_t *m, const xmlNode *el)
{
    char *key = polis_xmlsafe_attr(el, "name");
    if (!key)
        key = polis_xmlsafe_attr(el, "property");
    char *content = key ? polis_xmlsafe_attr(el, "content") : NULL;
    int rc = 0;
    if (key && content && *content) {
        const char *k = key;
        int dc = strncasecmp(k, "dc.", 3) == 0 || strncasecmp(k, "dcterms.", 8) == 0;
        if (dc)
            k = strchr(k, '.') + 1;
        char **slot = NULL;
        if (!dc && strcasecmp(k, "description") == 0)
            slot = &m->description;
        else if (!dc && strcasecmp(k, "keywords") == 0)
            slot = &m->keywords;
        else if (!dc && strcasecmp(k, "og:title") == 0)
            slot = &m->og_title;
        else if (!dc && strcasecmp(k, "og:url") == 0)
            slot = &m->og_url;
        else if (!dc && strcasecmp(k, "article:published_time") == 0)
            slot = &m->published_time;
        else if (!dc && strcasecmp(k, "article:modified_time") == 0)
            slot = &m->modified_time;
        else if (dc && strcasecmp(k, "title") == 0)
            slot = &m->dc_title;
        else if (dc && (strcasecmp(k, "date") == 0 || strcasecmp(k, "issued") == 0))
            slot = &m->dc_date;
        else if (dc && strcasecmp(k, "language") == 0)
            slot = &m->dc_language;
        else if (dc && strcasecmp(k, "type") == 0)
            slot = &m->dc_type;
        else if (dc && strcasecmp(k, "subject") == 0)
            rc = polis_strv_push(&m->dc_subjects, content);
        else if (dc && strcasecmp(k, "creator") == 0)
            rc = polis_strv_push(&m->dc_creators, content);
        if (slot && !*slot) {
            *slot = content;
            content = NULL;
        }
    }
    free(key);
    free(content);
    return rc;
}

static int meta_enter(void *ctx, const xmlNode *n)
{
    meta_t *m = ctx;
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    int rc = 0;
    if (polis_xmlsafe_is(n, "meta")) {
        rc = meta_tag(m, n);
    } else if (polis_xmlsafe_is(n, "title") && !m->title) {
        m->title = polis_xmlsafe_node_strdup(n);
    } else if (polis_xmlsafe_is(n, "link")) {
        char *rel = polis_xmlsafe_attr(n, "rel");
        if (rel && strcasecmp(rel, "canonical") == 0)
            rc = set_once(&m->canonical, n, "href");
        free(rel);
    } else if (polis_xmlsafe_is(n, "base")) {
        rc = set_once(&m->base_href, n, "href");
    } else if (polis_xmlsafe_is(n, "html")) {
        rc = set_once(&m->lang, n, "lang");
        if (rc == 0)
            rc = set_once(&m->lang, n, "xml:lang");
    }
    char *cls = rc == 0 ? polis_xmlsafe_attr(n, "class") : NULL;
    if (cls && strstr(cls, "source_url") && !m->source_note) {
        m->source_note = polis_xmlsafe_node_strdup(n);
        for (const xmlNode *a = n->children; a && !m->source_href; a = a->next)
            if (polis_xmlsafe_is(a, "a"))
                m->source_href = polis_xmlsafe_attr(a, "href");
    }
    free(cls);
    if (polis_html_is_boilerplate(n)) {
        m->furniture++;
    } else if (!m->furniture) {
        char *role = polis_xmlsafe_attr(n, "role"), *id = polis_xmlsafe_attr(n, "id");
        int slot = role && strcasecmp(role, "main") == 0 ? 0
                   : polis_xmlsafe_is(n, "main")         ? 1
                   : id && strcmp(id, "content") == 0    ? 2
                   : polis_xmlsafe_is(n, "body")         ? 3
                                                         : -1;
        if (slot >= 0 && !m->main[slot])
            m->main[slot] = n;
        if (!m->h1 && polis_xmlsafe_is(n, "h1"))
            m->h1 = n;
        free(role);
        free(id);
    }
    return rc < 0 ? -1 : 1;
}

static int meta_leave(void *ctx, const xmlNode *n)
{
    meta_t *m = ctx;
    if (n->type == XML_ELEMENT_NODE && polis_html_is_boilerplate(n))
        m->furniture--;
    return 0;
}

static void meta_free(meta_t *m)
{
    char **strs[] = { &m->title,       &m->description, &m->keywords,       &m->dc_title,
                      &m->og_title,    &m->dc_date,     &m->published_time, &m->modified_time,
                      &m->canonical,   &m->og_url,      &m->base_href,      &m->lang,
                      &m->dc_language, &m->dc_type,     &m->source_note,    &m->source_href };
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        free(*strs[i]);
    polis_strv_clear(&m->dc_subjects);
    polis_strv_clear(&m->dc_creators);
}

/* ---- Second walk: text, links, labelled fields ----------------------------------- */

static int is_block(const xmlNode *n)
{
    static const char *const blocks[] = {
        "p",  "div", "li",      "ul",     "ol",         "h1",      "h2",      "h3",   "h4",
        "h5", "h6",  "table",   "tr",     "blockquote", "section", "article", "dl",   "dt",
        "dd", "pre", "address", "figure", "figcaption", "br",      "hr",      "main", NULL
    };
    for (size_t i = 0; blocks[i]; i++)
        if (polis_xmlsafe_is(n, blocks[i]))
            return 1;
    return 0;
}

/* Printer-friendly pages put " [3]" after each link, pointing at their
 * list of URLs: noise in text, labels and link texts. */
static size_t strip_footnotes(char *s, size_t len)
{
    size_t w = 0;
    for (size_t r = 0; r < len;) {
        if (s[r] == ' ' && r + 2 < len && s[r + 1] == '[') {
            size_t d = r + 2;
            while (d < len && d - r - 2 < 4 && s[d] >= '0' && s[d] <= '9')
                d++;
            if (d > r + 2 && d < len && s[d] == ']') {
                r = d + 1;
                continue;
            }
        }
        s[w++] = s[r++];
    }
    if (w < len)
        s[w] = '\0';
    return w;
}

static int para_break(polis_buf_t *b)
{
    polis_xmlsafe_rtrim(b);
    return b->len ? polis_buf_append(b, "\n\n", 2) : 0;
}

char *polis_html_resolve(const char *base, const char *href)
{
    if (!href)
        return NULL;
    xmlChar *abs = base ? xmlBuildURI((const xmlChar *)href, (const xmlChar *)base) : NULL;
    char *out = strdup(abs ? (const char *)abs : href);
    xmlFree(abs);
    return out;
}

static int useful_href(const char *href)
{
    return href && *href && href[0] != '#' && strncasecmp(href, "javascript:", 11) != 0 &&
           strncasecmp(href, "mailto:", 7) != 0;
}

static int add_link(page_t *p, const char *text, const char *href)
{
    if (!useful_href(href))
        return 0;
    char *url = polis_html_resolve(p->base, href);
    char *clean = NULL;
    int rc = url ? polis_xmlsafe_set(&clean, text ? text : "", (size_t)-1) : -1;
    if (clean)
        strip_footnotes(clean, strlen(clean));
    if (rc == 0)
        rc = polis_doc_add_link(p->doc, clean, url);
    free(url);
    free(clean);
    return rc;
}

/* A date written in a field: the whole text, else the first date in it. */
static void field_date(const char *text, char out[POLIS_FRDATE_SIZE])
{
    char tmp[POLIS_FRDATE_SIZE];
    if (polis_frdate_parse(text, strlen(text), tmp) != 0 &&
        polis_frdate_find(text, strlen(text), tmp) != 0)
        return;
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

static int field_link(page_t *p, const xmlNode *a)
{
    char *href = polis_xmlsafe_attr(a, "href"), *t = polis_xmlsafe_node_strdup(a);
    int rc = t ? add_link(p, t, href) : -1;
    free(href);
    free(t);
    return rc;
}

static int field_link_enter(void *ctx, const xmlNode *n)
{
    if (!polis_xmlsafe_is(n, "a"))
        return 1;
    return field_link(ctx, n) != 0 ? -1 : 0;
}

static int field_item(page_t *p, const char *label, const xmlNode *item, polis_buf_t *joined)
{
    char *text = polis_xmlsafe_node_strdup(item);
    if (!text)
        return -1;
    strip_footnotes(text, strlen(text));
    int rc = 0;
    if (!*text) {
        /* empty item */
    } else if (strcmp(label, "thematiques") == 0 || strcmp(label, "thematique") == 0 ||
               strcmp(label, "themes") == 0) {
        rc = polis_oai_add_subject(p->doc, p->themes, text);
    } else if (strncmp(label, "type", 4) == 0) {
        if (!p->doc->site_type)
            rc = polis_str_set(&p->doc->site_type, text, (size_t)-1);
    } else if (strcmp(label, "dates") == 0 || strcmp(label, "date") == 0) {
        if (!p->dates_field[0])
            field_date(text, p->dates_field);
    } else if (strcmp(label, "publie-le") == 0 || strcmp(label, "publiee-le") == 0 ||
               strcmp(label, "mis-en-ligne-le") == 0) {
        if (!p->published_field[0])
            field_date(text, p->published_field);
    } else {
        if (strcmp(label, "lieu") == 0 || strcmp(label, "lieux") == 0) {
            const char *comma = strrchr(text, ',');
            rc = polis_xmlsafe_push(&p->doc->places, comma ? comma + 1 : text, (size_t)-1);
        }
        if (rc == 0)
            rc = polis_buf_printf(joined, "%s%s", joined->len ? ", " : "", text);
    }
    /* The links of a field (theme and type pages) are links of the page. */
    if (rc == 0)
        rc = polis_xmlsafe_is(item, "a") ? field_link(p, item)
                                         : polis_xmlsafe_walk(item, field_link_enter, NULL, p);
    free(text);
    return rc;
}

static int labelled_field(page_t *p, const xmlNode *field, const xmlNode *label_el)
{
    char *label = polis_xmlsafe_node_strdup(label_el);
    polis_buf_t slug = { 0 }, joined = { 0 };
    int rc = label ? polis_text_slug(label, strlen(label), &slug) : -1;
    const char *key = slug.data ? slug.data : "";
    for (const xmlNode *c = field->children; rc == 0 && c; c = c->next) {
        if (c == label_el || c->type != XML_ELEMENT_NODE)
            continue;
        int items = 0;
        for (const xmlNode *i = c->children; rc == 0 && i; i = i->next)
            if (i->type == XML_ELEMENT_NODE && has_class(i, "field-item")) {
                rc = field_item(p, key, i, &joined);
                items++;
            }
        if (rc == 0 && !items)
            rc = field_item(p, key, c, &joined);
    }
    if (rc == 0 && joined.len) {
        /* An unknown field stays readable in the body: "Lieu : Quai de l'innovation". */
        size_t n = strlen(label);
        while (n && (label[n - 1] == ':' || label[n - 1] == ' '))
            n--;
        rc = para_break(&p->body);
        if (rc == 0)
            rc = polis_buf_printf(&p->body, "%.*s : %s", (int)n, label, joined.data);
        if (rc == 0)
            rc = para_break(&p->body);
    }
    free(label);
    polis_buf_free(&slug);
    polis_buf_free(&joined);
    return rc;
}

static const xmlNode *field_label_of(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && has_class(c, "field-label"))
            return c;
    return NULL;
}

static int page_enter(void *ctx, const xmlNode *n)
{
    page_t *p = ctx;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        const char *c = (const char *)n->content;
        return c && polis_xmlsafe_append_clean(&p->body, c, strlen(c)) != 0 ? -1 : 1;
    }
    if (n->type != XML_ELEMENT_NODE || polis_html_is_boilerplate(n) || n == p->meta->h1)
        return 0;
    const xmlNode *label = field_label_of(n);
    if (label)
        return labelled_field(p, n, label) != 0 ? -1 : 0;
    if (is_block(n) && para_break(&p->body) != 0)
        return -1;
    if (polis_xmlsafe_is(n, "a") && !p->link) {
        p->link = n;
        p->link_href = polis_xmlsafe_attr(n, "href");
        p->link_start = p->body.len;
    }
    return 1;
}

static int page_leave(void *ctx, const xmlNode *n)
{
    page_t *p = ctx;
    int rc = 0;
    if (n == p->link) {
        const char *text = p->body.data ? p->body.data + p->link_start : "";
        rc = add_link(p, text, p->link_href);
        free(p->link_href);
        p->link_href = NULL;
        p->link = NULL;
    }
    if (rc == 0 && n->type == XML_ELEMENT_NODE && is_block(n))
        rc = para_break(&p->body);
    return rc;
}

/* ---- The page ------------------------------------------------------------------ */

polis_kind_t polis_html_kind(const char *url, const char *title, const char *relpath)
{
    polis_buf_t seg = { 0 }, t = { 0 };
    size_t n = 0;
    const char *s = url ? polis_md_url_segment(url, &n) : NULL;
    if (!s && relpath) {
        const char *slash = strrchr(relpath, '/');
        s = slash ? slash + 1 : relpath;
        n = strlen(s);
    }
    int rc = s ? polis_md_segment_id(s, n, &seg) : 0;
    if (rc == 0 && title)
        rc = polis_text_slug(title, strlen(title), &t);
    const char *sd = seg.data ? seg.data : "", *td = t.data ? t.data : "";
    polis_kind_t kind = POLIS_KIND_NEWS;
    if (strncasecmp(sd, "retour-sur", 10) == 0 || strncmp(td, "retour-sur", 10) == 0)
        kind = POLIS_KIND_RECAP;
    else if ((url && strcasestr(url, "bibliographie")) || strncmp(td, "bibliographie", 13) == 0 ||
             (!url && relpath && strcasestr(relpath, "bibliographie")))
        kind = POLIS_KIND_BIBLIOGRAPHY;
    else if (url && strstr(url, "/action/"))
        kind = POLIS_KIND_PAGE;
    polis_buf_free(&seg);
    polis_buf_free(&t);
    return kind;
}

/* " | IREV": the site's name after the page's in <title>. */
static size_t without_site_suffix(const char *t)
{
    const char *bar = NULL;
    for (const char *p = strstr(t, " | "); p; p = strstr(p + 1, " | "))
        bar = p;
    return bar && bar > t ? (size_t)(bar - t) : strlen(t);
}

static int assemble(page_t *p, const meta_t *m, const char *relpath)
{
    polis_doc_t *doc = p->doc;
    polis_buf_t id = { 0 };
    int rc = 0;
    const char *url = m->canonical && *m->canonical ? m->canonical
                      : m->og_url && *m->og_url     ? m->og_url
                                                    : m->source_href;
    if (url && *url)
        rc = polis_str_set(&doc->url, url, (size_t)-1);
    /* Title: <h1>, <title> without the site, Dublin Core, Open Graph, the URL. */
    char *h1 = m->h1 ? polis_xmlsafe_node_strdup(m->h1) : NULL;
    if (rc == 0 && h1 && *h1)
        rc = polis_str_set(&doc->title, h1, (size_t)-1);
    free(h1);
    if (rc == 0 && !doc->title && m->title && *m->title)
        rc = polis_xmlsafe_set(&doc->title, m->title, without_site_suffix(m->title));
    if (rc == 0 && !doc->title && (m->dc_title || m->og_title))
        rc = polis_xmlsafe_set(&doc->title, m->dc_title ? m->dc_title : m->og_title, (size_t)-1);
    size_t seglen = 0;
    const char *seg = doc->url ? polis_md_url_segment(doc->url, &seglen) : NULL;
    if (rc == 0 && seg)
        rc = polis_md_segment_id(seg, seglen, &id);
    if (rc == 0 && !id.len)
        rc = polis_md_path_id(relpath ? relpath : "page.html", &id);
    if (rc == 0)
        rc = polis_str_set(&doc->id, id.data, id.len);
    polis_buf_free(&id);
    doc->kind = polis_html_kind(doc->url, doc->title, relpath);

    /* Dates: the fields the page shows win over its metadata. */
    if (p->published_field[0])
        memcpy(doc->published, p->published_field, sizeof doc->published);
    (void)polis_oai_set_date(doc, m->published_time); /* no date is no error */
    (void)polis_oai_set_date(doc, m->dc_date);        /* no date is no error */
    if (!doc->published[0] && p->dates_field[0])
        memcpy(doc->published, p->dates_field, sizeof doc->published);
    if (!p->body.len || polis_frdate_find(p->body.data, p->body.len, doc->event_date) != 0)
        memcpy(doc->event_date, p->dates_field, sizeof doc->event_date);
    const char *mt = m->modified_time;
    const char *note = m->source_note ? strstr(m->source_note, "modifié le") : NULL;
    if (mt && strlen(mt) >= 16 && mt[10] == 'T' && mt[13] == ':') {
        memcpy(doc->modified, mt, 16);
        doc->modified[16] = '\0';
    } else if (note) { /* "(modifié le 25/05/2012 - 10:03):" */
        note += strlen("modifié le");
        size_t n = strcspn(note, ")");
        if (polis_frdate_parse(note, n, doc->modified) != 0)
            doc->modified[0] = '\0';
    }
    if (rc == 0 && m->description)
        rc = polis_xmlsafe_set(&doc->summary, m->description, (size_t)-1);
    /* Keywords that name a theme are themes; "a, b; c" lists are split. */
    for (const char *k = m->keywords; rc == 0 && k && *k;) {
        size_t n = strcspn(k, ",;");
        char *one = strndup(k, n);
        rc = one ? polis_oai_add_subject(doc, p->themes, one) : -1;
        free(one);
        k += n + (k[n] ? 1 : 0);
    }
    for (size_t i = 0; rc == 0 && i < m->dc_subjects.n; i++)
        rc = polis_oai_add_subject(doc, p->themes, m->dc_subjects.v[i]);
    for (size_t i = 0; rc == 0 && i < m->dc_creators.n; i++)
        rc = polis_xmlsafe_push(&doc->authors, m->dc_creators.v[i], (size_t)-1);
    const char *lang = m->dc_language ? m->dc_language : m->lang;
    if (rc == 0)
        rc = lang && *lang ? polis_xmlsafe_language(&doc->language, lang)
                           : polis_str_set(&doc->language, "fr", 2);
    if (rc == 0 && !doc->site_type && m->dc_type)
        rc = polis_xmlsafe_set(&doc->site_type, m->dc_type, (size_t)-1);
    if (rc == 0 && relpath)
        rc = polis_str_set(&doc->source_path, relpath, (size_t)-1);
    if (p->body.len)
        p->body.len = strip_footnotes(p->body.data, p->body.len);
    polis_xmlsafe_rtrim(&p->body);
    if (rc == 0 && p->body.len)
        rc = polis_str_set(&doc->body, p->body.data, p->body.len);
    return rc;
}

static int fail(char *err, size_t errlen, const char *msg)
{
    snprintf(err, errlen, "%s", msg);
    return -1;
}

int polis_html_parse(const char *relpath, const char *buf, size_t len, const polis_themes_t *themes,
                     polis_sink_t *sink, char *err, size_t errlen)
{
    char dummy[8], charset[48];
    if (!err || !errlen)
        err = dummy, errlen = sizeof dummy;
    err[0] = '\0';
    if (!buf || len == 0)
        return fail(err, errlen, "empty file");
    if (len > INT_MAX)
        return fail(err, errlen, "file too large");
    polis_xmlsafe_init();
    const char *enc = polis_detect_charset(buf, len, charset, sizeof charset);
    int opts = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER;
    htmlDocPtr hd = htmlReadMemory(buf, (int)len, NULL, enc, opts);
    if (!hd && enc) /* an encoding iconv does not know: let libxml2 guess */
        hd = htmlReadMemory(buf, (int)len, NULL, NULL, opts);
    if (!hd || !xmlDocGetRootElement(hd)) {
        xmlFreeDoc(hd);
        return fail(err, errlen, "no recognisable content: no title, no text");
    }
    meta_t m;
    memset(&m, 0, sizeof m);
    polis_doc_t doc;
    polis_doc_init(&doc);
    page_t p;
    memset(&p, 0, sizeof p);
    p.doc = &doc, p.themes = themes, p.meta = &m;
    char *base = NULL;
    int rc = polis_xmlsafe_walk((const xmlNode *)hd, meta_enter, meta_leave, &m);
    if (rc == -2) {
        fail(err, errlen, "nesting deeper than 256 elements");
    } else if (rc != 0) {
        fail(err, errlen, "out of memory");
    } else {
        const char *url = m.canonical ? m.canonical : m.og_url ? m.og_url : m.source_href;
        base = m.base_href ? polis_html_resolve(url, m.base_href) : url ? strdup(url) : NULL;
        p.base = base;
        const xmlNode *main = NULL;
        for (size_t i = 0; i < 4 && !main; i++)
            main = m.main[i];
        rc = main ? polis_xmlsafe_walk(main, page_enter, page_leave, &p) : 0;
        if (rc == 0)
            rc = assemble(&p, &m, relpath);
        if (rc != 0)
            fail(err, errlen, "out of memory");
        else if (!doc.title && !doc.body)
            rc = fail(err, errlen, "no recognisable content: no title, no text");
        if (rc == 0)
            rc = polis_xmlsafe_emit(sink, &doc, err, errlen);
        if (rc == 0 && doc.kind == POLIS_KIND_BIBLIOGRAPHY && main)
            rc = polis_biblio_html_entries(&doc, main, base, sink, err, errlen) < 0 ? -1 : 0;
    }
    free(p.link_href);
    polis_buf_free(&p.body);
    free(base);
    polis_doc_clear(&doc);
    meta_free(&m);
    xmlFreeDoc(hd);
    return rc == 0 ? 0 : -1;
}
