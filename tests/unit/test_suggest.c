/* test_suggest.c — the shim's reading helpers beyond search: completions,
 * similar documents, facet values, the query language's fields and its
 * syntax errors, the wildcard cap. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "polis/index.h"
#include "tap.h"

static void put(polis_index_t *w, const char *id, polis_kind_t kind, const char *title,
                const char *body, const char *published, const char *theme, const char *author,
                const char *place)
{
    polis_doc_t d;
    polis_doc_init(&d);
    polis_str_set(&d.id, id, (size_t)-1);
    polis_str_set(&d.title, title, (size_t)-1);
    polis_str_set(&d.body, body, (size_t)-1);
    polis_str_set(&d.site_type, kind == POLIS_KIND_REFERENCE ? "Ouvrage" : "Actu de l'IREV",
                  (size_t)-1);
    d.kind = kind;
    snprintf(d.published, sizeof d.published, "%s", published);
    if (theme)
        polis_strv_push(&d.themes, theme);
    if (author)
        polis_strv_push(&d.authors, author);
    if (place)
        polis_strv_push(&d.places, place);
    ok(polis_index_put(w, &d) == POLIS_OK, "put %s", id);
    polis_doc_clear(&d);
}

/* Non-zero when v holds s. */
static int has(const polis_strv_t *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->v[i], s) == 0)
            return 1;
    return 0;
}

static polis_status_t run(polis_index_t *idx, const char *text, unsigned max_expansion,
                          unsigned long *total)
{
    polis_query_t *q = polis_query_new();
    polis_query_set_text(q, text);
    if (max_expansion)
        polis_query_set_max_expansion(q, max_expansion);
    polis_result_t *r = NULL;
    polis_status_t st = polis_index_search(idx, q, &r);
    *total = st == POLIS_OK ? polis_result_total(r) : 0;
    polis_result_free(r);
    polis_query_free(q);
    return st;
}

static void check_suggest(polis_index_t *idx)
{
    polis_strv_t v = { 0 };
    ok(polis_index_suggest(idx, "dévelop", 10, &v) == POLIS_OK, "suggest 'dévelop'");
    ok(v.n >= 1 && strcmp(v.v[0], "développement") == 0,
       "the most frequent completion first, spelt with its accents: %s", v.n ? v.v[0] : "-");
    ok(has(&v, "Développement économique des quartiers"), "titles are suggested too");
    polis_strv_clear(&v);
    ok(polis_index_suggest(idx, "DEVEL", 10, &v) == POLIS_OK && v.n >= 1 &&
           strcmp(v.v[0], "DEVELoppement") != 0 && strcmp(v.v[0], "développement") == 0,
       "case and accents of the prefix do not matter");
    polis_strv_clear(&v);
    ok(polis_index_suggest(idx, "emploi des je", 10, &v) == POLIS_OK &&
           has(&v, "emploi des jeunes"),
       "the last word is completed after the others");
    polis_strv_clear(&v);
    ok(polis_index_suggest(idx, "dev", 2, &v) == POLIS_OK && v.n == 2, "at most max");
    polis_strv_clear(&v);
    ok(polis_index_suggest(idx, "zzzq", 10, &v) == POLIS_OK && v.n == 0, "no completion");
    ok(polis_index_suggest(idx, "", 10, &v) == POLIS_OK && v.n == 0, "empty text: nothing");
    ok(polis_index_suggest(idx, "  ", 10, &v) == POLIS_OK && v.n == 0, "blank text: nothing");
    ok(polis_index_suggest(NULL, "x", 10, &v) == POLIS_ERR_INVALID_ARG, "NULL index refused");
    polis_strv_clear(&v);
    /* With ids: one per completion, "" for the words, the document's for a title. */
    polis_strv_t ids = { 0 };
    ok(polis_index_suggest_ids(idx, "dévelop", 10, &v, &ids) == POLIS_OK && ids.n == v.n,
       "suggest_ids: an id per completion");
    int words_bare = 1, title_id = 0;
    for (size_t i = 0; i < v.n && i < ids.n; i++) {
        if (strcmp(v.v[i], "développement") == 0)
            words_bare &= ids.v[i][0] == '\0';
        if (strcmp(v.v[i], "Développement économique des quartiers") == 0)
            title_id = ids.v[i][0] != '\0';
    }
    ok(words_bare && title_id, "suggest_ids: \"\" for a word, the id for a title");
    polis_strv_clear(&v);
    polis_strv_clear(&ids);
}

static void check_similar(polis_index_t *idx)
{
    polis_query_t *q = polis_query_new();
    polis_query_set_range(q, 0, 10);
    polis_result_t *r = NULL;
    ok(polis_index_similar(idx, "dev-eco", q, &r) == POLIS_OK, "similar to dev-eco");
    ok(r && polis_result_size(r) >= 1 && strcmp(polis_result_id(r, 0), "biblio-dev") == 0,
       "the closest document first: %s", r && polis_result_size(r) ? polis_result_id(r, 0) : "-");
    int self = 0;
    for (size_t i = 0; r && i < polis_result_size(r); i++)
        self |= strcmp(polis_result_id(r, i), "dev-eco") == 0;
    ok(!self, "the document itself is left out");
    polis_result_free(r);
    polis_query_add_filter(q, POLIS_FACET_KIND, "news");
    ok(polis_index_similar(idx, "dev-eco", q, &r) == POLIS_OK, "similar with a kind filter");
    int only_news = 1;
    for (size_t i = 0; r && i < polis_result_size(r); i++)
        only_news &= strcmp(polis_result_id(r, i), "emploi") == 0;
    ok(r && only_news, "filters apply to similar documents");
    polis_result_free(r);
    ok(polis_index_similar(idx, "nope", q, &r) == POLIS_ERR_NOT_FOUND && r == NULL,
       "unknown id: not found");
    ok(strstr(polis_index_last_error(idx), "nope") != NULL, "and the message names it");
    polis_query_free(q);
}

static void check_facet_values(polis_index_t *idx)
{
    polis_result_t *r = NULL;
    ok(polis_index_facet_values(idx, POLIS_FACET_THEME, NULL, 0, &r) == POLIS_OK,
       "every theme value");
    is_int(polis_result_total(r), 3, "three themes");
    const char *v = NULL;
    unsigned long n = 0;
    polis_result_facet_value(r, POLIS_FACET_THEME, 0, &v, &n);
    is_str(v, "developpement-economique", "the most frequent first");
    is_int(n, 2, "with its exact count");
    polis_result_free(r);

    ok(polis_index_facet_values(idx, POLIS_FACET_PLACE, "bea", 0, &r) == POLIS_OK,
       "places by prefix");
    is_int(polis_result_total(r), 2, "'bea' finds Beauvais and Hénin-Beaumont");
    polis_result_free(r);
    ok(polis_index_facet_values(idx, POLIS_FACET_AUTHOR, "ÉLO", 0, &r) == POLIS_OK &&
           polis_result_total(r) == 1,
       "accent- and case-insensitive, at a word's start: 'ÉLO' finds 'MARTIN Éloïse'");
    polis_result_free(r);
    /* An elided letter typed apart, as the filters take it (fields.cc). */
    for (const char *const *p = (const char *const[]){ "observatoire de l'h", "Observatoire de l h",
                                                        "de l habitat", "observatoire de l",
                                                        NULL };
         *p; p++) {
        ok(polis_index_facet_values(idx, POLIS_FACET_AUTHOR, *p, 0, &r) == POLIS_OK &&
               polis_result_total(r) == 1,
           "'%s' finds 'Observatoire de l'Habitat' (%lu)", *p, r ? polis_result_total(r) : 0);
        polis_result_free(r);
    }
    ok(polis_index_facet_values(idx, POLIS_FACET_AUTHOR, "de l z", 0, &r) == POLIS_OK &&
           polis_result_total(r) == 0,
       "'de l z' finds no author");
    polis_result_free(r);
    /* A last letter read as elided comes after what the prefix starts as
     * typed: "ville de s" lists Ville de Sens, then Ville de Arras. */
    ok(polis_index_facet_values(idx, POLIS_FACET_AUTHOR, "ville de s", 0, &r) == POLIS_OK &&
           polis_result_total(r) == 2,
       "'ville de s': both towns");
    polis_result_facet_value(r, POLIS_FACET_AUTHOR, 0, &v, &n);
    is_str(v, "Ville de Sens", "  ... the one it starts as typed first");
    polis_result_free(r);
    ok(polis_index_facet_values(idx, POLIS_FACET_PLACE, "beauvais l", 0, &r) == POLIS_OK &&
           polis_result_total(r) == 0,
       "'beauvais l': nothing (no word follows Beauvais)");
    polis_result_free(r);
    /* Hyphens and spaces alike, the letter apart or joined by a hyphen. */
    for (const char *const *p = (const char *const[]){ "villeneuve d a", "villeneuve-d-a",
                                                        "Villeneuve-d'A", "villeneuve d",
                                                        "henin beau", NULL };
         *p; p++) {
        ok(polis_index_facet_values(idx, POLIS_FACET_PLACE, *p, 0, &r) == POLIS_OK &&
               polis_result_total(r) == 1,
           "place '%s' finds one (%lu)", *p, r ? polis_result_total(r) : 0);
        polis_result_free(r);
    }
    ok(polis_index_facet_values(idx, POLIS_FACET_THEME, "econ", 0, &r) == POLIS_OK &&
           polis_result_total(r) == 1,
       "themes are searched by label ('econ' → Développement économique)");
    polis_result_free(r);
    ok(polis_index_facet_values(idx, POLIS_FACET_PLACE, "", 1, &r) == POLIS_OK &&
           polis_result_total(r) == 4 && polis_result_facet_size(r, POLIS_FACET_PLACE) == 1,
       "max cuts the list, total says how many matched");
    polis_result_free(r);
    ok(polis_index_facet_values(idx, (polis_facet_t)99, NULL, 0, &r) == POLIS_ERR_INVALID_ARG,
       "an unknown facet is refused");
}

static void check_language(polis_index_t *idx)
{
    static const struct {
        const char *text;
        const char *says; /* in the message, or NULL: the query is fine */
    } cases[] = {
        { "\"quartier activateur", "quote" },
        { "(emploi OR jeunes", "parenthesis" },
        { "emploi)", "parenthesis" },
        { "()", "parentheses" },
        { "title:", "title:" },
        { "author: dupont", "author:" },
        { "emploi OR", "OR needs" },
        { "AND emploi", "AND needs" },
        { "emploi AND OR jeunes", "AND needs" },
        { "emploi NOT", "NOT needs" },
        { "theme:nope", "theme" },
        { "kind:bogus", "kind" },
        { "year:20", "year" },
        { "Emploi - Insertion", NULL },
        { "l'emploi", NULL },
        { "NOT emploi", NULL },
        { "-emploi jeunes", NULL },
        { "\"emploi des jeunes\" OR (dev* AND eco*)", NULL },
        { "title:\"emploi des jeunes\"", NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned long total = 0;
        polis_status_t st = run(idx, cases[i].text, 0, &total);
        if (cases[i].says == NULL) {
            ok(st == POLIS_OK, "'%s' parses", cases[i].text);
            continue;
        }
        const char *msg = polis_index_last_error(idx);
        ok(st == POLIS_ERR_BAD_QUERY && strstr(msg, cases[i].says) != NULL, "'%s': bad query, '%s'",
           cases[i].text, msg);
    }
    unsigned long total = 0;
    ok(run(idx, "theme:emploi", 0, &total) == POLIS_OK && total == 1, "theme:<id>");
    ok(run(idx, "theme:\"Développement économique\"", 0, &total) == POLIS_OK && total == 2,
       "theme:\"<label>\", accents and case as typed");
    ok(run(idx, "theme:DEVELOPPEMENT", 0, &total) == POLIS_OK && total == 2,
       "theme:<start of the id>");
    ok(run(idx, "type:\"actu de l'irev\" quartiers", 0, &total) == POLIS_OK && total == 2,
       "type: by its value, case ignored");
    ok(run(idx, "kind:reference", 0, &total) == POLIS_OK && total == 1, "kind:");
    ok(run(idx, "year:2019 OR year:2017", 0, &total) == POLIS_OK && total == 3, "year: ORed");

    unsigned long all = 0, capped = 0;
    ok(run(idx, "lo*", 0, &all) == POLIS_OK && run(idx, "lo*", 1, &capped) == POLIS_OK,
       "a wildcard runs with and without a cap");
    ok(capped >= 1 && capped < all, "the cap keeps the most frequent terms only (%lu < %lu)",
       capped, all);
}

int main(void)
{
    char dir[] = "/tmp/polis-test-suggest-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char path[256];
    snprintf(path, sizeof path, "%s/db", dir);
    polis_index_t *w = NULL;
    char *err = NULL;
    ok(polis_index_create(path, POLIS_CREATE_TRUNCATE, &w, &err) == POLIS_OK, "create index");
    put(w, "dev-eco", POLIS_KIND_RECAP, "Le développement économique des quartiers",
        "Le développement économique des quartiers prioritaires : commerce, création "
        "d'entreprise, immobilier d'activité.",
        "2017-10-25", "developpement-economique", "Ville de Arras", "Beauvais");
    put(w, "biblio-dev", POLIS_KIND_REFERENCE, "Développement économique des quartiers",
        "Commerce et création d'entreprise dans les quartiers prioritaires : le développement "
        "économique en question.",
        "2017", "developpement-economique", "MARTIN Éloïse", "Hénin-Beaumont");
    put(w, "emploi", POLIS_KIND_NEWS, "Emploi des jeunes",
        "L'emploi des jeunes dans les quartiers prioritaires, développement des missions "
        "locales.",
        "2019-03-01", "emploi", "DUPONT Marie", "Lens");
    put(w, "habitat", POLIS_KIND_NEWS, "Habitat et logement",
        "Le logement social et la rénovation des immeubles.", "2012-01-01", "habitat",
        "Observatoire de l'Habitat", "Villeneuve-d'Ascq");
    put(w, "seance", POLIS_KIND_RECAP, "Séance publique", "Ordre du jour.", "2015-01-01", NULL,
        "Ville de Sens", NULL);
    ok(polis_index_set_metadata(w, "theme:developpement-economique", "Développement économique") ==
           POLIS_OK,
       "theme label");
    ok(polis_index_commit(w) == POLIS_OK, "commit");
    polis_index_close(w);

    polis_index_t *idx = NULL;
    ok(polis_index_open(path, &idx, &err) == POLIS_OK, "open for reading");
    check_suggest(idx);
    check_similar(idx);
    check_facet_values(idx);
    check_language(idx);
    polis_index_close(idx);

    tap_rmtree(dir);
    return tap_done();
}
