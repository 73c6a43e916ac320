/* docfields.h — the JSON keys of polis_doc_t's fields, shared by the writer
 * (doc.c, jansson) and the reader (docjson.cc, simdjson) of a document's
 * JSON, so that a field added to the struct is added in one place.
 * Internal to libpolis. */
#ifndef POLIS_SHIM_DOCFIELDS_H
#define POLIS_SHIM_DOCFIELDS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char *key;
    size_t off;       /* offsetof(polis_doc_t, the field) */
    int inline_array; /* 1: a char[20] member, 0: a char * member */
} shim_doc_str_field_t;

typedef struct {
    const char *key;
    size_t off; /* offsetof(polis_doc_t, the polis_strv_t) */
} shim_doc_strv_field_t;

extern const shim_doc_str_field_t shim_doc_str_fields[];
extern const size_t shim_doc_n_str_fields;
extern const shim_doc_strv_field_t shim_doc_strv_fields[];
extern const size_t shim_doc_n_strv_fields;

#ifdef __cplusplus
}
#endif

#endif
