/* test_md.c — the Markdown print export (indexer/md.c and its helpers).
 * Run from the repository root: it reads corpus/seed/ (or ../shared/seed/),
 * corpus/pages/ and corpus/themes.tsv. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "../../indexer/parse/md.h"
#include "../../indexer/parse/md_names.h"
#include "../../indexer/vocab/labels.h"
#include "../../indexer/vocab/themes.h"
#include "tap.h"

#define SEED "retour-sur-le-pop-dev-eco-le-quartier-activateur.md"

static ix_themes_t *themes;

/* The document's theme labels as the indexer maps them (labels.h). */
static void resolve(polis_doc_t *d)
{
    ix_labels_t *l = ix_labels_new(themes);
    polis_strv_t ids = { 0 };
    if (l && ix_labels_resolve(l, &d->themes, 0, &ids) == 0) {
        polis_strv_clear(&d->themes);
        d->themes = ids;
    } else {
        polis_strv_clear(&ids);
    }
    ix_labels_free(l);
}

/* The whole of a file, malloc()ed, or NULL. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16;
    char *buf = malloc(cap);
    *len = 0;
    while (buf) {
        size_t got = fread(buf + *len, 1, cap - *len, f);
        *len += got;
        if (got == 0)
            break;
        if (*len == cap) {
            char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                buf = NULL;
            }
            buf = p;
            cap *= 2;
        }
    }
    fclose(f);
    return buf;
}

static int has(const polis_strv_t *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->v[i], s) == 0)
            return 1;
    return 0;
}

static int contains(const char *hay, const char *needle)
{
    return hay && strstr(hay, needle) != NULL;
}

/* Parse text as the file relpath; returns the status, err and warnings
 * filled. */
static int parse(const char *relpath, const char *text, polis_doc_t *doc, polis_strv_t *warnings,
                 char *err, size_t errlen)
{
    err[0] = '\0';
    return ix_md_parse(relpath, text, strlen(text), doc, warnings, err, errlen);
}

static void check_seed_doc(polis_doc_t *d, const char *what)
{
    ok(d->themes.n == 2 && strcmp(d->themes.v[0], "Développement économique") == 0 &&
           strcmp(d->themes.v[1], "Politique de la ville - DSU") == 0,
       "theme labels as written");
    resolve(d);
    is_str(d->id, "actualites-0-retour-sur-le-pop-dev-eco-le-quartier-activateur", what);
    is_str(polis_kind_name(d->kind), "recap", "kind recap");
    is_str(d->title, "Pop-Up dev éco : le quartier activateur", "title from the first bold phrase");
    ok(contains(d->title, "quartier activateur"), "title holds \"quartier activateur\"");
    is_str(d->site_type, "Actu de l'IREV", "site_type");
    is_int(d->themes.n, 2, "two themes");
    ok(has(&d->themes, "developpement-economique") && has(&d->themes, "politique-de-la-ville"),
       "themes developpement-economique and politique-de-la-ville");
    is_str(d->published, "2017-10-25", "published from \"Publié le\"");
    is_str(d->modified, "2017-12-12T17:10", "modified from \"(modifié le ...)\"");
    is_str(d->event_date, "2017-09-21", "event date from the text");
    is_str(d->url, "https://irev.fr/actualites-0/retour-sur-le-pop-dev-eco-le-quartier-activateur",
           "source url");
    is_str(d->language, "fr", "language");
    is_int(d->n_links, 7, "seven links");
    if (d->n_links == 7) {
        is_str(d->links[2].url, "https://irev.fr/action/pop-up-dev-%C3%A9co-quartier-activateur",
               "link 3 url");
        is_str(d->links[2].text, "Pop-up dev éco : le quartier activateur", "link 3 text");
        is_str(d->links[3].text,
               "Qualification - action : Explorer le potentiel économique des quartiers",
               "link 4 text, marker after the period");
        is_str(d->links[1].text, "https://goo.gl/forms/KsJSSRv1BcVThn552", "link 2: <url> [2]");
        is_str(d->links[0].url, "https://irev.fr/actualite-concours-activateur-quartier",
               "link 1 url");
        is_str(d->links[4].text, "Actu de l'IREV", "link 5: the site type's");
        is_str(d->links[6].text, "Politique de la ville - DSU", "link 7: a theme's");
        is_str(d->links[6].url, "https://irev.fr/taxonomy/term/3692", "link 7 url");
    }
    const char *b = d->body;
    ok(contains(b, "Dynamiques commerciales : initier et soutenir les dynamiques commerciales "
                   "dans les quartiers"),
       "broken bullet item joined");
    ok(contains(b, "\nTerritoires : découvrir"), "next item on its own line");
    ok(b && strncmp(b, "Le Pop-Up dev éco : le quartier activateur a investi", 50) == 0,
       "body starts with the first paragraph, bold markers gone");
    ok(contains(b, "l'importance du dialogue"), "body keeps the text");
    ok(contains(b, "le concours \"Activateur de quartier\" a mis"), "marker inside bold dropped");
    ok(contains(b, "à cette adresse : https://goo.gl/forms/KsJSSRv1BcVThn552"),
       "<url> kept as text");
    ok(contains(b, "sont disponibles sur : Pop-up dev éco : le quartier activateur."),
       "[text](#) [n] becomes its text");
    ok(!contains(b, "Type d'actualites"), "no Type d'actualites in the body");
    ok(!contains(b, "### Liens") && !contains(b, "Liens"), "no ### Liens in the body");
    ok(!contains(b, "**"), "no ** in the body");
    ok(!contains(b, "](#)") && !contains(b, "[1]") && !contains(b, "[7]"), "no link syntax");
    ok(!contains(b, "Thématiques") && !contains(b, "Publié le") &&
           !contains(b, "URL de la source") && !contains(b, "Dates:") && !contains(b, "taxonomy"),
       "no field in the body");
    ok(b && !strstr(b, "\n\n\n") && b[strlen(b) - 1] != '\n',
       "paragraphs separated by one blank line");
    ok(has(&d->places, "Amiens") && has(&d->places, "Hauts-de-France"),
       "places Amiens, Hauts-de-France");
    ok(has(&d->keywords, "Gaëlle VELAY") && has(&d->keywords, "Milouda ALA") &&
           has(&d->keywords, "Magali DEBATTE"),
       "people named in bold are keywords");
    ok(!has(&d->keywords, "Quai de l'innovation") && !has(&d->keywords, "5 parcours thématiques"),
       "other bold phrases are not people");
    is_int(d->authors.n, 0, "no authors on a recap");
}

static void seed(void)
{
    const char *path = "corpus/seed/" SEED;
    size_t len = 0;
    char *buf = slurp(path, &len);
    if (!buf) {
        path = "../shared/seed/" SEED;
        buf = slurp(path, &len);
    }
    ok(buf != NULL, "seed file read (%s)", path);
    if (!buf)
        return;
    polis_doc_t d;
    polis_strv_t w = { 0 };
    char err[256] = "";
    polis_doc_init(&d);
    int rc = ix_md_parse("seed/" SEED, buf, len, &d, &w, err, sizeof err);
    is_int(rc, 0, "seed parses");
    is_int(w.n, 0, "seed: no warning");
    check_seed_doc(&d, "seed: id from the URL");
    polis_strv_clear(&w);

    /* The same page with CRLF line ends, a byte order mark and trailing spaces. */
    char *crlf = malloc(3 + 3 * len + 1);
    size_t n = 0;
    memcpy(crlf, "\xef\xbb\xbf", 3);
    n = 3;
    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '\n') {
            crlf[n++] = ' ';
            crlf[n++] = '\r';
        }
        crlf[n++] = buf[i];
    }
    rc = ix_md_parse("seed/" SEED, crlf, n, &d, NULL, err, sizeof err);
    is_int(rc, 0, "CRLF seed parses");
    check_seed_doc(&d, "CRLF seed: same id");
    free(crlf);
    polis_doc_clear(&d);
    free(buf);
}

static void errors(void)
{
    polis_doc_t d;
    char err[256];
    polis_doc_init(&d);
    is_int(ix_md_parse("a.md", "", 0, &d, NULL, err, sizeof err), -1, "empty file fails");
    is_str(err, "empty file", "empty file: message");
    is_int(parse("a.md", " \n\r\n\t\n", &d, NULL, err, sizeof err), -1, "blank file fails");
    is_str(err, "empty file", "blank file: message");
    /* A buffer of blanks with no NUL after it (the fuzzer's find): under
     * ASan a read past its end fails here. */
    char *blanks = malloc(6);
    memset(blanks, '\n', 6);
    is_int(ix_md_parse("a.md", blanks, 6, &d, NULL, err, sizeof err), -1,
           "blank buffer without a NUL after it fails, read within its length");
    free(blanks);
    is_int(parse("a.md", "Caf\xe9 \x9c au lait\n", &d, NULL, err, sizeof err), 0,
           "a page that is not UTF-8 is read as Windows-1252");
    is_str(d.body, "Café œ au lait", "Windows-1252: é and œ decoded");
    is_int(ix_md_parse("a.md", "ab\0cd", 5, &d, NULL, err, sizeof err), -1, "NUL fails");
    is_str(err, "binary file (NUL byte)", "NUL: message");
    is_int(
        parse("a.md", "---\n\n* * *\n\n[1] <https://example.org/x>\n", &d, NULL, err, sizeof err),
        -1, "nothing but rules and a link list fails");
    is_str(err, "no recognisable content: no title, no text", "no content: message");
    ok(d.id == NULL && d.body == NULL, "doc cleared after an error");
    is_int(ix_md_parse("a.md", "x", 1, &d, NULL, NULL, 0), 0, "NULL err buffer allowed");
    polis_doc_clear(&d);
}

static void small_pages(void)
{
    polis_doc_t d;
    polis_strv_t w = { 0 };
    char err[256];
    polis_doc_init(&d);

    is_int(parse("pages/x.md",
                 "# Un **titre** en tête\n\nDu texte avec **gras**.\n\n## Section\n\nSuite.\n", &d,
                 &w, err, sizeof err),
           0, "heading page parses");
    is_str(d.title, "Un titre en tête", "title from the # heading");
    is_str(d.body, "Du texte avec gras.\n\nSection\n\nSuite.", "title heading not in the body");
    is_str(d.id, "pages-x", "id from the path without a URL");
    is_str(polis_kind_name(d.kind), "page", "kind page without a sign of news");

    is_int(parse("pages/note-sans-titre.md", "juste du texte, sans rien d'autre.\n", &d, &w, err,
                 sizeof err),
           0, "page with no title parses");
    is_str(d.title, "Note sans titre", "title from the file name");
    is_str(d.id, "pages-note-sans-titre", "id from the path");
    is_str(d.body, "juste du texte, sans rien d'autre.", "body");

    is_int(parse("p/Été 2019/Compte rendu.markdown", "Texte.\n", &d, &w, err, sizeof err), 0,
           "path with spaces and accents");
    is_str(d.id, "p-ete-2019-compte-rendu", "path id slugged, '/' as '-'");

    is_int(parse("x.md",
                 "Du texte.\n\nURL de la source: "
                 "<https://irev.fr/actualites-0/retour-sur-la-journee-x/>\n",
                 &d, &w, err, sizeof err),
           0, "URL without a title");
    is_str(d.title, "Retour sur la journee x", "title from the URL's slug");
    is_str(d.id, "actualites-0-retour-sur-la-journee-x",
           "id from the URL's path, trailing slash ignored");
    is_str(polis_kind_name(d.kind), "recap", "recap from the URL");

    is_int(parse("x.md",
                 "Texte.\n\n**URL de la source (modifié le 3/1/2018 - 9:05):** "
                 "<https://irev.fr/action/pop-up-dev-%C3%A9co-quartier-activateur?x=1#top>\n",
                 &d, &w, err, sizeof err),
           0, "percent-encoded URL");
    is_str(d.id, "action-pop-up-dev-eco-quartier-activateur-x-1", "encoded path and query slugged");
    is_str(d.title, "Pop up dev éco quartier activateur", "title decoded");
    is_str(polis_kind_name(d.kind), "page", "/action/ is a page");
    is_str(d.modified, "2018-01-03T09:05", "modified with a one-digit hour");

    is_int(parse("b.md", "# Bibliographie : l'habitat\n\n- DUPONT Marie, *Habiter*, 2019.\n", &d,
                 &w, err, sizeof err),
           0, "bibliography page");
    is_str(polis_kind_name(d.kind), "bibliography", "bibliography from the title");
    is_str(d.body, "DUPONT Marie, Habiter, 2019.", "italics dropped");

    /* Broken bullets: lower-case paragraph after an item continues it. */
    is_int(parse("l.md",
                 "Intro :\n\n- **Un** : premier\n\nsuite du premier\n\n- Deux\n  continué\n"
                 "- Trois ;\n\net fin du trois\n\nNouvelle phrase.\n",
                 &d, &w, err, sizeof err),
           0, "broken list parses");
    is_str(d.body,
           "Intro :\n\nUn : premier suite du premier\nDeux continué\nTrois ; et fin du trois"
           "\n\nNouvelle phrase.",
           "items joined across blank lines and continuation lines");
    is_int(parse("l.md", "Une phrase coupée\n\nen deux.\n\nFin.\n\nminuscule après un point.\n", &d,
                 &w, err, sizeof err),
           0, "broken paragraph parses");
    is_str(d.body, "Une phrase coupée en deux.\n\nFin.\n\nminuscule après un point.",
           "unfinished paragraph joined, finished one not");

    /* Typographic apostrophes and French spacing in the field block. */
    polis_strv_clear(&w);
    is_int(parse("t.md",
                 "L’**appel à projets « Été 2022 »** est ouvert jusqu’au 8 avril 2022.\n\n"
                 "Type d’actualités : [Appels à projets](#) [1]\n\n"
                 "Thématiques : [Santé](#) [2]\n\n[Astronomie](#) [3]\n\n"
                 "Dates: Lundi 7 mars 2022 - 10:00\n\n"
                 "Publiée le 7 mars 2022\n\n### Liens\n\n[1] <https://irev.fr/t/1>\n\n"
                 "[2] <https://irev.fr/t/2>\n\n[3] https://irev.fr/t/3\n",
                 &d, &w, err, sizeof err),
           0, "typographic page parses");
    is_str(d.site_type, "Appels à projets", "Type d’actualités with a curly apostrophe");
    is_str(d.title, "Appel à projets « Été 2022 »", "bold title capitalised");
    resolve(&d);
    ok(d.themes.n == 2 && has(&d.themes, "sante"), "known theme mapped");
    ok(has(&d.themes, "astronomie"), "a label outside the table is a theme of its own");
    is_int(w.n, 0, "no warning per page for it (the summary counts it)");
    is_str(d.published, "2022-03-07", "Publiée le");
    is_str(d.event_date, "2022-04-08", "event date from the text");
    ok(d.n_links == 3 && strcmp(d.links[2].url, "https://irev.fr/t/3") == 0 &&
           strcmp(d.links[2].text, "Astronomie") == 0,
       "bare [3] url link with its text");
    is_str(d.body, "L’appel à projets « Été 2022 » est ouvert jusqu’au 8 avril 2022.", "body");

    /* Dates field as fallback; inline links with real targets; places. */
    is_int(parse("d.md",
                 "Réunion à Villeneuve-d’Ascq et dans le Pas-de-Calais, voir "
                 "[le site](https://example.org/a \"titre\") et \\*ceci\\*.\n\n"
                 "Dates: Jeudi 12 mai 2022 - 10:00\n",
                 &d, &w, err, sizeof err),
           0, "dates field page parses");
    is_str(d.event_date, "2022-05-12", "event date from Dates:");
    is_str(d.published, "2022-05-12", "published falls back to Dates:");
    ok(d.n_links == 1 && strcmp(d.links[0].url, "https://example.org/a") == 0 &&
           strcmp(d.links[0].text, "le site") == 0,
       "inline link kept, title dropped");
    ok(contains(d.body, "voir le site et *ceci*."), "escapes kept literally: %s", d.body);
    ok(d.places.n == 2 && has(&d.places, "Villeneuve-d'Ascq") && has(&d.places, "Pas-de-Calais"),
       "places, longest name wins over Calais");
    polis_strv_clear(&w);
    polis_doc_clear(&d);
}

/* An empty link, or a linked image, at the end of a line: the line's last
 * space is trimmed from the span's end only, so the span ends before it
 * starts ("share" buttons are written so). */
static void empty_links(void)
{
    polis_doc_t d;
    char err[256] = "";
    polis_doc_init(&d);
    is_int(parse("pages/partage.md",
                 "# Partage\n\nPartager sur [![](fb.png)](https://www.facebook.com/sharer)\n"
                 "Voir [](https://example.org/a)\nFin du texte.\n",
                 &d, NULL, err, sizeof err),
           0, "empty links at the end of lines parse");
    ok(contains(d.body, "Partager sur") && contains(d.body, "Fin du texte."),
       "empty links: the text around them kept");
    int found = 0;
    for (size_t i = 0; i < d.n_links; i++)
        found += strcmp(d.links[i].url, "https://example.org/a") == 0 ||
                 strcmp(d.links[i].url, "https://www.facebook.com/sharer") == 0;
    is_int(found, 2, "empty links: both kept as links");
    polis_doc_clear(&d);
}

static void names(void)
{
    ok(ix_md_is_person("Gaëlle VELAY", strlen("Gaëlle VELAY")), "Gaëlle VELAY is a person");
    ok(ix_md_is_person("Jean-Pierre DE LA TOUR", 22), "particles and hyphens");
    ok(ix_md_is_person("DUPONT Marie", 12), "NOM Prénom");
    ok(!ix_md_is_person("Quai de l'innovation", 21), "a place is not a person");
    ok(!ix_md_is_person("IREV ANRU", 9), "acronyms are not a person");
    ok(!ix_md_is_person("Dynamiques commerciales", 23), "a phrase is not a person");
    ok(!ix_md_is_person("5 parcours", 10), "digits are not a person");
    ok(!ix_md_is_person("Martin", 6), "one word is not enough");
    polis_strv_t p = { 0 };
    const char *t = "De Lille à SAINT-QUENTIN, puis hauts de france et Calais ; Lens.";
    is_int(ix_md_find_places(t, strlen(t), &p), 0, "find places");
    ok(p.n == 5 && strcmp(p.v[0], "Lille") == 0 && strcmp(p.v[1], "Saint-Quentin") == 0 &&
           strcmp(p.v[2], "Hauts-de-France") == 0,
       "places in order, canonical spelling (%zu)", p.n);
    polis_strv_clear(&p);
    is_int(ix_md_find_places("", 0, &p), 0, "no text, no place");
    is_int(p.n, 0, "no place");
}

/* Every Markdown page of the corpus parses with an id, a title, a body,
 * themes and a date, and without warnings. */
static void corpus_pages(void)
{
    const char *dirs[] = { "corpus/pages", "corpus/biblio" };
    int files = 0, bad = 0;
    for (size_t k = 0; k < 2; k++) {
        DIR *dir = opendir(dirs[k]);
        if (!dir)
            continue;
        for (struct dirent *e = readdir(dir); e; e = readdir(dir)) {
            size_t n = strlen(e->d_name), len = 0;
            if (n < 4 || strcmp(e->d_name + n - 3, ".md") != 0)
                continue;
            char path[512], err[256] = "";
            snprintf(path, sizeof path, "%s/%s", dirs[k], e->d_name);
            char *buf = slurp(path, &len);
            polis_doc_t d;
            polis_strv_t w = { 0 };
            polis_doc_init(&d);
            int rc = buf ? ix_md_parse(path, buf, len, &d, &w, err, sizeof err) : -1;
            files++;
            if (rc != 0 || !d.id || !d.title || !d.body || d.themes.n == 0 || !d.published[0] ||
                !d.url || w.n > 0 || strstr(d.body, "**") || strstr(d.body, "](#)")) {
                printf("# %s: rc %d %s, %zu warnings%s%s\n", path, rc, err, w.n, w.n ? ": " : "",
                       w.n ? w.v[0] : "");
                bad++;
            }
            polis_strv_clear(&w);
            polis_doc_clear(&d);
            free(buf);
        }
        closedir(dir);
    }
    ok(files > 0, "corpus Markdown pages found (%d)", files);
    is_int(bad, 0, "every corpus page has id, title, body, themes, date, url, no warning");
}

int main(void)
{
    char err[256] = "";
    if (ix_themes_load("corpus/themes.tsv", &themes, err, sizeof err) != 0)
        printf("# corpus/themes.tsv: %s\n", err);
    ok(themes != NULL, "corpus/themes.tsv loads");
    seed();
    errors();
    small_pages();
    empty_links();
    names();
    corpus_pages();
    ix_themes_free(themes);
    return tap_done();
}
