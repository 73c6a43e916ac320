/* indexer/fields.c — fields every bibliographic reader shares.  See
 * fields.h. */
#include "parse/fields.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/frdate.h"
#include "parse/isodate.h"
#include "xml/xmlsafe.h"

/* ---- Identifiers and years ---------------------------------------------- */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int ix_fields_find_doi(const char *s, size_t len, polis_buf_t *out)
{
    for (size_t i = 0; i + 7 < len; i++) {
        if (s[i] != '1' || s[i + 1] != '0' || s[i + 2] != '.')
            continue;
        if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '.'))
            continue;
        size_t j = i + 3, digits = 0;
        while (j < len && is_digit(s[j]))
            j++, digits++;
        /* Registrant codes may have dotted sub-parts: 10.1000.10/xyz. */
        while (j + 1 < len && s[j] == '.' && is_digit(s[j + 1]))
            j++;
        while (j < len && is_digit(s[j]))
            j++;
        if (digits < 4 || digits > 9 || j >= len || s[j] != '/')
            continue;
        size_t end = ++j;
        while (end < len && !isspace((unsigned char)s[end]) && s[end] != '"' && s[end] != '<' &&
               s[end] != '>' && (unsigned char)s[end] != 0xC2)
            end++;
        while (end > j && strchr(".,;:)]'", s[end - 1]))
            end--;
        if (end == j)
            continue;
        return polis_buf_append(out, s + i, end - i) == 0 ? 1 : -1;
    }
    return 0;
}

/* Collect ISBN digits from s[i..len): digits, hyphens and spaces, final X. */
static size_t isbn_digits(const char *s, size_t len, size_t i, char *digits, size_t *n)
{
    *n = 0;
    while (i < len && *n < 13) {
        if (is_digit(s[i]) || ((s[i] == 'X' || s[i] == 'x') && *n == 9)) {
            digits[(*n)++] = (char)toupper((unsigned char)s[i]);
        } else if (!(s[i] == '-' || (s[i] == ' ' && i + 1 < len && is_digit(s[i + 1])))) {
            break;
        }
        i++;
    }
    return i;
}

int ix_fields_find_isbn(const char *s, size_t len, int bare, polis_buf_t *out)
{
    char digits[14];
    size_t n;
    if (bare) {
        size_t i = 0;
        while (i < len && isspace((unsigned char)s[i]))
            i++;
        size_t j = isbn_digits(s, len, i, digits, &n);
        while (j < len && isspace((unsigned char)s[j]))
            j++;
        if (j == len && (n == 10 || n == 13))
            return polis_buf_append(out, digits, n) == 0 ? 1 : -1;
    }
    for (size_t i = 0; i + 4 <= len; i++) {
        if (strncasecmp(s + i, "isbn", 4) != 0)
            continue;
        size_t j = i + 4;
        if (j + 3 <= len && (strncmp(s + j, "-13", 3) == 0 || strncmp(s + j, "-10", 3) == 0))
            j += 3;
        while (j < len && (s[j] == ':' || s[j] == ' ' || s[j] == '\t'))
            j++;
        isbn_digits(s, len, j, digits, &n);
        if (n == 10 || n == 13)
            return polis_buf_append(out, digits, n) == 0 ? 1 : -1;
    }
    return 0;
}

int ix_fields_find_year(const char *s, size_t len, char out[5])
{
    for (size_t i = 0; i + 4 <= len; i++) {
        if (i > 0 && is_digit(s[i - 1]))
            continue;
        if (!is_digit(s[i]) || !is_digit(s[i + 1]) || !is_digit(s[i + 2]) || !is_digit(s[i + 3]))
            continue;
        if (i + 4 < len && is_digit(s[i + 4]))
            continue;
        if ((s[i] == '1' && s[i + 1] == '9') || (s[i] == '2' && s[i + 1] == '0')) {
            memcpy(out, s + i, 4);
            out[4] = '\0';
            return 1;
        }
    }
    out[0] = '\0';
    return 0;
}

/* ---- Numbering: volume, issue, pages ------------------------------------------ */

/* Non-zero when s[i] starts a word: the start, or after a space or one of
 * ",;:(". */
static int word_start(const char *s, size_t i)
{
    return i == 0 || strchr(" \t,;:(", s[i - 1]) != NULL;
}

/* The literal lit (ASCII letters compared without case) at s[i]. */
static int at(const char *s, size_t len, size_t i, const char *lit)
{
    size_t n = strlen(lit);
    return i + n <= len && strncasecmp(s + i, lit, n) == 0;
}

/* After a label: spaces, then a token of letters, digits, '-' and '/'
 * ("32", "HS", "3-4"); its end in *end.  0 when there is none or it holds
 * no digit and is longer than four letters (not a number: "n° de série"). */
static size_t token(const char *s, size_t len, size_t i, size_t *end)
{
    while (i < len && (s[i] == ' ' || (unsigned char)s[i] == 0xC2))
        i += (unsigned char)s[i] == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0 ? 2 : 1;
    size_t j = i, digits = 0;
    while (j < len && (isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == '/'))
        digits += is_digit(s[j++]);
    while (j > i && (s[j - 1] == '-' || s[j - 1] == '/'))
        j--;
    *end = j;
    if (j == i || (!digits && j - i > 4))
        return 0;
    return i + 1; /* the start, plus one so that 0 says "none" */
}

static int set_token(char **field, const char *prefix, const char *s, size_t from, size_t to)
{
    if (*field)
        return 0;
    polis_buf_t b = { 0 };
    int rc = polis_buf_printf(&b, "%s%.*s", prefix, (int)(to - from), s + from);
    if (rc == 0)
        rc = polis_str_set(field, b.data, b.len);
    polis_buf_free(&b);
    return rc;
}

/* "411-420", "411–420", "45": digits, a dash, digits, the dash a hyphen. */
static int page_range(polis_doc_t *doc, const char *s, size_t len, size_t i)
{
    while (i < len && s[i] == ' ')
        i++;
    size_t a = i;
    while (i < len && is_digit(s[i]))
        i++;
    if (i == a || doc->pages)
        return 0;
    polis_buf_t b = { 0 };
    int rc = polis_buf_append(&b, s + a, i - a);
    size_t dash = i < len && s[i] == '-' ? 1 : at(s, len, i, "\xE2\x80\x93") ? 3 : 0;
    if (dash && i + dash < len && is_digit(s[i + dash])) {
        size_t e = i + dash;
        while (e < len && is_digit(s[e]))
            e++;
        rc |= polis_buf_append(&b, "-", 1) | polis_buf_append(&b, s + i + dash, e - i - dash);
    }
    if (rc == 0)
        rc = polis_str_set(&doc->pages, b.data, b.len);
    polis_buf_free(&b);
    return rc;
}

int ix_fields_numbering(polis_doc_t *doc, const char *s, size_t len)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < len; i++) {
        size_t start, end;
        if (!word_start(s, i)) {
            continue;
        } else if (at(s, len, i, "vol.") || at(s, len, i, "volume ") || at(s, len, i, "t. ")) {
            size_t skip = at(s, len, i, "vol.") ? 4 : at(s, len, i, "t. ") ? 3 : 7;
            if ((start = token(s, len, i + skip, &end)) != 0)
                rc = set_token(&doc->volume, "", s, start - 1, end);
        } else if (at(s, len, i, "n\xC2\xB0") || at(s, len, i, "n\xC2\xBA") ||
                   at(s, len, i, "no ") || at(s, len, i, "num\xC3\xA9ro ")) {
            size_t skip = at(s, len, i, "no ") ? 3 : at(s, len, i, "n\xC2") ? 3 : 8;
            int hs = i >= 12 && at(s, len, i - 12, "hors-s\xC3\xA9rie ");
            if ((start = token(s, len, i + skip, &end)) != 0)
                rc = set_token(&doc->issue, hs ? "hors-s\xC3\xA9rie " : "", s, start - 1, end);
        } else if (at(s, len, i, "pp.") || (at(s, len, i, "p.") && !at(s, len, i, "p.-"))) {
            rc = page_range(doc, s, len, i + (at(s, len, i, "pp.") ? 3 : 2));
        } else if (is_digit(s[i]) && !doc->extent) {
            /* "245 p." : the size of a whole work. */
            size_t j = i;
            while (j < len && is_digit(s[j]))
                j++;
            if (at(s, len, j, " p.") && (j + 3 == len || !isalnum((unsigned char)s[j + 3])))
                rc = polis_str_set(&doc->extent, s + i, j + 3 - i);
            i = j;
        }
    }
    return rc;
}

/* ---- The Dublin Core mapping ------------------------------------------------ */

int ix_fields_add_subject(polis_doc_t *doc, const char *subject, const char *lang)
{
    /* A subject in another language than French is a keyword: the theme
     * facet is French, and the record's French subjects are its themes. */
    int other_lang = lang && *lang && strncasecmp(lang, "fr", 2) != 0;
    const char *p = subject;
    while (p && *p) {
        const char *semi = strchr(p, ';');
        size_t n = semi ? (size_t)(semi - p) : strlen(p);
        char *one = NULL;
        if (ix_xmlsafe_set(&one, p, n) != 0)
            return -1;
        if (one) {
            int rc = polis_strv_push(other_lang ? &doc->keywords : &doc->themes, one);
            free(one);
            if (rc != 0)
                return -1;
        }
        p = semi ? semi + 1 : NULL;
    }
    return 0;
}

static int two_digits(const char *s, int *v)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return 0;
    *v = (s[0] - '0') * 10 + (s[1] - '0');
    return 1;
}

int ix_fields_set_date(polis_doc_t *doc, const char *date)
{
    if (!date || doc->published[0])
        return 0;
    while (*date == ' ')
        date++;
    size_t len = strlen(date);
    char day[IX_ISODATE_SIZE];
    if (ix_isodate_paris(date, 0, day) == 0) { /* an instant is dated in Paris */
        memcpy(doc->published, day, 11);
        return 1;
    }
    /* ISO's basic form, "20180630" */
    int y, mo, d;
    if (len == 8 && strspn(date, "0123456789") == 8 &&
        sscanf(date, "%4d%2d%2d", &y, &mo, &d) == 3 && ix_frdate_valid(y, mo, d)) {
        snprintf(doc->published, sizeof doc->published, "%04d-%02d-%02d", y, mo, d);
        return 1;
    }
    /* ISO forms, possibly cut short: "2016", "2006-11" */
    char year[5];
    if (len >= 4 && ix_fields_find_year(date, 4, year) && (len == 4 || date[4] == '-')) {
        int m, d;
        size_t keep = 4;
        if (len >= 7 && two_digits(date + 5, &m) && m >= 1 && m <= 12 &&
            (len == 7 || date[7] == '-')) {
            keep = 7;
            if (len >= 10 && two_digits(date + 8, &d) && ix_frdate_valid(atoi(year), m, d))
                keep = 10;
        }
        memcpy(doc->published, date, keep);
        doc->published[keep] = '\0';
        return 1;
    }
    char iso[IX_FRDATE_SIZE];
    if (ix_frdate_parse(date, len, iso) == 0) {
        memcpy(doc->published, iso, 10);
        doc->published[10] = '\0';
        return 1;
    }
    if (ix_fields_find_year(date, len, year)) {
        memcpy(doc->published, year, 5);
        return 1;
    }
    return 0;
}

const char *ix_fields_type_label(const char *type, char **own)
{
    static const struct {
        const char *slug, *label;
    } table[] = {
        { "article", "Article" },
        { "journal-article", "Article" },
        { "art", "Article" },
        { "article-de-revue", "Article" },
        { "contribution-to-journal", "Article" },
        { "book", "Ouvrage" },
        { "livre", "Ouvrage" },
        { "ouvrage", "Ouvrage" },
        { "ouv", "Ouvrage" },
        { "monographie", "Ouvrage" },
        { "monograph", "Ouvrage" },
        { "report", "Rapport" },
        { "rapport", "Rapport" },
        { "technical-report", "Rapport" },
        { "bookpart", "Chapitre d'ouvrage" },
        { "book-part", "Chapitre d'ouvrage" },
        { "chapitre", "Chapitre d'ouvrage" },
        { "chapter", "Chapitre d'ouvrage" },
        { "couv", "Chapitre d'ouvrage" },
        { "chapitre-ouvrage", "Chapitre d'ouvrage" },
        { "thesis", "Thèse" },
        { "doctoralthesis", "Thèse" },
        { "these", "Thèse" },
        { "masterthesis", "Mémoire" },
        { "memoire", "Mémoire" },
        { "conferenceobject", "Communication" },
        { "communication", "Communication" },
        { "comm", "Communication" },
        { "conference-paper", "Communication" },
        { "etude", "Étude" },
        { "study", "Étude" },
        { "guide", "Guide" },
        { "note", "Note" },
        { "revue", "Revue" },
        { "periodical", "Revue" },
        { "actes", "Actes" },
        { "proceedings", "Actes" },
        { "bibliographie", "Bibliographie" },
        { "text", NULL },
        { "texte", NULL },
        { "other", NULL },
        { "autre", NULL },
        { "document", NULL },
    };
    *own = NULL;
    if (!type)
        return NULL;
    /* info:eu-repo/semantics/article: the last path segment names the type. */
    const char *slash = strrchr(type, '/');
    const char *key = slash && slash[1] ? slash + 1 : type;
    polis_buf_t b = { 0 };
    if (polis_text_slug(key, strlen(key), &b) != 0 || !b.data) {
        polis_buf_free(&b);
        return NULL;
    }
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(b.data, table[i].slug) == 0) {
            polis_buf_free(&b);
            return table[i].label;
        }
    polis_buf_free(&b);
    if (slash || ix_xmlsafe_set(own, type, (size_t)-1) != 0)
        return NULL; /* an unknown URI is no label for a facet */
    return *own;
}

int ix_fields_is_http(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

/* "Authors. Title. Container, vol. V, n° I, p. P. Publisher, Date." for
 * records, which have no raw citation. */
static int build_citation(polis_doc_t *doc)
{
    polis_buf_t b = { 0 };
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < doc->authors.n; i++)
        rc = polis_buf_printf(&b, "%s%s", i ? " ; " : "", doc->authors.v[i]);
    if (rc == 0 && doc->authors.n)
        rc = polis_buf_puts(&b, ". ");
    if (rc == 0 && doc->title)
        rc = polis_buf_printf(&b, "%s. ", doc->title);
    if (rc == 0 && doc->container) {
        rc = polis_buf_puts(&b, doc->container);
        if (rc == 0 && doc->volume)
            rc = polis_buf_printf(&b, ", vol. %s", doc->volume);
        if (rc == 0 && doc->issue)
            rc = polis_buf_printf(&b, ", n\xC2\xB0 %s", doc->issue);
        if (rc == 0 && doc->pages)
            rc = polis_buf_printf(&b, ", p. %s", doc->pages);
        if (rc == 0)
            rc = polis_buf_puts(&b, ". ");
    }
    if (rc == 0 && doc->publisher)
        rc = polis_buf_printf(&b, "%s%s", doc->publisher, doc->published[0] ? ", " : ". ");
    if (rc == 0 && doc->published[0])
        rc = polis_buf_printf(&b, "%.4s.", doc->published);
    if (rc == 0)
        ix_xmlsafe_rtrim(&b);
    if (rc == 0 && b.len)
        rc = polis_str_set(&doc->citation, b.data, b.len);
    polis_buf_free(&b);
    return rc;
}

int ix_fields_finish(polis_doc_t *doc, const polis_strv_t *identifiers, const char *fallback_id)
{
    polis_buf_t doi = { 0 }, isbn = { 0 };
    int rc = 0;
    for (size_t i = 0; rc >= 0 && !doi.len && i < identifiers->n; i++)
        rc = ix_fields_find_doi(identifiers->v[i], strlen(identifiers->v[i]), &doi);
    for (size_t i = 0; rc >= 0 && !isbn.len && i < identifiers->n; i++)
        rc = ix_fields_find_isbn(identifiers->v[i], strlen(identifiers->v[i]), 0, &isbn);
    if (rc >= 0 && !doc->id) {
        if (doi.len)
            rc = ix_xmlsafe_slug(&doc->id, "doi-", doi.data, doi.len);
        else if (isbn.len)
            rc = ix_xmlsafe_slug(&doc->id, "isbn-", isbn.data, isbn.len);
        if (rc >= 0 && !doc->id && fallback_id)
            rc = polis_str_set(&doc->id, fallback_id, (size_t)-1);
    }
    if (rc >= 0 && doi.len && !doc->doi)
        rc = polis_str_set(&doc->doi, doi.data, doi.len);
    if (rc >= 0 && isbn.len && !doc->isbn)
        rc = polis_str_set(&doc->isbn, isbn.data, isbn.len);
    for (size_t i = 0; rc >= 0 && !doc->url && i < identifiers->n; i++) {
        const char *u = identifiers->v[i];
        if (ix_fields_is_http(u) && !strstr(u, "doi.org/"))
            rc = polis_str_set(&doc->url, u, strcspn(u, " \t\n"));
    }
    if (rc >= 0 && !doc->url && doi.len) {
        polis_buf_t link = { 0 };
        rc = polis_buf_printf(&link, "https://doi.org/%s", doi.data);
        if (rc == 0)
            rc = polis_str_set(&doc->url, link.data, link.len);
        polis_buf_free(&link);
    }
    polis_buf_free(&doi);
    polis_buf_free(&isbn);
    if (rc >= 0 && !doc->citation)
        rc = build_citation(doc);
    return rc < 0 ? -1 : 0;
}
