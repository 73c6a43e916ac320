/* dispatch.h — one corpus file: read it, recognise its format, parse it.
 *
 * Every parser sends its documents to a polis_sink_t; dispatch stamps each
 * one with the file's corpus-relative path and content hash on the way, so
 * the index knows where a document came from and whether its file changed.
 */
#ifndef POLIS_DISPATCH_H
#define POLIS_DISPATCH_H

#include <stddef.h>

#include "labels.h"
#include "sink.h"
#include "themes.h"

/* Hex digest of a file's bytes, NUL-terminated. */
#define POLIS_HASH_LEN 17

typedef enum {
    POLIS_FILE_INDEXED = 0, /* parsed; its documents went to the sink */
    POLIS_FILE_SKIPPED,     /* a format Polis does not index (binary, unknown XML, ...) */
    POLIS_FILE_BAD          /* unreadable or malformed; reported through sink->warn */
} polis_file_status_t;

/* Why a file gave no document, for the summary (the warning says more). */
typedef enum {
    POLIS_SKIP_NONE = 0,
    POLIS_SKIP_EMPTY,      /* nothing in it */
    POLIS_SKIP_BINARY,     /* NUL bytes: not text */
    POLIS_SKIP_VOCABULARY, /* XML, but neither OAI-PMH oai_dc nor MODS */
    POLIS_SKIP_FORMAT,     /* neither Markdown, HTML nor XML */
    POLIS_SKIP_MALFORMED,  /* its parser refused it */
    POLIS_SKIP_UNREADABLE, /* cannot be opened or read */
    POLIS_SKIP_TOO_LARGE,  /* over --max-file-size */
    POLIS_SKIP_COUNT_
} polis_skip_t;

/* Short name of a reason ("empty", "binary", ...).  Static string. */
const char *polis_skip_name(polis_skip_t reason);

/* A file as dispatch sees it. */
typedef struct {
    const char *rel;  /* corpus-relative path */
    const char *hash; /* polis_dispatch_hash() of its bytes */
    long long mtime;  /* modification time, ns */
    size_t rank;      /* place in path order */
} polis_dispatch_file_t;

/* Read corpus/rel whole into *buf (grown as needed, NUL-terminated; the
 * caller frees it once done with many files).  Files over max_size bytes are
 * refused.  Returns 0, or -1 with err set ("file too large (N bytes, limit
 * M)", "cannot open: ...", "read error: ..."). */
int polis_dispatch_read(const char *corpus, const char *rel, unsigned long long max_size,
                        char **buf, size_t *cap, size_t *len, char *err, size_t errlen);

/* Content hash of buf[0..len) into hash (polis_text_hash64(), hex). */
void polis_dispatch_hash(const char *buf, size_t len, char hash[POLIS_HASH_LEN]);

/* Parse buf[0..len), the content of f->rel, with the parser its format
 * calls for, and emit its documents to sink, each with source_path and
 * content_hash from f, its theme labels mapped to ids through labels (may
 * be NULL: labels stay as written) and its id settled by sink->claim when
 * the sink has one (a page's references follow their page).  A file the
 * parser rejects is reported through sink->warn as "rel: reason" (parts
 * emitted before the error stay emitted) and *reason (may be NULL) says why.
 * *format_name, when not NULL, gets the detected format's name (static). */
polis_file_status_t polis_dispatch_parse(const polis_dispatch_file_t *f, const char *buf,
                                         size_t len, const polis_themes_t *themes,
                                         polis_labels_t *labels, polis_sink_t *sink,
                                         polis_skip_t *reason, const char **format_name);

#endif
