/* indexer/walk.h — the files of a corpus directory.
 *
 * Recursive, in byte order of the relative paths so that two runs over the
 * same tree index in the same order (duplicate ids then resolve the same
 * way).  Set aside and counted: names starting with '.', *.tsv (the theme
 * and synonym tables), README*.  Anything that is neither a regular file
 * nor a directory is passed over.  A symbolic link is followed only to what
 * lies inside the corpus (its real path under the corpus's): one that
 * leaves it is reported ("symlink outside the corpus, skipped"), so a link
 * planted in a corpus cannot publish /etc/passwd; a link to a directory
 * inside is followed only with follow_symlinks (the depth limit bounds a
 * loop).
 */
#ifndef IX_WALK_H
#define IX_WALK_H

#include <stddef.h>

/* Default largest file indexed, in bytes. */
#define IX_WALK_MAX_FILE_DEFAULT (20ull << 20)
/* Deepest directory nesting followed; deeper directories are reported. */
#define IX_WALK_MAX_DEPTH 32

/* A file found: its path relative to the root ("pages/foo.md") and size. */
typedef struct {
    char *path;
    unsigned long long size;
    long long mtime_ns; /* modification time, ns since the epoch */
} ix_walk_file_t;

typedef struct {
    ix_walk_file_t *files; /* sorted by path (strcmp) */
    size_t n, cap;
    /* What the walk met and left out, so a summary can account for it. */
    unsigned long set_aside;  /* left out by name (hidden, *.tsv, README*) */
    unsigned long too_large;  /* files over the size limit */
    unsigned long unreadable; /* entries that could not be examined */
    unsigned long outside;    /* links out of the corpus, or to directories not followed */
} ix_walk_list_t;

typedef struct {
    unsigned long long max_size; /* largest file, bytes (0: the default) */
    int follow_symlinks;         /* follow links to directories inside the corpus */
} ix_walk_opts_t;

/* Called for a file or directory left out for a reason worth telling:
 * "file too large (N bytes, limit M)", "cannot open directory: ...",
 * "too deep".  relpath is relative to the root. */
typedef void (*ix_walk_warn_fn)(void *ctx, const char *relpath, const char *message);

/* Walk root, appending the files of at most opts->max_size bytes to out,
 * which must be zeroed.  Larger files, links out of the corpus and
 * unreadable directories go to warn (may be NULL) and are left out.
 * Returns 0, or -1 with err (errlen bytes) set when root is not a readable
 * directory or memory ran out; out then holds nothing. */
int ix_walk(const char *root, const ix_walk_opts_t *opts, ix_walk_list_t *out,
            ix_walk_warn_fn warn, void *ctx, char *err, size_t errlen);

/* Free the list and zero it. */
void ix_walk_free(ix_walk_list_t *list);

#endif
