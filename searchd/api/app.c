/* app.c — setting up what every handler shares. */
#include "api/app.h"

#include <stdio.h>
#include <stdlib.h>

int sd_app_open(sd_app_t *app, const sd_app_index_t *index, size_t answer_cache_bytes,
                size_t set_cache_bytes)
{
    polis_index_set_cache_limit(set_cache_bytes);
    char *msg = NULL;
    polis_status_t st =
        index->n_remotes > 0
            ? sd_handle_pool_new_remote(index->remotes, index->n_remotes, index->timeout_ms,
                                        &app->handles, &msg)
            : sd_handle_pool_new(index->dir, index->shard_program, index->timeout_ms,
                                 &app->handles, &msg);
    if (st != POLIS_OK) {
        fprintf(stderr, "polis-searchd: cannot open index %s: %s\n",
                index->n_remotes > 0 ? index->remotes[0] : index->dir,
                msg != NULL ? msg : polis_status_str(st));
        free(msg);
        return -1;
    }
    app->answers = sd_answer_cache_new(answer_cache_bytes);
    return 0;
}

void sd_app_close(sd_app_t *app)
{
    sd_handle_pool_free(app->handles);
    sd_answer_cache_free(app->answers);
}
