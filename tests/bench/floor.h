/* floor.h — the floor of qbench --floor: plain Xapian on Polis's index (floor.cc). */
#ifndef QBENCH_FLOOR_H
#define QBENCH_FLOOR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct qbench_floor qbench_floor_t;

/* Open the Xapian database at path (a Polis index, or its stub of shards).
 * NULL on failure, with *err a malloc()ed message the caller frees. */
qbench_floor_t *qbench_floor_open(const char *path, char **err);

/* Free f.  NULL is allowed. */
void qbench_floor_close(qbench_floor_t *f);

/* Plain Xapian's answer to text (theme: a theme id to filter on, or NULL):
 * the top limit hits and exact counts of the theme slot's values
 * (ValueCountMatchSpy, check_at_least = every document).  *total is the
 * exact number of matches, *touched a sum over what was read (so nothing
 * is optimised away).  0, or -1 after a message on stderr. */
int qbench_floor_search(qbench_floor_t *f, const char *text, const char *theme, unsigned limit,
                        unsigned long *total, size_t *touched);

/* From now on f's searches find the top hits only: no spy, and Xapian's
 * default check_at_least, so *total is Xapian's estimate.  The least any
 * search over Xapian's matcher can do for a page of hits. */
void qbench_floor_top_only(qbench_floor_t *f);

#ifdef __cplusplus
}
#endif

#endif
