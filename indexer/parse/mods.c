/* mods.c — MODS collections streamed with xmlReader; see mods.h. */
#include "parse/mods.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/fields.h"
#include "xml/xmlsafe.h"

typedef struct {
    const char *relpath;
    ix_sink_t *sink;
    char *err;
    size_t errlen;
    size_t n; /* records seen */
} mods_t;

/* What a record gathers before the document is finished. */
typedef struct {
    polis_strv_t ids, types;
    polis_buf_t abstract;
    char *record_id;
    char *journal;        /* relatedItem[@type=host]'s title */
    char *series;         /* relatedItem[@type=series]'s title */
    char *host_publisher; /* relatedItem[@type=host]/originInfo/publisher */
    int has_publisher_info;
} acc_t;

static char *text_of(const xmlNode *n)
{
    return n ? ix_xmlsafe_node_strdup(n) : NULL;
}

static int title_info(polis_doc_t *doc, const xmlNode *ti)
{
    char *non_sort = text_of(ix_xmlsafe_child(ti, "nonSort"));
    char *title = text_of(ix_xmlsafe_child(ti, "title"));
    char *sub = text_of(ix_xmlsafe_child(ti, "subTitle"));
    polis_buf_t b = { 0 };
    int rc = 0;
    if (non_sort && *non_sort) {
        size_t n = strlen(non_sort);
        /* "La " arrives trimmed as "La"; "L'" must stay glued to the title. */
        rc = polis_buf_printf(&b, "%s%s", non_sort,
                              non_sort[n - 1] == '\'' || strstr(non_sort, "\xE2\x80\x99") ? ""
                                                                                          : " ");
    }
    if (rc == 0 && title)
        rc = polis_buf_puts(&b, title);
    if (rc == 0 && sub && *sub)
        rc = polis_buf_printf(&b, " : %s", sub);
    if (rc == 0 && b.len)
        rc = ix_xmlsafe_set(&doc->title, b.data, b.len);
    polis_buf_free(&b);
    free(non_sort);
    free(title);
    free(sub);
    return rc;
}

static int name_of(polis_doc_t *doc, const xmlNode *name)
{
    polis_buf_t family = { 0 }, given = { 0 }, plain = { 0 };
    int rc = 0;
    for (const xmlNode *p = name->children; rc == 0 && p; p = p->next) {
        if (!ix_xmlsafe_is(p, "namePart"))
            continue;
        char *type = ix_xmlsafe_attr(p, "type");
        char *t = text_of(p);
        if (!t) {
            rc = -1;
        } else if (!*t ||
                   (type && (strcmp(type, "date") == 0 || strcmp(type, "termsOfAddress") == 0))) {
            /* dates and titles of address are not part of the name */
        } else if (type && strcmp(type, "family") == 0) {
            rc = polis_buf_printf(&family, "%s%s", family.len ? " " : "", t);
        } else if (type && strcmp(type, "given") == 0) {
            rc = polis_buf_printf(&given, "%s%s", given.len ? " " : "", t);
        } else {
            rc = polis_buf_printf(&plain, "%s%s", plain.len ? ", " : "", t);
        }
        free(type);
        free(t);
    }
    polis_buf_t full = { 0 };
    if (rc == 0 && family.len)
        rc = polis_buf_printf(&full, "%s%s%s", family.data, given.len ? ", " : "",
                              given.len ? given.data : "");
    else if (rc == 0 && given.len)
        rc = polis_buf_puts(&full, given.data);
    else if (rc == 0 && plain.len)
        rc = polis_buf_puts(&full, plain.data);
    if (rc == 0 && full.len)
        rc = ix_xmlsafe_push(&doc->authors, full.data, full.len);
    polis_buf_free(&family);
    polis_buf_free(&given);
    polis_buf_free(&plain);
    polis_buf_free(&full);
    return rc;
}

static int origin_info(polis_doc_t *doc, const xmlNode *oi, acc_t *acc)
{
    static const char *const dates[] = { "dateIssued", "dateCreated", "copyrightDate", NULL };
    int rc = 0;
    for (const xmlNode *c = oi->children; rc == 0 && c; c = c->next) {
        if (ix_xmlsafe_is(c, "publisher") && !doc->publisher) {
            char *t = text_of(c);
            rc = t ? ix_xmlsafe_set(&doc->publisher, t, (size_t)-1) : -1;
            acc->has_publisher_info = 1;
            free(t);
        }
        for (size_t i = 0; rc == 0 && dates[i]; i++)
            if (ix_xmlsafe_is(c, dates[i])) {
                char *t = text_of(c);
                if (!t)
                    rc = -1;
                else
                    (void)ix_fields_set_date(doc, t); /* no date is no error */
                free(t);
            }
    }
    return rc;
}

static int subject(polis_doc_t *doc, const xmlNode *s)
{
    int rc = 0;
    for (const xmlNode *c = s->children; rc == 0 && c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        int topic = ix_xmlsafe_is(c, "topic"), geo = ix_xmlsafe_is(c, "geographic");
        if (!topic && !geo)
            continue;
        char *t = text_of(c);
        if (!t)
            rc = -1;
        else if (topic) {
            char *lang = ix_xmlsafe_attr(s, "lang");
            if (!lang)
                lang = ix_xmlsafe_attr(c, "lang");
            rc = ix_fields_add_subject(doc, t, lang);
            free(lang);
        } else
            rc = ix_xmlsafe_push(&doc->places, t, (size_t)-1);
        free(t);
    }
    return rc;
}

static int identifier(acc_t *acc, const xmlNode *id)
{
    char *type = ix_xmlsafe_attr(id, "type");
    char *t = text_of(id);
    int rc = t ? 0 : -1;
    if (t && *t) {
        polis_buf_t b = { 0 };
        /* Give the value the prefix the DOI and ISBN finders look for. */
        if (type && strcasecmp(type, "isbn") == 0)
            rc = polis_buf_printf(&b, "ISBN %s", t);
        else
            rc = polis_buf_puts(&b, t);
        if (rc == 0)
            rc = polis_strv_push(&acc->ids, b.data);
        polis_buf_free(&b);
    }
    free(type);
    free(t);
    return rc;
}

/* A titleInfo's title and subtitle, "Title : subtitle" (malloc()ed), or NULL
 * with *rc -1 when out of memory. */
static char *title_text(const xmlNode *ti, int *rc)
{
    char *title = text_of(ix_xmlsafe_child(ti, "title"));
    char *sub = text_of(ix_xmlsafe_child(ti, "subTitle"));
    char *out = NULL;
    if (title && sub && *sub) {
        if (asprintf(&out, "%s : %s", title, sub) < 0)
            out = NULL;
    } else if (title) {
        out = strdup(title);
    }
    if (!out && ix_xmlsafe_child(ti, "title"))
        *rc = -1;
    free(title);
    free(sub);
    return out;
}

/* <part>: <detail type="volume|issue|number"><number>, <extent
 * unit="pages"><start>/<end> (or <total>), <date>. */
static int part_of(polis_doc_t *doc, const xmlNode *part)
{
    int rc = 0;
    for (const xmlNode *c = part->children; rc == 0 && c; c = c->next) {
        char *type = ix_xmlsafe_attr(c, ix_xmlsafe_is(c, "extent") ? "unit" : "type");
        if (ix_xmlsafe_is(c, "detail") && type) {
            char *num = text_of(ix_xmlsafe_child(c, "number"));
            char **field = strcmp(type, "volume") == 0 ? &doc->volume
                           : strcmp(type, "issue") == 0 || strcmp(type, "number") == 0 ? &doc->issue
                                                                                       : NULL;
            if (num && *num && field && !*field)
                rc = ix_xmlsafe_set(field, num, (size_t)-1);
            free(num);
        } else if (ix_xmlsafe_is(c, "extent") && (!type || strncmp(type, "page", 4) == 0)) {
            char *start = text_of(ix_xmlsafe_child(c, "start"));
            char *end = text_of(ix_xmlsafe_child(c, "end"));
            char *list = text_of(ix_xmlsafe_child(c, "list"));
            polis_buf_t b = { 0 };
            if (start && *start)
                rc = polis_buf_printf(&b, "%s%s%s", start, end && *end ? "-" : "",
                                      end && *end ? end : "");
            else if (list && *list)
                rc = polis_buf_puts(&b, list);
            if (rc == 0 && b.len && !doc->pages)
                rc = ix_xmlsafe_set(&doc->pages, b.data, b.len);
            polis_buf_free(&b);
            free(start);
            free(end);
            free(list);
        } else if (ix_xmlsafe_is(c, "date")) {
            char *t = text_of(c);
            if (t)
                (void)ix_fields_set_date(doc, t); /* no date is no error */
            rc = t ? 0 : -1;
            free(t);
        }
        free(type);
    }
    return rc;
}

/* The work a record is part of: its host (a journal, the book of a
 * chapter: the container) and the host's publisher and numbering, or its
 * series. */
static int related_item(polis_doc_t *doc, const xmlNode *rel, acc_t *acc)
{
    char *type = ix_xmlsafe_attr(rel, "type");
    int host = type && strcmp(type, "host") == 0, series = type && strcmp(type, "series") == 0;
    free(type);
    if (!host && !series)
        return 0;
    int rc = 0;
    char **title = host ? &acc->journal : &acc->series;
    const xmlNode *ti = ix_xmlsafe_child(rel, "titleInfo");
    if (ti && !*title)
        *title = title_text(ti, &rc);
    const xmlNode *oi = host ? ix_xmlsafe_child(rel, "originInfo") : NULL;
    const xmlNode *pub = oi ? ix_xmlsafe_child(oi, "publisher") : NULL;
    if (rc == 0 && pub && !acc->host_publisher) {
        acc->host_publisher = text_of(pub);
        rc = acc->host_publisher ? 0 : -1;
    }
    const xmlNode *part = host ? ix_xmlsafe_child(rel, "part") : NULL;
    if (rc == 0 && part)
        rc = part_of(doc, part);
    return rc;
}

static int element(polis_doc_t *doc, const xmlNode *c, acc_t *acc)
{
    char *t = NULL;
    int rc = 0;
    if (ix_xmlsafe_is(c, "titleInfo")) {
        char *type = ix_xmlsafe_attr(c, "type");
        if (!doc->title && !type)
            rc = title_info(doc, c);
        free(type);
    } else if (ix_xmlsafe_is(c, "name")) {
        rc = name_of(doc, c);
    } else if (ix_xmlsafe_is(c, "genre") || ix_xmlsafe_is(c, "typeOfResource")) {
        t = text_of(c);
        rc = t ? polis_strv_push(&acc->types, t) : -1;
    } else if (ix_xmlsafe_is(c, "originInfo")) {
        rc = origin_info(doc, c, acc);
    } else if (ix_xmlsafe_is(c, "language")) {
        const xmlNode *term = ix_xmlsafe_child(c, "languageTerm");
        t = text_of(term ? term : c);
        rc = !t ? -1 : doc->language ? 0 : ix_xmlsafe_language(&doc->language, t);
    } else if (ix_xmlsafe_is(c, "abstract")) {
        t = text_of(c);
        rc = !t ? -1 : polis_buf_printf(&acc->abstract, "%s%s", acc->abstract.len ? "\n\n" : "", t);
    } else if (ix_xmlsafe_is(c, "subject")) {
        rc = subject(doc, c);
    } else if (ix_xmlsafe_is(c, "relatedItem")) {
        rc = related_item(doc, c, acc);
    } else if (ix_xmlsafe_is(c, "part")) {
        rc = part_of(doc, c);
    } else if (ix_xmlsafe_is(c, "physicalDescription")) {
        const xmlNode *ext = ix_xmlsafe_child(c, "extent");
        t = ext ? text_of(ext) : NULL;
        rc = ext && !t                 ? -1
             : t && *t && !doc->extent ? ix_xmlsafe_set(&doc->extent, t, (size_t)-1)
                                       : 0;
    } else if (ix_xmlsafe_is(c, "identifier")) {
        rc = identifier(acc, c);
    } else if (ix_xmlsafe_is(c, "location")) {
        for (const xmlNode *u = c->children; rc == 0 && u; u = u->next)
            if (ix_xmlsafe_is(u, "url")) {
                char *url = text_of(u);
                rc = !url ? -1 : *url ? polis_strv_push(&acc->ids, url) : 0;
                free(url);
            }
    } else if (ix_xmlsafe_is(c, "recordInfo") && !acc->record_id) {
        const xmlNode *ri = ix_xmlsafe_child(c, "recordIdentifier");
        if (ri) {
            acc->record_id = text_of(ri);
            rc = acc->record_id ? 0 : -1;
        }
    }
    free(t);
    return rc;
}

static int record_doc(mods_t *m, const xmlNode *mods, polis_doc_t *doc)
{
    acc_t acc;
    memset(&acc, 0, sizeof acc);
    int rc = 0;
    for (const xmlNode *c = mods->children; rc == 0 && c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            rc = element(doc, c, &acc);
    if (rc == 0 && acc.abstract.len)
        rc = polis_str_set(&doc->summary, acc.abstract.data, acc.abstract.len);
    /* The host is the container (a journal is no publisher); a series
     * stands in for it. */
    const char *container = acc.journal && *acc.journal ? acc.journal : acc.series;
    if (rc == 0 && container && *container)
        rc = polis_str_set(&doc->container, container, (size_t)-1);
    if (rc == 0 && !doc->publisher && acc.host_publisher && *acc.host_publisher)
        rc = polis_str_set(&doc->publisher, acc.host_publisher, (size_t)-1);
    /* Genres come before typeOfResource in the list when the record puts
     * them first; either way the first one the table knows wins. */
    for (size_t i = 0; rc == 0 && !doc->site_type && i < acc.types.n; i++) {
        char *own = NULL;
        const char *label = ix_fields_type_label(acc.types.v[i], &own);
        if (label)
            rc = polis_str_set(&doc->site_type, label, (size_t)-1);
        free(own);
    }
    polis_buf_t fb = { 0 };
    char *attr_id = ix_xmlsafe_attr(mods, "ID");
    const char *key = acc.record_id && *acc.record_id ? acc.record_id : attr_id;
    if (rc == 0 && key && *key)
        rc = polis_text_slug(key, strlen(key), &fb);
    if (rc == 0 && !fb.len) {
        rc = polis_text_slug(m->relpath ? m->relpath : "mods", m->relpath ? strlen(m->relpath) : 4,
                             &fb);
        if (rc == 0)
            rc = polis_buf_printf(&fb, "~%zu", m->n);
    }
    if (rc == 0)
        rc = ix_fields_finish(doc, &acc.ids, fb.data);
    doc->kind = POLIS_KIND_REFERENCE;
    if (rc == 0)
        rc = polis_str_set(&doc->source_path, m->relpath, (size_t)-1);
    free(attr_id);
    polis_buf_free(&fb);
    polis_strv_clear(&acc.ids);
    polis_strv_clear(&acc.types);
    polis_buf_free(&acc.abstract);
    free(acc.record_id);
    free(acc.journal);
    free(acc.series);
    free(acc.host_publisher);
    return rc;
}

/* One <mods> record, from ix_xmlsafe_stream(). */
static int on_record(void *ctx, const char *name, xmlNode *node)
{
    mods_t *m = ctx;
    (void)name;
    m->n++;
    polis_doc_t doc;
    polis_doc_init(&doc);
    int rc = record_doc(m, node, &doc);
    if (rc != 0)
        snprintf(m->err, m->errlen, "out of memory");
    else
        rc = ix_sink_emit(m->sink, &doc, m->err, m->errlen);
    polis_doc_clear(&doc);
    return rc;
}

int ix_mods_parse(const char *relpath, const char *buf, size_t len, const ix_themes_t *themes,
                  ix_sink_t *sink, char *err, size_t errlen)
{
    /* A MODS collection may come wrapped in an OAI-PMH response. */
    static const char *const roots[] = { "modsCollection", "mods", "OAI-PMH", NULL };
    static const char *const records[] = { "mods", NULL };
    char dummy[8], warning[320];
    if (!err || !errlen)
        err = dummy, errlen = sizeof dummy;
    (void)themes; /* subjects are labels: the indexer maps them (vocab/labels.h) */
    mods_t m = { relpath, sink, err, errlen, 0 };
    ix_xmlsafe_stream_t stream = { roots, "MODS", records, on_record, &m };
    int rc = ix_xmlsafe_stream(buf, len, &stream, warning, sizeof warning, err, errlen);
    if (rc == 0 && warning[0] && sink && sink->warn)
        sink->warn(sink, relpath, warning);
    return rc;
}
