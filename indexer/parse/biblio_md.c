/* indexer/biblio_md.c — the entries of a Markdown bibliography page.  See
 * biblio.h.
 *
 * The page is read once, into md_tree.h's blocks: an entry is a list item,
 * with the paragraphs of that item (a "Résumé :" above all) after it; the
 * heading above it names its section ("### Ouvrages"); the "### Liens" list
 * gives the URL of each `[text](#) [n]`. */
#include "parse/biblio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/fields.h"
#include "parse/md.h"
#include "xml/xmlsafe.h"

/* Whether a line of text starts with "Résumé" (any case, any accent). */
static int is_summary(const char *s, size_t len)
{
    polis_buf_t slug = { .max = 64 };
    int is = polis_text_slug(s, len < 16 ? len : 16, &slug) == 0 && slug.data &&
             strncmp(slug.data, "resume", 6) == 0;
    polis_buf_free(&slug);
    return is;
}

static int is_links_heading(const char *s, size_t len)
{
    return (len >= 5 && strncasecmp(s, "liens", 5) == 0) ||
           (len >= 5 && strncasecmp(s, "links", 5) == 0);
}

/* Tree text [from, to) as an entry reads it: italics between '*', line
 * breaks as spaces, the text of autolinks left out; the URLs of its links
 * (through the Liens list for "#" targets) appended to urls. */
static int entry_text(const ix_md_tree_t *t, size_t from, size_t to, polis_buf_t *out,
                      polis_strv_t *urls)
{
    size_t at = from, start = out->len;
    int rc = 0;
    for (size_t i = ix_md_tree_first_span(t, from); rc == 0 && i < t->nspans; i++) {
        const ix_md_span_t *s = &t->spans[i];
        if (s->from >= to)
            break;
        if (s->kind != IX_MD_LINK || s->to > to)
            continue;
        const char *href = ix_md_tree_href(t, s);
        const char *url = ix_fields_is_http(href) ? href : ix_md_tree_linkdef(t, s->ref);
        if (url)
            rc = polis_strv_push(urls, url);
        if (rc == 0 && s->autolink && s->from >= at) {
            rc = ix_md_tree_marked(t, at, s->from, out);
            at = s->to;
        }
    }
    if (rc == 0)
        rc = ix_md_tree_marked(t, at, to, out);
    for (size_t i = start; out->data && i < out->len; i++)
        if (out->data[i] == '\n')
            out->data[i] = ' ';
    return rc;
}

static int emit_entry(const polis_doc_t *page, size_t n, const polis_buf_t *text,
                      const polis_strv_t *urls, const char *section, ix_sink_t *sink, char *err,
                      size_t errlen)
{
    polis_doc_t ref;
    polis_doc_init(&ref);
    int rc = ix_biblio_entry(page, n, text->data ? text->data : "", text->len,
                             (const char *const *)urls->v, urls->n, section, &ref);
    if (rc != 0)
        snprintf(err, errlen, "out of memory");
    else
        rc = ix_sink_emit(sink, &ref, err, errlen);
    polis_doc_clear(&ref);
    return rc;
}

int ix_biblio_md_entries(const polis_doc_t *page, const ix_md_tree_t *t, ix_sink_t *sink, char *err,
                         size_t errlen)
{
    polis_buf_t entry = { 0 };
    polis_strv_t urls = { 0 };
    char *section = NULL;
    size_t n = 0;
    int rc = 0, open = 0;
    for (size_t i = 0; rc == 0 && i <= t->nblocks; i++) {
        const ix_md_block_t *b = i < t->nblocks ? &t->blocks[i] : NULL;
        size_t len = 0;
        const char *first = b ? ix_md_tree_line(t, b->line, &len) : "";
        size_t from = b ? t->lines[b->line].from : 0;
        size_t to = b ? t->lines[b->line + b->nlines - 1].to : 0;
        int heading = b && b->kind == IX_MD_HEADING;
        int more = b && b->kind == IX_MD_PARA && open && (b->in_item || is_summary(first, len));
        int stop = !b || (heading && is_links_heading(first, len)) ||
                   (b->kind != IX_MD_ITEM && !more && ix_md_is_field_line(first, len));
        if (open && !more) {
            if (++n <= IX_BIBLIO_MAX_ENTRIES)
                rc = emit_entry(page, n, &entry, &urls, section, sink, err, errlen);
            open = 0;
            entry.len = 0;
            polis_strv_clear(&urls);
        }
        if (rc != 0 || stop)
            break;
        if (heading) {
            rc = ix_xmlsafe_set(&section, first, len);
        } else if (b->kind == IX_MD_ITEM) {
            open = 1;
            rc = entry_text(t, from, to, &entry, &urls);
        } else if (more) {
            rc = polis_buf_append(&entry, "\n", 1) | entry_text(t, from, to, &entry, &urls);
        }
        if (rc != 0)
            snprintf(err, errlen, "out of memory");
    }
    free(section);
    polis_buf_free(&entry);
    polis_strv_clear(&urls);
    return rc == 0 ? (int)(n < IX_BIBLIO_MAX_ENTRIES ? n : IX_BIBLIO_MAX_ENTRIES) : -1;
}

/* Non-zero when summary is the text of a "Résumé :" paragraph that follows
 * an entry: the field reader took it for the page's. */
static int entry_summary(const ix_md_tree_t *t, const char *summary)
{
    for (size_t i = 1; i < t->nblocks; i++) {
        const ix_md_block_t *b = &t->blocks[i];
        size_t len;
        const char *s = ix_md_tree_line(t, b->line, &len);
        if (b->kind == IX_MD_PARA && is_summary(s, len) && strstr(s, summary) &&
            (size_t)(strstr(s, summary) - s) < len)
            for (size_t k = i; k > 0; k--) {
                if (t->blocks[k - 1].kind == IX_MD_ITEM)
                    return 1;
                if (t->blocks[k - 1].kind == IX_MD_HEADING)
                    break;
            }
    }
    return 0;
}

int ix_biblio_md_page(const char *relpath, const ix_md_tree_t *tree, polis_doc_t *page,
                      const polis_strv_t *warnings, ix_sink_t *sink, char *err, size_t errlen)
{
    char dummy[8];
    if (!err || !errlen)
        err = dummy, errlen = sizeof dummy;
    int rc = 0;
    for (size_t i = 0; sink && sink->warn && warnings && i < warnings->n; i++)
        sink->warn(sink, relpath, warnings->v[i]);
    if (page->summary && entry_summary(tree, page->summary))
        (void)polis_str_set(&page->summary, NULL, 0); /* an entry's abstract is not the page's */
    page->kind = POLIS_KIND_BIBLIOGRAPHY;
    if (!page->source_path && relpath &&
        polis_str_set(&page->source_path, relpath, (size_t)-1) != 0)
        rc = -1, snprintf(err, errlen, "out of memory");
    if (rc == 0)
        rc = ix_sink_emit(sink, page, err, errlen);
    if (rc == 0)
        rc = ix_biblio_md_entries(page, tree, sink, err, errlen) < 0 ? -1 : 0;
    return rc;
}
