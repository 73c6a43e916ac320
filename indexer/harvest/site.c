/* harvest/site.c — a site's pages from its sitemaps; see site.h. */
#include "harvest/site.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harvest/fetch.h"
#include "harvest/page.h"
#include "harvest/robots.h"
#include "harvest/sitemap.h"
#include "harvest/store.h"
#include "polis/text.h"

#define MAX_SITEMAPS 1000
#define MAX_DEPTH    3
#define SAVE_EVERY   50

/* A sitemap to read (its depth) or a page to fetch (its lastmod). */
typedef struct {
    char *url;
    char *lastmod;
    int depth;
} item_t;

typedef struct {
    item_t *v;
    size_t n, cap;
} items_t;

static int items_push(items_t *l, const char *url, const char *lastmod, int depth)
{
    if (polis_grow((void **)&l->v, &l->cap, l->n, sizeof *l->v) != 0)
        return -1;
    item_t *it = &l->v[l->n];
    it->url = strdup(url);
    it->lastmod = strdup(lastmod ? lastmod : "");
    it->depth = depth;
    if (!it->url || !it->lastmod) {
        free(it->url);
        free(it->lastmod);
        return -1;
    }
    l->n++;
    return 0;
}

static void items_free(items_t *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].url);
        free(l->v[i].lastmod);
    }
    free(l->v);
}

typedef struct {
    const ix_source_t *s;
    ix_source_result_t *r;
    ix_store_t *store;
    ix_fetch_t *fetch;
    ix_robots_t *robots;
    json_t *pages;  /* state: URL -> {file, lastmod, etag, last_modified} */
    json_t *names;  /* file name -> URL, to keep names apart */
    json_t *seen;   /* URLs listed this run (and allowed, and home) */
    json_t *queued; /* sitemaps queued this run */
    items_t maps;   /* sitemaps to read, in order */
    items_t locs;   /* the pages listed, in order */
    int complete;   /* every sitemap read */
    int stop;       /* a bound reached: nothing more */
    unsigned long fetched;
} site_t;

static int set_str(json_t *o, const char *key, const char *v)
{
    return json_object_set_new(o, key, json_string(v ? v : ""));
}

/* ---- robots.txt -------------------------------------------------------------- */

static int read_robots(site_t *c)
{
    char origin[IX_URL_MAX], url[IX_URL_MAX + 16], err[1200];
    if (ix_url_origin(c->s->url, origin, sizeof origin) != 0) {
        ix_source_tell(c->r, 1, "%s: not an http or https URL", c->s->url);
        return -1;
    }
    snprintf(url, sizeof url, "%s/robots.txt", origin);
    ix_fetch_reply_t rep;
    int rc = ix_fetch_get(c->fetch, url, NULL, NULL, &rep, err, sizeof err);
    if (rc == 0 && rep.status == 200)
        c->robots =
            ix_robots_parse(rep.body.data ? rep.body.data : "", rep.body.len, IX_SOURCE_AGENT);
    else if (rc == 0 && rep.status >= 400 && rep.status < 500)
        c->robots = ix_robots_all(1); /* no robots.txt: no rules */
    ix_fetch_reply_free(&rep);
    if (!c->robots) {
        /* RFC 9309: robots.txt that cannot be read means nothing may be. */
        if (rc == 0)
            snprintf(err, sizeof err, "%s: HTTP %ld", url, rep.status);
        ix_source_tell(c->r, 1, "%s; robots.txt unreadable, nothing fetched", err);
        return -1;
    }
    ix_fetch_slow_down(c->fetch, ix_robots_delay(c->robots));
    return 0;
}

static int allowed(site_t *c, const char *url)
{
    char path[IX_URL_MAX];
    return ix_url_path(url, path, sizeof path) == 0 && ix_robots_allowed(c->robots, path);
}

/* ---- sitemaps ------------------------------------------------------------------ */

static int queue_map(site_t *c, const char *url, int depth)
{
    if (json_object_get(c->queued, url))
        return 0;
    if (c->maps.n >= MAX_SITEMAPS || depth > MAX_DEPTH) {
        ix_source_tell(c->r, 1, "%s: not read: more than %d sitemaps or %d levels of sitemap index",
                       url, MAX_SITEMAPS, MAX_DEPTH);
        c->complete = 0;
        return 0;
    }
    if (json_object_set_new(c->queued, url, json_true()) != 0 ||
        items_push(&c->maps, url, NULL, depth) != 0)
        return -1;
    return 0;
}

typedef struct {
    site_t *c;
    const char *base; /* the sitemap's URL, for relative locs */
    int depth;
    char *err;
    size_t errlen;
} reading_t;

static int on_entry(void *arg, int is_index, const char *loc, const char *lastmod)
{
    reading_t *rd = arg;
    site_t *c = rd->c;
    char url[IX_URL_MAX];
    if (ix_url_resolve(rd->base, loc, url, sizeof url) != 0) {
        ix_source_tell(c->r, 0, "%s: <loc>%.200s</loc> is no http or https URL, left out", rd->base,
                       loc);
        c->r->refused++;
        return 0;
    }
    int rc = 0;
    if (is_index)
        rc = queue_map(c, url, rd->depth + 1);
    else if (!json_object_get(c->seen, url) &&
             (rc = json_object_set_new(c->seen, url, json_false())) == 0)
        rc = items_push(&c->locs, url, lastmod, 0);
    if (rc != 0)
        snprintf(rd->err, rd->errlen, "out of memory");
    return rc ? -1 : 0;
}

static void read_map(site_t *c, const char *url, int depth)
{
    char err[1200];
    if (!ix_url_same_host(c->s->url, url)) {
        ix_source_tell(c->r, 0, "%s: sitemap on another host than %s, not read", url, c->s->url);
        c->r->refused++;
        return;
    }
    if (!allowed(c, url)) {
        ix_source_tell(c->r, 0, "%s: sitemap disallowed by robots.txt, not read", url);
        c->r->disallowed++;
        c->complete = 0;
        return;
    }
    ix_fetch_reply_t rep;
    int rc = ix_fetch_get(c->fetch, url, NULL, NULL, &rep, err, sizeof err);
    if (rc == 0 && rep.status != 200) {
        snprintf(err, sizeof err, "%s: HTTP %ld", rep.url, rep.status);
        rc = IX_FETCH_FAILED;
    }
    if (rc == 0) {
        c->r->responses++;
        reading_t rd = { c, rep.url, depth, err, sizeof err };
        rc = ix_sitemap_parse(rep.body.data ? rep.body.data : "", rep.body.len, on_entry, &rd, err,
                              sizeof err);
        if (rc != 0) {
            char why[1024];
            snprintf(why, sizeof why, "%s", err);
            snprintf(err, sizeof err, "%s: %s", rep.url, why);
        }
    }
    ix_fetch_reply_free(&rep);
    if (rc != 0) {
        ix_source_tell(c->r, 1, "%s; the sitemap's pages are not all known, no page file removed",
                       err);
        c->r->failed++;
        c->complete = 0;
        c->stop |= rc == IX_FETCH_SPENT;
    }
}

/* ---- pages --------------------------------------------------------------------- */

/* The file name of url's page: the one recorded, else a new one no other
 * URL holds. */
static int page_name(site_t *c, const char *url, json_t *st, char *name, size_t namelen)
{
    const char *had = ix_store_str(st, "file");
    if (*had) {
        snprintf(name, namelen, "%s", had);
        return 0;
    }
    char path[IX_URL_MAX];
    if (ix_url_path(url, path, sizeof path) != 0 ||
        ix_store_name(path, strlen(path), ".html", name, namelen) != 0)
        return -1;
    const char *holder = json_string_value(json_object_get(c->names, name));
    if (holder && strcmp(holder, url) != 0) {
        /* Another URL slugs alike ("/a-b" and "/a/b"): this one is told apart. */
        char base[IX_STORE_NAME_MAX + 1];
        snprintf(base, sizeof base, "%.*s", (int)(strlen(name) - 5), name);
        snprintf(name, namelen, "%.170s-%08" PRIx32 ".html", base,
                 (uint32_t)polis_text_hash64(url, strlen(url)));
    }
    return json_object_set_new(c->names, name, json_string(url));
}

static int forget(site_t *c, const char *url, json_t *st)
{
    char err[1200];
    const char *file = ix_store_str(st, "file");
    int rc = *file ? ix_store_remove(c->store, file, err, sizeof err) : 0;
    if (rc < 0) {
        ix_source_tell(c->r, 1, "%s", err);
        return -1;
    }
    c->r->removed += rc == 1;
    if (*file)
        json_object_del(c->names, file);
    json_object_del(c->pages, url);
    return 0;
}

/* A 200 with HTML: the file written, the state told. */
static int keep_page(site_t *c, const char *url, json_t *st, const char *name,
                     const ix_fetch_reply_t *rep, const char *lastmod)
{
    char err[1200];
    polis_buf_t file = { 0 };
    if (ix_page_prepare(rep->body.data ? rep->body.data : "", rep->body.len, rep->url, &file) < 0) {
        polis_buf_free(&file);
        ix_source_tell(c->r, 1, "%s: out of memory", url);
        return -1;
    }
    int rc = ix_store_put(c->store, name, file.data ? file.data : "", file.len, err, sizeof err);
    polis_buf_free(&file);
    if (rc < 0) {
        ix_source_tell(c->r, 1, "%s", err);
        return -1;
    }
    if (rc == 1)
        c->r->written++;
    else
        c->r->unchanged++;
    if (set_str(st, "file", name) | set_str(st, "lastmod", lastmod) |
        set_str(st, "etag", rep->etag) | set_str(st, "last_modified", rep->last_modified) |
        set_str(st, "fetched_from", rep->url))
        return -1;
    return 0;
}

static void harvest_page(site_t *c, const char *url, const char *lastmod)
{
    c->r->entries++;
    if (!ix_url_same_host(c->s->url, url)) {
        ix_source_tell(c->r, 0, "%s: on another host than %s, not fetched", url, c->s->url);
        c->r->refused++;
        return;
    }
    if (!allowed(c, url)) {
        c->r->disallowed++;
        return;
    }
    json_object_set_new(c->seen, url, json_true());
    json_t *st = json_object_get(c->pages, url);
    int fresh = !st;
    if (fresh && (!(st = json_object()) || json_object_set_new(c->pages, url, st) != 0)) {
        c->stop = 1;
        return;
    }
    char name[IX_STORE_NAME_MAX + 1];
    if (page_name(c, url, st, name, sizeof name) != 0) {
        ix_source_tell(c->r, 1, "%s: out of memory", url);
        c->stop = 1;
        return;
    }
    int have = ix_store_has(c->store, name);
    if (have && *lastmod && strcmp(lastmod, ix_store_str(st, "lastmod")) == 0) {
        c->r->unchanged++; /* the sitemap says it has not changed */
        return;
    }
    if (c->fetched >= c->s->max_pages) {
        ix_source_tell(c->r, 1, "%s: not fetched: --max-pages %lu reached", url, c->s->max_pages);
        c->stop = 1;
        c->complete = 0;
        return;
    }
    c->fetched++;
    char err[1200];
    ix_fetch_reply_t rep;
    int gone = 0;
    int rc = ix_fetch_get(c->fetch, url, have ? ix_store_str(st, "etag") : NULL,
                          have ? ix_store_str(st, "last_modified") : NULL, &rep, err, sizeof err);
    if (rc == IX_FETCH_REFUSED) {
        ix_source_tell(c->r, 0, "%s", err);
        c->r->refused++;
        json_object_set_new(c->seen, url, json_false()); /* not this site's page any more */
    } else if (rc != 0) {
        ix_source_tell(c->r, 1, "%s%s", err, have ? "; the file there is kept" : "");
        c->r->failed++;
        c->stop |= rc == IX_FETCH_SPENT;
        c->complete &= rc != IX_FETCH_SPENT;
    } else if (rep.status == 304) {
        c->r->unchanged++;
        set_str(st, "lastmod", lastmod);
    } else if (rep.status == 200 && !ix_page_is_html(rep.content_type)) {
        ix_source_tell(c->r, 0, "%s: %s is not an HTML page, not kept", url, rep.content_type);
        c->r->skipped++;
        json_object_set_new(c->seen, url, json_false());
    } else if (rep.status == 200) {
        if (keep_page(c, url, st, name, &rep, lastmod) != 0) {
            c->r->failed++;
            c->stop = 1;
        }
    } else if (rep.status == 404 || rep.status == 410) {
        ix_source_tell(c->r, 0, "%s: HTTP %ld, the page is gone", url, rep.status);
        json_object_set_new(c->seen, url, json_false());
        gone = 1; /* st goes with it */
        if (forget(c, url, st) != 0)
            c->stop = 1;
    } else {
        ix_source_tell(c->r, 1, "%s: HTTP %ld%s", rep.url, rep.status,
                       have ? "; the file there is kept" : "");
        c->r->failed++;
    }
    ix_fetch_reply_free(&rep);
    if (fresh && !gone && !json_object_size(st))
        json_object_del(c->pages, url); /* nothing known of it */
    if (c->fetched % SAVE_EVERY == 0 && ix_store_save(c->store, err, sizeof err) != 0)
        ix_source_tell(c->r, 1, "%s", err);
}

/* Pages no sitemap lists any more: their files go. */
static void remove_unlisted(site_t *c)
{
    const char *url;
    json_t *st, *gone = json_array();
    json_object_foreach(c->pages, url, st)
    {
        if (!json_is_true(json_object_get(c->seen, url)))
            json_array_append_new(gone, json_string(url));
    }
    size_t i;
    json_t *u;
    json_array_foreach(gone, i, u)
    {
        const char *k = json_string_value(u);
        if (forget(c, k, json_object_get(c->pages, k)) != 0)
            break;
    }
    json_decref(gone);
}

/* The state of another kind of harvest, or of another site, is not ours. */
static int claim_state(site_t *c)
{
    json_t *state = ix_store_state(c->store);
    const char *kind = ix_store_str(state, "kind");
    if (*kind && strcmp(kind, "sitemap") != 0) {
        ix_source_tell(c->r, 1,
                       "%s: holds an %s harvest; a sitemap harvest needs a directory of its own",
                       c->s->into, kind);
        return -1;
    }
    c->pages = json_object_get(state, "pages");
    if (!json_is_object(c->pages)) {
        c->pages = json_object();
        if (json_object_set_new(state, "pages", c->pages) != 0)
            return -1;
    }
    const char *url;
    json_t *st;
    json_object_foreach(c->pages, url, st)
    {
        const char *file = ix_store_str(st, "file");
        if (*file && json_object_set_new(c->names, file, json_string(url)) != 0)
            return -1;
    }
    return set_str(state, "kind", "sitemap") | set_str(state, "url", c->s->url);
}

int ix_site_harvest(const ix_source_t *s, ix_source_result_t *r)
{
    site_t c = { .s = s, .r = r, .complete = 1 };
    char err[1200];
    c.names = json_object();
    c.seen = json_object();
    c.queued = json_object();
    if (!(c.store = ix_store_open(s->into, err, sizeof err)))
        ix_source_tell(c.r, 1, "%s", err);
    else if (!(c.fetch = ix_fetch_new(s, r, err, sizeof err)))
        ix_source_tell(c.r, 1, "%s", err);
    else if (!c.names || !c.seen || !c.queued || claim_state(&c) != 0)
        ix_source_tell(c.r, 1, "%s: cannot read its state", s->into);
    else if (read_robots(&c) == 0) {
        if (queue_map(&c, s->url, 0) != 0)
            c.stop = 1;
        /* read_map() may queue more: c.maps grows as it is read. */
        for (size_t i = 0; i < c.maps.n && !c.stop; i++) {
            char *url = strdup(c.maps.v[i].url);
            if (!url) {
                c.stop = 1;
                break;
            }
            read_map(&c, url, c.maps.v[i].depth);
            free(url);
        }
        for (size_t i = 0; i < c.locs.n && !c.stop; i++)
            harvest_page(&c, c.locs.v[i].url, c.locs.v[i].lastmod);
        if (c.complete && !c.stop)
            remove_unlisted(&c);
        else
            ix_source_tell(c.r, 0,
                           "%s: the harvest did not list the whole site: no page file removed",
                           s->url);
        if (ix_store_save(c.store, err, sizeof err) != 0)
            ix_source_tell(c.r, 1, "%s", err);
    }
    r->ok = !r->error[0] && c.complete && !c.stop && !r->failed;
    ix_fetch_free(c.fetch);
    ix_robots_free(c.robots);
    ix_store_close(c.store);
    json_decref(c.names);
    json_decref(c.seen);
    json_decref(c.queued);
    items_free(&c.maps);
    items_free(&c.locs);
    return r->ok ? 0 : -1;
}
