/* fuzz_detect.c — libFuzzer target for format and charset detection. */
#include "parse/detect.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = { NULL, "a.md", "a.html", "a.xml", "a", "dir.x/b" };
    const char *buf = (const char *)data;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        ix_format_t f = ix_detect_format(names[i], buf, size);
        if (f > IX_FORMAT_UNKNOWN_XML || !ix_detect_name(f))
            abort();
    }
    char cs[48];
    const char *enc = ix_detect_charset(buf, size, cs, sizeof cs);
    if (enc && strlen(enc) >= sizeof cs)
        abort();
    return 0;
}
