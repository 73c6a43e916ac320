/* indexer/html_dom.h — reading libxml2's tree of an HTML page.
 *
 * What the page readers (html*.c) and the bibliography reader
 * (biblio_html.c) share: which elements are page furniture rather than
 * content, which classes an element has, and links made absolute.  A leaf:
 * it knows nothing of documents.
 */
#ifndef IX_HTML_DOM_H
#define IX_HTML_DOM_H

#include <libxml/tree.h>

/* Non-zero when the element is page furniture to leave out of the text:
 * navigation, header, footer, menus, scripts, forms, cookie banners...
 * (by element, ARIA role and class/id names; <html> and <body> never are). */
int ix_dom_is_furniture(const xmlNode *el);

/* Non-zero when el's attribute attr (a list of tokens: class, rel,
 * itemprop, property) holds token, case ignored. */
int ix_dom_has_token(const xmlNode *el, const char *attr, const char *token);

/* Non-zero when el's class attribute lists cls. */
int ix_dom_has_class(const xmlNode *el, const char *cls);

/* The rest of el's first class starting with prefix, malloc()ed, or NULL. */
char *ix_dom_class_after(const xmlNode *el, const char *prefix);

/* href made absolute against base (either may be relative or NULL).
 * Returns a malloc()ed string the caller frees (a copy of href when it
 * cannot be resolved), or NULL when out of memory or href is NULL. */
char *ix_dom_resolve(const char *base, const char *href);

#endif
