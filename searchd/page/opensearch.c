/* opensearch.c — GET /opensearch.xml: the OpenSearch 1.1 description.
 *
 * Browsers find it through the page's <link rel="search"> and offer to add
 * Polis as a search engine; it names the HTML results page, the JSON API
 * and the suggestions (application/x-suggestions+json, which browsers use
 * to complete in the address bar).  OpenSearch wants absolute URLs: they
 * are made from --public-url (sd_http_base_url()), never from the Host a
 * client sent.
 */
#include "page/opensearch.h"

#include <string.h>

#include "page/htmlenc.h"

#define XML_TYPE "application/opensearchdescription+xml; charset=utf-8"

/* Append the base URL ("http://host:port"), escaped for XML (the HTML
 * escaper's references are XML's too). */
static void base_url(sd_htmlenc_t *b, sd_http_ctx_t *ctx)
{
    sd_htmlenc_text(b, sd_http_base_url(ctx));
}

static void url(sd_htmlenc_t *b, sd_http_ctx_t *ctx, const char *type, const char *rel,
                const char *path_and_query)
{
    sd_htmlenc_rawf(b, "  <Url type=\"%s\"%s%s%s template=\"", type, rel != NULL ? " rel=\"" : "",
                    rel != NULL ? rel : "", rel != NULL ? "\"" : "");
    base_url(b, ctx);
    sd_htmlenc_raw(b, path_and_query);
    sd_htmlenc_raw(b, "\"/>\n");
}

enum MHD_Result sd_opensearch_handle(sd_http_ctx_t *ctx)
{
    sd_htmlenc_t b;
    sd_htmlenc_init(&b, 64u * 1024u);
    sd_htmlenc_raw(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
                       "  <ShortName>Polis</ShortName>\n"
                       "  <Description>Ressources de la politique de la ville : actualités, "
                       "comptes rendus, bibliographies.</Description>\n"
                       "  <Tags>politique de la ville quartiers ressources</Tags>\n"
                       "  <Language>fr-fr</Language>\n"
                       "  <InputEncoding>UTF-8</InputEncoding>\n"
                       "  <OutputEncoding>UTF-8</OutputEncoding>\n");
    url(&b, ctx, "text/html", "results", "/search?q={searchTerms}&amp;page={startPage?}");
    url(&b, ctx, "application/json", "results",
        "/api/search?q={searchTerms}&amp;page={startPage?}");
    url(&b, ctx, "application/x-suggestions+json", "suggestions", "/api/suggest?q={searchTerms}");
    url(&b, ctx, "application/opensearchdescription+xml", "self", "/opensearch.xml");
    sd_htmlenc_raw(&b, "  <Image width=\"64\" height=\"64\" type=\"image/svg+xml\">");
    base_url(&b, ctx);
    sd_htmlenc_raw(&b, "/favicon.svg</Image>\n</OpenSearchDescription>\n");
    size_t len = 0;
    char *body = sd_htmlenc_finish(&b, &len);
    if (body == NULL)
        return sd_http_send_static(ctx, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain; charset=utf-8",
                                   "out of memory\n");
    return sd_http_send(ctx, MHD_HTTP_OK, XML_TYPE, body, len);
}
