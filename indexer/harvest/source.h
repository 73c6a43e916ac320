/* indexer/harvest/source.h — a harvest's source: what it is (an OAI-PMH
 * repository or a site's sitemap), where its files go, the limits and
 * manners of its harvest (every one an option, of `polis-indexer harvest`
 * and of a harvest configuration alike), and the account of what a harvest
 * of it did.  Every other file of harvest/ reads it; it reads none of them.
 */
#ifndef IX_SOURCE_H
#define IX_SOURCE_H

#include <stddef.h>

/* The defaults, printed by `polis-indexer harvest --help`. */
#define IX_SOURCE_TIMEOUT        60.0          /* seconds, one request whole */
#define IX_SOURCE_CONNECT        15.0          /* seconds, to connect */
#define IX_SOURCE_RETRIES        3             /* after the first attempt */
#define IX_SOURCE_BACKOFF        2.0           /* seconds, first wait; doubled */
#define IX_SOURCE_MAX_RETRY_WAIT 300.0         /* seconds: a longer Retry-After fails */
#define IX_SOURCE_DELAY_SITEMAP  1.0           /* seconds between two requests */
#define IX_SOURCE_MAX_PAGES      50000ul       /* OAI response pages, or site pages */
#define IX_SOURCE_MAX_BYTES      (2ull << 30)  /* body bytes in all */
#define IX_SOURCE_MAX_RESPONSE   (64ull << 20) /* body bytes of one response */

/* The product token robots.txt groups are matched against, and the start of
 * the User-Agent header. */
#define IX_SOURCE_AGENT "polis-indexer"

typedef enum { IX_SOURCE_OAI, IX_SOURCE_SITEMAP } ix_source_kind_t;

/* One source and how to harvest it.  Strings are borrowed: they must live
 * as long as the harvest. */
typedef struct {
    ix_source_kind_t kind;
    const char *url;    /* OAI base URL, or the sitemap's URL */
    const char *into;   /* the directory the files go to */
    const char *set;    /* OAI: setSpec, or NULL */
    const char *prefix; /* OAI: metadataPrefix, "oai_dc" or "mods" */
    double delay;       /* seconds between two requests (-1: the kind's default) */
    double timeout, connect_timeout;
    unsigned retries;                /* transient failures retried this many times */
    double backoff;                  /* first wait before a retry, doubled each time */
    double max_retry_wait;           /* longest Retry-After honoured */
    unsigned long max_pages;         /* OAI: response pages; sitemap: pages fetched */
    unsigned long long max_bytes;    /* body bytes in all */
    unsigned long long max_response; /* body bytes of one response */
} ix_source_t;

/* What a harvest did, for the summary.  Every count is of this run. */
typedef struct {
    unsigned long requests;     /* HTTP requests sent: retries and redirects count */
    unsigned long not_modified; /* answered 304 to a conditional GET */
    unsigned long retried;      /* requests sent again after a transient failure */
    unsigned long long bytes;   /* body bytes received */
    unsigned long responses;    /* OAI: ListRecords pages; sitemap: sitemaps read */
    unsigned long entries;      /* OAI: records listed; sitemap: page URLs listed */
    unsigned long written;      /* files written, new or changed */
    unsigned long unchanged;    /* up to date: 304, same lastmod or same bytes */
    unsigned long removed;      /* files removed: deleted records, pages gone */
    unsigned long deleted;      /* OAI: records listed as deleted */
    unsigned long disallowed;   /* sitemap: pages robots.txt keeps us from */
    unsigned long refused;      /* sitemap: another host, or a redirect to one */
    unsigned long skipped;      /* sitemap: not an HTML page */
    unsigned long failed;       /* records or pages that could not be had */
    int ok;                     /* the source was harvested whole */
    char from[64];              /* OAI: the from= sent, "" for a full harvest */
    char until[64];             /* OAI: the last datestamp seen, next from= */
    char error[1024];           /* why the source failed ("URL: reason") */
} ix_source_result_t;

/* A source with every limit at its default (kind, url and into set). */
void ix_source_init(ix_source_t *s, ix_source_kind_t kind, const char *url, const char *into);

/* Set the option named key ("delay", "timeout", "connect-timeout",
 * "retries", "backoff", "max-retry-wait", "max-pages", "max-bytes",
 * "max-response", "set", "metadata-prefix", "into") to value; value is
 * borrowed.  The same names serve `--key value` on the command line and
 * `key=value` in a harvest configuration.  Returns 0; 1 when key is no
 * option's name; -1 with err set ("--delay: ...") when the value is bad. */
int ix_source_set(ix_source_t *s, const char *key, const char *value, char *err, size_t errlen);

/* Tell a problem of a harvest on stderr ("polis-indexer: harvest: ..."),
 * and when it counts against the source (counts non-zero), keep the first
 * such as r->error, the reason the summary gives. */
void ix_source_tell(ix_source_result_t *r, int counts, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
