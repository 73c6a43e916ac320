/* harvest/url.c — URLs read with libcurl's CURLU; see url.h. */
#include "harvest/url.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

/* A CURLU holding url (relative to base when base is given), http(s)
 * only, or NULL. */
static CURLU *parse(const char *base, const char *url)
{
    CURLU *h = curl_url();
    if (!h)
        return NULL;
    if ((base && curl_url_set(h, CURLUPART_URL, base, 0) != CURLUE_OK) ||
        curl_url_set(h, CURLUPART_URL, url, 0) != CURLUE_OK) {
        curl_url_cleanup(h);
        return NULL;
    }
    char *scheme = NULL;
    int web = curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
              (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0);
    curl_free(scheme);
    if (!web) {
        curl_url_cleanup(h);
        return NULL;
    }
    return h;
}

/* part of h into out: 0, or -1 when it is missing or too long. */
static int get_part(CURLU *h, CURLUPart part, unsigned flags, char *out, size_t outlen)
{
    char *v = NULL;
    if (curl_url_get(h, part, &v, flags) != CURLUE_OK)
        return -1;
    int rc = strlen(v) < outlen ? 0 : -1;
    if (rc == 0)
        memcpy(out, v, strlen(v) + 1);
    curl_free(v);
    return rc;
}

int ix_url_resolve(const char *base, const char *ref, char *out, size_t outlen)
{
    CURLU *h = parse(base, ref);
    if (!h)
        return -1;
    /* A fragment names a place in a page, not another page. */
    int rc = curl_url_set(h, CURLUPART_FRAGMENT, NULL, 0) == CURLUE_OK
                 ? get_part(h, CURLUPART_URL, 0, out, outlen)
                 : -1;
    curl_url_cleanup(h);
    return rc;
}

int ix_url_origin(const char *url, char *out, size_t outlen)
{
    CURLU *h = parse(NULL, url);
    if (!h)
        return -1;
    char scheme[16], host[1024], port[16] = "";
    int rc = get_part(h, CURLUPART_SCHEME, 0, scheme, sizeof scheme) |
             get_part(h, CURLUPART_HOST, 0, host, sizeof host);
    (void)get_part(h, CURLUPART_PORT, 0, port, sizeof port); /* none: the default */
    curl_url_cleanup(h);
    if (rc != 0)
        return -1;
    int n = snprintf(out, outlen, "%s://%s%s%s", scheme, host, port[0] ? ":" : "", port);
    return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

int ix_url_path(const char *url, char *out, size_t outlen)
{
    CURLU *h = parse(NULL, url);
    if (!h)
        return -1;
    char path[IX_URL_MAX], query[IX_URL_MAX] = "";
    int rc = get_part(h, CURLUPART_PATH, 0, path, sizeof path);
    (void)get_part(h, CURLUPART_QUERY, 0, query, sizeof query); /* none: "" */
    curl_url_cleanup(h);
    if (rc != 0)
        return -1;
    int n = snprintf(out, outlen, "%s%s%s", path[0] ? path : "/", query[0] ? "?" : "", query);
    return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

/* Host name, and the port with the scheme's default (given or not) as 0. */
static int host_port(const char *url, char *host, size_t hostlen, long *port)
{
    CURLU *h = parse(NULL, url);
    if (!h)
        return -1;
    char p[16] = "", scheme[16] = "";
    int rc = get_part(h, CURLUPART_HOST, 0, host, hostlen) |
             get_part(h, CURLUPART_SCHEME, 0, scheme, sizeof scheme);
    *port = get_part(h, CURLUPART_PORT, 0, p, sizeof p) == 0 ? strtol(p, NULL, 10) : 0;
    if ((strcmp(scheme, "http") == 0 && *port == 80) ||
        (strcmp(scheme, "https") == 0 && *port == 443))
        *port = 0;
    curl_url_cleanup(h);
    return rc;
}

int ix_url_same_host(const char *a, const char *b)
{
    char ha[1024], hb[1024];
    long pa, pb;
    if (host_port(a, ha, sizeof ha, &pa) != 0 || host_port(b, hb, sizeof hb, &pb) != 0)
        return 0;
    return strcasecmp(ha, hb) == 0 && pa == pb;
}

int ix_url_add_query(char *url, size_t urllen, const char *name, const char *value)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(url);
    const char *sep = strchr(url, '?') ? (url[n - 1] == '?' || url[n - 1] == '&' ? "" : "&") : "?";
    int w = snprintf(url + n, urllen - n, "%s%s=", sep, name);
    if (w < 0 || (size_t)w >= urllen - n) {
        url[n] = '\0';
        return -1;
    }
    size_t k = n + (size_t)w;
    /* Every byte but RFC 3986's unreserved ones is escaped: a resumption
     * token may hold '+', '/', '=' or '&'. */
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        int plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' || *p == '~';
        if (k + (plain ? 1 : 3) >= urllen) {
            url[n] = '\0';
            return -1;
        }
        if (plain) {
            url[k++] = (char)*p;
        } else {
            url[k++] = '%';
            url[k++] = hex[*p >> 4];
            url[k++] = hex[*p & 15];
        }
    }
    url[k] = '\0';
    return 0;
}
