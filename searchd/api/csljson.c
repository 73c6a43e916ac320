/* csljson.c — documents as CSL-JSON items (the Citation Style Language's
 * data schema, csl-data.json).  Built with jansson (json.h), which escapes. */
#include "api/csljson.h"

#include <stdio.h>
#include <string.h>

#include "api/cite.h"
#include "api/json.h"
#include "polis/text.h"

const char *sd_csljson_type(const polis_doc_t *doc)
{
    static const char *const types[] = {
        [SD_CITE_GENERIC] = "document",
        [SD_CITE_ARTICLE] = "article-journal",
        [SD_CITE_BOOK] = "book",
        [SD_CITE_CHAPTER] = "chapter",
        [SD_CITE_REPORT] = "report",
        [SD_CITE_THESIS] = "thesis",
        [SD_CITE_CONFERENCE] = "paper-conference",
        [SD_CITE_WEBPAGE] = "webpage",
    };
    return types[sd_cite_type(doc)];
}

/* key: s, unless s is NULL or empty. */
static int opt(json_t *o, const char *key, const char *s)
{
    return s != NULL && s[0] != '\0' ? sd_json_set(o, key, sd_json_str(s)) : 0;
}

static json_t *names(const polis_doc_t *doc)
{
    json_t *a = json_array();
    int err = a == NULL;
    for (size_t i = 0; i < doc->authors.n && !err; i++) {
        sd_cite_name_t name;
        json_t *n = json_object();
        err |= n == NULL || sd_cite_name(doc->authors.v[i], &name) != 0;
        if (err) {
            json_decref(n);
            break;
        }
        if (name.family != NULL) {
            err |= sd_json_set(n, "family", sd_json_str(name.family));
            err |= opt(n, "given", name.given);
        } else {
            err |= sd_json_set(n, "literal", sd_json_str(name.literal));
        }
        err |= sd_json_append(a, n);
        sd_cite_name_free(&name);
    }
    if (err) {
        json_decref(a);
        return NULL;
    }
    return a;
}

/* {"date-parts": [[2016, 5, 12]]} from "2016-05-12", "2016-05" or "2016". */
static json_t *issued(const char *iso)
{
    int part[3] = { 0, 0, 0 };
    int n = sscanf(iso, "%4d-%2d-%2d", &part[0], &part[1], &part[2]);
    json_t *parts = json_array();
    for (int i = 0; parts != NULL && i < n; i++)
        if (sd_json_append(parts, json_integer(part[i])) != 0) {
            json_decref(parts);
            parts = NULL;
        }
    if (parts == NULL || n < 1) {
        json_decref(parts);
        return NULL;
    }
    return json_pack("{s:[o]}", "date-parts", parts);
}

json_t *sd_csljson_item(const polis_doc_t *doc, sd_handle_t *h)
{
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    sd_cite_type_t type = sd_cite_type(doc);
    int part = type == SD_CITE_ARTICLE || type == SD_CITE_CHAPTER || type == SD_CITE_CONFERENCE;
    char count[16];
    sd_cite_page_count(doc, count);
    int err = sd_json_set(o, "id", sd_json_str(doc->id != NULL ? doc->id : ""));
    err |= sd_json_set(o, "type", json_string(sd_csljson_type(doc)));
    err |= opt(o, "title", doc->title);
    if (doc->authors.n > 0)
        err |= sd_json_set(o, "author", names(doc));
    if (doc->published[0] != '\0')
        err |= sd_json_set(o, "issued", issued(doc->published));
    err |= opt(o, part ? "container-title" : "collection-title", doc->container);
    err |= opt(o, "publisher", doc->publisher);
    err |= opt(o, "volume", doc->volume);
    err |= opt(o, "issue", doc->issue);
    err |= opt(o, "page", doc->pages);
    err |= opt(o, "number-of-pages", count);
    err |= opt(o, "DOI", doc->doi);
    err |= opt(o, "ISBN", doc->isbn);
    err |= opt(o, "URL", doc->url);
    err |= opt(o, "abstract", doc->summary);
    polis_buf_t kw = { 0 };
    err |= sd_cite_themes(&kw, doc, h, ", ");
    err |= opt(o, "keyword", kw.data);
    polis_buf_free(&kw);
    err |= opt(o, "language", doc->language);
    if (err) {
        json_decref(o);
        return NULL;
    }
    return o;
}
