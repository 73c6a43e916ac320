/* test_bounds.c — what one query may cost (shim/bounds.cc): the wildcards of
 * a query share one expansion budget, the terms of a parsed query are
 * capped, and the time limit covers the whole search.
 *
 * The index holds 300 documents, each with a word of its own (mot000 ...
 * mot299), so that a wildcard's expansion is read off the total: mot*
 * expanded to k terms matches exactly k documents. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "polis/index.h"
#include "tap.h"

#define N_DOCS 300

static polis_status_t run(polis_index_t *idx, const char *text, unsigned budget, unsigned max_terms,
                          double time_limit, unsigned long *total, int *timed_out)
{
    polis_query_t *q = polis_query_new();
    polis_query_set_text(q, text);
    polis_query_set_max_expansion(q, budget);
    polis_query_set_max_terms(q, max_terms);
    polis_query_set_time_limit(q, time_limit);
    polis_result_t *r = NULL;
    polis_status_t st = polis_index_search(idx, q, &r);
    *total = st == POLIS_OK ? polis_result_total(r) : 0;
    if (timed_out != NULL)
        *timed_out = st == POLIS_OK && polis_result_timed_out(r);
    polis_result_free(r);
    polis_query_free(q);
    return st;
}

static void check_budget(polis_index_t *idx)
{
    unsigned long n = 0;
    ok(run(idx, "mot*", 200, 0, 0, &n, NULL) == POLIS_OK && n == 200,
       "one wildcard keeps the budget's 200 terms: %lu documents", n);
    ok(run(idx, "mot*", 0, 0, 0, &n, NULL) == POLIS_OK && n == 200,
       "the default budget is 200: %lu", n);
    ok(run(idx, "mot* OR mot*", 200, 0, 0, &n, NULL) == POLIS_OK && n == 100,
       "two wildcards share it: 100 terms each, %lu documents", n);
    ok(run(idx, "mot* OR mot* OR mot* OR mot*", 200, 0, 0, &n, NULL) == POLIS_OK && n == 50,
       "four share it: 50 each, %lu", n);
    ok(run(idx, "mot*", 7, 0, 0, &n, NULL) == POLIS_OK && n == 7, "a budget of 7: %lu", n);
    polis_status_t st = run(idx, "a* b* c* d* e* f* g* h* i* j* k*", 10, 0, 0, &n, NULL);
    ok(st == POLIS_ERR_BAD_QUERY && strstr(polis_index_last_error(idx), "more than 10 wildcards"),
       "11 wildcards for a budget of 10: a bad query, saying so (%s)", polis_index_last_error(idx));
    ok(run(idx, "\"mot*\" x*", 10, 0, 0, &n, NULL) == POLIS_OK, "a '*' in a phrase is counted too, "
                                                                "harmlessly");
}

static void check_terms(polis_index_t *idx)
{
    unsigned long n = 0;
    ok(run(idx, "commun quartier ville", 0, 3, 0, &n, NULL) == POLIS_OK,
       "three words under a cap of 3 terms");
    polis_status_t st = run(idx, "commun quartier ville emploi", 0, 3, 0, &n, NULL);
    ok(st == POLIS_ERR_BAD_QUERY && strstr(polis_index_last_error(idx), "more than 3 terms"),
       "four words over it: a bad query, saying so (%s)", polis_index_last_error(idx));
    ok(run(idx, "mot*", 100, 100, 0, &n, NULL) == POLIS_OK,
       "a wildcard counts its share: 100 of 100");
    ok(run(idx, "commun mot*", 100, 100, 0, &n, NULL) == POLIS_ERR_BAD_QUERY,
       "  ... and a word more is over");
    ok(run(idx, "commun quartier ville emploi", 0, 0, 0, &n, NULL) == POLIS_OK,
       "no cap: any number of terms");
}

static void check_time(polis_index_t *idx)
{
    unsigned long n = 0;
    int timed_out = 0;
    ok(run(idx, "commun", 0, 0, 1e-9, &n, &timed_out) == POLIS_OK && timed_out,
       "a time limit spent at once: the result says it timed out");
    ok(run(idx, "commun", 0, 0, 30, &n, &timed_out) == POLIS_OK && !timed_out && n == N_DOCS,
       "a generous one: whole (%lu)", n);
    ok(run(idx, "zzzqqq", 0, 0, 1e-9, &n, &timed_out) == POLIS_OK && n == 0 && timed_out,
       "no relaxed or corrected pass once the time is spent");
}

int main(void)
{
    char dir[] = "/tmp/polis-test-bounds-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char path[256];
    snprintf(path, sizeof path, "%s/db", dir);
    polis_index_t *w = NULL;
    char *err = NULL;
    ok(polis_index_create(path, POLIS_CREATE_TRUNCATE, &w, &err) == POLIS_OK, "create index");
    int put_ok = 1;
    for (int i = 0; i < N_DOCS; i++) {
        polis_doc_t d;
        char id[32], body[128];
        polis_doc_init(&d);
        snprintf(id, sizeof id, "doc-%03d", i);
        snprintf(body, sizeof body, "mot%03d commun quartier ville emploi", i);
        polis_str_set(&d.id, id, (size_t)-1);
        polis_str_set(&d.title, id, (size_t)-1);
        polis_str_set(&d.body, body, (size_t)-1);
        snprintf(d.published, sizeof d.published, "2020-01-01");
        put_ok &= polis_index_put(w, &d) == POLIS_OK;
        polis_doc_clear(&d);
    }
    ok(put_ok, "put %d documents", N_DOCS);
    ok(polis_index_commit(w) == POLIS_OK, "commit");
    polis_index_close(w);
    polis_index_t *idx = NULL;
    ok(polis_index_open(path, &idx, &err) == POLIS_OK, "open for reading");
    check_budget(idx);
    check_terms(idx);
    check_time(idx);
    polis_index_close(idx);
    tap_rmtree(dir);
    return tap_done();
}
