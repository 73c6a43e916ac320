/* indexer/kind.c — a page's kind from its signs.  See kind.h. */
#include "parse/kind.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/md_url.h"
#include "polis/text.h"

/* Whether the URL's path has a segment starting with one of sections, or
 * (dates set) a /YYYY/MM/ date path (WordPress). */
static int path_has(const char *url, const char *const *sections, int dates)
{
    const char *s = strstr(url, "://");
    const char *path = s ? strchr(s + 3, '/') : url;
    polis_buf_t slug = { 0 };
    int hit = 0;
    for (const char *p = path; p && *p && !hit;) {
        p += *p == '/';
        size_t n = strcspn(p, "/?#");
        slug.len = 0;
        if (polis_text_slug(p, n, &slug) != 0)
            break;
        for (size_t k = 0; sections[k] && slug.data && !hit; k++)
            hit = strncmp(slug.data, sections[k], strlen(sections[k])) == 0;
        if (!hit && dates && n == 4 && strspn(p, "0123456789") == 4 && p[4] == '/' &&
            strspn(p + 5, "0123456789") == 2)
            hit = 1;
        p += n;
        if (*p != '/')
            break;
    }
    polis_buf_free(&slug);
    return hit;
}

polis_kind_t ix_kind_guess(const ix_kind_signs_t *k)
{
    static const char *const news[] = { "actualite",  "actu",  "agenda", "evenement",
                                        "event",      "news",  "blog",   "presse",
                                        "communique", "breve", NULL };
    static const char *const statics[] = { "guide",         "fiche",      "glossaire", "ressources",
                                           "documentation", "dispositif", NULL };
    polis_buf_t seg = { 0 }, title = { 0 };
    size_t n = 0;
    const char *s = k->url ? ix_md_url_segment(k->url, &n) : NULL;
    if (!s && k->relpath) {
        const char *slash = strrchr(k->relpath, '/');
        s = slash ? slash + 1 : k->relpath;
        n = strlen(s);
    }
    int rc = s ? ix_md_readable(s, n, k->url == NULL, &seg) : 0;
    if (rc == 0 && k->title)
        rc = polis_text_slug(k->title, strlen(k->title), &title);
    const char *sd = seg.data ? seg.data : "", *td = title.data ? title.data : "";
    const char *url = k->url ? k->url : "";
    polis_kind_t kind;
    if (strncasecmp(sd, "retour sur", 10) == 0 || strncmp(td, "retour-sur", 10) == 0)
        kind = POLIS_KIND_RECAP;
    else if (strcasestr(url, "bibliographie") || strncmp(td, "bibliographie", 13) == 0 ||
             (!k->url && k->relpath && strcasestr(k->relpath, "bibliographie")))
        kind = POLIS_KIND_BIBLIOGRAPHY;
    else if (k->typed || path_has(url, news, 1))
        kind = POLIS_KIND_NEWS;
    else if (!k->dated || strstr(url, "/action/") || path_has(url, statics, 0))
        kind = POLIS_KIND_PAGE;
    else
        kind = POLIS_KIND_NEWS;
    polis_buf_free(&seg);
    polis_buf_free(&title);
    return kind;
}
