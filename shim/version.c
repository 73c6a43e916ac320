/* version.c — polis_version(): the library's own version (polis/version.h). */
#include "polis/version.h"

const char *polis_version(void)
{
    return POLIS_VERSION_STRING;
}
