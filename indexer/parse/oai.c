/* oai.c — OAI-PMH ListRecords (oai_dc) streamed with xmlReader; see oai.h.
 * What a field becomes is fields.c's, shared with the other readers. */
#include "parse/oai.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/fields.h"
#include "parse/frdate.h"
#include "parse/isodate.h"
#include "xml/xmlsafe.h"

/* ---- Records -------------------------------------------------------------------- */

typedef struct {
    const char *relpath;
    ix_sink_t *sink;
    char *err;
    size_t errlen;
    size_t n; /* records seen, for ids and messages */
} oai_t;

static void warn(oai_t *o, const char *fmt, const char *arg)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg ? arg : "");
    if (o->sink && o->sink->warn)
        o->sink->warn(o->sink, o->relpath, msg);
}

/* One Dublin Core element of a record into doc.  0 or -1 (ENOMEM). */
static int dc_field(polis_doc_t *doc, const xmlNode *el, polis_strv_t *ids, polis_strv_t *types,
                    polis_buf_t *desc, char **source)
{
    char *t = ix_xmlsafe_node_strdup(el);
    if (!t)
        return -1;
    int rc = 0;
    const char *name = (const char *)el->name;
    if (!*t) {
        /* empty element: nothing to take */
    } else if (strcmp(name, "title") == 0) {
        if (!doc->title)
            rc = polis_str_set(&doc->title, t, (size_t)-1);
    } else if (strcmp(name, "creator") == 0 || strcmp(name, "contributor") == 0) {
        rc = polis_strv_push(&doc->authors, t);
    } else if (strcmp(name, "subject") == 0) {
        char *lang = ix_xmlsafe_attr(el, "lang");
        rc = ix_fields_add_subject(doc, t, lang);
        free(lang);
    } else if (strcmp(name, "description") == 0) {
        rc = polis_buf_printf(desc, "%s%s", desc->len ? "\n\n" : "", t);
    } else if (strcmp(name, "publisher") == 0) {
        if (!doc->publisher)
            rc = polis_str_set(&doc->publisher, t, (size_t)-1);
    } else if (strcmp(name, "date") == 0) {
        (void)ix_fields_set_date(doc, t); /* no date is no error */
    } else if (strcmp(name, "type") == 0) {
        rc = polis_strv_push(types, t);
    } else if (strcmp(name, "identifier") == 0) {
        rc = polis_strv_push(ids, t);
    } else if (strcmp(name, "language") == 0) {
        if (!doc->language)
            rc = ix_xmlsafe_language(&doc->language, t);
    } else if (strcmp(name, "format") == 0) {
        /* "245 p." is the size of the work; "application/pdf" is not. */
        size_t d = strspn(t, "0123456789");
        if (d > 0 && !doc->extent && strncmp(t + d, " p", 2) == 0)
            rc = polis_str_set(&doc->extent, t, (size_t)-1);
    } else if (strcmp(name, "coverage") == 0) {
        rc = polis_strv_push(&doc->places, t);
    } else if (strcmp(name, "source") == 0) {
        if (!*source)
            rc = polis_str_set(source, t, (size_t)-1);
    } else if (strcmp(name, "relation") == 0) {
        /* A DOI given as a relation identifies the record; a link is a link. */
        if (strstr(t, "doi") || strstr(t, "isbn"))
            rc = polis_strv_push(ids, t);
        else if (ix_fields_is_http(t))
            rc = polis_doc_add_link(doc, NULL, t);
    }
    free(t);
    return rc;
}

static int pick_type(polis_doc_t *doc, const polis_strv_t *types)
{
    char *fallback = NULL;
    for (size_t i = 0; i < types->n; i++) {
        char *own = NULL;
        const char *label = ix_fields_type_label(types->v[i], &own);
        if (label && !own) { /* a known type beats a value kept as written */
            free(fallback);
            return polis_str_set(&doc->site_type, label, (size_t)-1);
        }
        if (own && !fallback)
            fallback = own;
        else
            free(own);
    }
    int rc = fallback ? polis_str_set(&doc->site_type, fallback, (size_t)-1) : 0;
    free(fallback);
    return rc;
}

/* The journal: dc:source names it first, then its numbering ("Esprit, n°
 * 333, mars 2007, p. 62-79").  Catalogues often put an article's journal
 * in dc:publisher too ("Revue Esprit"): for an article, a publisher that
 * names the journal, or the only place that names one, is the container. */
static int container(polis_doc_t *doc, const char *source)
{
    int article = doc->site_type && strcmp(doc->site_type, "Article") == 0;
    int rc = 0;
    if (source && *source) {
        size_t n = strcspn(source, ",");
        rc = ix_xmlsafe_set(&doc->container, source, n);
        if (rc == 0 && source[n])
            rc = ix_fields_numbering(doc, source + n + 1, strlen(source + n + 1));
    }
    if (rc == 0 && article && doc->publisher &&
        (!doc->container || strcasestr(doc->publisher, doc->container))) {
        if (!doc->container)
            rc = polis_str_set(&doc->container, doc->publisher, (size_t)-1);
        if (rc == 0)
            rc = polis_str_set(&doc->publisher, NULL, 0);
    }
    return rc;
}

static int record_doc(oai_t *o, const xmlNode *dc, const char *ident, polis_doc_t *doc)
{
    polis_strv_t ids = { 0 }, types = { 0 };
    polis_buf_t desc = { 0 }, fallback = { 0 };
    char *source = NULL;
    int rc = 0;
    for (const xmlNode *el = dc->children; rc == 0 && el; el = el->next)
        if (el->type == XML_ELEMENT_NODE)
            rc = dc_field(doc, el, &ids, &types, &desc, &source);
    if (rc == 0 && desc.len)
        rc = polis_str_set(&doc->summary, desc.data, desc.len);
    if (rc == 0)
        rc = pick_type(doc, &types);
    if (rc == 0)
        rc = container(doc, source);
    if (rc == 0 && ident && *ident)
        rc = polis_text_slug(ident, strlen(ident), &fallback);
    if (rc == 0 && !fallback.len)
        rc = polis_buf_printf(&fallback, "%s~%zu", o->relpath ? o->relpath : "oai", o->n);
    /* A record is known by its OAI identifier, not by the DOI or ISBN it
     * cites: a later `status="deleted"` header names only the identifier. */
    if (rc == 0 && ident && *ident)
        rc = polis_str_set(&doc->id, fallback.data, fallback.len);
    if (rc == 0)
        rc = ix_fields_finish(doc, &ids, fallback.data);
    if (rc == 0 && !doc->id)
        rc = ix_xmlsafe_slug(&doc->id, NULL, fallback.data, fallback.len) < 0 ? -1 : 0;
    doc->kind = POLIS_KIND_REFERENCE;
    if (rc == 0)
        rc = polis_str_set(&doc->source_path, o->relpath, (size_t)-1);
    polis_strv_clear(&ids);
    polis_strv_clear(&types);
    polis_buf_free(&desc);
    polis_buf_free(&fallback);
    free(source);
    return rc;
}

static int handle_record(oai_t *o, const xmlNode *rec)
{
    o->n++;
    const xmlNode *header = ix_xmlsafe_child(rec, "header");
    char *ident = header ? ix_xmlsafe_node_strdup(ix_xmlsafe_child(header, "identifier")) : NULL;
    char *status = ix_xmlsafe_attr(header, "status");
    int rc = 0;
    if (status && strcmp(status, "deleted") == 0) {
        char *id = NULL;
        if (ident && *ident && ix_xmlsafe_slug(&id, NULL, ident, (size_t)-1) < 0)
            rc = -1;
        if (rc == 0 && id && o->sink && o->sink->remove && o->sink->remove(o->sink, id) != 0) {
            snprintf(o->err, o->errlen, "stopped by the indexer");
            rc = -1;
        }
        if (rc == 0 && !id)
            warn(o, "deleted record without identifier (record %s)", "");
        free(id);
    } else {
        const xmlNode *meta = ix_xmlsafe_child(rec, "metadata"), *dc = NULL;
        for (const xmlNode *c = meta ? meta->children : NULL; c && !dc; c = c->next)
            if (c->type == XML_ELEMENT_NODE)
                dc = c;
        if (!dc) {
            warn(o, "record %s has no metadata, skipped", ident && *ident ? ident : "?");
        } else {
            polis_doc_t doc;
            polis_doc_init(&doc);
            rc = record_doc(o, dc, ident, &doc);
            if (rc != 0)
                snprintf(o->err, o->errlen, "out of memory");
            else
                rc = ix_sink_emit(o->sink, &doc, o->err, o->errlen);
            polis_doc_clear(&doc);
        }
    }
    free(ident);
    free(status);
    return rc;
}

/* A record or an <error> of the response, from ix_xmlsafe_stream(). */
static int on_element(void *ctx, const char *name, xmlNode *node)
{
    oai_t *o = ctx;
    if (strcmp(name, "error") == 0) {
        char *text = ix_xmlsafe_node_strdup(node);
        warn(o, "OAI-PMH error: %s", text);
        free(text);
        return 0;
    }
    return handle_record(o, node);
}

int ix_oai_parse(const char *relpath, const char *buf, size_t len, const ix_themes_t *themes,
                 ix_sink_t *sink, char *err, size_t errlen)
{
    static const char *const roots[] = { "OAI-PMH", NULL };
    static const char *const records[] = { "record", "error", NULL };
    char dummy[8], warning[320];
    if (!err || !errlen)
        err = dummy, errlen = sizeof dummy;
    (void)themes; /* subjects are labels: the indexer maps them (vocab/labels.h) */
    oai_t o = { relpath, sink, err, errlen, 0 };
    ix_xmlsafe_stream_t stream = { roots, "OAI-PMH", records, on_element, &o };
    int rc = ix_xmlsafe_stream(buf, len, &stream, warning, sizeof warning, err, errlen);
    if (rc == 0 && warning[0])
        warn(&o, "%s", warning);
    return rc;
}
