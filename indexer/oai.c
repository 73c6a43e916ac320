/* oai.c — OAI-PMH ListRecords (oai_dc) streamed with xmlReader, and the
 * Dublin Core mapping shared with mods.c and biblio.c; see oai.h. */
#include "oai.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "frdate.h"
#include "isodate.h"
#include "xmlsafe.h"

/* ---- Identifiers and years ---------------------------------------------- */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int polis_oai_find_doi(const char *s, size_t len, polis_buf_t *out)
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

int polis_oai_find_isbn(const char *s, size_t len, int bare, polis_buf_t *out)
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

int polis_oai_find_year(const char *s, size_t len, char out[5])
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

/* ---- The Dublin Core mapping ------------------------------------------------ */

int polis_oai_add_subject(polis_doc_t *doc, const char *subject, const char *lang)
{
    /* A subject in another language than French is a keyword: the theme
     * facet is French, and the record's French subjects are its themes. */
    int other_lang = lang && *lang && strncasecmp(lang, "fr", 2) != 0;
    const char *p = subject;
    while (p && *p) {
        const char *semi = strchr(p, ';');
        size_t n = semi ? (size_t)(semi - p) : strlen(p);
        char *one = NULL;
        if (polis_xmlsafe_set(&one, p, n) != 0)
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

int polis_oai_set_date(polis_doc_t *doc, const char *date)
{
    if (!date || doc->published[0])
        return 0;
    while (*date == ' ')
        date++;
    size_t len = strlen(date);
    char day[POLIS_ISODATE_SIZE];
    if (polis_isodate_paris(date, 0, day) == 0) { /* an instant is dated in Paris */
        memcpy(doc->published, day, 11);
        return 1;
    }
    /* ISO's basic form, "20180630" */
    int y, mo, d;
    if (len == 8 && strspn(date, "0123456789") == 8 &&
        sscanf(date, "%4d%2d%2d", &y, &mo, &d) == 3 && polis_frdate_valid(y, mo, d)) {
        snprintf(doc->published, sizeof doc->published, "%04d-%02d-%02d", y, mo, d);
        return 1;
    }
    /* ISO forms, possibly cut short: "2016", "2006-11" */
    char year[5];
    if (len >= 4 && polis_oai_find_year(date, 4, year) && (len == 4 || date[4] == '-')) {
        int m, d;
        size_t keep = 4;
        if (len >= 7 && two_digits(date + 5, &m) && m >= 1 && m <= 12 &&
            (len == 7 || date[7] == '-')) {
            keep = 7;
            if (len >= 10 && two_digits(date + 8, &d) && polis_frdate_valid(atoi(year), m, d))
                keep = 10;
        }
        memcpy(doc->published, date, keep);
        doc->published[keep] = '\0';
        return 1;
    }
    char iso[POLIS_FRDATE_SIZE];
    if (polis_frdate_parse(date, len, iso) == 0) {
        memcpy(doc->published, iso, 10);
        doc->published[10] = '\0';
        return 1;
    }
    if (polis_oai_find_year(date, len, year)) {
        memcpy(doc->published, year, 5);
        return 1;
    }
    return 0;
}

const char *polis_oai_type_label(const char *type, char **own)
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
    if (slash || polis_xmlsafe_set(own, type, (size_t)-1) != 0)
        return NULL; /* an unknown URI is no label for a facet */
    return *own;
}

static int is_http(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

/* "Authors. Title. Publisher, Date." for records, which have no raw citation. */
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
    if (rc == 0 && doc->publisher)
        rc = polis_buf_printf(&b, "%s%s", doc->publisher, doc->published[0] ? ", " : ". ");
    if (rc == 0 && doc->published[0])
        rc = polis_buf_printf(&b, "%.4s.", doc->published);
    if (rc == 0)
        polis_xmlsafe_rtrim(&b);
    if (rc == 0 && b.len)
        rc = polis_str_set(&doc->citation, b.data, b.len);
    polis_buf_free(&b);
    return rc;
}

int polis_oai_finish(polis_doc_t *doc, const polis_strv_t *identifiers, const char *fallback_id)
{
    polis_buf_t doi = { 0 }, isbn = { 0 };
    int rc = 0;
    for (size_t i = 0; rc >= 0 && !doi.len && i < identifiers->n; i++)
        rc = polis_oai_find_doi(identifiers->v[i], strlen(identifiers->v[i]), &doi);
    for (size_t i = 0; rc >= 0 && !isbn.len && i < identifiers->n; i++)
        rc = polis_oai_find_isbn(identifiers->v[i], strlen(identifiers->v[i]), 0, &isbn);
    if (rc >= 0 && !doc->id) {
        if (doi.len)
            rc = polis_xmlsafe_slug(&doc->id, "doi-", doi.data, doi.len);
        else if (isbn.len)
            rc = polis_xmlsafe_slug(&doc->id, "isbn-", isbn.data, isbn.len);
        if (rc >= 0 && !doc->id && fallback_id)
            rc = polis_str_set(&doc->id, fallback_id, (size_t)-1);
    }
    for (size_t i = 0; rc >= 0 && !doc->url && i < identifiers->n; i++) {
        const char *u = identifiers->v[i];
        if (is_http(u) && !strstr(u, "doi.org/"))
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

/* ---- Records -------------------------------------------------------------------- */

typedef struct {
    const char *relpath;
    polis_sink_t *sink;
    char *err;
    size_t errlen;
    size_t n; /* records seen, for ids and messages */
} oai_t;

static void warn(oai_t *o, const char *fmt, const char *arg)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg ? arg : "");
    if (o->sink && o->sink->warn)
        o->sink->warn(o->sink, o->relpath, msg);
}

/* One Dublin Core element of a record into doc.  0 or -1 (ENOMEM). */
static int dc_field(polis_doc_t *doc, const xmlNode *el, polis_strv_t *ids,
                    polis_strv_t *types, polis_buf_t *desc, char **source)
{
    char *t = polis_xmlsafe_node_strdup(el);
    if (!t)
        return -1;
    int rc = 0;
    const char *name = (const char *)el->name;
    if (!*t) {
        /* empty element: nothing to take */
    } else if (strcmp(name, "title") == 0) {
        if (!doc->title)
            rc = polis_str_set(&doc->title, t, (size_t)-1);
    } else if (strcmp(name, "creator") == 0 || strcmp(name, "contributor") == 0) {
        rc = polis_strv_push(&doc->authors, t);
    } else if (strcmp(name, "subject") == 0) {
        char *lang = polis_xmlsafe_attr(el, "lang");
        rc = polis_oai_add_subject(doc, t, lang);
        free(lang);
    } else if (strcmp(name, "description") == 0) {
        rc = polis_buf_printf(desc, "%s%s", desc->len ? "\n\n" : "", t);
    } else if (strcmp(name, "publisher") == 0) {
        if (!doc->publisher)
            rc = polis_str_set(&doc->publisher, t, (size_t)-1);
    } else if (strcmp(name, "date") == 0) {
        (void)polis_oai_set_date(doc, t); /* no date is no error */
    } else if (strcmp(name, "type") == 0) {
        rc = polis_strv_push(types, t);
    } else if (strcmp(name, "identifier") == 0) {
        rc = polis_strv_push(ids, t);
    } else if (strcmp(name, "language") == 0) {
        if (!doc->language)
            rc = polis_xmlsafe_language(&doc->language, t);
    } else if (strcmp(name, "coverage") == 0) {
        rc = polis_strv_push(&doc->places, t);
    } else if (strcmp(name, "source") == 0) {
        if (!*source)
            rc = polis_str_set(source, t, (size_t)-1);
    } else if (strcmp(name, "relation") == 0) {
        /* A DOI given as a relation identifies the record; a link is a link. */
        if (strstr(t, "doi") || strstr(t, "isbn"))
            rc = polis_strv_push(ids, t);
        else if (is_http(t))
            rc = polis_doc_add_link(doc, NULL, t);
    }
    free(t);
    return rc;
}

static int pick_type(polis_doc_t *doc, const polis_strv_t *types)
{
    char *fallback = NULL;
    for (size_t i = 0; i < types->n; i++) {
        char *own = NULL;
        const char *label = polis_oai_type_label(types->v[i], &own);
        if (label && !own) { /* a known type beats a value kept as written */
            free(fallback);
            return polis_str_set(&doc->site_type, label, (size_t)-1);
        }
        if (own && !fallback)
            fallback = own;
        else
            free(own);
    }
    int rc = fallback ? polis_str_set(&doc->site_type, fallback, (size_t)-1) : 0;
    free(fallback);
    return rc;
}

static int record_doc(oai_t *o, const xmlNode *dc, const char *ident, polis_doc_t *doc)
{
    polis_strv_t ids = { 0 }, types = { 0 };
    polis_buf_t desc = { 0 }, fallback = { 0 };
    char *source = NULL;
    int rc = 0;
    for (const xmlNode *el = dc->children; rc == 0 && el; el = el->next)
        if (el->type == XML_ELEMENT_NODE)
            rc = dc_field(doc, el, &ids, &types, &desc, &source);
    if (rc == 0 && desc.len)
        rc = polis_str_set(&doc->summary, desc.data, desc.len);
    if (rc == 0 && !doc->publisher && source) /* "Esprit, n° 333, mars 2007": the journal */
        rc = polis_xmlsafe_set(&doc->publisher, source, strcspn(source, ","));
    if (rc == 0)
        rc = pick_type(doc, &types);
    if (rc == 0 && ident && *ident)
        rc = polis_text_slug(ident, strlen(ident), &fallback);
    if (rc == 0 && !fallback.len)
        rc = polis_buf_printf(&fallback, "%s~%zu", o->relpath ? o->relpath : "oai", o->n);
    /* A record is known by its OAI identifier, not by the DOI or ISBN it
     * cites: a later `status="deleted"` header names only the identifier. */
    if (rc == 0 && ident && *ident)
        rc = polis_str_set(&doc->id, fallback.data, fallback.len);
    if (rc == 0)
        rc = polis_oai_finish(doc, &ids, fallback.data);
    if (rc == 0 && !doc->id)
        rc = polis_xmlsafe_slug(&doc->id, NULL, fallback.data, fallback.len) < 0 ? -1 : 0;
    doc->kind = POLIS_KIND_REFERENCE;
    if (rc == 0)
        rc = polis_str_set(&doc->source_path, o->relpath, (size_t)-1);
    polis_strv_clear(&ids);
    polis_strv_clear(&types);
    polis_buf_free(&desc);
    polis_buf_free(&fallback);
    free(source);
    return rc;
}

static int handle_record(oai_t *o, const xmlNode *rec)
{
    o->n++;
    const xmlNode *header = polis_xmlsafe_child(rec, "header");
    char *ident =
        header ? polis_xmlsafe_node_strdup(polis_xmlsafe_child(header, "identifier")) : NULL;
    char *status = polis_xmlsafe_attr(header, "status");
    int rc = 0;
    if (status && strcmp(status, "deleted") == 0) {
        char *id = NULL;
        if (ident && *ident && polis_xmlsafe_slug(&id, NULL, ident, (size_t)-1) < 0)
            rc = -1;
        if (rc == 0 && id && o->sink && o->sink->remove && o->sink->remove(o->sink, id) != 0) {
            snprintf(o->err, o->errlen, "stopped by the indexer");
            rc = -1;
        }
        if (rc == 0 && !id)
            warn(o, "deleted record without identifier (record %s)", "");
        free(id);
    } else {
        const xmlNode *meta = polis_xmlsafe_child(rec, "metadata"), *dc = NULL;
        for (const xmlNode *c = meta ? meta->children : NULL; c && !dc; c = c->next)
            if (c->type == XML_ELEMENT_NODE)
                dc = c;
        if (!dc) {
            warn(o, "record %s has no metadata, skipped", ident && *ident ? ident : "?");
        } else {
            polis_doc_t doc;
            polis_doc_init(&doc);
            rc = record_doc(o, dc, ident, &doc);
            if (rc != 0)
                snprintf(o->err, o->errlen, "out of memory");
            else
                rc = polis_xmlsafe_emit(o->sink, &doc, o->err, o->errlen);
            polis_doc_clear(&doc);
        }
    }
    free(ident);
    free(status);
    return rc;
}

/* A record or an <error> of the response, from polis_xmlsafe_stream(). */
static int on_element(void *ctx, const char *name, xmlNode *node)
{
    oai_t *o = ctx;
    if (strcmp(name, "error") == 0) {
        char *text = polis_xmlsafe_node_strdup(node);
        warn(o, "OAI-PMH error: %s", text);
        free(text);
        return 0;
    }
    return handle_record(o, node);
}

int polis_oai_parse(const char *relpath, const char *buf, size_t len, const polis_themes_t *themes,
                    polis_sink_t *sink, char *err, size_t errlen)
{
    static const char *const roots[] = { "OAI-PMH", NULL };
    static const char *const records[] = { "record", "error", NULL };
    char dummy[8], warning[320];
    if (!err || !errlen)
        err = dummy, errlen = sizeof dummy;
    (void)themes; /* subjects are labels: the indexer maps them (tables.h) */
    oai_t o = { relpath, sink, err, errlen, 0 };
    polis_xmlsafe_stream_t stream = { roots, "OAI-PMH", records, on_element, &o };
    int rc = polis_xmlsafe_stream(buf, len, &stream, warning, sizeof warning, err, errlen);
    if (rc == 0 && warning[0])
        warn(&o, "%s", warning);
    return rc;
}
