/* conffile.h — reading polis-searchd's configuration file.
 *
 *   # /etc/polis/polis.conf
 *   index  = /var/lib/polis/index
 *   listen = 127.0.0.1:8080
 *
 * One setting a line, "key = value"; blank lines and lines whose first
 * non-blank character is '#' are skipped.  Spaces and tabs around the key and
 * the value are dropped; the value runs to the end of the line (a '#' inside
 * it is part of it).  The reader knows no key: it hands each one, with its
 * line number, to a callback, which decides (main.c: the keys are the long
 * options' names).
 */
#ifndef SD_CONFFILE_H
#define SD_CONFFILE_H

#include <stddef.h>

/* Largest configuration file read, in bytes. */
#define SD_CONFFILE_MAX (1u << 20)

/* The file's text; every key and value handed out points into it. */
typedef struct {
    char *text;
} sd_conffile_t;

/* Called for each setting in file order; non-zero stops the reading. */
typedef int (*sd_conffile_fn)(void *ctx, const char *key, const char *value, unsigned line);

/* Read path into cf and call fn on each setting.  Returns 0; -1 when the file
 * cannot be read or a line is not "key = value", with err set to
 * "PATH: reason" or "PATH:LINE: reason"; or fn's non-zero return as it is,
 * with err empty (fn says why itself).  cf is to be freed in every case, once the keys and
 * values are no longer needed. */
int sd_conffile_read(sd_conffile_t *cf, const char *path, sd_conffile_fn fn, void *ctx, char *err,
                     size_t errlen);

void sd_conffile_free(sd_conffile_t *cf);

#endif
