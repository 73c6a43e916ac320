/* fuzz_md.c — libFuzzer target for the Markdown print export: the page parser
 * (ix_md_parse: md4c, the YAML front matter, the fields) and the
 * bibliography entries read from the same text. */
#include "parse/biblio.h"
#include "parse/dispatch.h"
#include "fuzz_common.h"
#include "parse/md.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    /* Both entry points: the page alone, and page plus references. */
    polis_doc_t doc;
    polis_doc_init(&doc);
    polis_strv_t warnings = { 0 };
    if (ix_md_parse("fuzz/input.md", (const char *)data, size, &doc, &warnings, err, sizeof err) ==
        0)
        fuzz_emit(&fuzz_sink, &doc);
    polis_doc_clear(&doc);
    polis_strv_clear(&warnings);
    ix_dispatch_markdown("fuzz/bibliographie.md", (const char *)data, size, NULL, &fuzz_sink, err,
                         sizeof err);
    return 0;
}
