/* generation.c — index generations on disk; see generation.h. */
#include "run/generation.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#define GEN_PREFIX "gen-"

static int fail(char *err, size_t errlen, const char *what, const char *path)
{
    snprintf(err, errlen, "%s: %s: %s", path, what, strerror(errno));
    return -1;
}

int ix_gen_mkdirs(const char *dir)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s", dir);
    if (n < 0 || (size_t)n >= sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(path, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

int ix_gen_lock(const char *root, int wait, char *err, size_t errlen)
{
    if (ix_gen_mkdirs(root) != 0)
        return fail(err, errlen, "cannot create index root", root);
    char path[4096];
    snprintf(path, sizeof path, "%s/.lock", root);
    return ix_gen_lock_file(path, root, wait, err, errlen);
}

/* Whether fd is still the file at path: a lock file removed (or replaced)
 * by its holder after it was opened here locks nothing. */
static int still_there(int fd, const char *path)
{
    struct stat a, b;
    return fstat(fd, &a) == 0 && lstat(path, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

int ix_gen_lock_file(const char *path, const char *root, int wait, char *err, size_t errlen)
{
    for (int tries = 0; tries < 100; tries++) {
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0)
            return fail(err, errlen, "cannot open lock", path);
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int busy = errno == EWOULDBLOCK;
            if (!busy || !wait) {
                char pid[32] = "";
                ssize_t n = pread(fd, pid, sizeof pid - 1, 0);
                pid[n > 0 ? n : 0] = '\0';
                pid[strcspn(pid, "\n")] = '\0';
                if (busy)
                    snprintf(err, errlen, "%s is locked by another indexer (pid %s); use --wait",
                             root, *pid ? pid : "unknown");
                else
                    fail(err, errlen, "cannot lock", path);
                close(fd);
                return -1;
            }
            if (flock(fd, LOCK_EX) != 0) {
                fail(err, errlen, "cannot lock", path);
                close(fd);
                return -1;
            }
        }
        if (!still_there(fd, path)) {
            close(fd); /* the holder removed it on its way out: lock the new one */
            continue;
        }
        char pid[32];
        int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
        if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
            fail(err, errlen, "cannot write lock", path);
            close(fd);
            return -1;
        }
        return fd;
    }
    snprintf(err, errlen, "%s: cannot lock: the lock file keeps changing", path);
    return -1;
}

void ix_gen_unlock_remove(int fd, const char *path)
{
    if (fd < 0)
        return;
    /* Removed while still held: a waiter then sees it gone and takes a new one. */
    if (still_there(fd, path))
        (void)unlink(path);
    close(fd);
}

void ix_gen_unlock(int fd)
{
    if (fd >= 0) {
        if (ftruncate(fd, 0) != 0) {
            /* A stale pid in an unlocked file misleads nobody: flock decides. */
        }
        close(fd);
    }
}

static int rm_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    return (type == FTW_DP ? rmdir(path) : unlink(path)) == 0 || errno == ENOENT ? 0 : -1;
}

int ix_gen_remove_tree(const char *dir)
{
    if (access(dir, F_OK) != 0)
        return 0;
    return nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* nftw() takes no context: each thread sums into its own. */
static _Thread_local unsigned long long tree_sum;

static int add_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)path, (void)ftw;
    if (flag == FTW_F && S_ISREG(st->st_mode))
        tree_sum += (unsigned long long)st->st_blocks * 512u;
    return 0;
}

unsigned long long ix_gen_tree_bytes(const char *path)
{
    tree_sum = 0;
    (void)nftw(path, add_entry, 16, FTW_PHYS); /* on failure: what could be read */
    return tree_sum;
}

unsigned long long ix_gen_free_bytes(const char *path)
{
    struct statvfs v;
    return statvfs(path, &v) == 0 ? (unsigned long long)v.f_bavail * v.f_frsize : ULLONG_MAX;
}

/* Generation number of a directory entry name, or -1 (partial ones too when
 * partial is set). */
static long gen_number(const char *name, int partial)
{
    if (strncmp(name, GEN_PREFIX, strlen(GEN_PREFIX)) != 0)
        return -1;
    char *end;
    long n = strtol(name + strlen(GEN_PREFIX), &end, 10);
    if (end == name + strlen(GEN_PREFIX) || n < 0)
        return -1;
    if (*end == '\0')
        return partial ? -1 : n;
    return partial && *end == '.' ? n : -1; /* gen-000043.partial, gen-000043.work */
}

int ix_gen_remove_stale(const char *root, char *err, size_t errlen)
{
    DIR *d = opendir(root);
    if (!d)
        return fail(err, errlen, "cannot read index root", root);
    int removed = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (gen_number(e->d_name, 1) < 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", root, e->d_name);
        if (ix_gen_remove_tree(path) != 0) {
            closedir(d);
            return fail(err, errlen, "cannot remove stale generation", path);
        }
        removed++;
    }
    closedir(d);
    return removed;
}

int ix_gen_next_name(const char *root, char *name, char *err, size_t errlen)
{
    DIR *d = opendir(root);
    if (!d)
        return fail(err, errlen, "cannot read index root", root);
    long max = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        long n = gen_number(e->d_name, 0);
        if (n < 0)
            n = gen_number(e->d_name, 1);
        if (n > max)
            max = n;
    }
    closedir(d);
    snprintf(name, IX_GEN_NAME_MAX, GEN_PREFIX "%06ld", max + 1);
    return 0;
}

int ix_gen_current(const char *root, char *name, char *err, size_t errlen)
{
    char path[4096], target[4096];
    snprintf(path, sizeof path, "%s/current", root);
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n < 0)
        return fail(err, errlen, "no generation in service", path);
    target[n] = '\0';
    const char *base = strrchr(target, '/');
    base = base ? base + 1 : target;
    if (gen_number(base, 0) < 0 || strlen(base) >= IX_GEN_NAME_MAX) {
        snprintf(err, errlen, "%s: points to %s, not a generation", path, target);
        return -1;
    }
    strcpy(name, base);
    return 0;
}

static int sync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

static int sync_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    if (type == FTW_F)
        return sync_path(path, O_RDONLY);
    if (type == FTW_DP || type == FTW_D)
        return sync_path(path, O_RDONLY | O_DIRECTORY);
    return 0;
}

int ix_gen_sync_tree(const char *dir, char *err, size_t errlen)
{
    if (nftw(dir, sync_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
        return fail(err, errlen, "cannot sync to disk", dir);
    return 0;
}

int ix_gen_switch(const char *root, const char *name, char *err, size_t errlen)
{
    char tmp[4096], cur[4096];
    snprintf(tmp, sizeof tmp, "%s/.current-%ld", root, (long)getpid());
    snprintf(cur, sizeof cur, "%s/current", root);
    unlink(tmp);
    if (symlink(name, tmp) != 0)
        return fail(err, errlen, "cannot create link", tmp);
    if (rename(tmp, cur) != 0) {
        int saved = errno;
        unlink(tmp);
        errno = saved;
        return fail(err, errlen, "cannot switch", cur);
    }
    if (sync_path(root, O_RDONLY | O_DIRECTORY) != 0)
        return fail(err, errlen, "cannot sync", root);
    return 0;
}

static int cmp_long_desc(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x < y) - (x > y);
}

int ix_gen_prune(const char *root, int keep, char *err, size_t errlen)
{
    char current[IX_GEN_NAME_MAX] = "";
    char ignored[256];
    if (ix_gen_current(root, current, ignored, sizeof ignored) != 0)
        current[0] = '\0';
    long cur = current[0] ? gen_number(current, 0) : -1;
    DIR *d = opendir(root);
    if (!d)
        return fail(err, errlen, "cannot read index root", root);
    long gens[4096];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < sizeof gens / sizeof gens[0]) {
        long g = gen_number(e->d_name, 0);
        if (g >= 0)
            gens[n++] = g;
    }
    closedir(d);
    qsort(gens, n, sizeof gens[0], cmp_long_desc);
    int removed = 0;
    time_t now = time(NULL);
    for (size_t i = keep > 0 ? (size_t)keep : 1; i < n; i++) {
        if (gens[i] == cur)
            continue;
        /* A reader checks `current` about once a second: a generation
         * replaced only moments ago may still be in service, so it stays
         * until its successor has been there for the grace period. */
        char next[4096];
        struct stat st;
        snprintf(next, sizeof next, "%s/" GEN_PREFIX "%06ld", root, gens[i - 1]);
        if (stat(next, &st) == 0 && now - st.st_mtime < IX_GEN_GRACE_SECONDS)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/" GEN_PREFIX "%06ld", root, gens[i]);
        if (ix_gen_remove_tree(path) != 0)
            return fail(err, errlen, "cannot remove old generation", path);
        removed++;
    }
    return removed;
}

int ix_gen_root_of(const char *path, char *root, size_t rootlen)
{
    /* Work on the absolute path as written: `current` itself is a link,
     * and realpath() would see through it. */
    char abs[4096];
    if (path[0] == '/') {
        snprintf(abs, sizeof abs, "%s", path);
    } else {
        char cwd[2048];
        if (!getcwd(cwd, sizeof cwd))
            return 0;
        snprintf(abs, sizeof abs, "%s/%s", cwd, path);
    }
    size_t n = strlen(abs);
    while (n > 1 && abs[n - 1] == '/')
        abs[--n] = '\0';
    for (char *slash = strrchr(abs, '/'); slash; slash = strrchr(abs, '/')) {
        const char *child = slash + 1; /* the first name below the candidate root */
        char name[IX_GEN_NAME_MAX + 8];
        snprintf(name, sizeof name, "%.*s", (int)strcspn(child, "/"), child);
        *slash = '\0';
        const char *dir = *abs ? abs : "/";
        char current[4200];
        struct stat st;
        snprintf(current, sizeof current, "%s/current", dir);
        int is_root = lstat(current, &st) == 0 && S_ISLNK(st.st_mode);
        if (is_root && (strcmp(name, "current") == 0 || strncmp(name, "gen-", 4) == 0)) {
            snprintf(root, rootlen, "%s", dir);
            return 1;
        }
        if (slash == abs)
            break;
    }
    return 0;
}
