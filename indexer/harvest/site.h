/* indexer/harvest/site.h — `harvest sitemap URL --into DIR`: a Drupal site's
 * pages, from its sitemap, as HTML files.
 *
 * In order:
 *   1. robots.txt of the sitemap's host: the rules for polis-indexer (else
 *      for *) decide which URLs may be fetched; its Crawl-delay lengthens
 *      the delay.  No robots.txt (4xx) allows everything; one that cannot
 *      be read (5xx, no connection) stops the harvest, nothing fetched.
 *   2. The sitemap, and the sitemaps a sitemap index lists (at most 1,000,
 *      3 levels deep), each fetched whole, on the same host only.
 *   3. Each page the sitemaps list, once: one on another host is refused;
 *      one robots.txt disallows is not fetched; one whose <lastmod> is
 *      the one recorded is not fetched again; the others are asked with
 *      If-None-Match / If-Modified-Since when the file is there, and a 304
 *      keeps it.  A redirect is followed on the same host only.  An HTML
 *      answer is written as NAME.html (NAME: the slug of the URL's path and
 *      query, as the page's id) with the canonical link page.h adds; a 404
 *      or 410 removes the page's file; a failure keeps the file there is.
 *   4. When every sitemap was read, the files of pages no sitemap lists any
 *      more (or that robots.txt now disallows, or redirect off the host)
 *      are removed; after a failed sitemap, none is.
 * The state (DIR/.polis-harvest.json) holds, for each page URL, its file,
 * lastmod, ETag and Last-Modified, and is saved every 50 pages and at the
 * end.
 */
#ifndef IX_SITE_H
#define IX_SITE_H

#include "harvest/source.h"

/* Harvest the site of sitemap s->url into s->into; as ix_harvest_run(). */
int ix_site_harvest(const ix_source_t *s, ix_source_result_t *r);

#endif
