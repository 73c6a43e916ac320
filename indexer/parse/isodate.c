/* indexer/isodate.c — ISO 8601 instants to Paris dates.  See isodate.h. */
#include "parse/isodate.h"

#include <stdio.h>
#include <string.h>

#include "parse/frdate.h"
#include "polis/date.h"

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
    long long t = polis_date_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60;
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
        long long yy, year;
        int mm, dd;
        polis_date_civil_from_days(t / 86400 - (t % 86400 < 0), &yy, &mm, &dd);
        int summer = t >= polis_date_last_sunday(yy, 3) && t < polis_date_last_sunday(yy, 10);
        t += summer ? 7200 : 3600;
        long long day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
        polis_date_civil_from_days(day, &year, &mo, &d);
        y = (int)year;
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
