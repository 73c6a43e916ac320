/* render.h — what the files of the server-rendered page share.
 *
 * page.c answers GET / and GET /search: it reads the parameters and runs the
 * search through api/search.c (the very code of /api/search), then hands
 * the result and its hits, decoded once (api/hit.h) as for the JSON answer,
 * to the renderers: filters.c (the filter column) and results.c (status
 * line, spelling, hits, pagination).  Every string they write goes through
 * htmlenc.c's escapers; links.c writes the links to the other states of
 * the page.
 */
#ifndef SD_PAGE_RENDER_H
#define SD_PAGE_RENDER_H

#include <stddef.h>

#include "api/handle.h"
#include "api/hit.h"
#include "api/params.h"
#include "http/http.h"
#include "page/htmlenc.h"
#include "polis/index.h"

/* French typography: a no-break space inside « » and before ? : ; !, and a
 * narrow one between thousands. */
#define NBSP  "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"

/* Facets the page shows, in this order. */
#define SD_PAGE_FACETS 4

/* One request's state of the page. */
typedef struct {
    sd_http_ctx_t *ctx;
    const sd_params_t *p; /* validated parameters (p->q may be "") */
    const char *from_raw; /* from and to as typed, "" when absent */
    const char *to_raw;
    const char *sort_raw;         /* "" when absent */
    const char *per_page_raw;     /* "" when absent */
    const polis_result_t *result; /* NULL on error */
    const sd_hit_t *hits;         /* the result's hits (api/hit.h) */
    size_t n_hits;
    sd_handle_t *handle; /* the thread's index handle (theme labels), or NULL */
    const char *error;   /* French message for a failed search, or NULL */
    unsigned max_page;   /* deepest page the daemon serves */
} sd_page_t;

/* A change to the current state, for a link to another state. */
typedef struct {
    const char *q;          /* new text, NULL: keep */
    unsigned page;          /* page of the link; 0 or 1: the first */
    int drop_facet;         /* facet to remove a value from, -1: none */
    const char *drop_value; /* ... that value */
    int add_facet;          /* facet to add a value to, -1: none */
    const char *add_value;
    int clear_filters; /* drop every filter and the date range */
    int clear_dates;   /* drop from and to */
} sd_page_change_t;

/* A change that changes nothing (then set the fields wanted). */
sd_page_change_t sd_page_nochange(void);

/* Append the URL of the state st + change ("/search?q=...&amp;theme=..."),
 * escaped for a double-quoted attribute. */
void sd_page_url(sd_htmlenc_t *b, const sd_page_t *st, const sd_page_change_t *change);

/* Non-zero when value is one of the filter values of facet in st. */
int sd_page_has_filter(const sd_page_t *st, int facet, const char *value);

/* Number of active filters, the date range counting as one. */
unsigned sd_page_filter_count(const sd_page_t *st);

/* French display name of a facet value: label when given (the answer's),
 * else the theme's label from the index, the kind's French name, or the
 * value itself.  A label from the index lives until the next lookup: use
 * it at once. */
const char *sd_page_value_label(const sd_page_t *st, int facet, const char *value,
                                const char *label);

/* Append a date "2017-10-25" (or "2017-10", "2017") in French words
 * ("25 octobre 2017"), escaped. */
void sd_page_date(sd_htmlenc_t *b, const char *iso);

/* The filter column: one fieldset of checkboxes with counts per facet, the
 * date range, the apply button. */
void sd_page_filters(sd_htmlenc_t *b, const sd_page_t *st);

/* The results column: status line (aria-live), spelling, active filters,
 * sort, hits, pagination, or the empty state or the error. */
void sd_page_results(sd_htmlenc_t *b, const sd_page_t *st);

#endif
