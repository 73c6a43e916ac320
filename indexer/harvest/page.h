/* indexer/harvest/page.h — a fetched web page made into the file the HTML
 * reader (parse/html.c) reads.
 *
 * The reader gives a page the id of its URL, which it takes from the page's
 * <link rel="canonical">, else its og:url.  A page saved to disk no longer
 * knows where it came from, so a page without a canonical link gets one,
 * naming the URL it was fetched from, just before </head>: the page's own
 * canonical link, when it has one, is left to speak (and the file is then
 * the page, byte for byte).  No sidecar file: the walk would count it as a
 * file of its own, and the reader would need to learn to look for it.
 */
#ifndef IX_PAGE_H
#define IX_PAGE_H

#include <stddef.h>

#include "polis/text.h"

/* Non-zero when a Content-Type header ("text/html; charset=utf-8") names
 * HTML or XHTML; an empty one is taken as HTML (the reader sniffs). */
int ix_page_is_html(const char *content_type);

/* Non-zero when html[0..len) has a <link> whose rel names "canonical". */
int ix_page_has_canonical(const char *html, size_t len);

/* The file for the page html[0..len) fetched from url, appended to out:
 * the page itself, with <link rel="canonical" href="url"> put before
 * </head> (else after <head>, after <html>, after the doctype, or first)
 * when it has no canonical link of its own.  A UTF-16 page is kept as it
 * is.  Returns 1 when the link was added, 0 when the page is kept as it
 * is, -1 when out cannot grow. */
int ix_page_prepare(const char *html, size_t len, const char *url, polis_buf_t *out);

#endif
