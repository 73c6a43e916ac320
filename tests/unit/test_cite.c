/* test_cite.c — what citations are made of (api/cite.c) and the BibTeX and
 * CSL-JSON encoders: the kind of work, authors split into family and given
 * names, ISO 690 in French, LaTeX's escaping. */
#include <stdlib.h>
#include <string.h>

#include "../../searchd/api/bibtex.h"
#include "../../searchd/api/cite.h"
#include "../../searchd/api/csljson.h"
#include "tap.h"

static void article(polis_doc_t *d)
{
    polis_doc_init(d);
    polis_str_set(&d->id, "doi-10-3917-spub-204-0411", (size_t)-1);
    polis_str_set(&d->title,
                  "Santé mentale dans les quartiers : les conseils locaux en première ligne",
                  (size_t)-1);
    polis_str_set(&d->site_type, "Article", (size_t)-1);
    polis_str_set(&d->container, "Santé publique", (size_t)-1);
    polis_str_set(&d->volume, "32", (size_t)-1);
    polis_str_set(&d->issue, "4", (size_t)-1);
    polis_str_set(&d->pages, "411-420", (size_t)-1);
    polis_str_set(&d->doi, "10.3917/spub.204.0411", (size_t)-1);
    polis_strv_push(&d->authors, "MOREL Anne");
    polis_strv_push(&d->authors, "DAHMANI Leïla");
    snprintf(d->published, sizeof d->published, "2020");
    d->kind = POLIS_KIND_REFERENCE;
}

static void book(polis_doc_t *d)
{
    polis_doc_init(d);
    polis_str_set(&d->id, "isbn-9782810903122", (size_t)-1);
    polis_str_set(&d->title, "Les quartiers prioritaires face à la crise", (size_t)-1);
    polis_str_set(&d->site_type, "Ouvrage", (size_t)-1);
    polis_str_set(&d->publisher, "Éditions de l'Aube", (size_t)-1);
    polis_str_set(&d->extent, "245 p.", (size_t)-1);
    polis_str_set(&d->isbn, "9782810903122", (size_t)-1);
    polis_strv_push(&d->authors, "DUPONT Marie");
    polis_strv_push(&d->authors, "Leroy, Paul");
    snprintf(d->published, sizeof d->published, "2016-05");
    d->kind = POLIS_KIND_REFERENCE;
}

static void test_types_names(void)
{
    polis_doc_t d;
    article(&d);
    ok(sd_cite_type(&d) == SD_CITE_ARTICLE, "type: Article");
    polis_str_set(&d.site_type, "Chapitre d'ouvrage", (size_t)-1);
    ok(sd_cite_type(&d) == SD_CITE_CHAPTER, "type: Chapitre d'ouvrage");
    polis_str_set(&d.site_type, NULL, 0);
    ok(sd_cite_type(&d) == SD_CITE_ARTICLE, "type: a journal with its issue is an article");
    d.kind = POLIS_KIND_NEWS;
    ok(sd_cite_type(&d) == SD_CITE_WEBPAGE, "type: news is a web page");
    polis_doc_clear(&d);
    is_str(sd_cite_kind_label(POLIS_KIND_RECAP), "Compte rendu", "kind label: recap");

    sd_cite_name_t n;
    ok(sd_cite_name("DUPONT Marie", &n) == 0 && n.family && strcmp(n.family, "Dupont") == 0 &&
           strcmp(n.given, "Marie") == 0,
       "name: DUPONT Marie is family Dupont, given Marie");
    sd_cite_name_free(&n);
    ok(sd_cite_name("Agence nationale pour la rénovation urbaine", &n) == 0 && !n.family &&
           strcmp(n.literal, "Agence nationale pour la rénovation urbaine") == 0,
       "name: an organisation is whole");
    sd_cite_name_free(&n);
    polis_doc_t b;
    book(&b);
    char count[16], year[5];
    sd_cite_page_count(&b, count);
    sd_cite_year(&b, year);
    is_str(count, "245", "page count of 245 p.");
    is_str(year, "2016", "year of 2016-05");
    polis_doc_clear(&b);
}

static void test_iso690(void)
{
    polis_doc_t d;
    polis_buf_t b = { 0 };
    article(&d);
    ok(sd_cite_text(&d, NULL, &b) == 0, "iso 690: an article");
    is_str(b.data,
           "MOREL, Anne et DAHMANI, Leïla, 2020. Santé mentale dans les quartiers : les conseils "
           "locaux en première ligne. Santé publique. Vol. 32, n° 4, p. 411-420. "
           "DOI 10.3917/spub.204.0411.",
           "iso 690: families in capitals, the journal, its numbering, the DOI");
    polis_doc_clear(&d);
    book(&d);
    b.len = 0;
    ok(sd_cite_text(&d, NULL, &b) == 0, "iso 690: a book");
    is_str(b.data,
           "DUPONT, Marie et LEROY, Paul, 2016. Les quartiers prioritaires face à la crise. "
           "Éditions de l'Aube. 245 p. ISBN 9782810903122.",
           "iso 690: a book with its publisher, extent and ISBN");
    polis_doc_clear(&d);
    polis_doc_init(&d);
    polis_str_set(&d.id, "actualites-x", (size_t)-1);
    polis_str_set(&d.title, "Le CGET devient l'ANCT", (size_t)-1);
    d.kind = POLIS_KIND_NEWS;
    b.len = 0;
    ok(sd_cite_text(&d, "https://irev.fr/actualites/x", &b) == 0, "iso 690: a web page");
    is_str(b.data,
           "Le CGET devient l'ANCT, s.d. [en ligne]. Disponible à l’adresse\xC2\xA0: "
           "https://irev.fr/actualites/x",
           "iso 690: no author, no date: the title first, s.d., [en ligne], the address");
    polis_doc_clear(&d);
    polis_buf_free(&b);
}

static void test_bibtex(void)
{
    polis_buf_t b = { 0 };
    ok(sd_bibtex_text(&b, "50 % & $5 #1 a_b {x} \\ ~ ^\n") == 0, "bibtex: text");
    is_str(b.data,
           "50 \\% \\& \\$5 \\#1 a\\_b \\{x\\} \\textbackslash{} \\textasciitilde{} "
           "\\textasciicircum{} ",
           "bibtex: LaTeX's specials escaped, line breaks as spaces");
    polis_doc_t d;
    article(&d);
    polis_strv_push(&d.authors, "CGET");
    b.len = 0;
    ok(sd_bibtex_entry(&b, &d, NULL) == 0, "bibtex: an article");
    ok(b.data && strncmp(b.data, "@article{doi-10-3917-spub-204-0411,\n", 36) == 0,
       "bibtex: @article keyed by the id");
    ok(b.data && strstr(b.data, "  author = {Morel, Anne and Dahmani, Leïla and {CGET}},\n"),
       "bibtex: authors 'Family, Given' joined by 'and', an organisation braced");
    ok(b.data && strstr(b.data, "  journal = {Santé publique},\n") &&
           strstr(b.data, "  volume = {32},\n  number = {4},\n  pages = {411--420},\n") &&
           strstr(b.data, "  doi = {10.3917/spub.204.0411},\n"),
       "bibtex: journal, volume, number, pages with --, doi");
    polis_doc_clear(&d);
    book(&d);
    polis_str_set(&d.id, "x~3", (size_t)-1);
    b.len = 0;
    polis_str_set(&d.url, "http://h/a b{c}~3", (size_t)-1);
    ok(sd_bibtex_entry(&b, &d, NULL) == 0 && b.data && strncmp(b.data, "@book{x_3,\n", 11) == 0 &&
           strstr(b.data, "  isbn = {9782810903122},\n") &&
           strstr(b.data, "  pagetotal = {245},\n") && strstr(b.data, "  date = {2016-05},\n") &&
           strstr(b.data, "  url = {http://h/a%20b%7Bc%7D~3},\n"),
       "bibtex: @book, a key without '~', isbn, pagetotal, date, the url verbatim");
    polis_doc_clear(&d);
    polis_buf_free(&b);
}

static void test_csljson(void)
{
    polis_doc_t d;
    article(&d);
    polis_strv_push(&d.authors, "CGET");
    json_t *item = sd_csljson_item(&d, NULL);
    char *text = item ? json_dumps(item, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    ok(text != NULL, "csl-json: an item");
    ok(text && strstr(text, "\"type\":\"article-journal\"") &&
           strstr(text, "\"author\":[{\"family\":\"Morel\",\"given\":\"Anne\"},"
                        "{\"family\":\"Dahmani\",\"given\":\"Leïla\"},{\"literal\":\"CGET\"}]") &&
           strstr(text, "\"issued\":{\"date-parts\":[[2020]]}") &&
           strstr(text, "\"container-title\":\"Santé publique\"") &&
           strstr(text, "\"page\":\"411-420\"") &&
           strstr(text, "\"DOI\":\"10.3917/spub.204.0411\""),
       "csl-json: type, author, issued, container-title, page, DOI");
    free(text);
    json_decref(item);
    polis_doc_clear(&d);
    book(&d);
    polis_str_set(&d.url, "http://h/doc/isbn-9782810903122", (size_t)-1);
    item = sd_csljson_item(&d, NULL);
    text = item ? json_dumps(item, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    ok(text && strstr(text, "\"type\":\"book\"") && strstr(text, "\"date-parts\":[[2016,5]]") &&
           strstr(text, "\"number-of-pages\":\"245\"") &&
           strstr(text, "\"ISBN\":\"9782810903122\"") &&
           strstr(text, "\"URL\":\"http://h/doc/isbn-9782810903122\""),
       "csl-json: a book: year and month, number-of-pages, ISBN, URL");
    free(text);
    json_decref(item);
    polis_doc_clear(&d);
}

int main(void)
{
    test_types_names();
    test_iso690();
    test_bibtex();
    test_csljson();
    return tap_done();
}
