/* harvest/source.c — a source and its options; see source.h. */
#include "harvest/source.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ix_source_init(ix_source_t *s, ix_source_kind_t kind, const char *url, const char *into)
{
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->url = url;
    s->into = into;
    s->prefix = "oai_dc";
    s->delay = -1;
    s->timeout = IX_SOURCE_TIMEOUT;
    s->connect_timeout = IX_SOURCE_CONNECT;
    s->retries = IX_SOURCE_RETRIES;
    s->backoff = IX_SOURCE_BACKOFF;
    s->max_retry_wait = IX_SOURCE_MAX_RETRY_WAIT;
    s->max_pages = IX_SOURCE_MAX_PAGES;
    s->max_bytes = IX_SOURCE_MAX_BYTES;
    s->max_response = IX_SOURCE_MAX_RESPONSE;
}

/* Seconds from 0 to max, decimals allowed; -1 when not one. */
static double seconds(const char *v, double max)
{
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    return errno || end == v || *end || !isfinite(d) || d < 0 || d > max ? -1 : d;
}

/* A size in bytes (K, M, G allowed) or a count; 0 when not one. */
static unsigned long long amount(const char *v)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (errno || end == v || *v == '-')
        return 0;
    int shift = *end == 'K' || *end == 'k'   ? 10
                : *end == 'M' || *end == 'm' ? 20
                : *end == 'G' || *end == 'g' ? 30
                                             : 0;
    end += shift != 0;
    if (*end || n > (~0ull >> shift))
        return 0;
    return n << shift;
}

int ix_source_set(ix_source_t *s, const char *key, const char *value, char *err, size_t errlen)
{
    double d = 0;
    unsigned long long n = 0;
    const char *bad = NULL;
    if (strcmp(key, "into") == 0) {
        s->into = value;
    } else if (strcmp(key, "set") == 0) {
        s->set = value;
    } else if (strcmp(key, "metadata-prefix") == 0) {
        if (strcmp(value, "oai_dc") != 0 && strcmp(value, "mods") != 0)
            bad = "oai_dc or mods (the formats the indexer reads)";
        s->prefix = value;
    } else if (strcmp(key, "delay") == 0 || strcmp(key, "backoff") == 0) {
        if ((d = seconds(value, 3600)) < 0)
            bad = "seconds, from 0 to 3600";
        else
            *(key[0] == 'd' ? &s->delay : &s->backoff) = d;
    } else if (strcmp(key, "timeout") == 0 || strcmp(key, "connect-timeout") == 0 ||
               strcmp(key, "max-retry-wait") == 0) {
        if ((d = seconds(value, 86400)) <= 0)
            bad = "seconds, more than 0 and at most 86400";
        else
            *(key[0] == 't'   ? &s->timeout
              : key[0] == 'c' ? &s->connect_timeout
                              : &s->max_retry_wait) = d;
    } else if (strcmp(key, "retries") == 0) {
        if (strcmp(value, "0") == 0)
            s->retries = 0;
        else if ((n = amount(value)) == 0 || n > 20)
            bad = "a whole number from 0 to 20";
        else
            s->retries = (unsigned)n;
    } else if (strcmp(key, "max-pages") == 0) {
        if ((n = amount(value)) == 0 || n > 100000000)
            bad = "a whole number from 1 to 100000000";
        else
            s->max_pages = (unsigned long)n;
    } else if (strcmp(key, "max-bytes") == 0 || strcmp(key, "max-response") == 0) {
        if ((n = amount(value)) == 0)
            bad = "a size in bytes, K, M or G allowed";
        else
            *(key[4] == 'b' ? &s->max_bytes : &s->max_response) = n;
    } else {
        return 1;
    }
    if (bad) {
        snprintf(err, errlen, "--%s: %s, not %.64s", key, bad, value);
        return -1;
    }
    return 0;
}

void ix_source_tell(ix_source_result_t *r, int counts, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "polis-indexer: harvest: %s\n", msg);
    if (counts && !r->error[0])
        snprintf(r->error, sizeof r->error, "%s", msg);
}
