/* cors.c — Cross-Origin Resource Sharing for the /api/ routes. */
#include "http/cors.h"

#include <string.h>

/* Longest Access-Control-Request-Headers echoed in a preflight. */
#define MAX_REQUEST_HEADERS 256

int sd_cors_allowed(const char *list, const char *origin, size_t len)
{
    if (list == NULL)
        return 0;
    const char *p = list;
    while (*p != '\0') {
        while (*p == ' ' || *p == ',')
            p++;
        size_t n = strcspn(p, ", ");
        if (n == 1 && p[0] == '*')
            return 1;
        if (n > 0 && n == len && origin != NULL && memcmp(p, origin, n) == 0)
            return 1;
        p += n;
    }
    return 0;
}

int sd_cors_headers(struct MHD_Response *r, const char *list, const char *origin, int *vary_origin)
{
    *vary_origin = 0;
    if (list == NULL || strcmp(list, "*") == 0) {
        if (MHD_add_response_header(r, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_ORIGIN, "*") != MHD_YES)
            return -1;
    } else {
        /* With a list, the answer names one origin, so caches must keep one
         * copy per Origin. */
        *vary_origin = 1;
        if (origin != NULL && sd_cors_allowed(list, origin, strlen(origin)) &&
            MHD_add_response_header(r, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_ORIGIN, origin) !=
                MHD_YES)
            return -1;
    }
    /* Scripts may read the validator to revalidate by hand, and the
     * request's id to quote it in a report. */
    if (MHD_add_response_header(r, "Access-Control-Expose-Headers", "ETag, X-Request-Id") !=
        MHD_YES)
        return -1;
    return 0;
}

/* Non-zero when s is a list of header names: tokens, commas and spaces. */
static int header_list(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > MAX_REQUEST_HEADERS)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || c == ',' || c == ' ';
        if (!ok)
            return 0;
    }
    return 1;
}

void sd_cors_preflight_headers(const char *asked, const char *out[7])
{
    /* The API reads nothing but its URL, so any simple header the caller's
     * script sets (Accept, If-None-Match...) may come along. */
    size_t n = 0;
    out[n++] = "Access-Control-Allow-Methods";
    out[n++] = "GET, HEAD, OPTIONS";
    out[n++] = "Access-Control-Max-Age";
    out[n++] = "86400";
    if (asked != NULL && header_list(asked)) {
        out[n++] = "Access-Control-Allow-Headers";
        out[n++] = asked;
    }
    while (n < 7)
        out[n++] = NULL;
}
