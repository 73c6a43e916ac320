/* procstat.c — the process's figures from /proc/self (see procstat.h). */
#include "http/procstat.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* The fields of /proc/<pid>/stat read here, counted from the state (the
 * third field, the first after the command's closing parenthesis): utime,
 * stime, starttime, vsize, rss (proc(5)). */
enum { F_UTIME = 11, F_STIME = 12, F_START = 19, F_VSIZE = 20, F_RSS = 21, F_LAST = F_RSS };

int sd_procstat_parse(const char *stat, size_t len, long ticks, long page_size, double boot_time,
                      sd_procstat_t *out)
{
    out->cpu_seconds = out->start_time = out->resident_bytes = out->virtual_bytes = -1;
    /* The command may hold spaces and parentheses: it ends at the last ')'. */
    const char *p = NULL;
    for (size_t i = len; i-- > 0;)
        if (stat[i] == ')') {
            p = stat + i + 1;
            break;
        }
    if (p == NULL || ticks <= 0 || page_size <= 0)
        return -1;
    const char *end = stat + len;
    double f[F_LAST + 1];
    for (int k = 0; k <= F_LAST; k++) {
        while (p < end && *p == ' ')
            p++;
        const char *w = p;
        while (p < end && *p != ' ' && *p != '\n')
            p++;
        if (w == p)
            return -1;
        char word[32];
        size_t n = (size_t)(p - w) < sizeof word - 1 ? (size_t)(p - w) : sizeof word - 1;
        memcpy(word, w, n);
        word[n] = '\0';
        f[k] = k == 0 ? 0 : strtod(word, NULL); /* the state is a letter */
    }
    out->cpu_seconds = (f[F_UTIME] + f[F_STIME]) / (double)ticks;
    out->start_time = boot_time + f[F_START] / (double)ticks;
    out->virtual_bytes = f[F_VSIZE];
    out->resident_bytes = f[F_RSS] * (double)page_size;
    return 0;
}

/* The whole of a small file of /proc into buf (NUL-terminated); its
 * length, or -1. */
static ssize_t slurp(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t len = 0;
    ssize_t n;
    while (len + 1 < size && (n = read(fd, buf + len, size - 1 - len)) > 0)
        len += (size_t)n;
    close(fd);
    buf[len] = '\0';
    return (ssize_t)len;
}

static double boot = -1;
static pthread_once_t boot_once = PTHREAD_ONCE_INIT;

/* /proc/stat's btime, read line by line: the lines before it (one per CPU,
 * every interrupt's count) can be long. */
static void read_boot(void)
{
    FILE *f = fopen("/proc/stat", "re");
    if (f == NULL)
        return;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0)
        if (strncmp(line, "btime ", 6) == 0) {
            boot = strtod(line + 6, NULL);
            break;
        }
    free(line);
    fclose(f);
}

/* The boot time, seconds since the epoch; -1 when unknown.  It does not
 * move: read once. */
static double boot_time(void)
{
    pthread_once(&boot_once, read_boot);
    return boot;
}

/* Descriptors open, the one reading the list left out; -1 when unknown. */
static double open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    if (d == NULL)
        return -1;
    char self[16];
    snprintf(self, sizeof self, "%d", dirfd(d));
    double n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.' && strcmp(e->d_name, self) != 0;
    closedir(d);
    return n;
}

int sd_procstat_read(sd_procstat_t *out)
{
    char stat[1024];
    ssize_t len = slurp("/proc/self/stat", stat, sizeof stat);
    int rc = len > 0 ? sd_procstat_parse(stat, (size_t)len, sysconf(_SC_CLK_TCK),
                                         sysconf(_SC_PAGESIZE), boot_time(), out)
                     : (sd_procstat_parse("", 0, 0, 0, 0, out), -1);
    if (boot_time() < 0)
        out->start_time = -1;
    out->open_fds = open_fds();
    struct rlimit rl;
    out->max_fds = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY
                       ? (double)rl.rlim_cur
                       : -1;
    return rc;
}
