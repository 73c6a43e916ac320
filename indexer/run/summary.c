/* indexer/summary.c — the run's account of every file.  See summary.h. */
#include "run/summary.h"

#include <stdlib.h>
#include <string.h>

/* Items shown by name in the text summary before "…". */
#define SHOWN 5

void ix_summary_init(ix_summary_t *s)
{
    memset(s, 0, sizeof *s);
    pthread_mutex_init(&s->mu, NULL);
}

void ix_summary_free(ix_summary_t *s)
{
    for (size_t i = 0; i < s->n_same; i++) {
        free(s->same[i].id);
        free(s->same[i].kept);
        free(s->same[i].dropped);
    }
    for (size_t i = 0; i < s->n_apart; i++) {
        free(s->apart[i].id);
        free(s->apart[i].moved);
        free(s->apart[i].file);
        free(s->apart[i].holder);
    }
    free(s->same);
    free(s->apart);
    pthread_mutex_destroy(&s->mu);
    memset(s, 0, sizeof *s);
}

void ix_summary_skip(ix_summary_t *s, ix_skip_t reason)
{
    pthread_mutex_lock(&s->mu);
    if (reason < IX_SKIP_COUNT_)
        s->skipped[reason]++;
    pthread_mutex_unlock(&s->mu);
}

/* Room for one more item in *v (n, cap); 0 or -1. */
static int room(void **v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    if (n >= IX_SUMMARY_EVENTS)
        return -1;
    size_t ncap = *cap ? 2 * *cap : 16;
    void *p = realloc(*v, ncap * size);
    if (!p)
        return -1;
    *v = p;
    *cap = ncap;
    return 0;
}

void ix_summary_same(ix_summary_t *s, const char *id, const char *kept, const char *dropped)
{
    pthread_mutex_lock(&s->mu);
    s->same_total++;
    if (room((void **)&s->same, &s->cap_same, s->n_same, sizeof *s->same) == 0) {
        ix_same_t e = { strdup(id), strdup(kept), strdup(dropped) };
        if (e.id && e.kept && e.dropped)
            s->same[s->n_same++] = e;
        else
            free(e.id), free(e.kept), free(e.dropped);
    }
    pthread_mutex_unlock(&s->mu);
}

void ix_summary_apart(ix_summary_t *s, const char *id, const char *moved, const char *file,
                      const char *holder)
{
    pthread_mutex_lock(&s->mu);
    s->apart_total++;
    if (room((void **)&s->apart, &s->cap_apart, s->n_apart, sizeof *s->apart) == 0) {
        ix_apart_t e = { strdup(id), strdup(moved), strdup(file), strdup(holder) };
        if (e.id && e.moved && e.file && e.holder)
            s->apart[s->n_apart++] = e;
        else
            free(e.id), free(e.moved), free(e.file), free(e.holder);
    }
    pthread_mutex_unlock(&s->mu);
}

polis_status_t ix_summary_count(ix_summary_t *s, polis_index_t *idx)
{
    polis_result_t *r = NULL;
    unsigned long n = 0;
    polis_status_t st = polis_index_doc_count(idx, &n);
    if (st == POLIS_OK)
        st = polis_index_facet_values(idx, POLIS_FACET_KIND, NULL, 0, &r);
    s->documents = n;
    memset(s->kinds, 0, sizeof s->kinds);
    for (size_t i = 0; st == POLIS_OK && i < polis_result_facet_size(r, POLIS_FACET_KIND); i++) {
        const char *v;
        unsigned long c;
        polis_result_facet_value(r, POLIS_FACET_KIND, i, &v, &c);
        polis_kind_t k = polis_kind_from_name(v);
        if (k <= POLIS_KIND_REFERENCE)
            s->kinds[k] += c;
    }
    polis_result_free(r);
    return st;
}

static unsigned long skipped_files(const ix_summary_t *s)
{
    unsigned long n = 0;
    for (int r = 1; r < IX_SKIP_COUNT_; r++)
        n += s->skipped[r];
    return n;
}

/* The kinds by count, most first, as "news 28, reference 15". */
static void print_kinds(const ix_summary_t *s, FILE *f)
{
    int done[POLIS_KIND_REFERENCE + 1] = { 0 };
    const char *sep = "";
    for (;;) {
        int best = -1;
        for (int k = 0; k <= POLIS_KIND_REFERENCE; k++)
            if (!done[k] && s->kinds[k] && (best < 0 || s->kinds[k] > s->kinds[best]))
                best = k;
        if (best < 0)
            break;
        done[best] = 1;
        fprintf(f, "%s%s %lu", sep, polis_kind_name((polis_kind_t)best), s->kinds[best]);
        sep = ", ";
    }
}

void ix_summary_print(const ix_summary_t *s, FILE *f)
{
    fprintf(f, "%lu files → %lu documents", s->files, s->documents);
    if (s->documents) {
        fprintf(f, " (");
        print_kinds(s, f);
        fprintf(f, ")");
    }
    if (s->set_aside)
        fprintf(f, "; %lu set aside (README, tables, hidden)", s->set_aside);
    fprintf(f, "; %lu skipped", skipped_files(s));
    const char *sep = " (";
    for (int r = 1; r < IX_SKIP_COUNT_; r++)
        if (s->skipped[r]) {
            fprintf(f, "%s%s: %lu", sep, ix_skip_name((ix_skip_t)r), s->skipped[r]);
            sep = ", ";
        }
    fprintf(f, "%s\n", *sep == ',' ? ")" : "");
    if (s->same_total) {
        fprintf(f, "%lu same source%s in several files, the newer kept:", s->same_total,
                s->same_total == 1 ? "" : "s");
        for (size_t i = 0; i < s->n_same && i < SHOWN; i++)
            fprintf(f, "%s %s over %s", i ? ";" : "", s->same[i].kept, s->same[i].dropped);
        fprintf(f, "%s\n", s->same_total > SHOWN ? "; …" : "");
    }
    if (s->apart_total) {
        fprintf(f, "%lu id%s shared by different sources, kept apart:", s->apart_total,
                s->apart_total == 1 ? "" : "s");
        for (size_t i = 0; i < s->n_apart && i < SHOWN; i++)
            fprintf(f, "%s %s (%s) → %s (%s)", i ? ";" : "", s->apart[i].id, s->apart[i].holder,
                    s->apart[i].moved, s->apart[i].file);
        fprintf(f, "%s\n", s->apart_total > SHOWN ? "; …" : "");
    }
    ix_label_t *v = NULL;
    size_t n = s->labels ? ix_labels_list(s->labels, &v) : 0, unknown = 0;
    if (n == (size_t)-1)
        n = 0;
    for (size_t i = 0; i < n; i++)
        unknown += !v[i].known;
    if (unknown) {
        fprintf(f, "%zu theme label%s not in themes.tsv, made themes as written:", unknown,
                unknown == 1 ? "" : "s");
        for (size_t i = 0, shown = 0; i < n && shown < SHOWN; i++)
            if (!v[i].known)
                fprintf(f, "%s %s (%lu)", shown++ ? "," : "", v[i].label, v[i].docs);
        fprintf(f, "%s\n", unknown > SHOWN ? ", …" : "");
    }
    free(v);
}

int ix_summary_json(const ix_summary_t *s, json_t *obj)
{
    json_t *kinds = json_object(), *skipped = json_object(), *same = json_array();
    json_t *apart = json_array(), *labels = json_array();
    int rc = kinds && skipped && same && apart && labels ? 0 : -1;
    for (int k = 1; rc == 0 && k <= POLIS_KIND_REFERENCE; k++)
        rc = json_object_set_new(kinds, polis_kind_name((polis_kind_t)k),
                                 json_integer((json_int_t)s->kinds[k]));
    for (int r = 1; rc == 0 && r < IX_SKIP_COUNT_; r++)
        if (s->skipped[r])
            rc = json_object_set_new(skipped, ix_skip_name((ix_skip_t)r),
                                     json_integer((json_int_t)s->skipped[r]));
    for (size_t i = 0; rc == 0 && i < s->n_same; i++)
        rc = json_array_append_new(same, json_pack("{s:s,s:s,s:s}", "id", s->same[i].id, "kept",
                                                   s->same[i].kept, "dropped", s->same[i].dropped));
    for (size_t i = 0; rc == 0 && i < s->n_apart; i++)
        rc = json_array_append_new(apart, json_pack("{s:s,s:s,s:s,s:s}", "id", s->apart[i].id,
                                                    "holder", s->apart[i].holder, "moved",
                                                    s->apart[i].moved, "file", s->apart[i].file));
    ix_label_t *v = NULL;
    size_t n = s->labels ? ix_labels_list(s->labels, &v) : 0;
    if (n == (size_t)-1)
        rc = -1, n = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (!v[i].known)
            rc = json_array_append_new(labels,
                                       json_pack("{s:s,s:s,s:I}", "label", v[i].label, "id",
                                                 v[i].id, "documents", (json_int_t)v[i].docs));
    free(v);
    if (rc == 0)
        rc =
            json_object_set_new(obj, "files", json_integer((json_int_t)s->files)) |
            json_object_set_new(obj, "set_aside", json_integer((json_int_t)s->set_aside)) |
            json_object_set_new(obj, "documents", json_integer((json_int_t)s->documents)) |
            json_object_set_new(obj, "skipped_files", json_integer((json_int_t)skipped_files(s))) |
            json_object_set_new(obj, "same_source_total", json_integer((json_int_t)s->same_total)) |
            json_object_set_new(obj, "apart_total", json_integer((json_int_t)s->apart_total));
    if (rc == 0)
        return json_object_set_new(obj, "kinds", kinds) |
               json_object_set_new(obj, "skipped", skipped) |
               json_object_set_new(obj, "same_source", same) |
               json_object_set_new(obj, "apart", apart) |
               json_object_set_new(obj, "unknown_theme_labels", labels);
    json_decref(kinds);
    json_decref(skipped);
    json_decref(same);
    json_decref(apart);
    json_decref(labels);
    return -1;
}
