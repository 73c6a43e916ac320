/* biblio.c — bibliography entries to reference documents; see biblio.h.
 * The Markdown front end (biblio_md.c) and the HTML one (biblio_html.c)
 * reduce an entry to text with '*' around italics; ix_biblio_entry()
 * reads the citation out of that text. */
#include "parse/biblio.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/fields.h"
#include "xml/xmlsafe.h"

#define LAQUO "\xC2\xAB" /* « */
#define RAQUO "\xC2\xBB" /* » */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* ---- Small string tools --------------------------------------------------- */

typedef struct {
    const char *p;
    size_t n;
} span_t;

static span_t trim(span_t s, const char *extra)
{
    while (s.n && (isspace((unsigned char)s.p[0]) || strchr(extra, s.p[0])))
        s.p++, s.n--;
    while (s.n && (isspace((unsigned char)s.p[s.n - 1]) || strchr(extra, s.p[s.n - 1])))
        s.n--;
    return s;
}

static const char *find_in(span_t s, const char *lit)
{
    return s.n ? memmem(s.p, s.n, lit, strlen(lit)) : NULL;
}

static int starts_ci(span_t s, const char *lit)
{
    size_t n = strlen(lit);
    return s.n >= n && strncasecmp(s.p, lit, n) == 0;
}

/* Set a field to the span with the '*' italic marks removed. */
static int set_plain(char **field, span_t s)
{
    polis_buf_t b = { 0 };
    for (size_t i = 0; i < s.n; i++)
        if (s.p[i] != '*' && polis_buf_append(&b, s.p + i, 1) != 0) {
            polis_buf_free(&b);
            return -1;
        }
    int rc = ix_xmlsafe_set(field, b.data ? b.data : "", b.len);
    polis_buf_free(&b);
    return rc;
}

/* Words made of upper-case letters only ("DUPONT", "LEFÈVRE") mark a
 * personal name written "NOM Prénom". */
static int has_caps_word(span_t s)
{
    size_t i = 0;
    while (i < s.n) {
        while (i < s.n && (s.p[i] == ' ' || s.p[i] == ','))
            i++;
        size_t start = i, caps = 0, lower = 0;
        while (i < s.n && s.p[i] != ' ') {
            unsigned char c = (unsigned char)s.p[i];
            if (c >= 'A' && c <= 'Z')
                caps++;
            else if ((c >= 'a' && c <= 'z') || c == 0xC3) {
                /* 0xC3 starts both cases of Latin-1 letters; the next byte says which. */
                if (c == 0xC3 && i + 1 < s.n && (unsigned char)s.p[i + 1] < 0xA0)
                    caps++, i++;
                else
                    lower++;
            }
            i++;
        }
        if (i > start && caps >= 2 && lower == 0)
            return 1;
    }
    return 0;
}

/* ---- Authors ---------------------------------------------------------------- */

static int push_author(polis_doc_t *ref, span_t a)
{
    static const char *const marks[] = { "(dir.)", "(dirs.)", "(coord.)", "(éd.)", "(ed.)",
                                         "(eds.)", "(éds.)",  "et al.",   NULL };
    polis_buf_t b = { 0 };
    int rc = polis_buf_append(&b, a.p, a.n);
    for (size_t i = 0; rc == 0 && marks[i]; i++) {
        char *m = b.data ? strstr(b.data, marks[i]) : NULL;
        if (m)
            memset(m, ' ', strlen(marks[i]));
    }
    span_t t = trim((span_t){ b.data, b.len }, ",;.:");
    if (rc == 0 && t.n && !starts_ci(t, "in "))
        rc = ix_xmlsafe_push(&ref->authors, t.p, t.n);
    else if (rc == 0 && t.n > 3)
        rc = ix_xmlsafe_push(&ref->authors, t.p + 3, t.n - 3); /* "in NOM Prénom" */
    polis_buf_free(&b);
    return rc;
}

/* Split "NOM Prénom, NOM Prénom et NOM Prénom" into names.  " et " and
 * " & " split only between personal names, so "Haut Conseil à l'égalité entre
 * les femmes et les hommes" stays whole. */
static int split_authors(polis_doc_t *ref, span_t s)
{
    size_t start = 0;
    for (size_t i = 0; i <= s.n; i++) {
        int cut = i == s.n || s.p[i] == ',' || s.p[i] == ';';
        size_t skip = 1;
        if (!cut && i + 4 <= s.n &&
            (memcmp(s.p + i, " et ", 4) == 0 || memcmp(s.p + i, " & ", 3) == 0)) {
            span_t left = { s.p + start, i - start }, right = { s.p + i, s.n - i };
            if (has_caps_word(left) && has_caps_word(right)) {
                cut = 1;
                skip = s.p[i + 1] == '&' ? 3 : 4;
            }
        }
        if (!cut)
            continue;
        if (push_author(ref, (span_t){ s.p + start, i - start }) != 0)
            return -1;
        start = i + skip;
        i = start - 1;
    }
    return 0;
}

/* ---- Publisher ---------------------------------------------------------------- */

/* Parts after the title that are no publisher: dates, numbering, pages,
 * collections, identifiers, descriptions in lower case. */
static int not_publisher(span_t part)
{
    static const char *const lead[] = { "n°",         "n ",   "no ", "vol.",     "p.",  "pp.",
                                        "coll.",      "isbn", "doi", "http",     "s.l", "s.d",
                                        "hors-série", "tome", "t.",  "en ligne", "in ", NULL };
    char year[5];
    if (part.n == 0 || is_digit(part.p[0]) || islower((unsigned char)part.p[0]))
        return 1;
    for (size_t i = 0; lead[i]; i++)
        if (starts_ci(part, lead[i]))
            return 1;
    /* "septembre 2017", "juin 2014": a month and a year. */
    if (ix_fields_find_year(part.p, part.n, year) && part.n < 24)
        return 1;
    /* Lower-case French words (é, à...) start with a multi-byte letter that
     * islower() does not know: "édition revue" is no publisher either. */
    return (unsigned char)part.p[0] == 0xC3 && part.n > 1 && (unsigned char)part.p[1] >= 0xA0;
}

/* The series of "coll. « Géographie sociale »" (or "coll. Repères,"). */
static int take_series(polis_doc_t *ref, span_t rest)
{
    const char *c = find_in(rest, "coll.");
    if (!c || ref->container)
        return 0;
    span_t after = trim((span_t){ c + 5, rest.n - (size_t)(c + 5 - rest.p) }, "");
    if (starts_ci(after, LAQUO)) {
        span_t in = { after.p + 2, after.n - 2 };
        const char *end = find_in(in, RAQUO);
        return end ? set_plain(&ref->container, trim((span_t){ in.p, (size_t)(end - in.p) }, ""))
                   : 0;
    }
    const char *comma = memchr(after.p, ',', after.n);
    return set_plain(&ref->container,
                     trim((span_t){ after.p, comma ? (size_t)(comma - after.p) : after.n }, ".*"));
}

/* The publisher: the first capitalised part of rest that is no date,
 * numbering, collection or identifier.  A part followed by its number
 * ("Les Cahiers de l'IREV n° 28") is a periodical or a series: the
 * container, when the entry has none yet, and no publisher. */
static int take_publisher(polis_doc_t *ref, span_t rest)
{
    size_t start = 0, depth = 0;
    for (size_t i = 0; i <= rest.n; i++) {
        if (i + 1 < rest.n && memcmp(rest.p + i, LAQUO, 2) == 0)
            depth++;
        else if (i + 1 < rest.n && memcmp(rest.p + i, RAQUO, 2) == 0 && depth)
            depth--;
        if (i < rest.n && (rest.p[i] != ',' || depth))
            continue;
        span_t part = trim((span_t){ rest.p + start, i - start }, ".*");
        start = i + 1;
        if (not_publisher(part))
            continue;
        const char *num = find_in(part, " n°");
        if (num) {
            part.n = (size_t)(num - part.p);
            return ref->container ? 0 : set_plain(&ref->container, trim(part, ".*"));
        }
        const char *dot = find_in(part, ". ");
        if (dot)
            part.n = (size_t)(dot - part.p);
        return set_plain(&ref->publisher, trim(part, ".*"));
    }
    return 0;
}

/* ---- One entry ----------------------------------------------------------------- */

static const char *section_type(const char *section)
{
    if (!section)
        return NULL;
    polis_buf_t b = { 0 };
    const char *label = NULL;
    if (polis_text_slug(section, strlen(section), &b) == 0 && b.data) {
        char *dash = strchr(b.data, '-');
        if (dash)
            *dash = '\0';
        size_t n = strlen(b.data);
        if (n > 1 && b.data[n - 1] == 's')
            b.data[n - 1] = '\0'; /* "ouvrages" -> "ouvrage" */
        char *own = NULL;
        label = ix_fields_type_label(b.data, &own);
        if (own) { /* not in the table: a heading like "Pour aller plus loin" */
            free(own);
            label = NULL;
        }
    }
    polis_buf_free(&b);
    return label;
}

/* Title span and the journal that may follow a « » title. */
static void locate_title(span_t m, span_t *title, size_t *t_start, size_t *t_end, span_t *journal)
{
    const char *gq = find_in(m, LAQUO);
    const char *it = memchr(m.p, '*', m.n);
    journal->p = NULL, journal->n = 0;
    title->p = NULL, title->n = 0;
    if (gq && (!it || gq < it)) {
        span_t after = { gq + 2, m.n - (size_t)(gq + 2 - m.p) };
        const char *ge = find_in(after, RAQUO);
        if (ge) {
            *title = trim((span_t){ gq + 2, (size_t)(ge - gq - 2) }, "");
            *t_start = (size_t)(gq - m.p);
            *t_end = (size_t)(ge + 2 - m.p);
            const char *j1 = memchr(ge, '*', m.n - (size_t)(ge - m.p));
            const char *j2 = j1 ? memchr(j1 + 1, '*', m.n - (size_t)(j1 + 1 - m.p)) : NULL;
            if (j2)
                *journal = (span_t){ j1 + 1, (size_t)(j2 - j1 - 1) };
            return;
        }
    }
    if (it) {
        const char *ie = memchr(it + 1, '*', m.n - (size_t)(it + 1 - m.p));
        if (ie) {
            *title = trim((span_t){ it + 1, (size_t)(ie - it - 1) }, "");
            *t_start = (size_t)(it - m.p);
            *t_end = (size_t)(ie + 1 - m.p);
            return;
        }
    }
    /* No markup: the title runs to the first ", <year>" or the end. */
    *t_start = 0;
    *t_end = m.n;
    char year[5];
    for (size_t i = 0; i + 1 < m.n; i++)
        if (m.p[i] == ',' && ix_fields_find_year(m.p + i, m.n - i < 8 ? m.n - i : 8, year)) {
            *t_end = i;
            break;
        }
    *title = trim((span_t){ m.p, *t_end }, ".,");
}

static int fill_entry(const polis_doc_t *page, size_t n, span_t m, span_t summary,
                      const char *const *urls, size_t n_urls, const char *section, polis_doc_t *ref)
{
    span_t title, journal;
    size_t t_start = 0, t_end = 0;
    locate_title(m, &title, &t_start, &t_end, &journal);
    if (set_plain(&ref->title, title) != 0)
        return -1;
    if (t_start > 0 && split_authors(ref, trim((span_t){ m.p, t_start }, ",;:. ")) != 0)
        return -1;
    span_t rest = { m.p + t_end, m.n - t_end };
    /* Identifiers and links are cut off before looking for the year. */
    span_t dated = rest;
    static const char *const cuts[] = { "ISBN", "doi:", "http", "DOI", NULL };
    for (size_t i = 0; cuts[i]; i++) {
        const char *c = find_in(dated, cuts[i]);
        if (c)
            dated.n = (size_t)(c - dated.p);
    }
    char year[5];
    if (ix_fields_find_year(dated.p, dated.n, year))
        memcpy(ref->published, year, 5);
    /* The journal (or the book of a chapter) is the container; the
     * publisher, if any, comes after it. */
    span_t after = dated;
    if (journal.n) {
        if (set_plain(&ref->container, trim(journal, "*,. ")) != 0)
            return -1;
        const char *j_end = journal.p + journal.n + 1; /* past its closing '*' */
        if (j_end > dated.p && j_end <= dated.p + dated.n)
            after = (span_t){ j_end, dated.n - (size_t)(j_end - dated.p) };
    }
    if (take_series(ref, after) != 0 || take_publisher(ref, after) != 0 ||
        ix_fields_numbering(ref, after.p, after.n) != 0)
        return -1;
    if (summary.n && ix_xmlsafe_set(&ref->summary, summary.p, summary.n) != 0)
        return -1;
    if (set_plain(&ref->citation, m) != 0)
        return -1;

    const char *type = section_type(section);
    polis_buf_t isbn = { 0 };
    int has_isbn = ix_fields_find_isbn(m.p, m.n, 0, &isbn) == 1;
    polis_buf_free(&isbn);
    if (!type && journal.n && (find_in(m, ", in ") || find_in(m, " in ")))
        type = "Chapitre d'ouvrage"; /* « Chapitre », in NOM (dir.), *Livre* */
    if (!type && find_in(m, LAQUO) && journal.n)
        type = "Article";
    if (!type && has_isbn)
        type = "Ouvrage";
    if (!type && (find_in(rest, "rapport") || find_in(rest, "Rapport")))
        type = "Rapport";
    if (type && polis_str_set(&ref->site_type, type, (size_t)-1) != 0)
        return -1;

    /* The identifiers ix_fields_finish() reads: the links, then the entry
     * text itself, where it finds "doi:10..." and "ISBN ...". */
    polis_strv_t ids = { 0 };
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n_urls; i++)
        rc = polis_strv_push(&ids, urls[i]);
    char *whole = strndup(m.p, m.n);
    if (rc == 0)
        rc = whole ? polis_strv_push(&ids, whole) : -1;
    free(whole);
    polis_buf_t fallback = { 0 };
    if (rc == 0)
        rc = polis_buf_printf(&fallback, "%s~%zu", page->id ? page->id : "entry", n);
    if (rc == 0)
        rc = ix_fields_finish(ref, &ids, fallback.data);
    polis_buf_free(&fallback);
    polis_strv_clear(&ids);
    if (rc != 0)
        return -1;

    ref->kind = POLIS_KIND_REFERENCE;
    ref->position = (unsigned)n;
    for (size_t i = 0; i < page->themes.n; i++)
        if (polis_strv_push(&ref->themes, page->themes.v[i]) != 0)
            return -1;
    if (polis_str_set(&ref->parent_id, page->id, (size_t)-1) != 0 ||
        polis_str_set(&ref->language, page->language, (size_t)-1) != 0 ||
        polis_str_set(&ref->source_path, page->source_path, (size_t)-1) != 0)
        return -1;
    return 0;
}

int ix_biblio_entry(const polis_doc_t *page, size_t n, const char *text, size_t len,
                    const char *const *urls, size_t n_urls, const char *section, polis_doc_t *ref)
{
    polis_doc_clear(ref);
    /* Summary: from "Résumé :" to the end. */
    span_t all = { text, len }, summary = { NULL, 0 };
    const char *r = find_in(all, "Résumé");
    while (r && r > text && !isspace((unsigned char)r[-1]))
        r = find_in((span_t){ r + 1, len - (size_t)(r + 1 - text) }, "Résumé");
    if (r) {
        span_t after = { r + strlen("Résumé"), len - (size_t)(r + strlen("Résumé") - text) };
        after = trim(after, "");
        if (after.n && after.p[0] == ':') {
            summary = trim((span_t){ after.p + 1, after.n - 1 }, "");
            len = (size_t)(r - text);
        }
    }
    /* The entry on one line: white space collapsed, markup kept. */
    polis_buf_t m = { 0 };
    int rc = ix_xmlsafe_append_clean(&m, text, len);
    if (rc == 0) {
        ix_xmlsafe_rtrim(&m);
        span_t ms = trim((span_t){ m.data ? m.data : "", m.len }, "-");
        rc = fill_entry(page, n, ms, summary, urls, n_urls, section, ref);
    }
    polis_buf_free(&m);
    if (rc != 0)
        polis_doc_clear(ref);
    return rc;
}
