/* indexer/harvest/url.h — the URLs a harvest meets, read with libcurl's URL
 * parser (CURLU): absolute http(s) URLs only, relative ones resolved
 * against the URL they were found in.
 */
#ifndef IX_URL_H
#define IX_URL_H

#include <stddef.h>

/* Longest URL kept; a longer one is refused. */
#define IX_URL_MAX 4096

/* Resolve ref (absolute, or relative to base; base may be NULL when ref is
 * absolute) into out, as CURLU writes it (dot segments resolved, the
 * scheme in lower case; the host as written), its fragment dropped.  Returns 0; -1 when it is no
 * http or https URL or does not fit in outlen bytes. */
int ix_url_resolve(const char *base, const char *ref, char *out, size_t outlen);

/* Non-zero when a and b are on the same host: the same host name (case
 * aside) and the same port, where the default ports of http and https
 * count as one (an http URL redirected to https on its host stays home). */
int ix_url_same_host(const char *a, const char *b);

/* "scheme://host[:port]" of url into out.  0, or -1 when url is not an
 * http(s) URL or out is too small. */
int ix_url_origin(const char *url, char *out, size_t outlen);

/* The path and query of url ("/a/b?c=1", "/" at least) into out, as
 * robots.txt rules and ids read them.  0 or -1 as ix_url_origin(). */
int ix_url_path(const char *url, char *out, size_t outlen);

/* url with "name=value" appended to its query (value percent-encoded).
 * 0 or -1 (too long, out of memory). */
int ix_url_add_query(char *url, size_t urllen, const char *name, const char *value);

#endif
