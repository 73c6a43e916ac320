/* fuzz_oai.c — libFuzzer target for ix_oai_parse(). */
#include "parse/oai.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    fuzz_load_themes();
    ix_oai_parse("fuzz/input", (const char *)data, size, fuzz_themes, &fuzz_sink, err, sizeof err);
    return 0;
}
