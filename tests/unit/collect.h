/* collect.h — a sink that keeps copies of what parsers emit, for the unit
 * programs.  Copies go through the JSON form, which carries every field. */
#ifndef POLIS_TEST_COLLECT_H
#define POLIS_TEST_COLLECT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polis/doc.h"
#include "polis/text.h"
#include "../../indexer/vocab/labels.h"
#include "../../indexer/parse/sink.h"
#include "../../indexer/vocab/themes.h"

typedef struct {
    ix_sink_t sink;
    polis_doc_t *docs;
    size_t n, cap;
    polis_strv_t removed;
    polis_strv_t warnings;
    char *json_all; /* every emitted document's JSON, concatenated */
    size_t json_len;
    int stop_after; /* return -1 from emit once this many were taken (0: never) */
} collect_t;

static inline int collect_emit(ix_sink_t *s, const polis_doc_t *doc)
{
    collect_t *c = s->ctx;
    if (c->stop_after && c->n >= (size_t)c->stop_after)
        return -1;
    char *json = polis_doc_to_json(doc);
    if (!json)
        return -1;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        polis_doc_t *d = realloc(c->docs, cap * sizeof *d);
        if (!d) {
            free(json);
            return -1;
        }
        c->docs = d, c->cap = cap;
    }
    polis_doc_init(&c->docs[c->n]);
    int rc = polis_doc_from_json(&c->docs[c->n], json, strlen(json));
    size_t jl = strlen(json);
    char *all = realloc(c->json_all, c->json_len + jl + 2);
    if (all) {
        memcpy(all + c->json_len, json, jl);
        all[c->json_len + jl] = '\n';
        all[c->json_len + jl + 1] = '\0';
        c->json_all = all, c->json_len += jl + 1;
    }
    free(json);
    if (rc != 0)
        return -1;
    c->n++;
    return 0;
}

static inline int collect_remove(ix_sink_t *s, const char *id)
{
    collect_t *c = s->ctx;
    return polis_strv_push(&c->removed, id);
}

static inline void collect_warn(ix_sink_t *s, const char *path, const char *msg)
{
    collect_t *c = s->ctx;
    char line[1024];
    snprintf(line, sizeof line, "%s: %s", path ? path : "", msg);
    polis_strv_push(&c->warnings, line);
}

static inline void collect_init(collect_t *c)
{
    memset(c, 0, sizeof *c);
    c->sink.emit = collect_emit;
    c->sink.remove = collect_remove;
    c->sink.warn = collect_warn;
    c->sink.ctx = c;
}

static inline void collect_free(collect_t *c)
{
    for (size_t i = 0; i < c->n; i++)
        polis_doc_clear(&c->docs[i]);
    free(c->docs);
    polis_strv_clear(&c->removed);
    polis_strv_clear(&c->warnings);
    free(c->json_all);
    memset(c, 0, sizeof *c);
}

/* The collected document with this id, or NULL. */
static inline const polis_doc_t *collect_find(const collect_t *c, const char *id)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->docs[i].id && strcmp(c->docs[i].id, id) == 0)
            return &c->docs[i];
    return NULL;
}

/* Non-zero when v holds s. */
static inline int strv_has(const polis_strv_t *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->v[i], s) == 0)
            return 1;
    return 0;
}

/* Read a whole file; NULL when it cannot.  *len gets its size. */
static inline char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 65536;
            char *b = realloc(buf, cap);
            if (!b) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = b;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* A file of corpus/ (or of $POLIS_CORPUS), read whole; NULL when missing. */
static inline char *corpus_file(const char *rel, size_t *len)
{
    const char *root = getenv("POLIS_CORPUS");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", root && *root ? root : "corpus", rel);
    return slurp(path, len);
}

/* The theme table of corpus/, or NULL (then every subject is a keyword). */
/* Map the theme labels of every collected document to theme ids, as the
 * indexer does (labels.h). */
static inline void collect_resolve(collect_t *c, const ix_themes_t *themes)
{
    ix_labels_t *l = ix_labels_new(themes);
    for (size_t i = 0; l && i < c->n; i++) {
        polis_strv_t ids = { 0 };
        if (ix_labels_resolve(l, &c->docs[i].themes, i, &ids) == 0) {
            polis_strv_clear(&c->docs[i].themes);
            c->docs[i].themes = ids;
        } else {
            polis_strv_clear(&ids);
        }
    }
    ix_labels_free(l);
}

static inline ix_themes_t *corpus_themes(void)
{
    const char *root = getenv("POLIS_CORPUS");
    char path[1024], err[256];
    ix_themes_t *t = NULL;
    snprintf(path, sizeof path, "%s/themes.tsv", root && *root ? root : "corpus");
    if (ix_themes_load(path, &t, err, sizeof err) != 0)
        printf("# themes: %s\n", err);
    return t;
}

#endif
