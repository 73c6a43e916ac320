/* cite.c — the kind of work, the authors' names and the ISO 690 citation
 * that the citation formats share; see cite.h. */
#include "api/cite.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* Authors named before "et al." in a citation. */
#define MAX_CITED_AUTHORS 3

sd_cite_type_t sd_cite_type(const polis_doc_t *doc)
{
    static const struct {
        const char *type;
        sd_cite_type_t cite;
    } types[] = {
        { "Article", SD_CITE_ARTICLE },  { "Ouvrage", SD_CITE_BOOK },
        { "Guide", SD_CITE_BOOK },       { "Chapitre d'ouvrage", SD_CITE_CHAPTER },
        { "Rapport", SD_CITE_REPORT },   { "Étude", SD_CITE_REPORT },
        { "Note", SD_CITE_REPORT },      { "Thèse", SD_CITE_THESIS },
        { "Mémoire", SD_CITE_THESIS },   { "Communication", SD_CITE_CONFERENCE },
        { "Actes", SD_CITE_CONFERENCE },
    };
    if (doc->kind != POLIS_KIND_REFERENCE)
        return doc->kind == POLIS_KIND_UNKNOWN ? SD_CITE_GENERIC : SD_CITE_WEBPAGE;
    for (size_t i = 0; doc->site_type != NULL && i < sizeof types / sizeof types[0]; i++)
        if (strcasecmp(doc->site_type, types[i].type) == 0)
            return types[i].cite;
    /* A part with its journal is an article whatever the source calls it. */
    if (doc->container != NULL && (doc->issue != NULL || doc->volume != NULL))
        return SD_CITE_ARTICLE;
    return doc->isbn != NULL ? SD_CITE_BOOK : SD_CITE_GENERIC;
}

const char *sd_cite_kind_label(polis_kind_t kind)
{
    static const char *const labels[] = {
        [POLIS_KIND_UNKNOWN] = "",
        [POLIS_KIND_RECAP] = "Compte rendu",
        [POLIS_KIND_NEWS] = "Actualité",
        [POLIS_KIND_PAGE] = "Page",
        [POLIS_KIND_BIBLIOGRAPHY] = "Bibliographie",
        [POLIS_KIND_REFERENCE] = "Référence",
    };
    return (unsigned)kind < sizeof labels / sizeof labels[0] ? labels[kind] : "";
}

void sd_cite_name_free(sd_cite_name_t *name)
{
    free(name->family);
    free(name->given);
    free(name->literal);
    memset(name, 0, sizeof *name);
}

int sd_cite_name(const char *written, sd_cite_name_t *name)
{
    memset(name, 0, sizeof *name);
    name->literal = polis_author_normalise(written != NULL ? written : "");
    if (name->literal == NULL)
        return -1;
    /* polis_author_normalise() writes a person "Family, Given"; anything
     * else is an organisation (or a name it could not split). */
    const char *comma = strstr(name->literal, ", ");
    if (comma == NULL)
        return 0;
    name->family = strndup(name->literal, (size_t)(comma - name->literal));
    name->given = strdup(comma + 2);
    if (name->family == NULL || name->given == NULL) {
        sd_cite_name_free(name);
        return -1;
    }
    return 0;
}

void sd_cite_year(const polis_doc_t *doc, char out[5])
{
    out[0] = '\0';
    if (strlen(doc->published) >= 4 && isdigit((unsigned char)doc->published[0])) {
        memcpy(out, doc->published, 4);
        out[4] = '\0';
    }
}

void sd_cite_page_count(const polis_doc_t *doc, char out[16])
{
    out[0] = '\0';
    const char *e = doc->extent;
    size_t n = e != NULL ? strspn(e, "0123456789") : 0;
    if (n > 0 && n < 16) {
        memcpy(out, e, n);
        out[n] = '\0';
    }
}

int sd_cite_themes(polis_buf_t *out, const polis_doc_t *doc, sd_handle_t *h, const char *sep)
{
    int err = 0;
    for (size_t i = 0; i < doc->themes.n && !err; i++)
        err = polis_buf_printf(out, "%s%s", i > 0 ? sep : "",
                               h != NULL ? sd_handle_theme_label(h, doc->themes.v[i])
                                         : doc->themes.v[i]);
    return err;
}

/* ---- ISO 690 ---------------------------------------------------------------- */

typedef struct {
    sd_cite_put_fn put;
    void *ctx;
    int err;
    char last;  /* the last byte written, to end elements with one full stop */
    int spaced; /* an element ended: a space before the next one */
} writer_t;

static void put(writer_t *w, const char *s, size_t n, int italic)
{
    if (w->err || n == 0)
        return;
    if (w->spaced)
        w->err = w->put(w->ctx, " ", 1, 0);
    w->spaced = 0;
    if (!w->err)
        w->err = w->put(w->ctx, s, n, italic);
    w->last = s[n - 1];
}

static void puts_(writer_t *w, const char *s, int italic)
{
    if (s != NULL)
        put(w, s, strlen(s), italic);
}

/* End an element: "." unless it ended with its own punctuation; the next
 * one starts after a space. */
static void stop(writer_t *w)
{
    if (w->last != 0 && w->last != ' ' && w->last != '.' && w->last != '?' && w->last != '!')
        puts_(w, ".", 0);
    w->spaced = w->last != 0;
}

/* A family name in capitals, as ISO 690 sets it ("Le Gall" → "LE GALL"). */
static void upper(writer_t *w, const char *s)
{
    polis_buf_t b = { 0 };
    for (size_t i = 0, n = strlen(s); i < n;) {
        utf8proc_int32_t c = 0;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
        if (k <= 0) {
            w->err |= polis_buf_append(&b, s + i, n - i);
            break;
        }
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t e = utf8proc_encode_char(utf8proc_toupper(c), enc);
        w->err |= polis_buf_append(&b, (const char *)enc, (size_t)e);
        i += (size_t)k;
    }
    if (b.data != NULL)
        put(w, b.data, b.len, 0);
    polis_buf_free(&b);
}

/* "DUPONT, Marie, LEROY, Paul et MARTIN, Luc"; more than three: the first
 * and "et al.".  Returns the number of authors written. */
static size_t authors(writer_t *w, const polis_doc_t *doc)
{
    size_t n = doc->authors.n, shown = n > MAX_CITED_AUTHORS ? 1 : n;
    for (size_t i = 0; i < shown && !w->err; i++) {
        sd_cite_name_t name;
        if (sd_cite_name(doc->authors.v[i], &name) != 0) {
            w->err = -1;
            break;
        }
        if (i > 0)
            puts_(w, i + 1 == shown ? " et " : ", ", 0);
        if (name.family != NULL) {
            upper(w, name.family);
            if (name.given[0] != '\0') {
                puts_(w, ", ", 0);
                puts_(w, name.given, 0);
            }
        } else {
            puts_(w, name.literal, 0);
        }
        sd_cite_name_free(&name);
    }
    if (shown < n)
        puts_(w, " et al.", 0);
    return shown;
}

int sd_cite_iso690(const polis_doc_t *doc, const char *url, sd_cite_put_fn put_fn, void *ctx)
{
    writer_t w = { put_fn, ctx, 0, 0, 0 };
    sd_cite_type_t type = sd_cite_type(doc);
    /* Works that stand alone have their title in italics; a part (article,
     * chapter) has its container's. */
    int part = type == SD_CITE_ARTICLE || type == SD_CITE_CHAPTER;
    const char *title = doc->title != NULL && doc->title[0] != '\0' ? doc->title : doc->id;
    char year[5];
    sd_cite_year(doc, year);

    /* Author and date: "DUPONT, Marie, 2016." or, without author, the title
     * in the author's place: "Titre, 2016." */
    int titled_first = authors(&w, doc) == 0;
    if (titled_first)
        puts_(&w, title, !part);
    puts_(&w, ", ", 0);
    puts_(&w, year[0] != '\0' ? year : "s.d.", 0);
    stop(&w);
    if (!titled_first) {
        puts_(&w, title, !part);
        stop(&w);
    }
    if (type == SD_CITE_WEBPAGE) {
        puts_(&w, "[en ligne]", 0);
        stop(&w);
    }
    if (doc->container != NULL && part) {
        if (type == SD_CITE_CHAPTER)
            puts_(&w,
                  "In"
                  "\xC2\xA0"
                  ": ",
                  0);
        puts_(&w, doc->container, 1);
        stop(&w);
    }
    if (doc->publisher != NULL) {
        puts_(&w, doc->publisher, 0);
        stop(&w);
    }
    /* The numbering of a part: "Vol. 32, n° 4, p. 411-420." */
    int first = 1;
    if (doc->volume != NULL) {
        puts_(&w, "Vol. ", 0);
        puts_(&w, doc->volume, 0);
        first = 0;
    }
    if (doc->issue != NULL) {
        puts_(&w, first ? "N\xC2\xB0 " : ", n\xC2\xB0 ", 0);
        puts_(&w, doc->issue, 0);
        first = 0;
    }
    if (doc->pages != NULL) {
        puts_(&w, first ? "P. " : ", p. ", 0);
        puts_(&w, doc->pages, 0);
        first = 0;
    }
    if (!first)
        stop(&w);
    if (doc->extent != NULL && !part) {
        puts_(&w, doc->extent, 0);
        stop(&w);
    }
    if (doc->container != NULL && !part) { /* a book's series */
        puts_(&w, "(", 0);
        puts_(&w, doc->container, 0);
        puts_(&w, ")", 0);
        stop(&w);
    }
    if (doc->isbn != NULL) {
        puts_(&w, "ISBN ", 0);
        puts_(&w, doc->isbn, 0);
        stop(&w);
    }
    if (doc->doi != NULL) {
        puts_(&w, "DOI ", 0);
        puts_(&w, doc->doi, 0);
        stop(&w);
    } else if (url != NULL && url[0] != '\0') {
        puts_(&w,
              "Disponible à l’adresse"
              "\xC2\xA0"
              ": ",
              0);
        puts_(&w, url, 0);
    }
    return w.err;
}

static int put_text(void *ctx, const char *text, size_t len, int italic)
{
    (void)italic;
    return polis_buf_append(ctx, text, len);
}

int sd_cite_text(const polis_doc_t *doc, const char *url, polis_buf_t *out)
{
    return sd_cite_iso690(doc, url, put_text, out);
}
