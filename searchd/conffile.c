/* conffile.c — "key = value" lines (see conffile.h). */
#include "conffile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* s without the blanks around it (s is modified). */
static char *trim(char *s)
{
    while (is_blank(*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && is_blank(s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* The whole file, NUL-terminated, or NULL with err set. */
static char *slurp(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *text = malloc(SD_CONFFILE_MAX + 1);
    size_t len = text ? fread(text, 1, SD_CONFFILE_MAX + 1, f) : 0;
    int bad = !text ? ENOMEM : ferror(f) ? (errno ? errno : EIO) : 0;
    fclose(f);
    if (bad) {
        snprintf(err, errlen, "%s: %s", path, strerror(bad));
    } else if (len > SD_CONFFILE_MAX) {
        snprintf(err, errlen, "%s: larger than %u bytes", path, SD_CONFFILE_MAX);
    } else if (memchr(text, '\0', len)) {
        snprintf(err, errlen, "%s: holds a NUL byte: not a text file", path);
    } else {
        text[len] = '\0';
        return text;
    }
    free(text);
    return NULL;
}

int sd_conffile_read(sd_conffile_t *cf, const char *path, sd_conffile_fn fn, void *ctx, char *err,
                     size_t errlen)
{
    if (errlen)
        err[0] = '\0'; /* stays empty when fn stops the reading */
    cf->text = slurp(path, err, errlen);
    if (!cf->text)
        return -1;
    unsigned lineno = 0;
    for (char *line = cf->text, *next; line; line = next) {
        lineno++;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        line = trim(line);
        if (*line == '\0' || *line == '#')
            continue;
        char *eq = strchr(line, '=');
        if (!eq) {
            snprintf(err, errlen, "%s:%u: want \"key = value\", not \"%.60s\"", path, lineno, line);
            return -1;
        }
        *eq = '\0';
        char *key = trim(line), *value = trim(eq + 1);
        if (*key == '\0') {
            snprintf(err, errlen, "%s:%u: a value without a key", path, lineno);
            return -1;
        }
        int rc = fn(ctx, key, value, lineno);
        if (rc != 0)
            return rc;
    }
    return 0;
}

void sd_conffile_free(sd_conffile_t *cf)
{
    free(cf->text);
    cf->text = NULL;
}
