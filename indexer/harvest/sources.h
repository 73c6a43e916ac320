/* indexer/harvest/sources.h — a harvest configuration: the sources that
 * `rebuild --harvest CONFIG` and `update --harvest CONFIG` harvest first.
 *
 * One source a line; '#' starts a comment; blank lines are ignored:
 *
 *     # KIND    URL                                 OPTIONS (key=value)
 *     oai       https://doc.example.fr/oai/request  into=xml/portail set=pv
 *     sitemap   https://www.example.fr/sitemap.xml  into=html/site delay=2
 *
 * KIND is oai or sitemap; the keys are the options of `polis-indexer
 * harvest` without their "--" (into, set, metadata-prefix, delay, timeout,
 * connect-timeout, retries, backoff, max-retry-wait, max-pages, max-bytes,
 * max-response); into= is required, and a relative one is read from the
 * corpus directory.  Values hold no spaces.  Two sources may not share a
 * directory.
 */
#ifndef IX_SOURCES_H
#define IX_SOURCES_H

#include <stddef.h>

#include <jansson.h>

#include "harvest/harvest.h"

/* Read the configuration at path (relative into= directories are read from
 * corpus), then harvest every source in order, each told in one line on
 * stderr (none when quiet), and the failures in one more.  *json, when json
 * is not NULL, gets an array of the sources' accounts (a new reference; NULL
 * when out of memory).  Returns the number of sources that failed, or -1
 * when the configuration cannot be read, told as "PATH:LINE: reason" on
 * stderr: nothing was harvested. */
long ix_sources_harvest(const char *path, const char *corpus, int quiet, json_t **json);

#endif
