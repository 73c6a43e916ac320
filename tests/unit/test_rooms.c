/* test_rooms.c — what searchd's rooms share, without a server: the
 * retry-once rule of sd_with_index(), the decoded hit view, the router's
 * table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../searchd/api/app.h"
#include "../../searchd/api/hit.h"
#include "../../searchd/api/with_index.h"
#include "../../searchd/http/router.h"
#include "polis/index.h"
#include "tap.h"

/* A read that fails with the statuses of fail[] in turn, then succeeds. */
typedef struct {
    const polis_status_t *fail;
    size_t n_fail;
    unsigned calls;
    polis_index_t *seen[4]; /* the index each call was given */
} script_t;

static polis_status_t scripted(sd_handle_t *h, void *arg)
{
    script_t *s = arg;
    if (s->calls < 4)
        s->seen[s->calls] = sd_handle_index(h);
    unsigned call = s->calls++;
    return call < s->n_fail ? s->fail[call] : POLIS_OK;
}

static void test_with_index(sd_http_ctx_t *ctx)
{
    sd_handle_t *h = NULL;
    char *msg = NULL;
    script_t ok_first = { NULL, 0, 0, { 0 } };
    is_int(sd_with_index(ctx, scripted, &ok_first, &h, &msg), POLIS_OK, "a read that works");
    is_int(ok_first.calls, 1, "  ... runs once");
    ok(h != NULL && msg == NULL, "  ... and gives the handle");

    static const polis_status_t modified[] = { POLIS_ERR_MODIFIED };
    script_t once = { modified, 1, 0, { 0 } };
    is_int(sd_with_index(ctx, scripted, &once, &h, &msg), POLIS_OK,
           "a read that fails with MODIFIED once is retried and works");
    is_int(once.calls, 2, "  ... two runs");
    ok(once.seen[0] != NULL && once.seen[1] != NULL, "  ... the second on an open handle");

    static const polis_status_t twice[] = { POLIS_ERR_IO, POLIS_ERR_CORRUPT };
    script_t again = { twice, 2, 0, { 0 } };
    is_int(sd_with_index(ctx, scripted, &again, &h, &msg), POLIS_ERR_CORRUPT,
           "a second failure is the answer");
    is_int(again.calls, 2, "  ... after exactly one retry");
    ok(h == NULL, "  ... with no handle");
    free(msg);
    msg = NULL;

    static const polis_status_t bad[] = { POLIS_ERR_BAD_QUERY };
    script_t no_retry = { bad, 1, 0, { 0 } };
    is_int(sd_with_index(ctx, scripted, &no_retry, NULL, NULL), POLIS_ERR_BAD_QUERY,
           "a failure a fresh handle cannot cure");
    is_int(no_retry.calls, 1, "  ... is not retried");

    static const polis_status_t gone[] = { POLIS_ERR_NOT_FOUND, POLIS_ERR_MODIFIED };
    for (size_t i = 0; i < 2; i++) {
        script_t s = { gone + i, 1, 0, { 0 } };
        ok(sd_with_index(ctx, scripted, &s, NULL, NULL) == POLIS_OK && s.calls == 2,
           "%s is retried", polis_status_str(gone[i]));
    }
}

static void test_hits(sd_handle_t *h)
{
    polis_query_t *q = polis_query_new();
    polis_query_set_text(q, "quartiers");
    polis_result_t *r = NULL;
    ok(polis_index_search(sd_handle_index(h), q, &r) == POLIS_OK, "search");
    polis_query_free(q);
    sd_hit_t *v = NULL;
    size_t n = 0;
    ok(sd_hit_read(r, SD_HIT_MARKS, &v, &n) == 0 && n == 1, "one hit, decoded");
    if (n == 1) {
        is_str(v[0].id, "doc-1", "  ... its id");
        ok(v[0].decoded && v[0].doc.kind == POLIS_KIND_NEWS, "  ... its document");
        is_str(v[0].title_html, "Les <mark>quartiers</mark> actifs", "  ... the title marked");
        ok(v[0].snippet != NULL && strstr(v[0].snippet, "<mark>quartiers</mark>") != NULL,
           "  ... a snippet with the word marked");
        ok(v[0].doc.body == NULL, "  ... and no body copied unless asked");
    }
    sd_hit_free(v, n);
    ok(sd_hit_read(r, SD_HIT_BODY, &v, &n) == 0 && n == 1, "the same hit, with its body");
    if (n == 1) {
        ok(v[0].title_html == NULL && v[0].snippet == NULL, "  ... no marks unless asked");
        ok(v[0].doc.body != NULL && strstr(v[0].doc.body, "emploi") != NULL, "  ... the body");
    }
    sd_hit_free(v, n);
    polis_result_free(r);
}

static enum MHD_Result no_handler(sd_http_ctx_t *ctx)
{
    (void)ctx;
    return MHD_NO;
}

static void test_router(void)
{
    sd_router_t *r = sd_router_new(0);
    sd_router_route_t route = { "/x", 0, SD_ROUTER_GET, no_handler, NULL, NULL };
    int added = 0;
    while (added <= SD_ROUTER_MAX && sd_router_add(r, &route, 1) == 0)
        added++;
    is_int(added, SD_ROUTER_MAX, "the router takes SD_ROUTER_MAX routes, then refuses");
    sd_router_free(r);
}

int main(void)
{
    char dir[] = "/tmp/polis-test-rooms-XXXXXX";
    if (mkdtemp(dir) == NULL)
        return 1;
    polis_index_t *w = NULL;
    polis_doc_t d;
    polis_doc_init(&d);
    polis_str_set(&d.id, "doc-1", (size_t)-1);
    polis_str_set(&d.title, "Les quartiers actifs", (size_t)-1);
    polis_str_set(&d.body, "Des quartiers où l'emploi revient.", (size_t)-1);
    d.kind = POLIS_KIND_NEWS;
    int built = polis_index_create(dir, 0, &w, NULL) == POLIS_OK &&
                polis_index_put(w, &d) == POLIS_OK && polis_index_commit(w) == POLIS_OK;
    polis_index_close(w);
    polis_doc_clear(&d);
    ok(built, "an index of one document");

    sd_app_t app;
    memset(&app, 0, sizeof app);
    sd_app_index_t where = { .dir = dir };
    ok(sd_app_open(&app, &where, 0, 0) == 0, "the app opens it");
    sd_http_request_t req;
    memset(&req, 0, sizeof req);
    sd_http_ctx_t ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.app = &app;
    ctx.req = &req;
    if (app.handles != NULL) {
        test_with_index(&ctx);
        sd_handle_t *h = NULL;
        if (sd_handle_get(app.handles, &h, NULL) == POLIS_OK)
            test_hits(h);
    }
    test_router();
    sd_app_close(&app);
    tap_rmtree(dir);
    return tap_done();
}
