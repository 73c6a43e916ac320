/* test_xml.c — OAI-PMH (oai_dc) and MODS exports of corpus/xml, field by field. */
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "../../indexer/parse/mods.h"
#include "../../indexer/parse/oai.h"
#include "../../indexer/xml/xmlsafe.h"
#include "tap.h"

static void test_oai(const ix_themes_t *themes)
{
    size_t len;
    char *buf = corpus_file("xml/oai-dc-portail-politique-de-la-ville.xml", &len);
    ok(buf != NULL, "read the OAI-PMH export");
    if (!buf)
        return;
    collect_t c;
    collect_init(&c);
    char err[256] = "";
    int rc = ix_oai_parse("xml/oai-dc-portail-politique-de-la-ville.xml", buf, len, themes, &c.sink,
                          err, sizeof err);
    collect_resolve(&c, themes);
    is_int(rc, 0, "oai: parses");
    is_str(err, "", "oai: no error");
    is_int(c.n, 27, "oai: 27 records (29 minus 2 deleted)");
    is_int(c.removed.n, 2, "oai: 2 deleted headers");
    ok(strv_has(&c.removed, "oai-doc-irev-fr-notice-4433"), "oai: deleted notice/4433 removed");
    ok(strv_has(&c.removed, "oai-doc-irev-fr-notice-4719"), "oai: deleted notice/4719 removed");

    /* A book: its OAI identifier gives the id (a deleted header names only
     * that), even though it has an ISBN. */
    const polis_doc_t *d = collect_find(&c, "oai-doc-irev-fr-notice-10432");
    ok(d != NULL, "oai: book found by its OAI identifier, not its ISBN");
    if (d) {
        is_int(d->kind, POLIS_KIND_REFERENCE, "oai book: kind reference");
        is_str(d->title, "Les quartiers prioritaires face à la crise", "oai book: title");
        is_int(d->authors.n, 2, "oai book: two creators");
        is_str(d->authors.n > 1 ? d->authors.v[1] : NULL, "Leroy, Paul", "oai book: second author");
        is_str(d->publisher, "Éditions de l'Aube", "oai book: publisher");
        is_str(d->published, "2016", "oai book: year");
        is_str(d->site_type, "Ouvrage", "oai book: Livre -> Ouvrage (Text skipped)");
        is_str(d->url, "https://doc.irev.fr/notice/10432", "oai book: url");
        is_str(d->language, "fr", "oai book: fre -> fr");
        ok(strv_has(&d->themes, "politique-de-la-ville") &&
               strv_has(&d->themes, "developpement-economique"),
           "oai book: subjects mapped to themes");
        ok(strv_has(&d->themes, "sociologie-urbaine"),
           "oai book: a subject outside the table is a theme of its own");
        ok(d->summary && strncmp(d->summary, "À partir d'enquêtes", 20) == 0, "oai book: summary");
        is_str(d->source_path, "xml/oai-dc-portail-politique-de-la-ville.xml",
               "oai book: source_path");
        ok(d->citation && strstr(d->citation, "Dupont, Marie"), "oai book: citation built");
        is_str(d->extent, "245 p.", "oai book: dc:format 245 p. -> extent");
        is_str(d->isbn, "9782810903122", "oai book: isbn");
    }
    /* An article: the DOI gives the url, the month is kept. */
    d = collect_find(&c, "oai-doc-irev-fr-notice-2290");
    ok(d != NULL, "oai: article found by its OAI identifier");
    if (d) {
        is_str(d->url, "https://doi.org/10.3917/espri.0703.0062", "oai article: doi.org url");
        is_str(d->published, "2007-03", "oai article: YYYY-MM date");
        is_str(d->site_type, "Article", "oai article: type");
        is_str(d->container, "Esprit", "oai article: dc:source's journal -> container");
        ok(!d->publisher, "oai article: dc:publisher naming the journal is no publisher");
        is_str(d->issue, "333", "oai article: dc:source's n° -> issue");
        is_str(d->pages, "62-79", "oai article: dc:source's p. -> pages");
        is_str(d->doi, "10.3917/espri.0703.0062", "oai article: doi");
        ok(d->citation && strstr(d->citation, "Esprit, n° 333, p. 62-79"),
           "oai article: the citation names the journal");
    }
    /* No DOI, no ISBN: the OAI identifier slugged. */
    d = collect_find(&c, "oai-doc-irev-fr-notice-2712");
    ok(d != NULL, "oai: record without DOI/ISBN keyed by its OAI identifier");
    if (d) {
        is_str(d->published, "2010-06-15", "oai report: full date");
        is_str(d->publisher, "IREV", "oai report: publisher");
        ok(strv_has(&d->authors, "Institut régional de la ville"), "oai report: corporate creator");
    }
    d = collect_find(&c, "oai-doc-irev-fr-notice-3015");
    is_str(d ? d->site_type : NULL, "Étude", "oai: Etude -> Étude");
    d = collect_find(&c, "oai-doc-irev-fr-notice-2011");
    ok(d && strv_has(&d->places, "France"), "oai: coverage -> places");
    ok(polis_text_valid_utf8(c.json_all, c.json_len), "oai: all output is UTF-8");
    collect_free(&c);

    /* A sink that stops the parse stops it. */
    collect_init(&c);
    c.stop_after = 3;
    rc = ix_oai_parse("x.xml", buf, len, themes, &c.sink, err, sizeof err);
    is_int(rc, -1, "oai: a sink saying stop stops the parse");
    is_str(err, "stopped by the indexer", "oai: ... with its message");
    is_int(c.n, 3, "oai: ... after 3 records");
    collect_free(&c);
    free(buf);
}

static void test_mods(const ix_themes_t *themes)
{
    size_t len;
    char *buf = corpus_file("xml/mods-centre-de-ressources-irev.xml", &len);
    ok(buf != NULL, "read the MODS export");
    if (!buf)
        return;
    collect_t c;
    collect_init(&c);
    char err[256] = "";
    int rc = ix_mods_parse("xml/mods-centre-de-ressources-irev.xml", buf, len, themes, &c.sink, err,
                           sizeof err);
    collect_resolve(&c, themes);
    is_int(rc, 0, "mods: parses");
    is_int(c.n, 20, "mods: 20 records");
    const polis_doc_t *d = collect_find(&c, "isbn-9782707188014");
    ok(d != NULL, "mods: book keyed by ISBN");
    if (d) {
        is_str(d->title,
               "La politique de la ville : une histoire française, des opérations Habitat "
               "et vie sociale à la rénovation urbaine",
               "mods book: nonSort + title + subTitle");
        is_str(d->authors.n ? d->authors.v[0] : NULL, "Vidal, Hélène", "mods book: family, given");
        is_str(d->publisher, "La Découverte", "mods book: publisher");
        is_str(d->published, "2005", "mods book: dateIssued");
        is_str(d->site_type, "Ouvrage", "mods book: genre book -> Ouvrage");
        is_str(d->language, "fr", "mods book: language");
        ok(strv_has(&d->themes, "politique-de-la-ville"), "mods book: topic -> theme");
        ok(strv_has(&d->themes, "banlieues"), "mods book: a topic outside the table is a theme");
        ok(strv_has(&d->places, "France"), "mods book: geographic -> places");
        ok(d->summary && strncmp(d->summary, "Des opérations Habitat", 22) == 0,
           "mods book: abstract");
        is_str(d->extent, "256 p.", "mods book: physicalDescription/extent");
        is_str(d->isbn, "9782707188014", "mods book: isbn");
    }
    d = collect_find(&c, "doi-10-3917-spub-110-0061");
    ok(d && d->container && strcmp(d->container, "Santé publique") == 0 && d->volume &&
           strcmp(d->volume, "23") == 0 && d->issue && strcmp(d->issue, "HS") == 0 && d->pages &&
           strcmp(d->pages, "61-72") == 0,
       "mods article: volume, issue HS and pages of the host");
    d = collect_find(&c, "doi-10-3406-aru-2006-2650");
    ok(d != NULL, "mods: article keyed by DOI");
    if (d) {
        is_str(d->container, "Les Annales de la recherche urbaine",
               "mods article: host title -> container");
        is_str(d->publisher, "PUCA", "mods article: host publisher");
        is_str(d->issue, "101", "mods article: part/detail[issue]");
        is_str(d->pages, "45-58", "mods article: part/extent pages");
        is_str(d->doi, "10.3406/aru.2006.2650", "mods article: doi");
        is_str(d->url, "https://doi.org/10.3406/aru.2006.2650", "mods article: location url");
        is_str(d->site_type, "Article", "mods article: genre");
    }
    d = collect_find(&c, "irev-m0004");
    ok(d != NULL, "mods: no DOI/ISBN -> the record's ID");
    if (d) {
        is_str(d->site_type, "Thèse", "mods thesis: genre thesis -> Thèse");
        is_str(d->url, "https://theses.fr/2009LIL10045", "mods thesis: uri identifier -> url");
        is_int(d->authors.n, 3, "mods thesis: personal and corporate names");
    }
    d = collect_find(&c, "irev-m0007");
    is_str(d ? d->published : NULL, "2012-03", "mods: YYYY-MM date");
    ok(polis_text_valid_utf8(c.json_all, c.json_len), "mods: all output is UTF-8");
    collect_free(&c);

    /* The OAI parser refuses MODS, and the MODS parser an OAI-PMH without mods. */
    collect_init(&c);
    rc = ix_oai_parse("m.xml", buf, len, themes, &c.sink, err, sizeof err);
    is_int(rc, -1, "oai parser refuses a MODS file");
    is_str(err, "root element <modsCollection> is not OAI-PMH", "... and says why");
    collect_free(&c);
    free(buf);
}

/* A text past the field limit is kept as far as it goes, to its last whole
 * character, whether it has spaces or none. */
static void long_text(void)
{
    size_t n = IX_XMLSAFE_MAX_FIELD + 4464;
    char *a = malloc(n + 1), *b = malloc(n + 1);
    if (!a || !b) {
        ok(0, "long text: memory");
        free(a);
        free(b);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        a[i] = i % 10 == 9 ? ' ' : 'x';
        b[i] = 'y';
    }
    memcpy(b + IX_XMLSAFE_MAX_FIELD - 1, "\xc3\xa9", 2); /* é across the limit */
    a[n] = b[n] = '\0';
    xmlNode *ta = xmlNewText((const xmlChar *)a), *tb = xmlNewText((const xmlChar *)b);
    char *ca = ix_xmlsafe_node_strdup(ta), *cb = ix_xmlsafe_node_strdup(tb);
    ok(ca && strlen(ca) == IX_XMLSAFE_MAX_FIELD && strncmp(ca, a, strlen(ca)) == 0,
       "long text with spaces: cut at the limit (%zu bytes)", ca ? strlen(ca) : 0);
    ok(cb && strlen(cb) == IX_XMLSAFE_MAX_FIELD - 1 && strncmp(cb, b, strlen(cb)) == 0,
       "long text without a space: cut before the character that crosses the limit (%zu bytes)",
       cb ? strlen(cb) : 0);
    free(ca);
    free(cb);
    xmlFreeNode(ta);
    xmlFreeNode(tb);
    free(a);
    free(b);
}

int main(void)
{
    ix_themes_t *themes = corpus_themes();
    test_oai(themes);
    test_mods(themes);
    long_text();
    ix_themes_free(themes);
    return tap_done();
}
