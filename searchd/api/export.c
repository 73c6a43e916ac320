/* export.c — /api/search?format=csv|ris: the hits of a page as a file.
 *
 * The encoders (csv.c, ris.c) work on documents; this file takes them from
 * the hits' views (hit.h) and sends the whole file at once (a page holds at
 * most --max-per-page hits).
 */
#include "api/export.h"

#include <stdio.h>
#include <string.h>

#include "api/csv.h"
#include "api/hit.h"
#include "api/ris.h"
#include "http/reply.h"

/* Largest export body: 100 hits of a few KB each fit many times over. */
#define MAX_EXPORT_BYTES (16u << 20)

enum MHD_Result sd_export_send(sd_http_ctx_t *ctx, sd_handle_t *h, const polis_result_t *r,
                               sd_params_format_t format)
{
    polis_buf_t out = { 0 };
    out.max = MAX_EXPORT_BYTES;
    int err = format == SD_PARAMS_CSV ? sd_csv_header(&out) : 0;
    sd_hit_t *hits = NULL;
    size_t n = 0;
    err |= sd_hit_read(r, 0, &hits, &n) != 0;
    for (size_t i = 0; i < n && !err; i++) {
        if (!hits[i].decoded)
            continue; /* logged by sd_hit_read() */
        err |= format == SD_PARAMS_CSV ? sd_csv_row(&out, &hits[i].doc, h)
                                       : sd_ris_record(&out, &hits[i].doc, h);
    }
    sd_hit_free(hits, n);
    /* An empty RIS file is still an answer: zero records. */
    if (!err && out.data == NULL)
        err = polis_buf_puts(&out, "");
    if (err) {
        polis_buf_free(&out);
        return sd_reply_status(ctx, POLIS_ERR_NOMEM, NULL);
    }
    static const char *const csv_headers[] = { "Content-Disposition",
                                               "attachment; filename=\"polis-search.csv\"", NULL };
    static const char *const ris_headers[] = { "Content-Disposition",
                                               "attachment; filename=\"polis-search.ris\"", NULL };
    ctx->headers = format == SD_PARAMS_CSV ? csv_headers : ris_headers;
    return sd_http_send(ctx, MHD_HTTP_OK, format == SD_PARAMS_CSV ? SD_CSV_TYPE : SD_RIS_TYPE,
                        out.data, out.len);
}
