/* fuzz_search.c — libFuzzer target for the query path through the shim, on
 * a real index: a query string read as /api/search reads it (q, the facet
 * filters, from and to, sort, page, per_page, facets), made into a
 * polis_query_t with the daemon's limits (sd_search_build_query()), run by
 * polis_index_search(), its hits read and highlighted (api/hit.c) and the
 * JSON answer built (sd_search_answer()).
 *
 * The index is built once per run from corpus/ by polis-indexer
 * ($POLIS_INDEXER, else build/polis-indexer) in a temporary directory
 * removed at exit, or is $POLIS_FUZZ_INDEX when set.  What must hold: no
 * crash, leak or undefined behaviour; a search fails only as a bad query
 * (or, under the fuzzer's memory limit, out of memory); the answer is
 * valid UTF-8 JSON with no more hits than asked. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api/handle.h"
#include "api/search.h"
#include "fuzz_query.h"
#include "http/reply.h"
#include "polis/text.h"

static sd_handle_pool_t *pool;
static char tmpdir[] = "/tmp/polis-fuzz-search-XXXXXX";

static void remove_index(void)
{
    sd_handle_pool_free(pool);
    pool = NULL;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "fuzz_search: could not remove %s\n", tmpdir);
}

/* Build the corpus's index with polis-indexer into tmpdir/index. */
static const char *build_index(void)
{
    const char *given = getenv("POLIS_FUZZ_INDEX");
    if (given != NULL)
        return given;
    if (mkdtemp(tmpdir) == NULL)
        return NULL;
    atexit(remove_index);
    static char index[sizeof tmpdir + 16];
    snprintf(index, sizeof index, "%s/index", tmpdir);
    const char *indexer = getenv("POLIS_INDEXER");
    const char *corpus = getenv("POLIS_CORPUS");
    pid_t pid = fork();
    if (pid == 0) {
        execl(indexer ? indexer : "build/polis-indexer", "polis-indexer", "build",
              corpus ? corpus : "corpus", "--index", index, "--quiet", (char *)NULL);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        return NULL;
    return index;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *index = build_index();
    char *msg = NULL;
    if (index == NULL || sd_handle_pool_new(index, NULL, 0, &pool, &msg) != POLIS_OK) {
        fprintf(stderr, "fuzz_search: no index (%s): set POLIS_INDEXER or POLIS_FUZZ_INDEX\n",
                msg ? msg : "polis-indexer failed");
        free(msg);
        exit(1);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sd_params_t p;
    char *arena = NULL;
    if (fuzz_read_params((const char *)data, size, &p, &arena) != 0) {
        free(arena);
        return 0;
    }
    sd_app_limits_t lim = { .params = fuzz_limits,
                            .max_facet_values = 100,
                            .query_time_limit = 2.0,
                            .max_wildcard_terms = 200,
                            .max_query_terms = 256,
                            .max_suggestions = 10,
                            .max_export = 100 };
    polis_query_t *q = NULL;
    sd_handle_t *h = NULL;
    polis_result_t *r = NULL;
    char *msg = NULL;
    polis_status_t st = sd_search_build_query(&lim, &p, &q);
    if (st == POLIS_OK)
        st = sd_handle_get(pool, &h, &msg);
    if (st == POLIS_OK)
        st = polis_index_search(sd_handle_index(h), q, &r);
    if (st == POLIS_OK) {
        if (polis_result_size(r) > p.per_page)
            abort();
        json_t *answer = sd_search_answer(h, &p, r, 0, NULL);
        size_t len = 0;
        char *text = answer != NULL ? sd_reply_dump(answer, &len) : NULL;
        if (text != NULL && !polis_text_valid_utf8(text, len))
            abort();
        free(text);
        json_decref(answer);
    } else if (st != POLIS_ERR_BAD_QUERY && st != POLIS_ERR_NOMEM) {
        fprintf(stderr, "fuzz_search: %s: %s\n", polis_status_str(st),
                h ? polis_index_last_error(sd_handle_index(h)) : (msg ? msg : ""));
        abort();
    }
    polis_result_free(r);
    polis_query_free(q);
    free(msg);
    free(arena);
    return 0;
}
