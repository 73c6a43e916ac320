/* harvest/sitemap.c — sitemap documents streamed through xml/xmlsafe.h; see
 * sitemap.h. */
#include "harvest/sitemap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xml/xmlsafe.h"

typedef struct {
    ix_sitemap_entry_fn entry;
    void *ctx;
    char *err;
    size_t errlen;
} reading_t;

static int on_entry(void *arg, const char *name, xmlNode *node)
{
    reading_t *rd = arg;
    char *loc = ix_xmlsafe_node_strdup(ix_xmlsafe_child(node, "loc"));
    char *lastmod = ix_xmlsafe_node_strdup(ix_xmlsafe_child(node, "lastmod"));
    int rc = 0;
    if (!loc || !lastmod) {
        snprintf(rd->err, rd->errlen, "out of memory");
        rc = -1;
    } else if (*loc) {
        rc = rd->entry(rd->ctx, strcmp(name, "sitemap") == 0, loc, lastmod);
    }
    free(loc);
    free(lastmod);
    return rc;
}

int ix_sitemap_parse(const char *buf, size_t len, ix_sitemap_entry_fn entry, void *ctx, char *err,
                     size_t errlen)
{
    static const char *const roots[] = { "urlset", "sitemapindex", NULL };
    static const char *const records[] = { "url", "sitemap", NULL };
    reading_t rd = { entry, ctx, err, errlen };
    ix_xmlsafe_stream_t s = { roots, "a sitemap (urlset or sitemapindex)", records, on_entry, &rd };
    char warning[320];
    err[0] = '\0';
    return ix_xmlsafe_stream(buf, len, &s, warning, sizeof warning, err, errlen);
}
