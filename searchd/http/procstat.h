/* procstat.h — what the process uses, read from /proc/self for /metrics'
 * process_* series (the names and meanings of Prometheus's own client
 * libraries, so that dashboards made for them work unchanged).
 *
 * Read when scraped, never kept: a scrape every few seconds costs a few
 * small reads, and the numbers are the kernel's, not an estimate.
 */
#ifndef SD_HTTP_PROCSTAT_H
#define SD_HTTP_PROCSTAT_H

#include <stddef.h>

/* A negative field was not known (no /proc: not Linux, or masked). */
typedef struct {
    double cpu_seconds;    /* user and system time spent */
    double start_time;     /* when the process started, seconds since the epoch */
    double resident_bytes; /* resident set size */
    double virtual_bytes;  /* virtual memory size */
    double open_fds;       /* descriptors open */
    double max_fds;        /* the soft limit on descriptors */
} sd_procstat_t;

/* Read the process's figures into out.  Returns 0, or -1 when /proc/self
 * could not be read (the fields it gives are then negative). */
int sd_procstat_read(sd_procstat_t *out);

/* The pure part of sd_procstat_read(), for tests: the figures of the
 * /proc/<pid>/stat line stat[0..len) into out's CPU, start and memory
 * fields, given the clock ticks per second, the page size and the boot
 * time (seconds since the epoch, /proc/stat's btime).  0, or -1 when the
 * line does not parse (those fields then negative). */
int sd_procstat_parse(const char *stat, size_t len, long ticks, long page_size, double boot_time,
                      sd_procstat_t *out);

#endif
