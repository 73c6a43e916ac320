/* json.h — the JSON encoder: building answers with jansson.
 *
 * What a document, the index or the request gives may be damaged text;
 * these helpers make it valid JSON all the same, and let a handler build a
 * whole object and check once.  Sending it is http/reply.h's job.
 */
#ifndef SD_API_JSON_H
#define SD_API_JSON_H

#include <stddef.h>

#include <jansson.h>

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

#endif
