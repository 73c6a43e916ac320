/* indexer/labels.c — theme labels to theme ids, counted.  See labels.h. */
#include "vocab/labels.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "polis/text.h"

/* A label as written, and what it became. */
typedef struct {
    char *label; /* NULL: empty slot */
    char *id;    /* points into the table when known, else owned */
    unsigned long docs;
    size_t first; /* rank of the first file that wrote it */
    int known;
} entry_t;

struct ix_labels {
    const ix_themes_t *table;
    pthread_mutex_t mu;
    entry_t *v; /* open addressing, by label */
    size_t n, cap;
};

static size_t hash(const char *s)
{
    return (size_t)polis_text_hash64(s, strlen(s));
}

ix_labels_t *ix_labels_new(const ix_themes_t *table)
{
    ix_labels_t *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->table = table;
    pthread_mutex_init(&l->mu, NULL);
    return l;
}

void ix_labels_free(ix_labels_t *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->cap; i++) {
        free(l->v[i].label);
        if (!l->v[i].known)
            free(l->v[i].id);
    }
    free(l->v);
    pthread_mutex_destroy(&l->mu);
    free(l);
}

static entry_t *slot(entry_t *v, size_t cap, const char *label)
{
    size_t i = hash(label) & (cap - 1);
    while (v[i].label && strcmp(v[i].label, label) != 0)
        i = (i + 1) & (cap - 1);
    return &v[i];
}

/* The entry of label, created (id from the table or the slug) when new;
 * NULL when out of memory or when the label slugs to nothing (*skip).
 * Called with the lock held. */
static entry_t *find(ix_labels_t *l, const char *label, size_t rank, int *skip)
{
    *skip = 0;
    if (2 * (l->n + 1) > l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        entry_t *v = calloc(cap, sizeof *v);
        if (!v)
            return NULL;
        for (size_t i = 0; i < l->cap; i++)
            if (l->v[i].label)
                *slot(v, cap, l->v[i].label) = l->v[i];
        free(l->v);
        l->v = v;
        l->cap = cap;
    }
    entry_t *e = slot(l->v, l->cap, label);
    if (e->label) {
        if (rank < e->first)
            e->first = rank;
        return e;
    }
    const char *known = ix_themes_lookup(l->table, label);
    char *id = NULL;
    if (!known) {
        polis_buf_t b = { 0 };
        if (polis_text_slug(label, strlen(label), &b) != 0) {
            polis_buf_free(&b);
            return NULL;
        }
        if (b.len == 0) {
            polis_buf_free(&b);
            *skip = 1;
            return NULL;
        }
        id = b.data;
    }
    e->label = strdup(label);
    if (!e->label) {
        free(id);
        return NULL;
    }
    e->id = known ? (char *)known : id;
    e->known = known != NULL;
    e->docs = 0;
    e->first = rank;
    l->n++;
    return e;
}

int ix_labels_resolve(ix_labels_t *l, const polis_strv_t *in, size_t rank, polis_strv_t *ids)
{
    int rc = 0;
    pthread_mutex_lock(&l->mu);
    for (size_t i = 0; rc == 0 && i < in->n; i++) {
        int skip;
        entry_t *e = find(l, in->v[i], rank, &skip);
        if (!e) {
            rc = skip ? 0 : -1;
            continue;
        }
        e->docs++;
        rc = polis_strv_push(ids, e->id);
    }
    pthread_mutex_unlock(&l->mu);
    return rc;
}

static int by_use(const void *a, const void *b)
{
    const ix_label_t *x = a, *y = b;
    if (x->docs != y->docs)
        return x->docs > y->docs ? -1 : 1;
    return strcmp(x->label, y->label);
}

/* By id, then the spelling a new theme is shown with first. */
static int by_id(const void *a, const void *b)
{
    const ix_label_t *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    if (c)
        return c;
    if (x->docs != y->docs)
        return x->docs > y->docs ? -1 : 1;
    return x->first < y->first ? -1 : x->first > y->first;
}

size_t ix_labels_list(const ix_labels_t *l, ix_label_t **out)
{
    *out = malloc((l->n ? l->n : 1) * sizeof **out);
    if (!*out)
        return (size_t)-1;
    size_t n = 0;
    for (size_t i = 0; i < l->cap; i++) {
        const entry_t *e = &l->v[i];
        if (e->label)
            (*out)[n++] = (ix_label_t){ e->label, e->id, NULL, e->docs, e->first, e->known };
    }
    qsort(*out, n, sizeof **out, by_id);
    for (size_t i = 0; i < n; i++) {
        ix_label_t *x = &(*out)[i];
        int first = i == 0 || strcmp(x->id, (*out)[i - 1].id) != 0;
        x->display = x->known ? ix_themes_label(l->table, x->id)
                     : first  ? x->label
                              : (*out)[i - 1].display;
    }
    qsort(*out, n, sizeof **out, by_use);
    return n;
}

size_t ix_labels_unknown(const ix_labels_t *l)
{
    size_t n = 0;
    for (size_t i = 0; i < l->cap; i++)
        n += l->v[i].label && !l->v[i].known;
    return n;
}

polis_status_t ix_labels_store(const ix_labels_t *l, polis_index_t *idx)
{
    ix_label_t *v = NULL;
    size_t n = ix_labels_list(l, &v);
    if (n == (size_t)-1)
        return POLIS_ERR_NOMEM;
    polis_buf_t key = { 0 }, slug = { 0 };
    polis_status_t st = POLIS_OK;
    for (size_t i = 0; st == POLIS_OK && i < n; i++) {
        if (v[i].known)
            continue;
        key.len = slug.len = 0;
        if (polis_text_slug(v[i].label, strlen(v[i].label), &slug) != 0 ||
            polis_buf_printf(&key, "themekey:%s", slug.data ? slug.data : "") != 0) {
            st = POLIS_ERR_NOMEM;
            break;
        }
        st = polis_index_set_metadata(idx, key.data, v[i].id);
        if (st == POLIS_OK && v[i].display == v[i].label) {
            key.len = 0;
            st = polis_buf_printf(&key, "theme:%s", v[i].id) != 0
                     ? POLIS_ERR_NOMEM
                     : polis_index_set_metadata(idx, key.data, v[i].label);
        }
    }
    free(v);
    polis_buf_free(&key);
    polis_buf_free(&slug);
    return st;
}
