/* dispatch.h — one corpus file: read it, recognise its format, parse it.
 *
 * Every parser sends its documents to a polis_sink_t; dispatch stamps each
 * one with the file's corpus-relative path and content hash on the way, so
 * the index knows where a document came from and whether its file changed.
 */
#ifndef POLIS_DISPATCH_H
#define POLIS_DISPATCH_H

#include <stddef.h>

#include "sink.h"
#include "themes.h"

/* Hex digest of a file's bytes, NUL-terminated. */
#define POLIS_HASH_LEN 17

typedef enum {
    POLIS_FILE_INDEXED = 0, /* parsed; its documents went to the sink */
    POLIS_FILE_SKIPPED,     /* a format Polis does not index (binary, unknown XML, ...) */
    POLIS_FILE_BAD          /* unreadable or malformed; reported through sink->warn */
} polis_file_status_t;

/* Read corpus/rel whole into *buf (grown as needed, NUL-terminated; the
 * caller frees it once done with many files).  Files over max_size bytes are
 * refused.  Returns 0, or -1 with err set ("file too large (N bytes, limit
 * M)", "cannot open: ...", "read error: ..."). */
int polis_dispatch_read(const char *corpus, const char *rel, unsigned long long max_size,
                        char **buf, size_t *cap, size_t *len, char *err, size_t errlen);

/* Content hash of buf[0..len) into hash (FNV-1a 64, hex). */
void polis_dispatch_hash(const char *buf, size_t len, char hash[POLIS_HASH_LEN]);

/* Parse buf[0..len), the content of rel, with the parser its format calls
 * for, and emit its documents to sink, each with source_path = rel and
 * content_hash = hash.  A file the parser rejects is reported through
 * sink->warn as "rel: reason" (parts emitted before the error stay emitted).
 * *format_name, when not NULL, gets the detected format's name (static). */
polis_file_status_t polis_dispatch_parse(const char *rel, const char *buf, size_t len,
                                         const char *hash, const polis_themes_t *themes,
                                         polis_sink_t *sink, const char **format_name);

#endif
