/* indexer/md_url.h — URLs written in a page, and titles made from them.
 *
 * A page with no title is named after its source URL's last segment
 * ("…/retour-sur-le-pop-dev-eco" -> "Retour sur le pop dev eco").  Ids are
 * ident.h's.
 */
#ifndef IX_MD_URL_H
#define IX_MD_URL_H

#include <stddef.h>

#include "polis/text.h"

/* Non-zero when s[0..len) starts like an absolute URL: http://, https://,
 * ftp://, mailto: or www. (case-insensitive). */
int ix_md_url_is_absolute(const char *s, size_t len);

/* The first URL written in s[0..len): `<url>`, the target of `[text](url)`,
 * or a bare absolute URL ending at white space.  On success *url points
 * into s, *ulen is its length and 1 is returned; 0 when there is none. */
int ix_md_url_in(const char *s, size_t len, const char **url, size_t *ulen);

/* The last path segment of url (query and fragment cut, trailing '/'
 * ignored), pointing into url, or NULL (and *len 0) when the URL has no
 * path beyond its host. */
const char *ix_md_url_segment(const char *url, size_t *len);

/* Append s[0..len) percent-decoded (%00 left as written); when the result
 * is not UTF-8 (a Latin-1 URL) the text is appended as written.  0 or -1. */
int ix_md_url_decode(const char *s, size_t len, polis_buf_t *out);

/* Append a readable title made of a URL segment or file name: percent-
 * decoded, '-', '_' and '+' as spaces, an extension dropped when has_ext,
 * the first letter in upper case ("retour-sur-le-pop" -> "Retour sur le
 * pop").  0 or -1. */
int ix_md_readable(const char *seg, size_t len, int has_ext, polis_buf_t *out);

/* Upper-case the first letter of s[0..len) in place, when its capital has
 * the same UTF-8 length (always so for French letters). */
void ix_md_capitalize(char *s, size_t len);

#endif
