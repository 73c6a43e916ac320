/* indexer/md_inline.c — inline Markdown to plain text.  See md_inline.h. */
#include "md_inline.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_NESTING   4    /* link text inside link text...: deeper is copied as is */
#define MAX_LINK_SPAN 2048 /* a `[...]` or `(...)` longer than this is not a link */
#define MAX_TAG       200  /* an HTML tag longer than this is text */
/* What a page can note at most: enough for any real page, and a bound on
 * the linear searches over them when a hostile file repeats markup. */
#define MAX_BOLDS 256
#define MAX_REFS  4096
#define MAX_LINKS 4096

/* State of one polis_md_inline() call, shared by the nested calls that
 * render link texts, so bold can open outside a link and close inside. */
typedef struct {
    polis_md_inline_t *ctx;
    polis_buf_t *out;
    size_t base;       /* out->len when the call began */
    size_t bold_start; /* out offset of the open bold phrase, SIZE_MAX if none */
    size_t auto_start; /* out span of the last `<url>`, for `<url> [n]` */
    size_t auto_end;
    int depth;
} render_t;

static int render(render_t *r, const char *s, size_t len);

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static int is_ascii_punct(unsigned char c)
{
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
}

/* Append bytes, turning white space into one space and never starting the
 * rendered text with one. */
static int emit(render_t *r, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_space(c)) {
            if (r->out->len == r->base || r->out->data[r->out->len - 1] == ' ')
                continue;
            c = ' ';
        }
        if (polis_buf_append(r->out, (const char *)&c, 1) != 0)
            return -1;
    }
    return 0;
}

static void trim_trailing_space(render_t *r)
{
    while (r->out->len > r->base && r->out->data[r->out->len - 1] == ' ')
        r->out->data[--r->out->len] = '\0';
}

/* Copy of out[from..out->len) trimmed of spaces, or NULL (empty or no memory:
 * the caller tells them apart by *empty). */
static char *span_copy(render_t *r, size_t from, int *empty)
{
    const char *s = r->out->data + from;
    size_t n = r->out->len > from ? r->out->len - from : 0;
    while (n > 0 && *s == ' ')
        s++, n--;
    while (n > 0 && s[n - 1] == ' ')
        n--;
    *empty = n == 0;
    if (n == 0)
        return NULL;
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static int add_ref(polis_md_inline_t *ctx, unsigned long n, char *text)
{
    if (ctx->n_refs >= MAX_REFS || polis_md_inline_ref(ctx, n)) {
        free(text);
        return 0;
    }
    if (ctx->n_refs == ctx->cap_refs) {
        size_t cap = ctx->cap_refs ? ctx->cap_refs * 2 : 8;
        polis_md_ref_t *p = realloc(ctx->refs, cap * sizeof *p);
        if (!p) {
            free(text);
            return -1;
        }
        ctx->refs = p;
        ctx->cap_refs = cap;
    }
    ctx->refs[ctx->n_refs].n = n;
    ctx->refs[ctx->n_refs].text = text;
    ctx->n_refs++;
    return 0;
}

static int add_link(polis_md_inline_t *ctx, const char *text, const char *url, size_t url_len)
{
    if (ctx->n_links >= MAX_LINKS)
        return 0;
    if (ctx->n_links == ctx->cap_links) {
        size_t cap = ctx->cap_links ? ctx->cap_links * 2 : 8;
        polis_link_t *p = realloc(ctx->links, cap * sizeof *p);
        if (!p)
            return -1;
        ctx->links = p;
        ctx->cap_links = cap;
    }
    polis_link_t *l = &ctx->links[ctx->n_links];
    l->text = NULL;
    l->url = NULL;
    if (polis_str_set(&l->text, text, (size_t)-1) != 0 ||
        polis_str_set(&l->url, url, url_len) != 0) {
        free(l->text);
        free(l->url);
        return -1;
    }
    ctx->n_links++;
    return 0;
}

/* Length of a `[digits]` marker at s[i] (not followed by '(' — that would be
 * a link), with its number in *n; 0 when there is none. */
static size_t marker_at(const char *s, size_t len, size_t i, unsigned long *n)
{
    size_t j = i + 1;
    *n = 0;
    if (i >= len || s[i] != '[')
        return 0;
    while (j < len && j - i <= 6 && s[j] >= '0' && s[j] <= '9')
        *n = *n * 10 + (unsigned long)(s[j++] - '0');
    if (j == i + 1 || j >= len || s[j] != ']' || (j + 1 < len && s[j + 1] == '('))
        return 0;
    return j + 1 - i;
}

/* Index of the bracket closing the one at s[open] (nesting counted), or
 * SIZE_MAX within MAX_LINK_SPAN bytes or past MAX_NESTING levels (which
 * keeps a run of "[[[[" linear). */
static size_t closing(const char *s, size_t len, size_t open, char o, char c)
{
    int depth = 0;
    for (size_t j = open; j < len && j - open < MAX_LINK_SPAN; j++) {
        if (s[j] == '\\') {
            j++;
            continue;
        }
        if (s[j] == o && ++depth > MAX_NESTING)
            return SIZE_MAX;
        else if (s[j] == c && --depth == 0)
            return j;
    }
    return SIZE_MAX;
}

/* `[text](target)` at s[i]: render the text, note the link and a following
 * `[n]` marker.  Returns the bytes used, 0 when this is no link, or
 * (size_t)-1 when out of memory. */
static size_t link_at(render_t *r, const char *s, size_t len, size_t i, int image)
{
    size_t close = closing(s, len, i, '[', ']');
    if (close == SIZE_MAX || close + 1 >= len || s[close + 1] != '(' || r->depth >= MAX_NESTING)
        return 0;
    size_t paren = closing(s, len, close + 1, '(', ')');
    if (paren == SIZE_MAX)
        return 0;
    size_t text_from = r->out->len;
    r->depth++;
    int rc = render(r, s + i + 1, close - i - 1);
    r->depth--;
    if (rc != 0)
        return (size_t)-1;
    /* The target, without a "title" after it. */
    const char *t = s + close + 2;
    size_t tlen = paren - close - 2;
    while (tlen > 0 && is_space((unsigned char)*t))
        t++, tlen--;
    for (size_t k = 0; k < tlen; k++)
        if (is_space((unsigned char)t[k])) {
            tlen = k;
            break;
        }
    if (tlen > 1 && t[0] == '<' && t[tlen - 1] == '>')
        t++, tlen -= 2;
    int empty;
    char *text = span_copy(r, text_from, &empty);
    if (!text && !empty)
        return (size_t)-1;
    if (!image && tlen > 0 && t[0] != '#' && add_link(r->ctx, text, t, tlen) != 0) {
        free(text);
        return (size_t)-1;
    }
    /* "[text](#). [4]": the marker may come after punctuation. */
    size_t j = paren + 1, punct_end;
    while (j < len && j - paren <= 3 && s[j] && strchr(".,;:!?", s[j]))
        j++;
    punct_end = j;
    while (j < len && (s[j] == ' ' || s[j] == '\t'))
        j++;
    unsigned long n;
    size_t m = marker_at(s, len, j, &n);
    if (m == 0) {
        free(text);
        return paren + 1 - i;
    }
    if (text) {
        if (add_ref(r->ctx, n, text) != 0)
            return (size_t)-1;
    }
    if (emit(r, s + paren + 1, punct_end - paren - 1) != 0)
        return (size_t)-1;
    return j + m - i;
}

/* An autolink `<scheme:...>` at s[i]: its length, or 0. */
static size_t autolink_at(const char *s, size_t len, size_t i)
{
    static const char *const schemes[] = {
        "http://", "https://", "ftp://", "mailto:", "www.", NULL
    };
    size_t j = i + 1;
    int known = 0;
    for (size_t k = 0; schemes[k] && !known; k++) {
        size_t n = strlen(schemes[k]);
        known = j + n <= len && strncasecmp(s + j, schemes[k], n) == 0;
    }
    if (!known)
        return 0;
    while (j < len && s[j] != '>' && s[j] != '<' && !is_space((unsigned char)s[j]))
        j++;
    return j < len && s[j] == '>' ? j + 1 - i : 0;
}

/* An HTML tag (`<br>`, `</p>`, `<!-- -->`) at s[i]: its length, or 0. */
static size_t tag_at(const char *s, size_t len, size_t i)
{
    if (i + 2 >= len)
        return 0;
    unsigned char c = (unsigned char)s[i + 1];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '!'))
        return 0;
    for (size_t j = i + 1; j < len && j - i < MAX_TAG; j++) {
        if (s[j] == '<' || s[j] == '\n')
            return 0;
        if (s[j] == '>')
            return j + 1 - i;
    }
    return 0;
}

/* Append code point cp as UTF-8 (from a numeric entity). */
static int emit_cp(render_t *r, unsigned long cp)
{
    char b[4];
    size_t n;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return emit(r, "\xef\xbf\xbd", 3);
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return emit(r, b, n);
}

/* An HTML entity at s[i]: renders it and returns its length, 0 when there is
 * none, (size_t)-1 when out of memory. */
static size_t entity_at(render_t *r, const char *s, size_t len, size_t i)
{
    static const struct {
        const char *name, *text;
    } named[] = { { "&amp;", "&" },  { "&lt;", "<" },   { "&gt;", ">" }, { "&quot;", "\"" },
                  { "&apos;", "'" }, { "&nbsp;", " " }, { "&#39;", "'" } };
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
        size_t n = strlen(named[k].name);
        if (i + n <= len && memcmp(s + i, named[k].name, n) == 0)
            return emit(r, named[k].text, strlen(named[k].text)) == 0 ? n : (size_t)-1;
    }
    if (i + 3 >= len || s[i + 1] != '#')
        return 0;
    size_t j = i + 2;
    int hex = s[j] == 'x' || s[j] == 'X';
    unsigned long cp = 0;
    if (hex)
        j++;
    size_t digits_from = j;
    while (j < len && j - digits_from < 7) {
        char c = s[j];
        int v = c >= '0' && c <= '9'          ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                              : -1;
        if (v < 0)
            break;
        cp = cp * (hex ? 16 : 10) + (unsigned long)v;
        j++;
    }
    if (j == digits_from || j >= len || s[j] != ';')
        return 0;
    return emit_cp(r, cp) == 0 ? j + 1 - i : (size_t)-1;
}

/* Open or close a bold phrase. */
static int toggle_bold(render_t *r)
{
    if (r->bold_start == SIZE_MAX) {
        r->bold_start = r->out->len;
        return 0;
    }
    size_t from = r->bold_start;
    r->bold_start = SIZE_MAX;
    if (!r->ctx->collect_bolds || r->ctx->bolds.n >= MAX_BOLDS)
        return 0;
    int empty;
    char *phrase = span_copy(r, from, &empty);
    if (!phrase)
        return empty ? 0 : -1;
    int rc = polis_strv_push(&r->ctx->bolds, phrase);
    free(phrase);
    return rc;
}

static int render(render_t *r, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        unsigned char next = i + 1 < len ? (unsigned char)s[i + 1] : 0;
        unsigned char prev = i > 0 ? (unsigned char)s[i - 1] : ' ';
        size_t used = 0;
        unsigned long n;
        if (c == '\\' && is_ascii_punct(next)) {
            if (emit(r, s + i + 1, 1) != 0)
                return -1;
            i += 2;
            continue;
        }
        /* "__" inside a word (snake_case) is text, "**" never is. */
        if ((c == '*' || c == '_') && next == c &&
            (c == '*' || !is_alnum(prev) || i + 2 >= len || !is_alnum((unsigned char)s[i + 2]))) {
            if (toggle_bold(r) != 0)
                return -1;
            i += 2;
            continue;
        }
        if (c == '*' || c == '`') {
            /* Emphasis and code marks go; a lone " * " stays. */
            if (c == '*' && is_space(prev) && (next == 0 || is_space(next)) && emit(r, "*", 1) != 0)
                return -1;
            i++;
            continue;
        }
        if (c == '[' || (c == '!' && next == '[')) {
            int image = c == '!';
            used = link_at(r, s, len, i + (size_t)image, image);
            if (used == (size_t)-1)
                return -1;
            if (used) {
                i += used + (size_t)image;
                continue;
            }
            used = marker_at(s, len, i, &n);
            if (used) {
                trim_trailing_space(r);
                if (r->auto_end == r->out->len && r->auto_end > r->auto_start) {
                    int empty;
                    char *url = span_copy(r, r->auto_start, &empty);
                    if (!url || add_ref(r->ctx, n, url) != 0)
                        return -1;
                }
                i += used;
                continue;
            }
        }
        if (c == '<') {
            used = autolink_at(s, len, i);
            if (used) {
                if (r->out->len > r->base && r->out->data[r->out->len - 1] != ' ' &&
                    !is_space(prev) && emit(r, " ", 1) != 0)
                    return -1;
                r->auto_start = r->out->len;
                if (emit(r, s + i + 1, used - 2) != 0)
                    return -1;
                r->auto_end = r->out->len;
                i += used;
                continue;
            }
            used = tag_at(s, len, i);
            if (used) {
                if (emit(r, " ", 1) != 0)
                    return -1;
                i += used;
                continue;
            }
        }
        if (c == '&') {
            used = entity_at(r, s, len, i);
            if (used == (size_t)-1)
                return -1;
            if (used) {
                i += used;
                continue;
            }
        }
        if (emit(r, s + i, 1) != 0)
            return -1;
        i++;
    }
    return 0;
}

int polis_md_inline(polis_md_inline_t *ctx, const char *s, size_t len, polis_buf_t *out)
{
    render_t r = { ctx, out, out->len, SIZE_MAX, 0, 0, 0 };
    if (polis_buf_append(out, "", 0) != 0)
        return -1;
    if (render(&r, s, len) != 0)
        return -1;
    trim_trailing_space(&r);
    return 0;
}

const char *polis_md_inline_ref(const polis_md_inline_t *ctx, unsigned long n)
{
    for (size_t i = 0; i < ctx->n_refs; i++)
        if (ctx->refs[i].n == n)
            return ctx->refs[i].text;
    return NULL;
}

void polis_md_inline_clear(polis_md_inline_t *ctx)
{
    polis_strv_clear(&ctx->bolds);
    for (size_t i = 0; i < ctx->n_refs; i++)
        free(ctx->refs[i].text);
    free(ctx->refs);
    for (size_t i = 0; i < ctx->n_links; i++) {
        free(ctx->links[i].text);
        free(ctx->links[i].url);
    }
    free(ctx->links);
    memset(ctx, 0, sizeof *ctx);
}
