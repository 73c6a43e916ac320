/* test_badinput.c — hostile and broken files: each gets a clean status and
 * message, nothing is expanded, fetched or read, nothing secret leaks into
 * an emitted document, and what can be recovered is (said per case). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collect.h"
#include "../../indexer/parse/detect.h"
#include "../../indexer/parse/html.h"
#include "../../indexer/parse/mods.h"
#include "../../indexer/parse/oai.h"
#include "../../indexer/parse/dispatch.h"
#include "tap.h"

typedef int (*parse_fn)(const char *, const char *, size_t, const ix_themes_t *, ix_sink_t *,
                        char *, size_t);

#define OAI_HEAD  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define OAI_OPEN  "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><ListRecords>\n"
#define OAI_CLOSE "</ListRecords></OAI-PMH>\n"
#define REC(id, title)                                                                             \
    "<record><header><identifier>" id "</identifier></header><metadata>"                           \
    "<oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" "                     \
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>" title "</dc:title></oai_dc:dc>"     \
    "</metadata></record>\n"

static const char billion_laughs[] =
    OAI_HEAD "<!DOCTYPE OAI-PMH [\n <!ENTITY lol \"lol\">\n"
             " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
             " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
             " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
             " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
             " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
             " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
             " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
             " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
             " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
             "]>\n" OAI_OPEN REC("oai:x:1", "&lol9;") OAI_CLOSE;

static const char xxe_file[] =
    OAI_HEAD "<!DOCTYPE OAI-PMH [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n" OAI_OPEN REC(
        "oai:x:1", "&xxe;") OAI_CLOSE;
static const char xxe_http[] =
    OAI_HEAD "<!DOCTYPE OAI-PMH [<!ENTITY xxe SYSTEM \"http://127.0.0.1:1/x\">]>\n" OAI_OPEN REC(
        "oai:x:1", "&xxe;") OAI_CLOSE;
static const char xxe_param[] =
    OAI_HEAD "<!DOCTYPE OAI-PMH [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>\n" OAI_OPEN REC(
        "oai:x:1", "t") OAI_CLOSE;
/* An external DTD subset alone declares nothing here: it is never loaded. */
static const char ext_dtd[] = OAI_HEAD
    "<!DOCTYPE OAI-PMH SYSTEM \"http://127.0.0.1:1/x.dtd\">\n" OAI_OPEN REC("oai:x:1", "Titre")
        OAI_CLOSE;
static const char xinclude[] = OAI_HEAD OAI_OPEN
    "<record><header><identifier>oai:x:1</identifier></header><metadata>"
    "<oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" "
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
    "<dc:title>Titre <xi:include href=\"file:///etc/passwd\" parse=\"text\"/></dc:title>"
    "<dc:description><xi:include href=\"/etc/passwd\" parse=\"text\"/></dc:description>"
    "</oai_dc:dc></metadata></record>\n" OAI_CLOSE;
static const char bad_utf8[] =
    OAI_HEAD OAI_OPEN REC("oai:x:1", "Bon") REC("oai:x:2", "Mauvais \xC3\x28 octet") OAI_CLOSE;
static const char mods_xxe[] =
    "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
    "<modsCollection xmlns=\"http://www.loc.gov/mods/v3\"><mods><titleInfo><title>&x;"
    "</title></titleInfo></mods></modsCollection>";
static const char html_xxe[] = "<!DOCTYPE html [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                               "<html><body><h1>Titre</h1><p>&x;</p></body></html>";
static const char html_unclosed[] =
    "<html><head><title>Page | IREV</title></head><body><div id=\"content\">"
    "<h1>Balises <b>non fermées<p>Premier paragraphe<p>Second <i>paragraphe"
    "<ul><li>un<li>deux</div>";

static collect_t c;
static char err[512];

static int run(parse_fn fn, const char *buf, size_t len)
{
    collect_free(&c);
    collect_init(&c);
    err[0] = '\0';
    return fn("bad/input", buf, len, NULL, &c.sink, err, sizeof err);
}

/* Nothing of /etc/passwd in any document or warning. */
static int no_secret(void)
{
    if (c.json_all && (strstr(c.json_all, "root:") || strstr(c.json_all, "/bin/")))
        return 0;
    for (size_t i = 0; i < c.warnings.n; i++)
        if (strstr(c.warnings.v[i], "root:"))
            return 0;
    return 1;
}

static void refused_dtd(parse_fn fn, const char *buf, size_t len, const char *name)
{
    clock_t t0 = clock();
    int rc = run(fn, buf, len);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    is_int(rc, -1, name);
    ok(strstr(err, "DTD with entities refused") && strncmp(err, "line ", 5) == 0,
       "%s: message (%s)", name, err);
    ok(c.n == 0, "%s: nothing emitted", name);
    ok(no_secret(), "%s: nothing secret", name);
    ok(secs < 2.0, "%s: refused at once (%.3f s)", name, secs);
}

static char *nest(const char *open, const char *close, int depth, const char *pre, const char *post)
{
    size_t n = strlen(pre) + strlen(post) + (size_t)depth * (strlen(open) + strlen(close)) + 1;
    char *s = malloc(n), *p = s;
    if (!s)
        return NULL;
    p += sprintf(p, "%s", pre);
    for (int i = 0; i < depth; i++)
        p += sprintf(p, "%s", open);
    for (int i = 0; i < depth; i++)
        p += sprintf(p, "%s", close);
    sprintf(p, "%s", post);
    return s;
}

int main(void)
{
    int rc;
    /* 1. Empty file: detected, and refused by every parser. */
    is_int(ix_detect_format("a.xml", "", 0), IX_FORMAT_EMPTY, "empty: detected");
    rc = run(ix_oai_parse, "", 0);
    ok(rc == -1 && strcmp(err, "empty file") == 0, "empty: oai -1 (%s)", err);
    rc = run(ix_mods_parse, "", 0);
    ok(rc == -1 && err[0], "empty: mods -1 (%s)", err);
    rc = run(ix_dispatch_html, "", 0);
    ok(rc == -1 && strcmp(err, "empty file") == 0, "empty: html -1 'empty file'");

    /* 2. Binary file: detected as such (the indexer skips it); parsers fail cleanly. */
    static const char bin[] = "\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0";
    is_int(ix_detect_format("x.html", bin, sizeof bin - 1), IX_FORMAT_BINARY, "binary: detected");
    rc = run(ix_oai_parse, bin, sizeof bin - 1);
    ok(rc == -1 && strncmp(err, "line ", 5) == 0 && c.n == 0, "binary: oai -1 (%s)", err);

    /* 3. Truncated XML: records before the cut are kept, then -1 with the line. */
    size_t len;
    char *oai = corpus_file("xml/oai-dc-portail-politique-de-la-ville.xml", &len);
    if (oai) {
        rc = run(ix_oai_parse, oai, len / 2);
        is_int(rc, -1, "truncated: -1");
        ok(strncmp(err, "line ", 5) == 0 && strlen(err) > 8, "truncated: 'line N: message' (%s)",
           err);
        ok(c.n > 5 && c.n < 27, "truncated: the %zu records before the cut were emitted", c.n);
        free(oai);
    } else {
        ok(0, "read the OAI export");
    }

    /* 4-6. Billion laughs, external entities, parameter entities: refused. */
    refused_dtd(ix_oai_parse, billion_laughs, sizeof billion_laughs - 1, "billion laughs");
    refused_dtd(ix_oai_parse, xxe_file, sizeof xxe_file - 1, "entity file:///etc/passwd");
    refused_dtd(ix_oai_parse, xxe_http, sizeof xxe_http - 1, "entity http://127.0.0.1:1/x");
    refused_dtd(ix_oai_parse, xxe_param, sizeof xxe_param - 1, "parameter entity");
    refused_dtd(ix_mods_parse, mods_xxe, sizeof mods_xxe - 1, "mods entity");
    /* The same in UTF-16: the prolog scan reads wide text too. */
    char *wide = malloc(2 * sizeof xxe_file + 2);
    if (wide) {
        wide[0] = '\xFF', wide[1] = '\xFE';
        for (size_t i = 0; i + 1 < sizeof xxe_file; i++)
            wide[2 + 2 * i] = xxe_file[i], wide[3 + 2 * i] = 0;
        refused_dtd(ix_oai_parse, wide, 2 * (sizeof xxe_file - 1) + 2, "UTF-16 entity");
        free(wide);
    }
    rc = run(ix_oai_parse, ext_dtd, sizeof ext_dtd - 1);
    ok(rc == 0 && c.n == 1, "external DTD subset: not fetched, records read (%s)", err);

    /* 7. XInclude is never processed: the include element is ignored. */
    rc = run(ix_oai_parse, xinclude, sizeof xinclude - 1);
    is_int(rc, 0, "xi:include: parses");
    is_int(c.n, 1, "xi:include: the record is emitted");
    is_str(c.n ? c.docs[0].title : NULL, "Titre", "xi:include: nothing included in the title");
    ok(no_secret(), "xi:include: nothing secret");

    /* 8. Invalid UTF-8: -1 with libxml2's message; the record before is kept. */
    rc = run(ix_oai_parse, bad_utf8, sizeof bad_utf8 - 1);
    is_int(rc, -1, "invalid UTF-8: -1");
    ok(strncmp(err, "line ", 5) == 0 && strstr(err, "UTF-8"), "invalid UTF-8: message (%s)", err);
    is_int(c.n, 1, "invalid UTF-8: the record before is kept");

    /* HTML with a DOCTYPE entity: HTML has no entities of its own to expand. */
    rc = run(ix_dispatch_html, html_xxe, sizeof html_xxe - 1);
    is_int(rc, 0, "html entity: parses");
    ok(no_secret(), "html entity: nothing secret");

    /* 9. HTML with unclosed tags: recovered, as browsers do. */
    rc = run(ix_dispatch_html, html_unclosed, sizeof html_unclosed - 1);
    is_int(rc, 0, "unclosed tags: recovered");
    is_str(c.n ? c.docs[0].title : NULL, "Balises non fermées", "unclosed tags: title");
    ok(c.n && c.docs[0].body && strstr(c.docs[0].body, "Premier paragraphe\n\nSecond paragraphe"),
       "unclosed tags: paragraphs");

    /* 10. 10,000-deep nesting: refused, no stack overflow. */
    char *deep = nest("<div>", "</div>", 10000, "<html><body>", "</body></html>");
    rc = deep ? run(ix_dispatch_html, deep, strlen(deep)) : 0;
    is_int(rc, -1, "deep HTML: refused");
    is_str(err, "nesting deeper than 256 elements", "deep HTML: message");
    is_int(c.n, 0, "deep HTML: nothing emitted");
    free(deep);
    deep = nest("<x>", "</x>", 10000, OAI_HEAD OAI_OPEN, OAI_CLOSE);
    rc = deep ? run(ix_oai_parse, deep, strlen(deep)) : 0;
    is_int(rc, -1, "deep XML: refused");
    ok(strncmp(err, "line ", 5) == 0 && strstr(err, "depth"),
       "deep XML: libxml2's depth limit (%s)", err);
    free(deep);
    deep = nest("<mods>", "</mods>", 10000, "<modsCollection>", "</modsCollection>");
    rc = deep ? run(ix_mods_parse, deep, strlen(deep)) : 0;
    is_int(rc, -1, "deep MODS: refused");
    free(deep);

    /* Not the expected vocabulary. */
    static const char rss[] = "<?xml version=\"1.0\"?><rss><channel/></rss>";
    rc = run(ix_oai_parse, rss, sizeof rss - 1);
    is_str(err, "root element <rss> is not OAI-PMH", "wrong root: oai says so");
    rc = run(ix_mods_parse, rss, sizeof rss - 1);
    is_str(err, "root element <rss> is not MODS", "wrong root: mods says so");
    collect_free(&c);
    return tap_done();
}
