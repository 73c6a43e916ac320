/* json.h — building JSON answers with jansson, and sending them.
 *
 * Every JSON answer is compact UTF-8 sent as
 * `application/json; charset=utf-8`; errors are
 * {"error": {"code": "...", "message": "..."}}.
 */
#ifndef SD_API_JSON_H
#define SD_API_JSON_H

#include <jansson.h>

#include "polis/index.h"
#include "http/server.h"

#define SD_JSON_TYPE "application/json; charset=utf-8"

/* A JSON string of s[0..len); bytes that are not UTF-8 become U+FFFD, so a
 * damaged document still yields valid JSON.  NULL when out of memory. */
json_t *sd_json_strn(const char *s, size_t len);

/* The same for a C string; NULL s gives JSON null. */
json_t *sd_json_str(const char *s);

/* Set obj[key] = value, taking the reference to value.  Returns 0, or -1 when
 * value is NULL (a failed constructor) or the set fails — so callers can
 * build a whole object and check once with `err |= ...`. */
int sd_json_set(json_t *obj, const char *key, json_t *value);

/* Append value to arr, taking the reference.  0 or -1 as sd_json_set(). */
int sd_json_append(json_t *arr, json_t *value);

/* Serialise body (compact; reals with 10 significant digits).  Returns a
 * malloc()ed string and its length in *len, or NULL when out of memory. */
char *sd_json_dump(const json_t *body, size_t *len);

/* Send body with this status.  Takes the reference to body (NULL, from a
 * failed build, sends a 503 out_of_memory). */
enum MHD_Result sd_json_send(sd_http_ctx_t *ctx, unsigned status, json_t *body);

/* Send an error object: code is a stable word ("bad_parameter"), message a
 * printf format for the human text. */
enum MHD_Result sd_json_send_error(sd_http_ctx_t *ctx, unsigned status, const char *code,
                                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Send the error for a failed shim call: 400 bad_query with detail for
 * POLIS_ERR_BAD_QUERY, 503 for an index that is missing, damaged, busy or
 * slow, 500 otherwise.  detail (may be NULL) is the shim's message; for
 * server-side failures it goes to the log, not to the client. */
enum MHD_Result sd_json_send_status(sd_http_ctx_t *ctx, polis_status_t st, const char *detail);

#endif
