/* test_index.c — the shim on a real on-disk Xapian index in a temporary folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "polis/index.h"
#include "tap.h"
#include "indexfix.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

static char *marks_of(polis_index_t *idx, const char *query, const char *text)
{
    polis_result_t *r = search(idx, query, NULL);
    char *html = r ? polis_result_highlight(r, text, 0) : NULL;
    polis_result_free(r);
    return html;
}

static void check_filter(polis_index_t *idx)
{
    static const char *queries[] = {
        "abdiquer œuvre", "développement économique", "quartier activateur", "emplois",
        "rénovation urbaine", "l'innovation", "économie sociale et solidaire", "entreprises",
        "Amiens", "habitants", "écoles", "dev*", "Œ", "a", "été",
    };
    char *seed = slurp("corpus/seed/retour-sur-le-pop-dev-eco-le-quartier-activateur.md");
    ok(seed != NULL && strlen(seed) > 1000, "filter: the seed page is read");
    const char *made = "L’abdication, l’ŒUVRE, des œuvres, Oeuvrer, abdiquons, abord, oeil, "
                       "ÀBDIQUER, Économiques, ÉCOLES, écolier, ÉTÉ, étés, À, a, Développeurs, "
                       "DÉVELOPPEMENT, dévot, Ἀθῆναι, ǅemal, Łódź, straße, œ, Æsope, EMPLOI, "
                       "habitantes, AMIENS, Rénovations, innovant, entreprendre, lʼemploi, dʼÉCOLES";
    const char *texts[] = { seed ? seed : "", made };
    int same = 0, total = 0, marked = 0;
    for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
        char off[200];
        snprintf(off, sizeof off, "%s ωmega", queries[q]);
        for (size_t t = 0; t < 2; t++) {
            char *with = marks_of(idx, queries[q], texts[t]);
            char *without = marks_of(idx, off, texts[t]);
            total++;
            if (with && without && strcmp(with, without) == 0)
                same++;
            else
                printf("# filter differs on '%s':\n#  %s\n#  %s\n", queries[q], with ? with : "(null)",
                       without ? without : "(null)");
            if (with && strstr(with, "<mark>"))
                marked++;
            free(with);
            free(without);
        }
    }
    /* Random texts of the pieces that test the scanner's edges: words at
     * the start and end, accents first and inside, capitals, ligatures,
     * marks, punctuation beyond ASCII, damaged UTF-8. */
    static const char *pieces[] = { "eco", "Éco", "ÉCOLE", "écoles", "dé", "DÉV", "Dév", "eloppement",
                                    "abdication", "œuvre", "ŒUVRES", "e\xcc\x81" "cole", "x", "a",
                                    "é", " ", "  ", ",", "’", "«", "»", "-", "\n", "\xff", "\xc3",
                                    "\x80", "9", "9e", "Amiens", "habitants", "innovation",
                                    "rénovation", "L’", "qu’", "entreprises", "emplois", "activateur",
                                    "quartier", "Ἀθῆναι", "lʼ", "ʼ", "ǅ", "ß" };
    unsigned long rng = 7;
    char text[700];
    for (int n = 0; n < 300; n++) {
        size_t len = 0;
        for (int k = 0; k < 40; k++) {
            rng = rng * 6364136223846793005UL + 1442695040888963407UL;
            const char *piece = pieces[(rng >> 33) % (sizeof pieces / sizeof pieces[0])];
            size_t l = strlen(piece);
            memcpy(text + len, piece, l);
            len += l;
        }
        text[len] = '\0';
        const char *query = queries[n % (sizeof queries / sizeof queries[0])];
        char off[200];
        snprintf(off, sizeof off, "%s ωmega", query);
        char *with = marks_of(idx, query, text);
        char *without = marks_of(idx, off, text);
        total++;
        if (with && without && strcmp(with, without) == 0)
            same++;
        else
            printf("# filter differs on '%s':\n#  %s\n#  %s\n", query, with ? with : "(null)",
                   without ? without : "(null)");
        free(with);
        free(without);
    }
    is_int(same, total, "filter: the same marks with and without it");
    ok(marked >= 18, "filter: the queries mark words (%d texts of %d)", marked, total);
    char *made_marks = marks_of(idx, "abdiquer œuvre écoles", made);
    is_str(made_marks ? made_marks : "(null)",
           "L’<mark>abdication</mark>, l’<mark>ŒUVRE</mark>, des <mark>œuvres</mark>, "
           "<mark>Oeuvrer</mark>, abdiquons, abord, oeil, <mark>ÀBDIQUER</mark>, Économiques, "
           "<mark>ÉCOLES</mark>, écolier, ÉTÉ, étés, À, a, Développeurs, DÉVELOPPEMENT, dévot, "
           "Ἀθῆναι, ǅemal, Łódź, straße, œ, Æsope, EMPLOI, habitantes, AMIENS, Rénovations, "
           "innovant, entreprendre, lʼemploi, dʼÉCOLES",
           "filter: a stem whose word ends otherwise, capitals, ligatures");
    free(made_marks);
    free(seed);
}

static unsigned long facet_count(polis_result_t *r, polis_facet_t f, const char *value)
{
    for (size_t i = 0; i < polis_result_facet_size(r, f); i++) {
        const char *v;
        unsigned long n;
        polis_result_facet_value(r, f, i, &v, &n);
        if (strcmp(v, value) == 0)
            return n;
    }
    return 0;
}

/* A bibliography's references come back in its order, not the docids';
 * authors written two ways are one author facet value. */
static void test_children(const char *dir)
{
    char path[256];
    polis_index_t *w = create_in(dir, "children", path, sizeof path);
    char *err = NULL;
    polis_doc_t d;
    make_doc(&d, "biblio", POLIS_KIND_BIBLIOGRAPHY, "Bibliographie", "", "2017", NULL, NULL);
    polis_index_put(w, &d);
    polis_doc_clear(&d);
    static const char *const ids[] = { "doi-10-1", "biblio~2", "isbn-978" };
    static const unsigned positions[] = { 3, 1, 2 };
    for (size_t i = 0; i < 3; i++) {
        make_doc(&d, ids[i], POLIS_KIND_REFERENCE, ids[i], "", "2016", NULL, NULL);
        polis_str_set(&d.parent_id, "biblio", (size_t)-1);
        d.position = positions[i];
        polis_strv_push(&d.authors, i == 0 ? "DUPONT Marie" : "Dupont, Marie");
        polis_index_put(w, &d);
        polis_doc_clear(&d);
    }
    ok(polis_index_commit(w) == POLIS_OK, "children: commit");
    polis_index_close(w);
    polis_index_t *idx = NULL;
    ok(polis_index_open(path, &idx, &err) == POLIS_OK, "children: open");
    polis_result_t *r = NULL;
    ok(polis_index_children(idx, "biblio", 0, &r) == POLIS_OK && r, "children: listed");
    if (r) {
        is_int(polis_result_total(r), 3, "children: three");
        is_str(polis_result_size(r) == 3 ? polis_result_id(r, 0) : NULL, "biblio~2",
               "children: position 1 first");
        is_str(polis_result_size(r) == 3 ? polis_result_id(r, 2) : NULL, "doi-10-1",
               "children: position 3 last");
        ok(strstr(polis_result_data(r, 0), "\"parent_id\":\"biblio\"") != NULL,
           "children: their stored JSON");
        polis_result_free(r);
    }
    ok(polis_index_children(idx, "biblio", 2, &r) == POLIS_OK && polis_result_size(r) == 2 &&
           polis_result_total(r) == 3,
       "children: max bounds the hits, not the total");
    polis_result_free(r);
    ok(polis_index_children(idx, "doi-10-1", 0, &r) == POLIS_OK && polis_result_total(r) == 0,
       "children: none for a reference");
    polis_result_free(r);
    ok(polis_index_children(idx, "", 0, &r) == POLIS_ERR_INVALID_ARG, "children: an empty id");
    r = search(idx, "", NULL);
    polis_query_t *q = polis_query_new();
    polis_query_count_facet(q, POLIS_FACET_AUTHOR, 0);
    polis_result_free(r);
    r = NULL;
    ok(polis_index_search(idx, q, &r) == POLIS_OK &&
           polis_result_facet_size(r, POLIS_FACET_AUTHOR) == 1 &&
           facet_count(r, POLIS_FACET_AUTHOR, "Dupont, Marie") == 3,
       "author facet: DUPONT Marie and Dupont, Marie are one value");
    polis_result_free(r);
    polis_query_add_filter(q, POLIS_FACET_AUTHOR, "Dupont, Marie");
    ok(polis_index_search(idx, q, &r) == POLIS_OK && polis_result_total(r) == 3,
       "author filter: the normalised name finds both");
    polis_result_free(r);
    polis_query_free(q);
    polis_index_close(idx);
}

/* A phrase typed without its apostrophes, as on a phone: "acces a l
 * emploi" finds the page that says "l'accès à l'emploi", whose index holds
 * no "l"; and a real lone letter, as in a legal reference, is still found
 * as typed. */
static void test_lone_elisions(const char *dir)
{
    char path[256];
    polis_index_t *w = create_in(dir, "elisions", path, sizeof path);
    polis_doc_t d;
    make_doc(&d, "acces", POLIS_KIND_NEWS, "L'accès à l'emploi des jeunes",
             "Favoriser l'accès à l'emploi dans les quartiers.", "2020-01-01", NULL, NULL);
    polis_strv_push(&d.authors, "Institut régional de la ville");
    polis_strv_push(&d.places, "Hauts-de-France");
    polis_index_put(w, &d);
    polis_doc_clear(&d);
    make_doc(&d, "cgct", POLIS_KIND_NEWS, "Délibérations du conseil",
             "Selon l'article L 2121-29 du code général des collectivités.", "2020-01-02",
             "Politique de l'emploi", NULL);
    polis_index_put(w, &d);
    polis_doc_clear(&d);
    /* "à l'emploi" in the body only: a title: search must not find it. */
    make_doc(&d, "retour", POLIS_KIND_NEWS, "Rapport annuel", "Un retour à l'emploi durable.",
             "2020-01-03", NULL, NULL);
    polis_index_put(w, &d);
    polis_doc_clear(&d);
    /* A stop word after the letter, and a word only in another form. */
    make_doc(&d, "rentree", POLIS_KIND_NEWS, "Rentrée", "C'est la rentrée de chaque habitant.",
             "2020-01-04", "Vitamine D et santé", NULL);
    polis_index_put(w, &d);
    polis_doc_clear(&d);
    ok(polis_index_commit(w) == POLIS_OK, "elisions: commit");
    polis_index_close(w);
    polis_index_t *idx = NULL;
    ok(polis_index_open(path, &idx, NULL) == POLIS_OK, "elisions: open");
    const struct {
        const char *text;
        const char *id; /* the one hit wanted, or NULL for none */
    } cases[] = {
        { "\"accès à l'emploi\"", "acces" },
        { "\"acces a l emploi\"", "acces" },
        { "\"l acces a l emploi\"", "acces" },
        { "title:\"a l emploi\"", "acces" },
        { "quartiers \"a l emploi\"", "acces" },
        { "\"retour a l emploi\"", "retour" },
        { "quartiers -\"a l emploi\"", NULL },
        { "\"article L 2121-29\"", "cgct" },
        { "\"article l 2121-29\"", "cgct" },
        { "\"l article l 2121\"", "cgct" },
        { "\"c est\"", "rentree" },
        { "(\"c est la\")", "rentree" },
        { "\"d habitants\"", NULL },
        /* A phrase in a name: author: and place: keep positions. */
        { "author:\"institut regional\"", "acces" },
        { "author:\"Institut régional de la ville\"", "acces" },
        { "author:\"regional institut\"", NULL },
        { "place:\"hauts de france\"", "acces" },
        /* ADJ is an operator, words in this order: not a word "adj". */
        { "retour ADJ emploi", "retour" },
        { "durable ADJ retour", NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        polis_result_t *r = search(idx, cases[i].text, NULL);
        if (cases[i].id)
            ok(r && polis_result_total(r) == 1 && strcmp(polis_result_id(r, 0), cases[i].id) == 0,
               "'%s' finds %s only (%lu)", cases[i].text, cases[i].id,
               r ? polis_result_total(r) : 0);
        else
            ok(r && polis_result_total(r) == 0, "'%s' finds nothing (%lu)", cases[i].text,
               r ? polis_result_total(r) : 0);
        polis_result_free(r);
    }
    /* A filter's value typed without its apostrophes names the same value;
     * the letter stays where French keeps it. */
    const struct {
        const char *text, *theme;
        unsigned long total;
    } filters[] = {
        { "type:\"Actu de l IREV\"", NULL, 4 },
        { "type:\"actu de l'irev\"", NULL, 4 },
        { "theme:\"politique de l emploi\"", NULL, 1 },
        { "", "Politique de l emploi", 1 },
        { "", "politique-de-l-emploi", 1 },
        /* A letter that ends the value typed is kept: a prefix as before. */
        { "theme:\"Vitamine D\"", NULL, 1 },
        /* With the letter apart, a value is read as typed without it. */
        { "type:\"Actu de l IRE\"", NULL, 4 },
        { "type:\"l a\"", NULL, 4 },
        { "type:\"a\"", NULL, 4 },
    };
    for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
        polis_result_t *r = search(idx, filters[i].text, filters[i].theme);
        ok(r && polis_result_total(r) == filters[i].total, "'%s'%s%s finds %lu (%lu)",
           filters[i].text, filters[i].theme ? ", theme " : "",
           filters[i].theme ? filters[i].theme : "", filters[i].total,
           r ? polis_result_total(r) : 0);
        polis_result_free(r);
    }
    /* A particle before a consonant stays; no value starts "a" once the
     * particle is left out. */
    for (const char *const *q = (const char *const[]){ "type:\"Actu d l IREV\"", "theme:\"d a\"",
                                                        NULL };
         *q; q++) {
        polis_result_t *r = search(idx, *q, NULL);
        ok(!r, "%s names nothing", *q);
        polis_result_free(r);
    }
    polis_index_close(idx);
}

int main(void)
{
    char dir[] = "/tmp/polis-test-index-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char path[256];
    snprintf(path, sizeof path, "%s/db", dir);

    polis_index_t *w = NULL;
    char *err = NULL;
    ok(polis_index_create(path, POLIS_CREATE_TRUNCATE, &w, &err) == POLIS_OK, "create index");
    ok(polis_index_begin(w) == POLIS_OK, "begin transaction");

    polis_doc_t d;
    make_doc(&d, "pop-up", POLIS_KIND_RECAP, "Pop-Up dev éco : le quartier activateur",
             "Le Pop-Up a réuni 170 personnes autour du Développement économique des quartiers "
             "et de l’innovation sociale, au cœur de la main-d’œuvre locale.",
             "2017-10-25", "developpement-economique", "politique-de-la-ville");
    polis_strv_push(&d.places, "Amiens");
    ok(polis_index_put(w, &d) == POLIS_OK, "put a recap");
    polis_doc_clear(&d);
    make_doc(&d, "emploi", POLIS_KIND_NEWS, "Emploi des jeunes",
             "L'emploi des jeunes dans les quartiers prioritaires : d'activité en activité.",
             "2019-03-01", "emploi", "politique-de-la-ville");
    ok(polis_index_put(w, &d) == POLIS_OK, "put a news item");
    polis_doc_clear(&d);
    make_doc(&d, "renov", POLIS_KIND_NEWS, "Renouvellement urbain à Lens",
             "Le programme de renouvellement urbain avance.", "2012-06-30", "renouvellement-urbain",
             NULL);
    ok(polis_index_put(w, &d) == POLIS_OK, "put another");
    polis_doc_clear(&d);
    polis_doc_init(&d);
    ok(polis_index_put(w, &d) == POLIS_ERR_INVALID_ARG, "a document without id is refused");
    ok(strstr(polis_index_last_error(w), "id") != NULL, "and the message says why");
    const char *group[] = { "QPV", "quartiers prioritaires" };
    ok(polis_index_add_synonyms(w, group, 2) == POLIS_OK, "add synonyms");
    ok(polis_index_set_metadata(w, "theme:emploi", "Emploi") == POLIS_OK, "set metadata");

    /* Uncommitted work is invisible to a reader. */
    polis_index_t *r0 = NULL;
    ok(polis_index_open(path, &r0, &err) == POLIS_OK, "open reader during transaction");
    unsigned long n = 99;
    polis_index_doc_count(r0, &n);
    is_int(n, 0, "reader sees nothing before commit");
    polis_index_close(r0);

    ok(polis_index_commit(w) == POLIS_OK, "commit");
    polis_index_close(w);

    polis_index_t *idx = NULL;
    ok(polis_index_open(path, &idx, &err) == POLIS_OK, "open for reading");
    polis_index_doc_count(idx, &n);
    is_int(n, 3, "three documents");

    polis_result_t *r = search(idx, "developpement economique", NULL);
    ok(r && polis_result_total(r) == 1, "unaccented query finds accented text");
    if (r && polis_result_size(r) == 1) {
        is_str(polis_result_id(r, 0), "pop-up", "the right document");
        polis_doc_t back;
        polis_doc_init(&back);
        const char *data = polis_result_data(r, 0);
        ok(polis_doc_from_json(&back, data, strlen(data)) == 0, "stored JSON parses");
        is_str(back.published, "2017-10-25", "stored date");
        is_int(back.themes.n, 2, "stored themes");
        ok(back.body == NULL, "the stored JSON leaves the body out");
        ok(strstr(polis_result_body(r, 0), "main-d’œuvre") != NULL, "the body comes apart");
        char *snip = polis_result_highlight(r, polis_result_body(r, 0), 80);
        ok(snip && strstr(snip, "<mark>Développement</mark> <mark>économique</mark>"),
           "snippet marks the accented words: %s", snip ? snip : "(null)");
        ok(snip && strlen(snip) < 80 + 40, "snippet is bounded");
        free(snip);
        /* Words are let go by their first two bytes before any folding
         * (marks.cc, word_filter): upper case, plural and accented
         * forms still reach the memo and are marked. */
        snip = polis_result_highlight(r, "DEVELOPPEMENTS, Économiques et ECONOMIQUE : dé", 0);
        is_str(snip ? snip : "(null)",
               "<mark>DEVELOPPEMENTS</mark>, <mark>Économiques</mark> et <mark>ECONOMIQUE</mark> : dé",
               "upper case, plurals and accents marked, a word of the same first bytes not");
        free(snip);
        polis_doc_clear(&back);
    }
    polis_result_free(r);

    /* The filter before the form cache (marks.cc, word_filter) lets
     * through every word the query marks.  A query word in another script
     * (ωmega) turns the filter off, so each query is highlighted with the
     * filter and without it, on the seed page and on words made to pass it
     * narrowly: the same marks either way. */
    check_filter(idx);

    /* A wildcard's prefix marks the words it starts, whatever their case. */
    r = search(idx, "econ*", NULL);
    char *wild = r ? polis_result_highlight(r, "ECONOMIE, économique, écologie", 0) : NULL;
    is_str(wild ? wild : "(null)", "<mark>ECONOMIE</mark>, <mark>économique</mark>, écologie",
           "a wildcard's prefix marks what it starts");
    free(wild);
    polis_result_free(r);

    const char *cases[][2] = {
        { "quartiers", "pop-up" },
        { "l'innovation", "pop-up" },
        { "innovation", "pop-up" },
        { "coeur", "pop-up" },
        { "main-d'oeuvre", "pop-up" },
        { "activite", "emploi" },
        { "d’activité", "emploi" },
        { "\"quartier activateur\"", "pop-up" },
        { "title:activateur", "pop-up" },
        { "renouvellement NOT lens", NULL },
        { "qpv", "emploi" },
        { "Amiens", "pop-up" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        r = search(idx, cases[i][0], NULL);
        int found = 0;
        for (size_t k = 0; r && k < polis_result_size(r); k++)
            found |= cases[i][1] && strcmp(polis_result_id(r, k), cases[i][1]) == 0;
        if (cases[i][1])
            ok(found, "'%s' finds %s", cases[i][0], cases[i][1]);
        else
            ok(r && polis_result_total(r) == 0, "'%s' finds nothing (%lu, corrected %s)",
               cases[i][0], r ? polis_result_total(r) : 0,
               r && polis_result_corrected(r) ? polis_result_corrected(r) : "-");
        polis_result_free(r);
    }

    /* Facets: one document counts for each of its themes; counts are disjunctive. */
    r = search(idx, "", NULL);
    is_int(polis_result_total(r), 3, "browse all");
    is_int(facet_count(r, POLIS_FACET_THEME, "politique-de-la-ville"), 2,
           "multi-valued theme count");
    is_int(facet_count(r, POLIS_FACET_YEAR, "2019"), 1, "year facet");
    polis_result_free(r);
    r = search(idx, "", "emploi");
    is_int(polis_result_total(r), 1, "theme filter");
    is_int(facet_count(r, POLIS_FACET_THEME, "developpement-economique"), 1,
           "a filtered facet still counts its other values");
    is_int(facet_count(r, POLIS_FACET_YEAR, "2017"), 0, "other facets follow the filter");
    polis_result_free(r);

    polis_query_t *q = polis_query_new();
    polis_query_set_sort(q, POLIS_SORT_DATE_ASC);
    polis_query_set_date_range(q, "20120101", "20191231");
    ok(polis_index_search(idx, q, &r) == POLIS_OK, "date range search");
    is_int(polis_result_size(r), 3, "range keeps all three");
    if (polis_result_size(r) == 3)
        is_str(polis_result_id(r, 0), "renov", "oldest first");
    polis_result_free(r);
    polis_query_set_date_range(q, "20180101", NULL);
    polis_index_search(idx, q, &r);
    is_int(polis_result_total(r), 1, "open-ended range");
    polis_result_free(r);
    polis_query_free(q);

    r = search(idx, "renouvellemnt", NULL);
    ok(r && polis_result_corrected(r) && strcmp(polis_result_corrected(r), "renouvellement") == 0,
       "spelling correction suggested");
    ok(r && polis_result_used_correction(r) && polis_result_total(r) == 1,
       "and its results given when the query found nothing");
    polis_result_free(r);
    r = search(idx, "renouvellement zzzyx", NULL);
    ok(r && polis_result_relaxed(r) && polis_result_total(r) == 1, "relaxed fallback to OR");
    polis_result_free(r);

    char *json = NULL;
    ok(polis_index_get_doc(idx, "emploi", &json) == POLIS_OK && strstr(json, "\"emploi\"") &&
           strstr(json, "\"body\":\"L'emploi des jeunes"),
       "get a whole document by id, body included");
    free(json);
    ok(polis_index_get_doc(idx, "nope", &json) == POLIS_ERR_NOT_FOUND, "unknown id: not found");
    char *meta = NULL;
    ok(polis_index_get_metadata(idx, "theme:emploi", &meta) == POLIS_OK &&
           strcmp(meta, "Emploi") == 0,
       "metadata read back");
    free(meta);
    ok(polis_index_put(idx, &d) == POLIS_ERR_READ_ONLY, "reader refuses writes");

    /* Replace and delete through a writer; the reader sees them after reopen. */
    ok(polis_index_create(path, 0, &w, &err) == POLIS_OK, "reopen writer");
    make_doc(&d, "renov", POLIS_KIND_NEWS, "Rénovation à Liévin", "Texte remplacé.", "2013-01-01",
             "habitat", NULL);
    ok(polis_index_put(w, &d) == POLIS_OK, "replace by id");
    polis_doc_clear(&d);
    ok(polis_index_delete(w, "emploi") == POLIS_OK, "delete by id");
    ok(polis_index_delete(w, "emploi") == POLIS_ERR_NOT_FOUND, "delete twice: not found");
    polis_index_t *w2 = NULL;
    char *lockmsg = NULL;
    ok(polis_index_create(path, 0, &w2, &lockmsg) == POLIS_ERR_LOCKED && w2 == NULL,
       "second writer: locked");
    ok(lockmsg && strlen(lockmsg) > 0, "with a message: %s", lockmsg ? lockmsg : "");
    free(lockmsg);
    ok(polis_index_commit(w) == POLIS_OK, "commit changes");
    polis_index_close(w);
    ok(polis_index_reopen(idx) == POLIS_OK, "reader reopens");
    polis_index_doc_count(idx, &n);
    is_int(n, 2, "two documents after delete");
    r = search(idx, "lievin", NULL);
    ok(r && polis_result_total(r) == 1, "replaced text is searchable");
    polis_result_free(r);
    r = search(idx, "renouvellement", NULL);
    ok(r && polis_result_total(r) == 0, "old text is gone");
    polis_result_free(r);

    q = polis_query_new();
    polis_query_set_text(q, "title:(");
    polis_result_t *bad = NULL;
    polis_status_t st = polis_index_search(idx, q, &bad);
    ok(st == POLIS_OK || st == POLIS_ERR_BAD_QUERY, "odd syntax is an answer or BAD_QUERY");
    polis_result_free(bad);
    polis_query_free(q);
    polis_index_close(idx);

    /* A corrupted index: every call reports a clean status. */
    char cmd[512];
    snprintf(cmd, sizeof cmd, "for f in %s/*.glass; do head -c 8192 /dev/urandom > $f; done", path);
    ok(system(cmd) == 0, "corrupt the index files");
    polis_index_t *c = NULL;
    err = NULL;
    st = polis_index_open(path, &c, &err);
    if (st == POLIS_OK) {
        polis_result_t *cr = NULL;
        st = polis_index_search(c, polis_query_new() ? NULL : NULL, &cr);
        st = search(c, "quartier", NULL) ? POLIS_OK : POLIS_ERR_CORRUPT;
        polis_index_close(c);
    }
    ok(st != POLIS_OK, "corrupt index is reported: %s (%s)", polis_status_str(st), err ? err : "");
    free(err);
    ok(polis_index_open("/nonexistent/polis", &c, &err) == POLIS_ERR_NOT_FOUND && c == NULL,
       "missing index: not found");
    free(err);

    test_children(dir);
    test_lone_elisions(dir);

    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        return 1;
    return tap_done();
}
