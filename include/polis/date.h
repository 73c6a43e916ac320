/* polis/date.h — civil dates as day numbers, for the indexer's and searchd's
 * Paris times (the EU summer-time rule, without a tz database).
 *
 * Days count from 1970-01-01 in the proleptic Gregorian calendar, after
 * Howard Hinnant's "chrono-compatible low-level date algorithms"; they are
 * exact for any year a long long day count holds.  Pure functions: no state,
 * no allocation, thread-safe.
 */
#ifndef POLIS_DATE_H
#define POLIS_DATE_H

#ifdef __cplusplus
extern "C" {
#endif

/* The day number of y-m-d (m 1..12, d 1..31, not checked). */
long long polis_date_days_from_civil(long long y, int m, int d);

/* The civil date of day number z into *y, *m, *d. */
void polis_date_civil_from_days(long long z, long long *y, int *m, int *d);

/* The last Sunday of month m of year y at 01:00 UTC, in seconds since the
 * epoch: when EU summer time starts (March) and ends (October). */
long long polis_date_last_sunday(long long y, int m);

#ifdef __cplusplus
}
#endif

#endif
