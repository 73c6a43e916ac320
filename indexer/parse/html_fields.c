/* indexer/html_fields.c — the second walk over an HTML page: the text and
 * links of its main content, and the labelled fields of Drupal 7 ("div.
 * field-label" + "field-items") and Drupal 8+ ("field__label" +
 * "field__item"), hidden labels read from the field's class name.  See
 * html_int.h. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/html_dom.h"
#include "parse/fields.h"
#include "parse/html_int.h"
#include "xml/xmlsafe.h"

static int is_block(const xmlNode *n)
{
    static const char *const blocks[] = {
        "p",  "div", "li",      "ul",     "ol",         "h1",      "h2",      "h3",   "h4",
        "h5", "h6",  "table",   "tr",     "blockquote", "section", "article", "dl",   "dt",
        "dd", "pre", "address", "figure", "figcaption", "br",      "hr",      "main", NULL
    };
    for (size_t i = 0; blocks[i]; i++)
        if (ix_xmlsafe_is(n, blocks[i]))
            return 1;
    return 0;
}

/* Printer-friendly pages put " [3]" after each link, pointing at their
 * list of URLs: noise in text, labels and link texts. */
size_t ix_html_strip_footnotes(char *s, size_t len)
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
    ix_xmlsafe_rtrim(b);
    return b->len ? polis_buf_append(b, "\n\n", 2) : 0;
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
    char *url = ix_dom_resolve(p->base, href);
    char *clean = NULL;
    int rc = url ? ix_xmlsafe_set(&clean, text ? text : "", (size_t)-1) : -1;
    if (clean)
        ix_html_strip_footnotes(clean, strlen(clean));
    if (rc == 0)
        rc = polis_doc_add_link(p->doc, clean, url);
    free(url);
    free(clean);
    return rc;
}

/* A date written in a field: the whole text, else the first date in it. */
static void field_date(const char *text, char out[IX_FRDATE_SIZE])
{
    char tmp[IX_FRDATE_SIZE];
    if (ix_frdate_parse(text, strlen(text), tmp) != 0 &&
        ix_frdate_find(text, strlen(text), tmp) != 0)
        return;
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

static int field_link(page_t *p, const xmlNode *a)
{
    char *href = ix_xmlsafe_attr(a, "href"), *t = ix_xmlsafe_node_strdup(a);
    int rc = t ? add_link(p, t, href) : -1;
    free(href);
    free(t);
    return rc;
}

static int field_link_enter(void *ctx, const xmlNode *n)
{
    if (!ix_xmlsafe_is(n, "a"))
        return 1;
    return field_link(ctx, n) != 0 ? -1 : 0;
}

/* What a field's label (slugged) or a hidden label's class name says it
 * holds. */
typedef enum { K_OTHER, K_THEMES, K_TYPE, K_EVENT, K_PUBLISHED, K_MODIFIED, K_PLACE } field_key_t;

static field_key_t key_of(const char *k)
{
    static const struct {
        const char *slug;
        field_key_t key;
    } keys[] = {
        { "thematiques", K_THEMES },
        { "thematique", K_THEMES },
        { "themes", K_THEMES },
        { "theme", K_THEMES },
        { "tags", K_THEMES },
        { "etiquettes", K_THEMES },
        { "mots-cles", K_THEMES },
        { "dates", K_EVENT },
        { "date", K_EVENT },
        { "date-de-l-evenement", K_EVENT },
        { "publie-le", K_PUBLISHED },
        { "publiee-le", K_PUBLISHED },
        { "mis-en-ligne-le", K_PUBLISHED },
        { "date-de-publication", K_PUBLISHED },
        { "date-publication", K_PUBLISHED },
        { "date-de-parution", K_PUBLISHED },
        { "date-parution", K_PUBLISHED },
        { "created", K_PUBLISHED },
        { "post-date", K_PUBLISHED },
        { "mis-a-jour-le", K_MODIFIED },
        { "modifie-le", K_MODIFIED },
        { "changed", K_MODIFIED },
        { "lieu", K_PLACE },
        { "lieux", K_PLACE },
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(k, keys[i].slug) == 0)
            return keys[i].key;
    return strncmp(k, "type", 4) == 0 ? K_TYPE : K_OTHER;
}

/* A date written in a field: its text, else its <time datetime>. */
static void item_date(const char *text, const xmlNode *item, char out[IX_FRDATE_SIZE])
{
    if (out[0])
        return;
    field_date(text, out);
    for (const xmlNode *t = item; !out[0] && t; t = t->children) {
        if (t->type != XML_ELEMENT_NODE || !ix_xmlsafe_is(t, "time"))
            continue;
        char *dt = ix_xmlsafe_attr(t, "datetime");
        char day[IX_ISODATE_SIZE];
        if (dt && ix_isodate_paris(dt, 0, day) == 0)
            memcpy(out, day, 11);
        free(dt);
    }
}

static int field_item(page_t *p, const char *label, const xmlNode *item, polis_buf_t *joined)
{
    char *text = ix_xmlsafe_node_strdup(item);
    if (!text)
        return -1;
    ix_html_strip_footnotes(text, strlen(text));
    int rc = 0;
    field_key_t key = key_of(label);
    if (!*text) {
        /* empty item */
    } else if (key == K_THEMES) {
        rc = ix_fields_add_subject(p->doc, text, NULL);
    } else if (key == K_TYPE) {
        p->typed = 1;
        if (!p->doc->site_type)
            rc = polis_str_set(&p->doc->site_type, text, (size_t)-1);
    } else if (key == K_EVENT) {
        item_date(text, item, p->dates_field);
    } else if (key == K_PUBLISHED) {
        item_date(text, item, p->published_field);
    } else if (key == K_MODIFIED) {
        item_date(text, item, p->modified_field);
    } else {
        if (key == K_PLACE) {
            const char *comma = strrchr(text, ',');
            rc = ix_xmlsafe_push(&p->doc->places, comma ? comma + 1 : text, (size_t)-1);
        }
        if (rc == 0)
            rc = polis_buf_printf(joined, "%s%s", joined->len ? ", " : "", text);
    }
    /* The links of a field (theme and type pages) are links of the page. */
    if (rc == 0)
        rc = ix_xmlsafe_is(item, "a") ? field_link(p, item)
                                      : ix_xmlsafe_walk(item, field_link_enter, NULL, p);
    free(text);
    return rc;
}

static int is_item(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE &&
           (ix_dom_has_class(n, "field-item") || ix_dom_has_class(n, "field__item"));
}

/* A labelled field: label_el is its label element, or NULL when the label
 * is hidden and key comes from the field's class name. */
static int labelled_field(page_t *p, const xmlNode *field, const xmlNode *label_el,
                          const char *key_name)
{
    char *label = label_el ? ix_xmlsafe_node_strdup(label_el) : strdup(key_name);
    polis_buf_t slug = { 0 }, joined = { 0 };
    int rc = label ? polis_text_slug(label, strlen(label), &slug) : -1;
    const char *key = slug.data ? slug.data : "";
    for (const xmlNode *c = field->children; rc == 0 && c; c = c->next) {
        if (c == label_el || c->type != XML_ELEMENT_NODE)
            continue;
        if (is_item(c)) {
            rc = field_item(p, key, c, &joined);
            continue;
        }
        int items = 0;
        for (const xmlNode *i = c->children; rc == 0 && i; i = i->next)
            if (is_item(i)) {
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
        if (c->type == XML_ELEMENT_NODE &&
            (ix_dom_has_class(c, "field-label") || ix_dom_has_class(c, "field__label")))
            return c;
    return NULL;
}

/* A Drupal field with a hidden label, named by its class
 * ("field-name-field-thematiques", "field--name-field-thematiques"): its
 * name when it is one read as a field, else NULL.  malloc()ed. */
static char *hidden_field(const xmlNode *n)
{
    static const char *const prefixes[] = { "field--name-field-", "field-name-field-",
                                            "field--name-", "field-name-", NULL };
    for (size_t i = 0; prefixes[i]; i++) {
        char *name = ix_dom_class_after(n, prefixes[i]);
        if (!name)
            continue;
        polis_buf_t slug = { 0 };
        int known = polis_text_slug(name, strlen(name), &slug) == 0 && slug.data &&
                    key_of(slug.data) != K_OTHER;
        polis_buf_free(&slug);
        if (known)
            return name;
        free(name);
    }
    return NULL;
}

static int page_enter(void *ctx, const xmlNode *n)
{
    page_t *p = ctx;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        const char *c = (const char *)n->content;
        return c && ix_xmlsafe_append_clean(&p->body, c, strlen(c)) != 0 ? -1 : 1;
    }
    if (n->type != XML_ELEMENT_NODE || ix_dom_is_furniture(n) || n == p->meta->h1)
        return 0;
    const xmlNode *label = field_label_of(n);
    if (label)
        return labelled_field(p, n, label, NULL) != 0 ? -1 : 0;
    char *hidden = hidden_field(n);
    if (hidden) {
        int rc = labelled_field(p, n, NULL, hidden);
        free(hidden);
        return rc != 0 ? -1 : 0;
    }
    if (is_block(n) && para_break(&p->body) != 0)
        return -1;
    if (ix_xmlsafe_is(n, "a") && !p->link) {
        p->link = n;
        p->link_href = ix_xmlsafe_attr(n, "href");
        p->link_start = p->body.len;
    }
    return 1;
}

/* A paragraph of its own that says when the page came out ("Publié le 12
 * octobre 2020", "Mis en ligne le …"): the last one of the body. */
static void published_paragraph(page_t *p)
{
    if (p->published_field[0] || !p->body.len)
        return;
    size_t end = p->body.len, start = end;
    while (start > 0 && !(p->body.data[start - 1] == '\n'))
        start--;
    ix_frdate_published(p->body.data + start, end - start, p->published_field);
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
    if (rc == 0 && n->type == XML_ELEMENT_NODE && is_block(n)) {
        ix_xmlsafe_rtrim(&p->body);
        published_paragraph(p);
        rc = para_break(&p->body);
    }
    return rc;
}

int ix_html_fields_read(page_t *p, const xmlNode *main)
{
    return ix_xmlsafe_walk(main, page_enter, page_leave, p);
}
