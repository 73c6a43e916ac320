/* parse/sink.c — the one helper of the sink every parser calls; see sink.h. */
#include "parse/sink.h"

#include <stdio.h>

int ix_sink_emit(ix_sink_t *sink, const polis_doc_t *doc, char *err, size_t errlen)
{
    if (!sink || !sink->emit)
        return 0;
    if (sink->emit(sink, doc) != 0) {
        if (err && errlen)
            snprintf(err, errlen, "stopped by the indexer");
        return -1;
    }
    return 0;
}
