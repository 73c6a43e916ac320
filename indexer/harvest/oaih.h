/* indexer/harvest/oaih.h — `harvest oai BASEURL --into DIR`: an OAI-PMH
 * repository's records, one file per record.
 *
 * ListRecords with the metadataPrefix (oai_dc or mods) and the set asked
 * for, then each resumptionToken until the list is complete.  Each record
 * is written as NAME.xml (NAME: the slug of its OAI identifier, which is
 * also the document's id), the file oaih_page.h makes of it; a record
 * whose header says status="deleted" removes its file, so that `update`
 * removes its document and `rebuild` no longer finds it.  One file per
 * record, rather than one per response page, because pages are cut anew
 * at every harvest: a record's file is the one place that holds it.
 *
 * Incremental: when the list was read to its end, the state
 * (DIR/.polis-harvest.json) keeps the last (greatest) datestamp seen, and
 * the next harvest asks from= it; a harvest cut short keeps the previous
 * from=, so that nothing is skipped.  A full harvest (no from=: the first,
 * or another base URL, set or prefix than the state's) read to its end
 * also removes the files of records the repository no longer lists.
 * "noRecordsMatch" is an empty list, not a failure; any other <error> is.
 */
#ifndef IX_OAIH_H
#define IX_OAIH_H

#include "harvest/source.h"

/* Harvest the repository at s->url into s->into; as ix_harvest_run(). */
int ix_oaih_harvest(const ix_source_t *s, ix_source_result_t *r);

#endif
