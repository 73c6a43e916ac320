/* fuzz_docjson.c — libFuzzer target for the reader of a document's JSON
 * (shim/docjson.cc, simdjson): any bytes are read or refused without harm,
 * and a document it reads writes (doc.c, jansson) JSON it reads back to the
 * same document, so reader and writer agree on what a document is. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    polis_doc_t a, b;
    polis_doc_init(&a);
    polis_doc_init(&b);
    if (polis_doc_from_json(&a, (const char *)data, size) == 0) {
        /* What the reader took, the writer must be able to write. */
        char *first = polis_doc_to_json(&a);
        if (first == NULL || polis_doc_from_json(&b, first, strlen(first)) != 0)
            abort();
        char *second = polis_doc_to_json(&b);
        if (second == NULL || strcmp(first, second) != 0)
            abort();
        free(first);
        free(second);
    }
    polis_doc_clear(&a);
    polis_doc_clear(&b);
    return 0;
}
