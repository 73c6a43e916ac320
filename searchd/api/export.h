/* export.h — a search as a file: /api/search?format=csv|csv-fr|ris|bibtex|csl-json.
 *
 * Every hit of the search, from the first, up to --max-export (a page of
 * them when page= or per_page= is given), streamed: the hits are read and
 * encoded a batch at a time as libmicrohttpd sends the body, so an export of
 * ten thousand documents never sits whole in memory.
 */
#ifndef SD_API_EXPORT_H
#define SD_API_EXPORT_H

#include "api/handle.h"
#include "api/params.h"
#include "http/http.h"

/* Hits read and encoded at a time. */
#define SD_EXPORT_BATCH 200

/* Run q, the search of p (sd_search_build_query(); the export takes it and
 * frees it, facets and range its own), and send its hits in p->format with its Content-Type
 * and a Content-Disposition that names a file (polis-search.csv, .ris,
 * .bib, .json).  A search that fails before the first byte gets the JSON
 * error of /api/search; one that fails later (the index gone twice in a
 * row) ends the connection, so a partial file is never taken for a whole
 * one. */
enum MHD_Result sd_export_send(sd_http_ctx_t *ctx, const sd_params_t *p, polis_query_t *q);

/* The same for documents already read (GET /api/doc/{id}?format=…): the
 * n stored JSONs of jsons, in a file named after name (an id).  The handle
 * h gives theme labels. */
enum MHD_Result sd_export_docs(sd_http_ctx_t *ctx, sd_handle_t *h, const char *const *jsons,
                               size_t n, const char *name, sd_params_format_t format);

#endif
