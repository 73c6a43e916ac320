/* fuzz_html.c — libFuzzer target for ix_dispatch_html(). */
#include "parse/html.h"
#include "parse/dispatch.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    fuzz_load_themes();
    ix_dispatch_html("fuzz/input", (const char *)data, size, fuzz_themes, &fuzz_sink, err,
                     sizeof err);
    return 0;
}
