/* indexer/html_micro.c — what an article says of itself in the markup
 * other CMSs use: rel="tag" links (WordPress tags and categories, SPIP
 * keywords), microdata (itemprop keywords, headline, datePublished,
 * dateModified: Joomla, schema.org themes), hAtom (time/abbr class
 * "published", "updated") and RDFa (property dc:date, dc:created: Drupal 7).
 * Read in the article only, its own header and footer included, so that a
 * tag cloud or a list of other posts beside it does not count.  See
 * html_int.h. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/html_dom.h"
#include "parse/html_int.h"
#include "xml/xmlsafe.h"

/* Elements beside the article, never about it. */
static int aside(const xmlNode *n)
{
    static const char *const names[] = { "nav",  "aside",    "script",   "style",
                                         "form", "noscript", "template", NULL };
    static const char *const classes[] = { "widget",  "sidebar",  "share",    "social",
                                           "comment", "comments", "related",  "breadcrumb",
                                           "menu",    "pager",    "tagcloud", NULL };
    for (size_t i = 0; names[i]; i++)
        if (ix_xmlsafe_is(n, names[i]))
            return 1;
    for (size_t i = 0; classes[i]; i++)
        if (ix_dom_has_token(n, "class", classes[i]))
            return 1;
    return 0;
}

/* An instant from an attribute, as a Paris date (and time). */
static void instant(const xmlNode *n, const char *attr, char out[IX_ISODATE_SIZE])
{
    if (out[0])
        return;
    char *v = ix_xmlsafe_attr(n, attr);
    if (v && ix_isodate_paris(v, 0, out) != 0)
        out[0] = '\0';
    free(v);
}

static int add_tags(micro_t *mi, const char *text)
{
    int rc = 0;
    for (const char *p = text; rc == 0 && p && *p;) {
        size_t n = strcspn(p, ",;");
        char *one = NULL;
        rc = ix_xmlsafe_set(&one, p, n);
        if (rc == 0 && one && *one)
            rc = polis_strv_push(&mi->tags, one);
        free(one);
        p += n + (p[n] ? 1 : 0);
    }
    return rc;
}

static int micro_enter(void *ctx, const xmlNode *n)
{
    micro_t *mi = ctx;
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    if (aside(n))
        return 0;
    int rc = 0;
    if (ix_xmlsafe_is(n, "a") && ix_dom_has_token(n, "rel", "tag")) {
        char *t = ix_xmlsafe_node_strdup(n);
        rc = t ? add_tags(mi, t) : -1;
        free(t);
    } else if (ix_dom_has_token(n, "itemprop", "keywords")) {
        char *t =
            ix_xmlsafe_is(n, "meta") ? ix_xmlsafe_attr(n, "content") : ix_xmlsafe_node_strdup(n);
        if (t)
            rc = add_tags(mi, t);
        free(t);
    }
    if (!mi->headline && (ix_dom_has_token(n, "itemprop", "headline") || ix_xmlsafe_is(n, "h1")))
        mi->headline = n;
    if (ix_dom_has_token(n, "class", "published") ||
        ix_dom_has_token(n, "itemprop", "datePublished")) {
        instant(n, "datetime", mi->published);
        instant(n, "title", mi->published);
        instant(n, "content", mi->published);
    }
    if (ix_dom_has_token(n, "property", "dc:date") ||
        ix_dom_has_token(n, "property", "dc:created") ||
        ix_dom_has_token(n, "property", "dcterms:created"))
        instant(n, "content", mi->published);
    if (ix_dom_has_token(n, "class", "updated") ||
        ix_dom_has_token(n, "itemprop", "dateModified")) {
        instant(n, "datetime", mi->modified);
        instant(n, "content", mi->modified);
    }
    return rc != 0 ? -1 : 1;
}

/* The article under root: its first <article>, else root itself. */
static int find_article(void *ctx, const xmlNode *n)
{
    const xmlNode **found = ctx;
    if (*found || n->type != XML_ELEMENT_NODE)
        return 0;
    if (ix_xmlsafe_is(n, "article") ||
        ix_dom_has_token(n, "itemtype", "https://schema.org/Article") ||
        ix_dom_has_token(n, "itemtype", "http://schema.org/Article")) {
        *found = n;
        return 0;
    }
    return aside(n) ? 0 : 1;
}

int ix_html_micro_read(const xmlNode *root, micro_t *mi)
{
    memset(mi, 0, sizeof *mi);
    if (!root)
        return 0;
    const xmlNode *article = NULL;
    if (ix_xmlsafe_walk(root, find_article, NULL, &article) == -1)
        return -1;
    int rc = ix_xmlsafe_walk(article ? article : root, micro_enter, NULL, mi);
    return rc == -1 ? -1 : 0;
}

void ix_html_micro_free(micro_t *mi)
{
    polis_strv_clear(&mi->tags);
}
