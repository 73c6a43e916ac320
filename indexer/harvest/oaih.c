/* harvest/oaih.c — an OAI-PMH repository's records, one file each; see
 * oaih.h. */
#include "harvest/oaih.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harvest/fetch.h"
#include "harvest/oaih_page.h"
#include "harvest/store.h"

typedef struct {
    const ix_source_t *s;
    ix_source_result_t *r;
    ix_store_t *store;
    ix_fetch_t *fetch;
    json_t *records; /* state: identifier -> {file, datestamp} */
    json_t *seen;    /* identifiers listed this run */
    char last[64];   /* the greatest datestamp seen */
} oaih_t;

/* The file that holds (or held) the record: the one recorded, else its name. */
static int record_name(oaih_t *h, const char *ident, char *name, size_t namelen)
{
    const char *had = ix_store_str(json_object_get(h->records, ident), "file");
    if (*had) {
        snprintf(name, namelen, "%s", had);
        return 0;
    }
    return ix_store_name(ident, strlen(ident), ".xml", name, namelen);
}

static int forget(oaih_t *h, const char *ident, char *err, size_t errlen)
{
    char name[IX_STORE_NAME_MAX + 1];
    if (record_name(h, ident, name, sizeof name) != 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = ix_store_remove(h->store, name, err, errlen);
    if (rc < 0)
        return -1;
    h->r->removed += rc == 1;
    json_object_del(h->records, ident);
    return 0;
}

static int on_record(void *ctx, const ix_oaih_record_t *rec)
{
    oaih_t *h = ctx;
    char err[1200], name[IX_STORE_NAME_MAX + 1];
    h->r->entries++;
    if (!*rec->identifier) {
        ix_source_tell(h->r, 0, "%s: a record without identifier, left out", h->s->url);
        h->r->failed++;
        return 0;
    }
    if (strcmp(rec->datestamp, h->last) > 0)
        snprintf(h->last, sizeof h->last, "%s", rec->datestamp);
    if (json_object_set_new(h->seen, rec->identifier, json_true()) != 0) {
        snprintf(err, sizeof err, "out of memory");
        return -1;
    }
    if (rec->deleted) {
        h->r->deleted++;
        return forget(h, rec->identifier, err, sizeof err);
    }
    polis_buf_t file = { 0 };
    int rc = record_name(h, rec->identifier, name, sizeof name);
    if (rc == 0 && ix_oaih_record_file(rec, h->s->prefix, h->s->url, &file, err, sizeof err) != 0) {
        /* One record the file cannot be made of does not stop the list. */
        ix_source_tell(h->r, 1, "%s: %s", h->s->url, err);
        h->r->failed++;
        polis_buf_free(&file);
        return 0;
    }
    if (rc == 0)
        rc = ix_store_put(h->store, name, file.data, file.len, err, sizeof err);
    polis_buf_free(&file);
    if (rc < 0) {
        ix_source_tell(h->r, 1, "%s", err);
        return -1;
    }
    h->r->written += rc == 1;
    h->r->unchanged += rc == 0;
    json_t *st = json_pack("{s:s,s:s}", "file", name, "datestamp", rec->datestamp);
    return st && json_object_set_new(h->records, rec->identifier, st) == 0 ? 0 : -1;
}

/* The first request: ListRecords with prefix, set and from. */
static int first_url(const ix_source_t *s, const char *from, char *url, size_t len)
{
    snprintf(url, len, "%s", s->url);
    return ix_url_add_query(url, len, "verb", "ListRecords") |
           ix_url_add_query(url, len, "metadataPrefix", s->prefix) |
           (s->set && *s->set ? ix_url_add_query(url, len, "set", s->set) : 0) |
           (from && *from ? ix_url_add_query(url, len, "from", from) : 0);
}

/* Read the list to its end.  1 complete, 0 cut short (the reason told). */
static int read_list(oaih_t *h, const char *from)
{
    const ix_source_t *s = h->s;
    char url[IX_URL_MAX], err[1200];
    if (first_url(s, from, url, sizeof url) != 0) {
        ix_source_tell(h->r, 1, "%s: URL too long", s->url);
        return 0;
    }
    for (;;) {
        if (h->r->responses >= s->max_pages) {
            ix_source_tell(h->r, 1, "%s: --max-pages %lu reached, the rest of the list not read",
                           s->url, s->max_pages);
            return 0;
        }
        ix_fetch_reply_t rep;
        int rc = ix_fetch_get(h->fetch, url, NULL, NULL, &rep, err, sizeof err);
        if (rc == 0 && rep.status != 200) {
            snprintf(err, sizeof err, "%s: HTTP %ld", rep.url, rep.status);
            rc = -1;
        }
        ix_oaih_page_t page;
        memset(&page, 0, sizeof page);
        if (rc == 0) {
            h->r->responses++;
            char why[1024] = "";
            rc = ix_oaih_page_read(rep.body.data ? rep.body.data : "", rep.body.len, on_record, h,
                                   &page, why, sizeof why);
            if (rc != 0)
                snprintf(err, sizeof err, "%s: %s", rep.url, why[0] ? why : "cannot read");
        }
        ix_fetch_reply_free(&rep);
        if (rc != 0) {
            ix_source_tell(h->r, 1, "%s", err);
            return 0;
        }
        if (strcmp(page.error_code, "noRecordsMatch") == 0)
            return 1; /* nothing (new) to list */
        if (page.error_code[0]) {
            ix_source_tell(h->r, 1, "%s: OAI-PMH error %s: %s", url, page.error_code, page.error);
            return 0;
        }
        if (!page.token[0])
            return 1;
        snprintf(url, sizeof url, "%s", s->url);
        if (ix_url_add_query(url, sizeof url, "verb", "ListRecords") |
            ix_url_add_query(url, sizeof url, "resumptionToken", page.token)) {
            ix_source_tell(h->r, 1, "%s: URL too long for the resumptionToken", s->url);
            return 0;
        }
    }
}

/* Records the repository no longer lists (after a full harvest). */
static void remove_unlisted(oaih_t *h)
{
    char err[1200];
    json_t *gone = json_array();
    const char *ident;
    json_t *st;
    json_object_foreach(h->records, ident, st)
    {
        if (!json_object_get(h->seen, ident))
            json_array_append_new(gone, json_string(ident));
    }
    size_t i;
    json_t *v;
    json_array_foreach(gone, i, v)
    {
        if (forget(h, json_string_value(v), err, sizeof err) != 0) {
            ix_source_tell(h->r, 1, "%s", err);
            break;
        }
    }
    json_decref(gone);
}

/* Is the state's harvest this one (same base URL, set and prefix)? */
static int same_source(json_t *state, const ix_source_t *s)
{
    return strcmp(ix_store_str(state, "url"), s->url) == 0 &&
           strcmp(ix_store_str(state, "set"), s->set ? s->set : "") == 0 &&
           strcmp(ix_store_str(state, "metadata_prefix"), s->prefix) == 0;
}

static int run(oaih_t *h)
{
    const ix_source_t *s = h->s;
    json_t *state = ix_store_state(h->store);
    const char *kind = ix_store_str(state, "kind");
    if (*kind && strcmp(kind, "oai") != 0) {
        ix_source_tell(h->r, 1,
                       "%s: holds a %s harvest; an OAI-PMH harvest needs a directory of its own",
                       s->into, kind);
        return -1;
    }
    h->records = json_object_get(state, "records");
    if (!json_is_object(h->records)) {
        h->records = json_object();
        if (json_object_set_new(state, "records", h->records) != 0)
            return -1;
    }
    int same = same_source(state, s);
    if (*kind && !same)
        ix_source_tell(h->r, 0,
                       "%s: the state is of another base URL, set or prefix: a full harvest",
                       s->into);
    snprintf(h->r->from, sizeof h->r->from, "%s", same ? ix_store_str(state, "from") : "");
    int complete = read_list(h, h->r->from);
    if (complete && !h->r->from[0])
        remove_unlisted(h);
    const char *next = h->last[0] && complete ? h->last : same ? ix_store_str(state, "from") : "";
    snprintf(h->r->until, sizeof h->r->until, "%s", next);
    json_t *from = json_string(h->r->until);
    if (json_object_set_new(state, "kind", json_string("oai")) |
        json_object_set_new(state, "url", json_string(s->url)) |
        json_object_set_new(state, "set", json_string(s->set ? s->set : "")) |
        json_object_set_new(state, "metadata_prefix", json_string(s->prefix)) |
        json_object_set_new(state, "from", from))
        return -1;
    return complete ? 0 : -1;
}

int ix_oaih_harvest(const ix_source_t *s, ix_source_result_t *r)
{
    oaih_t h = { .s = s, .r = r };
    char err[1200];
    int rc = -1;
    if (!(h.seen = json_object()))
        ix_source_tell(h.r, 1, "%s: out of memory", s->url);
    else if (!(h.store = ix_store_open(s->into, err, sizeof err)))
        ix_source_tell(h.r, 1, "%s", err);
    else if (!(h.fetch = ix_fetch_new(s, r, err, sizeof err)))
        ix_source_tell(h.r, 1, "%s", err);
    else {
        rc = run(&h);
        /* Saved whatever happened: the files written are recorded, and
         * from= moves only after a list read to its end. */
        if (ix_store_save(h.store, err, sizeof err) != 0) {
            ix_source_tell(h.r, 1, "%s", err);
            rc = -1;
        }
    }
    r->ok = rc == 0 && !r->error[0] && !r->failed;
    if (r->ok)
        r->error[0] = '\0';
    else if (!r->error[0])
        snprintf(r->error, sizeof r->error, "%s: %lu record%s could not be kept", s->url, r->failed,
                 r->failed == 1 ? "" : "s");
    ix_fetch_free(h.fetch);
    ix_store_close(h.store);
    json_decref(h.seen);
    return r->ok ? 0 : -1;
}
