/* indexer/md_tree.c — md4c's callbacks into blocks, lines and spans.  See
 * md_tree.h. */
#include "parse/md_tree.h"

#include <md4c.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "parse/md_entity.h"
#include "parse/md_url.h"

/* List nesting followed: deeper lists read as the deepest. */
#define MAX_DEPTH 32
/* A `[n]` marker has at most this many digits. */
#define MARKER_DIGITS 6

typedef struct {
    ix_md_tree_t *t;
    int depth;                         /* open lists */
    unsigned li_blocks[MAX_DEPTH + 1]; /* blocks begun in each open list item */
    int in_li;                         /* a list item is open at depth */
    int open;                          /* a block is open: text goes to its last line */
    ix_md_block_t block;               /* the open block */
    size_t line_from;                  /* start of the open line in t->text */
    size_t *stack;                     /* spans open, by index */
    size_t nstack, cap_stack;
    int html_block;         /* inside a raw HTML block */
    int in_tag, in_comment; /* raw HTML: inside <...> or <!-- --> */
    polis_buf_t tag;        /* raw HTML: the tag being read */
    int failed;
} rd_t;

/* ---- text --------------------------------------------------------------- */

static int line_empty(const rd_t *r)
{
    return r->t->text.len == r->line_from;
}

static int last_is_space(const rd_t *r)
{
    return line_empty(r) || r->t->text.data[r->t->text.len - 1] == ' ';
}

/* A space, unless the line is empty or already ends with one. */
static int space(rd_t *r)
{
    return last_is_space(r) ? 0 : polis_buf_append(&r->t->text, " ", 1);
}

/* Append text with every run of white space (no-break spaces included)
 * made one space. */
static int put(rd_t *r, const char *s, size_t n)
{
    size_t run = 0; /* s[run..i) is copied as it is, a run at a time */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        size_t skip = 0;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
            skip = 1;
        else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)
            skip = 2; /* U+00A0 */
        else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                 (unsigned char)s[i + 2] == 0xAF)
            skip = 3; /* U+202F, French typography's thin space */
        if (!skip)
            continue;
        if (i > run && polis_buf_append(&r->t->text, s + run, i - run) != 0)
            return -1;
        if (space(r) != 0)
            return -1;
        i += skip - 1;
        run = i + 1;
    }
    return n > run ? polis_buf_append(&r->t->text, s + run, n - run) : 0;
}

/* ---- lines and blocks --------------------------------------------------- */

/* Shift the offsets of the spans of the open line past `at` by -n. */
static void shift_spans(rd_t *r, size_t at, size_t n)
{
    ix_md_tree_t *t = r->t;
    for (size_t i = t->nspans; i > 0; i--) {
        ix_md_span_t *s = &t->spans[i - 1];
        if (s->to != SIZE_MAX && s->to < r->line_from && s->from < r->line_from)
            break;
        if (s->from > at)
            s->from = s->from >= at + n ? s->from - n : at;
        if (s->to != SIZE_MAX && s->to > at)
            s->to = s->to >= at + n ? s->to - n : at;
    }
}

/* The link span of the open line that ends at offset end, or NULL. */
static ix_md_span_t *link_ending_at(rd_t *r, size_t end)
{
    ix_md_tree_t *t = r->t;
    for (size_t i = t->nspans; i > 0; i--) {
        ix_md_span_t *s = &t->spans[i - 1];
        if (s->to != SIZE_MAX && s->to < r->line_from)
            break;
        if (s->kind == IX_MD_LINK && s->to == end)
            return s;
    }
    return NULL;
}

/* Length of a `[digits]` marker at s[i], its number in *n; 0 if none. */
static size_t marker_at(const char *s, size_t len, size_t i, unsigned long *n)
{
    size_t j = i + 1;
    *n = 0;
    if (s[i] != '[')
        return 0;
    while (j < len && j - i <= MARKER_DIGITS && s[j] >= '0' && s[j] <= '9')
        *n = *n * 10 + (unsigned long)(s[j++] - '0');
    if (j == i + 1 || j >= len || s[j] != ']' || *n == 0)
        return 0;
    return j + 1 - i;
}

/* A `[n] URL` line: fills the line's linkdef.  0 or -1. */
static int linkdef_line(rd_t *r, ix_md_line_t *l)
{
    ix_md_tree_t *t = r->t;
    const char *s = t->text.data + l->from;
    size_t len = l->to - l->from;
    unsigned long n;
    size_t m = marker_at(s, len, 0, &n);
    if (!m || m >= len || s[m] != ' ')
        return 0;
    const char *u = s + m + 1;
    size_t ulen = len - m - 1;
    if (memchr(u, ' ', ulen) || !ix_md_url_is_absolute(u, ulen))
        return 0;
    l->linkdef = n;
    l->linkdef_url = t->hrefs.len;
    return polis_buf_append(&t->hrefs, u, ulen) | polis_buf_append(&t->hrefs, "", 1);
}

/* Drop the `[n]` markers of the open line, and the spaces before them,
 * noting each on the link it follows (past up to three punctuation marks:
 * "[texte](#). [4]"). */
static void strip_markers(rd_t *r)
{
    polis_buf_t *b = &r->t->text;
    size_t i = r->line_from;
    while (i < b->len) {
        unsigned long n;
        size_t m = marker_at(b->data, b->len, i, &n);
        if (!m) {
            i++;
            continue;
        }
        size_t start = i;
        while (start > r->line_from && b->data[start - 1] == ' ')
            start--;
        size_t end = start, punct = 0;
        while (end > r->line_from && punct < 3 && strchr(".,;:!?", b->data[end - 1]))
            end--, punct++;
        while (end > r->line_from && b->data[end - 1] == ' ')
            end--;
        ix_md_span_t *link = link_ending_at(r, end);
        if (!link && end != start)
            link = link_ending_at(r, start);
        if (link && !link->ref)
            link->ref = n;
        size_t cut = i + m - start;
        memmove(b->data + start, b->data + i + m, b->len - i - m);
        b->len -= cut;
        b->data[b->len] = '\0';
        shift_spans(r, start, cut);
        i = start;
    }
}

/* Close the open line: trailing space cut, link definition noted, markers
 * dropped.  An empty line is forgotten.  0 or -1. */
static int end_line(rd_t *r)
{
    ix_md_tree_t *t = r->t;
    if (!r->open)
        return 0;
    while (!line_empty(r) && t->text.data[t->text.len - 1] == ' ')
        t->text.data[--t->text.len] = '\0';
    if (line_empty(r))
        return 0;
    ix_md_line_t l = { r->line_from, t->text.len, 0, 0 };
    if (linkdef_line(r, &l) != 0)
        return -1;
    if (!l.linkdef) {
        strip_markers(r);
        l.to = t->text.len;
        if (line_empty(r))
            return 0;
    }
    for (size_t i = t->nspans; i > 0 && t->spans[i - 1].from >= l.from; i--)
        if (t->spans[i - 1].to != SIZE_MAX && t->spans[i - 1].to > l.to)
            t->spans[i - 1].to = l.to;
    if (polis_grow((void **)&t->lines, &t->cap_lines, t->nlines, sizeof *t->lines) != 0)
        return -1;
    t->lines[t->nlines++] = l;
    r->block.nlines++;
    return 0;
}

/* Start a new line in the open block. */
static int new_line(rd_t *r)
{
    ix_md_tree_t *t = r->t;
    size_t before = t->nlines;
    if (end_line(r) != 0)
        return -1;
    /* A finished line gets its separator; an empty one left nothing. */
    if (t->nlines > before && polis_buf_append(&t->text, "\n", 1) != 0)
        return -1;
    r->line_from = t->text.len;
    return 0;
}

static int end_block(rd_t *r)
{
    ix_md_tree_t *t = r->t;
    if (!r->open)
        return 0;
    if (end_line(r) != 0)
        return -1;
    r->open = 0;
    if (r->block.nlines == 0)
        return 0;
    /* The separator of a last line that came out empty goes. */
    size_t last = t->lines[t->nlines - 1].to;
    t->text.len = last;
    t->text.data[last] = '\0';
    if (polis_grow((void **)&t->blocks, &t->cap_blocks, t->nblocks, sizeof *t->blocks) != 0 ||
        polis_buf_append(&t->text, "\n\n", 2) != 0)
        return -1;
    t->blocks[t->nblocks++] = r->block;
    return 0;
}

/* Open a block of this kind (a list item's second paragraph is a
 * paragraph marked in_item). */
static int begin_block(rd_t *r, ix_md_block_kind_t kind, int level)
{
    if (end_block(r) != 0)
        return -1;
    int in_item = 0;
    if (kind != IX_MD_HEADING && r->in_li) {
        int d = r->depth > MAX_DEPTH ? MAX_DEPTH : r->depth;
        kind = r->li_blocks[d]++ == 0 ? IX_MD_ITEM : IX_MD_PARA;
        in_item = kind == IX_MD_PARA;
        level = d;
    }
    r->block = (ix_md_block_t){ kind, level, in_item, r->t->nlines, 0 };
    r->open = 1;
    r->line_from = r->t->text.len;
    return 0;
}

/* Text outside any block (a tight list item's): opens one. */
static int ensure_block(rd_t *r)
{
    return r->open ? 0 : begin_block(r, IX_MD_PARA, 0);
}

/* ---- raw HTML ------------------------------------------------------------ */

/* What a tag does to the text: 2 a line break, 1 a space, 0 nothing. */
static int tag_effect(const char *tag, size_t len)
{
    static const char *const breaks[] = { "br", "p",     "div",        "li", "tr", "h1",
                                          "h2", "h3",    "h4",         "h5", "h6", "ul",
                                          "ol", "table", "blockquote", NULL };
    static const char *const inline_[] = { "b", "i", "em",    "strong", "span", "sup",  "sub",
                                           "a", "u", "small", "abbr",   "font", "mark", NULL };
    size_t i = tag[0] == '/' ? 1 : 0, n = 0;
    while (i + n < len &&
           ((tag[i + n] >= 'a' && tag[i + n] <= 'z') || (tag[i + n] >= 'A' && tag[i + n] <= 'Z') ||
            (tag[i + n] >= '0' && tag[i + n] <= '9')))
        n++;
    for (size_t k = 0; breaks[k]; k++)
        if (strlen(breaks[k]) == n && strncasecmp(tag + i, breaks[k], n) == 0)
            return 2;
    for (size_t k = 0; inline_[k]; k++)
        if (strlen(inline_[k]) == n && strncasecmp(tag + i, inline_[k], n) == 0)
            return 0;
    return 1;
}

/* Raw HTML, inline or a block: tags out, entities decoded, block tags as
 * line breaks.  State carries across calls, which cut the HTML anywhere. */
static int raw_html(rd_t *r, const char *s, size_t n)
{
    polis_buf_t *b = &r->t->text;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (r->in_comment) {
            if (c == '>' && i >= 2 && s[i - 1] == '-' && s[i - 2] == '-')
                r->in_comment = 0;
            continue;
        }
        if (r->in_tag) {
            if (c != '>') {
                if (r->tag.len < 64 && polis_buf_append(&r->tag, &c, 1) != 0)
                    return -1;
                continue;
            }
            r->in_tag = 0;
            int effect = tag_effect(r->tag.data ? r->tag.data : "", r->tag.len);
            if (effect == 2 && r->open && new_line(r) != 0)
                return -1;
            if (effect == 1 && r->open && space(r) != 0)
                return -1;
            continue;
        }
        if (c == '<' && i + 3 < n && strncmp(s + i, "<!--", 4) == 0) {
            r->in_comment = 1;
            i += 3;
        } else if (c == '<') {
            r->in_tag = 1;
            r->tag.len = 0;
        } else if (c == '&') {
            const char *semi = memchr(s + i, ';', n - i < 40 ? n - i : 40);
            if (ensure_block(r) != 0)
                return -1;
            if (semi) {
                if (ix_md_entity(s + i, (size_t)(semi - s) - i + 1, b) != 0)
                    return -1;
                i = (size_t)(semi - s);
            } else if (put(r, "&", 1) != 0) {
                return -1;
            }
        } else if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
            if (r->open && space(r) != 0)
                return -1;
        } else if (ensure_block(r) != 0 || put(r, &c, 1) != 0) {
            return -1;
        }
    }
    return 0;
}

/* ---- md4c callbacks -------------------------------------------------------- */

static int enter_block(MD_BLOCKTYPE type, void *detail, void *ctx)
{
    rd_t *r = ctx;
    int rc = 0;
    switch (type) {
    case MD_BLOCK_DOC: break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        rc = end_block(r);
        r->depth++;
        break;
    case MD_BLOCK_LI:
        rc = end_block(r);
        if (r->depth <= MAX_DEPTH)
            r->li_blocks[r->depth] = 0;
        r->in_li = 1;
        break;
    case MD_BLOCK_H:
        rc = begin_block(r, IX_MD_HEADING, (int)((MD_BLOCK_H_DETAIL *)detail)->level);
        break;
    case MD_BLOCK_HTML:
        r->html_block = 1;
        rc = end_block(r);
        break;
    case MD_BLOCK_TR: rc = r->open ? new_line(r) : begin_block(r, IX_MD_PARA, 0); break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD: rc = r->open ? space(r) : 0; break;
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY: break;
    default: rc = begin_block(r, IX_MD_PARA, 0); break; /* P, CODE, QUOTE, TABLE, HR */
    }
    r->failed |= rc != 0;
    return rc;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *ctx)
{
    rd_t *r = ctx;
    (void)detail;
    int rc = 0;
    switch (type) {
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        rc = end_block(r);
        r->depth--;
        r->in_li = r->depth > 0;
        break;
    case MD_BLOCK_LI: rc = end_block(r); break;
    case MD_BLOCK_HTML:
        rc = end_block(r);
        r->html_block = r->in_tag = r->in_comment = 0;
        break;
    case MD_BLOCK_TR:
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
    case MD_BLOCK_DOC: break;
    default: rc = end_block(r); break;
    }
    r->failed |= rc != 0;
    return rc;
}

static int enter_span(MD_SPANTYPE type, void *detail, void *ctx)
{
    rd_t *r = ctx;
    ix_md_tree_t *t = r->t;
    ix_md_span_kind_t kind;
    if (type == MD_SPAN_STRONG)
        kind = IX_MD_STRONG;
    else if (type == MD_SPAN_EM)
        kind = IX_MD_EM;
    else if (type == MD_SPAN_A)
        kind = IX_MD_LINK;
    else
        return 0;
    int rc = ensure_block(r);
    ix_md_span_t s = { kind, t->text.len, SIZE_MAX, 0, 0, 0 };
    if (rc == 0 && kind == IX_MD_LINK) {
        const MD_ATTRIBUTE *a = &((MD_SPAN_A_DETAIL *)detail)->href;
        s.href = t->hrefs.len;
        for (unsigned k = 0; rc == 0 && a->substr_offsets[k] < a->size; k++) {
            const char *p = a->text + a->substr_offsets[k];
            size_t n = a->substr_offsets[k + 1] - a->substr_offsets[k];
            rc = a->substr_types[k] == MD_TEXT_ENTITY ? ix_md_entity(p, n, &t->hrefs)
                                                      : polis_buf_append(&t->hrefs, p, n);
        }
        rc |= polis_buf_append(&t->hrefs, "", 1);
    }
    if (rc == 0)
        rc = polis_grow((void **)&t->spans, &t->cap_spans, t->nspans, sizeof *t->spans) |
             polis_grow((void **)&r->stack, &r->cap_stack, r->nstack, sizeof *r->stack);
    if (rc == 0) {
        r->stack[r->nstack++] = t->nspans;
        t->spans[t->nspans++] = s;
    }
    r->failed |= rc != 0;
    return rc;
}

static int leave_span(MD_SPANTYPE type, void *detail, void *ctx)
{
    rd_t *r = ctx;
    (void)detail;
    if ((type != MD_SPAN_STRONG && type != MD_SPAN_EM && type != MD_SPAN_A) || !r->nstack)
        return 0;
    ix_md_tree_t *t = r->t;
    ix_md_span_t *s = &t->spans[r->stack[--r->nstack]];
    s->to = t->text.len;
    while (s->to > s->from && t->text.data[s->to - 1] == ' ')
        s->to--;
    while (s->from < s->to && t->text.data[s->from] == ' ')
        s->from++;
    if (s->kind == IX_MD_LINK) {
        const char *href = t->hrefs.data + s->href;
        size_t n = s->to - s->from, h = strlen(href);
        const char *text = t->text.data + s->from;
        s->autolink = (n == h && memcmp(text, href, n) == 0) ||
                      (h > n && memcmp(href + h - n, text, n) == 0 &&
                       (strncmp(href, "mailto:", 7) == 0 || strncmp(href, "http://", 7) == 0));
    }
    return 0;
}

static int text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *ctx)
{
    rd_t *r = ctx;
    int rc = 0;
    if (type == MD_TEXT_HTML || r->html_block)
        rc = raw_html(r, s, n);
    else if (type == MD_TEXT_SOFTBR || type == MD_TEXT_BR)
        rc = ensure_block(r) | new_line(r);
    else if ((rc = ensure_block(r)) != 0)
        ;
    else if (type == MD_TEXT_ENTITY)
        rc = ix_md_entity(s, n, &r->t->text);
    else if (type == MD_TEXT_NULLCHAR)
        rc = put(r, "\xef\xbf\xbd", 3);
    else if (type == MD_TEXT_CODE && memchr(s, '\n', n)) {
        for (const char *p = s, *end = s + n; rc == 0 && p < end;) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t k = nl ? (size_t)(nl - p) : (size_t)(end - p);
            rc = put(r, p, k);
            if (rc == 0 && nl)
                rc = new_line(r);
            p += k + (nl ? 1 : 0);
        }
    } else
        rc = put(r, s, n);
    r->failed |= rc != 0;
    return rc;
}

/* ---- the tree ------------------------------------------------------------- */

int ix_md_tree_read(const char *buf, size_t len, ix_md_tree_t *tree)
{
    rd_t r = { .t = tree };
    MD_PARSER parser = { 0,
                         MD_FLAG_NOINDENTEDCODEBLOCKS | MD_FLAG_PERMISSIVEURLAUTOLINKS |
                             MD_FLAG_PERMISSIVEWWWAUTOLINKS | MD_FLAG_TABLES |
                             MD_FLAG_STRIKETHROUGH,
                         enter_block,
                         leave_block,
                         enter_span,
                         leave_span,
                         text,
                         NULL,
                         NULL };
    /* Rendering never makes the text much longer than the page. */
    tree->text.max = 2 * (size_t)len + 4096;
    tree->hrefs.max = 2 * (size_t)len + 4096;
    int rc = polis_buf_append(&tree->text, "", 0) | polis_buf_append(&tree->hrefs, "", 1);
    if (rc == 0 && len > UINT32_MAX)
        rc = -1;
    if (rc == 0)
        rc = md_parse(buf, (MD_SIZE)len, &parser, &r) != 0 || r.failed ? -1 : 0;
    if (rc == 0)
        rc = end_block(&r);
    for (size_t i = 0; i < tree->nspans; i++)
        if (tree->spans[i].to == SIZE_MAX)
            tree->spans[i].to = tree->spans[i].from;
    free(r.stack);
    polis_buf_free(&r.tag);
    return rc;
}

void ix_md_tree_free(ix_md_tree_t *tree)
{
    polis_buf_free(&tree->text);
    polis_buf_free(&tree->hrefs);
    free(tree->blocks);
    free(tree->lines);
    free(tree->spans);
    memset(tree, 0, sizeof *tree);
}

const char *ix_md_tree_line(const ix_md_tree_t *tree, size_t line, size_t *len)
{
    const ix_md_line_t *l = &tree->lines[line];
    *len = l->to - l->from;
    return tree->text.data + l->from;
}

const char *ix_md_tree_href(const ix_md_tree_t *tree, const ix_md_span_t *span)
{
    return tree->hrefs.data + span->href;
}

const char *ix_md_tree_linkdef(const ix_md_tree_t *tree, unsigned long n)
{
    for (size_t i = 0; n && i < tree->nlines; i++)
        if (tree->lines[i].linkdef == n)
            return tree->hrefs.data + tree->lines[i].linkdef_url;
    return NULL;
}

size_t ix_md_tree_first_span(const ix_md_tree_t *tree, size_t from)
{
    size_t lo = 0, hi = tree->nspans;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tree->spans[mid].from < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

int ix_md_tree_marked(const ix_md_tree_t *tree, size_t from, size_t to, polis_buf_t *out)
{
    size_t *marks = NULL, n = 0, cap = 0;
    int rc = 0;
    for (size_t i = ix_md_tree_first_span(tree, from);
         rc == 0 && i < tree->nspans && tree->spans[i].from < to; i++) {
        const ix_md_span_t *s = &tree->spans[i];
        if (s->kind != IX_MD_EM || s->from == s->to || s->to > to)
            continue;
        rc = polis_grow((void **)&marks, &cap, n + 1, sizeof *marks);
        if (rc == 0) {
            marks[n++] = s->from;
            marks[n++] = s->to;
        }
    }
    if (n)
        qsort(marks, n, sizeof *marks, cmp_size);
    size_t at = from;
    for (size_t k = 0; rc == 0 && k < n; k++) {
        rc = polis_buf_append(out, tree->text.data + at, marks[k] - at) |
             polis_buf_append(out, "*", 1);
        at = marks[k];
    }
    if (rc == 0)
        rc = polis_buf_append(out, tree->text.data + at, to - at);
    free(marks);
    return rc;
}
