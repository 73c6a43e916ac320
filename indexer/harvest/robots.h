/* indexer/harvest/robots.h — robots.txt (RFC 9309), read for one agent.
 *
 * The groups whose user-agent is the agent's product token (case aside,
 * "polis-indexer" or "polis-indexer/1.0") give the rules; when none does,
 * the groups of "*"; when neither, everything is allowed.  The rule with
 * the longest pattern that matches a path wins, Allow over Disallow on a
 * tie; patterns may hold '*' (any characters) and end with '$' (the end of
 * the path).  Crawl-delay is read too.  Only the first 500 KiB are read.
 */
#ifndef IX_ROBOTS_H
#define IX_ROBOTS_H

#include <stddef.h>

typedef struct ix_robots ix_robots_t;

/* The rules of txt[0..len) for agent.  NULL when out of memory. */
ix_robots_t *ix_robots_parse(const char *txt, size_t len, const char *agent);

/* Rules that allow everything (no robots.txt: a 4xx) or nothing (a
 * robots.txt that cannot be read: a 5xx, no connection).  NULL when out of
 * memory. */
ix_robots_t *ix_robots_all(int allowed);

/* Non-zero when path ("/a/b?c", as ix_url_path() gives it) may be fetched. */
int ix_robots_allowed(const ix_robots_t *r, const char *path);

/* The Crawl-delay of the chosen groups in seconds, 0 when none. */
double ix_robots_delay(const ix_robots_t *r);

/* The number of rules kept for the agent. */
size_t ix_robots_rules(const ix_robots_t *r);

/* Free r (NULL is fine). */
void ix_robots_free(ix_robots_t *r);

#endif
