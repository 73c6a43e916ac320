/* test_harvest.c — the harvester's helpers without a network: robots.txt
 * rules, URLs, the canonical link a page is given, the store's files and
 * lock, sitemaps and OAI-PMH responses read, a record made a file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../indexer/harvest/oaih_page.h"
#include "../../indexer/harvest/page.h"
#include "../../indexer/harvest/robots.h"
#include "../../indexer/harvest/sitemap.h"
#include "../../indexer/harvest/store.h"
#include "../../indexer/harvest/url.h"
#include "../../indexer/parse/detect.h"
#include "tap.h"

static void test_robots(void)
{
    static const char txt[] = "# comment\n"
                              "User-agent: *\n"
                              "Disallow: /private/\n"
                              "Crawl-delay: 9\n"
                              "\n"
                              "User-agent: otherbot\n"
                              "User-agent: Polis-Indexer/1.0\n"
                              "Disallow: /interdit/\n"
                              "Allow: /interdit/public\n"
                              "Disallow: /*.pdf$\n"
                              "Disallow: /search?\n"
                              "Crawl-delay: 2.5\n"
                              "Sitemap: https://x/sitemap.xml\n";
    ix_robots_t *r = ix_robots_parse(txt, sizeof txt - 1, "polis-indexer");
    ok(r != NULL, "robots.txt parsed");
    is_int(ix_robots_rules(r), 4, "our group's 4 rules kept, *'s dropped");
    ok(ix_robots_allowed(r, "/private/x"), "* is not ours when a group names us");
    ok(!ix_robots_allowed(r, "/interdit/page"), "Disallow /interdit/");
    ok(ix_robots_allowed(r, "/interdit/public/a"), "the longer Allow wins");
    ok(!ix_robots_allowed(r, "/docs/rapport.pdf"), "'*' and '$': /*.pdf$");
    ok(ix_robots_allowed(r, "/docs/rapport.pdf?v=1"), "'$' anchors at the end");
    ok(!ix_robots_allowed(r, "/search?q=x"), "a query is part of the path");
    ok(ix_robots_allowed(r, "/robots.txt"), "robots.txt itself is always allowed");
    ok(ix_robots_delay(r) == 2.5, "our group's Crawl-delay");
    ix_robots_free(r);

    static const char star[] = "User-agent: *\nDisallow: /\nAllow: /$\nAllow: /page\n";
    r = ix_robots_parse(star, sizeof star - 1, "polis-indexer");
    ok(!ix_robots_allowed(r, "/x") && ix_robots_allowed(r, "/") && ix_robots_allowed(r, "/page/1"),
       "* when no group names us; Allow /$ and Allow /page against Disallow /");
    ix_robots_free(r);
    static const char equal[] = "User-agent: *\nDisallow: /a\nAllow: /a\n";
    r = ix_robots_parse(equal, sizeof equal - 1, "polis-indexer");
    ok(ix_robots_allowed(r, "/a"), "Allow wins a tie");
    ix_robots_free(r);
    r = ix_robots_parse("", 0, "polis-indexer");
    ok(ix_robots_allowed(r, "/anything"), "an empty robots.txt allows everything");
    ix_robots_free(r);
    r = ix_robots_all(0);
    ok(!ix_robots_allowed(r, "/"), "an unreadable robots.txt allows nothing");
    ix_robots_free(r);
    static const char stars[] = "User-agent: *\nDisallow: /*a*a*a*a*a*a*a*b\n";
    r = ix_robots_parse(stars, sizeof stars - 1, "polis-indexer");
    char path[4096];
    memset(path, 'a', sizeof path - 1);
    path[0] = '/';
    path[sizeof path - 1] = '\0';
    ok(ix_robots_allowed(r, path), "many stars against a long path: no match, no blow-up");
    ix_robots_free(r);
}

static void test_url(void)
{
    char out[IX_URL_MAX];
    ok(ix_url_resolve("https://Site.FR/a/b.xml", "../c?x=1#frag", out, sizeof out) == 0,
       "a relative URL resolves");
    is_str(out, "https://Site.FR/c?x=1", "against its base, fragment dropped");
    ok(ix_url_resolve(NULL, "ftp://x/y", out, sizeof out) != 0, "ftp is refused");
    ok(ix_url_resolve(NULL, "javascript:alert(1)", out, sizeof out) != 0, "javascript: too");
    ok(ix_url_same_host("http://a.fr/x", "https://A.fr/y"), "http and https of a host: home");
    ok(ix_url_same_host("http://a.fr:80/x", "https://a.fr/y"), "a default port given is default");
    ok(!ix_url_same_host("http://127.0.0.1:8080/", "http://localhost:8080/"),
       "another host name: away");
    ok(!ix_url_same_host("http://a.fr:8080/", "http://a.fr:8081/"), "another port: away");
    ok(ix_url_path("https://a.fr", out, sizeof out) == 0 && strcmp(out, "/") == 0, "no path is /");
    ok(ix_url_path("https://a.fr/x/y?z=1", out, sizeof out) == 0 && strcmp(out, "/x/y?z=1") == 0,
       "path and query");
    ok(ix_url_origin("https://a.fr:8443/x", out, sizeof out) == 0 &&
           strcmp(out, "https://a.fr:8443") == 0,
       "origin keeps a port");
    snprintf(out, sizeof out, "https://a.fr/oai");
    ok(ix_url_add_query(out, sizeof out, "verb", "ListRecords") == 0 &&
           ix_url_add_query(out, sizeof out, "resumptionToken", "a+b/c=d&e f") == 0,
       "queries added");
    is_str(out, "https://a.fr/oai?verb=ListRecords&resumptionToken=a%2Bb%2Fc%3Dd%26e%20f",
           "a token escaped whole");
    char small[24] = "https://a.fr/oai";
    ok(ix_url_add_query(small, sizeof small, "verb", "ListRecords") != 0 &&
           strcmp(small, "https://a.fr/oai") == 0,
       "too long: refused, the URL as it was");
}

static char *prepared(const char *html, const char *url, int *added)
{
    polis_buf_t b = { 0 };
    *added = ix_page_prepare(html, strlen(html), url, &b);
    return b.data;
}

static void test_page(void)
{
    ok(ix_page_is_html("text/html; charset=utf-8") && ix_page_is_html("application/xhtml+xml") &&
           ix_page_is_html("") && !ix_page_is_html("application/pdf") &&
           !ix_page_is_html("text/htmlx"),
       "HTML content types");
    int added;
    char *p = prepared("<html><head><title>t</title></HEAD><body>x</body></html>",
                       "https://a.fr/x?a=1&b=\"2\"", &added);
    is_str(p,
           "<html><head><title>t</title><link rel=\"canonical\" "
           "href=\"https://a.fr/x?a=1&amp;b=&quot;2&quot;\">\n</HEAD><body>x</body></html>",
           "the link goes before </head>, its URL escaped");
    is_int(added, 1, "added");
    free(p);
    p = prepared("<html><header>h</header><p>x</p></html>", "https://a.fr/y", &added);
    is_str(
        p,
        "<html><link rel=\"canonical\" href=\"https://a.fr/y\">\n<header>h</header><p>x</p></html>",
        "no head: after <html>, <header> is no <head>");
    free(p);
    p = prepared("<p>bare</p>", "https://a.fr/z", &added);
    is_str(p, "<link rel=\"canonical\" href=\"https://a.fr/z\">\n<p>bare</p>", "a fragment: first");
    free(p);
    static const char own[] = "<head><LINK href=\"/n/1\" REL=\"Canonical\"></head>";
    p = prepared(own, "https://a.fr/w", &added);
    ok(added == 0 && strcmp(p, own) == 0, "a page's own canonical link: the page as it is");
    free(p);
    ok(!ix_page_has_canonical("<link rel=\"stylesheet\"><p>canonical</p>", 38),
       "'canonical' in the text is no link");
}

typedef struct {
    char got[1024];
} seen_t;

static int on_entry(void *ctx, int is_index, const char *loc, const char *lastmod)
{
    seen_t *s = ctx;
    size_t n = strlen(s->got);
    snprintf(s->got + n, sizeof s->got - n, "%s%s[%s]", is_index ? "+" : "", loc, lastmod);
    return 0;
}

static void test_sitemap(void)
{
    static const char set[] =
        "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
        "xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\">"
        "<url><loc> https://a.fr/x </loc><lastmod>2025-01-01</lastmod>"
        "<image:image><image:loc>https://a.fr/i.png</image:loc></image:image></url>"
        "<url><loc>https://a.fr/y?a=1&amp;b=2</loc></url><url><lastmod>x</lastmod></url></urlset>";
    seen_t s = { "" };
    char err[256];
    ok(ix_sitemap_parse(set, sizeof set - 1, on_entry, &s, err, sizeof err) == 0, "a urlset");
    is_str(s.got, "https://a.fr/x[2025-01-01]https://a.fr/y?a=1&b=2[]",
           "its locs, trimmed and unescaped, lastmods; no loc, no entry");
    static const char idx[] = "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                              "<sitemap><loc>/s1.xml</loc></sitemap></sitemapindex>";
    s.got[0] = '\0';
    ok(ix_sitemap_parse(idx, sizeof idx - 1, on_entry, &s, err, sizeof err) == 0 &&
           strcmp(s.got, "+/s1.xml[]") == 0,
       "a sitemap index");
    static const char html[] = "<html><body>not found</body></html>";
    ok(ix_sitemap_parse(html, sizeof html - 1, on_entry, &s, err, sizeof err) != 0 &&
           strstr(err, "root element <html> is not a sitemap"),
       "an HTML page is no sitemap: %s", err);
    static const char bomb[] = "<?xml version=\"1.0\"?><!DOCTYPE urlset [<!ENTITY a \"aaaa\">"
                               "<!ENTITY b \"&a;&a;&a;\">]><urlset><url><loc>&b;</loc></url>"
                               "</urlset>";
    ok(ix_sitemap_parse(bomb, sizeof bomb - 1, on_entry, &s, err, sizeof err) != 0 &&
           strstr(err, "DTD with entities refused"),
       "entities refused: %s", err);
}

typedef struct {
    int n, deleted;
    char last[128];
    polis_buf_t file;
} oai_seen_t;

static int on_record(void *ctx, const ix_oaih_record_t *rec)
{
    oai_seen_t *s = ctx;
    s->n++;
    s->deleted += rec->deleted;
    snprintf(s->last, sizeof s->last, "%s@%s", rec->identifier, rec->datestamp);
    char err[256];
    if (!rec->deleted && !s->file.len)
        (void)ix_oaih_record_file(rec, "mods", "https://a.fr/oai", &s->file, err, sizeof err);
    return 0;
}

static void test_oai_page(void)
{
    static const char page[] =
        "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><ListRecords>"
        "<record><header><identifier>oai:a:1</identifier><datestamp>2025-01-01</datestamp>"
        "</header><metadata><m:mods xmlns:m=\"http://www.loc.gov/mods/v3\"><m:titleInfo>"
        "<m:title>T</m:title></m:titleInfo></m:mods></metadata></record>"
        "<record><header status=\"deleted\"><identifier>oai:a:2</identifier>"
        "<datestamp>2025-01-02</datestamp></header></record>"
        "<resumptionToken cursor=\"0\"> tok/1 </resumptionToken></ListRecords></OAI-PMH>";
    oai_seen_t s = { 0 };
    ix_oaih_page_t pg;
    char err[256];
    ok(ix_oaih_page_read(page, sizeof page - 1, on_record, &s, &pg, err, sizeof err) == 0,
       "a ListRecords response");
    ok(s.n == 2 && s.deleted == 1 && strcmp(s.last, "oai:a:2@2025-01-02") == 0,
       "its records, one deleted");
    is_str(pg.token, "tok/1", "its resumptionToken, trimmed");
    ok(s.file.data && strstr(s.file.data, "<m:mods xmlns:m=\"http://www.loc.gov/mods/v3\">") &&
           !strstr(s.file.data, "OAI-PMH"),
       "a MODS record's file is its <mods>, namespace declared");
    ok(s.file.data && ix_detect_format("r.xml", s.file.data, s.file.len) == IX_FORMAT_MODS,
       "which the indexer reads as MODS");
    polis_buf_free(&s.file);
    static const char error[] = "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">"
                                "<error code=\"badResumptionToken\">expired</error></OAI-PMH>";
    ok(ix_oaih_page_read(error, sizeof error - 1, on_record, &s, &pg, err, sizeof err) == 0 &&
           strcmp(pg.error_code, "badResumptionToken") == 0 && strcmp(pg.error, "expired") == 0,
       "an <error>, its code and text");
}

static void test_store(void)
{
    char dir[] = "/tmp/polis-store-XXXXXX", err[512], name[IX_STORE_NAME_MAX + 1];
    if (!mkdtemp(dir)) {
        ok(0, "mkdtemp");
        return;
    }
    ok(ix_store_name("oai:doc.fr:notice/12", 20, ".xml", name, sizeof name) == 0 &&
           strcmp(name, "oai-doc-fr-notice-12.xml") == 0,
       "a name is the key's slug");
    ok(ix_store_name("/", 1, ".html", name, sizeof name) == 0 && strcmp(name, "index.html") == 0,
       "an empty slug is index");
    char key[600];
    memset(key, 'a', sizeof key - 1);
    key[sizeof key - 1] = '\0';
    ok(ix_store_name(key, strlen(key), ".html", name, sizeof name) == 0 &&
           strlen(name) == IX_STORE_NAME_MAX && strstr(name, ".html"),
       "a long slug is cut and hashed to %d bytes", IX_STORE_NAME_MAX);
    char sub[600];
    snprintf(sub, sizeof sub, "%s/a/b", dir);
    ix_store_t *st = ix_store_open(sub, err, sizeof err);
    ok(st != NULL, "a store opens, its folders made");
    ix_store_t *two = ix_store_open(sub, err, sizeof err);
    ok(!two && strstr(err, "another harvest is writing here (pid "), "a second harvest: %s", err);
    ix_store_close(two);
    is_int(ix_store_put(st, "x.html", "abc", 3, err, sizeof err), 1, "written");
    is_int(ix_store_put(st, "x.html", "abc", 3, err, sizeof err), 0, "the same bytes: left alone");
    is_int(ix_store_put(st, "x.html", "abcd", 4, err, sizeof err), 1, "other bytes: written");
    is_int(ix_store_put(st, "../x", "a", 1, err, sizeof err), -1, "no name out of the folder");
    is_int(ix_store_put(st, ".hidden", "a", 1, err, sizeof err), -1, "no hidden name");
    json_object_set_new(ix_store_state(st), "from", json_string("2025-01-01"));
    ok(ix_store_save(st, err, sizeof err) == 0, "the state saved");
    is_int(ix_store_remove(st, "x.html", err, sizeof err), 1, "removed");
    is_int(ix_store_remove(st, "x.html", err, sizeof err), 0, "not there any more");
    ix_store_close(st);
    char tmp[700];
    snprintf(tmp, sizeof tmp, "%s/.polis-harvest-tmp.abc123", sub);
    FILE *f = fopen(tmp, "w");
    if (f)
        fclose(f);
    st = ix_store_open(sub, err, sizeof err);
    ok(st && strcmp(json_string_value(json_object_get(ix_store_state(st), "from")), "2025-01-01") ==
                 0,
       "the state read back");
    ok(access(tmp, F_OK) != 0, "a killed harvest's temporary file is removed");
    ix_store_close(st);
    snprintf(tmp, sizeof tmp, "%s/.polis-harvest.json", sub);
    f = fopen(tmp, "w");
    if (f) {
        fputs("{\"from\": ", f);
        fclose(f);
    }
    st = ix_store_open(sub, err, sizeof err);
    ok(!st && strstr(err, ".polis-harvest.json: line"), "a broken state is told: %s", err);
    ix_store_close(st);
    tap_rmtree(dir);
}

int main(void)
{
    test_robots();
    test_url();
    test_page();
    test_sitemap();
    test_oai_page();
    test_store();
    return tap_done();
}
