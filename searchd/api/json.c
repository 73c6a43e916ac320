/* json.c — building JSON values with jansson: safe strings, checked sets. */
#include "api/json.h"

#include <string.h>

#include "polis/text.h"

json_t *sd_json_strn(const char *s, size_t len)
{
    /* Checked here once: jansson's checking constructor would read it again. */
    if (polis_text_valid_utf8(s, len))
        return json_stringn_nocheck(s, len);
    polis_buf_t b = { 0 };
    json_t *j = polis_text_utf8_repair(s, len, &b) != 0
                    ? NULL
                    : json_stringn_nocheck(b.data != NULL ? b.data : "", b.len);
    polis_buf_free(&b);
    return j;
}

json_t *sd_json_str(const char *s)
{
    if (s == NULL)
        return json_null();
    return sd_json_strn(s, strlen(s));
}

int sd_json_set(json_t *obj, const char *key, json_t *value)
{
    if (value == NULL)
        return -1;
    return json_object_set_new(obj, key, value) == 0 ? 0 : -1;
}

int sd_json_append(json_t *arr, json_t *value)
{
    if (value == NULL)
        return -1;
    return json_array_append_new(arr, value) == 0 ? 0 : -1;
}
