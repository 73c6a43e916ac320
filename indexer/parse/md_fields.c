/* indexer/parse/md_fields.c — the field lines of the print export: a label
 * at the start of a line ("Thématiques:", "Type d'actualites:", "Dates:",
 * "Publié le", "URL de la source (modifié le …):"), its value on that line,
 * and, for a list field, the values on the lines below it.  See md_int.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/md.h"
#include "parse/md_int.h"
#include "parse/md_url.h"

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

int ix_md_copy(parse_t *p, size_t from, size_t to)
{
    /* end_line() trims a line's last space from its spans' ends only: an
     * empty link at the end of a line ends before it starts. */
    if (to < from)
        to = from;
    while (from < to && (*ix_md_text_at(p, from) == ' ' || *ix_md_text_at(p, from) == '\n'))
        from++;
    while (to > from && (*ix_md_text_at(p, to - 1) == ' ' || *ix_md_text_at(p, to - 1) == '\n'))
        to--;
    p->tmp.len = 0;
    if (polis_buf_append(&p->tmp, ix_md_text_at(p, from), to - from) != 0)
        return -1;
    for (char *c = p->tmp.data; (c = memchr(c, '\n', p->tmp.len - (size_t)(c - p->tmp.data)));)
        *c++ = ' ';
    return 0;
}

int ix_md_push_capped(polis_strv_t *v, const char *s)
{
    return v->n >= LIST_MAX ? 0 : polis_strv_push(v, s);
}

/* Whether s[0..len) starts with a field label: "Label:", "Label :" or
 * "Label (note):".  Sets the offset of the value and of the note in
 * parentheses (note_len 0 when none).  Returns the field or F_NONE. */
field_t ix_md_field_of(const char *s, size_t len, size_t *value, size_t *note, size_t *note_len)
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
    case F_THEMES: return ix_md_push_capped(&doc->themes, item);
    case F_PLACES: return ix_md_push_capped(&doc->places, item);
    case F_AUTHORS: return ix_md_push_capped(&doc->authors, item);
    default: return ix_md_push_capped(&doc->keywords, item);
    }
}

/* Whether tree text [from, to) is nothing but links and separators: the
 * `[Label](#) [n]` lines that follow "Thématiques:". */
static int only_links(const parse_t *p, size_t from, size_t to)
{
    const ix_md_tree_t *t = p->tree;
    size_t links = 0, at = from;
    for (size_t i = ix_md_tree_first_span(t, from); i < t->nspans; i++) {
        const ix_md_span_t *s = &t->spans[i];
        if (s->from >= to)
            break;
        if (s->kind != IX_MD_LINK || s->from < at)
            continue;
        for (size_t k = at; k < s->from; k++)
            if (!strchr(" ,;\n", *ix_md_text_at(p, k)))
                return 0;
        links++;
        at = s->to;
    }
    for (size_t k = at; k < to; k++)
        if (!strchr(" ,;.\n", *ix_md_text_at(p, k)))
            return 0;
    return links > 0;
}

/* The items of a list value [from, to): the texts of its links, else its
 * comma- or semicolon-separated parts. */
int ix_md_add_items(parse_t *p, field_t f, size_t from, size_t to)
{
    const ix_md_tree_t *t = p->tree;
    int links = 0, rc = 0;
    for (size_t i = ix_md_tree_first_span(t, from); rc == 0 && i < t->nspans; i++) {
        const ix_md_span_t *s = &t->spans[i];
        if (s->from >= to)
            break;
        if (s->kind != IX_MD_LINK || s->autolink || s->to > to)
            continue;
        links++;
        rc = ix_md_copy(p, s->from, s->to);
        if (rc == 0 && p->tmp.len)
            rc = add_item(p, f, p->tmp.data);
    }
    if (rc != 0 || links)
        return rc;
    if (ix_md_copy(p, from, to) != 0)
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
static void date_of(const char *s, size_t len, char out[IX_FRDATE_SIZE])
{
    if (ix_frdate_parse(s, len, out) != 0 && ix_frdate_find(s, len, out) != 0)
        out[0] = '\0';
}

/* "URL de la source (modifié le 12/12/2017 - 17:10): <url>": the link's
 * target when it has one, else a URL written in the text. */
static int url_field(parse_t *p, size_t from, size_t to, const char *note, size_t note_len)
{
    const ix_md_tree_t *t = p->tree;
    size_t i = 0;
    while (i < note_len && !(note[i] >= '0' && note[i] <= '9'))
        i++;
    if (i < note_len)
        date_of(note + i, note_len - i, p->doc->modified);
    if (p->doc->url)
        return 0;
    for (size_t k = ix_md_tree_first_span(t, from); k < t->nspans && t->spans[k].from < to; k++) {
        const char *href = ix_md_tree_href(t, &t->spans[k]);
        if (t->spans[k].kind == IX_MD_LINK && ix_md_url_is_absolute(href, strlen(href)))
            return polis_str_set(&p->doc->url, href, (size_t)-1);
    }
    const char *u;
    size_t ulen;
    if (ix_md_url_in(ix_md_text_at(p, from), to - from, &u, &ulen))
        return polis_str_set(&p->doc->url, u, ulen);
    return 0;
}

/* A field line's value [from, to).  0 or -1 (out of memory). */
int ix_md_field(parse_t *p, field_t f, size_t from, size_t to, const char *note, size_t note_len)
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
        return ix_md_add_items(p, f, from, to);
    default: break;
    }
    if (ix_md_copy(p, from, to) != 0)
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
int ix_md_published_line(parse_t *p, const char *s, size_t len)
{
    char date[IX_FRDATE_SIZE];
    if (!ix_frdate_published(s, len, date))
        return 0;
    memcpy(p->doc->published, date, sizeof date);
    p->has_fields = 1;
    return 1;
}

int ix_md_is_field_line(const char *s, size_t len)
{
    size_t value, note, note_len;
    char date[IX_FRDATE_SIZE];
    return ix_md_field_of(s, len, &value, &note, &note_len) != F_NONE ||
           ix_frdate_published(s, len, date);
}

/* Whether a line below a list field's label is one more value: links
 * only; or a short line that reads as no sentence, in the label's own
 * block, or in the blocks below a label with nothing after it. */
int ix_md_list_value(parse_t *p, const ix_md_block_t *b, const char *s, size_t len, size_t from)
{
    if (p->list == F_NONE)
        return 0;
    if (only_links(p, from, from + len))
        return 1;
    if (len > VALUE_LINE || strchr(".!?:", s[len - 1]))
        return 0;
    if (b == p->list_block)
        return 1;
    return p->list_open && (b->kind == IX_MD_ITEM || b->nlines <= 8);
}
