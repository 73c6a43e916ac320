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

/* Fieldsets of facets the page shows (the type facet is two: the types of
 * the references, "type de document", and the others, "type d'actualité"). */
#define SD_PAGE_FACETS 5

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
    sd_handle_t *handle;           /* the thread's index handle (theme labels), or NULL */
    const char *error;             /* French message for a failed search, or NULL */
    const polis_strv_t *doc_types; /* the type values of the references the search
                                    * finds ("Article", "Ouvrage"...), or NULL */
    unsigned max_page;             /* deepest page the daemon serves */
} sd_page_t;

/* A change to the current state, for a link to another state. */
typedef struct {
    const char *q;          /* new text, NULL: keep */
    unsigned page;          /* page of the link; 0 or 1: the first */
    int drop_facet;         /* facet to remove a value from, -1: none */
    const char *drop_value; /* ... that value, as resolved (sd_page_filter_value()) */
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

/* Append the URL of the state st's search (its words, filters, dates and
 * sort; not its page) at another path: "/api/search" with a format for an
 * export, "/feed.atom" (format NULL) for its feed.  Escaped for a
 * double-quoted attribute. */
void sd_page_export_url(sd_htmlenc_t *b, const sd_page_t *st, const char *path, const char *format);

/* Non-zero when value is one of the filter values of facet in st, as the
 * search resolved them (sd_page_filter_value()). */
int sd_page_has_filter(const sd_page_t *st, int facet, const char *value);

/* The i-th filter of facet (i < st->p->n_filters[facet]) as the value the
 * search resolved it to (polis_result_filter(): "Actu de l'IREV" for
 * type=actu de l irev), or as the request gave it when there is no result.
 * Boxes are ticked, and chips named and removed, by it: a filter typed
 * otherwise ticks its value's box rather than one of its own, and two
 * spellings of one value are one chip.  Belongs to st. */
const char *sd_page_filter_value(const sd_page_t *st, int facet, size_t i);

/* Non-zero when the i-th filter of facet names the value of an earlier one
 * (given twice, or spelt two ways). */
int sd_page_filter_repeats(const sd_page_t *st, int facet, size_t i);

/* Number of active filters, the date range counting as one. */
unsigned sd_page_filter_count(const sd_page_t *st);

/* French display name of a facet value: label when given (the answer's),
 * else the theme's label from the index, the kind's French name, or the
 * value itself.  A label from the index lives until the next lookup: use
 * it at once. */
const char *sd_page_value_label(const sd_page_t *st, int facet, const char *value,
                                const char *label);

/* Non-zero for a call for projects or for applications ("Appel à
 * projets", "Appels à manifestation d'intérêt"): its event date is a
 * deadline, "Date limite". */
int sd_page_is_call(const polis_doc_t *doc);

/* Append the authors of doc as written, joined by ", ", each a link to the
 * search of that author (the author facet's value). */
void sd_page_authors(sd_htmlenc_t *b, const polis_doc_t *doc);

/* Append a date "2017-10-25" (or "2017-10", "2017") in French words
 * ("25 octobre 2017"), escaped. */
void sd_page_date(sd_htmlenc_t *b, const char *iso);

/* The document's head, from the doctype to </head>: title (text; "" for
 * none) before the site's name, the stylesheet, the icon, OpenSearch, the
 * Atom feed of st's search as rel="alternate", app.js. */
void sd_page_head(sd_htmlenc_t *b, const sd_page_t *st, const char *title);

/* The top bar: the site's name and the search box, filled with st's words. */
void sd_page_search_box(sd_htmlenc_t *b, const sd_page_t *st);

/* The footer: st's search as JSON (or, doc_id not NULL, that document's
 * JSON), OpenSearch, the widget. */
void sd_page_footer(sd_htmlenc_t *b, const sd_page_t *st, const char *doc_id);

/* French for an English message of the shim or of the parameters' checks
 * (api/params.h): "the quote (\") at character 1 is never closed" →
 * "le guillemet (\") du caractère 1 n’est jamais fermé".  Writes it to out
 * and returns 1; a message it does not know gives a general French
 * sentence and 0.  out is always NUL-terminated. */
int sd_page_french(const char *english, char *out, size_t size);

/* The notice of a document, GET /doc/{id} (notice.c): its fields, the
 * bibliography it belongs to or the references it lists, "Citer" (ISO 690)
 * and its exports.  404 with a French page for an unknown id. */
enum MHD_Result sd_page_notice_handle(sd_http_ctx_t *ctx);

/* The filter column: one fieldset of checkboxes with counts per facet, the
 * date range, the apply button. */
void sd_page_filters(sd_htmlenc_t *b, const sd_page_t *st);

/* The results column: status line (aria-live), spelling, active filters,
 * sort, hits, pagination, or the empty state or the error. */
void sd_page_results(sd_htmlenc_t *b, const sd_page_t *st);

#endif
