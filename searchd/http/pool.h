/* pool.h — the search pool: a few threads for the costly work of requests.
 *
 * libmicrohttpd's threads serve every connection; a search that ran on one
 * of them would hold up all the others it polls (a /healthz, a stored
 * answer, an asset).  Searches, the page, feeds, similar documents and
 * facet lists are handed here instead (sd_http_offload(), server.c): a fixed
 * number of threads take jobs in arrival order from a bounded queue, and a
 * full queue is an honest 503 rather than an ever longer wait.
 *
 * A job is reserved first and pushed after, so that the caller can suspend
 * its connection in between, knowing the push cannot fail.
 */
#ifndef SD_HTTP_POOL_H
#define SD_HTTP_POOL_H

typedef struct sd_pool sd_pool_t;

/* A job: fn(arg) on one of the pool's threads. */
typedef void (*sd_pool_fn)(void *arg);

/* Start threads threads taking jobs from a queue of at most queue waiting
 * jobs.  NULL (after saying why on stderr) when they cannot be started. */
sd_pool_t *sd_pool_new(unsigned threads, unsigned queue);

/* Keep a place in the queue for the next sd_pool_push().  0, or -1 when the
 * queue is full or the pool is stopping. */
int sd_pool_reserve(sd_pool_t *p);

/* Queue fn(arg) in the place sd_pool_reserve() kept. */
void sd_pool_push(sd_pool_t *p, sd_pool_fn fn, void *arg);

/* Jobs waiting, and jobs running now. */
void sd_pool_load(sd_pool_t *p, unsigned *waiting, unsigned *running);

/* Take no more jobs, run those queued, join the threads and free the pool.
 * NULL is allowed. */
void sd_pool_stop(sd_pool_t *p);

#endif
