/* doc.c — the document model and its JSON form (jansson; read back by
 * docjson.cc); see polis/doc.h. */
#include "polis/doc.h"

#include "docfields.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = { "unknown", "recap",        "news",
                                          "page",    "bibliography", "reference" };
static const char *const facet_names[] = { "theme", "type", "kind", "year", "place", "author" };

const char *polis_kind_name(polis_kind_t kind)
{
    if ((unsigned)kind >= sizeof kind_names / sizeof kind_names[0])
        return kind_names[0];
    return kind_names[kind];
}

polis_kind_t polis_kind_from_name(const char *name)
{
    for (size_t i = 1; name && i < sizeof kind_names / sizeof kind_names[0]; i++)
        if (strcmp(name, kind_names[i]) == 0)
            return (polis_kind_t)i;
    return POLIS_KIND_UNKNOWN;
}

const char *polis_facet_name(polis_facet_t facet)
{
    return (unsigned)facet < POLIS_FACET_COUNT_ ? facet_names[facet] : NULL;
}

int polis_facet_from_name(const char *name)
{
    for (int i = 0; name && i < POLIS_FACET_COUNT_; i++)
        if (strcmp(name, facet_names[i]) == 0)
            return i;
    return -1;
}

void polis_doc_init(polis_doc_t *doc)
{
    memset(doc, 0, sizeof *doc);
}

void polis_strv_clear(polis_strv_t *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->v[i]);
    free(v->v);
    memset(v, 0, sizeof *v);
}

void polis_doc_clear(polis_doc_t *doc)
{
    char **strs[] = { &doc->id,        &doc->title,     &doc->body,        &doc->summary,
                      &doc->site_type, &doc->publisher, &doc->url,         &doc->parent_id,
                      &doc->citation,  &doc->language,  &doc->source_path, &doc->content_hash,
                      &doc->container, &doc->volume,    &doc->issue,       &doc->pages,
                      &doc->extent,    &doc->doi,       &doc->isbn };
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        free(*strs[i]);
    polis_strv_clear(&doc->themes);
    polis_strv_clear(&doc->keywords);
    polis_strv_clear(&doc->places);
    polis_strv_clear(&doc->authors);
    for (size_t i = 0; i < doc->n_links; i++) {
        free(doc->links[i].text);
        free(doc->links[i].url);
    }
    free(doc->links);
    polis_doc_init(doc);
}

int polis_str_set(char **field, const char *s, size_t len)
{
    char *copy = NULL;
    if (s) {
        if (len == (size_t)-1)
            len = strlen(s);
        copy = malloc(len + 1);
        if (!copy)
            return -1;
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    free(*field);
    *field = copy;
    return 0;
}

int polis_strv_push(polis_strv_t *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->v[i], s) == 0)
            return 0;
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 4;
        char **p = realloc(v->v, cap * sizeof *p);
        if (!p)
            return -1;
        v->v = p;
        v->cap = cap;
    }
    char *copy = strdup(s);
    if (!copy)
        return -1;
    v->v[v->n++] = copy;
    return 0;
}

int polis_doc_add_link(polis_doc_t *doc, const char *text, const char *url)
{
    if (doc->n_links == doc->cap_links) {
        size_t cap = doc->cap_links ? doc->cap_links * 2 : 4;
        polis_link_t *p = realloc(doc->links, cap * sizeof *p);
        if (!p)
            return -1;
        doc->links = p;
        doc->cap_links = cap;
    }
    polis_link_t *l = &doc->links[doc->n_links];
    l->text = strdup(text ? text : "");
    l->url = strdup(url ? url : "");
    if (!l->text || !l->url) {
        free(l->text);
        free(l->url);
        return -1;
    }
    doc->n_links++;
    return 0;
}

int polis_doc_facet_values(const polis_doc_t *doc, polis_facet_t facet, polis_strv_t *out)
{
    const polis_strv_t *src = NULL;
    char year[5];
    switch (facet) {
    case POLIS_FACET_THEME: src = &doc->themes; break;
    case POLIS_FACET_PLACE: src = &doc->places; break;
    case POLIS_FACET_AUTHOR:
        /* "DUPONT Marie" and "Dupont, Marie" are one author to filter on. */
        for (size_t i = 0; i < doc->authors.n; i++) {
            char *name = polis_author_normalise(doc->authors.v[i]);
            int rc = name != NULL && *name ? polis_strv_push(out, name) : name != NULL ? 0 : -1;
            free(name);
            if (rc != 0)
                return -1;
        }
        return 0;
    case POLIS_FACET_TYPE:
        return doc->site_type && *doc->site_type ? polis_strv_push(out, doc->site_type) : 0;
    case POLIS_FACET_KIND: return doc->kind ? polis_strv_push(out, polis_kind_name(doc->kind)) : 0;
    case POLIS_FACET_YEAR:
        if (strlen(doc->published) < 4)
            return 0;
        memcpy(year, doc->published, 4);
        year[4] = '\0';
        return polis_strv_push(out, year);
    default: return 0;
    }
    for (size_t i = 0; i < src->n; i++)
        if (polis_strv_push(out, src->v[i]) != 0)
            return -1;
    return 0;
}

/* ---- JSON --------------------------------------------------------------- */

/* The fields by JSON key (docfields.h): offsets keep the writer here and
 * the reader (docjson.cc) to one table. */
#define PTR_FIELD(name)                                                                            \
    {                                                                                              \
#name, offsetof(polis_doc_t, name), 0                                                      \
    }
#define ARR_FIELD(name)                                                                            \
    {                                                                                              \
#name, offsetof(polis_doc_t, name), 1                                                      \
    }
const shim_doc_str_field_t shim_doc_str_fields[] = {
    PTR_FIELD(id),        PTR_FIELD(title),       PTR_FIELD(body),         PTR_FIELD(summary),
    PTR_FIELD(site_type), ARR_FIELD(published),   ARR_FIELD(event_date),   ARR_FIELD(modified),
    PTR_FIELD(publisher), PTR_FIELD(url),         PTR_FIELD(parent_id),    PTR_FIELD(citation),
    PTR_FIELD(language),  PTR_FIELD(source_path), PTR_FIELD(content_hash), PTR_FIELD(container),
    PTR_FIELD(volume),    PTR_FIELD(issue),       PTR_FIELD(pages),        PTR_FIELD(extent),
    PTR_FIELD(doi),       PTR_FIELD(isbn),
};

#define STRV_FIELD(name)                                                                           \
    {                                                                                              \
#name, offsetof(polis_doc_t, name)                                                         \
    }
const shim_doc_strv_field_t shim_doc_strv_fields[] = {
    STRV_FIELD(themes),
    STRV_FIELD(keywords),
    STRV_FIELD(places),
    STRV_FIELD(authors),
};
const size_t shim_doc_n_str_fields = sizeof shim_doc_str_fields / sizeof shim_doc_str_fields[0];
const size_t shim_doc_n_strv_fields = sizeof shim_doc_strv_fields / sizeof shim_doc_strv_fields[0];

static const char *field_str(const polis_doc_t *doc, const shim_doc_str_field_t *f)
{
    const char *base = (const char *)doc + f->off;
    return f->inline_array ? base : *(char *const *)base;
}

/* Add s under key when non-empty; jansson copies it.  0 or -1. */
static int put_str(json_t *obj, const char *key, const char *s)
{
    if (!s || !*s)
        return 0;
    return json_object_set_new(obj, key, json_string(s));
}

char *polis_doc_to_json(const polis_doc_t *doc)
{
    json_t *o = json_object();
    int rc = o ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < shim_doc_n_str_fields; i++)
        rc = put_str(o, shim_doc_str_fields[i].key, field_str(doc, &shim_doc_str_fields[i]));
    if (rc == 0 && doc->kind)
        rc = json_object_set_new(o, "kind", json_string(polis_kind_name(doc->kind)));
    if (rc == 0 && doc->position)
        rc = json_object_set_new(o, "position", json_integer((json_int_t)doc->position));
    for (size_t i = 0; rc == 0 && i < shim_doc_n_strv_fields; i++) {
        const polis_strv_t *v = (const polis_strv_t *)((const char *)doc + shim_doc_strv_fields[i].off);
        if (!v->n)
            continue;
        json_t *a = json_array();
        for (size_t k = 0; a && rc == 0 && k < v->n; k++)
            rc = json_array_append_new(a, json_string(v->v[k]));
        rc = rc == 0 && a ? json_object_set_new(o, shim_doc_strv_fields[i].key, a) : (json_decref(a), -1);
    }
    if (rc == 0 && doc->n_links) {
        json_t *a = json_array();
        for (size_t k = 0; a && rc == 0 && k < doc->n_links; k++)
            rc = json_array_append_new(
                a, json_pack("{s:s, s:s}", "text", doc->links[k].text, "url", doc->links[k].url));
        rc = rc == 0 && a ? json_object_set_new(o, "links", a) : (json_decref(a), -1);
    }
    char *out = rc == 0 ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    return out;
}
