/* generation.h — the layout of an index root and its atomic switches.
 *
 *   ROOT/.lock              flock()ed by the one indexer at work; holds its pid
 *   ROOT/gen-000042/        a finished generation (a compacted Xapian index)
 *   ROOT/gen-000043.work    shards being written; removed if found stale
 *   ROOT/gen-000043.partial the merged index before its sync and rename
 *   ROOT/current -> gen-000042   what searchd serves; replaced by rename()
 *
 * Readers follow `current`; a new generation appears to them all at once or
 * not at all, and the one in service is never written to by a rebuild.
 */
#ifndef IX_GENERATION_H
#define IX_GENERATION_H

#include <stddef.h>

#define IX_GEN_NAME_MAX 32

/* Take ROOT's lock, creating ROOT when missing.  With wait, block until the
 * holder is done; without, fail at once.  On success returns a descriptor to
 * pass to ix_gen_unlock(); on failure -1 with err naming the reason and,
 * when held, the holder's pid ("ROOT is locked by pid 1234"). */
int ix_gen_lock(const char *root, int wait, char *err, size_t errlen);

/* The same lock on the file path, naming root (what it guards) in the
 * messages: `build` takes INDEX.lock beside the index it replaces, and
 * removes it when done with ix_gen_unlock_remove(). */
int ix_gen_lock_file(const char *path, const char *root, int wait, char *err, size_t errlen);

/* Release a lock taken by ix_gen_lock_file() and remove its file.  A
 * process waiting on the removed file finds it gone and locks a new one. */
void ix_gen_unlock_remove(int fd, const char *path);

/* The generation root that holds path (an index root with a `current`
 * link, of which path is `current`, a generation, or something inside
 * them), into root[rootlen]; 1 when there is one, else 0.  `build` must not
 * write there: rebuild is what switches a root's generations. */
int ix_gen_root_of(const char *path, char *root, size_t rootlen);

/* Release the lock taken by ix_gen_lock(). */
void ix_gen_unlock(int fd);

/* Remove unfinished `gen-NNNNNN.*` directories left by a killed run (call with
 * the lock held).  Returns how many were removed, or -1 on error. */
int ix_gen_remove_stale(const char *root, char *err, size_t errlen);

/* Name of the next generation ("gen-000043") into name[IX_GEN_NAME_MAX].
 * 0, or -1 with err. */
int ix_gen_next_name(const char *root, char *name, char *err, size_t errlen);

/* Name of the generation `current` points to into name; 0, or -1 when there
 * is none (err says why). */
int ix_gen_current(const char *root, char *name, char *err, size_t errlen);

/* fsync() every file below dir, then dir itself, so a generation is on disk
 * before it is switched in.  0, or -1 with err. */
int ix_gen_sync_tree(const char *dir, char *err, size_t errlen);

/* Point ROOT/current at name atomically (symlink to a temporary name, then
 * rename over `current`, then fsync ROOT).  0, or -1 with err. */
int ix_gen_switch(const char *root, const char *name, char *err, size_t errlen);

/* Seconds a replaced generation is kept at least, for readers to move off it. */
#define IX_GEN_GRACE_SECONDS 5

/* Remove finished generations beyond the newest `keep`.  The one in service
 * is always kept, and so is one replaced less than IX_GEN_GRACE_SECONDS
 * ago (a later run removes it).  Returns how many were removed, or -1 with
 * err. */
int ix_gen_prune(const char *root, int keep, char *err, size_t errlen);

/* mkdir -p: create dir and its missing parents.  0, or -1 with errno. */
int ix_gen_mkdirs(const char *dir);

/* Remove a directory tree (used on partial generations).  0 or -1. */
int ix_gen_remove_tree(const char *dir);

/* Bytes the files under path take on the disk (0 when it is missing). */
unsigned long long ix_gen_tree_bytes(const char *path);

/* Bytes an unprivileged writer may still add to path's filesystem, or
 * ULLONG_MAX when statvfs() cannot say (then nobody waits for room). */
unsigned long long ix_gen_free_bytes(const char *path);

#endif
