/* test_counts.c — counting on sets gives Xapian's matcher's numbers, and
 * synonym concepts find what the phrases found.
 *
 * A read handle counts totals and facets on cached sets and facet columns,
 * and reads its ranking's prior by kind from memory; with
 * polis_index_set_cache_limit(0) it walks Xapian's matcher and weighs the
 * prior with Xapian's own posting source instead.  Every query below runs
 * both ways on a real index and must agree on the total, the page of hits
 * in order and every facet count: with every value of every facet, with the
 * top few only (a selected value kept), and with a cache too small for the
 * author column (that facet then counted through the matcher).  Every
 * document names an author of its own, so the author facet has as many
 * values as documents. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "polis/index.h"
#include "tap.h"

static const char *const WORDS[] = {
    "emploi",   "quartier", "habitants", "ville",   "jeunes",     "insertion", "commerce",
    "logement", "culture",  "santé",     "école",   "entreprise", "réseau",    "économie",
    "sociale",  "mobilité", "numérique", "égalité", "transition", "projet",
};
static const char *const PHRASES[] = {
    "quartier prioritaire", "quartiers prioritaires", "QPV",
    "contrat de ville",     "Hauts-de-France",        "chef de projet",
};
static const char *const THEMES[] = { "emploi", "politique-de-la-ville", "culture", "sante",
                                      "habitat-logement" };
static const char *const PLACES[] = { "Amiens", "Lille", "Roubaix", "Beauvais" };
static const char *const AUTHORS[] = { "Marie Dupont", "Ali Ben", "Claire Roy" };

static unsigned rnd_state = 12345;
static unsigned rnd(unsigned n)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (rnd_state >> 16) % n;
}

static void make_doc(polis_doc_t *d, unsigned i)
{
    char id[32], date[16], body[2048] = "";
    polis_doc_init(d);
    snprintf(id, sizeof id, "doc-%u", i);
    polis_str_set(&d->id, id, (size_t)-1);
    polis_str_set(&d->title, WORDS[rnd(20)], (size_t)-1);
    for (unsigned w = 0, n = 20 + rnd(60); w < n; w++) {
        const char *word = rnd(12) == 0 ? PHRASES[rnd(6)] : WORDS[rnd(20) * rnd(20) / 19];
        strcat(body, word);
        strcat(body, rnd(9) == 0 ? ". " : " ");
    }
    polis_str_set(&d->body, body, (size_t)-1);
    polis_str_set(&d->site_type, rnd(2) ? "Actu de l'IREV" : "Actu des territoires", (size_t)-1);
    d->kind = rnd(3) == 0 ? POLIS_KIND_RECAP : rnd(2) ? POLIS_KIND_NEWS : POLIS_KIND_REFERENCE;
    snprintf(date, sizeof date, "%u-%02u-15", 2010 + rnd(15), 1 + rnd(12));
    snprintf(d->published, sizeof d->published, "%s", date);
    for (unsigned t = 0, n = 1 + rnd(3); t < n; t++)
        polis_strv_push(&d->themes, THEMES[rnd(5)]);
    if (rnd(2))
        polis_strv_push(&d->places, PLACES[rnd(4)]);
    if (rnd(3))
        polis_strv_push(&d->authors, AUTHORS[rnd(3)]);
    char own[48];
    snprintf(own, sizeof own, "Auteur%u Unique", i);
    polis_strv_push(&d->authors, own);
}

/* Write n documents (ids from first), deleting every seventh, then commit. */
static int fill(polis_index_t *w, unsigned first, unsigned n)
{
    if (polis_index_begin(w) != POLIS_OK)
        return -1;
    rnd_state = 12345u + first; /* the same documents in every index */
    for (unsigned i = first; i < first + n; i++) {
        polis_doc_t d;
        make_doc(&d, i);
        polis_status_t st = polis_index_put(w, &d);
        polis_doc_clear(&d);
        if (st != POLIS_OK)
            return -1;
    }
    for (unsigned i = first; i < first + n; i += 7) {
        char id[32];
        snprintf(id, sizeof id, "doc-%u", i);
        if (polis_index_delete(w, id) != POLIS_OK)
            return -1;
    }
    return polis_index_commit(w) == POLIS_OK ? 0 : -1;
}

static int add_qpv_group(polis_index_t *w)
{
    const char *group[] = { "QPV", "quartier prioritaire", "quartiers prioritaires" };
    return polis_index_add_synonyms(w, group, 3) == POLIS_OK ? 0 : -1;
}

typedef struct {
    const char *text, *theme, *theme2, *kind, *from, *to;
    polis_sort_t sort;
} query_t;

/* Values counted per facet (0: all), and the author facet's filter. */
static unsigned max_values;
static const char *author_filter;

static polis_result_t *run(polis_index_t *idx, const query_t *t)
{
    polis_query_t *q = polis_query_new();
    polis_query_set_text(q, t->text);
    if (t->theme)
        polis_query_add_filter(q, POLIS_FACET_THEME, t->theme);
    if (t->theme2)
        polis_query_add_filter(q, POLIS_FACET_THEME, t->theme2);
    if (t->kind)
        polis_query_add_filter(q, POLIS_FACET_KIND, t->kind);
    if (author_filter)
        polis_query_add_filter(q, POLIS_FACET_AUTHOR, author_filter);
    if (t->from || t->to)
        polis_query_set_date_range(q, t->from, t->to);
    polis_query_set_sort(q, t->sort);
    polis_query_set_range(q, 0, 20);
    for (int f = 0; f < POLIS_FACET_COUNT_; f++)
        polis_query_count_facet(q, (polis_facet_t)f, max_values);
    polis_result_t *r = NULL;
    if (polis_index_search(idx, q, &r) != POLIS_OK)
        printf("# '%s': %s\n", t->text, polis_index_last_error(idx));
    polis_query_free(q);
    return r;
}

/* "" when a and b agree on total, hits and facets, else what differs. */
static const char *differ(const polis_result_t *a, const polis_result_t *b)
{
    if (!a || !b)
        return "a search failed";
    if (polis_result_total(a) != polis_result_total(b))
        return "total";
    if (polis_result_size(a) != polis_result_size(b))
        return "number of hits";
    for (size_t i = 0; i < polis_result_size(a); i++)
        if (strcmp(polis_result_id(a, i), polis_result_id(b, i)) != 0)
            return "hit order";
    for (int f = 0; f < POLIS_FACET_COUNT_; f++) {
        if (polis_result_facet_size(a, f) != polis_result_facet_size(b, f))
            return "facet size";
        for (size_t i = 0; i < polis_result_facet_size(a, f); i++) {
            const char *va, *vb;
            unsigned long na, nb;
            polis_result_facet_value(a, f, i, &va, &na);
            polis_result_facet_value(b, f, i, &vb, &nb);
            if (strcmp(va, vb) != 0 || na != nb)
                return "facet value or count";
        }
    }
    return "";
}

static const query_t QUERIES[] = {
    { "emploi", 0, 0, 0, 0, 0, POLIS_SORT_RELEVANCE },
    { "emploi habitants", 0, 0, 0, 0, 0, POLIS_SORT_RELEVANCE },
    { "emploi OR culture", 0, 0, 0, 0, 0, POLIS_SORT_RELEVANCE },
    { "emploi -culture", 0, 0, 0, 0, 0, POLIS_SORT_RELEVANCE },
    { "NOT emploi", 0, 0, 0, 0, 0, POLIS_SORT_RELEVANCE },
    { "emploi XOR culture", 0, 0, 0, 0, 0, POLIS_SORT_RELEVANCE },
    { "\"contrat de ville\"", 0, 0, 0, 0, 0, POLIS_SORT_RELEVANCE },
    { "hauts-de-france jeunes", 0, 0, 0, 0, 0, POLIS_SORT_RELEVANCE },
    { "jeunes NEAR emploi", 0, 0, 0, 0, 0, POLIS_SORT_RELEVANCE },
    { "econ*", 0, 0, 0, 0, 0, POLIS_SORT_RELEVANCE },
    { "qpv", 0, 0, 0, 0, 0, POLIS_SORT_RELEVANCE },
    { "quartiers prioritaires emploi", 0, 0, 0, 0, 0, POLIS_SORT_RELEVANCE },
    { "title:emploi", 0, 0, 0, 0, 0, POLIS_SORT_RELEVANCE },
    { "theme:culture ville", 0, 0, 0, 0, 0, POLIS_SORT_RELEVANCE },
    { "", 0, 0, 0, 0, 0, POLIS_SORT_RELEVANCE },
    { "", "culture", 0, 0, 0, 0, POLIS_SORT_RELEVANCE },
    { "emploi", "culture", "sante", 0, 0, 0, POLIS_SORT_RELEVANCE },
    { "ville", "emploi", 0, "news", 0, 0, POLIS_SORT_RELEVANCE },
    { "ville", 0, 0, 0, "2015-01-01", "2019-12-31", POLIS_SORT_RELEVANCE },
    { "ville", "culture", 0, 0, "2018-01-01", 0, POLIS_SORT_DATE_DESC },
    { "", 0, 0, "recap", 0, "2016-06-30", POLIS_SORT_DATE_ASC },
    { "mot-absent", 0, 0, 0, 0, 0, POLIS_SORT_RELEVANCE },
};
#define NQ (sizeof QUERIES / sizeof QUERIES[0])

/* Every query, on sets (with a cache of `bytes`) then through the matcher. */
static void compare_with(polis_index_t *r, const char *when, size_t bytes)
{
    for (size_t i = 0; i < NQ; i++) {
        polis_index_set_cache_limit(bytes);
        polis_result_t *a = run(r, &QUERIES[i]);
        polis_result_t *a2 = run(r, &QUERIES[i]); /* from the cached sets */
        polis_index_set_cache_limit(0);
        polis_result_t *b = run(r, &QUERIES[i]);
        const char *d = differ(a, b), *d2 = differ(a2, b);
        ok(!*d && !*d2, "%s: '%s'%s%s: sets and matcher agree (%lu matches)%s%s", when,
           QUERIES[i].text, QUERIES[i].theme ? " theme" : "", QUERIES[i].from ? " dates" : "",
           b ? polis_result_total(b) : 0, *d ? ", differ in " : "", *d ? d : d2);
        polis_result_free(a);
        polis_result_free(a2);
        polis_result_free(b);
    }
    polis_index_set_cache_limit(32u << 20);
}

static void compare_all(polis_index_t *r, const char *when)
{
    char what[128];
    compare_with(r, when, 32u << 20);
    /* The top three values of each facet, and a selected author that is not
     * among them: still listed, with its count. */
    max_values = 3;
    author_filter = "Auteur78 Unique";
    snprintf(what, sizeof what, "%s, top 3 and a selected author", when);
    compare_with(r, what, 32u << 20);
    /* A cache too small for the author column (as many values as
     * documents): that facet is counted through the matcher, over every
     * match of the text (no author selected). */
    author_filter = NULL;
    snprintf(what, sizeof what, "%s, top 3, a cache of 16 KiB", when);
    compare_with(r, what, 16u << 10);
    max_values = 0;
    author_filter = NULL;
}

static unsigned long total(polis_index_t *idx, const char *text)
{
    query_t t = { text, 0, 0, 0, 0, 0, POLIS_SORT_RELEVANCE };
    polis_result_t *r = run(idx, &t);
    unsigned long n = r ? polis_result_total(r) : 0;
    polis_result_free(r);
    return n;
}

/* A facet counts documents: a theme's count is the total of the same
 * search filtered by that theme, on sets and through the matcher (the
 * documents here draw their themes with repeats, which must count once). */
static void check_documents_counted(polis_index_t *r, const char *when)
{
    const char *texts[] = { "emploi", "" };
    for (int sets = 1; sets >= 0; sets--) {
        polis_index_set_cache_limit(sets ? 32u << 20 : 0);
        for (size_t k = 0; k < 2; k++) {
            query_t t = { texts[k], 0, 0, 0, 0, 0, POLIS_SORT_RELEVANCE };
            polis_result_t *all = run(r, &t);
            size_t n = all ? polis_result_facet_size(all, POLIS_FACET_THEME) : 0;
            int same = n > 0;
            char first_bad[160] = "";
            for (size_t i = 0; i < n; i++) {
                const char *v;
                unsigned long count;
                polis_result_facet_value(all, POLIS_FACET_THEME, i, &v, &count);
                query_t f = { texts[k], v, 0, 0, 0, 0, POLIS_SORT_RELEVANCE };
                polis_result_t *one = run(r, &f);
                unsigned long filtered = one ? polis_result_total(one) : 0;
                if (count != filtered && same) {
                    same = 0;
                    snprintf(first_bad, sizeof first_bad, ": %s counted %lu, filtered %lu", v,
                             count, filtered);
                }
                polis_result_free(one);
            }
            ok(same, "%s, %s, '%s': each of %zu themes counts the documents its filter finds%s",
               when, sets ? "sets" : "matcher", texts[k], n, first_bad);
            polis_result_free(all);
        }
    }
    polis_index_set_cache_limit(32u << 20);
}

/* The set cache's counters (polis_index_set_cache_stats()): a set built
 * and kept is a miss, found again a hit. */
static void check_stats(polis_index_t *r)
{
    unsigned long long h0, m0, h1, m1, h2, m2;
    size_t bytes = 0;
    polis_index_set_cache_limit(0); /* empties it */
    polis_index_set_cache_limit(32u << 20);
    polis_index_set_cache_stats(&h0, &m0, NULL);
    unsigned long n = total(r, "emploi");
    polis_index_set_cache_stats(&h1, &m1, &bytes);
    ok(n > 0 && m1 > m0 && h1 == h0 && bytes > 0,
       "set cache: a first count builds and keeps its sets (%llu misses, %zu bytes)", m1 - m0,
       bytes);
    total(r, "emploi");
    polis_index_set_cache_stats(&h2, &m2, NULL);
    ok(h2 > h1 && m2 == m1, "set cache: the same count again finds them (%llu hits)", h2 - h1);
    polis_index_set_cache_stats(NULL, NULL, NULL);
    ok(1, "set cache: the counters may be asked for one by one");
}

static int put_text(polis_index_t *w, const char *id, const char *body)
{
    polis_doc_t d;
    polis_doc_init(&d);
    polis_str_set(&d.id, id, (size_t)-1);
    polis_str_set(&d.title, "Note", (size_t)-1);
    polis_str_set(&d.body, body, (size_t)-1);
    d.kind = POLIS_KIND_NEWS;
    polis_status_t st = polis_index_put(w, &d);
    polis_doc_clear(&d);
    return st == POLIS_OK ? 0 : -1;
}

static int set_groups(polis_index_t *w, int with_ess)
{
    const char *pdv[] = { "PDV", "politique de la ville" };
    const char *vdp[] = { "VDP", "ville de Paris" };
    const char *ess[] = { "ESS", "économie sociale et solidaire" };
    return polis_index_clear_synonyms(w) == POLIS_OK &&
                   polis_index_add_synonyms(w, pdv, 2) == POLIS_OK &&
                   polis_index_add_synonyms(w, vdp, 2) == POLIS_OK &&
                   (!with_ess || polis_index_add_synonyms(w, ess, 2) == POLIS_OK)
               ? 0
               : -1;
}

/* Phrases of two groups that overlap both count; groups that change and
 * come back never let documents written meanwhile pass for following them. */
static void check_concept_edges(const char *path)
{
    polis_index_t *w = NULL, *r = NULL;
    char *err = NULL;
    ok(polis_index_create(path, POLIS_CREATE_TRUNCATE, &w, &err) == POLIS_OK, "third index");
    ok(polis_index_begin(w) == POLIS_OK && set_groups(w, 1) == 0 &&
           put_text(w, "a", "la politique de la ville de Paris") == 0 &&
           put_text(w, "b", "une économie sociale et solidaire") == 0 &&
           polis_index_commit(w) == POLIS_OK,
       "groups G, then two documents");
    ok(polis_index_open(path, &r, &err) == POLIS_OK, "open it for reading");
    ok(polis_index_synonyms_indexed(r) == 1, "the documents follow G");
    is_int(total(r, "vdp"), 1, "vdp finds the document where its phrase overlaps pdv's");
    is_int(total(r, "pdv"), 1, "pdv finds it too");

    /* G without ESS, a document written under it, then G again. */
    ok(polis_index_begin(w) == POLIS_OK && set_groups(w, 0) == 0 &&
           put_text(w, "c", "encore l'économie sociale et solidaire") == 0 &&
           polis_index_commit(w) == POLIS_OK,
       "groups H (no ESS) and a document written under them");
    ok(polis_index_begin(w) == POLIS_OK && set_groups(w, 1) == 0 &&
           put_text(w, "d", "rien de plus") == 0 && polis_index_commit(w) == POLIS_OK,
       "groups G again, one more document");
    ok(polis_index_reopen(r) == POLIS_OK, "reader reopened");
    ok(polis_index_synonyms_indexed(r) == 0, "the index no longer passes for following G");
    is_int(total(r, "ess"), 2, "ess finds both documents, through the phrase");
    polis_index_close(r);
    polis_index_close(w);
}

int main(void)
{
    char dir[] = "/tmp/polis-test-counts-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char path[256], late[256], edges[256];
    snprintf(path, sizeof path, "%s/db", dir);
    snprintf(late, sizeof late, "%s/late", dir);
    snprintf(edges, sizeof edges, "%s/edges", dir);

    polis_index_t *w = NULL, *r = NULL;
    char *err = NULL;
    ok(polis_index_create(path, POLIS_CREATE_TRUNCATE, &w, &err) == POLIS_OK, "create index");
    ok(add_qpv_group(w) == 0, "synonym group before the documents");
    ok(fill(w, 0, 600) == 0, "600 documents written, every seventh deleted");
    ok(polis_index_open(path, &r, &err) == POLIS_OK, "open for reading");
    compare_all(r, "first revision");
    check_documents_counted(r, "first revision");
    check_stats(r);
    unsigned long qpv600 = total(r, "qpv");

    /* A new revision: the reader's sets must follow it, not answer from the old. */
    unsigned long before = total(r, "emploi");
    ok(fill(w, 600, 300) == 0, "300 more documents committed");
    ok(polis_index_reopen(r) == POLIS_OK, "reader reopened");
    ok(total(r, "emploi") > before, "the new documents are counted after reopen (%lu > %lu)",
       total(r, "emploi"), before);
    compare_all(r, "second revision");

    /* Concepts: one group, found whatever phrase a document uses. */
    unsigned long qpv = total(r, "qpv");
    ok(qpv > 0 && qpv == total(r, "quartier prioritaire") &&
           qpv == total(r, "quartiers prioritaires"),
       "qpv, quartier prioritaire and quartiers prioritaires find the same %lu documents", qpv);
    ok(qpv > total(r, "\"quartier prioritaire\""), "more than the one phrase typed in quotes");

    /* Groups given after the documents: those carry no concept terms, so
     * the query side must keep matching the phrases. */
    polis_index_t *w2 = NULL, *r2 = NULL;
    ok(polis_index_create(late, POLIS_CREATE_TRUNCATE, &w2, &err) == POLIS_OK, "second index");
    ok(fill(w2, 0, 600) == 0, "same documents, no synonyms yet");
    ok(polis_index_begin(w2) == POLIS_OK && add_qpv_group(w2) == 0 &&
           polis_index_commit(w2) == POLIS_OK,
       "synonym group added after the documents");
    ok(polis_index_open(late, &r2, &err) == POLIS_OK, "open it for reading");
    unsigned long late_qpv = total(r2, "qpv");
    ok(late_qpv > 0 && late_qpv == qpv600,
       "qpv finds the same documents through the phrases (%lu) as through concepts (%lu)", late_qpv,
       qpv600);
    compare_all(r2, "groups after the documents");

    check_concept_edges(edges);

    polis_index_close(r2);
    polis_index_close(w2);
    polis_index_close(r);
    polis_index_close(w);
    tap_rmtree(dir);
    return tap_done();
}
