/* indexer/walk.c — the files of a corpus directory.  See walk.h. */
#include "run/walk.h"

#include <dirent.h>
#include <limits.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "path.h"

#define PATH_MAX_LEN 4096 /* longer paths are reported, not followed */

typedef struct {
    const char *root;
    char real[PATH_MAX_LEN]; /* the root's real path: what is inside the corpus */
    size_t real_len;
    int follow;              /* follow links to directories (inside the corpus) */
    unsigned long long max_size;
    ix_walk_list_t *out;
    ix_walk_warn_fn warn;
    void *ctx;
    char *err;
    size_t errlen;
} walk_t;

static void warn(walk_t *w, const char *rel, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void warn(walk_t *w, const char *rel, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    if (!w->warn)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    w->warn(w->ctx, rel, msg);
}

/* Whether a directory entry is left out by name. */
static int skipped_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] == '.' || strncmp(name, "README", 6) == 0 ||
           (n >= 4 && strcmp(name + n - 4, ".tsv") == 0);
}

static int push_file(ix_walk_list_t *l, const char *rel, const struct stat *st)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        ix_walk_file_t *p = realloc(l->files, cap * sizeof *p);
        if (!p)
            return -1;
        l->files = p;
        l->cap = cap;
    }
    l->files[l->n].path = strdup(rel);
    if (!l->files[l->n].path)
        return -1;
    l->files[l->n].size = (unsigned long long)st->st_size;
    l->files[l->n].mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
    l->n++;
    return 0;
}

/* Walk the directory rel ("" for the root).  0, or -1 when out of memory. */
static int walk_dir(walk_t *w, const char *rel, int depth)
{
    char full[PATH_MAX_LEN], child[PATH_MAX_LEN];
    int n = snprintf(full, sizeof full, "%s%s%s", w->root, *rel ? "/" : "", rel);
    if (n < 0 || (size_t)n >= sizeof full) {
        warn(w, rel, "path too long");
        return 0;
    }
    DIR *d = opendir(full);
    if (!d) {
        warn(w, *rel ? rel : ".", "cannot open directory: %s", strerror(errno));
        return 0;
    }
    int rc = 0;
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(d);
        if (!e) {
            if (errno)
                warn(w, *rel ? rel : ".", "cannot read directory: %s", strerror(errno));
            break;
        }
        if (skipped_name(e->d_name)) {
            w->out->set_aside += e->d_name[0] != '.' ||
                                 (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0);
            continue;
        }
        n = snprintf(child, sizeof child, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        int m = snprintf(full, sizeof full, "%s/%s", w->root, child);
        if (n < 0 || (size_t)n >= sizeof child || m < 0 || (size_t)m >= sizeof full) {
            warn(w, e->d_name, "path too long");
            continue;
        }
        struct stat st;
        if (lstat(full, &st) != 0) {
            warn(w, child, "cannot stat: %s", strerror(errno));
            w->out->unreadable++;
            continue;
        }
        if (S_ISLNK(st.st_mode)) {
            /* A link is followed only to what lies inside the corpus, and to
             * a directory only when asked (a loop is then bounded by the
             * depth limit). */
            if (!ix_path_inside(w->real, full) || stat(full, &st) != 0) {
                warn(w, child, "symlink outside the corpus, skipped");
                w->out->outside++;
                continue;
            }
            if (S_ISDIR(st.st_mode) && !w->follow) {
                warn(w, child, "symlink to a directory, not followed (--follow-symlinks)");
                w->out->outside++;
                continue;
            }
        }
        if (S_ISDIR(st.st_mode)) {
            if (depth + 1 > IX_WALK_MAX_DEPTH) {
                warn(w, child, "too deep (limit %d directories)", IX_WALK_MAX_DEPTH);
                continue;
            }
            rc = walk_dir(w, child, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            unsigned long long size = (unsigned long long)st.st_size;
            if (size > w->max_size) {
                warn(w, child, "file too large (%llu bytes, limit %llu)", size, w->max_size);
                w->out->too_large++;
            } else
                rc = push_file(w->out, child, &st);
        }
        if (rc != 0)
            break;
    }
    closedir(d);
    return rc;
}

static int cmp_file(const void *a, const void *b)
{
    return strcmp(((const ix_walk_file_t *)a)->path, ((const ix_walk_file_t *)b)->path);
}

int ix_walk(const char *root, const ix_walk_opts_t *opts, ix_walk_list_t *out,
            ix_walk_warn_fn warn_fn, void *ctx, char *err, size_t errlen)
{
    walk_t w = { .root = root,
                 .follow = opts->follow_symlinks,
                 .max_size = opts->max_size ? opts->max_size : IX_WALK_MAX_FILE_DEFAULT,
                 .out = out,
                 .warn = warn_fn,
                 .ctx = ctx,
                 .err = err,
                 .errlen = errlen };
    DIR *d = opendir(root);
    if (!d || !realpath(root, w.real)) {
        snprintf(err, errlen, "%s: %s", root, strerror(errno));
        if (d)
            closedir(d);
        return -1;
    }
    closedir(d);
    w.real_len = strlen(w.real);
    if (walk_dir(&w, "", 0) != 0) {
        snprintf(err, errlen, "%s: out of memory", root);
        ix_walk_free(out);
        return -1;
    }
    if (out->n > 1)
        qsort(out->files, out->n, sizeof *out->files, cmp_file);
    return 0;
}

void ix_walk_free(ix_walk_list_t *list)
{
    for (size_t i = 0; i < list->n; i++)
        free(list->files[i].path);
    free(list->files);
    memset(list, 0, sizeof *list);
}
