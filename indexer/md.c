/* indexer/md.c — the Markdown print export.  See md.h.
 *
 * Two passes: lines are grouped into blocks (paragraphs, list items,
 * headings, `[n] <url>` link lines), then each block is either a field of
 * the page or text of the body.  Blocks are md_blocks.c's, inline Markdown
 * md_inline.c's, people and places md_names.c's, URLs, ids and titles
 * md_url.c's. */
#include "md.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "frdate.h"
#include "md_blocks.h"
#include "md_inline.h"
#include "md_names.h"
#include "md_url.h"
#include "polis/text.h"

#define LABEL_MAX     64 /* a field label is shorter than this */
#define PUBLISHED_MAX 96 /* a "Publié le ..." line is shorter than this */
/* Values kept per list field (themes, keywords...): bounds the duplicate
 * checks of polis_strv_push() on a hostile page. */
#define LIST_MAX 512

typedef enum {
    F_NONE = 0,
    F_TYPE,
    F_DATES,
    F_THEMES,
    F_URL,
    F_PLACES,
    F_AUTHORS,
    F_KEYWORDS,
    F_SUMMARY,
    F_PUBLISHER,
    F_LANGUAGE
} field_t;

/* Field labels by their slug; both slugs of a label with an elision, so the
 * match holds whether folding drops "d'" or not.  Labels a body paragraph
 * could well start with ("Type :", "Source :") are left out. */
static const struct {
    const char *slug;
    field_t field;
} field_labels[] = {
    /* clang-format off */
    {"type-actualites", F_TYPE},    {"type-d-actualites", F_TYPE},  {"type-actualite", F_TYPE},
    {"type-d-actualite", F_TYPE},   {"type-de-contenu", F_TYPE},    {"dates", F_DATES},
    {"date", F_DATES},              {"date-de-evenement", F_DATES}, {"date-de-l-evenement", F_DATES},
    {"thematiques", F_THEMES},      {"thematique", F_THEMES},       {"themes", F_THEMES},
    {"theme", F_THEMES},            {"url-de-la-source", F_URL},    {"url", F_URL},
    {"lieu", F_PLACES},             {"lieux", F_PLACES},            {"territoire", F_PLACES},
    {"territoires", F_PLACES},      {"auteur", F_AUTHORS},          {"auteurs", F_AUTHORS},
    {"mots-cles", F_KEYWORDS},      {"mots-cle", F_KEYWORDS},       {"tags", F_KEYWORDS},
    {"etiquettes", F_KEYWORDS},     {"resume", F_SUMMARY},          {"chapo", F_SUMMARY},
    {"editeur", F_PUBLISHER},       {"langue", F_LANGUAGE},
    /* clang-format on */
};

/* Everything one parse works with. */
typedef struct {
    const polis_themes_t *themes;
    polis_doc_t *doc;
    polis_strv_t *warnings;
    polis_md_inline_t ictx;
    polis_buf_t body;
    polis_buf_t tmp;
    polis_md_block_kind_t prev_body; /* kind of the block just rendered into the body */
    int prev_was_body;               /* the previous block went to the body */
    char dates_field[POLIS_FRDATE_SIZE];
    int has_fields;
} parse_t;

/* ---- fields ------------------------------------------------------------- */

static void skip_marks(const char *s, size_t len, size_t *i)
{
    while (*i < len && (s[*i] == ' ' || s[*i] == '\t' || s[*i] == '\n' || s[*i] == '*' ||
                        (s[*i] == '_' && *i + 1 < len && s[*i + 1] == '_')))
        (*i)++;
}

/* Whether s[0..len) starts with a field label: "Label:", "**Label:**" or
 * "**Label (note):**".  Sets the offsets of the value and of the note in
 * parentheses (note_len 0 when none).  Returns the field or F_NONE. */
static field_t field_of(const char *s, size_t len, size_t *value, size_t *note, size_t *note_len)
{
    size_t i = 0, start, end;
    skip_marks(s, len, &i);
    start = i;
    while (i < len && s[i] != ':' && s[i] != '(' && s[i] != '\n' && i - start < LABEL_MAX)
        i++;
    if (i >= len || (s[i] != ':' && s[i] != '('))
        return F_NONE;
    end = i;
    *note_len = 0;
    if (s[i] == '(') {
        const char *close = memchr(s + i, ')', len - i);
        if (!close)
            return F_NONE;
        *note = i + 1;
        *note_len = (size_t)(close - s) - i - 1;
        i = (size_t)(close - s) + 1;
        while (i < len && (s[i] == ' ' || s[i] == '*'))
            i++;
        if (i >= len || s[i] != ':')
            return F_NONE;
    }
    polis_buf_t slug = { .max = 4 * LABEL_MAX };
    field_t f = F_NONE;
    if (polis_text_slug(s + start, end - start, &slug) == 0 && slug.len > 0)
        for (size_t k = 0; k < sizeof field_labels / sizeof field_labels[0] && !f; k++)
            if (strcmp(slug.data, field_labels[k].slug) == 0)
                f = field_labels[k].field;
    polis_buf_free(&slug);
    i++;
    skip_marks(s, len, &i);
    *value = i;
    return f;
}

static void warnf(parse_t *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Add a warning line (out of memory here only loses the warning). */
static void warnf(parse_t *p, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    if (!p->warnings)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (polis_strv_push(p->warnings, line) != 0)
        return;
}

/* Append s to v unless v holds LIST_MAX values already.  0 or -1. */
static int push_capped(polis_strv_t *v, const char *s)
{
    return v->n >= LIST_MAX ? 0 : polis_strv_push(v, s);
}

/* Map one theme label: its id to doc->themes, or the label to keywords
 * with a warning.  0 or -1 (out of memory). */
static int add_theme(parse_t *p, const char *label)
{
    const char *id = polis_themes_lookup(p->themes, label);
    if (id)
        return push_capped(&p->doc->themes, id);
    if (p->themes && p->warnings && p->warnings->n < LIST_MAX)
        warnf(p, "unknown theme \"%s\"", label);
    return push_capped(&p->doc->keywords, label);
}

/* Render s[0..len) (inline Markdown) into p->tmp, no bold phrases noted. */
static int render_tmp(parse_t *p, const char *s, size_t len)
{
    p->tmp.len = 0;
    p->ictx.collect_bolds = 0;
    int rc = polis_md_inline(&p->ictx, s, len, &p->tmp);
    p->ictx.collect_bolds = 1;
    return rc;
}

/* Call add(p, item, field) for each item of a rendered list value: the texts
 * of its `[text](...)` links, else its comma- or semicolon-separated parts. */
static int each_item(parse_t *p, const char *s, size_t len, field_t f,
                     int (*add)(parse_t *, const char *, field_t))
{
    int links = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '[')
            continue;
        const char *close = memchr(s + i, ']', len - i);
        if (!close || (size_t)(close - s) + 1 >= len || close[1] != '(')
            continue;
        links++;
        if (render_tmp(p, s + i + 1, (size_t)(close - s) - i - 1) != 0)
            return -1;
        if (p->tmp.len > 0) {
            char *item = strdup(p->tmp.data);
            int rc = item ? add(p, item, f) : -1;
            free(item);
            if (rc != 0)
                return -1;
        }
        i = (size_t)(close - s);
    }
    if (render_tmp(p, s, len) != 0) /* notes the [n] markers for the links */
        return -1;
    if (links)
        return 0;
    char *copy = strdup(p->tmp.data);
    int rc = copy ? 0 : -1;
    for (char *save = NULL, *tok = copy ? strtok_r(copy, ",;", &save) : NULL; tok && rc == 0;
         tok = strtok_r(NULL, ",;", &save)) {
        tok += strspn(tok, " ");
        size_t n = strlen(tok);
        while (n > 0 && tok[n - 1] == ' ')
            tok[--n] = '\0';
        if (n > 0)
            rc = add(p, tok, f);
    }
    free(copy);
    return rc;
}

static int add_item(parse_t *p, const char *item, field_t f)
{
    switch (f) {
    case F_THEMES: return add_theme(p, item);
    case F_PLACES: return push_capped(&p->doc->places, item);
    case F_AUTHORS: return push_capped(&p->doc->authors, item);
    default: return push_capped(&p->doc->keywords, item);
    }
}

/* Whether a block is nothing but `[Label](...) [n]` links: the lines that
 * follow "Thématiques:". */
static int only_links(const char *s, size_t len)
{
    size_t i = 0, links = 0;
    while (i < len) {
        if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == ',' || s[i] == ';' ||
            s[i] == '*') {
            i++;
            continue;
        }
        if (s[i] != '[')
            return 0;
        const char *close = memchr(s + i, ']', len - i);
        if (!close)
            return 0;
        i = (size_t)(close - s) + 1;
        if (i < len && s[i] == '(') {
            const char *paren = memchr(s + i, ')', len - i);
            if (!paren)
                return 0;
            i = (size_t)(paren - s) + 1;
            links++;
        }
    }
    return links > 0;
}

/* The date of a value: the whole of it as a date, else the first date in it. */
static void date_of(const char *s, size_t len, char out[POLIS_FRDATE_SIZE])
{
    if (polis_frdate_parse(s, len, out) != 0 && polis_frdate_find(s, len, out) != 0)
        out[0] = '\0';
}

/* "URL de la source (modifié le 12/12/2017 - 17:10): <url>". */
static int url_field(parse_t *p, const char *s, size_t len, const char *note, size_t note_len)
{
    size_t i = 0;
    while (i < note_len && !(note[i] >= '0' && note[i] <= '9'))
        i++;
    if (i < note_len)
        date_of(note + i, note_len - i, p->doc->modified);
    const char *u;
    size_t ulen;
    if (polis_md_url_in(s, len, &u, &ulen) && !p->doc->url)
        return polis_str_set(&p->doc->url, u, ulen);
    return 0;
}

/* Handle a field block.  0 or -1 (out of memory). */
static int field(parse_t *p, field_t f, const char *s, size_t len, const char *note,
                 size_t note_len)
{
    p->has_fields = 1;
    switch (f) {
    case F_URL: return url_field(p, s, len, note, note_len);
    case F_THEMES:
    case F_PLACES:
    case F_AUTHORS:
    case F_KEYWORDS: return each_item(p, s, len, f, add_item);
    default: break;
    }
    if (render_tmp(p, s, len) != 0)
        return -1;
    if (p->tmp.len == 0)
        return 0;
    switch (f) {
    case F_TYPE:
        return p->doc->site_type ? 0 : polis_str_set(&p->doc->site_type, p->tmp.data, (size_t)-1);
    case F_DATES: date_of(p->tmp.data, p->tmp.len, p->dates_field); return 0;
    case F_SUMMARY: return polis_str_set(&p->doc->summary, p->tmp.data, (size_t)-1);
    case F_PUBLISHER: return polis_str_set(&p->doc->publisher, p->tmp.data, (size_t)-1);
    case F_LANGUAGE: return polis_str_set(&p->doc->language, p->tmp.data, (size_t)-1);
    default: return 0;
    }
}

/* "Publié le 25 octobre 2017" (no colon): sets the published date and
 * returns 1 when the block is that line. */
static int published_line(parse_t *p, const char *s, size_t len)
{
    size_t i = 0, pos, a, b;
    skip_marks(s, len, &i);
    if (len - i > PUBLISHED_MAX)
        return 0;
    polis_buf_t slug = { .max = 4 * PUBLISHED_MAX };
    int is =
        polis_text_slug(s + i, len - i, &slug) == 0 &&
        (strncmp(slug.data, "publie-le-", 10) == 0 || strncmp(slug.data, "publiee-le-", 11) == 0 ||
         strncmp(slug.data, "mis-en-ligne-le-", 16) == 0);
    polis_buf_free(&slug);
    if (!is)
        return 0;
    pos = i;
    for (int w = 0; w < 4 && polis_text_next_word(s, len, &pos, &a, &b); w++)
        if (b - a == 2 && strncmp(s + a, "le", 2) == 0)
            break;
    char date[POLIS_FRDATE_SIZE];
    date_of(s + pos, len - pos, date);
    if (!date[0])
        return 0;
    memcpy(p->doc->published, date, sizeof date);
    p->has_fields = 1;
    return 1;
}

/* ---- pass 2: the body --------------------------------------------------- */

/* Whether a heading is "Liens", the title of the link list. */
static int is_links_heading(const char *s, size_t len)
{
    polis_buf_t slug = { .max = 64 };
    int is = polis_text_slug(s, len, &slug) == 0 && slug.len > 0 &&
             (strcmp(slug.data, "liens") == 0 || strcmp(slug.data, "links") == 0);
    polis_buf_free(&slug);
    return is;
}

/* Whether rendered text begins with a lower-case letter. */
static int starts_lower(const char *s, size_t len)
{
    utf8proc_int32_t cp;
    if (len == 0 || utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp) <= 0)
        return 0;
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* Render a block into the body as a new paragraph, a new list item, or the
 * continuation of the previous one (a line that starts lower-case after an
 * item or an unfinished paragraph: a list item broken by a blank line). */
static int body_block(parse_t *p, const polis_md_block_t *b)
{
    if (render_tmp(p, b->text, b->len) != 0)
        return -1;
    if (p->tmp.len == 0)
        return 0;
    const char *sep = "\n\n";
    int joined = 0;
    if (p->body.len == 0) {
        sep = "";
    } else if (b->kind == POLIS_MD_PARA && p->prev_was_body &&
               starts_lower(p->tmp.data, p->tmp.len)) {
        char last = p->body.data[p->body.len - 1];
        joined = p->prev_body == POLIS_MD_ITEM ||
                 (p->prev_body == POLIS_MD_PARA && !strchr(".!?:", last));
    } else if (b->kind == POLIS_MD_ITEM && p->prev_was_body && p->prev_body == POLIS_MD_ITEM) {
        sep = "\n";
    }
    if (joined)
        sep = " ";
    /* Rendered again into the body so bold phrases are noted once, in order. */
    if (polis_buf_puts(&p->body, sep) != 0 ||
        polis_md_inline(&p->ictx, b->text, b->len, &p->body) != 0)
        return -1;
    if (!joined)
        p->prev_body = b->kind; /* a joined line leaves its item an item */
    p->prev_was_body = 1;
    return 0;
}

/* The heading that gives the title: the first of the highest level, other
 * than "Liens".  Returns its index or -1. */
static long title_heading(const polis_md_block_t *blocks, size_t n)
{
    long best = -1;
    for (size_t i = 0; i < n; i++) {
        if (blocks[i].kind != POLIS_MD_HEADING || is_links_heading(blocks[i].text, blocks[i].len))
            continue;
        if (best < 0 || blocks[i].level < blocks[best].level)
            best = (long)i;
    }
    return best;
}

static int walk_blocks(parse_t *p, const polis_md_block_t *blocks, size_t n, long title)
{
    int in_links = 0, in_themes = 0;
    for (size_t i = 0; i < n; i++) {
        const polis_md_block_t *b = &blocks[i];
        size_t value = 0, note = 0, note_len = 0;
        field_t f = F_NONE;
        int rc = 0, was_body = 0;
        if (b->kind == POLIS_MD_PARA && !in_links)
            f = field_of(b->text, b->len, &value, &note, &note_len);
        if (b->kind == POLIS_MD_HEADING) {
            in_links = is_links_heading(b->text, b->len);
            in_themes = 0;
            if (!in_links && (long)i != title) {
                rc = body_block(p, b);
                was_body = 1;
            }
        } else if (b->kind == POLIS_MD_LINKDEF || in_links) {
            /* read after the walk, from the blocks */
        } else if (b->kind == POLIS_MD_PARA && in_themes && only_links(b->text, b->len)) {
            rc = each_item(p, b->text, b->len, F_THEMES, add_item);
        } else if (f != F_NONE) {
            in_themes = f == F_THEMES;
            rc = field(p, f, b->text + value, b->len - value, b->text + note, note_len);
        } else if (b->kind == POLIS_MD_PARA && published_line(p, b->text, b->len)) {
            in_themes = 0;
        } else {
            in_themes = 0;
            rc = body_block(p, b);
            was_body = 1;
        }
        if (rc != 0)
            return -1;
        if (!was_body)
            p->prev_was_body = 0;
    }
    return 0;
}

/* ---- assembling the document -------------------------------------------- */

/* Title: the heading, else the first bold phrase of the body that is not a
 * person's name, else the URL's last segment or the file name, readable. */
static int make_title(parse_t *p, const polis_md_block_t *blocks, long title, const char *relpath)
{
    polis_doc_t *doc = p->doc;
    if (title >= 0) {
        if (render_tmp(p, blocks[title].text, blocks[title].len) != 0)
            return -1;
        if (p->tmp.len > 0)
            return polis_str_set(&doc->title, p->tmp.data, (size_t)-1);
    }
    for (size_t i = 0; i < p->ictx.bolds.n; i++) {
        const char *b = p->ictx.bolds.v[i];
        if (strlen(b) >= 4 && !polis_md_is_person(b, strlen(b))) {
            /* "L'**appel à projets ...**": a title starts with a capital. */
            if (polis_str_set(&doc->title, b, (size_t)-1) != 0)
                return -1;
            polis_md_capitalize(doc->title, strlen(doc->title));
            return 0;
        }
    }
    size_t seglen = 0;
    const char *seg = doc->url ? polis_md_url_segment(doc->url, &seglen) : NULL;
    int has_ext = 0;
    if (!seg) {
        const char *slash = strrchr(relpath, '/');
        seg = slash ? slash + 1 : relpath;
        seglen = strlen(seg);
        has_ext = 1;
    }
    p->tmp.len = 0;
    if (polis_md_readable(seg, seglen, has_ext, &p->tmp) != 0)
        return -1;
    return p->tmp.len ? polis_str_set(&doc->title, p->tmp.data, (size_t)-1) : 0;
}

/* Id from the URL's last segment, else from the path; kind from the id,
 * the file name, the title and the URL. */
static int make_id_kind(parse_t *p, const char *relpath)
{
    polis_doc_t *doc = p->doc;
    polis_buf_t name = { 0 }, title = { 0 };
    size_t seglen = 0;
    const char *seg = doc->url ? polis_md_url_segment(doc->url, &seglen) : NULL;
    int rc = 0;
    p->tmp.len = 0;
    if (seg)
        rc = polis_md_segment_id(seg, seglen, &p->tmp);
    if (rc == 0 && p->tmp.len == 0)
        rc = polis_md_path_id(relpath, &p->tmp);
    if (rc == 0)
        rc = polis_str_set(&doc->id, p->tmp.data, (size_t)-1);
    /* The name a kind is read from: the URL's segment, else the file's. */
    if (!seg) {
        const char *slash = strrchr(relpath, '/');
        seg = slash ? slash + 1 : relpath;
        seglen = strlen(seg);
    }
    if (rc == 0)
        rc = polis_md_segment_id(seg, seglen, &name);
    if (rc == 0 && doc->title)
        rc = polis_text_slug(doc->title, strlen(doc->title), &title);
    if (rc == 0) {
        const char *n = name.data ? name.data : "", *t = title.data ? title.data : "";
        const char *url = doc->url ? doc->url : "";
        if (strncasecmp(n, "retour-sur", 10) == 0 || strncmp(t, "retour-sur", 10) == 0)
            doc->kind = POLIS_KIND_RECAP;
        else if (strcasestr(url, "bibliographie") || strncmp(t, "bibliographie", 13) == 0)
            doc->kind = POLIS_KIND_BIBLIOGRAPHY;
        else if (strstr(url, "/action/"))
            doc->kind = POLIS_KIND_PAGE;
        else
            doc->kind = POLIS_KIND_NEWS;
    }
    polis_buf_free(&name);
    polis_buf_free(&title);
    return rc;
}

/* Links: the `[n] <url>` list in its order, each with the text its marker
 * follows, then the inline links with a real target not listed already. */
static int make_links(parse_t *p, const polis_md_block_t *blocks, size_t n)
{
    polis_doc_t *doc = p->doc;
    for (size_t i = 0; i < n; i++) {
        if (blocks[i].kind != POLIS_MD_LINKDEF)
            continue;
        char *url = strndup(blocks[i].text, blocks[i].len);
        int rc =
            url ? polis_doc_add_link(doc, polis_md_inline_ref(&p->ictx, blocks[i].n), url) : -1;
        free(url);
        if (rc != 0)
            return -1;
    }
    for (size_t i = 0; i < p->ictx.n_links; i++) {
        const polis_link_t *l = &p->ictx.links[i];
        int seen = 0;
        for (size_t k = 0; k < doc->n_links && !seen; k++)
            seen = strcmp(doc->links[k].url, l->url) == 0;
        if (!seen && polis_doc_add_link(doc, l->text, l->url) != 0)
            return -1;
    }
    return 0;
}

/* People among the bold phrases become keywords; places come from the
 * title and the body. */
static int make_names(parse_t *p)
{
    polis_doc_t *doc = p->doc;
    for (size_t i = 0; i < p->ictx.bolds.n; i++) {
        const char *b = p->ictx.bolds.v[i];
        if (polis_md_is_person(b, strlen(b)) && push_capped(&doc->keywords, b) != 0)
            return -1;
    }
    if (doc->title && polis_md_find_places(doc->title, strlen(doc->title), &doc->places) != 0)
        return -1;
    return polis_md_find_places(p->body.data, p->body.len, &doc->places);
}

static int fail(polis_doc_t *doc, char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
    polis_doc_clear(doc);
    return -1;
}

int polis_md_parse(const char *relpath, const char *buf, size_t len, const polis_themes_t *themes,
                   polis_doc_t *doc, polis_strv_t *warnings, char *err, size_t errlen)
{
    polis_doc_clear(doc);
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        buf += 3, len -= 3; /* byte order mark */
    if (len == 0 || strspn(buf, " \t\r\n") >= len)
        return fail(doc, err, errlen, "empty file");
    if (memchr(buf, '\0', len))
        return fail(doc, err, errlen, "binary file (NUL byte)");
    if (!polis_text_valid_utf8(buf, len))
        return fail(doc, err, errlen, "not UTF-8");

    parse_t p = { .themes = themes, .doc = doc, .warnings = warnings };
    p.ictx.collect_bolds = 1;
    p.body.max = 2 * len + 1024; /* rendering never grows the text much */
    polis_md_block_t *blocks = NULL;
    size_t n = 0;
    long title = -1;
    int rc = polis_md_blocks(buf, len, &blocks, &n);
    if (rc == 0) {
        title = title_heading(blocks, n);
        rc = walk_blocks(&p, blocks, n, title);
    }
    if (rc == 0 && p.body.len == 0 && title < 0 && !doc->url && !p.has_fields) {
        free(blocks);
        polis_md_inline_clear(&p.ictx);
        polis_buf_free(&p.body);
        polis_buf_free(&p.tmp);
        return fail(doc, err, errlen, "no recognisable content: no title, no text");
    }
    if (rc == 0 && p.body.len > 0)
        rc = polis_str_set(&doc->body, p.body.data, p.body.len);
    if (rc == 0)
        rc = make_title(&p, blocks, title, relpath);
    if (rc == 0)
        rc = make_id_kind(&p, relpath);
    if (rc == 0)
        rc = make_links(&p, blocks, n);
    if (rc == 0)
        rc = make_names(&p);
    if (rc == 0 && !doc->language)
        rc = polis_str_set(&doc->language, "fr", 2);
    if (rc == 0) {
        if (p.body.len == 0 || polis_frdate_find(p.body.data, p.body.len, doc->event_date) != 0)
            memcpy(doc->event_date, p.dates_field, sizeof doc->event_date);
        if (!doc->published[0] && strlen(p.dates_field) == 10)
            memcpy(doc->published, p.dates_field, sizeof doc->published);
    }
    free(blocks);
    polis_md_inline_clear(&p.ictx);
    polis_buf_free(&p.body);
    polis_buf_free(&p.tmp);
    return rc == 0 ? 0 : fail(doc, err, errlen, "out of memory");
}
