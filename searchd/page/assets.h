/* assets.h — the files of searchd/page/assets/, built into the daemon.
 *
 * The Makefile runs page/embed.py over every file of page/assets/ to make
 * build/searchd/assets_gen.c, which defines the table below; nothing is
 * read from disk at run time, so the daemon is one file to deploy and the
 * page can never be served with scripts from another version.
 */
#ifndef SD_PAGE_ASSETS_H
#define SD_PAGE_ASSETS_H

#include <stddef.h>

#include "http/http.h"

typedef struct {
    const char *name;          /* file name in searchd/page/assets/, "app.js" */
    const char *content_type;  /* "text/javascript; charset=utf-8" */
    const unsigned char *data; /* the bytes, NUL-terminated */
    size_t len;                /* without the NUL */
    const char *hash;          /* 12 hex digits of the content's SHA-256 */
} sd_assets_file_t;

/* The generated table, sorted by name. */
extern const sd_assets_file_t sd_assets[];
extern const size_t sd_assets_count;

/* The asset with this name, or NULL. */
const sd_assets_file_t *sd_assets_find(const char *name);

/* GET /assets/{name}: the file, cached for a long time when the URL holds
 * its hash (?v=), since the URL then changes with the content; an ETag
 * otherwise.  404 for an unknown name. */
enum MHD_Result sd_assets_handle(sd_http_ctx_t *ctx);

/* GET /widget.js (the name partners put in their pages) and GET
 * /favicon.svg: the assets of the same names. */
enum MHD_Result sd_assets_widget_handle(sd_http_ctx_t *ctx);
enum MHD_Result sd_assets_favicon_handle(sd_http_ctx_t *ctx);

#endif
