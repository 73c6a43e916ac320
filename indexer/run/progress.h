/* progress.h — a live progress line for long runs, on a terminal only. */
#ifndef IX_PROGRESS_H
#define IX_PROGRESS_H

#include <stddef.h>

typedef struct {
    int on;       /* drawing at all: asked for and stderr is a terminal */
    size_t total; /* files to do */
    double start; /* monotonic seconds */
    double last;  /* when the line was last drawn */
} ix_progress_t;

/* Seconds on the monotonic clock. */
double ix_progress_now(void);

/* Start; draws nothing unless want is set and stderr is a terminal. */
void ix_progress_start(ix_progress_t *p, int want, size_t total);

/* Redraw "files done/total, documents, documents/s, time left", at most
 * every 200 ms. */
void ix_progress_update(ix_progress_t *p, size_t files_done, unsigned long docs);

/* Clear the line. */
void ix_progress_end(ix_progress_t *p);

#endif
