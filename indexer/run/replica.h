/* replica.h — an index root fed from the indexing machine by Xapian's own
 * replication.
 *
 * The indexing machine runs xapian-replicate-server on its index root; a
 * replica runs `polis-indexer replicate` now and then (a timer), which
 * copies with xapian-replicate the generation the master's `current`
 * points at, shard by shard, into a generation of the same name, and
 * switches its own `current` to it as rebuild does: searchd on the replica
 * sees the new generation all at once.  Updates the master makes in place
 * reach the replica's generation in place, as Xapian's changesets when the
 * master kept them (XAPIAN_MAX_CHANGESETS), else as a fresh copy that the
 * replica's readers open anew.  docs/architecture.md, "Replicas".
 */
#ifndef IX_REPLICA_H
#define IX_REPLICA_H

#include <stddef.h>

#include "run/generation.h"

typedef struct {
    const char *host, *port; /* the master's xapian-replicate-server */
    const char *root;        /* the replica's index root */
    int keep;                /* generations kept, at least 1 */
    int wait;                /* wait for the root's lock */
    /* out */
    char generation[IX_GEN_NAME_MAX]; /* the one served afterwards */
    unsigned shards;
    int switched; /* 1 when `current` moved to it */
} ix_replica_t;

/* One round: bring r->root in line with the master.  Returns 0, or -1
 * with err naming what failed (the replica keeps serving what it had). */
int ix_replica_sync(ix_replica_t *r, char *err, size_t errlen);

#endif
