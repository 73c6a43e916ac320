/* test_spelling.c — "did you mean" on a real on-disk index: the spelling
 * words a build gathers apart (polis/words.h), and a filter's value left
 * out of the corrections. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "polis/index.h"
#include "polis/words.h"
#include "tap.h"
#include "indexfix.h"

/* The same documents written with their spelling words fed to the index
 * (as `update` does) and gathered apart then written once (as a build
 * does): the two dictionaries are equal, word for word and count for
 * count. */
static void put_spelling_docs(polis_index_t *w)
{
    static const char *const titles[] = { "Développement économique des quartiers",
                                          "L'économie sociale et solidaire à Roubaix",
                                          "Développement durable : l'économie circulaire", NULL };
    for (size_t i = 0; titles[i]; i++) {
        polis_doc_t d;
        char id[16];
        snprintf(id, sizeof id, "sp-%zu", i);
        make_doc(&d, id, POLIS_KIND_NEWS, titles[i], "Un corps qui ne compte pas : anticonstitutionnel.",
                 "2021-01-01", "Développement économique", NULL);
        polis_strv_push(&d.authors, "Agence d'urbanisme");
        polis_strv_push(&d.places, "Roubaix");
        ok(polis_index_put(w, &d) == POLIS_OK, "spelling: put %s", id);
        polis_doc_clear(&d);
    }
}

static char *dictionary(const char *path)
{
    polis_index_t *idx = NULL;
    polis_words_t *w = polis_words_new();
    char *out = NULL;
    if (polis_index_open(path, &idx, NULL) == POLIS_OK && w && polis_words_read(w, idx) == POLIS_OK)
        out = polis_words_dump(w);
    polis_words_free(w);
    polis_index_close(idx);
    return out;
}

static void test_gathered_spelling(const char *dir)
{
    char fed[256], gathered[256];
    polis_index_t *a = create_in(dir, "spell-fed", fed, sizeof fed);
    put_spelling_docs(a);
    ok(polis_index_commit(a) == POLIS_OK, "spelling: commit the fed index");
    polis_index_close(a);

    polis_index_t *b = create_in(dir, "spell-gathered", gathered, sizeof gathered);
    polis_words_t *words = polis_words_new(), *twice = polis_words_new();
    is_int(polis_words_gather(words, b), POLIS_OK, "spelling: gather");
    put_spelling_docs(b);
    ok(polis_index_commit(b) == POLIS_OK, "spelling: commit the gathered index");
    char *none = dictionary(gathered);
    is_str(none, "", "spelling: gathered words are not in the index yet");
    free(none);
    ok(polis_words_count(words) > 5, "spelling: words gathered (%zu)", polis_words_count(words));
    is_int(polis_words_write(words, b), POLIS_OK, "spelling: write them");
    ok(polis_index_commit(b) == POLIS_OK, "spelling: commit them");
    is_int(polis_words_gather(NULL, b), POLIS_OK, "spelling: back to the index");
    polis_index_close(b);

    char *one = dictionary(fed), *other = dictionary(gathered);
    /* économique: once in a title, thrice as a theme; Roubaix: once in a
     * title, thrice as a place; d'urbanisme: the author's, elided. */
    ok(one && strstr(one, "\neconomique 4\n") && strstr(one, "\nroubaix 4\n") &&
           strstr(one, "\nurbanisme 3\n") && !strstr(one, "anticonstitutionnel"),
       "spelling: the short fields' words, counted by occurrence, not the body's");
    is_str(other, one, "spelling: gathered then written once == fed document by document");
    free(one);
    free(other);

    /* Merging adds the counts. */
    is_int(polis_words_merge(twice, words), POLIS_OK, "spelling: merge");
    is_int(polis_words_merge(twice, words), POLIS_OK, "spelling: merge again");
    char *d1 = polis_words_dump(words), *d2 = polis_words_dump(twice);
    ok(d1 && d2 && strstr(d1, "roubaix 4\n") && strstr(d2, "roubaix 8\n"),
       "spelling: merged counts add up");
    is_int((int)polis_words_count(twice), (int)polis_words_count(words), "spelling: merged words");
    free(d1);
    free(d2);

    polis_index_t *r = NULL;
    ok(polis_index_open(fed, &r, NULL) == POLIS_OK, "spelling: open a reader");
    is_int(polis_words_gather(words, r), POLIS_ERR_READ_ONLY, "spelling: a reader gathers nothing");
    is_int(polis_words_write(words, r), POLIS_ERR_READ_ONLY, "spelling: nor writes");
    polis_index_close(r);
    polis_words_free(words);
    polis_words_free(twice);
    ok(polis_words_dump(NULL) == NULL && polis_words_count(NULL) == 0, "spelling: NULL set");
}

/* A filter's quoted value is a name, not words to correct: "did you mean"
 * corrects the words around it and leaves it as typed. */
static void test_filter_not_corrected(const char *dir)
{
    char path[256];
    polis_index_t *w = create_in(dir, "filter-spelling", path, sizeof path);
    polis_doc_t d;
    make_doc(&d, "acte", POLIS_KIND_NEWS, "Un acte fondateur", "Signé en mairie.", "2020-01-01",
             NULL, NULL);
    polis_index_put(w, &d);
    polis_doc_clear(&d);
    make_doc(&d, "renouv", POLIS_KIND_NEWS, "Le renouvellement urbain", "Des quartiers.",
             "2020-01-02", NULL, NULL);
    polis_index_put(w, &d);
    polis_doc_clear(&d);
    make_doc(&d, "fiche", POLIS_KIND_NEWS, "Une fiche", "Courte.", "2020-01-03", NULL, NULL);
    polis_str_set(&d.site_type, "Fiche actu", (size_t)-1);
    polis_index_put(w, &d);
    polis_doc_clear(&d);
    ok(polis_index_commit(w) == POLIS_OK, "filter spelling: commit");
    polis_index_close(w);
    polis_index_t *idx = NULL;
    ok(polis_index_open(path, &idx, NULL) == POLIS_OK, "filter spelling: open");
    /* "actu" is one letter from the title's "acte". */
    polis_result_t *r = search(idx, "renouvellemnt type:\"Actu de l'IREV\"", NULL);
    const char *fix = r ? polis_result_corrected(r) : NULL;
    ok(fix && strstr(fix, "renouvellement") && strstr(fix, "actu de") && !strstr(fix, "acte"),
       "filter spelling: the words corrected, the type's value as typed (%s)", fix ? fix : "-");
    /* Offered, not run: the query has more than plain words (search.cc). */
    polis_result_t *again = fix ? search(idx, fix, NULL) : NULL;
    ok(again && polis_result_total(again) == 1, "filter spelling: the corrected query finds it");
    polis_result_free(again);
    polis_result_free(r);
    /* A filter given otherwise than its value tells the value it named. */
    polis_query_t *q = polis_query_new();
    polis_query_add_filter(q, POLIS_FACET_TYPE, "actu de l irev");
    r = NULL;
    ok(polis_index_search(idx, q, &r) == POLIS_OK && polis_result_total(r) == 2,
       "filter value: type=actu de l irev finds its two");
    is_str(r ? polis_result_filter(r, POLIS_FACET_TYPE, "actu de l irev") : NULL,
           "Actu de l'IREV", "filter value: resolved to the value as held");
    ok(r && !polis_result_filter(r, POLIS_FACET_TYPE, "Actu de l'IREV") &&
           !polis_result_filter(r, POLIS_FACET_THEME, "actu de l irev") &&
           !polis_result_filter(r, POLIS_FACET_TYPE, NULL),
       "filter value: none for a value not given, in another facet, or NULL");
    polis_result_free(r);
    polis_query_free(q);
    static const struct {
        const char *query, *want, *why;
    } offers[] = {
        { "actu renouvellement", "acte renouvellement",
          "filter spelling: the same word outside a filter is corrected" },
        /* Unquoted, a value runs to the next space: a slug's later words
         * stay too ("actu" after "fiche-"). */
        { "renouvellemnt type:fiche-actu", "renouvellement type:fiche-actu",
          "filter spelling: an unquoted value as typed" },
        /* A search field's words are the text's: still corrected. */
        { "renouvellemnt title:\"actu\"", "renouvellement title:\"acte\"",
          "filter spelling: title:\"…\" still corrected" },
    };
    for (size_t i = 0; i < sizeof offers / sizeof offers[0]; i++) {
        r = search(idx, offers[i].query, NULL);
        is_str(r ? polis_result_corrected(r) : NULL, offers[i].want, offers[i].why);
        polis_result_free(r);
    }
    polis_index_close(idx);
}

int main(void)
{
    char dir[] = "/tmp/polis-test-spelling-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    test_gathered_spelling(dir);
    test_filter_not_corrected(dir);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        return 1;
    return tap_done();
}
