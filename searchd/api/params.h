/* params.h — the parameters of a search: /api/search's vocabulary.
 *
 * What q, the facet filters, from and to, sort, page, per_page, facets and
 * format may be, on top of the query-parameter reader (http/query.h), which
 * makes the checks every route shares.  sd_params_read() reads a request;
 * under it the pure steps (no libmicrohttpd, no index): every decoded
 * (key, value) pair goes to sd_params_add() and the raw query string to
 * sd_params_check_raw(); tests/unit/test_params.c drives them without a
 * server.
 *
 * Values are not copied: a sd_params_t points into the strings it
 * was given, which must outlive it (libmicrohttpd keeps them for the request).
 */
#ifndef SD_API_PARAMS_H
#define SD_API_PARAMS_H

#include <stddef.h>

#include "http/http.h"
#include "polis/doc.h"
#include "polis/index.h"

/* Values accepted for one facet filter (theme=a&theme=b...). */
#define SD_PARAMS_MAX_VALUES 32
/* Longest facet filter value, in bytes. */
#define SD_PARAMS_MAX_VALUE_BYTES 256
/* Room for an error message ("per_page: must be an integer from 1 to 100"). */
#define SD_PARAMS_MSG 200

/* The limits the daemon was started with. */
typedef struct {
    size_t max_query_bytes;    /* longest q */
    unsigned default_per_page; /* per_page when not given */
    unsigned max_per_page;     /* largest per_page */
    unsigned max_page;         /* deepest page */
} sd_params_limits_t;

/* What /api/search answers in (format=). */
typedef enum {
    SD_PARAMS_JSON = 0,
    SD_PARAMS_CSV,    /* RFC 4180, a header row */
    SD_PARAMS_RIS,    /* RIS records for reference managers */
    SD_PARAMS_CSV_FR, /* csv-fr, or csv&excel=1: what French Excel opens (BOM, ';',
                       * French column names) */
    SD_PARAMS_BIBTEX, /* BibTeX entries (JabRef, Zotero, LaTeX) */
    SD_PARAMS_CSL     /* csl-json: CSL-JSON items (citation processors, Zotero) */
} sd_params_format_t;

/* A validated /api/search request. */
typedef struct {
    const char *q; /* "" when absent (browse all) */
    size_t q_len;
    const char *filters[POLIS_FACET_COUNT_][SD_PARAMS_MAX_VALUES];
    size_t n_filters[POLIS_FACET_COUNT_];
    unsigned page; /* 1-based */
    unsigned per_page;
    polis_sort_t sort;
    char from[9]; /* "YYYYMMDD", "" for an open end */
    char to[9];
    unsigned facets; /* bit (1u << facet) for each facet to count */
    sd_params_format_t format;
    int excel;                 /* excel=1 */
    unsigned seen;             /* single-valued parameters already given */
    char error[SD_PARAMS_MSG]; /* why the last call failed */
} sd_params_t;

/* Defaults: empty q, page 1, lim->default_per_page, relevance, the facets
 * theme, type, kind and year. */
void sd_params_init(sd_params_t *p, const sd_params_limits_t *lim);

/* Non-zero when the request named a page (page= or per_page=): an export
 * then gives that page only, else every hit up to --max-export. */
int sd_params_paged(const sd_params_t *p);

/* Name of a format as format= takes it ("csv-fr"...).  Static string. */
const char *sd_params_format_name(sd_params_format_t format);

/* Non-zero when key[0..key_len) is a parameter /api/search reads.  Others
 * (utm_source, partners' tracking) are ignored. */
int sd_params_known(const char *key, size_t key_len);

/* Take one decoded parameter.  value must be NUL-terminated at value_len (as
 * libmicrohttpd's are); it may be NULL ("?q" without '=').  Unknown keys are
 * ignored; empty values count as absent (forms send empty fields).  Returns 0, or -1 with p->error
 * set
 * ("<param>: <reason>"). */
int sd_params_add(sd_params_t *p, const sd_params_limits_t *lim, const char *key, size_t key_len,
                  const char *value, size_t value_len);

/* Checks across parameters (from after to).  0, or -1 with p->error set. */
int sd_params_finish(sd_params_t *p);

/* Check the percent-encoding of the raw query string (the part after '?'):
 * a known parameter whose value holds a '%' not followed by two hex digits
 * fails, because libmicrohttpd would pass such a value on undecoded.
 * 0, or -1 with p->error set. */
int sd_params_check_raw(sd_params_t *p, const char *query, size_t len);

/* Read and validate the query string of ctx into p, under the limits lim:
 * sd_params_init(), sd_params_check_raw(), sd_params_add() for each
 * parameter in order, sd_params_finish().  p's strings point into the
 * request and live as long as it.  0, or -1 with p->error set. */
int sd_params_read(sd_http_ctx_t *ctx, const sd_params_limits_t *lim, sd_params_t *p);

/* ---- Helpers, exposed for the unit tests ------------------------------- */

/* Parse a date "YYYY", "YYYY-MM" or "YYYY-MM-DD" to "YYYYMMDD" in out: the
 * first day of the period, or its last day when end_of_period is non-zero
 * ("2017" → 20170101 or 20171231; "2016-02" → 20160201 or 20160229).
 * Returns 0, or -1 when s is not such a date or the date does not exist. */
int sd_params_parse_date(const char *s, size_t len, int end_of_period, char out[9]);

/* "relevance", "date" (newest first) or "-date" (oldest first).  0 or -1. */
int sd_params_parse_sort(const char *s, size_t len, polis_sort_t *out);

/* Parse a comma list of facet names ("theme,year"; spaces around names and
 * empty items are skipped) into a bit mask.  Returns 0, or -1 with the
 * offending name copied (truncated, NUL-terminated) to bad. */
int sd_params_parse_facets(const char *s, size_t len, unsigned *mask, char *bad, size_t bad_size);

#endif
