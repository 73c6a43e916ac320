/* html.h — the HTML encoder: a bounded buffer and the escaping rules.
 *
 * One encoder per output format (style.md): this one knows HTML's contexts.
 * Markup written by searchd itself goes in with polis_html_raw(); anything
 * that came from a document, the index or the request goes in through a
 * function named for its context, which escapes it on that context's terms:
 *
 *   text between tags ......... polis_html_text()
 *   a quoted attribute value .. polis_html_attr()
 *   a query-string value ...... polis_html_query()  (percent-encoding, then
 *                                                    safe inside an attribute)
 *   the shim's highlighted HTML polis_html_marked() (<mark> kept, the rest
 *                                                    escaped again)
 *   a link target ............. polis_html_url_ok() decides whether it may be
 *                               a link at all (http and https only)
 *
 * Pure helpers: no libmicrohttpd, no index; tests/unit/test_htmlenc.c drives
 * them directly.
 */
#ifndef POLIS_SEARCHD_HTML_H
#define POLIS_SEARCHD_HTML_H

#include <stddef.h>

/* A growing output buffer with a hard maximum.  Once an append fails (out
 * of memory, or past max) the buffer is marked failed, later appends do
 * nothing, and polis_html_finish() returns NULL: callers write a whole page
 * and check once. */
typedef struct {
    char *data;
    size_t len;
    size_t cap;
    size_t max;
    int failed;
} polis_html_t;

/* Start an empty buffer that refuses to grow past max bytes. */
void polis_html_init(polis_html_t *b, size_t max);

/* Free the buffer's memory (after a failure, or instead of finishing). */
void polis_html_free(polis_html_t *b);

/* Take the NUL-terminated contents (malloc()ed, the caller frees) and their
 * length in *len; the buffer is left empty.  NULL when any append failed. */
char *polis_html_finish(polis_html_t *b, size_t *len);

/* Append trusted markup written by searchd, as is. */
void polis_html_raw(polis_html_t *b, const char *markup);

/* Append trusted markup made with a printf format.  Only for searchd's own
 * literals and numbers: a %s argument is NOT escaped. */
void polis_html_rawf(polis_html_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append text for an element's content: & < > " ' become references, C0
 * control characters other than tab and newline are dropped (they are not
 * allowed in HTML), and bytes that are not UTF-8 become U+FFFD. */
void polis_html_text(polis_html_t *b, const char *s);

/* The same for s[0..len). */
void polis_html_textn(polis_html_t *b, const char *s, size_t len);

/* Append text for a double-quoted attribute value.  The same escaping as
 * polis_html_text(): quotes of both kinds are escaped, so the value can
 * never end the attribute. */
void polis_html_attr(polis_html_t *b, const char *s);

/* Append s percent-encoded for a URL query value: every byte but the
 * unreserved ones (A-Z a-z 0-9 - . _ ~) becomes %HH, a space included, so
 * the result holds nothing HTML cares about either. */
void polis_html_query(polis_html_t *b, const char *s);

/* Append the shim's highlighted HTML (polis_result_highlight(): escaped
 * text with <mark>…</mark>), trusting nothing: the exact tags <mark> and
 * </mark> and well-formed character references pass, any other '<', '>',
 * '"', '\'' or '&' is escaped, and unbalanced marks are closed, so whatever
 * the string holds it is text with marks. */
void polis_html_marked(polis_html_t *b, const char *s);

/* Non-zero when url may be a link's href: an absolute http:// or https://
 * URL (scheme in any case) with a host, and no space, control character,
 * quote, '<', '>' or backslash anywhere.  Everything else — javascript:,
 * data:, vbscript:, relative or protocol-relative URLs — is refused. */
int polis_html_url_ok(const char *url);

#endif
