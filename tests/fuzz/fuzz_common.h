/* fuzz_common.h — what every libFuzzer target shares: a sink that checks and
 * discards, and the theme table of corpus/ when it can be found. */
#ifndef POLIS_FUZZ_COMMON_H
#define POLIS_FUZZ_COMMON_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "polis/doc.h"
#include "polis/text.h"
#include "parse/sink.h"
#include "vocab/themes.h"

/* Every emitted document must serialise to valid UTF-8 JSON; anything else
 * is a parser bug the fuzzer should report. */
static inline int fuzz_emit(ix_sink_t *s, const polis_doc_t *doc)
{
    (void)s;
    char *json = polis_doc_to_json(doc);
    if (!json)
        return -1; /* out of memory: the parser must cope with the stop */
    if (!polis_text_valid_utf8(json, strlen(json)) || !doc->id || !doc->id[0])
        abort();
    free(json);
    return 0;
}

static inline int fuzz_remove(ix_sink_t *s, const char *id)
{
    (void)s;
    if (!id || !id[0] || !polis_text_valid_utf8(id, strlen(id)))
        abort();
    return 0;
}

static inline void fuzz_warn(ix_sink_t *s, const char *path, const char *msg)
{
    (void)s;
    (void)path;
    (void)msg;
}

static ix_sink_t fuzz_sink = { fuzz_emit, fuzz_remove, fuzz_warn, NULL, NULL };
static ix_themes_t *fuzz_themes;

/* Load corpus/themes.tsv (or $POLIS_THEMES) once; without it every subject
 * is a keyword, which the fuzzers also cover. */
static inline void fuzz_load_themes(void)
{
    const char *path = getenv("POLIS_THEMES");
    char err[256];
    if (!fuzz_themes)
        ix_themes_load(path ? path : "corpus/themes.tsv", &fuzz_themes, err, sizeof err);
}

#endif
