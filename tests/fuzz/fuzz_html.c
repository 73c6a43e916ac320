/* fuzz_html.c — libFuzzer target for polis_html_parse(). */
#include "html.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    fuzz_load_themes();
    polis_html_parse("fuzz/input", (const char *)data, size, fuzz_themes, &fuzz_sink, err,
                     sizeof err);
    return 0;
}
