/* htmlenc.h — searchd's HTML encoder: a bounded buffer and the escaping rules.
 *
 * One encoder per output format (docs/architecture.md): this one knows
 * HTML's contexts.
 * Markup written by searchd itself goes in with sd_htmlenc_raw(); anything
 * that came from a document, the index or the request goes in through a
 * function named for its context, which escapes it on that context's terms:
 *
 *   text between tags ......... sd_htmlenc_text()
 *   a quoted attribute value .. sd_htmlenc_attr()
 *   a query-string value ...... sd_htmlenc_query()  (percent-encoding, then
 *                                                    safe inside an attribute)
 *   the shim's highlighted HTML sd_htmlenc_marked() (<mark> kept, the rest
 *                                                    escaped again)
 *   a link target ............. sd_htmlenc_url_ok() decides whether it may be
 *                               a link at all (http and https only)
 *
 * Pure helpers: no libmicrohttpd, no index; tests/unit/test_htmlenc.c drives
 * them directly.
 */
#ifndef SD_PAGE_HTMLENC_H
#define SD_PAGE_HTMLENC_H

#include <stddef.h>

#include "polis/text.h"

/* A growing output buffer with a hard maximum (a polis_buf_t).  Once an
 * append fails (out of memory, or past the maximum) the encoder is marked
 * failed, later appends do nothing, and sd_htmlenc_finish() returns NULL:
 * callers write a whole page and check once. */
typedef struct {
    polis_buf_t buf;
    int failed;
} sd_htmlenc_t;

/* Start an empty buffer that refuses to grow past max bytes (max > 0). */
void sd_htmlenc_init(sd_htmlenc_t *b, size_t max);

/* Free the buffer's memory (after a failure, or instead of finishing). */
void sd_htmlenc_free(sd_htmlenc_t *b);

/* Take the NUL-terminated contents (malloc()ed, the caller frees) and their
 * length in *len; the buffer is left empty.  NULL when any append failed. */
char *sd_htmlenc_finish(sd_htmlenc_t *b, size_t *len);

/* Append trusted markup written by searchd, as is. */
void sd_htmlenc_raw(sd_htmlenc_t *b, const char *markup);

/* Append trusted markup made with a printf format.  Only for searchd's own
 * literals and numbers: a %s argument is NOT escaped. */
void sd_htmlenc_rawf(sd_htmlenc_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append text for an element's content: & < > " ' become references, C0
 * control characters other than tab and newline are dropped (they are not
 * allowed in HTML), and bytes that are not UTF-8 become U+FFFD. */
void sd_htmlenc_text(sd_htmlenc_t *b, const char *s);

/* The same for s[0..len). */
void sd_htmlenc_textn(sd_htmlenc_t *b, const char *s, size_t len);

/* Append text for a double-quoted attribute value.  The same escaping as
 * sd_htmlenc_text(): quotes of both kinds are escaped, so the value can
 * never end the attribute. */
void sd_htmlenc_attr(sd_htmlenc_t *b, const char *s);

/* Append s percent-encoded for a URL query value: every byte but the
 * unreserved ones (A-Z a-z 0-9 - . _ ~) becomes %HH, a space included, so
 * the result holds nothing HTML cares about either. */
void sd_htmlenc_query(sd_htmlenc_t *b, const char *s);

/* Append the shim's highlighted HTML (polis_result_highlight(): escaped
 * text with <mark>…</mark>), trusting nothing: the exact tags <mark> and
 * </mark> and well-formed character references pass, any other '<', '>',
 * '"', '\'' or '&' is escaped, and unbalanced marks are closed, so whatever
 * the string holds it is text with marks. */
void sd_htmlenc_marked(sd_htmlenc_t *b, const char *s);

/* Non-zero when url may be a link's href: an absolute http:// or https://
 * URL (scheme in any case) with a host, and no space, control character,
 * quote, '<', '>' or backslash anywhere.  Everything else — javascript:,
 * data:, vbscript:, relative or protocol-relative URLs — is refused. */
int sd_htmlenc_url_ok(const char *url);

#endif
