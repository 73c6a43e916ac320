/* reply.h — JSON answers on the wire: a body sent, and the error objects.
 *
 * Every JSON answer is compact UTF-8 sent as
 * `application/json; charset=utf-8`; every error, whatever the route (the
 * router's 404 and 405 too), is {"error": {"code": "...", "message": "..."}}
 * with a 4xx or 5xx status.  Building the body is api/json.h's job; this
 * file serialises and sends it.
 */
#ifndef SD_HTTP_REPLY_H
#define SD_HTTP_REPLY_H

#include <stddef.h>

#include <jansson.h>

#include "http/http.h"
#include "polis/index.h"

#define SD_REPLY_JSON_TYPE "application/json; charset=utf-8"

/* The body of a 503 when not even an error object can be built. */
extern const char sd_reply_nomem_body[];

/* The bytes sd_reply_json() sends for body (compact; reals with 10
 * significant digits): a malloc()ed string and its length in *len, or NULL
 * when out of memory. */
char *sd_reply_dump(const json_t *body, size_t *len);

/* Send body with this status.  Takes the reference to body (NULL, from a
 * failed build, sends a 503 out_of_memory). */
enum MHD_Result sd_reply_json(sd_http_ctx_t *ctx, unsigned status, json_t *body);

/* Send an error object: code is a stable word ("bad_parameter"), message a
 * printf format for the human text (cut at 511 bytes, never inside a
 * character).  An error says nothing about the index: no ETag goes with it.
 * On a route with an error page (ctx->error_page: the page's), the page's
 * HTML document instead. */
enum MHD_Result sd_reply_error(sd_http_ctx_t *ctx, unsigned status, const char *code,
                               const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The body of an error object for code and message (repaired to UTF-8):
 * {"error":{"code":"...","message":"..."}}, malloc()ed, its length in *len;
 * NULL when out of memory. */
char *sd_reply_error_body(const char *code, const char *message, size_t *len);

/* A whole HTTP/1.1 error answer, for a socket libmicrohttpd does not hold
 * (the intake's refusals, the 408 of a head too slow): status line, Date,
 * Connection: close, Content-Type, Content-Length, nosniff, the page's
 * headers (and Retry-After: 1 for a 503), X-Request-Id when request_id is
 * neither NULL nor "" (a valid id, reqid.h), then the body, JSON or the
 * page's (page not NULL), none when head (a HEAD request).  malloc()ed, its
 * length in *len; NULL when out of memory. */
char *sd_reply_raw(unsigned status, const char *code, const char *message,
                   const sd_http_error_page_t *page, const char *request_id, int head, size_t *len);

/* Send the error for a failed shim call: 400 bad_query with detail for
 * POLIS_ERR_BAD_QUERY, 503 for an index that is missing, damaged, busy or
 * slow, 500 otherwise.  detail (may be NULL) is the shim's message; for
 * server-side failures it goes to the log (sd_reply_log()), not to the
 * client. */
enum MHD_Result sd_reply_status(sd_http_ctx_t *ctx, polis_status_t st, const char *detail);

/* The same for a detail the caller malloc()ed (sd_with_index()'s), which
 * is freed here. */
enum MHD_Result sd_reply_failure(sd_http_ctx_t *ctx, polis_status_t st, char *detail);

/* Write a server-side failure of this request to stderr, the operator's
 * log: "polis-searchd: GET /api/search (request <id>): <status>: <detail>",
 * the id the one the client got in X-Request-Id. */
void sd_reply_log(const sd_http_ctx_t *ctx, polis_status_t st, const char *detail);

#endif
