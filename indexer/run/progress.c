/* progress.c — see progress.h. */
#include "run/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

double ix_progress_now(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void ix_progress_start(ix_progress_t *p, int want, size_t total)
{
    p->on = want && isatty(STDERR_FILENO);
    p->total = total;
    p->start = p->last = ix_progress_now();
}

void ix_progress_update(ix_progress_t *p, size_t files_done, unsigned long docs)
{
    if (!p->on)
        return;
    double t = ix_progress_now();
    if (t - p->last < 0.2)
        return;
    p->last = t;
    double elapsed = t - p->start;
    double rate = elapsed > 0 ? (double)docs / elapsed : 0;
    double left = files_done ? elapsed * (double)(p->total - files_done) / (double)files_done : 0;
    fprintf(stderr, "\r\033[K%zu/%zu files, %lu documents, %.0f documents/s, %.0f s left",
            files_done, p->total, docs, rate, left);
    fflush(stderr);
}

void ix_progress_end(ix_progress_t *p)
{
    if (p->on) {
        fprintf(stderr, "\r\033[K");
        fflush(stderr);
    }
}
