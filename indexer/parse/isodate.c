/* indexer/isodate.c — ISO 8601 instants to Paris dates.  See isodate.h. */
#include "parse/isodate.h"

#include <stdio.h>
#include <string.h>

#include "parse/frdate.h"

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), after Howard
 * Hinnant's days_from_civil. */
static long long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, int *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* The last Sunday of a month at 01:00 UTC, in seconds since the epoch. */
static long long last_sunday(int y, int m)
{
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    long long last = days_from_civil(y, m, mdays[m - 1]);
    long long weekday = (last + 4) % 7; /* 1970-01-01 was a Thursday; 0 = Sunday */
    if (weekday < 0)
        weekday += 7;
    return (last - weekday) * 86400 + 3600;
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

int ix_isodate_paris(const char *s, int with_time, char out[IX_ISODATE_SIZE])
{
    int y, mo, d, h = 0, mi = 0, has_time = 0;
    out[0] = '\0';
    while (s && *s == ' ')
        s++;
    if (!s || strlen(s) < 10 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
        s[7] != '-' || !digits(s + 8, 2, &d) || !ix_frdate_valid(y, mo, d))
        return -1;
    const char *p = s + 10;
    if ((*p == 'T' || *p == ' ') && digits(p + 1, 2, &h) && p[3] == ':' && digits(p + 4, 2, &mi) &&
        h < 24 && mi < 60) {
        has_time = 1;
        p += 6;
        if (*p == ':') /* seconds and their fraction: not needed */
            for (p++; (*p >= '0' && *p <= '9') || *p == '.' || *p == ','; p++)
                ;
    }
    long long t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60;
    int zone = 0, oh = 0, om = 0;
    if (has_time && *p == 'Z') {
        zone = 1;
    } else if (has_time && (*p == '+' || *p == '-') && digits(p + 1, 2, &oh)) {
        const char *q = p + 3;
        if (*q == ':')
            q++;
        if (!digits(q, 2, &om))
            om = 0;
        long long off = (oh * 60 + om) * 60;
        t -= *p == '+' ? off : -off;
        zone = 1;
    }
    if (zone) {
        int yy, mm, dd;
        civil_from_days(t / 86400 - (t % 86400 < 0), &yy, &mm, &dd);
        int summer = t >= last_sunday(yy, 3) && t < last_sunday(yy, 10);
        t += summer ? 7200 : 3600;
        long long day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
        civil_from_days(day, &y, &mo, &d);
        long long sec = t - day * 86400;
        h = (int)(sec / 3600);
        mi = (int)(sec % 3600 / 60);
    }
    if (with_time && has_time)
        snprintf(out, IX_ISODATE_SIZE, "%04d-%02d-%02dT%02d:%02d", y, mo, d, h, mi);
    else
        snprintf(out, IX_ISODATE_SIZE, "%04d-%02d-%02d", y, mo, d);
    return 0;
}
