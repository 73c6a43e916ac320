/* test_doc.c — the document model: authors as the facet groups them, and
 * the JSON form of the citation fields. */
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

int main(void)
{
    test_authors();
    test_json();
    return tap_done();
}
