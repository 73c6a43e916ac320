/* indexer/md_inline.h — inline Markdown of the print export to plain text.
 *
 * What the Drupal print export puts inside a paragraph: `**bold**`,
 * `[text](#) [n]` (a link whose target is listed as `[n] <url>` under
 * "### Liens"), `<url>` and `<url> [n]`, bare `[n]` markers, `[text](url)`,
 * images, backslash escapes, a few HTML entities and tags.  The renderer
 * keeps the text a reader sees and notes, on the side, the bold phrases and
 * which text each `[n]` marker belongs to.
 */
#ifndef POLIS_MD_INLINE_H
#define POLIS_MD_INLINE_H

#include <stddef.h>

#include "polis/doc.h"
#include "polis/text.h"

/* A `[n]` marker and the text it follows (the link's text, or the URL of an
 * `<url> [n]`); text is owned. */
typedef struct {
    unsigned long n;
    char *text;
} polis_md_ref_t;

/* What rendering noticed, over any number of calls.  Zero it before use and
 * release it with polis_md_inline_clear(). */
typedef struct {
    polis_strv_t bolds;   /* bold phrases, as rendered, in order, no repeats;
                           * the first 256 only */
    int collect_bolds;    /* non-zero: fill bolds; zero: leave it alone */
    polis_md_ref_t *refs; /* markers with their text; the first text for an n
                           * wins; the first 4096 markers only */
    size_t n_refs, cap_refs;
    polis_link_t *links; /* `[text](url)` links with a real target (not "#"),
                          * owned; the first 4096 only */
    size_t n_links, cap_links;
} polis_md_inline_t;

/* Render s[0..len) as plain text and append it to out: markers dropped
 * together with the space before them, runs of white space made one space,
 * no leading or trailing space.  ctx collects bold phrases (when
 * collect_bolds is set), markers and links.
 * Returns 0, or -1 when out of memory (or out reached its max). */
int polis_md_inline(polis_md_inline_t *ctx, const char *s, size_t len, polis_buf_t *out);

/* The text noted for marker n, or NULL.  The string belongs to ctx. */
const char *polis_md_inline_ref(const polis_md_inline_t *ctx, unsigned long n);

/* Free everything ctx holds and zero it. */
void polis_md_inline_clear(polis_md_inline_t *ctx);

#endif
