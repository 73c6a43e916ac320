/* indexer/harvest/harvest.h — `polis-indexer harvest`: fetch a source's
 * files into a corpus directory, so that a rebuild needs nobody to fetch
 * exports by hand (docs/architecture.md, "The harvest").
 *
 * Two kinds of source:
 *   oai      an OAI-PMH repository: ListRecords, one file per record
 *            (oaih.c), incremental from the last datestamp seen;
 *   sitemap  a Drupal site: its sitemap.xml (and sitemap indexes), one HTML
 *            file per page (site.c), conditional GETs, robots.txt obeyed.
 *
 * Both write only whole files (temp file, then rename) into their DIR, keep
 * what they know in DIR/.polis-harvest.json, and never leave DIR for
 * anything else: the files are what the parsers of parse/ already read.
 * This header runs a source (source.h) and tells what its harvest did;
 * `polis-indexer harvest` is ix_harvest_main().
 */
#ifndef IX_HARVEST_H
#define IX_HARVEST_H

#include <stdio.h>

#include <jansson.h>

#include "harvest/source.h"

/* Harvest one source (oaih.c or site.c) into r (zeroed first).  Returns 0
 * when the source was harvested whole, -1 when it failed (r->error says
 * why; the files already written stay, whole). */
int ix_harvest_run(const ix_source_t *s, ix_source_result_t *r);

/* One line for r on f: "harvest oai URL -> DIR: ..." with the counts, and
 * for a failure, the reason and what was kept. */
void ix_harvest_print(const ix_source_t *s, const ix_source_result_t *r, FILE *f);

/* r as a JSON object (new reference), NULL when out of memory. */
json_t *ix_harvest_json(const ix_source_t *s, const ix_source_result_t *r);

/* `polis-indexer harvest ...`: argv[0] is "harvest".  Returns the exit
 * status: 0 done, 1 a source failed, 2 usage. */
int ix_harvest_main(int argc, char **argv);

#endif
