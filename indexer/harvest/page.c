/* harvest/page.c — a fetched page, given the canonical link that says where
 * it came from; see page.h. */
#include "harvest/page.h"

#include <string.h>
#include <strings.h>

/* Where the canonical link and <head> are looked for: a page's head is
 * always within its first bytes, and a long body is not scanned. */
#define HEAD_SCAN (256u << 10)

int ix_page_is_html(const char *content_type)
{
    if (!content_type || !*content_type)
        return 1;
    size_t n = strcspn(content_type, "; \t");
    return (n == 9 && strncasecmp(content_type, "text/html", 9) == 0) ||
           (n == 21 && strncasecmp(content_type, "application/xhtml+xml", 21) == 0);
}

/* The first place at or after from where lit (lower case) starts, case
 * aside, or NULL. */
static const char *find_ci(const char *from, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    for (const char *p = from; p + n <= end; p++)
        if (strncasecmp(p, lit, n) == 0)
            return p;
    return NULL;
}

/* The start tag "<name" at p ends its name there (not "<header" for
 * "<head"). */
static int tag_ends(const char *p, const char *end)
{
    return p >= end || *p == '>' || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
           *p == '/';
}

/* The first start tag <name ...> in [from, end): the byte after its '>',
 * or NULL. */
static const char *after_tag(const char *from, const char *end, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = find_ci(from, end, name); p; p = find_ci(p + 1, end, name)) {
        if (!tag_ends(p + n, end))
            continue;
        const char *gt = memchr(p, '>', (size_t)(end - p));
        return gt ? gt + 1 : NULL;
    }
    return NULL;
}

int ix_page_has_canonical(const char *html, size_t len)
{
    const char *end = html + (len < HEAD_SCAN ? len : HEAD_SCAN);
    for (const char *p = find_ci(html, end, "<link"); p; p = find_ci(p + 1, end, "<link")) {
        if (!tag_ends(p + 5, end))
            continue;
        const char *gt = memchr(p, '>', (size_t)(end - p));
        const char *stop = gt ? gt : end;
        const char *rel = find_ci(p, stop, "rel");
        if (rel && find_ci(rel, stop, "canonical"))
            return 1;
    }
    return 0;
}

/* url as an attribute value. */
static int put_attr(polis_buf_t *out, const char *url)
{
    int rc = 0;
    for (const char *p = url; rc == 0 && *p; p++) {
        switch (*p) {
        case '&': rc = polis_buf_puts(out, "&amp;"); break;
        case '"': rc = polis_buf_puts(out, "&quot;"); break;
        case '<': rc = polis_buf_puts(out, "&lt;"); break;
        case '>': rc = polis_buf_puts(out, "&gt;"); break;
        default: rc = polis_buf_append(out, p, 1); break;
        }
    }
    return rc;
}

int ix_page_prepare(const char *html, size_t len, const char *url, polis_buf_t *out)
{
    const unsigned char *u = (const unsigned char *)html;
    int wide = len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
    if (wide || ix_page_has_canonical(html, len))
        return polis_buf_append(out, html, len) == 0 ? 0 : -1;
    const char *end = html + (len < HEAD_SCAN ? len : HEAD_SCAN), *at = NULL;
    for (const char *p = find_ci(html, end, "</head"); p && !at; p = find_ci(p + 1, end, "</head"))
        if (tag_ends(p + 6, end))
            at = p;
    if (!at)
        at = after_tag(html, end, "<head");
    if (!at)
        at = after_tag(html, end, "<html");
    if (!at)
        at = after_tag(html, end, "<!doctype");
    if (!at)
        at = html;
    size_t head = (size_t)(at - html);
    int rc = polis_buf_append(out, html, head) |
             polis_buf_puts(out, "<link rel=\"canonical\" href=\"") | put_attr(out, url) |
             polis_buf_puts(out, "\">\n") | polis_buf_append(out, html + head, len - head);
    return rc == 0 ? 1 : -1;
}
