/* fuzz_jsonw.c — libFuzzer target for searchd's JSON writer (http/jsonw.c):
 * whatever JSON jansson reads, the writer writes the bytes json_dumps()
 * writes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/jsonw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *v = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    if (v == NULL)
        return 0;
    for (int precision = 1; precision <= 17; precision += 8) {
        char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(precision));
        size_t len = 0;
        char *got = sd_jsonw_dump(v, precision, &len);
        if ((want == NULL) != (got == NULL) || (want != NULL && (strcmp(want, got) != 0 || len != strlen(want))))
            abort();
        free(want);
        free(got);
    }
    json_decref(v);
    return 0;
}
