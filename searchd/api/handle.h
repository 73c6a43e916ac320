/* handle.h — one read-only index handle per worker thread.
 *
 * polis_index_t is single-threaded, so each libmicrohttpd worker gets its own,
 * opened on its first request and kept in a pthread key whose destructor
 * closes it when the thread exits (MHD_stop_daemon() joins the workers).
 * A handle follows the index: at most once a second, or at once after
 * sd_handle_pool_bump(), it checks whether INDEX/current points at another
 * generation or the revision moved, and reopens.
 */
#ifndef SD_API_HANDLE_H
#define SD_API_HANDLE_H

#include "polis/index.h"

typedef struct sd_handle_pool sd_handle_pool_t;
typedef struct sd_handle sd_handle_t;

/* Set up the per-thread handles of the index at dir (an index, or a root
 * whose `current` entry points at the generation in service), and check once
 * that it opens.  A sharded index's handles rank its shards at once, each
 * served by shard_program (polis_index_set_parallel(), timeout_ms for each
 * exchange; NULL: in process, a thread a shard); the pool keeps a copy
 * of dir and shard_program.  On failure returns the status and, when
 * errmsg is not NULL, sets *errmsg to a malloc()ed message. */
polis_status_t sd_handle_pool_new(const char *dir, const char *shard_program, unsigned timeout_ms,
                                  sd_handle_pool_t **out, char **errmsg);

/* The same over remote shards (polis_index_open_remote(): addresses of
 * xapian-tcpsrv, shard 0 first, timeout_ms for each exchange).  The
 * generation a handle names is the one the index stored as
 * polis:generation, else "remote". */
polis_status_t sd_handle_pool_new_remote(const char *const *addresses, size_t n,
                                         unsigned timeout_ms, sd_handle_pool_t **out,
                                         char **errmsg);

/* Non-zero when the pool's shards are remote. */
int sd_handle_pool_remote(const sd_handle_pool_t *hs);

/* Free what sd_handle_pool_new() made.  Call after every worker thread has
 * exited; NULL is allowed. */
void sd_handle_pool_free(sd_handle_pool_t *hs);

/* Make every thread recheck its handle on its next request (SIGHUP).
 * Async-signal-safe. */
void sd_handle_pool_bump(sd_handle_pool_t *hs);

/* The calling thread's handle, opened or refreshed as needed.  On failure
 * returns the status and a malloc()ed message in *errmsg (when not NULL). */
polis_status_t sd_handle_get(sd_handle_pool_t *hs, sd_handle_t **out, char **errmsg);

/* Drop the handle's index after an error that a fresh open may cure
 * (POLIS_ERR_MODIFIED, a vanished generation...); the next
 * sd_handle_get() opens it again. */
void sd_handle_invalidate(sd_handle_t *h);

/* Non-zero for the statuses of a read that a fresh handle may not get
 * (POLIS_ERR_MODIFIED, NOT_FOUND, CORRUPT, IO: the generation moved or was
 * removed under us): invalidate, get again and retry once. */
int sd_handle_retryable(polis_status_t st);

/* The open index; belongs to h. */
polis_index_t *sd_handle_index(sd_handle_t *h);

/* Name of the generation in service: the base name of the index's real path.
 * Belongs to h, lives until its next sd_handle_get(). */
const char *sd_handle_generation(const sd_handle_t *h);

/* Display label of a theme id, from the index metadata "theme:<id>"; the id
 * itself when there is none.  Cached per handle and dropped on reopen.
 * The string lives until the next call on h. */
const char *sd_handle_theme_label(sd_handle_t *h, const char *id);

#endif
