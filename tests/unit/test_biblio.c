/* test_biblio.c — bibliography pages (Markdown and HTML) into a page and its
 * references; the citation reader on single entries. */
#include <stdlib.h>
#include <string.h>

#include "../../indexer/parse/biblio.h"
#include "collect.h"
#include "../../indexer/parse/html.h"
#include "../../indexer/parse/fields.h"
#include "../../indexer/parse/oai.h"
#include "../../indexer/parse/dispatch.h"
#include "tap.h"

static void test_md(void)
{
    const char *rel = "biblio/bibliographie-developpement-economique-des-quartiers.md";
    size_t len;
    char *buf = corpus_file(rel, &len);
    ok(buf != NULL, "read %s", rel);
    if (!buf)
        return;
    collect_t c;
    collect_init(&c);
    char err[256] = "";
    int rc = ix_dispatch_markdown(rel, buf, len, NULL, &c.sink, err, sizeof err);
    is_int(rc, 0, "md: parses");
    is_int(c.n, 14, "md: the page and 13 references");
    const char *pid = "ressources-bibliographie-developpement-economique-des-quartiers";
    const polis_doc_t *page = c.n ? &c.docs[0] : NULL;
    is_str(page ? page->id : NULL, pid, "md page: id");
    is_int(page ? page->kind : 0, POLIS_KIND_BIBLIOGRAPHY, "md page: kind bibliography");
    ok(page && !page->summary, "md page: an entry's Résumé is not the page's summary");
    is_str(page ? page->url : NULL,
           "https://irev.fr/ressources/bibliographie-developpement-economique-des-quartiers",
           "md page: url");
    is_str(page ? page->source_path : NULL, rel, "md page: source_path");

    const polis_doc_t *d = collect_find(&c, "isbn-9782810903122");
    ok(d != NULL, "md: first entry keyed by its ISBN");
    if (d) {
        is_int(d->kind, POLIS_KIND_REFERENCE, "md ref: kind reference");
        is_str(d->title, "Les quartiers prioritaires face à la crise", "md ref: italic title");
        is_int(d->authors.n, 2, "md ref: two authors");
        is_str(d->authors.n ? d->authors.v[0] : NULL, "DUPONT Marie",
               "md ref: NOM Prénom kept as written");
        is_str(d->publisher, "Éditions de l'Aube", "md ref: publisher");
        ok(!d->container, "md ref: a book without series has no container");
        is_str(d->extent, "245 p.", "md ref: extent");
        is_str(d->isbn, "9782810903122", "md ref: isbn");
        is_int(d->position, 1, "md ref: its position in the page");
        is_str(d->published, "2016", "md ref: year");
        is_str(d->site_type, "Ouvrage", "md ref: type from the ### Ouvrages heading");
        is_str(d->parent_id, pid, "md ref: parent id");
        ok(d->summary && strncmp(d->summary, "à partir d'enquêtes", 19) == 0,
           "md ref: Résumé -> summary");
        ok(strv_has(&d->themes, "Développement économique"), "md ref: the page's theme labels");
        ok(d->citation &&
               strncmp(d->citation, "DUPONT Marie, LEROY Paul, Les quartiers", 39) == 0 &&
               !strstr(d->citation, "Résumé"),
           "md ref: citation without markup nor summary");
    }
    d = collect_find(&c, "ressources-bibliographie-developpement-economique-des-quartiers~2");
    ok(d == NULL, "md: an entry with an ISBN is not numbered");
    d = collect_find(&c, "isbn-9782753566200");
    ok(d && d->authors.n == 2 && strcmp(d->authors.v[1], "DELORME Julien") == 0,
       "md: (dir.) dropped from the author");
    is_str(d ? d->container : NULL, "Géographie sociale", "md: coll. « … » is the series");
    is_str(d ? d->publisher : NULL, "Presses universitaires de Rennes",
           "md: the publisher before the series");
    is_str(d ? d->extent : NULL, "312 p.", "md: the book's extent");
    d = collect_find(&c, "ressources-bibliographie-developpement-economique-des-quartiers~5");
    ok(d != NULL, "md: entry without identifier keyed parent~n");
    if (d) {
        is_str(d->authors.n ? d->authors.v[0] : NULL, "CGET", "md ref 5: corporate author");
        is_str(d->url, "https://www.onpv.fr/publications/rapport-2016",
               "md ref 5: URL through the Liens list");
        is_str(d->site_type, "Rapport", "md ref 5: type from the ### Rapports heading");
        is_str(d->publisher, "La Documentation française", "md ref 5: publisher");
    }
    d = collect_find(&c, "ressources-bibliographie-developpement-economique-des-quartiers~8");
    is_str(d ? d->container : NULL, "Les Cahiers de l'IREV",
           "md: a series with its number is the container");
    is_str(d ? d->issue : NULL, "28", "md: ... and its number the issue");
    ok(d && !d->publisher, "md: ... and no publisher");
    is_int(d ? d->position : 0, 8, "md: position 8");
    d = collect_find(&c, "doi-10-3917-recma-343-0056");
    ok(d != NULL, "md: article keyed by its DOI");
    if (d) {
        is_str(d->title,
               "Économie sociale et solidaire et géographie prioritaire : une affinité élective ?",
               "md article: « » title");
        is_str(d->container, "RECMA - Revue internationale de l'économie sociale",
               "md article: journal");
        ok(!d->publisher, "md article: the journal is no publisher");
        is_str(d->issue, "343", "md article: issue");
        is_str(d->pages, "56-71", "md article: pages");
        is_str(d->doi, "10.3917/recma.343.0056", "md article: doi");
        is_str(d->url, "https://doi.org/10.3917/recma.343.0056", "md article: DOI link");
        is_str(d->published, "2017", "md article: year");
        is_str(d->site_type, "Article", "md article: type");
    }
    d = collect_find(&c, "ressources-bibliographie-developpement-economique-des-quartiers~13");
    ok(d && d->authors.n == 0, "md: anonymous article has no author");
    is_str(d ? d->container : NULL, "La Gazette des communes", "md: anonymous article's journal");
    collect_free(&c);
    free(buf);
}

static void test_html_page(const ix_themes_t *themes)
{
    const char *rel = "biblio/bibliographie-education-et-reussite-educative.html";
    size_t len;
    char *buf = corpus_file(rel, &len);
    ok(buf != NULL, "read %s", rel);
    if (!buf)
        return;
    collect_t c;
    collect_init(&c);
    char err[256] = "";
    int rc = ix_dispatch_html(rel, buf, len, themes, &c.sink, err, sizeof err);
    is_int(rc, 0, "html biblio: parses");
    is_int(c.n, 12, "html biblio: page and 11 references");
    const char *pid = "ressources-bibliographie-education-et-reussite-educative";
    is_int(c.n ? c.docs[0].kind : 0, POLIS_KIND_BIBLIOGRAPHY, "html biblio: page kind");
    const polis_doc_t *d =
        collect_find(&c, "ressources-bibliographie-education-et-reussite-educative~2");
    ok(d != NULL, "html biblio: second entry");
    if (d) {
        is_str(d->title, "Territoires et inégalités scolaires", "html ref: <em> title");
        is_int(d->authors.n, 2, "html ref: two authors");
        is_str(d->publisher, "Presses universitaires de Rennes", "html ref: publisher");
        is_str(d->published, "2010", "html ref: year");
        ok(d->summary && strncmp(d->summary, "une analyse statistique", 23) == 0,
           "html ref: span.resume -> summary");
        is_str(d->parent_id, pid, "html ref: parent");
        ok(d->themes.n > 0 && d->themes.n == c.docs[0].themes.n, "html ref: page theme labels");
    }
    d = collect_find(&c, "ressources-bibliographie-education-et-reussite-educative~4");
    is_str(d ? d->url : NULL, "https://www.cget.gouv.fr/ressources/publications/evaluation-pre",
           "html ref: <a href> -> url");
    d = collect_find(&c, "isbn-9782130795124");
    is_str(d ? d->site_type : NULL, "Ouvrage", "html ref: ISBN without heading -> Ouvrage");
    d = collect_find(&c, "ressources-bibliographie-education-et-reussite-educative~11");
    ok(d && d->published[0] == '\0', "html ref: s.d. -> no year");
    collect_free(&c);
    free(buf);

    /* Entries as <p class="biblio-ref">. */
    rel = "biblio/bibliographie-egalite-femmes-hommes-dans-les-quartiers.html";
    buf = corpus_file(rel, &len);
    collect_init(&c);
    rc = buf ? ix_dispatch_html(rel, buf, len, themes, &c.sink, err, sizeof err) : -1;
    is_int(rc, 0, "html biblio-ref paragraphs: parse");
    is_int(c.n, 10, "html biblio-ref paragraphs: page and 9 references");
    const polis_doc_t *hc =
        collect_find(&c, "ressources-bibliographie-egalite-femmes-hommes-dans-les-quartiers~2");
    ok(hc && hc->authors.n == 1,
       "html: 'les femmes et les hommes' does not split a corporate author");
    hc = collect_find(&c, "doi-10-3917-cdge-070-0123");
    ok(hc && hc->container && strcmp(hc->container, "Cahiers du genre") == 0 && !hc->publisher &&
           hc->issue && strcmp(hc->issue, "70") == 0 && hc->pages &&
           strcmp(hc->pages, "123-146") == 0,
       "html: <em> journal, n° and p. of an article");
    collect_free(&c);
    free(buf);
}

static void test_entries(void)
{
    polis_doc_t page, ref;
    polis_doc_init(&page);
    polis_doc_init(&ref);
    polis_str_set(&page.id, "p", (size_t)-1);
    static const char e1[] = "BERNARD Jean et DUVAL Anne, *Les quartiers*, Seuil, 1998.";
    int rc = ix_biblio_entry(&page, 3, e1, sizeof e1 - 1, NULL, 0, NULL, &ref);
    is_int(rc, 0, "entry: parses");
    is_int(ref.authors.n, 2, "entry: ' et ' between two personal names splits");
    is_str(ref.id, "p~3", "entry: parent~n");
    is_str(ref.published, "1998", "entry: 1998");
    static const char e2[] = "Ville de Lille, *Rapport 2015-2020*, ISBN 2-07-036822-X.";
    rc = ix_biblio_entry(&page, 4, e2, sizeof e2 - 1, NULL, 0, NULL, &ref);
    is_str(ref.id, "isbn-207036822x", "entry: ISBN-10 with X");
    ok(ref.published[0] == '\0', "entry: years inside the title are not the year");
    static const char e3[] =
        "MOREL Anne, DAHMANI Leïla, « Santé mentale dans les quartiers », *Santé publique*, "
        "vol. 32, n° 4, 2020, p. 411–420. doi:10.3917/spub.204.0411";
    rc = ix_biblio_entry(&page, 5, e3, sizeof e3 - 1, NULL, 0, NULL, &ref);
    ok(rc == 0 && ref.container && strcmp(ref.container, "Santé publique") == 0 && ref.volume &&
           strcmp(ref.volume, "32") == 0 && ref.issue && strcmp(ref.issue, "4") == 0 && ref.pages &&
           strcmp(ref.pages, "411-420") == 0 && ref.doi &&
           strcmp(ref.doi, "10.3917/spub.204.0411") == 0 && !ref.publisher,
       "entry: vol. 32, n° 4, p. 411–420, doi:… fill volume, issue, pages, doi");
    static const char e4[] =
        "LEBRUN Antoine, « Maisons du projet », *Urbanisme*, hors-série n° 66, 2018, p. 40-43.";
    rc = ix_biblio_entry(&page, 6, e4, sizeof e4 - 1, NULL, 0, NULL, &ref);
    is_str(ref.issue, "hors-série 66", "entry: hors-série n° 66");
    static const char e5[] =
        "ROCHET Paul, « Les politiques », in MARTIN Luc (dir.), *Santé et territoires*, "
        "Presses de l'EHESP, 2012, p. 45-60.";
    rc = ix_biblio_entry(&page, 7, e5, sizeof e5 - 1, NULL, 0, NULL, &ref);
    ok(rc == 0 && ref.container && strcmp(ref.container, "Santé et territoires") == 0 &&
           ref.publisher && strcmp(ref.publisher, "Presses de l'EHESP") == 0 && ref.pages &&
           strcmp(ref.pages, "45-60") == 0 && ref.site_type &&
           strcmp(ref.site_type, "Chapitre d'ouvrage") == 0,
       "entry: a chapter's book is its container, its publisher after it");
    polis_doc_clear(&ref);
    polis_doc_clear(&page);

    polis_buf_t b = { 0 };
    is_int(ix_fields_find_doi("voir doi:10.3917/esp.172.0045.", 30, &b), 1, "find_doi");
    is_str(b.data, "10.3917/esp.172.0045", "find_doi: trailing dot dropped");
    polis_buf_free(&b);
    char y[5];
    is_int(ix_fields_find_year("n° 12345, 2099", strlen("n° 12345, 2099"), y), 1,
           "find_year skips longer numbers");
    is_str(y, "2099", "find_year: 2099");
}

int main(void)
{
    ix_themes_t *themes = corpus_themes();
    test_md();
    test_html_page(themes);
    test_entries();
    ix_themes_free(themes);
    return tap_done();
}
