/* fuzz_md.c — libFuzzer target for the Markdown print export: the page parser
 * (polis_md_parse: md4c, the YAML front matter, the fields) and the
 * bibliography entries read from the same text. */
#include "biblio.h"
#include "fuzz_common.h"
#include "md.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    /* Both entry points: the page alone, and page plus references. */
    polis_doc_t doc;
    polis_doc_init(&doc);
    polis_strv_t warnings = { 0 };
    if (polis_md_parse("fuzz/input.md", (const char *)data, size, &doc, &warnings, err,
                       sizeof err) == 0)
        fuzz_emit(&fuzz_sink, &doc);
    polis_doc_clear(&doc);
    polis_strv_clear(&warnings);
    polis_biblio_md("fuzz/bibliographie.md", (const char *)data, size, &fuzz_sink, err, sizeof err);
    return 0;
}
