/* fuzz_harvest.c — libFuzzer target for what the harvester reads from the
 * network: robots.txt (ix_robots_parse() and its matcher), sitemaps
 * (ix_sitemap_parse()), OAI-PMH responses (ix_oaih_page_read() and each
 * record made a file) and a page given its canonical link
 * (ix_page_prepare()).  The whole input goes to each. */
#include <stdlib.h>
#include <string.h>

#include "harvest/oaih_page.h"
#include "harvest/page.h"
#include "harvest/robots.h"
#include "harvest/sitemap.h"

static int on_entry(void *ctx, int is_index, const char *loc, const char *lastmod)
{
    (void)ctx;
    (void)is_index;
    return loc[0] == 0 && lastmod[0] == 0; /* never: a loc is never empty */
}

static int on_record(void *ctx, const ix_oaih_record_t *rec)
{
    polis_buf_t *file = ctx;
    char err[256];
    file->len = 0;
    if (!rec->deleted)
        (void)ix_oaih_record_file(rec, rec->identifier[0] == 'm' ? "mods" : "oai_dc",
                                  "https://a.fr/oai", file, err, sizeof err);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    ix_robots_t *r = ix_robots_parse(buf, size, "polis-indexer");
    if (r) {
        static const char *const paths[] = { "/", "/a/b?c=d", "/private/x.pdf", "/robots.txt" };
        for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
            (void)ix_robots_allowed(r, paths[i]);
        ix_robots_free(r);
    }
    char err[512];
    (void)ix_sitemap_parse(buf, size, on_entry, NULL, err, sizeof err);
    polis_buf_t file = { 0 };
    ix_oaih_page_t page;
    (void)ix_oaih_page_read(buf, size, on_record, &file, &page, err, sizeof err);
    polis_buf_free(&file);
    polis_buf_t out = { 0 };
    (void)ix_page_prepare(buf, size, "https://a.fr/x?a=1&b=2", &out);
    polis_buf_free(&out);
    return 0;
}
