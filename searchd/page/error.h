/* error.h — the page's error page: what a visitor of / or /search sees when
 * the request itself is refused (too long, malformed, too slow, a server
 * too busy), in French, under the page's security headers.
 *
 * Registered with the page's routes (page.c), it is used for every error
 * the plumbing answers on them: the router's (405), the intake's (414, 431,
 * 400, 408, 413, 503).  The page's own messages about a search (a bad
 * parameter, a query that does not parse) are written in the page itself.
 */
#ifndef SD_PAGE_ERROR_H
#define SD_PAGE_ERROR_H

#include "http/http.h"

/* The page's look for errors (http.h). */
extern const sd_http_error_page_t sd_error_page;

/* The French sentence for an error code of the JSON contract ("busy",
 * "uri_too_long"...), or a general one. */
const char *sd_error_french(const char *code);

#endif
