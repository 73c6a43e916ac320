/* paristime.c — Paris wall times to instants, from a table of the zone's
 * transitions made at start-up; see paristime.h. */
#include "api/paristime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polis/date.h"

/* The years the table covers; outside them the nearest offset holds. */
#define FIRST_YEAR 1900
#define LAST_YEAR  2100
/* Paris has changed offset at most a few times a year, never twice in a
 * week: the zone is sampled weekly, then each change found to the second. */
#define STEP            (7 * 86400LL)
#define MAX_TRANSITIONS 1024

static struct {
    long long at[MAX_TRANSITIONS]; /* when the offset changes (UTC seconds) */
    int offset[MAX_TRANSITIONS];   /* the offset from then on */
    size_t n;
    int before; /* the offset before the first transition */
    int rule;   /* no tz database: the EU rule */
} zone = { .before = 3600, .rule = 1 };

static int rule_offset(long long t)
{
    long long days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    /* The year of t, near enough: the rule's dates are far from new year. */
    long long y = 1970 + (days * 400) / 146097;
    return t >= polis_date_last_sunday(y, 3) && t < polis_date_last_sunday(y, 10) ? 7200 : 3600;
}

static int offset_at(long long t)
{
    if (zone.rule)
        return rule_offset(t);
    size_t lo = 0, hi = zone.n; /* the first transition after t */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (zone.at[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo == 0 ? zone.before : zone.offset[lo - 1];
}

static int tz_offset(time_t t)
{
    struct tm tm;
    return localtime_r(&t, &tm) != NULL ? (int)tm.tm_gmtoff : 0;
}

int sd_paristime_init(void)
{
    char *saved = getenv("TZ") != NULL ? strdup(getenv("TZ")) : NULL;
    setenv("TZ", "Europe/Paris", 1);
    tzset();
    /* Summer 2020 was UTC+2 in Paris: anything else is no tz database. */
    int found = tz_offset((time_t)(polis_date_days_from_civil(2020, 7, 1) * 86400)) == 7200;
    if (found) {
        long long t = polis_date_days_from_civil(FIRST_YEAR, 1, 1) * 86400;
        long long end = polis_date_days_from_civil(LAST_YEAR, 1, 1) * 86400;
        zone.n = 0;
        zone.before = tz_offset((time_t)t);
        int cur = zone.before;
        for (; t < end && zone.n < MAX_TRANSITIONS; t += STEP) {
            int next = tz_offset((time_t)(t + STEP));
            if (next == cur)
                continue;
            long long lo = t, hi = t + STEP; /* offset(lo) == cur, offset(hi) != cur */
            while (hi - lo > 1) {
                long long mid = lo + (hi - lo) / 2;
                if (tz_offset((time_t)mid) == cur)
                    lo = mid;
                else
                    hi = mid;
            }
            zone.at[zone.n] = hi;
            zone.offset[zone.n++] = cur = tz_offset((time_t)hi);
            /* Two changes in a week: look at this week again from hi. */
            if (cur != next)
                t = hi - STEP;
        }
        zone.rule = 0;
    }
    if (saved != NULL) {
        setenv("TZ", saved, 1);
        free(saved);
    } else {
        unsetenv("TZ");
    }
    tzset();
    return found ? 0 : 1;
}

static int digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        *v = *v * 10 + (s[i] - '0');
    }
    return 1;
}

int sd_paristime_instant(const char *iso, time_t *t, int *offset)
{
    size_t n = iso != NULL ? strlen(iso) : 0;
    int y, mo = 1, d = 1, h = 0, mi = 0;
    if (n < 4 || !digits(iso, 4, &y) || (n > 4 && iso[4] != '-'))
        return -1;
    if (n >= 7 && (!digits(iso + 5, 2, &mo) || mo < 1 || mo > 12 || (n > 7 && iso[7] != '-')))
        return -1;
    if (n >= 10 && (!digits(iso + 8, 2, &d) || d < 1 || d > 31))
        return -1;
    if (n >= 16 && iso[10] == 'T' &&
        !(digits(iso + 11, 2, &h) && iso[13] == ':' && digits(iso + 14, 2, &mi) && h < 24 &&
          mi < 60))
        return -1;
    long long wall = polis_date_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60;
    /* The offset in force 14 hours either side bounds the answer: take the
     * earlier one when it fits (the first of a time met twice), else the
     * later one, else (a skipped time) the earlier. */
    int early = offset_at(wall - 14 * 3600), late = offset_at(wall + 14 * 3600);
    int off = offset_at(wall - early) == early ? early
              : offset_at(wall - late) == late ? late
                                               : early;
    *t = (time_t)(wall - off);
    *offset = offset_at(wall - off); /* a skipped time's instant is after the change */
    return 0;
}

int sd_paristime_rfc3339(const char *iso, char out[SD_PARISTIME_SIZE])
{
    time_t t;
    int off;
    out[0] = '\0';
    if (sd_paristime_instant(iso, &t, &off) != 0)
        return -1;
    long long wall = (long long)t + off;
    long long days = wall >= 0 ? wall / 86400 : (wall - 86399) / 86400;
    long long secs = wall - days * 86400;
    long long yy;
    int mm, dd;
    polis_date_civil_from_days(days, &yy, &mm, &dd);
    int a = off < 0 ? -off : off;
    int w = snprintf(out, SD_PARISTIME_SIZE, "%04lld-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", yy, mm,
                     dd, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60),
                     off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
    if (w < 0 || w >= SD_PARISTIME_SIZE) {
        out[0] = '\0';
        return -1;
    }
    return 0;
}
