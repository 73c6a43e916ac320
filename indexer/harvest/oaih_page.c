/* harvest/oaih_page.c — an OAI-PMH response read, and its records made
 * files; see oaih_page.h. */
#include "harvest/oaih_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "xml/xmlsafe.h"

typedef struct {
    ix_oaih_record_fn fn;
    void *ctx;
    ix_oaih_page_t *page;
    char *err;
    size_t errlen;
} reading_t;

static int on_record(reading_t *rd, xmlNode *node)
{
    const xmlNode *header = ix_xmlsafe_child(node, "header");
    char *ident = ix_xmlsafe_node_strdup(ix_xmlsafe_child(header, "identifier"));
    char *stamp = ix_xmlsafe_node_strdup(ix_xmlsafe_child(header, "datestamp"));
    char *status = ix_xmlsafe_attr(header, "status");
    int rc = 0;
    if (!ident || !stamp) {
        snprintf(rd->err, rd->errlen, "out of memory");
        rc = -1;
    } else {
        ix_oaih_record_t rec = { ident, stamp, status && strcmp(status, "deleted") == 0, node };
        rc = rd->fn(rd->ctx, &rec);
    }
    free(ident);
    free(stamp);
    free(status);
    return rc;
}

static int on_element(void *arg, const char *name, xmlNode *node)
{
    reading_t *rd = arg;
    if (strcmp(name, "record") == 0)
        return on_record(rd, node);
    char *text = ix_xmlsafe_node_strdup(node);
    if (!text) {
        snprintf(rd->err, rd->errlen, "out of memory");
        return -1;
    }
    int rc = 0;
    if (strcmp(name, "resumptionToken") == 0) {
        if (strlen(text) >= sizeof rd->page->token) {
            snprintf(rd->err, rd->errlen, "resumptionToken longer than %zu bytes",
                     sizeof rd->page->token - 1);
            rc = -1;
        } else {
            snprintf(rd->page->token, sizeof rd->page->token, "%s", text);
        }
    } else if (!rd->page->error_code[0]) { /* <error>: the first one speaks */
        char *code = ix_xmlsafe_attr(node, "code");
        snprintf(rd->page->error_code, sizeof rd->page->error_code, "%s",
                 code && *code ? code : "error");
        snprintf(rd->page->error, sizeof rd->page->error, "%s", text);
        free(code);
    }
    free(text);
    return rc;
}

int ix_oaih_page_read(const char *buf, size_t len, ix_oaih_record_fn fn, void *ctx,
                      ix_oaih_page_t *page, char *err, size_t errlen)
{
    static const char *const roots[] = { "OAI-PMH", NULL };
    static const char *const records[] = { "record", "resumptionToken", "error", NULL };
    memset(page, 0, sizeof *page);
    reading_t rd = { fn, ctx, page, err, errlen };
    ix_xmlsafe_stream_t s = { roots, "OAI-PMH", records, on_element, &rd };
    char warning[320];
    return ix_xmlsafe_stream(buf, len, &s, warning, sizeof warning, err, errlen);
}

/* The first element child of node, or NULL. */
static const xmlNode *first_element(const xmlNode *node)
{
    for (const xmlNode *c = node ? node->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return c;
    return NULL;
}

/* doc serialised, in UTF-8, onto out. */
static int dump(xmlDoc *doc, polis_buf_t *out)
{
    xmlChar *mem = NULL;
    int size = 0;
    xmlDocDumpMemoryEnc(doc, &mem, &size, "UTF-8");
    int rc = mem && size > 0 ? polis_buf_append(out, (const char *)mem, (size_t)size) : -1;
    xmlFree(mem);
    return rc;
}

int ix_oaih_record_file(const ix_oaih_record_t *rec, const char *prefix, const char *base,
                        polis_buf_t *out, char *err, size_t errlen)
{
    const xmlNode *meta = first_element(ix_xmlsafe_child(rec->record, "metadata"));
    if (!meta) {
        snprintf(err, errlen, "record %.200s has no metadata", rec->identifier);
        return -1;
    }
    int mods = prefix && strcmp(prefix, "mods") == 0;
    xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
    /* xmlDocCopyNode() declares again, on the copy, every namespace the
     * original took from its ancestors: the copy stands alone. */
    xmlNode *copy = doc ? xmlDocCopyNode((xmlNode *)(mods ? meta : rec->record), doc, 1) : NULL;
    int rc = copy ? 0 : -1;
    if (rc == 0 && mods) {
        xmlDocSetRootElement(doc, copy);
    } else if (rc == 0) {
        xmlNode *root = xmlNewDocNode(doc, NULL, (const xmlChar *)"OAI-PMH", NULL);
        xmlNs *ns = root ? xmlNewNs(root, (const xmlChar *)IX_OAIH_NS, NULL) : NULL;
        xmlNode *list = NULL;
        if (ns) {
            xmlSetNs(root, ns);
            xmlDocSetRootElement(doc, root);
            xmlNode *date = xmlNewTextChild(root, ns, (const xmlChar *)"responseDate",
                                            (const xmlChar *)rec->datestamp);
            xmlNode *req =
                xmlNewTextChild(root, ns, (const xmlChar *)"request", (const xmlChar *)base);
            if (req) {
                xmlNewProp(req, (const xmlChar *)"verb", (const xmlChar *)"ListRecords");
                xmlNewProp(req, (const xmlChar *)"metadataPrefix",
                           (const xmlChar *)(prefix ? prefix : "oai_dc"));
            }
            list = date && req ? xmlNewChild(root, ns, (const xmlChar *)"ListRecords", NULL) : NULL;
        }
        if (!list || !xmlAddChild(list, copy)) {
            xmlFreeNode(copy);
            rc = -1;
        }
    }
    if (rc == 0)
        rc = dump(doc, out);
    if (rc != 0)
        snprintf(err, errlen, "record %.200s: out of memory", rec->identifier);
    xmlFreeDoc(doc);
    return rc;
}
