/* links.c — links between states of the page, and French display words.
 *
 * Every state of the page is a GET URL (docs/architecture.md: shareable,
 * bookmarkable, the back button works with JavaScript off), so every link
 * the page shows — a page number, a theme chip, a filter to remove, the
 * spelling fix — is the current URL with one change.  Parameters keep a
 * fixed order, so the same state always has the same URL.
 */
#include "api/cite.h"
#include "api/params.h"
#include "page/render.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/query.h"
#include "polis/doc.h"

sd_page_change_t sd_page_nochange(void)
{
    sd_page_change_t c;
    memset(&c, 0, sizeof c);
    c.drop_facet = -1;
    c.add_facet = -1;
    return c;
}

const char *sd_page_filter_value(const sd_page_t *st, int facet, size_t i)
{
    const char *given = st->p->filters[facet][i];
    const char *v =
        st->result != NULL ? polis_result_filter(st->result, (polis_facet_t)facet, given) : NULL;
    return v != NULL ? v : given;
}

int sd_page_filter_repeats(const sd_page_t *st, int facet, size_t i)
{
    const char *v = sd_page_filter_value(st, facet, i);
    for (size_t k = 0; k < i; k++)
        if (strcmp(sd_page_filter_value(st, facet, k), v) == 0)
            return 1;
    return 0;
}

int sd_page_has_filter(const sd_page_t *st, int facet, const char *value)
{
    if (facet < 0 || facet >= POLIS_FACET_COUNT_ || value == NULL)
        return 0;
    for (size_t i = 0; i < st->p->n_filters[facet]; i++) {
        if (strcmp(sd_page_filter_value(st, facet, i), value) == 0)
            return 1;
    }
    return 0;
}

unsigned sd_page_filter_count(const sd_page_t *st)
{
    unsigned n = 0;
    for (int f = 0; f < POLIS_FACET_COUNT_; f++)
        for (size_t i = 0; i < st->p->n_filters[f]; i++)
            n += !sd_page_filter_repeats(st, f, i);
    if (st->from_raw[0] != '\0' || st->to_raw[0] != '\0')
        n++;
    return n;
}

/* Append "?" before the first parameter and "&amp;" before the others. */
static void param(sd_htmlenc_t *b, int *n, const char *name, const char *value)
{
    sd_htmlenc_raw(b, (*n)++ == 0 ? "?" : "&amp;");
    sd_htmlenc_raw(b, name);
    sd_htmlenc_raw(b, "=");
    sd_htmlenc_query(b, value);
}

/* The URL of st + c at path: the words, filters, dates and sort, then, for
 * the page itself (paged), its size and number, else format= (may be NULL). */
static void state_url(sd_htmlenc_t *b, const sd_page_t *st, const sd_page_change_t *c,
                      const char *path, int paged, const char *format)
{
    int n = 0;
    sd_htmlenc_raw(b, path);
    const char *q = c->q != NULL ? c->q : st->p->q;
    if (q[0] != '\0')
        param(b, &n, "q", q);
    for (int f = 0; f < POLIS_FACET_COUNT_; f++) {
        const char *name = polis_facet_name((polis_facet_t)f);
        for (size_t i = 0; i < st->p->n_filters[f] && !c->clear_filters; i++) {
            const char *v = st->p->filters[f][i];
            /* Every spelling of the value goes: "actu de l irev" with
             * "Actu de l'IREV". */
            if (f == c->drop_facet && c->drop_value != NULL &&
                strcmp(sd_page_filter_value(st, f, i), c->drop_value) == 0)
                continue;
            param(b, &n, name, v);
        }
        if (f == c->add_facet && c->add_value != NULL && !sd_page_has_filter(st, f, c->add_value))
            param(b, &n, name, c->add_value);
    }
    if (!c->clear_filters && !c->clear_dates) {
        if (st->from_raw[0] != '\0')
            param(b, &n, "from", st->from_raw);
        if (st->to_raw[0] != '\0')
            param(b, &n, "to", st->to_raw);
    }
    if (st->sort_raw[0] != '\0')
        param(b, &n, "sort", st->sort_raw);
    if (paged && st->per_page_raw[0] != '\0')
        param(b, &n, "per_page", st->per_page_raw);
    if (paged && c->page > 1)
        sd_htmlenc_rawf(b, "%spage=%u", n++ == 0 ? "?" : "&amp;", c->page);
    if (format != NULL)
        param(b, &n, "format", format);
}

void sd_page_url(sd_htmlenc_t *b, const sd_page_t *st, const sd_page_change_t *c)
{
    state_url(b, st, c, "/search", 1, NULL);
}

void sd_page_export_url(sd_htmlenc_t *b, const sd_page_t *st, const char *path, const char *format)
{
    sd_page_change_t none = sd_page_nochange();
    state_url(b, st, &none, path, 0, format);
}

const char *sd_page_value_label(const sd_page_t *st, int facet, const char *value,
                                const char *label)
{
    if (label != NULL && label[0] != '\0')
        return label;
    if (facet == POLIS_FACET_THEME && value != NULL && st != NULL && st->handle != NULL)
        return sd_handle_theme_label(st->handle, value);
    if (facet == POLIS_FACET_KIND && value != NULL &&
        polis_kind_from_name(value) != POLIS_KIND_UNKNOWN)
        return sd_cite_kind_label(polis_kind_from_name(value));
    return value != NULL ? value : "";
}

void sd_page_date(sd_htmlenc_t *b, const char *iso)
{
    static const char *const months[12] = {
        "janvier", "février", "mars",      "avril",   "mai",      "juin",
        "juillet", "août",    "septembre", "octobre", "novembre", "décembre",
    };
    if (iso == NULL)
        return;
    size_t len = strlen(iso);
    unsigned y, m = 0, d = 0;
    int ok = len >= 4 && sd_query_digits(iso, 4, &y) == 0;
    if (ok && len >= 7)
        ok = iso[4] == '-' && sd_query_digits(iso + 5, 2, &m) == 0 && m >= 1 && m <= 12;
    if (ok && len >= 10)
        ok = iso[7] == '-' && sd_query_digits(iso + 8, 2, &d) == 0 && d >= 1 && d <= 31;
    if (!ok) {
        /* Not a date this code knows: show it as it is stored. */
        sd_htmlenc_text(b, iso);
        return;
    }
    if (d == 1)
        sd_htmlenc_raw(b, "1<sup>er</sup> "); /* French writes the first of the month so */
    else if (d != 0)
        sd_htmlenc_rawf(b, "%u ", d);
    if (m != 0)
        sd_htmlenc_rawf(b, "%s ", months[m - 1]);
    sd_htmlenc_rawf(b, "%04u", y);
}

int sd_page_is_call(const polis_doc_t *doc)
{
    return doc->site_type != NULL && strncasecmp(doc->site_type, "appel", 5) == 0;
}

void sd_page_authors(sd_htmlenc_t *b, const polis_doc_t *doc)
{
    for (size_t i = 0; i < doc->authors.n; i++) {
        char *name = polis_author_normalise(doc->authors.v[i]);
        if (name == NULL) {
            b->failed = 1;
            return;
        }
        sd_htmlenc_raw(b, i > 0 ? ", <a href=\"/search?author=" : "<a href=\"/search?author=");
        sd_htmlenc_query(b, name);
        sd_htmlenc_raw(b, "\">");
        sd_htmlenc_text(b, doc->authors.v[i]);
        sd_htmlenc_raw(b, "</a>");
        free(name);
    }
}
