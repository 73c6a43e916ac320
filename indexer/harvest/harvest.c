/* harvest/harvest.c — `polis-indexer harvest`: a source's options, its run
 * and its account; see harvest.h. */
#include "harvest/harvest.h"

#include <stdlib.h>
#include <string.h>

#include "harvest/oaih.h"
#include "harvest/site.h"

#define PROG "polis-indexer"

int ix_harvest_run(const ix_source_t *src, ix_source_result_t *r)
{
    memset(r, 0, sizeof *r);
    ix_source_t s = *src;
    if (s.delay < 0)
        s.delay = s.kind == IX_SOURCE_SITEMAP ? IX_SOURCE_DELAY_SITEMAP : 0;
    if (s.max_response > s.max_bytes)
        s.max_response = s.max_bytes;
    return s.kind == IX_SOURCE_OAI ? ix_oaih_harvest(&s, r) : ix_site_harvest(&s, r);
}

static const char *kind_name(const ix_source_t *s)
{
    return s->kind == IX_SOURCE_OAI ? "oai" : "sitemap";
}

void ix_harvest_print(const ix_source_t *s, const ix_source_result_t *r, FILE *f)
{
    fprintf(f, "harvest %s %s -> %s: ", kind_name(s), s->url, s->into);
    if (s->kind == IX_SOURCE_OAI)
        fprintf(f, "%lu records in %lu responses (%lu deleted)", r->entries, r->responses,
                r->deleted);
    else
        fprintf(f, "%lu pages listed in %lu sitemaps", r->entries, r->responses);
    fprintf(f, "; %lu files written, %lu unchanged, %lu removed", r->written, r->unchanged,
            r->removed);
    if (s->kind == IX_SOURCE_SITEMAP)
        fprintf(f, "; %lu disallowed by robots.txt, %lu refused (another host), %lu not HTML",
                r->disallowed, r->refused, r->skipped);
    fprintf(f, "; %lu requests, %lu not modified (304), %lu retried, %llu bytes", r->requests,
            r->not_modified, r->retried, r->bytes);
    if (s->kind == IX_SOURCE_OAI)
        fprintf(f, "; from=%s, next from=%s", r->from[0] ? r->from : "(all)",
                r->until[0] ? r->until : "(all)");
    fprintf(f, "\n");
    if (!r->ok)
        fprintf(f,
                "harvest %s %s FAILED: %s; kept: the %lu files this run wrote, whole, and "
                "those of earlier runs\n",
                kind_name(s), s->url, r->error[0] ? r->error : "see above", r->written);
}

json_t *ix_harvest_json(const ix_source_t *s, const ix_source_result_t *r)
{
    json_t *j =
        json_pack("{s:s,s:s,s:s,s:b,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
                  "kind", kind_name(s), "url", s->url, "into", s->into, "ok", r->ok, "requests",
                  (json_int_t)r->requests, "not_modified", (json_int_t)r->not_modified, "retried",
                  (json_int_t)r->retried, "bytes", (json_int_t)r->bytes, "responses",
                  (json_int_t)r->responses, "entries", (json_int_t)r->entries, "written",
                  (json_int_t)r->written, "unchanged", (json_int_t)r->unchanged, "removed",
                  (json_int_t)r->removed, "deleted", (json_int_t)r->deleted, "disallowed",
                  (json_int_t)r->disallowed, "refused", (json_int_t)r->refused, "skipped",
                  (json_int_t)r->skipped, "failed", (json_int_t)r->failed);
    if (j && !r->ok)
        json_object_set_new(j, "error", json_string(r->error));
    if (j && s->kind == IX_SOURCE_OAI) {
        json_object_set_new(j, "from", json_string(r->from));
        json_object_set_new(j, "next_from", json_string(r->until));
    }
    return j;
}

/* ---- the command ------------------------------------------------------------ */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: " PROG
            " harvest oai BASEURL --into DIR [--set S] [--metadata-prefix oai_dc|mods]\n"
            "                [options]\n"
            "       " PROG " harvest sitemap URL --into DIR [--delay S] [options]\n"
            "\n"
            "oai       ListRecords from the OAI-PMH repository at BASEURL, following every\n"
            "          resumptionToken; one file per record in DIR (what parse/oai.c or\n"
            "          parse/mods.c reads); a deleted record removes its file.  The next\n"
            "          harvest asks from= the last datestamp seen.\n"
            "sitemap   the pages a site's sitemap.xml (or sitemap index) lists, on its host\n"
            "          only and as its robots.txt allows, one HTML file each in DIR; a page\n"
            "          whose lastmod did not change is not fetched, the others are asked\n"
            "          with If-None-Match / If-Modified-Since.\n"
            "Files are written whole (a temporary file renamed); DIR/.polis-harvest.json\n"
            "keeps the state.  `rebuild`/`update` --harvest CONFIG harvest before indexing.\n"
            "\n"
            "options:\n"
            "  --into DIR            where the files go (required)\n"
            "  --set S               oai: the setSpec to harvest\n"
            "  --metadata-prefix P   oai: oai_dc (default) or mods\n"
            "  --delay S             seconds between two requests (sitemap default %.0f, oai 0;\n"
            "                        a longer robots.txt Crawl-delay wins, up to 60)\n"
            "  --timeout S           seconds for one request, whole (default %.0f)\n"
            "  --connect-timeout S   seconds to connect (default %.0f)\n"
            "  --retries N           retries of a transient failure: no connection, timeout,\n"
            "                        429, 500, 502, 503, 504 (default %d)\n"
            "  --backoff S           first wait before a retry, doubled each time (default %.0f);\n"
            "                        a Retry-After header is honoured instead\n"
            "  --max-retry-wait S    longest Retry-After honoured; longer fails (default %.0f)\n"
            "  --max-pages N         oai: response pages; sitemap: pages fetched (default %lu)\n"
            "  --max-bytes N         body bytes in all, K/M/G allowed (default 2G)\n"
            "  --max-response N      body bytes of one response (default 64M)\n"
            "  --json                the account as JSON on stdout\n"
            "  --quiet               no summary line on stderr\n"
            "\n"
            "exit status: 0 harvested whole, 1 the source failed (the files written stay,\n"
            "whole; the summary says what was kept), 2 usage.\n",
            IX_SOURCE_DELAY_SITEMAP, IX_SOURCE_TIMEOUT, IX_SOURCE_CONNECT, IX_SOURCE_RETRIES,
            IX_SOURCE_BACKOFF, IX_SOURCE_MAX_RETRY_WAIT, IX_SOURCE_MAX_PAGES);
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, PROG ": harvest: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry '" PROG " harvest --help'.\n");
    return 2;
}

int ix_harvest_main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        }
    if (argc < 3)
        return usage_error("%s", "oai BASEURL or sitemap URL, and --into DIR");
    ix_source_kind_t kind;
    if (strcmp(argv[1], "oai") == 0)
        kind = IX_SOURCE_OAI;
    else if (strcmp(argv[1], "sitemap") == 0)
        kind = IX_SOURCE_SITEMAP;
    else
        return usage_error("unknown source kind %s (oai or sitemap)", argv[1]);
    ix_source_t s;
    ix_source_init(&s, kind, argv[2], NULL);
    int json = 0, quiet = 0;
    for (int i = 3; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            json = 1;
            continue;
        }
        if (strcmp(a, "--quiet") == 0) {
            quiet = 1;
            continue;
        }
        if (strncmp(a, "--", 2) != 0)
            return usage_error("unexpected argument %s", a);
        if (i + 1 >= argc || !argv[i + 1][0])
            return usage_error("%s needs a value", a);
        char err[512];
        int rc = ix_source_set(&s, a + 2, argv[++i], err, sizeof err);
        if (rc == 1)
            return usage_error("unknown option %s", a);
        if (rc < 0)
            return usage_error("%s", err);
    }
    if (!s.into)
        return usage_error("%s", "--into DIR is required: where the files go");
    if (kind == IX_SOURCE_SITEMAP && (s.set || strcmp(s.prefix, "oai_dc") != 0))
        return usage_error("%s", "--set and --metadata-prefix are for oai");
    ix_source_result_t r;
    int rc = ix_harvest_run(&s, &r);
    if (!quiet)
        ix_harvest_print(&s, &r, stderr);
    if (json) {
        json_t *j = ix_harvest_json(&s, &r);
        if (!j || json_dumpf(j, stdout, JSON_COMPACT | JSON_ENSURE_ASCII) != 0)
            fprintf(stderr, PROG ": harvest: cannot write the JSON account\n");
        else
            printf("\n");
        json_decref(j);
    }
    return rc == 0 ? 0 : 1;
}
