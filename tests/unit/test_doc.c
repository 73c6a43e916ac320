/* test_doc.c — the document model: authors as the facet groups them, and
 * the JSON form of the citation fields. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polis/doc.h"
#include "tap.h"

static void author(const char *written, const char *want)
{
    char *got = polis_author_normalise(written);
    char name[200];
    snprintf(name, sizeof name, "author: '%s'", written);
    is_str(got, want, name);
    free(got);
}

static void test_authors(void)
{
    author("DUPONT Marie", "Dupont, Marie");
    author("Dupont, Marie", "Dupont, Marie");
    author("DUPONT, Marie", "Dupont, Marie");
    author("DUPONT,Marie", "Dupont, Marie");
    author("Marie DUPONT", "Dupont, Marie");
    author("  DUPONT   Marie ", "Dupont, Marie");
    author("LE GALL Yves", "Le Gall, Yves");
    author("DUPUIS-MOREL Hélène", "Dupuis-Morel, Hélène");
    author("CARRIÈRE Manon", "Carrière, Manon");
    author("BENSAÏD Nora", "Bensaïd, Nora");
    author("D'ALEMBERT Jean", "D'Alembert, Jean");
    author("DUPONT DE LA TOUR Jean-Claude", "Dupont de La Tour, Jean-Claude");
    author("ROCHET Paul-Yves", "Rochet, Paul-Yves");
    author("DUPONT M.", "Dupont, M.");
    author("Vidal, Hélène", "Vidal, Hélène");
    author("Aubry, Jean-Claude", "Aubry, Jean-Claude");
    /* Organisations and names that show no family name stay as written. */
    author("CGET", "CGET");
    author("IREV", "IREV");
    author("Agence nationale pour la rénovation urbaine",
           "Agence nationale pour la rénovation urbaine");
    author("Comité d'évaluation et de suivi de l'ANRU",
           "Comité d'évaluation et de suivi de l'ANRU");
    author("ANRU Comité d'évaluation", "ANRU Comité d'évaluation");
    author("Caisse des dépôts", "Caisse des dépôts");
    author("Marie Dupont", "Marie Dupont");
    author("Observatoire national des zones urbaines sensibles",
           "Observatoire national des zones urbaines sensibles");
    author("Ministère de la Ville, de la Jeunesse et des Sports",
           "Ministère de la Ville, de la Jeunesse et des Sports");
    author("IREV, centre de ressources", "IREV, centre de ressources");
    author("", "");
    ok(polis_author_normalise(NULL) == NULL, "author: NULL gives NULL");

    /* The author facet's values are the normalised names, one for both forms. */
    polis_doc_t d;
    polis_doc_init(&d);
    polis_strv_push(&d.authors, "DUPONT Marie");
    polis_strv_push(&d.authors, "Dupont, Marie");
    polis_strv_push(&d.authors, "CGET");
    polis_strv_t v = { 0 };
    ok(polis_doc_facet_values(&d, POLIS_FACET_AUTHOR, &v) == 0, "facet values: authors");
    is_int(v.n, 2, "facet values: DUPONT Marie and Dupont, Marie are one value");
    is_str(v.n > 0 ? v.v[0] : NULL, "Dupont, Marie", "facet values: the normalised name");
    is_str(v.n > 1 ? v.v[1] : NULL, "CGET", "facet values: an organisation as written");
    polis_strv_clear(&v);
    polis_doc_clear(&d);
}

static void test_json(void)
{
    polis_doc_t d, back;
    polis_doc_init(&d);
    polis_doc_init(&back);
    polis_str_set(&d.id, "doi-10-3917-spub-204-0411", (size_t)-1);
    polis_str_set(&d.title, "Santé mentale dans les quartiers", (size_t)-1);
    polis_str_set(&d.container, "Santé publique", (size_t)-1);
    polis_str_set(&d.volume, "32", (size_t)-1);
    polis_str_set(&d.issue, "4", (size_t)-1);
    polis_str_set(&d.pages, "411-420", (size_t)-1);
    polis_str_set(&d.extent, "10 p.", (size_t)-1);
    polis_str_set(&d.doi, "10.3917/spub.204.0411", (size_t)-1);
    polis_str_set(&d.isbn, "9782810903122", (size_t)-1);
    d.position = 7;
    d.kind = POLIS_KIND_REFERENCE;
    char *json = polis_doc_to_json(&d);
    ok(json != NULL, "json: a document with citation fields");
    ok(json && strstr(json, "\"container\":\"Santé publique\"") &&
           strstr(json, "\"volume\":\"32\"") && strstr(json, "\"issue\":\"4\"") &&
           strstr(json, "\"pages\":\"411-420\"") &&
           strstr(json, "\"doi\":\"10.3917/spub.204.0411\"") &&
           strstr(json, "\"isbn\":\"9782810903122\"") && strstr(json, "\"position\":7"),
       "json: every citation field is written");
    ok(json && polis_doc_from_json(&back, json, strlen(json)) == 0, "json: read back");
    is_str(back.container, "Santé publique", "json: container");
    is_str(back.volume, "32", "json: volume");
    is_str(back.issue, "4", "json: issue");
    is_str(back.pages, "411-420", "json: pages");
    is_str(back.extent, "10 p.", "json: extent");
    is_str(back.doi, "10.3917/spub.204.0411", "json: doi");
    is_str(back.isbn, "9782810903122", "json: isbn");
    is_int(back.position, 7, "json: position");
    free(json);
    polis_doc_clear(&d);
    json = polis_doc_to_json(&d);
    ok(json && !strstr(json, "position") && !strstr(json, "container"),
       "json: empty fields are left out");
    free(json);
    polis_doc_clear(&back);
}

/* The reader (shim/docjson.cc, simdjson) gives back every field the writer
 * (jansson) wrote, and refuses what is not a document's JSON. */
static void test_json_reader(void)
{
    polis_doc_t d, back;
    polis_doc_init(&d);
    polis_doc_init(&back);
    polis_str_set(&d.id, "actualites-0-l-oeuvre", (size_t)-1);
    polis_str_set(&d.title, "L’œuvre « commune » : \"quoted\", tab\there, emoji 🏙", (size_t)-1);
    polis_str_set(&d.summary, "Résumé\nsur deux lignes", (size_t)-1);
    polis_str_set(&d.url, "https://exemple.fr/a?b=1&c=%C3%A9", (size_t)-1);
    strcpy(d.published, "2019-03-21");
    strcpy(d.event_date, "2019-04-02");
    polis_strv_push(&d.themes, "politique-de-la-ville");
    polis_strv_push(&d.themes, "emploi-insertion");
    polis_strv_push(&d.keywords, "QPV");
    polis_strv_push(&d.places, "Amiens");
    polis_strv_push(&d.authors, "Dupont, Marie");
    polis_doc_add_link(&d, "Programme (PDF)", "https://exemple.fr/programme.pdf");
    polis_doc_add_link(&d, "", "https://exemple.fr/");
    d.kind = POLIS_KIND_RECAP;
    char *json = polis_doc_to_json(&d);
    ok(json && polis_doc_from_json(&back, json, strlen(json)) == 0, "reader: a full document");
    is_str(back.id, d.id, "reader: id");
    is_str(back.title, d.title, "reader: escapes, quotes and characters beyond the BMP");
    is_str(back.summary, d.summary, "reader: a newline");
    is_str(back.url, d.url, "reader: url");
    is_str(back.published, "2019-03-21", "reader: published (an inline field)");
    is_str(back.event_date, "2019-04-02", "reader: event date");
    ok(back.themes.n == 2 && strcmp(back.themes.v[1], "emploi-insertion") == 0, "reader: themes in order");
    ok(back.keywords.n == 1 && back.places.n == 1 && back.authors.n == 1 &&
           strcmp(back.authors.v[0], "Dupont, Marie") == 0,
       "reader: keywords, places, authors");
    ok(back.n_links == 2 && strcmp(back.links[0].text, "Programme (PDF)") == 0 &&
           strcmp(back.links[1].url, "https://exemple.fr/") == 0,
       "reader: links");
    is_int(back.kind, POLIS_KIND_RECAP, "reader: kind");
    ok(back.body == NULL && back.position == 0, "reader: what was not written stays empty");
    free(json);

    /* What jansson's reader refused is refused, and leaves the document empty. */
    const char *refused[] = { "", "[]", "\"text\"", "{\"id\":\"a\"", "{\"id\":\"a\"} x",
                              "{\"title\":\"a\\u0000b\"}", "{\"title\":\"\xff\"}" };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        int rc = polis_doc_from_json(&back, refused[i], strlen(refused[i]));
        ok(rc == -1 && back.id == NULL && back.n_links == 0, "reader refuses '%s'", refused[i]);
    }
    ok(polis_doc_from_json(&back, NULL, 0) == -1, "reader refuses NULL");

    /* Fields of the wrong type are let go; a link that is not an object stays, empty. */
    const char *odd = "{\"id\":\"x\",\"title\":5,\"kind\":3,\"position\":-2,\"themes\":[\"a\",7,\"b\"],"
                      "\"links\":[\"nope\",{\"url\":\"u\"}],\"unknown\":{\"deep\":[1,2]}}";
    ok(polis_doc_from_json(&back, odd, strlen(odd)) == 0, "reader: odd types read");
    ok(back.title == NULL && back.kind == POLIS_KIND_UNKNOWN && back.position == 0,
       "reader: a number where a string goes is let go");
    ok(back.themes.n == 2 && strcmp(back.themes.v[1], "b") == 0, "reader: only an array's strings");
    ok(back.n_links == 2 && strcmp(back.links[0].url, "") == 0 && strcmp(back.links[1].url, "u") == 0 &&
           strcmp(back.links[1].text, "") == 0,
       "reader: links that are not objects, or lack a text, are kept empty");

    /* A record larger than what a thread's parser keeps (1 MB) is read too. */
    size_t big = (1u << 20) + 100;
    char *title = malloc(big);
    memset(title, 'a', big - 1);
    title[big - 1] = '\0';
    polis_doc_clear(&d);
    polis_str_set(&d.title, title, (size_t)-1);
    json = polis_doc_to_json(&d);
    ok(json && polis_doc_from_json(&back, json, strlen(json)) == 0 && back.title &&
           strlen(back.title) == big - 1,
       "reader: a record of more than 1 MB");
    free(json);
    free(title);
    polis_doc_clear(&d);
    polis_doc_clear(&back);
}

int main(void)
{
    test_authors();
    test_json();
    test_json_reader();
    return tap_done();
}
