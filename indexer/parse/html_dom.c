/* indexer/html_dom.c — reading libxml2's tree of an HTML page: what is
 * furniture, which classes an element has, links made absolute.  See
 * html_dom.h. */
#include "parse/html_dom.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/uri.h>

#include "xml/xmlsafe.h"

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

/* Attribute name of el, cleaned as ix_xmlsafe_attr() cleans it but read
 * in place when it is plain (ix_xmlsafe_attr_plain()); NULL when missing.
 * *copy is what the caller frees. */
static const char *attr_value(const xmlNode *el, const char *name, char **copy)
{
    int present;
    const char *plain = ix_xmlsafe_attr_plain(el, name, &present);
    *copy = present && !plain ? ix_xmlsafe_attr(el, name) : NULL;
    return plain ? plain : *copy;
}

/* Tokens are separated by spaces; a plain value may still hold tabs and
 * line breaks, which cleaning would have made spaces. */
#define TOKEN_SEP " \t\n\v\f\r"

static int attr_has_furniture(const xmlNode *el, const char *name)
{
    char *copy;
    const char *v = attr_value(el, name, &copy);
    int hit = 0;
    for (const char *p = v; p && *p && !hit;) {
        p += strspn(p, TOKEN_SEP);
        size_t n = strcspn(p, TOKEN_SEP);
        hit = token_is_furniture(p, n);
        p += n;
    }
    free(copy);
    return hit;
}

int ix_dom_is_furniture(const xmlNode *el)
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
    if (ix_xmlsafe_is(el, "html") || ix_xmlsafe_is(el, "body"))
        return 0;
    for (size_t i = 0; names[i]; i++)
        if (ix_xmlsafe_is(el, names[i]))
            return 1;
    char *role = ix_xmlsafe_attr(el, "role");
    int hit = 0;
    for (size_t i = 0; role && roles[i] && !hit; i++)
        hit = strcasecmp(role, roles[i]) == 0;
    free(role);
    return hit || attr_has_furniture(el, "class") || attr_has_furniture(el, "id");
}

int ix_dom_has_token(const xmlNode *el, const char *attr, const char *token)
{
    char *copy;
    const char *v = attr_value(el, attr, &copy);
    size_t n = strlen(token);
    int hit = 0;
    for (const char *p = v; p && *p && !hit;) {
        p += strspn(p, TOKEN_SEP);
        size_t k = strcspn(p, TOKEN_SEP);
        hit = k == n && strncasecmp(p, token, n) == 0;
        p += k;
    }
    free(copy);
    return hit;
}

int ix_dom_has_class(const xmlNode *el, const char *cls)
{
    return ix_dom_has_token(el, "class", cls);
}

/* The value after prefix of the first class of el that starts with it
 * ("field--name-field-thematiques", "field--name-field-" -> "thematiques"),
 * malloc()ed, or NULL. */
char *ix_dom_class_after(const xmlNode *el, const char *prefix)
{
    char *copy, *out = NULL;
    const char *v = attr_value(el, "class", &copy);
    size_t n = strlen(prefix);
    for (const char *p = v; p && *p && !out;) {
        p += strspn(p, TOKEN_SEP);
        size_t k = strcspn(p, TOKEN_SEP);
        if (k > n && strncmp(p, prefix, n) == 0)
            out = strndup(p + n, k - n);
        p += k;
    }
    free(copy);
    return out;
}

char *ix_dom_resolve(const char *base, const char *href)
{
    if (!href)
        return NULL;
    xmlChar *abs = base ? xmlBuildURI((const xmlChar *)href, (const xmlChar *)base) : NULL;
    char *out = strdup(abs ? (const char *)abs : href);
    xmlFree(abs);
    return out;
}
