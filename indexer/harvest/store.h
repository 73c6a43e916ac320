/* indexer/harvest/store.h — the directory a harvest writes into.
 *
 * DIR holds the harvested files, flat, with names the store makes
 * (ix_store_name()), and three hidden files the corpus walk sets aside
 * (run/walk.c skips names starting with "."):
 *   .polis-harvest.json      the state: what the harvest knows between runs
 *   .polis-harvest.lock      held (flock) by the one harvest at work in DIR
 *   .polis-harvest-tmp.XXXX  a file being written; renamed into place whole,
 *                            or removed by the next harvest if one was killed
 * A file appears whole or not at all: written to a temporary file, synced,
 * then renamed over its name.  A file whose bytes are already there is not
 * written again, so that its time stamp, and the index's record of it,
 * stay as they were.
 */
#ifndef IX_STORE_H
#define IX_STORE_H

#include <stddef.h>

#include <jansson.h>

/* Longest file name the store makes, extension included. */
#define IX_STORE_NAME_MAX 200

typedef struct ix_store ix_store_t;

/* Open dir for a harvest: create it (and its parents) when missing, take
 * its lock, remove temporary files a killed harvest left, and read its
 * state (an empty object when there is none).  NULL with err set: "DIR:
 * another harvest is writing here (pid N)", "DIR/.polis-harvest.json: line
 * N: ...", or the system's reason. */
ix_store_t *ix_store_open(const char *dir, char *err, size_t errlen);

/* The state object: it belongs to the store, which writes it back with
 * ix_store_save(); the caller changes it in place. */
json_t *ix_store_state(ix_store_t *st);

/* The string member key of a state object o, "" when o has none (o may be
 * NULL).  The string belongs to o. */
const char *ix_store_str(const json_t *o, const char *key);

/* Write the state atomically and sync the directory.  0, or -1 with err. */
int ix_store_save(ix_store_t *st, char *err, size_t errlen);

/* Write data[0..len) as the file name, atomically.  Returns 1 when written,
 * 0 when the file already held these bytes (left alone), -1 with err set. */
int ix_store_put(ix_store_t *st, const char *name, const void *data, size_t len, char *err,
                 size_t errlen);

/* Remove the file name.  1 removed, 0 it was not there, -1 with err set. */
int ix_store_remove(ix_store_t *st, const char *name, char *err, size_t errlen);

/* Non-zero when the file name is there. */
int ix_store_has(const ix_store_t *st, const char *name);

/* Release the lock and the state (not saved: ix_store_save() first). */
void ix_store_close(ix_store_t *st);

/* A file name for key[0..len): its slug (polis_text_slug()) and ext (".xml",
 * ".html"), "index" for an empty slug; a slug too long for
 * IX_STORE_NAME_MAX is cut and given 16 hex digits of the key's hash.
 * 0, or -1 when out of memory. */
int ix_store_name(const char *key, size_t len, const char *ext, char *out, size_t outlen);

#endif
