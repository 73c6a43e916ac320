/* indexer/md.c — the Markdown print export.  See md.h.
 *
 * md_tree.c reads the Markdown (md4c); this file only knows the export's
 * fields.  A field is recognised at the start of any line, whatever
 * surrounds it: export tools put the field lines one below the other with
 * or without blank lines, in any order.  Lines that are no field are the
 * body.  People and places are md_names.c's, URLs and titles md_url.c's,
 * ids ident.c's. */
#include "md.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "frdate.h"
#include "ident.h"
#include "kind.h"
#include "md_front.h"
#include "md_names.h"
#include "md_url.h"
#include "polis/text.h"

#define LABEL_MAX     64 /* a field label is shorter than this */
#define VALUE_LINE    80 /* a value alone on its line under its label is shorter */
/* Values kept per list field (themes, keywords...): bounds the duplicate
 * checks of polis_strv_push() on a hostile page. */
#define LIST_MAX  512
#define BOLDS_MAX 256

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
 * match holds whether folding drops "d'" or not.  Labels a body line could
 * well start with ("Type :", "Source :") are left out. */
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
    const polis_md_tree_t *tree;
    const polis_md_block_t *block; /* the block being read */
    polis_doc_t *doc;
    polis_strv_t *warnings;
    polis_buf_t body;
    polis_buf_t tmp;
    polis_strv_t bolds;              /* bold phrases of the body, in order */
    polis_md_block_kind_t prev_body; /* kind of the block just rendered into the body */
    int prev_was_body;               /* the previous block went to the body */
    field_t list;                    /* a list field whose values may go on below it */
    int list_open;                   /* ... and its label had no value on its line */
    const polis_md_block_t *list_block; /* ... and the block of its label */
    char dates_field[POLIS_FRDATE_SIZE];
    int has_fields;
} parse_t;

/* ---- text of the tree ----------------------------------------------------- */

static const char *text_at(const parse_t *p, size_t off)
{
    return p->tree->text.data + off;
}

/* Copy tree text [from, to) into p->tmp, line breaks as spaces, trimmed. */
static int copy_tmp(parse_t *p, size_t from, size_t to)
{
    while (from < to && (*text_at(p, from) == ' ' || *text_at(p, from) == '\n'))
        from++;
    while (to > from && (*text_at(p, to - 1) == ' ' || *text_at(p, to - 1) == '\n'))
        to--;
    p->tmp.len = 0;
    int rc = polis_buf_append(&p->tmp, "", 0);
    for (size_t i = from; rc == 0 && i < to; i++) {
        char c = *text_at(p, i) == '\n' ? ' ' : *text_at(p, i);
        rc = polis_buf_append(&p->tmp, &c, 1);
    }
    return rc;
}

static int push_capped(polis_strv_t *v, const char *s)
{
    return v->n >= LIST_MAX ? 0 : polis_strv_push(v, s);
}

/* ---- fields ------------------------------------------------------------- */

/* Whether s[0..len) starts with a field label: "Label:", "Label :" or
 * "Label (note):".  Sets the offset of the value and of the note in
 * parentheses (note_len 0 when none).  Returns the field or F_NONE. */
static field_t field_of(const char *s, size_t len, size_t *value, size_t *note, size_t *note_len)
{
    size_t i = 0;
    while (i < len && s[i] != ':' && s[i] != '(' && i < LABEL_MAX)
        i++;
    if (i >= len || (s[i] != ':' && s[i] != '('))
        return F_NONE;
    size_t end = i;
    *note_len = 0;
    if (s[i] == '(') {
        const char *close = memchr(s + i, ')', len - i);
        if (!close)
            return F_NONE;
        *note = i + 1;
        *note_len = (size_t)(close - s) - i - 1;
        i = (size_t)(close - s) + 1;
        while (i < len && s[i] == ' ')
            i++;
        if (i >= len || s[i] != ':')
            return F_NONE;
    }
    polis_buf_t slug = { .max = 4 * LABEL_MAX };
    field_t f = F_NONE;
    if (polis_text_slug(s, end, &slug) == 0 && slug.len > 0)
        for (size_t k = 0; k < sizeof field_labels / sizeof field_labels[0] && !f; k++)
            if (strcmp(slug.data, field_labels[k].slug) == 0)
                f = field_labels[k].field;
    polis_buf_free(&slug);
    i++;
    while (i < len && s[i] == ' ')
        i++;
    *value = i;
    return f;
}

/* Add a label (themes) or value to its list field. */
static int add_item(parse_t *p, field_t f, const char *item)
{
    polis_doc_t *doc = p->doc;
    switch (f) {
    case F_THEMES: return push_capped(&doc->themes, item);
    case F_PLACES: return push_capped(&doc->places, item);
    case F_AUTHORS: return push_capped(&doc->authors, item);
    default: return push_capped(&doc->keywords, item);
    }
}

/* Whether tree text [from, to) is nothing but links and separators: the
 * `[Label](#) [n]` lines that follow "Thématiques:". */
static int only_links(const parse_t *p, size_t from, size_t to)
{
    const polis_md_tree_t *t = p->tree;
    size_t links = 0, at = from;
    for (size_t i = polis_md_tree_first_span(t, from); i < t->nspans; i++) {
        const polis_md_span_t *s = &t->spans[i];
        if (s->from >= to)
            break;
        if (s->kind != POLIS_MD_LINK || s->from < at)
            continue;
        for (size_t k = at; k < s->from; k++)
            if (!strchr(" ,;\n", *text_at(p, k)))
                return 0;
        links++;
        at = s->to;
    }
    for (size_t k = at; k < to; k++)
        if (!strchr(" ,;.\n", *text_at(p, k)))
            return 0;
    return links > 0;
}

/* The items of a list value [from, to): the texts of its links, else its
 * comma- or semicolon-separated parts. */
static int add_items(parse_t *p, field_t f, size_t from, size_t to)
{
    const polis_md_tree_t *t = p->tree;
    int links = 0, rc = 0;
    for (size_t i = polis_md_tree_first_span(t, from); rc == 0 && i < t->nspans; i++) {
        const polis_md_span_t *s = &t->spans[i];
        if (s->from >= to)
            break;
        if (s->kind != POLIS_MD_LINK || s->autolink || s->to > to)
            continue;
        links++;
        rc = copy_tmp(p, s->from, s->to);
        if (rc == 0 && p->tmp.len)
            rc = add_item(p, f, p->tmp.data);
    }
    if (rc != 0 || links)
        return rc;
    if (copy_tmp(p, from, to) != 0)
        return -1;
    char *copy = strdup(p->tmp.data);
    rc = copy ? 0 : -1;
    for (char *save = NULL, *tok = copy ? strtok_r(copy, ",;", &save) : NULL; tok && rc == 0;
         tok = strtok_r(NULL, ",;", &save)) {
        tok += strspn(tok, " ");
        size_t n = strlen(tok);
        while (n > 0 && (tok[n - 1] == ' ' || tok[n - 1] == '.'))
            tok[--n] = '\0';
        if (n > 0)
            rc = add_item(p, f, tok);
    }
    free(copy);
    return rc;
}

/* The date of a value: the whole of it as a date, else the first date in it. */
static void date_of(const char *s, size_t len, char out[POLIS_FRDATE_SIZE])
{
    if (polis_frdate_parse(s, len, out) != 0 && polis_frdate_find(s, len, out) != 0)
        out[0] = '\0';
}

/* "URL de la source (modifié le 12/12/2017 - 17:10): <url>": the link's
 * target when it has one, else a URL written in the text. */
static int url_field(parse_t *p, size_t from, size_t to, const char *note, size_t note_len)
{
    const polis_md_tree_t *t = p->tree;
    size_t i = 0;
    while (i < note_len && !(note[i] >= '0' && note[i] <= '9'))
        i++;
    if (i < note_len)
        date_of(note + i, note_len - i, p->doc->modified);
    if (p->doc->url)
        return 0;
    for (size_t k = polis_md_tree_first_span(t, from); k < t->nspans && t->spans[k].from < to; k++) {
        const char *href = polis_md_tree_href(t, &t->spans[k]);
        if (t->spans[k].kind == POLIS_MD_LINK && polis_md_url_is_absolute(href, strlen(href)))
            return polis_str_set(&p->doc->url, href, (size_t)-1);
    }
    const char *u;
    size_t ulen;
    if (polis_md_url_in(text_at(p, from), to - from, &u, &ulen))
        return polis_str_set(&p->doc->url, u, ulen);
    return 0;
}

/* A field line's value [from, to).  0 or -1 (out of memory). */
static int field(parse_t *p, field_t f, size_t from, size_t to, const char *note, size_t note_len)
{
    p->has_fields = 1;
    p->list = F_NONE;
    switch (f) {
    case F_URL: return url_field(p, from, to, note, note_len);
    case F_THEMES:
    case F_PLACES:
    case F_AUTHORS:
    case F_KEYWORDS:
        p->list = f;
        p->list_open = from == to;
        p->list_block = p->block;
        return add_items(p, f, from, to);
    default: break;
    }
    if (copy_tmp(p, from, to) != 0)
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

/* A published-date line sets the document's date: 1 when the line is one. */
static int published_line(parse_t *p, const char *s, size_t len)
{
    char date[POLIS_FRDATE_SIZE];
    if (!polis_frdate_published(s, len, date))
        return 0;
    memcpy(p->doc->published, date, sizeof date);
    p->has_fields = 1;
    return 1;
}

int polis_md_is_field_line(const char *s, size_t len)
{
    size_t value, note, note_len;
    char date[POLIS_FRDATE_SIZE];
    return field_of(s, len, &value, &note, &note_len) != F_NONE || polis_frdate_published(s, len, date);
}

/* Whether a line below a list field's label is one more value: links
 * only; or a short line that reads as no sentence, in the label's own
 * block, or in the blocks below a label with nothing after it. */
static int list_value(parse_t *p, const polis_md_block_t *b, const char *s, size_t len,
                      size_t from)
{
    if (p->list == F_NONE)
        return 0;
    if (only_links(p, from, from + len))
        return 1;
    if (len > VALUE_LINE || strchr(".!?:", s[len - 1]))
        return 0;
    if (b == p->list_block)
        return 1;
    return p->list_open && (b->kind == POLIS_MD_ITEM || b->nlines <= 8);
}

/* ---- the body ------------------------------------------------------------- */

/* Whether a heading is "Liens", the title of the link list. */
static int is_links_heading(const char *s, size_t len)
{
    polis_buf_t slug = { .max = 64 };
    int is = polis_text_slug(s, len, &slug) == 0 && slug.len > 0 &&
             (strcmp(slug.data, "liens") == 0 || strcmp(slug.data, "links") == 0);
    polis_buf_free(&slug);
    return is;
}

static int starts_lower(const char *s, size_t len)
{
    utf8proc_int32_t cp;
    if (len == 0 || utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp) <= 0)
        return 0;
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* Note the bold phrases of tree text [from, to), for the title and people. */
static int note_bolds(parse_t *p, size_t from, size_t to)
{
    const polis_md_tree_t *t = p->tree;
    int rc = 0;
    for (size_t i = polis_md_tree_first_span(t, from); rc == 0 && i < t->nspans; i++) {
        const polis_md_span_t *s = &t->spans[i];
        if (s->from >= to || p->bolds.n >= BOLDS_MAX)
            break;
        if (s->kind != POLIS_MD_STRONG || s->to > to || s->to == s->from)
            continue;
        rc = copy_tmp(p, s->from, s->to);
        if (rc == 0 && p->tmp.len)
            rc = polis_strv_push(&p->bolds, p->tmp.data);
    }
    return rc;
}

/* Tree text [from, to) into the body as a new paragraph, a new list item,
 * or the continuation of the previous one (a line that starts lower-case
 * after an item or an unfinished paragraph: an item broken by a blank line). */
static int body_text(parse_t *p, polis_md_block_kind_t kind, size_t from, size_t to)
{
    if (copy_tmp(p, from, to) != 0)
        return -1;
    if (p->tmp.len == 0)
        return 0;
    const char *sep = "\n\n";
    int joined = 0;
    if (p->body.len == 0) {
        sep = "";
    } else if (kind == POLIS_MD_PARA && p->prev_was_body && starts_lower(p->tmp.data, p->tmp.len)) {
        char last = p->body.data[p->body.len - 1];
        joined = p->prev_body == POLIS_MD_ITEM ||
                 (p->prev_body == POLIS_MD_PARA && !strchr(".!?:", last));
    } else if (kind == POLIS_MD_ITEM && p->prev_was_body && p->prev_body == POLIS_MD_ITEM) {
        sep = "\n";
    }
    if (joined)
        sep = " ";
    if (polis_buf_puts(&p->body, sep) != 0 || polis_buf_puts(&p->body, p->tmp.data) != 0 ||
        note_bolds(p, from, to) != 0)
        return -1;
    if (!joined)
        p->prev_body = kind; /* a joined line leaves its item an item */
    p->prev_was_body = 1;
    return 0;
}

/* The heading that gives the title: the first of the highest level, other
 * than "Liens".  Returns its block index or -1. */
static long title_heading(const polis_md_tree_t *t)
{
    long best = -1;
    for (size_t i = 0; i < t->nblocks; i++) {
        const polis_md_block_t *b = &t->blocks[i];
        size_t len;
        const char *s = polis_md_tree_line(t, b->line, &len);
        if (b->kind != POLIS_MD_HEADING || is_links_heading(s, len))
            continue;
        if (best < 0 || b->level < t->blocks[best].level)
            best = (long)i;
    }
    return best;
}

/* The lines of one block: fields where a line starts with a label, the
 * rest runs of body text.  0 or -1. */
static int walk_lines(parse_t *p, const polis_md_block_t *b)
{
    p->block = b;
    const polis_md_tree_t *t = p->tree;
    size_t run_from = 0, run_to = 0;
    int rc = 0, run = 0, any_body = 0;
    for (size_t k = b->line; rc == 0 && k < b->line + b->nlines; k++) {
        const polis_md_line_t *l = &t->lines[k];
        size_t len, value = 0, note = 0, note_len = 0;
        const char *s = polis_md_tree_line(t, k, &len);
        /* A list item "**Territoires** : …" is body text, not a field. */
        field_t f = l->linkdef || b->kind == POLIS_MD_ITEM
                        ? F_NONE
                        : field_of(s, len, &value, &note, &note_len);
        int other = l->linkdef || f != F_NONE ||
                    (b->kind != POLIS_MD_ITEM && published_line(p, s, len));
        if (!other && list_value(p, b, s, len, l->from)) {
            rc = add_items(p, p->list, l->from, l->to);
            continue;
        }
        if (other && run) {
            rc = body_text(p, b->kind, run_from, run_to);
            run = 0;
            any_body = 1;
        }
        if (f != F_NONE) {
            rc = rc ? rc : field(p, f, l->from + value, l->to, s + note, note_len);
        } else if (other) {
            p->list = F_NONE;
        } else {
            p->list = F_NONE;
            if (!run)
                run_from = l->from;
            run_to = l->to;
            run = 1;
        }
    }
    if (rc == 0 && run) {
        rc = body_text(p, b->kind, run_from, run_to);
        any_body = 1;
    }
    if (!any_body)
        p->prev_was_body = 0;
    return rc;
}

static int walk_blocks(parse_t *p, long title)
{
    const polis_md_tree_t *t = p->tree;
    int in_links = 0;
    for (size_t i = 0; i < t->nblocks; i++) {
        const polis_md_block_t *b = &t->blocks[i];
        int rc = 0;
        if (b->kind == POLIS_MD_HEADING) {
            size_t len;
            const char *s = polis_md_tree_line(t, b->line, &len);
            in_links = is_links_heading(s, len);
            p->list = F_NONE;
            if (!in_links && (long)i != title) {
                const polis_md_line_t *last = &t->lines[b->line + b->nlines - 1];
                rc = body_text(p, POLIS_MD_HEADING, t->lines[b->line].from, last->to);
            } else {
                p->prev_was_body = 0;
            }
        } else if (!in_links) {
            rc = walk_lines(p, b);
        }
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* ---- assembling the document -------------------------------------------- */

/* Title: the heading, else the first bold phrase of the body that is not a
 * person's name, else the URL's last segment or the file name, readable. */
static int make_title(parse_t *p, long title, const char *relpath)
{
    polis_doc_t *doc = p->doc;
    const polis_md_tree_t *t = p->tree;
    if (title >= 0) {
        const polis_md_block_t *b = &t->blocks[title];
        if (copy_tmp(p, t->lines[b->line].from, t->lines[b->line + b->nlines - 1].to) != 0)
            return -1;
        if (p->tmp.len > 0)
            return polis_str_set(&doc->title, p->tmp.data, (size_t)-1);
    }
    for (size_t i = 0; i < p->bolds.n; i++) {
        const char *b = p->bolds.v[i];
        /* One word in bold ("**Retour** sur …") is emphasis, not a title. */
        if (strlen(b) >= 4 && strchr(b, ' ') && !polis_md_is_person(b, strlen(b))) {
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

/* Id from the source URL's path, else from the corpus path; kind from
 * what the page shows (kind.h). */
static int make_id_kind(parse_t *p, const char *relpath)
{
    polis_doc_t *doc = p->doc;
    int rc = 0;
    p->tmp.len = 0;
    if (doc->url)
        rc = polis_ident_from_url(doc->url, &p->tmp);
    if (rc == 0 && p->tmp.len == 0)
        rc = polis_ident_from_path(relpath, &p->tmp);
    if (rc == 0)
        rc = polis_str_set(&doc->id, p->tmp.data, (size_t)-1);
    polis_kind_signs_t signs = { doc->url, doc->title, relpath, doc->site_type != NULL,
                                 doc->published[0] || p->dates_field[0] };
    doc->kind = polis_kind_guess(&signs);
    return rc;
}

/* Links: the `[n] <url>` list in its order, each with the text of the link
 * its marker follows, then the links of the page with a real target not
 * listed already. */
static int make_links(parse_t *p)
{
    const polis_md_tree_t *t = p->tree;
    polis_doc_t *doc = p->doc;
    for (size_t i = 0; i < t->nlines; i++) {
        const polis_md_line_t *l = &t->lines[i];
        if (!l->linkdef)
            continue;
        const char *text = NULL;
        for (size_t k = 0; k < t->nspans && !text; k++)
            if (t->spans[k].ref == l->linkdef && copy_tmp(p, t->spans[k].from, t->spans[k].to) == 0)
                text = p->tmp.data;
        if (polis_doc_add_link(doc, text, t->hrefs.data + l->linkdef_url) != 0)
            return -1;
    }
    for (size_t i = 0; i < t->nspans; i++) {
        const polis_md_span_t *s = &t->spans[i];
        const char *href = polis_md_tree_href(t, s);
        if (s->kind != POLIS_MD_LINK || s->autolink || !*href || href[0] == '#')
            continue;
        int seen = 0;
        for (size_t k = 0; k < doc->n_links && !seen; k++)
            seen = strcmp(doc->links[k].url, href) == 0;
        if (!seen && (copy_tmp(p, s->from, s->to) != 0 ||
                      polis_doc_add_link(doc, p->tmp.data, href) != 0))
            return -1;
    }
    return 0;
}

/* People among the bold phrases become keywords; places come from the
 * title and the body. */
static int make_names(parse_t *p)
{
    polis_doc_t *doc = p->doc;
    for (size_t i = 0; i < p->bolds.n; i++) {
        const char *b = p->bolds.v[i];
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

int polis_md_page(const char *relpath, const polis_md_tree_t *tree, polis_doc_t *doc,
                  polis_strv_t *warnings, char *err, size_t errlen)
{
    polis_doc_clear(doc);
    parse_t p = { .tree = tree, .doc = doc, .warnings = warnings };
    p.body.max = tree->text.len + 1024;
    long title = title_heading(tree);
    int rc = walk_blocks(&p, title);
    if (rc == 0 && p.body.len == 0 && title < 0 && !doc->url && !p.has_fields) {
        polis_buf_free(&p.body);
        polis_buf_free(&p.tmp);
        polis_strv_clear(&p.bolds);
        return fail(doc, err, errlen, "no recognisable content: no title, no text");
    }
    if (rc == 0 && p.body.len > 0)
        rc = polis_str_set(&doc->body, p.body.data, p.body.len);
    if (rc == 0)
        rc = make_title(&p, title, relpath);
    if (rc == 0)
        rc = make_id_kind(&p, relpath);
    if (rc == 0)
        rc = make_links(&p);
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
    polis_buf_free(&p.body);
    polis_buf_free(&p.tmp);
    polis_strv_clear(&p.bolds);
    return rc == 0 ? 0 : fail(doc, err, errlen, "out of memory");
}
