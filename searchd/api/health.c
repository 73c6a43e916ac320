/* health.c — GET /healthz and GET /metrics: is the index readable, and
 * which one is served.
 *
 * Both go through the same per-thread handle as searches, so a 200 means
 * this worker can answer queries on the generation it names.
 */
#include "api/health.h"

#include <stdlib.h>
#include <time.h>

#include "api/app.h"
#include "api/json.h"
#include "api/with_index.h"
#include "http/metrics.h"
#include "http/reply.h"

typedef struct {
    unsigned long docs, revision;
    unsigned shards;
} stats_t;

/* Count and revision of the thread's index. */
static polis_status_t read_stats(sd_handle_t *h, void *arg)
{
    stats_t *s = arg;
    polis_index_t *idx = sd_handle_index(h);
    polis_status_t st = polis_index_doc_count(idx, &s->docs);
    if (st == POLIS_OK)
        st = polis_index_revision(idx, &s->revision);
    s->shards = polis_index_shards(idx);
    return st;
}

enum MHD_Result sd_health_handle(sd_http_ctx_t *ctx)
{
    sd_handle_t *h = NULL;
    char *msg = NULL;
    stats_t s = { 0, 0, 0 };
    polis_status_t st = sd_with_index(ctx, read_stats, &s, &h, &msg);
    if (st != POLIS_OK)
        return sd_reply_failure(ctx, st, msg);
    json_t *root = json_object();
    if (root == NULL)
        return sd_reply_json(ctx, MHD_HTTP_SERVICE_UNAVAILABLE, NULL);
    int err = sd_json_set(root, "status", json_string("ok"));
    err |= sd_json_set(root, "docs", json_integer((json_int_t)s.docs));
    err |= sd_json_set(root, "generation", sd_json_str(sd_handle_generation(h)));
    /* 0: unknown (remote shards do not tell). */
    err |= sd_json_set(root, "revision",
                       s.revision ? json_integer((json_int_t)s.revision) : json_null());
    err |= sd_json_set(root, "shards", json_integer((json_int_t)s.shards));
    if (err) {
        json_decref(root);
        root = NULL;
    }
    return sd_reply_json(ctx, MHD_HTTP_OK, root);
}

/* What /metrics adds: when the index was written, for its age. */
typedef struct {
    stats_t stats;
    long long written;
} scrape_t;

static polis_status_t read_scrape(sd_handle_t *h, void *arg)
{
    scrape_t *s = arg;
    polis_status_t st = read_stats(h, &s->stats);
    if (st == POLIS_OK)
        st = polis_index_written(sd_handle_index(h), &s->written);
    return st;
}

enum MHD_Result sd_health_metrics_handle(sd_http_ctx_t *ctx)
{
    sd_handle_t *h = NULL;
    scrape_t s = { { 0, 0, 0 }, 0 };
    /* The counters are worth having even when the index cannot be read:
     * the gauges are then left out, and polis_index_up says why. */
    int up = sd_with_index(ctx, read_scrape, &s, &h, NULL) == POLIS_OK;
    sd_metrics_state_t m = { .generation = up ? sd_handle_generation(h) : NULL,
                             .docs = s.stats.docs,
                             .revision = s.stats.revision,
                             .index_age = -1 };
    /* The clocks of the indexing machine and of this one may differ a
     * little: an index is never younger than new. */
    if (s.written > 0) {
        double age = difftime(time(NULL), (time_t)s.written);
        m.index_age = age > 0 ? age : 0;
    }
    sd_answer_cache_stats(ctx->app->answers, &m.answer_hits, &m.answer_misses, &m.answer_bytes);
    size_t set_bytes = 0;
    polis_index_set_cache_stats(&m.set_hits, &m.set_misses, &set_bytes);
    m.set_bytes = set_bytes;
    sd_procstat_t proc;
    sd_procstat_read(&proc);
    m.process = &proc;
    size_t len = 0;
    char *text = sd_metrics_render(&m, &len);
    if (text == NULL)
        return sd_reply_status(ctx, POLIS_ERR_NOMEM, NULL);
    return sd_http_send(ctx, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", text, len);
}
