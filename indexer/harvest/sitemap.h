/* indexer/harvest/sitemap.h — a sitemap document (sitemaps.org 0.9): a
 * <urlset> of pages or a <sitemapindex> of further sitemaps, streamed with
 * the safe reader of xml/xmlsafe.h (no DTD, no entities, no network).
 */
#ifndef IX_SITEMAP_H
#define IX_SITEMAP_H

#include <stddef.h>

/* Called for each <url> (is_index 0) or <sitemap> (is_index 1) that has a
 * <loc>: loc as written (trimmed), lastmod as written or "" when none.
 * Returns 0 to go on, -1 to stop (ix_sitemap_parse() then returns -1 and
 * leaves err as the callback set it). */
typedef int (*ix_sitemap_entry_fn)(void *ctx, int is_index, const char *loc, const char *lastmod);

/* Read the sitemap buf[0..len), calling entry for each entry in document
 * order.  Returns 0; -1 with err set ("root element <x> is not a sitemap
 * (urlset or sitemapindex)", "line N: <libxml2's message>", "line N: DTD
 * with entities refused", "out of memory") or as the callback left it.
 * Entries handed over before an error stay handed over. */
int ix_sitemap_parse(const char *buf, size_t len, ix_sitemap_entry_fn entry, void *ctx, char *err,
                     size_t errlen);

#endif
