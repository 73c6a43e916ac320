/* indexer/md_tree.h — a Markdown page as md4c reads it: blocks of rendered
 * lines, with the spans (bold, italics, links) and the `[n]` markers of the
 * print export noted beside the text.
 *
 * md4c (a CommonMark parser) does the Markdown: emphasis of both kinds,
 * links of every form, autolinks, hard breaks, raw HTML, every HTML entity.
 * What it cannot know is the print export's own conventions, which are kept
 * here because they are about reading text, not about fields:
 *   - a paragraph's lines stay apart (a soft break ends a line), because
 *     export tools put field lines one below the other without a blank line;
 *   - `[text](#) [n]` and `<url> [n]`: the marker `[n]` is dropped from the
 *     text and remembered on the link it follows, whose target is listed as
 *     `[n] <url>` under "### Liens";
 *   - a `[n] <url>` line is such a listing (a "link definition").
 * The parsers of fields (md.c) and of bibliography entries (biblio_md.c)
 * read this structure; neither looks at Markdown syntax.
 */
#ifndef IX_MD_TREE_H
#define IX_MD_TREE_H

#include <stddef.h>

#include "polis/text.h"

typedef enum {
    IX_MD_PARA,    /* a paragraph, a table, a code or HTML block */
    IX_MD_ITEM,    /* the first paragraph of a list item */
    IX_MD_HEADING, /* `#` or underlined heading */
} ix_md_block_kind_t;

typedef enum {
    IX_MD_STRONG, /* **bold** or __bold__ */
    IX_MD_EM,     /* *italics* or _italics_ */
    IX_MD_LINK    /* [text](url), [text][ref], <url>, a bare URL */
} ix_md_span_kind_t;

typedef struct {
    ix_md_span_kind_t kind;
    size_t from, to;   /* the span's text: tree->text[from..to) */
    size_t href;       /* links: offset of the NUL-terminated target in tree->hrefs */
    int autolink;      /* links: the text is the URL itself */
    unsigned long ref; /* links: the `[n]` marker that follows, 0 if none */
} ix_md_span_t;

typedef struct {
    size_t from, to;       /* the line's text: tree->text[from..to), no '\n' inside */
    unsigned long linkdef; /* a `[n] <url>` line: n (its URL is linkdef_url), else 0 */
    size_t linkdef_url;    /* offset of the URL in tree->hrefs */
} ix_md_line_t;

typedef struct {
    ix_md_block_kind_t kind;
    int level;           /* headings: 1 to 6; items: list nesting from 1 */
    int in_item;         /* a paragraph inside a list item, after its first */
    size_t line, nlines; /* tree->lines[line .. line + nlines) */
} ix_md_block_t;

typedef struct {
    polis_buf_t text; /* every line, one after the other, '\n' between the
                       * lines of a block and "\n\n" between blocks */
    polis_buf_t hrefs;
    ix_md_block_t *blocks;
    size_t nblocks, cap_blocks;
    ix_md_line_t *lines;
    size_t nlines, cap_lines;
    ix_md_span_t *spans; /* in order of their start */
    size_t nspans, cap_spans;
} ix_md_tree_t;

/* Read buf[0..len) (UTF-8, no byte order mark) into tree, which must be
 * zeroed first and is released with ix_md_tree_free().  Rendered text
 * has its entities decoded, runs of white space as one space, no Markdown
 * marks.  Returns 0, or -1 when out of memory. */
int ix_md_tree_read(const char *buf, size_t len, ix_md_tree_t *tree);

/* Free what the tree holds and zero it. */
void ix_md_tree_free(ix_md_tree_t *tree);

/* The text of a line (not NUL-terminated; see its from/to) and of a link's
 * target (NUL-terminated).  Pointers into the tree. */
const char *ix_md_tree_line(const ix_md_tree_t *tree, size_t line, size_t *len);
const char *ix_md_tree_href(const ix_md_tree_t *tree, const ix_md_span_t *span);

/* The URL a `[n] <url>` line of the page gives to marker n, or NULL. */
const char *ix_md_tree_linkdef(const ix_md_tree_t *tree, unsigned long n);

/* Index of the first span that starts at or after offset `from`, for
 * walking the spans of a stretch of text in order. */
size_t ix_md_tree_first_span(const ix_md_tree_t *tree, size_t from);

/* Append text[from..to) to out with '*' around the italic spans in it (the
 * form bibliography entries are read in).  0 or -1. */
int ix_md_tree_marked(const ix_md_tree_t *tree, size_t from, size_t to, polis_buf_t *out);

#endif
