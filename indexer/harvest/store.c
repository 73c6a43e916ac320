/* harvest/store.c — whole files and a state in a harvest's directory; see
 * store.h. */
#include "harvest/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "polis/text.h"

#define STATE_NAME ".polis-harvest.json"
#define LOCK_NAME  ".polis-harvest.lock"
#define TMP_PREFIX ".polis-harvest-tmp."

/* A state bigger than this is not a harvest's state. */
#define STATE_MAX (256u << 20)

struct ix_store {
    char dir[4096];
    int lock;
    json_t *state;
};

static int sys_fail(char *err, size_t errlen, const char *dir, const char *name, const char *what)
{
    snprintf(err, errlen, "%s%s%s: %s%s", dir, name ? "/" : "", name ? name : "", what,
             strerror(errno));
    return -1;
}

/* mkdir -p */
static int make_dirs(const char *dir)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
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

static int sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

static void remove_temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strncmp(e->d_name, TMP_PREFIX, strlen(TMP_PREFIX)) == 0)
            (void)unlinkat(dirfd(d), e->d_name, 0);
    closedir(d);
}

static json_t *load_state(const char *dir, char *err, size_t errlen)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/" STATE_NAME, dir);
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (errno == ENOENT)
            return json_object();
        sys_fail(err, errlen, dir, STATE_NAME, "");
        return NULL;
    }
    if (sb.st_size > STATE_MAX) {
        snprintf(err, errlen, "%s: larger than %u bytes, not a harvest's state", path, STATE_MAX);
        return NULL;
    }
    json_error_t je;
    json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!j || !json_is_object(j)) {
        snprintf(err, errlen, "%s: line %d: %s (remove it for a full harvest)", path, je.line,
                 j ? "not a JSON object" : je.text);
        json_decref(j);
        return NULL;
    }
    return j;
}

ix_store_t *ix_store_open(const char *dir, char *err, size_t errlen)
{
    ix_store_t *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, errlen, "%s: out of memory", dir);
        return NULL;
    }
    st->lock = -1;
    if (snprintf(st->dir, sizeof st->dir, "%s", dir) >= (int)sizeof st->dir) {
        snprintf(err, errlen, "%.200s...: path too long", dir);
        free(st);
        return NULL;
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/" LOCK_NAME, dir);
    if (make_dirs(dir) != 0) {
        sys_fail(err, errlen, dir, NULL, "cannot create: ");
    } else if ((st->lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0) {
        sys_fail(err, errlen, dir, LOCK_NAME, "");
    } else if (flock(st->lock, LOCK_EX | LOCK_NB) != 0) {
        char pid[32] = "";
        ssize_t n = pread(st->lock, pid, sizeof pid - 1, 0);
        pid[n > 0 ? n : 0] = '\0';
        pid[strcspn(pid, "\n")] = '\0';
        snprintf(err, errlen, "%s: another harvest is writing here%s%s%s", dir,
                 pid[0] ? " (pid " : "", pid, pid[0] ? ")" : "");
    } else {
        char pid[32];
        int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
        if (ftruncate(st->lock, 0) != 0 || pwrite(st->lock, pid, (size_t)n, 0) != n) {
            /* the pid is a courtesy to whoever meets the lock */
        }
        remove_temporaries(dir);
        st->state = load_state(dir, err, errlen);
        if (st->state)
            return st;
    }
    ix_store_close(st);
    return NULL;
}

json_t *ix_store_state(ix_store_t *st)
{
    return st->state;
}

/* Write data to a temporary file in the store and rename it to name. */
static int write_atomic(ix_store_t *st, const char *name, const void *data, size_t len, char *err,
                        size_t errlen)
{
    char tmp[4200], path[4200];
    snprintf(tmp, sizeof tmp, "%s/" TMP_PREFIX "XXXXXX", st->dir);
    snprintf(path, sizeof path, "%s/%s", st->dir, name);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return sys_fail(err, errlen, st->dir, name, "cannot write: ");
    const char *p = data;
    size_t left = len;
    int rc = 0;
    while (rc == 0 && left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            rc = -1;
        else
            p += w, left -= (size_t)w;
    }
    if (rc == 0 && (fchmod(fd, 0644) != 0 || fsync(fd) != 0))
        rc = -1;
    if (close(fd) != 0)
        rc = -1;
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -1;
    if (rc != 0) {
        int e = errno;
        unlink(tmp);
        errno = e;
        return sys_fail(err, errlen, st->dir, name, "cannot write: ");
    }
    return 0;
}

const char *ix_store_str(const json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "";
}

int ix_store_save(ix_store_t *st, char *err, size_t errlen)
{
    char *text = json_dumps(st->state, JSON_INDENT(1) | JSON_SORT_KEYS);
    if (!text) {
        snprintf(err, errlen, "%s/" STATE_NAME ": out of memory", st->dir);
        return -1;
    }
    int rc = write_atomic(st, STATE_NAME, text, strlen(text), err, errlen);
    free(text);
    if (rc == 0 && sync_dir(st->dir) != 0)
        return sys_fail(err, errlen, st->dir, NULL, "cannot sync: ");
    return rc;
}

static int valid_name(const char *name)
{
    return name && name[0] && name[0] != '.' && !strchr(name, '/') &&
           strlen(name) <= IX_STORE_NAME_MAX;
}

/* 1 when the file name holds exactly data[0..len). */
static int same_bytes(const ix_store_t *st, const char *name, const void *data, size_t len)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", st->dir, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    struct stat sb;
    int same = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && (size_t)sb.st_size == len;
    char buf[65536];
    const char *p = data;
    size_t off = 0;
    while (same && off < len) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || off + (size_t)n > len || memcmp(buf, p + off, (size_t)n) != 0)
            same = 0;
        else
            off += (size_t)n;
    }
    close(fd);
    return same;
}

int ix_store_put(ix_store_t *st, const char *name, const void *data, size_t len, char *err,
                 size_t errlen)
{
    if (!valid_name(name)) {
        snprintf(err, errlen, "%s: not a file name the harvest writes: %.64s", st->dir,
                 name ? name : "");
        return -1;
    }
    if (same_bytes(st, name, data, len))
        return 0;
    return write_atomic(st, name, data, len, err, errlen) == 0 ? 1 : -1;
}

int ix_store_remove(ix_store_t *st, const char *name, char *err, size_t errlen)
{
    if (!valid_name(name))
        return 0; /* nothing the harvest wrote */
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", st->dir, name);
    if (unlink(path) == 0)
        return 1;
    if (errno == ENOENT)
        return 0;
    return sys_fail(err, errlen, st->dir, name, "cannot remove: ");
}

int ix_store_has(const ix_store_t *st, const char *name)
{
    char path[4200];
    struct stat sb;
    snprintf(path, sizeof path, "%s/%s", st->dir, name);
    return valid_name(name) && stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

void ix_store_close(ix_store_t *st)
{
    if (!st)
        return;
    if (st->lock >= 0)
        close(st->lock); /* and with it the lock */
    json_decref(st->state);
    free(st);
}

int ix_store_name(const char *key, size_t len, const char *ext, char *out, size_t outlen)
{
    polis_buf_t slug = { 0 };
    if (polis_text_slug(key, len, &slug) != 0) {
        polis_buf_free(&slug);
        return -1;
    }
    size_t room = IX_STORE_NAME_MAX - strlen(ext);
    const char *s = slug.len ? slug.data : "index";
    size_t n = slug.len ? slug.len : 5;
    if (n > room) {
        size_t cut = room - 17;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--; /* not inside a UTF-8 character */
        snprintf(out, outlen, "%.*s-%016" PRIx64 "%s", (int)cut, s, polis_text_hash64(key, len),
                 ext);
    } else {
        snprintf(out, outlen, "%.*s%s", (int)n, s, ext);
    }
    polis_buf_free(&slug);
    return 0;
}
