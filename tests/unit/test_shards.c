/* test_shards.c — an index in shards (polis_index_create_shards() and
 * friends) on real on-disk Xapian databases: where documents go, what a
 * reader and a writer see, the merge of batches shard by shard. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "polis/index.h"
#include "tap.h"

static polis_status_t put(polis_index_t *idx, const char *id, const char *title)
{
    polis_doc_t d;
    polis_doc_init(&d);
    polis_str_set(&d.id, id, (size_t)-1);
    polis_str_set(&d.title, title, (size_t)-1);
    polis_str_set(&d.body, "quartier prioritaire et emploi", (size_t)-1);
    d.kind = POLIS_KIND_NEWS;
    snprintf(d.published, sizeof d.published, "2020-01-01");
    polis_status_t st = polis_index_put(idx, &d);
    polis_doc_clear(&d);
    return st;
}

static unsigned long count(const char *path)
{
    polis_index_t *idx = NULL;
    unsigned long n = 0;
    if (polis_index_open(path, &idx, NULL) == POLIS_OK)
        polis_index_doc_count(idx, &n);
    polis_index_close(idx);
    return n;
}

static unsigned long total(polis_index_t *idx, const char *text)
{
    polis_query_t *q = polis_query_new();
    polis_query_set_text(q, text);
    polis_result_t *r = NULL;
    unsigned long n = polis_index_search(idx, q, &r) == POLIS_OK ? polis_result_total(r) : 999;
    polis_result_free(r);
    polis_query_free(q);
    return n;
}

/* "value=count value=count" of the theme facet for text, or "failed". */
static void themes(polis_index_t *idx, const char *text, char *out, size_t size)
{
    polis_query_t *q = polis_query_new();
    polis_query_set_text(q, text);
    polis_query_count_facet(q, POLIS_FACET_THEME, 0);
    polis_result_t *r = NULL;
    snprintf(out, size, "failed");
    if (polis_index_search(idx, q, &r) == POLIS_OK) {
        size_t used = 0;
        out[0] = '\0';
        for (size_t i = 0; i < polis_result_facet_size(r, POLIS_FACET_THEME) && used < size; i++) {
            const char *v = NULL;
            unsigned long c = 0;
            polis_result_facet_value(r, POLIS_FACET_THEME, i, &v, &c);
            used += (size_t)snprintf(out + used, size - used, "%s%s=%lu", i ? " " : "", v, c);
        }
    }
    polis_result_free(r);
    polis_query_free(q);
}

static int exists(const char *dir, const char *name)
{
    char p[4096];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &st) == 0;
}

/* n documents in 3 shards: every body says "emploi", every 7th one says
 * "quartier prioritaire" and every 5th "prioritaire quartier".  Counting on
 * sets reads a term this common from its shards at once (shim/counts.cc,
 * on_shards()), and a phrase's matches too: the totals must be the
 * matcher's own, which counts shard after shard. */
static void common_terms(const char *path, int n)
{
    polis_index_t *w = NULL;
    if (polis_index_create_shards(path, 3, 0, &w, NULL) != POLIS_OK) {
        ok(0, "create the 3 shards of %d documents", n);
        return;
    }
    int added = 0;
    char id[32];
    for (int i = 0; i < n; i++) {
        polis_doc_t d;
        polis_doc_init(&d);
        snprintf(id, sizeof id, "c-%d", i);
        polis_str_set(&d.id, id, (size_t)-1);
        polis_str_set(&d.title, "Emploi", (size_t)-1);
        polis_str_set(&d.body,
                      i % 7 == 0   ? "emploi dans le quartier prioritaire"
                      : i % 5 == 0 ? "emploi prioritaire quartier"
                                   : "emploi des jeunes",
                      (size_t)-1);
        d.kind = POLIS_KIND_NEWS;
        snprintf(d.published, sizeof d.published, "2020-01-01");
        polis_strv_push(&d.themes, i % 3 == 0 ? "emploi" : "jeunesse");
        added += polis_index_add(w, &d) == POLIS_OK;
        polis_doc_clear(&d);
    }
    ok(added == n && polis_index_commit(w) == POLIS_OK, "%d documents in 3 shards", n);
    polis_index_close(w);

    int sevens = (n + 6) / 7, fives = 0;
    for (int i = 0; i < n; i++)
        fives += i % 5 == 0 && i % 7 != 0;
    polis_index_t *r = NULL;
    ok(polis_index_open(path, &r, NULL) == POLIS_OK, "open them to read");
    unsigned long on_sets[4] = { total(r, "emploi"), total(r, "\"quartier prioritaire\""),
                                 total(r, "emploi -\"prioritaire quartier\""),
                                 total(r, "quartier prioritaire") };
    ok(on_sets[0] == (unsigned long)n, "a term in every document, counted on sets: %lu",
       on_sets[0]);
    ok(on_sets[1] == (unsigned long)sevens, "a phrase, its set walked shard by shard at once: %lu",
       on_sets[1]);
    ok(on_sets[2] == (unsigned long)(n - fives), "  ... and taken out of a common term's set: %lu",
       on_sets[2]);
    ok(on_sets[3] == (unsigned long)(sevens + fives), "the two words anywhere: %lu", on_sets[3]);
    /* The facet columns number the combined index's docids: a set mapped
     * from the wrong shard counts the wrong documents' themes. */
    char sets_emploi[128], sets_phrase[128], want[128];
    themes(r, "emploi -\"prioritaire quartier\"", sets_emploi, sizeof sets_emploi);
    themes(r, "\"quartier prioritaire\"", sets_phrase, sizeof sets_phrase);
    int third = 0, third_of_sevens = 0;
    for (int i = 0; i < n; i++) {
        third += i % 3 == 0 && !(i % 5 == 0 && i % 7 != 0);
        third_of_sevens += i % 3 == 0 && i % 7 == 0;
    }
    snprintf(want, sizeof want, "jeunesse=%d emploi=%d", n - fives - third, third);
    is_str(sets_emploi, want, "the themes of a common term's set less a phrase's");
    snprintf(want, sizeof want, "jeunesse=%d emploi=%d", sevens - third_of_sevens, third_of_sevens);
    is_str(sets_phrase, want, "the themes of a phrase's set");
    polis_index_close(r);
    polis_index_set_cache_limit(0);
    ok(polis_index_open(path, &r, NULL) == POLIS_OK, "open them again, counting by the matcher");
    ok(total(r, "emploi") == on_sets[0] && total(r, "\"quartier prioritaire\"") == on_sets[1] &&
           total(r, "emploi -\"prioritaire quartier\"") == on_sets[2] &&
           total(r, "quartier prioritaire") == on_sets[3],
       "the matcher's totals are the sets' ones");
    char by_matcher[128];
    themes(r, "emploi -\"prioritaire quartier\"", by_matcher, sizeof by_matcher);
    is_str(by_matcher, sets_emploi, "  ... and so are its theme counts");
    themes(r, "\"quartier prioritaire\"", by_matcher, sizeof by_matcher);
    is_str(by_matcher, sets_phrase, "  ... for the phrase too");
    polis_index_close(r);
    polis_index_set_cache_limit((size_t)64 << 20);
}

/* A document of the ranking test: words, kinds and dates that vary, so that
 * weights, ties and dates all come into the order. */
static polis_status_t put_varied(polis_index_t *idx, int i)
{
    static const char *titles[] = { "Emploi des jeunes dans les quartiers",
                                    "Quartiers prioritaires : le bilan",
                                    "Renouvellement urbain et emploi", "Santé et logement",
                                    "Emploi" };
    static const char *bodies[] = { "emploi emploi quartier", "quartier prioritaire emploi",
                                    "renouvellement urbain du quartier et de la ville", "emploi",
                                    "santé des habitants du quartier" };
    static const polis_kind_t kinds[] = { POLIS_KIND_NEWS, POLIS_KIND_RECAP,
                                          POLIS_KIND_BIBLIOGRAPHY, POLIS_KIND_REFERENCE };
    char id[32];
    snprintf(id, sizeof id, "rank-%02d", i);
    polis_doc_t d;
    polis_doc_init(&d);
    polis_str_set(&d.id, id, (size_t)-1);
    polis_str_set(&d.title, titles[i % 5], (size_t)-1);
    polis_str_set(&d.body, bodies[(i / 5) % 5], (size_t)-1);
    d.kind = kinds[i % 4];
    /* Some dates shared: ties by date go by id. */
    snprintf(d.published, sizeof d.published, "20%02d-0%d-01", 10 + i % 7, 1 + i % 3);
    polis_strv_push(&d.themes, i % 2 ? "emploi" : "sante");
    polis_status_t st = polis_index_put(idx, &d);
    polis_doc_clear(&d);
    return st;
}

/* The ranking test's update: 10 documents added, rank-02 deleted, committed,
 * and the writer closed.  1 when all went well. */
static int change(polis_index_t *w)
{
    int done = 1;
    for (int i = 60; i < 70; i++)
        done &= put_varied(w, i) == POLIS_OK;
    done &= polis_index_delete(w, "rank-02") == POLIS_OK && polis_index_commit(w) == POLIS_OK;
    polis_index_close(w);
    return done;
}

/* "id:score id:score ..." of a search, scores to 6 decimals, then the total. */
static void page_of(polis_index_t *idx, const char *text, polis_sort_t sort, unsigned offset,
                    unsigned limit, char *out, size_t size)
{
    polis_query_t *q = polis_query_new();
    polis_query_set_text(q, text);
    polis_query_set_sort(q, sort);
    polis_query_set_range(q, offset, limit);
    polis_result_t *r = NULL;
    size_t used = 0;
    out[0] = '\0';
    if (polis_index_search(idx, q, &r) != POLIS_OK) {
        snprintf(out, size, "failed: %s", polis_index_last_error(idx));
    } else {
        for (size_t i = 0; i < polis_result_size(r) && used < size; i++)
            used += (size_t)snprintf(out + used, size - used, "%s:%.6f ", polis_result_id(r, i),
                                     polis_result_score(r, i));
        if (used < size)
            snprintf(out + used, size - used, "total %lu", polis_result_total(r));
    }
    polis_result_free(r);
    polis_query_free(q);
}

/* 60 documents in one transaction at path, in 3 shards, committed or (commit
 * 0) dropped by closing the writer: 1 when all went well. */
static int write_varied(const char *path, int commit)
{
    polis_index_t *w = NULL;
    int done = polis_index_create_shards(path, 3, POLIS_CREATE_TRUNCATE, &w, NULL) == POLIS_OK &&
               polis_index_begin(w) == POLIS_OK;
    for (int i = 0; done && i < 60; i++)
        done &= put_varied(w, i) == POLIS_OK;
    if (commit)
        done &= w && polis_index_commit(w) == POLIS_OK;
    polis_index_close(w);
    return done;
}

/* A build's batches write their postings every few documents inside their
 * transaction (polis_index_set_flush_docs()): what they hold is what one
 * write at the commit gives.  The setting is the process's environment, so
 * a child writes the flushed index, its checks in its exit status. */
static void flushed_writes(const char *dir)
{
    char flushed[4200], whole[4200];
    snprintf(flushed, sizeof flushed, "%s/flush-7", dir);
    snprintf(whole, sizeof whole, "%s/flush-none", dir);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int bad = 0;
        unsetenv("XAPIAN_FLUSH_THRESHOLD");
        bad |= (polis_index_set_flush_docs(0) != POLIS_ERR_INVALID_ARG) << 0;
        const char *v =
            polis_index_set_flush_docs(7) == POLIS_OK ? getenv("XAPIAN_FLUSH_THRESHOLD") : NULL;
        bad |= (!v || strcmp(v, "7") != 0) << 1;
        v = polis_index_set_flush_docs(9) == POLIS_OK ? getenv("XAPIAN_FLUSH_THRESHOLD") : NULL;
        bad |= (!v || strcmp(v, "7") != 0) << 2;
        bad |= !write_varied(flushed, 1) << 3;
        /* A batch closed without its commit (a failed build) leaves nothing,
         * though its postings were written to the tables meanwhile. */
        char dropped[4300];
        snprintf(dropped, sizeof dropped, "%s/flush-dropped", dir);
        polis_index_t *w = NULL;
        unsigned long n = 1;
        bad |= !(write_varied(dropped, 0) && polis_index_open(dropped, &w, NULL) == POLIS_OK &&
                 polis_index_doc_count(w, &n) == POLIS_OK && n == 0)
               << 4;
        polis_index_close(w);
        _exit(bad);
    }
    int status = -1;
    ok(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status), "flush: the child ran");
    int bad = WIFEXITED(status) ? WEXITSTATUS(status) : 31;
    ok(!(bad & 1), "flush: 0 documents is refused");
    ok(!(bad & 2), "flush: the threshold goes to Xapian's variable");
    ok(!(bad & 4), "flush: a threshold already set is kept");
    ok(!(bad & 8), "flush: 60 documents written flushing every 7");
    ok(!(bad & 16), "flush: a transaction closed without its commit leaves no document");
    unsetenv("XAPIAN_FLUSH_THRESHOLD"); /* the reference is written unflushed, whatever ran us */
    ok(write_varied(whole, 1), "flush: the same 60 in one write");
    polis_index_t *a = NULL, *b = NULL;
    ok(polis_index_open(flushed, &a, NULL) == POLIS_OK &&
           polis_index_open(whole, &b, NULL) == POLIS_OK,
       "flush: both open");
    static const char *const texts[] = { "emploi", "\"emploi des jeunes\"", "quartier OR santé",
                                         "title:quartiers", "renouvellement urbain" };
    char pa[4096], pb[4096];
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        page_of(a, texts[i], POLIS_SORT_RELEVANCE, 0, 60, pa, sizeof pa);
        page_of(b, texts[i], POLIS_SORT_RELEVANCE, 0, 60, pb, sizeof pb);
        ok(strstr(pa, "total 0") == NULL, "flush: '%s' finds documents", texts[i]);
        int same = strcmp(pa, pb) == 0;
        ok(same, "flush: '%s', the same hits, order and scores", texts[i]);
        if (!same)
            printf("#   flushed: %s\n#   whole:   %s\n", pa, pb);
    }
    polis_index_close(a);
    polis_index_close(b);
}

/* A reader on shards ranks each shard in a thread of its own, on copies of
 * the index it opens itself (shim/spread.cc): the same pages as one
 * database, in every order and at any offset; a reader whose copies would
 * be newer than itself still answers at its own revision, and follows a
 * reopen. */
static void ranked_at_once(const char *dir)
{
    char one[4200], three[4200];
    snprintf(one, sizeof one, "%s/rank-one", dir);
    snprintf(three, sizeof three, "%s/rank-three", dir);
    polis_index_t *w1 = NULL, *w3 = NULL;
    ok(polis_index_create(one, POLIS_CREATE_TRUNCATE, &w1, NULL) == POLIS_OK &&
           polis_index_create_shards(three, 3, POLIS_CREATE_TRUNCATE, &w3, NULL) == POLIS_OK,
       "ranking: one database and 3 shards");
    int put_ok = 1;
    for (int i = 0; i < 60; i++)
        put_ok &= put_varied(w1, i) == POLIS_OK && put_varied(w3, i) == POLIS_OK;
    ok(put_ok && polis_index_commit(w1) == POLIS_OK && polis_index_commit(w3) == POLIS_OK,
       "ranking: the same 60 documents in both");
    polis_index_close(w1);
    polis_index_close(w3);

    polis_index_t *r1 = NULL, *r3 = NULL, *early = NULL;
    ok(polis_index_open(one, &r1, NULL) == POLIS_OK &&
           polis_index_open(three, &r3, NULL) == POLIS_OK &&
           polis_index_open(three, &early, NULL) == POLIS_OK,
       "ranking: both open to read");
    static const struct {
        const char *text;
        polis_sort_t sort;
        unsigned offset, limit;
    } cases[] = {
        { "emploi", POLIS_SORT_RELEVANCE, 0, 10 },
        { "emploi", POLIS_SORT_RELEVANCE, 7, 9 },
        { "quartier emploi", POLIS_SORT_RELEVANCE, 0, 60 },
        { "\"renouvellement urbain\"", POLIS_SORT_RELEVANCE, 0, 5 },
        { "quartier", POLIS_SORT_DATE_DESC, 3, 12 },
        { "quartier", POLIS_SORT_DATE_ASC, 0, 60 },
        { "", POLIS_SORT_RELEVANCE, 10, 25 },
        { "sante OR logement", POLIS_SORT_RELEVANCE, 0, 4 },
        /* offset + limit past UINT_MAX: every hit from the offset on */
        { "emploi", POLIS_SORT_RELEVANCE, 5, UINT_MAX },
        { "emploi", POLIS_SORT_RELEVANCE, 5, UINT_MAX - 2 },
    };
    char a[4096], b[4096];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        page_of(r1, cases[i].text, cases[i].sort, cases[i].offset, cases[i].limit, a, sizeof a);
        page_of(r3, cases[i].text, cases[i].sort, cases[i].offset, cases[i].limit, b, sizeof b);
        char name[200];
        snprintf(name, sizeof name, "ranking: '%s' sort %d from %u: one database's page and scores",
                 cases[i].text, (int)cases[i].sort, cases[i].offset);
        is_str(b, a, name);
    }

    /* An update in place after `early` opened: its first search opens copies
     * at the newer revision, which it must not rank on. */
    char before[4096];
    page_of(r1, "quartier", POLIS_SORT_RELEVANCE, 0, 60, before, sizeof before);
    ok(polis_index_create_shards(three, 0, 0, &w3, NULL) == POLIS_OK, "ranking: a writer in place");
    ok(change(w3), "ranking: 10 added, 1 deleted, committed");
    page_of(early, "quartier", POLIS_SORT_RELEVANCE, 0, 60, b, sizeof b);
    is_str(b, before, "ranking: a reader behind the disk answers at its own revision");
    page_of(r3, "quartier", POLIS_SORT_RELEVANCE, 0, 60, b, sizeof b);
    is_str(b, before, "ranking: so does one whose copies were opened before the update");

    /* The single database the same way: both reopened agree again. */
    ok(polis_index_create(one, 0, &w1, NULL) == POLIS_OK, "ranking: the one database too");
    ok(change(w1), "ranking: the same changes");
    ok(polis_index_reopen(r1) == POLIS_OK && polis_index_reopen(r3) == POLIS_OK &&
           polis_index_reopen(early) == POLIS_OK,
       "ranking: the readers reopen");
    page_of(r1, "quartier", POLIS_SORT_RELEVANCE, 0, 70, a, sizeof a);
    ok(strcmp(a, before) != 0 && strstr(a, "rank-65") && !strstr(a, "rank-02:"),
       "ranking: the new revision holds the changes");
    page_of(r3, "quartier", POLIS_SORT_RELEVANCE, 0, 70, b, sizeof b);
    is_str(b, a, "ranking: after a reopen, the shards' page is one database's again");
    page_of(early, "quartier", POLIS_SORT_RELEVANCE, 0, 70, b, sizeof b);
    is_str(b, a, "ranking: so is the reader that was behind");
    page_of(r1, "emploi", POLIS_SORT_DATE_DESC, 5, 20, a, sizeof a);
    page_of(r3, "emploi", POLIS_SORT_DATE_DESC, 5, 20, b, sizeof b);
    is_str(b, a, "ranking: and by date");
    polis_index_close(r1);
    polis_index_close(r3);
    polis_index_close(early);
}

int main(void)
{
    char dir[] = "/tmp/polis-test-shards-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char a[4200], b[4200], merged[4200], path[4300];
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    snprintf(merged, sizeof merged, "%s/merged", dir);

    /* The hash is part of the format: an update finds a document where a
     * build put it, whichever version wrote either. */
    is_int(polis_index_shard_of("actualites-0-retour-sur-le-pop-dev-eco", 1), 0,
           "one shard: always shard 0");
    unsigned seen[4] = { 0 };
    char id[32];
    for (int i = 0; i < 400; i++) {
        snprintf(id, sizeof id, "doc-%d", i);
        seen[polis_index_shard_of(id, 4)]++;
    }
    ok(seen[0] > 60 && seen[1] > 60 && seen[2] > 60 && seen[3] > 60,
       "400 ids spread over 4 shards (%u %u %u %u)", seen[0], seen[1], seen[2], seen[3]);
    is_int(polis_index_shard_of("doc-1", 4), polis_index_shard_of("doc-1", 4), "stable");

    polis_index_t *w = NULL;
    char *err = NULL;
    ok(polis_index_create_shards(a, 3, 0, &w, &err) == POLIS_OK, "create 3 shards");
    is_int(polis_index_shards(w), 3, "the writer has 3 shards");
    for (int i = 0; i < 30; i++) {
        snprintf(id, sizeof id, "doc-%d", i);
        if (put(w, id, "Emploi dans les quartiers") != POLIS_OK)
            ok(0, "put %s", id);
    }
    ok(polis_index_set_metadata(w, "theme:emploi", "Emploi") == POLIS_OK, "metadata");
    ok(polis_index_commit(w) == POLIS_OK, "commit");
    polis_index_close(w);
    ok(exists(a, "XAPIANDB") && exists(a, "shard-0/iamglass") && exists(a, "shard-2/iamglass"),
       "a directory of 3 glass databases and Xapian's stub");
    char *where = polis_index_shard_path(a, 2, 3);
    snprintf(path, sizeof path, "%s/shard-2", a);
    is_str(where, path, "polis_index_shard_path: shard 2 of 3 is the directory written");
    free(where);
    where = polis_index_shard_path(a, 0, 1);
    is_str(where, a, "  ... and the only shard of a plain index is its root");
    free(where);
    ok(polis_index_shard_path(NULL, 0, 1) == NULL, "  ... NULL for no root");
    unsigned long per[3];
    for (unsigned k = 0; k < 3; k++) {
        snprintf(path, sizeof path, "%s/shard-%u", a, k);
        per[k] = count(path);
    }
    unsigned want[3] = { 0 };
    for (int i = 0; i < 30; i++) {
        snprintf(id, sizeof id, "doc-%d", i);
        want[polis_index_shard_of(id, 3)]++;
    }
    ok(per[0] == want[0] && per[1] == want[1] && per[2] == want[2],
       "each document in the shard its id hashes to (%lu %lu %lu)", per[0], per[1], per[2]);

    polis_index_t *r = NULL;
    ok(polis_index_open(a, &r, &err) == POLIS_OK, "open the sharded index to read");
    is_int(polis_index_shards(r), 3, "the reader sees 3 shards");
    is_int(count(a), 30, "30 documents in all");
    is_int(total(r, "emploi"), 30, "a search covers every shard");
    char *v = NULL;
    ok(polis_index_get_metadata(r, "theme:emploi", &v) == POLIS_OK && v && !strcmp(v, "Emploi"),
       "metadata lives in shard 0 and is read there");
    free(v);
    char *json = NULL;
    ok(polis_index_get_doc(r, "doc-17", &json) == POLIS_OK && json && strstr(json, "doc-17"),
       "a document by id, whatever its shard");
    free(json);
    unsigned long rev0 = 0, rev1 = 0;
    polis_index_revision(r, &rev0);

    /* A writer opened on the layout it finds: replace, delete, add. */
    ok(polis_index_create_shards(a, 0, 0, &w, &err) == POLIS_OK, "reopen the writer (0: as found)");
    is_int(polis_index_shards(w), 3, "... with its 3 shards");
    ok(polis_index_begin(w) == POLIS_OK, "a transaction over the shards");
    ok(put(w, "doc-3", "Santé dans les quartiers") == POLIS_OK, "replace doc-3");
    ok(polis_index_delete(w, "doc-4") == POLIS_OK, "delete doc-4");
    ok(put(w, "doc-30", "Santé et logement") == POLIS_OK, "add doc-30");
    ok(polis_index_commit(w) == POLIS_OK, "commit");
    polis_index_close(w);
    ok(polis_index_reopen(r) == POLIS_OK, "the reader reopens");
    polis_index_revision(r, &rev1);
    ok(rev1 > rev0, "the revision grew (%lu -> %lu)", rev0, rev1);
    is_int(total(r, "sante"), 2, "the replaced and the added document are found");
    is_int(total(r, "title:emploi"), 28,
           "the deleted one is gone, the replaced one no longer matches");
    polis_index_close(r);

    ok(polis_index_create_shards(a, 2, 0, &w, &err) == POLIS_ERR_INVALID_ARG && w == NULL && err &&
           strstr(err, "has 3 shards, not 2"),
       "a writer asking for another shard count: refused, saying so (%s)", err ? err : "");
    free(err);
    err = NULL;
    ok(polis_index_create_shards(a, 0, POLIS_CREATE_TRUNCATE, &w, NULL) == POLIS_ERR_INVALID_ARG,
       "truncate needs a shard count");
    ok(polis_index_create_shards(a, POLIS_MAX_SHARDS + 1, POLIS_CREATE_TRUNCATE, &w, NULL) ==
           POLIS_ERR_INVALID_ARG,
       "at most POLIS_MAX_SHARDS");

    /* Two batches of 3 shards merged shard by shard, then joined; the
     * second is scratch, as a build's batches are (no sync at commit). */
    ok(polis_index_create_shards(b, 3, POLIS_CREATE_TRUNCATE | POLIS_CREATE_NO_SYNC, &w, NULL) ==
           POLIS_OK,
       "batch b, POLIS_CREATE_NO_SYNC");
    for (int i = 100; i < 120; i++) {
        snprintf(id, sizeof id, "doc-%d", i);
        put(w, id, "Renouvellement urbain");
    }
    polis_index_commit(w);
    polis_index_close(w);
    const char *srcs[] = { a, b };
    int merged_ok = 1;
    for (unsigned k = 0; k < 3; k++)
        merged_ok &= polis_index_merge_shard(srcs, 2, k, 3, merged, NULL) == POLIS_OK;
    ok(merged_ok, "each shard merged from both batches");
    ok(!exists(merged, "XAPIANDB"), "no stub until joined: not an index yet");
    ok(polis_index_join_shards(merged, 3, NULL) == POLIS_OK, "joined");
    is_int(count(merged), 30 + 20, "the merged index holds both batches");
    ok(polis_index_open(merged, &r, NULL) == POLIS_OK, "and opens");
    is_int(total(r, "renouvellement"), 20, "searches both");
    polis_index_close(r);
    ok(polis_index_merge_shard(srcs, 2, 3, 3, merged, NULL) == POLIS_ERR_INVALID_ARG,
       "a shard number past the count is refused");

    const char *bad[] = { "tcp://127.0.0.1:1" };
    r = NULL;
    ok(polis_index_open_remote(bad, 1, 500, &r, &err) == POLIS_ERR_UNAVAILABLE && r == NULL && err,
       "a remote shard nobody serves: POLIS_ERR_UNAVAILABLE (%s)", err ? err : "");
    free(err);
    err = NULL;
    const char *junk[] = { "tcp://nowhere" };
    ok(polis_index_open_remote(junk, 1, 500, &r, &err) == POLIS_ERR_INVALID_ARG && err &&
           strstr(err, "tcp://nowhere"),
       "an address without a port: refused, naming it (%s)", err ? err : "");
    free(err);

    ranked_at_once(dir);
    flushed_writes(dir);

    /* More documents than shim/counts.cc reads in one thread. */
    snprintf(path, sizeof path, "%s/common", dir);
    common_terms(path, 21000);

    char cmd[4400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", dir);
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}
