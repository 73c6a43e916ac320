/* export.c — a search as a file, streamed; see export.h.
 *
 * The encoders (csv.c, ris.c, bibtex.c, csljson.c) work on documents; this
 * file takes them from the hits' views (hit.h).  The first batch is read
 * in the handler, so a query that does not parse still gets its JSON 400;
 * later batches are read by the stream's reader, on the same worker thread,
 * through sd_with_index_pool() and its retry-once rule.  Each batch is its
 * own search: should a rebuild switch the index between two batches, the
 * rest of the file comes from the new one.
 */
#include "api/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/bibtex.h"
#include "api/csljson.h"
#include "api/csv.h"
#include "api/hit.h"
#include "api/json.h"
#include "http/jsonw.h"
#include "api/ris.h"
#include "api/with_index.h"
#include "http/reply.h"

/* The most one batch may encode to; a hit is a few KB at most. */
#define MAX_BATCH_BYTES (16u << 20)

typedef struct {
    const char *type, *extension;
} format_t;

static const format_t formats[] = {
    [SD_PARAMS_JSON] = { SD_REPLY_JSON_TYPE, "json" },
    [SD_PARAMS_CSV] = { SD_CSV_TYPE, "csv" },
    [SD_PARAMS_RIS] = { SD_RIS_TYPE, "ris" },
    [SD_PARAMS_CSV_FR] = { SD_CSV_TYPE, "csv" },
    [SD_PARAMS_BIBTEX] = { SD_BIBTEX_TYPE, "bib" },
    [SD_PARAMS_CSL] = { SD_CSLJSON_TYPE, "json" },
};

/* Append the encoding of one document.  first: the first of the file
 * (CSL-JSON separates items by commas). */
static int encode(polis_buf_t *out, sd_params_format_t format, const polis_doc_t *doc,
                  sd_handle_t *h, const char *base, int first)
{
    /* Only the CSV rows carry the notice's URL. */
    polis_buf_t notice = { 0 };
    int csv = format == SD_PARAMS_CSV || format == SD_PARAMS_CSV_FR;
    int err = csv && doc->id != NULL ? sd_hit_notice_url(&notice, base, doc->id) : 0;
    const char *url = notice.data;
    switch (format) {
    case SD_PARAMS_CSV: err |= sd_csv_row(out, doc, h, url, SD_CSV_INTL); break;
    case SD_PARAMS_CSV_FR: err |= sd_csv_row(out, doc, h, url, SD_CSV_FR); break;
    case SD_PARAMS_RIS: err |= sd_ris_record(out, doc, h); break;
    case SD_PARAMS_BIBTEX: err |= sd_bibtex_entry(out, doc, h); break;
    case SD_PARAMS_CSL: {
        json_t *item = sd_csljson_item(doc, h);
        size_t len = 0;
        char *text = item != NULL ? sd_jsonw_dump(item, 17, &len) : NULL; /* jansson's default digits */
        err |= text == NULL;
        err |= polis_buf_puts(out, first ? "\n" : ",\n");
        err |= text != NULL ? polis_buf_puts(out, text) : 0;
        free(text);
        json_decref(item);
        break;
    }
    default: break;
    }
    polis_buf_free(&notice);
    return err;
}

static int head(polis_buf_t *out, sd_params_format_t format)
{
    if (format == SD_PARAMS_CSV || format == SD_PARAMS_CSV_FR)
        return sd_csv_header(out, format == SD_PARAMS_CSV_FR ? SD_CSV_FR : SD_CSV_INTL);
    return format == SD_PARAMS_CSL ? polis_buf_puts(out, "[") : 0;
}

static int tail(polis_buf_t *out, sd_params_format_t format)
{
    return format == SD_PARAMS_CSL ? polis_buf_puts(out, "\n]\n") : 0;
}

/* ---- The stream --------------------------------------------------------- */

typedef struct {
    sd_handle_pool_t *pool;
    polis_query_t *q;
    sd_params_format_t format;
    unsigned from;  /* the first hit of the export */
    unsigned limit; /* hits it gives at most */
    unsigned done;  /* hits read so far */
    int finished;   /* the tail is written */
    const char *base; /* the server's (sd_http_base_url()) */
    polis_buf_t buf; /* encoded and not yet sent: buf.data[sent..len) */
    size_t sent;
} stream_t;

typedef struct {
    stream_t *s;
    polis_result_t *r;
} batch_t;

static polis_status_t read_batch(sd_handle_t *h, void *arg)
{
    batch_t *b = arg;
    (void)h;
    polis_result_free(b->r); /* a first try's */
    b->r = NULL;
    return polis_index_search(sd_handle_index(h), b->s->q, &b->r);
}

/* Search the next batch on this thread's handle and encode it into s->buf
 * (emptied first).  The result in *rp, when asked, is the caller's; NULL
 * rp frees it.  0, 1 when the export is complete (the tail is written), or
 * -1 with the status in *st. */
static int next_batch(stream_t *s, polis_status_t *st, char **msg)
{
    s->buf.len = 0;
    s->sent = 0;
    unsigned want = s->limit - s->done < SD_EXPORT_BATCH ? s->limit - s->done : SD_EXPORT_BATCH;
    if (want == 0) {
        s->finished = 1;
        return tail(&s->buf, s->format) != 0 ? (*st = POLIS_ERR_NOMEM, -1) : 1;
    }
    batch_t b = { s, NULL };
    sd_handle_t *h = NULL;
    *st = polis_query_set_range(s->q, s->from + s->done, want);
    if (*st == POLIS_OK)
        *st = sd_with_index_pool(s->pool, read_batch, &b, &h, msg);
    if (*st != POLIS_OK)
        return -1;
    sd_hit_t *hits = NULL;
    size_t n = 0;
    int err = sd_hit_read(b.r, 0, &hits, &n) != 0;
    for (size_t i = 0; i < n && !err; i++)
        if (hits[i].decoded) /* the others are logged by sd_hit_read() */
            err |= encode(&s->buf, s->format, &hits[i].doc, h, s->base, s->done + i == 0);
    sd_hit_free(hits, n);
    polis_result_free(b.r);
    s->done += (unsigned)n;
    if (n < want)
        s->limit = s->done; /* the search has no more */
    if (err) {
        *st = POLIS_ERR_NOMEM;
        return -1;
    }
    return 0;
}

static ssize_t reader(void *cls, uint64_t pos, char *out, size_t max)
{
    stream_t *s = cls;
    (void)pos;
    while (s->sent == s->buf.len) {
        if (s->finished)
            return SD_HTTP_STREAM_END;
        polis_status_t st = POLIS_OK;
        char *msg = NULL;
        if (next_batch(s, &st, &msg) < 0) {
            fprintf(stderr, "polis-searchd: export cut after %u hits: %s%s%s\n", s->done,
                    polis_status_str(st), msg != NULL ? ": " : "", msg != NULL ? msg : "");
            free(msg);
            return SD_HTTP_STREAM_ERROR;
        }
    }
    size_t n = s->buf.len - s->sent < max ? s->buf.len - s->sent : max;
    memcpy(out, s->buf.data + s->sent, n);
    s->sent += n;
    return (ssize_t)n;
}

static void stream_free(void *cls)
{
    stream_t *s = cls;
    polis_query_free(s->q);
    polis_buf_free(&s->buf);
    free(s);
}

enum MHD_Result sd_export_send(sd_http_ctx_t *ctx, const sd_params_t *p, polis_query_t *q)
{
    stream_t *s = calloc(1, sizeof *s);
    if (s == NULL) {
        polis_query_free(q);
        return sd_reply_status(ctx, POLIS_ERR_NOMEM, NULL);
    }
    s->q = q;
    s->pool = ctx->app->handles;
    s->format = p->format;
    s->buf.max = MAX_BATCH_BYTES;
    s->base = sd_http_base_url(ctx);
    if (sd_params_paged(p)) {
        s->from = (p->page - 1) * p->per_page;
        s->limit = p->per_page;
    } else {
        s->limit = ctx->app->limits.max_export;
    }
    /* The first batch now: an error is still a JSON answer. */
    polis_status_t st = POLIS_OK;
    char *msg = NULL;
    int rc = 0;
    if (rc == 0)
        rc = head(&s->buf, s->format) != 0 ? (st = POLIS_ERR_NOMEM, -1) : 0;
    if (rc == 0) {
        polis_buf_t first = s->buf; /* the head, kept before the batch */
        s->buf = (polis_buf_t){ .max = MAX_BATCH_BYTES };
        rc = next_batch(s, &st, &msg);
        if (rc >= 0 && polis_buf_append(&first, s->buf.data ? s->buf.data : "", s->buf.len) != 0)
            rc = -1, st = POLIS_ERR_NOMEM;
        polis_buf_free(&s->buf);
        s->buf = first;
        s->sent = 0;
    }
    if (rc < 0) {
        stream_free(s);
        return sd_reply_failure(ctx, st, msg);
    }
    char disposition[64];
    snprintf(disposition, sizeof disposition, "attachment; filename=\"polis-search.%s\"",
             formats[s->format].extension);
    const char *headers[] = { "Content-Disposition", disposition, NULL, NULL };
    ctx->headers = headers;
    return sd_http_send_stream(ctx, MHD_HTTP_OK, formats[s->format].type, reader, s, stream_free);
}

enum MHD_Result sd_export_docs(sd_http_ctx_t *ctx, sd_handle_t *h, const char *const *jsons,
                               size_t n, const char *name, sd_params_format_t format)
{
    const char *base = sd_http_base_url(ctx);
    polis_buf_t out = { 0 };
    out.max = MAX_BATCH_BYTES;
    int err = head(&out, format);
    polis_doc_t doc;
    polis_doc_init(&doc);
    for (size_t i = 0; i < n && !err; i++) {
        if (polis_doc_from_json(&doc, jsons[i], strlen(jsons[i])) == 0)
            err |= encode(&out, format, &doc, h, base, i == 0);
    }
    polis_doc_clear(&doc);
    err |= tail(&out, format);
    if (err) {
        polis_buf_free(&out);
        return sd_reply_status(ctx, POLIS_ERR_NOMEM, NULL);
    }
    /* The file is named after the id, with nothing a header would mind. */
    char file[200] = "polis";
    for (size_t i = 0; name != NULL && name[i] != '\0' && i + 1 < sizeof file; i++) {
        char c = name[i];
        int plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '~';
        file[i] = plain ? c : '_';
        file[i + 1] = '\0';
    }
    char disposition[260];
    snprintf(disposition, sizeof disposition, "attachment; filename=\"%s.%s\"", file,
             formats[format].extension);
    const char *headers[] = { "Content-Disposition", disposition, NULL, NULL };
    ctx->headers = headers;
    return sd_http_send(ctx, MHD_HTTP_OK, formats[format].type, out.data, out.len);
}
