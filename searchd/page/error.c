/* error.c — the page's error page (see error.h). */
#include "page/error.h"

#include <string.h>

#include "page/htmlenc.h"
#include "page/policy.h"

/* Largest error page: a sentence in a frame. */
#define MAX_ERROR_BYTES (16u * 1024u)

/* The page's headers; an error is not kept. */
static const char *const headers[] = {
    SD_POLICY_HEADERS, "Cache-Control", "no-store", NULL, NULL,
};

static const struct {
    const char *code, *french;
} sentences[] = {
    { "bad_request", "La demande est mal formée : le navigateur ou un intermédiaire l’a abîmée." },
    { "uri_too_long", "L’adresse demandée est trop longue." },
    { "headers_too_large", "Les en-têtes de la demande sont trop volumineux." },
    { "payload_too_large", "La demande envoie plus de données que le service n’en accepte." },
    { "length_required", "La demande envoie des données sans en dire la taille." },
    { "http_version_not_supported", "Cette version du protocole HTTP n’est pas prise en charge." },
    { "request_timeout", "La demande est arrivée trop lentement." },
    { "method_not_allowed", "Cette page se consulte, elle ne reçoit rien." },
    { "busy", "Le service reçoit beaucoup de recherches en ce moment. Réessayez dans un instant." },
    { "too_many_connections", "Le service est très sollicité. Réessayez dans un instant." },
    { "timeout", "La recherche a pris trop de temps. Essayez des mots plus précis." },
};

const char *sd_error_french(const char *code)
{
    for (size_t i = 0; i < sizeof sentences / sizeof *sentences; i++)
        if (code != NULL && strcmp(code, sentences[i].code) == 0)
            return sentences[i].french;
    return "La demande n’a pas pu aboutir.";
}

/* The message in English goes along, for whoever reports the problem. */
static char *render(unsigned status, const char *code, const char *message, size_t *len)
{
    sd_htmlenc_t b;
    sd_htmlenc_init(&b, MAX_ERROR_BYTES);
    sd_htmlenc_raw(&b, "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<title>Erreur — Polis</title>\n"
                       "<link rel=\"stylesheet\" href=\"/assets/style.css\">\n</head>\n<body>\n"
                       "<main class=\"page error-page\">\n<h1>Polis</h1>\n"
                       "<p class=\"error\" role=\"alert\">");
    sd_htmlenc_text(&b, sd_error_french(code));
    sd_htmlenc_rawf(&b, "</p>\n<p class=\"detail\" lang=\"en\">%u — ", status);
    sd_htmlenc_text(&b, message != NULL ? message : "");
    sd_htmlenc_raw(&b, "</p>\n<p><a href=\"/\">Revenir à la recherche</a></p>\n</main>\n"
                       "</body>\n</html>\n");
    return sd_htmlenc_finish(&b, len);
}

const sd_http_error_page_t sd_error_page = { render, "text/html; charset=utf-8", headers };
