/* indexer/path.c — where a file really is.  See path.h. */
#include "path.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

int ix_path_inside(const char *real_root, const char *path)
{
    char real[PATH_MAX];
    size_t n = strlen(real_root);
    if (!realpath(path, real))
        return 0;
    return strncmp(real, real_root, n) == 0 && (real[n] == '/' || strcmp(real_root, "/") == 0);
}
