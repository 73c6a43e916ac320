/* feed.c — GET /feed.atom: a search as an Atom feed.
 *
 * Links in a feed must be absolute, and the daemon often sits behind a
 * proxy: the base URL is --public-url (sd_http_base_url()), never the Host
 * a client sent, which would let anyone write links into a cached feed.
 */
#include "api/feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/atom.h"
#include "api/cite.h"
#include "api/hit.h"
#include "api/paristime.h"
#include "api/search.h"
#include "api/with_index.h"
#include "http/reply.h"

/* Largest feed body; a page holds at most --max-per-page entries. */
#define MAX_FEED_BYTES (16u << 20)

static void now_rfc3339(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    if (gmtime_r(&t, &tm) == NULL || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(out, 32, "1970-01-01T00:00:00Z");
}

/* The feed's title: the query and what it is filtered on, in French, as
 * the page says it: "Polis — emploi · Thématique : Santé · Nature :
 * Référence". */
static int feed_title(polis_buf_t *t, const sd_params_t *p, sd_handle_t *h)
{
    static const char *const names[POLIS_FACET_COUNT_] = {
        [POLIS_FACET_THEME] = "Thématique", [POLIS_FACET_TYPE] = "Type",
        [POLIS_FACET_KIND] = "Nature",      [POLIS_FACET_YEAR] = "Année",
        [POLIS_FACET_PLACE] = "Lieu",       [POLIS_FACET_AUTHOR] = "Auteur",
    };
    int err = polis_buf_puts(t, "Polis — ");
    err |= p->q_len > 0 ? polis_buf_append(t, p->q, p->q_len)
                        : polis_buf_puts(t, "tous les documents");
    for (int f = 0; f < POLIS_FACET_COUNT_; f++) {
        for (size_t i = 0; i < p->n_filters[f]; i++) {
            const char *v = p->filters[f][i];
            polis_kind_t kind = polis_kind_from_name(v);
            if (f == POLIS_FACET_THEME && h != NULL)
                v = sd_handle_theme_label(h, v);
            else if (f == POLIS_FACET_KIND && kind != POLIS_KIND_UNKNOWN)
                v = sd_cite_kind_label(kind);
            err |= polis_buf_printf(t, " · %s\xC2\xA0: %s", names[f], v);
        }
    }
    return err;
}

static int render(sd_http_ctx_t *ctx, sd_handle_t *h, const sd_params_t *p, const polis_result_t *r,
                  polis_buf_t *out)
{
    /* Links and ids are absolute, on the installation's own origin. */
    const char *base = sd_http_base_url(ctx);
    char now[32], newest[32] = "";
    now_rfc3339(now);
    sd_hit_t *hits = NULL;
    size_t n = 0;
    if (sd_hit_read(r, SD_HIT_BODY, &hits, &n) != 0)
        return -1;
    /* The newest entry by its instant: offsets differ, strings do not sort. */
    time_t latest = 0;
    for (size_t i = 0; i < n; i++) {
        const polis_doc_t *d = &hits[i].doc;
        const char *iso = d->modified[0] != '\0' ? d->modified : d->published;
        time_t when;
        int off;
        if (hits[i].decoded && sd_paristime_instant(iso, &when, &off) == 0 &&
            (newest[0] == '\0' || when > latest) && sd_atom_time(iso, newest) == 0)
            latest = when;
    }
    polis_buf_t self = { 0 }, alt = { 0 }, title = { 0 };
    int err = polis_buf_printf(&self, "%s/feed.atom", base);
    err |= polis_buf_printf(&alt, "%s/search", base);
    if (ctx->query_len > 0) {
        err |= polis_buf_printf(&self, "?%.*s", (int)ctx->query_len, ctx->query);
        err |= polis_buf_printf(&alt, "?%.*s", (int)ctx->query_len, ctx->query);
    }
    err |= feed_title(&title, p, h);
    if (!err) {
        /* The feed is its own URL: the same search, the same feed. */
        sd_atom_feed_t feed = { self.data, title.data, self.data, alt.data,
                                newest[0] != '\0' ? newest : now };
        err |= sd_atom_begin(out, &feed);
        for (size_t i = 0; i < n && !err; i++) {
            if (hits[i].decoded && hits[i].doc.id != NULL)
                err |= sd_atom_entry(out, &hits[i].doc, h, base, feed.updated);
        }
        err |= sd_atom_end(out);
    }
    sd_hit_free(hits, n);
    polis_buf_free(&self);
    polis_buf_free(&alt);
    polis_buf_free(&title);
    return err;
}

enum MHD_Result sd_feed_handle(sd_http_ctx_t *ctx)
{
    sd_params_t p;
    if (sd_params_read(ctx, &ctx->app->limits.params, &p) != 0)
        return sd_reply_error(ctx, MHD_HTTP_BAD_REQUEST, "bad_parameter", "%s", p.error);
    /* A feed lists what is new. */
    p.sort = POLIS_SORT_DATE_DESC;
    p.facets = 0;
    enum MHD_Result ret;
    if (sd_with_index_etag(ctx, &ret) || sd_http_offload(ctx, &ret))
        return ret;
    sd_handle_t *h = NULL;
    polis_result_t *r = NULL;
    char *msg = NULL;
    polis_status_t st = sd_search_run(ctx, &p, &h, &r, &msg);
    if (st != POLIS_OK)
        return sd_reply_failure(ctx, st, msg);
    polis_buf_t out = { 0 };
    out.max = MAX_FEED_BYTES;
    int err = render(ctx, h, &p, r, &out);
    polis_result_free(r);
    if (err) {
        polis_buf_free(&out);
        return sd_reply_status(ctx, POLIS_ERR_NOMEM, NULL);
    }
    return sd_http_send(ctx, MHD_HTTP_OK, SD_ATOM_TYPE, out.data, out.len);
}
