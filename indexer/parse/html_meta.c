/* indexer/html_meta.c — the first walk over an HTML page: its <head>
 * metadata (meta, link rel=canonical, <base>, <title>), its main content
 * element and its <h1>.  See html_int.h. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/html_dom.h"
#include "parse/html_int.h"
#include "xml/xmlsafe.h"

static int set_once(char **field, const xmlNode *el, const char *attr)
{
    if (*field)
        return 0;
    *field = ix_xmlsafe_attr(el, attr);
    return 0;
}

static int meta_tag(meta_t *m, const xmlNode *el)
{
    char *key = ix_xmlsafe_attr(el, "name");
    if (!key)
        key = ix_xmlsafe_attr(el, "property");
    char *content = key ? ix_xmlsafe_attr(el, "content") : NULL;
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
        else if (!dc && strcasecmp(k, "og:site_name") == 0)
            slot = &m->site_name;
        else if (!dc && strcasecmp(k, "article:published_time") == 0)
            slot = &m->published_time;
        else if (!dc && strcasecmp(k, "article:modified_time") == 0)
            slot = &m->modified_time;
        else if (dc && strcasecmp(k, "title") == 0)
            slot = &m->dc_title;
        else if (dc && (strcasecmp(k, "date") == 0 || strcasecmp(k, "issued") == 0 ||
                        strcasecmp(k, "created") == 0))
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
    if (ix_xmlsafe_is(n, "meta")) {
        rc = meta_tag(m, n);
    } else if (ix_xmlsafe_is(n, "title") && !m->title) {
        m->title = ix_xmlsafe_node_strdup(n);
    } else if (ix_xmlsafe_is(n, "link")) {
        char *rel = ix_xmlsafe_attr(n, "rel");
        if (rel && strcasecmp(rel, "canonical") == 0)
            rc = set_once(&m->canonical, n, "href");
        free(rel);
    } else if (ix_xmlsafe_is(n, "base")) {
        rc = set_once(&m->base_href, n, "href");
    } else if (ix_xmlsafe_is(n, "html")) {
        rc = set_once(&m->lang, n, "lang");
        if (rc == 0)
            rc = set_once(&m->lang, n, "xml:lang");
    }
    char *cls = rc == 0 ? ix_xmlsafe_attr(n, "class") : NULL;
    if (cls && strstr(cls, "source_url") && !m->source_note) {
        m->source_note = ix_xmlsafe_node_strdup(n);
        for (const xmlNode *a = n->children; a && !m->source_href; a = a->next)
            if (ix_xmlsafe_is(a, "a"))
                m->source_href = ix_xmlsafe_attr(a, "href");
    }
    free(cls);
    if (ix_dom_is_furniture(n)) {
        m->furniture++;
    } else if (!m->furniture) {
        char *role = ix_xmlsafe_attr(n, "role"), *id = ix_xmlsafe_attr(n, "id");
        int slot = role && strcasecmp(role, "main") == 0 ? 0
                   : ix_xmlsafe_is(n, "main")            ? 1
                   : id && strcmp(id, "content") == 0    ? 2
                   : ix_xmlsafe_is(n, "body")            ? 3
                                                         : -1;
        if (slot >= 0 && !m->main[slot])
            m->main[slot] = n;
        if (!m->h1 && ix_xmlsafe_is(n, "h1"))
            m->h1 = n;
        free(role);
        free(id);
    }
    return rc < 0 ? -1 : 1;
}

static int meta_leave(void *ctx, const xmlNode *n)
{
    meta_t *m = ctx;
    if (n->type == XML_ELEMENT_NODE && ix_dom_is_furniture(n))
        m->furniture--;
    return 0;
}

void ix_html_meta_free(meta_t *m)
{
    char **strs[] = { &m->title,       &m->description, &m->keywords,       &m->dc_title,
                      &m->og_title,    &m->dc_date,     &m->published_time, &m->modified_time,
                      &m->canonical,   &m->og_url,      &m->base_href,      &m->lang,
                      &m->dc_language, &m->dc_type,     &m->source_note,    &m->source_href,
                      &m->site_name };
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        free(*strs[i]);
    polis_strv_clear(&m->dc_subjects);
    polis_strv_clear(&m->dc_creators);
}

int ix_html_meta_read(const xmlNode *root, meta_t *m)
{
    memset(m, 0, sizeof *m);
    return ix_xmlsafe_walk(root, meta_enter, meta_leave, m);
}
