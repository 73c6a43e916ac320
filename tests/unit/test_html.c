/* test_html.c — HTML pages of corpus/html, field by field, in UTF-8,
 * windows-1252 and ISO-8859-1. */
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "collect.h"
#include "../../indexer/parse/html.h"
#include "../../indexer/parse/html_dom.h"
#include "../../indexer/parse/kind.h"
#include "../../indexer/parse/dispatch.h"
#include "tap.h"

static collect_t c;

/* Parse corpus/<rel> into c (cleared first); returns the first document. */
static const polis_doc_t *parse(const char *rel, const ix_themes_t *themes)
{
    size_t len;
    char err[256] = "";
    collect_free(&c);
    collect_init(&c);
    char *buf = corpus_file(rel, &len);
    if (!buf) {
        ok(0, "read %s", rel);
        return NULL;
    }
    int rc = ix_dispatch_html(rel, buf, len, themes, &c.sink, err, sizeof err);
    free(buf);
    collect_resolve(&c, themes);
    ok(rc == 0 && c.n >= 1, "%s parses (%s)", rel, err);
    ok(polis_text_valid_utf8(c.json_all ? c.json_all : "", c.json_len), "%s: output is UTF-8", rel);
    return c.n ? &c.docs[0] : NULL;
}

static int has_link(const polis_doc_t *d, const char *text, const char *url)
{
    for (size_t i = 0; i < d->n_links; i++)
        if (strcmp(d->links[i].url, url) == 0 &&
            (!text || (d->links[i].text && strcmp(d->links[i].text, text) == 0)))
            return 1;
    return 0;
}

static int body_has(const polis_doc_t *d, const char *s)
{
    return d->body && strstr(d->body, s) != NULL;
}

static void test_news(const ix_themes_t *themes)
{
    const polis_doc_t *d =
        parse("html/appel-a-projets-fonds-de-participation-des-habitants-2019.html", themes);
    if (!d)
        return;
    is_str(d->id, "actualites-0-appel-a-projets-fonds-de-participation-des-habitants-2019",
           "news: id from canonical URL");
    is_int(d->kind, POLIS_KIND_NEWS, "news: kind");
    is_str(d->title, "Appel à projets : fonds de participation des habitants 2019",
           "news: title from <h1>");
    is_str(d->site_type, "Appel à projets", "news: Type d'actualites field");
    is_str(d->published, "2019-03-12", "news: Publié le");
    is_str(d->event_date, "2019-04-26", "news: first date of the text");
    is_str(d->modified, "2019-03-14T16:22", "news: article:modified_time");
    is_str(d->url,
           "https://irev.fr/actualites-0/appel-a-projets-fonds-de-participation-des-habitants-2019",
           "news: url");
    is_str(d->language, "fr", "news: language");
    is_int(d->themes.n, 2, "news: two themes");
    ok(strv_has(&d->themes, "participation-des-habitants") &&
           strv_has(&d->themes, "politique-de-la-ville"),
       "news: Thématiques mapped");
    ok(strv_has(&d->keywords, "FPH"), "news: meta keywords kept");
    ok(d->summary && strncmp(d->summary, "Le fonds de participation des habitants 2019", 44) == 0,
       "news: summary from description");
    is_int(d->n_links, 6, "news: 3 text links + type + 2 theme links");
    ok(has_link(d, "dossier de demande",
                "https://irev.fr/sites/default/files/dossier-fph-2019.docx"),
       "news: link with text");
    ok(has_link(d, "réseau régional Participation des habitants",
                "https://irev.fr/action/reseau-regional-participation-des-habitants"),
       "news: relative link resolved");
    ok(body_has(d, "Le fonds est géré par des comités"), "news: body text");
    ok(body_has(d, "\n\nbénéficier au plus grand nombre"), "news: list items are paragraphs");
    ok(!body_has(d, "cookies"), "news: no cookie banner");
    ok(!body_has(d, "Accueil"), "news: no navigation, no breadcrumb");
    ok(!body_has(d, "Rechercher") && !body_has(d, "S'abonner"), "news: no forms");
    ok(!body_has(d, "Mentions légales") && !body_has(d, "Tél."), "news: no footer");
    ok(!body_has(d, "Agenda") && !body_has(d, "Séminaire Cités"), "news: no sidebar");
    ok(!body_has(d, "jQuery") && !body_has(d, "position:fixed"), "news: no script, no style");
    ok(!body_has(d, "Version imprimable"), "news: no node links");
    ok(!body_has(d, "Appel à projets : fonds"), "news: the title is not repeated in the body");
    ok(!strstr(d->body, "  ") && !strstr(d->body, "\n\n\n"), "news: white space collapsed");
}

static void test_action_page(const ix_themes_t *themes)
{
    const polis_doc_t *d = parse("html/pop-up-dev-eco-quartier-activateur.html", themes);
    if (!d)
        return;
    is_int(d->kind, POLIS_KIND_PAGE, "action: /action/ URL -> page");
    is_str(d->id, "action-pop-up-dev-eco-quartier-activateur", "action: id");
    is_str(d->published, "2017-06-20", "action: published");
    is_str(d->event_date, "2017-09-21", "action: event date");
    ok(strv_has(&d->places, "Amiens"), "action: Lieu -> places");
    ok(body_has(d, "Lieu : Quai de l'innovation"), "action: other fields kept in the body");
    ok(!body_has(d, "Nous utilisons des cookies"), "action: cookie banner left out");
    ok(!body_has(d, "Autres actions"), "action: sidebar left out");
    ok(has_link(d, "bibliographie associée",
                "https://irev.fr/ressources/bibliographie-developpement-economique-des-quartiers"),
       "action: links");
}

static void test_cp1252(const ix_themes_t *themes)
{
    const polis_doc_t *d = parse("html/retour-sur-le-mois-de-l-ess-a-lens.html", themes);
    if (!d)
        return;
    is_int(d->kind, POLIS_KIND_RECAP, "cp1252: Retour sur -> recap");
    is_str(d->title, "Retour sur le Mois de l’ESS à Lens", "cp1252: title with ’ and à decoded");
    ok(body_has(d, "gros œuvre"), "cp1252: œ (0x9C) decoded");
    ok(body_has(d, "économie sociale et solidaire"), "cp1252: accented words decoded");
    ok(body_has(d, "adaptés…"), "cp1252: … (0x85) decoded");
    is_str(d->site_type, "Actu de l'IREV", "cp1252: site type");
    is_str(d->published, "2018-12-04", "cp1252: Publié le with é");
    is_str(d->event_date, "2018-11-22", "cp1252: event date from the text");
    ok(strv_has(&d->themes, "economie-sociale-solidaire"), "cp1252: accented theme label mapped");
    ok(!body_has(d, "En poursuivant votre navigation"), "cp1252: cookie banner left out");
}

static void test_latin1(const ix_themes_t *themes)
{
    const polis_doc_t *d = parse("html/ateliers-sante-ville-en-hauts-de-france.html", themes);
    if (!d)
        return;
    is_str(d->title, "Les ateliers santé ville en Hauts-de-France", "latin1: title decoded");
    ok(body_has(d, "Au cœur de la démarche"), "latin1: &oelig; and é decoded");
    ok(body_has(d, "« les actions qui marchent"), "latin1: guillemets decoded");
    ok(strv_has(&d->themes, "sante"), "latin1: theme Santé mapped");
    ok(!body_has(d, "Ce site utilise des cookies"),
       "latin1: cookie banner (bandeau-cookies) left out");
    is_int(d->kind, POLIS_KIND_PAGE, "latin1: kind");
}

static void test_print_page(const ix_themes_t *themes)
{
    const polis_doc_t *d =
        parse("html/print-retour-sur-les-assises-regionales-de-la-jeunesse.html", themes);
    if (!d)
        return;
    is_str(d->id, "actualites-0-retour-sur-les-assises-regionales-de-la-jeunesse",
           "print: id from the URL, not the file");
    is_str(d->site_type, "Actu de l'IREV", "print: footnote marker dropped from the field");
    is_str(d->modified, "2012-05-25T10:03", "print: modified from the source URL line");
    ok(!body_has(d, "[1]") && !body_has(d, "Publié sur"),
       "print: no footnote markers, no site name");
    ok(strv_has(&d->themes, "jeunesse"), "print: themes");
}

static polis_kind_t kind_of(const char *url, const char *title, const char *rel, int typed,
                            int event)
{
    ix_kind_signs_t s = { url, title, rel, typed, event };
    return ix_kind_guess(&s);
}

static void test_kind(void)
{
    is_int(kind_of("https://irev.fr/ressources/bibliographie-x", "Biblio", NULL, 0, 0),
           POLIS_KIND_BIBLIOGRAPHY, "kind: bibliographie in the URL");
    is_int(kind_of(NULL, "Retour sur la journée", "x.html", 0, 0), POLIS_KIND_RECAP,
           "kind: title Retour sur");
    is_int(kind_of(NULL, "Une actualité", "html/a.html", 1, 0), POLIS_KIND_NEWS,
           "kind: a content type field says news");
    is_int(kind_of("https://x.fr/actualites/une", "Une", NULL, 0, 0), POLIS_KIND_NEWS,
           "kind: a news section in the URL");
    is_int(kind_of("https://x.fr/2021/06/04/forum/", "Forum", NULL, 0, 0), POLIS_KIND_NEWS,
           "kind: a dated path (WordPress)");
    is_int(kind_of("https://x.fr/guide/titre-ii/chapitre-1", "Chapitre 1", NULL, 0, 0),
           POLIS_KIND_PAGE, "kind: undated, no sign of news: a page");
    is_int(kind_of("https://irev.fr/action/pop-up", "Pop-up", NULL, 0, 1), POLIS_KIND_PAGE,
           "kind: an action page, even dated");
    is_int(kind_of("https://x.fr/dossiers/sante", "Santé", NULL, 0, 1), POLIS_KIND_NEWS,
           "kind: a dated page elsewhere is news");
    is_int(kind_of("https://x.fr/fiches-methode/gup", "GUP", NULL, 0, 1), POLIS_KIND_PAGE,
           "kind: a dated page under a static section is a page");
    is_int(kind_of("https://irev.fr/action/qualif", "Qualif", NULL, 1, 1), POLIS_KIND_NEWS,
           "kind: ... unless it has a news type");
    char *u = ix_dom_resolve("https://irev.fr/a/b", "../c?d=1");
    is_str(u, "https://irev.fr/c?d=1", "resolve: relative against base");
    free(u);
}

static void test_small(void)
{
    static const char page[] = "<html><head><title>Une page | Site</title><meta "
                               "name=\"DC.creator\" content=\"DUPONT Marie\">"
                               "</head><body><nav>Menu</nav><p>Premier <b>paragraphe</b>.<p>Second"
                               "<div class=\"footer-links\">Pied</div></body></html>";
    collect_free(&c);
    collect_init(&c);
    char err[128];
    int rc = ix_dispatch_html("pages/une-page.html", page, sizeof page - 1, NULL, &c.sink, err,
                              sizeof err);
    is_int(rc, 0, "small: parses");
    const polis_doc_t *d = c.n ? &c.docs[0] : NULL;
    is_str(d ? d->title : NULL, "Une page", "small: <title> without the site suffix");
    is_str(d ? d->id : NULL, "pages-une-page", "small: id from the path without a URL");
    is_str(d ? d->body : NULL, "Premier paragraphe.\n\nSecond", "small: paragraphs, furniture out");
    ok(d && strv_has(&d->authors, "DUPONT Marie"), "small: DC.creator -> authors");
}

/* The element with this id below n, or NULL. */
static const xmlNode *by_id(const xmlNode *n, const char *id)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE) {
            xmlChar *v = xmlGetProp(n, (const xmlChar *)"id");
            int hit = v && strcmp((const char *)v, id) == 0;
            xmlFree(v);
            if (hit)
                return n;
        }
        const xmlNode *in = by_id(n->children, id);
        if (in)
            return in;
    }
    return NULL;
}

/* Tokens of class, rel and the like as pages write them: spaces, tabs and
 * line breaks between them read in place, a no-break space or an entity
 * through the cleaned copy; both give the same tokens. */
static void test_tokens(void)
{
    static const char page[] =
        "<html><body><div id=\"a\" class=\" Share\tbox\n widget \">x</div>"
        "<div id=\"b\" class=\"side\xc2\xa0sidebar\">y</div>"
        "<div id=\"c\" class=\"\">z</div>"
        "<a id=\"d\" rel=\"tag&#9;nofollow\" class=\"site-footer&#x200B;\">w</a>"
        "<div id=\"e\" class=\"canvas\r\nheaderless\">v</div>"
        "<div id=\"f\" class=\"field--name-field-thematiques\tother\">u</div></body></html>";
    htmlDocPtr doc = htmlReadMemory(page, sizeof page - 1, NULL, "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    const xmlNode *a = by_id(root, "a"), *b = by_id(root, "b"), *cc = by_id(root, "c"),
                  *d = by_id(root, "d"), *e = by_id(root, "e"), *f = by_id(root, "f");
    ok(a && b && cc && d && e && f, "tokens: the page parses");
    ok(ix_dom_has_token(a, "class", "share") && ix_dom_has_token(a, "class", "box") &&
           ix_dom_has_token(a, "class", "widget"),
       "tokens: apart by spaces, a tab and a line break, case ignored");
    ok(!ix_dom_has_token(a, "class", "share box"), "tokens: one at a time");
    ok(ix_dom_has_token(b, "class", "sidebar") && ix_dom_has_token(b, "class", "side"),
       "tokens: a no-break space parts them too");
    ok(!ix_dom_has_token(cc, "class", "x") && !ix_dom_has_token(cc, "id", "x"),
       "tokens: an empty or a missing attribute holds none");
    ok(ix_dom_has_token(d, "rel", "tag") && ix_dom_has_token(d, "rel", "nofollow"),
       "tokens: a tab written as an entity parts them");
    ok(ix_dom_is_furniture(a) && ix_dom_is_furniture(b) && ix_dom_is_furniture(d),
       "furniture: share, sidebar, and site-footer with a zero-width space after it");
    ok(!ix_dom_is_furniture(e), "furniture: not canvas or headerless, apart by CR LF");
    char *after = f ? ix_dom_class_after(f, "field--name-field-") : NULL;
    is_str(after, "thematiques", "class_after: the class before a tab");
    free(after);
    xmlFreeDoc(doc);
}

int main(void)
{
    ix_themes_t *themes = corpus_themes();
    collect_init(&c);
    test_news(themes);
    test_action_page(themes);
    test_cp1252(themes);
    test_latin1(themes);
    test_print_page(themes);
    test_kind();
    test_small();
    test_tokens();
    collect_free(&c);
    ix_themes_free(themes);
    return tap_done();
}
