/* dispatch.h — one corpus file: read it, recognise its format, parse it.
 *
 * Every parser sends its documents to a ix_sink_t; dispatch stamps each
 * one with the file's corpus-relative path and content hash on the way, so
 * the index knows where a document came from and whether its file changed.
 */
#ifndef IX_DISPATCH_H
#define IX_DISPATCH_H

#include <stddef.h>

#include "vocab/labels.h"
#include "parse/sink.h"
#include "vocab/themes.h"

/* Hex digest of a file's bytes, NUL-terminated. */
#define IX_HASH_LEN 17

typedef enum {
    IX_FILE_INDEXED = 0, /* parsed; its documents went to the sink */
    IX_FILE_SKIPPED,     /* a format Polis does not index (binary, unknown XML, ...) */
    IX_FILE_BAD          /* unreadable or malformed; reported through sink->warn */
} ix_file_status_t;

/* Why a file gave no document, for the summary (the warning says more). */
typedef enum {
    IX_SKIP_NONE = 0,
    IX_SKIP_EMPTY,      /* nothing in it */
    IX_SKIP_BINARY,     /* NUL bytes: not text */
    IX_SKIP_VOCABULARY, /* XML, but neither OAI-PMH oai_dc nor MODS */
    IX_SKIP_FORMAT,     /* neither Markdown, HTML nor XML */
    IX_SKIP_MALFORMED,  /* its parser refused it */
    IX_SKIP_UNREADABLE, /* cannot be opened or read */
    IX_SKIP_TOO_LARGE,  /* over --max-file-size */
    IX_SKIP_OUTSIDE,    /* a link out of the corpus (or to a directory not followed) */
    IX_SKIP_COUNT_
} ix_skip_t;

/* Short name of a reason ("empty", "binary", ...).  Static string. */
const char *ix_skip_name(ix_skip_t reason);

/* A file as dispatch sees it. */
typedef struct {
    const char *rel;  /* corpus-relative path */
    const char *hash; /* ix_dispatch_hash() of its bytes */
    long long mtime;  /* modification time, ns */
    size_t rank;      /* place in path order */
} ix_dispatch_file_t;

/* Read corpus/rel whole into *buf (grown as needed, NUL-terminated; the
 * caller frees it once done with many files).  Files over max_size bytes are
 * refused, and so is one whose real path lies outside the corpus.  Returns
 * 0, or -1 with err set ("file too large (N bytes, limit M)", "symlink
 * outside the corpus, skipped", "cannot open: ...", "read error: ..."). */
int ix_dispatch_read(const char *corpus, const char *rel, unsigned long long max_size, char **buf,
                     size_t *cap, size_t *len, char *err, size_t errlen);

/* Why ix_dispatch_read() refused a file, from its err. */
ix_skip_t ix_dispatch_read_reason(const char *err);

/* Content hash of buf[0..len) into hash (polis_text_hash64(), hex). */
void ix_dispatch_hash(const char *buf, size_t len, char hash[IX_HASH_LEN]);

/* The two readers that can follow a page with its entries: a page, and
 * when it is a bibliography, one reference per entry, read from the same
 * tree (biblio.h).  The parser signature oai.h and mods.h share: buf[0..len)
 * is the content of rel; themes may be NULL; 0, or -1 with err set. */
int ix_dispatch_markdown(const char *rel, const char *buf, size_t len, const ix_themes_t *themes,
                         ix_sink_t *sink, char *err, size_t errlen);
int ix_dispatch_html(const char *rel, const char *buf, size_t len, const ix_themes_t *themes,
                     ix_sink_t *sink, char *err, size_t errlen);

/* Parse buf[0..len), the content of f->rel, with the parser its format
 * calls for, and emit its documents to sink, each with source_path and
 * content_hash from f, its theme labels mapped to ids through labels (may
 * be NULL: labels stay as written) and its id settled by sink->claim when
 * the sink has one (a page's references follow their page).  A file the
 * parser rejects is reported through sink->warn as "rel: reason" (parts
 * emitted before the error stay emitted) and *reason (may be NULL) says why.
 * *format_name, when not NULL, gets the detected format's name (static). */
ix_file_status_t ix_dispatch_parse(const ix_dispatch_file_t *f, const char *buf, size_t len,
                                   const ix_themes_t *themes, ix_labels_t *labels, ix_sink_t *sink,
                                   ix_skip_t *reason, const char **format_name);

#endif
