/* paristime.h — the sources' wall-clock times (Paris) as instants.
 *
 * The index keeps dates as the sources write them, in Paris: "modifié le
 * 11/02/2025 - 08:30" is "2025-02-11T08:30".  A feed must say which instant
 * that is (RFC 3339 wants an offset), and the page shows the wall time, so
 * the conversion is searchd's, made when a date is written out.
 *
 * The offsets come from the tz database (Europe/Paris), read once at start-up
 * through localtime_r() under TZ=Europe/Paris while searchd is still one
 * thread, into a table of the zone's transitions; TZ is then put back.  A
 * request only reads the table: no setenv() or tzset() ever runs while the
 * worker threads do (glibc's time zone state is shared by the process).
 * Without a tz database entry for Europe/Paris (no tzdata), the European
 * Union's rule stands in: UTC+1, UTC+2 from the last Sunday of March to the
 * last Sunday of October at 01:00 UTC.
 */
#ifndef SD_API_PARISTIME_H
#define SD_API_PARISTIME_H

#include <time.h>

/* Size of what sd_paristime_rfc3339() writes: "YYYY-MM-DDTHH:MM:SS+HH:MM". */
#define SD_PARISTIME_SIZE 32

/* Read Europe/Paris's offsets from the tz database.  Call once, before any
 * thread starts.  Returns 0, or 1 when the database has no Europe/Paris
 * (the EU rule is used, and the caller may say so). */
int sd_paristime_init(void);

/* The instant of a Paris wall time "YYYY", "YYYY-MM", "YYYY-MM-DD" or
 * "YYYY-MM-DDTHH:MM" (a partial date stands for its first day at 00:00):
 * *t the seconds since the epoch, *offset Paris's offset then in seconds
 * (3600 or 7200 these days).  A time skipped by a change of offset is read
 * with the offset before it, a time met twice as its first occurrence.
 * Returns 0, or -1 when iso is not such a date. */
int sd_paristime_instant(const char *iso, time_t *t, int *offset);

/* The same as an RFC 3339 date-time with Paris's offset:
 * "2025-02-11T08:30:00+01:00".  Returns 0, or -1 (out "") when iso is not
 * such a date. */
int sd_paristime_rfc3339(const char *iso, char out[SD_PARISTIME_SIZE]);

#endif
