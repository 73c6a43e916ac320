/* app.h — what every handler shares: the limits, the index, the answers.
 *
 * main.c fills one sd_app_t from the options and gives it to the server,
 * which hands it to each request as ctx->app (http/ carries the pointer
 * without knowing what it points to).  The page reaches the index through
 * the same struct, since it runs the API's searches.
 */
#ifndef SD_API_APP_H
#define SD_API_APP_H

#include <stddef.h>

#include "api/handle.h"
#include "api/params.h"
#include "http/answer_cache.h"

/* The limits of the handlers, as set by options (see options.c for defaults). */
typedef struct {
    sd_params_limits_t params;   /* q length, page size, deepest page */
    unsigned max_facet_values;   /* values counted per facet */
    double query_time_limit;     /* seconds a request may spend searching, 0 = none */
    unsigned max_wildcard_terms; /* terms the wildcards of a query expand to, in all */
    unsigned max_query_terms;    /* terms of a query once expanded */
    unsigned max_suggestions;    /* completions /api/suggest gives */
    unsigned max_export;         /* hits an export (CSV, RIS, BibTeX, CSL-JSON) gives */
} sd_app_limits_t;

typedef struct sd_app {
    sd_app_limits_t limits;
    sd_handle_pool_t *handles;  /* one read handle per worker thread */
    sd_answer_cache_t *answers; /* whole answers kept for repeats; NULL: none */
} sd_app_t;

/* Where the index is: a directory, or remote shards. */
typedef struct {
    const char *dir;             /* an index, or a root whose `current` points at the
                                  * generation in service; NULL with remotes */
    const char *const *remotes;  /* xapian-tcpsrv addresses, shard 0 first */
    size_t n_remotes;
    unsigned timeout_ms;         /* for each exchange with a remote shard */
    const char *shard_program;   /* serves each local shard to a child (polis_index_set_parallel) */
} sd_app_index_t;

/* Open the index once, to fail at start-up rather than at the
 * first request, and set up the per-thread handles, the store of
 * answer_cache_bytes of answers (0: none) and the shim's budget of
 * set_cache_bytes for match sets.  app->limits is the caller's to fill.
 * Returns 0, or -1 after printing why on stderr. */
int sd_app_open(sd_app_t *app, const sd_app_index_t *index, size_t answer_cache_bytes,
                size_t set_cache_bytes);

/* Free what sd_app_open() made, once every worker thread has exited
 * (sd_server_stop()). */
void sd_app_close(sd_app_t *app);

#endif
