/* indexfix.h — documents, indexes and searches the index unit programs
 * (test_index.c, test_spelling.c) share. */
#ifndef POLIS_TEST_INDEXFIX_H
#define POLIS_TEST_INDEXFIX_H

#include <stdio.h>
#include <stdlib.h>

#include "polis/index.h"
#include "tap.h"

static inline void make_doc(polis_doc_t *d, const char *id, polis_kind_t kind, const char *title,
                     const char *body, const char *published, const char *theme1,
                     const char *theme2)
{
    polis_doc_init(d);
    polis_str_set(&d->id, id, (size_t)-1);
    polis_str_set(&d->title, title, (size_t)-1);
    polis_str_set(&d->body, body, (size_t)-1);
    polis_str_set(&d->site_type, "Actu de l'IREV", (size_t)-1);
    d->kind = kind;
    snprintf(d->published, sizeof d->published, "%s", published);
    if (theme1)
        polis_strv_push(&d->themes, theme1);
    if (theme2)
        polis_strv_push(&d->themes, theme2);
}

static inline polis_result_t *search(polis_index_t *idx, const char *text, const char *theme)
{
    polis_query_t *q = polis_query_new();
    polis_query_set_text(q, text);
    if (theme)
        polis_query_add_filter(q, POLIS_FACET_THEME, theme);
    polis_query_count_facet(q, POLIS_FACET_THEME, 0);
    polis_query_count_facet(q, POLIS_FACET_YEAR, 0);
    polis_result_t *r = NULL;
    polis_status_t st = polis_index_search(idx, q, &r);
    polis_query_free(q);
    if (st != POLIS_OK) {
        printf("# search '%s': %s: %s\n", text, polis_status_str(st), polis_index_last_error(idx));
        return NULL;
    }
    return r;
}

/* The whole of a file, malloc()ed, or NULL. */
/* A new index named name in dir, its path in path: the writer, or NULL. */
static inline polis_index_t *create_in(const char *dir, const char *name, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", dir, name);
    polis_index_t *w = NULL;
    char *err = NULL;
    ok(polis_index_create(path, POLIS_CREATE_TRUNCATE, &w, &err) == POLIS_OK, "%s: create (%s)",
       name, err ? err : "");
    free(err);
    return w;
}

#endif
