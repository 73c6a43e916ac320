/* sink.h — where parsers send what they find.
 *
 * A source file can yield many documents (a bibliography page and each of its
 * references, an OAI-PMH response and its records) and deletions (OAI-PMH
 * `status="deleted"` headers).  Parsers call the sink for each; the caller
 * decides what happens: write to the index, count, or, in tests, collect.
 */
#ifndef IX_SINK_H
#define IX_SINK_H

#include <stddef.h>

#include "parse/ident.h"
#include "polis/doc.h"

typedef struct ix_sink ix_sink_t;

struct ix_sink {
    /* A finished document.  The sink reads it during the call only; the
     * parser still owns it and clears it afterwards.  Returns 0, or -1 to stop
     * the parse (the parser then returns -1 too). */
    int (*emit)(ix_sink_t *sink, const polis_doc_t *doc);
    /* The source says the document with this id is gone.  0 or -1 as emit. */
    int (*remove)(ix_sink_t *sink, const char *id);
    /* A problem that loses part of the file but not all of it: the sink
     * reports it as "path: message".  May be NULL. */
    void (*warn)(ix_sink_t *sink, const char *path, const char *message);
    void *ctx;
    /* The indexer's writers only (dispatch.c calls it, parsers never do):
     * settle which id a document takes before it is emitted (ident.h).
     * Returns 0 with the id appended to *id (the claim's own, or the one it
     * moves to), 1 to leave the document out (an older copy of a source
     * another file gives), -1 to stop.  NULL: every document keeps its id. */
    int (*claim)(ix_sink_t *sink, const ix_claim_t *claim, polis_buf_t *id);
};

/* Give doc to the sink (nothing when sink or its emit is NULL).  Returns 0,
 * or -1 with err (errlen bytes) "stopped by the indexer" when the sink asks
 * to stop. */
int ix_sink_emit(ix_sink_t *sink, const polis_doc_t *doc, char *err, size_t errlen);

#endif
