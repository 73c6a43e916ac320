/* indexer/md.c — the Markdown print export.  See md.h.
 *
 * md_tree.c reads the Markdown (md4c); this file only knows the export's
 * fields.  A field is recognised at the start of any line, whatever
 * surrounds it: export tools put the field lines one below the other with
 * or without blank lines, in any order.  Lines that are no field are the
 * body.  People and places are md_names.c's, URLs and titles md_url.c's,
 * ids ident.c's. */
#include "parse/md.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "parse/frdate.h"
#include "parse/ident.h"
#include "parse/kind.h"
#include "parse/md_front.h"
#include "parse/md_names.h"
#include "parse/md_url.h"
#include "polis/text.h"

#include "parse/md_int.h"

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
    const ix_md_tree_t *t = p->tree;
    int rc = 0;
    for (size_t i = ix_md_tree_first_span(t, from); rc == 0 && i < t->nspans; i++) {
        const ix_md_span_t *s = &t->spans[i];
        if (s->from >= to || p->bolds.n >= BOLDS_MAX)
            break;
        if (s->kind != IX_MD_STRONG || s->to > to || s->to == s->from)
            continue;
        rc = ix_md_copy(p, s->from, s->to);
        if (rc == 0 && p->tmp.len)
            rc = polis_strv_push(&p->bolds, p->tmp.data);
    }
    return rc;
}

/* Tree text [from, to) into the body as a new paragraph, a new list item,
 * or the continuation of the previous one (a line that starts lower-case
 * after an item or an unfinished paragraph: an item broken by a blank line). */
static int body_text(parse_t *p, ix_md_block_kind_t kind, size_t from, size_t to)
{
    if (ix_md_copy(p, from, to) != 0)
        return -1;
    if (p->tmp.len == 0)
        return 0;
    const char *sep = "\n\n";
    int joined = 0;
    if (p->body.len == 0) {
        sep = "";
    } else if (kind == IX_MD_PARA && p->prev_was_body && starts_lower(p->tmp.data, p->tmp.len)) {
        char last = p->body.data[p->body.len - 1];
        joined =
            p->prev_body == IX_MD_ITEM || (p->prev_body == IX_MD_PARA && !strchr(".!?:", last));
    } else if (kind == IX_MD_ITEM && p->prev_was_body && p->prev_body == IX_MD_ITEM) {
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
static long title_heading(const ix_md_tree_t *t)
{
    long best = -1;
    for (size_t i = 0; i < t->nblocks; i++) {
        const ix_md_block_t *b = &t->blocks[i];
        size_t len;
        const char *s = ix_md_tree_line(t, b->line, &len);
        if (b->kind != IX_MD_HEADING || is_links_heading(s, len))
            continue;
        if (best < 0 || b->level < t->blocks[best].level)
            best = (long)i;
    }
    return best;
}

/* The lines of one block: fields where a line starts with a label, the
 * rest runs of body text.  0 or -1. */
static int walk_lines(parse_t *p, const ix_md_block_t *b)
{
    p->block = b;
    const ix_md_tree_t *t = p->tree;
    size_t run_from = 0, run_to = 0;
    int rc = 0, run = 0, any_body = 0;
    for (size_t k = b->line; rc == 0 && k < b->line + b->nlines; k++) {
        const ix_md_line_t *l = &t->lines[k];
        size_t len, value = 0, note = 0, note_len = 0;
        const char *s = ix_md_tree_line(t, k, &len);
        /* A list item "**Territoires** : …" is body text, not a field. */
        field_t f = l->linkdef || b->kind == IX_MD_ITEM
                        ? F_NONE
                        : ix_md_field_of(s, len, &value, &note, &note_len);
        int other =
            l->linkdef || f != F_NONE || (b->kind != IX_MD_ITEM && ix_md_published_line(p, s, len));
        if (!other && ix_md_list_value(p, b, s, len, l->from)) {
            rc = ix_md_add_items(p, p->list, l->from, l->to);
            continue;
        }
        if (other && run) {
            rc = body_text(p, b->kind, run_from, run_to);
            run = 0;
            any_body = 1;
        }
        if (f != F_NONE) {
            rc = rc ? rc : ix_md_field(p, f, l->from + value, l->to, s + note, note_len);
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
    const ix_md_tree_t *t = p->tree;
    int in_links = 0;
    for (size_t i = 0; i < t->nblocks; i++) {
        const ix_md_block_t *b = &t->blocks[i];
        int rc = 0;
        if (b->kind == IX_MD_HEADING) {
            size_t len;
            const char *s = ix_md_tree_line(t, b->line, &len);
            in_links = is_links_heading(s, len);
            p->list = F_NONE;
            if (!in_links && (long)i != title) {
                const ix_md_line_t *last = &t->lines[b->line + b->nlines - 1];
                rc = body_text(p, IX_MD_HEADING, t->lines[b->line].from, last->to);
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
    const ix_md_tree_t *t = p->tree;
    if (title >= 0) {
        const ix_md_block_t *b = &t->blocks[title];
        if (ix_md_copy(p, t->lines[b->line].from, t->lines[b->line + b->nlines - 1].to) != 0)
            return -1;
        if (p->tmp.len > 0)
            return polis_str_set(&doc->title, p->tmp.data, (size_t)-1);
    }
    for (size_t i = 0; i < p->bolds.n; i++) {
        const char *b = p->bolds.v[i];
        /* One word in bold ("**Retour** sur …") is emphasis, not a title. */
        if (strlen(b) >= 4 && strchr(b, ' ') && !ix_md_is_person(b, strlen(b))) {
            /* "L'**appel à projets ...**": a title starts with a capital. */
            if (polis_str_set(&doc->title, b, (size_t)-1) != 0)
                return -1;
            ix_md_capitalize(doc->title, strlen(doc->title));
            return 0;
        }
    }
    size_t seglen = 0;
    const char *seg = doc->url ? ix_md_url_segment(doc->url, &seglen) : NULL;
    int has_ext = 0;
    if (!seg) {
        const char *slash = strrchr(relpath, '/');
        seg = slash ? slash + 1 : relpath;
        seglen = strlen(seg);
        has_ext = 1;
    }
    p->tmp.len = 0;
    if (ix_md_readable(seg, seglen, has_ext, &p->tmp) != 0)
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
        rc = ix_ident_from_url(doc->url, &p->tmp);
    if (rc == 0 && p->tmp.len == 0)
        rc = ix_ident_from_path(relpath, &p->tmp);
    if (rc == 0)
        rc = polis_str_set(&doc->id, p->tmp.data, (size_t)-1);
    ix_kind_signs_t signs = { doc->url, doc->title, relpath, doc->site_type != NULL,
                              doc->published[0] || p->dates_field[0] };
    doc->kind = ix_kind_guess(&signs);
    return rc;
}

/* Links: the `[n] <url>` list in its order, each with the text of the link
 * its marker follows, then the links of the page with a real target not
 * listed already. */
static int make_links(parse_t *p)
{
    const ix_md_tree_t *t = p->tree;
    polis_doc_t *doc = p->doc;
    for (size_t i = 0; i < t->nlines; i++) {
        const ix_md_line_t *l = &t->lines[i];
        if (!l->linkdef)
            continue;
        const char *text = NULL;
        for (size_t k = 0; k < t->nspans && !text; k++)
            if (t->spans[k].ref == l->linkdef &&
                ix_md_copy(p, t->spans[k].from, t->spans[k].to) == 0)
                text = p->tmp.data;
        if (polis_doc_add_link(doc, text, t->hrefs.data + l->linkdef_url) != 0)
            return -1;
    }
    for (size_t i = 0; i < t->nspans; i++) {
        const ix_md_span_t *s = &t->spans[i];
        const char *href = ix_md_tree_href(t, s);
        if (s->kind != IX_MD_LINK || s->autolink || !*href || href[0] == '#')
            continue;
        int seen = 0;
        for (size_t k = 0; k < doc->n_links && !seen; k++)
            seen = strcmp(doc->links[k].url, href) == 0;
        if (!seen &&
            (ix_md_copy(p, s->from, s->to) != 0 || polis_doc_add_link(doc, p->tmp.data, href) != 0))
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
        if (ix_md_is_person(b, strlen(b)) && ix_md_push_capped(&doc->keywords, b) != 0)
            return -1;
    }
    if (doc->title && ix_md_find_places(doc->title, strlen(doc->title), &doc->places) != 0)
        return -1;
    return ix_md_find_places(p->body.data, p->body.len, &doc->places);
}

static int fail(polis_doc_t *doc, char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
    polis_doc_clear(doc);
    return -1;
}

int ix_md_page(const char *relpath, const ix_md_tree_t *tree, polis_doc_t *doc,
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
        if (p.body.len == 0 || ix_frdate_find(p.body.data, p.body.len, doc->event_date) != 0)
            memcpy(doc->event_date, p.dates_field, sizeof doc->event_date);
        if (!doc->published[0] && strlen(p.dates_field) == 10)
            memcpy(doc->published, p.dates_field, sizeof doc->published);
    }
    polis_buf_free(&p.body);
    polis_buf_free(&p.tmp);
    polis_strv_clear(&p.bolds);
    return rc == 0 ? 0 : fail(doc, err, errlen, "out of memory");
}
