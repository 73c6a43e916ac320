/* indexer/isodate.h — ISO 8601 dates and instants as the sources' own
 * (Paris) calendar reads them.
 *
 * Metadata gives instants: "2022-03-14T23:15:00Z" is the 15th in Paris,
 * where the page says "mar 15/03/2022 - 00:15".  The offset of Paris is
 * worked out with the European Union's rule (UTC+1, UTC+2 from the last
 * Sunday of March to the last Sunday of October, at 01:00 UTC), which has
 * held since 1996; earlier instants are read with the same rule.
 */
#ifndef IX_ISODATE_H
#define IX_ISODATE_H

#include <stddef.h>

/* Size of what ix_isodate_paris() writes: "YYYY-MM-DDTHH:MM" and NUL. */
#define IX_ISODATE_SIZE 17

/* Read s, "YYYY-MM-DD" optionally followed by "THH:MM[:SS[.fff]]" (or a
 * space instead of 'T') and a zone ("Z", "+HH:MM", "+HHMM", "-HH").  With a
 * zone, the instant is moved to Paris.  Writes "YYYY-MM-DD" (with_time 0)
 * or, when s has a time, "YYYY-MM-DDTHH:MM" (with_time 1) to out and
 * returns 0; -1 (out "") when s is not such a date. */
int ix_isodate_paris(const char *s, int with_time, char out[IX_ISODATE_SIZE]);

#endif
