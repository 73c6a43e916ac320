/* params.c — the parameters of a search: /api/search's vocabulary.
 *
 * Every message names the parameter first, so a partner's developer sees at
 * once which field of the form is wrong.  Nothing here allocates.
 */
#include "api/params.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "http/query.h"

/* Single-valued parameters; a second occurrence is an error rather than a
 * silent pick, so a broken form is noticed. */
enum {
    SEEN_Q = 1u << 0,
    SEEN_PAGE = 1u << 1,
    SEEN_PER_PAGE = 1u << 2,
    SEEN_SORT = 1u << 3,
    SEEN_FROM = 1u << 4,
    SEEN_TO = 1u << 5,
    SEEN_FACETS = 1u << 6,
    SEEN_FORMAT = 1u << 7,
    SEEN_EXCEL = 1u << 8
};

static const struct {
    const char *name;
    unsigned bit;
} singles[] = {
    { "q", SEEN_Q },           { "page", SEEN_PAGE },     { "per_page", SEEN_PER_PAGE },
    { "sort", SEEN_SORT },     { "from", SEEN_FROM },     { "to", SEEN_TO },
    { "facets", SEEN_FACETS }, { "format", SEEN_FORMAT }, { "excel", SEEN_EXCEL },
};

/* format=: the names, in the order of sd_params_format_t. */
static const char *const formats[] = { "json", "csv", "ris", "csv-fr", "bibtex", "csl-json" };

#define DEFAULT_FACETS                                                                             \
    ((1u << POLIS_FACET_THEME) | (1u << POLIS_FACET_TYPE) | (1u << POLIS_FACET_KIND) |             \
     (1u << POLIS_FACET_YEAR))

int sd_params_paged(const sd_params_t *p)
{
    return (p->seen & (SEEN_PAGE | SEEN_PER_PAGE)) != 0;
}

const char *sd_params_format_name(sd_params_format_t format)
{
    return (unsigned)format < sizeof formats / sizeof formats[0] ? formats[format] : "json";
}

static int key_is(const char *key, size_t key_len, const char *name)
{
    size_t n = strlen(name);
    return key_len == n && memcmp(key, name, n) == 0;
}

/* The facet a filter key names, or -1.  The key may hold NULs (%00), so it is
 * compared by length rather than handed to polis_facet_from_name() as is. */
static int filter_facet(const char *key, size_t key_len)
{
    for (int f = 0; f < POLIS_FACET_COUNT_; f++) {
        const char *name = polis_facet_name((polis_facet_t)f);
        if (name != NULL && key_is(key, key_len, name))
            return f;
    }
    return -1;
}

static unsigned single_bit(const char *key, size_t key_len)
{
    for (size_t i = 0; i < sizeof singles / sizeof singles[0]; i++) {
        if (key_is(key, key_len, singles[i].name))
            return singles[i].bit;
    }
    return 0;
}

/* Write "<param>: <reason>" into p->error and return -1, so callers can
 * `return fail(...)`. */
static int fail(sd_params_t *p, const char *key, size_t key_len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(sd_params_t *p, const char *key, size_t key_len, const char *fmt, ...)
{
    int n = snprintf(p->error, sizeof p->error, "%.*s: ", (int)key_len, key);
    if (n < 0 || (size_t)n >= sizeof p->error)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(p->error + n, sizeof p->error - (size_t)n, fmt, ap);
    va_end(ap);
    if (m < 0)
        p->error[n] = '\0';
    return -1;
}

/* Copy at most size - 1 bytes of s[0..len) to out without cutting a UTF-8
 * sequence in half, so an echoed value stays valid UTF-8. */
static void copy_truncated(char *out, size_t size, const char *s, size_t len)
{
    if (size == 0)
        return;
    size_t n = len < size - 1 ? len : size - 1;
    if (n < len) {
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out, s, n);
    out[n] = '\0';
}

void sd_params_init(sd_params_t *p, const sd_params_limits_t *lim)
{
    memset(p, 0, sizeof *p);
    p->q = "";
    p->page = 1;
    p->per_page = lim->default_per_page;
    p->sort = POLIS_SORT_RELEVANCE;
    p->facets = DEFAULT_FACETS;
}

int sd_params_known(const char *key, size_t key_len)
{
    return single_bit(key, key_len) != 0 || filter_facet(key, key_len) >= 0;
}

static unsigned days_in_month(unsigned year, unsigned month)
{
    static const unsigned days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

int sd_params_parse_date(const char *s, size_t len, int end_of_period, char out[9])
{
    unsigned year, month, day;
    if (len != 4 && len != 7 && len != 10)
        return -1;
    if (sd_query_digits(s, 4, &year) != 0 || year == 0)
        return -1;
    if (len == 4) {
        month = end_of_period ? 12 : 1;
    } else {
        if (s[4] != '-' || sd_query_digits(s + 5, 2, &month) != 0 || month < 1 || month > 12)
            return -1;
    }
    if (len == 10) {
        if (s[7] != '-' || sd_query_digits(s + 8, 2, &day) != 0 || day < 1 ||
            day > days_in_month(year, month))
            return -1;
    } else {
        day = end_of_period ? days_in_month(year, month) : 1;
    }
    /* The widths are fixed (year <= 9999), so the 9 bytes always suffice. */
    int n = snprintf(out, 9, "%04u%02u%02u", year, month, day);
    return n == 8 ? 0 : -1;
}

int sd_params_parse_sort(const char *s, size_t len, polis_sort_t *out)
{
    if (key_is(s, len, "relevance"))
        *out = POLIS_SORT_RELEVANCE;
    else if (key_is(s, len, "date"))
        *out = POLIS_SORT_DATE_DESC;
    else if (key_is(s, len, "-date"))
        *out = POLIS_SORT_DATE_ASC;
    else
        return -1;
    return 0;
}

int sd_params_parse_facets(const char *s, size_t len, unsigned *mask, char *bad, size_t bad_size)
{
    unsigned m = 0;
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        while (i < len && s[i] != ',')
            i++;
        size_t end = i;
        while (start < end && s[start] == ' ')
            start++;
        while (end > start && s[end - 1] == ' ')
            end--;
        if (end > start) {
            int f = filter_facet(s + start, end - start);
            if (f < 0) {
                copy_truncated(bad, bad_size, s + start, end - start);
                return -1;
            }
            m |= 1u << f;
        }
        i++; /* skip the comma */
    }
    *mask = m;
    return 0;
}

static int known(void *cls, const char *name, size_t len)
{
    (void)cls;
    return sd_params_known(name, len);
}

int sd_params_check_raw(sd_params_t *p, const char *query, size_t len)
{
    return sd_query_check_escapes(query, len, known, NULL, p->error);
}

/* Validate one filter value for its facet.  Free-text facets only get a
 * length bound; kind and year have closed forms worth checking, so a typo
 * gets a 400 instead of an empty result. */
static int check_filter(sd_params_t *p, int facet, const char *key, size_t key_len, const char *v,
                        size_t len)
{
    if (len > SD_PARAMS_MAX_VALUE_BYTES)
        return fail(p, key, key_len, "longer than %d bytes", SD_PARAMS_MAX_VALUE_BYTES);
    if (facet == POLIS_FACET_KIND && polis_kind_from_name(v) == POLIS_KIND_UNKNOWN)
        return fail(p, key, key_len, "must be one of recap, news, page, bibliography, reference");
    if (facet == POLIS_FACET_YEAR) {
        unsigned year;
        if (len != 4 || sd_query_digits(v, 4, &year) != 0)
            return fail(p, key, key_len, "must be a year (YYYY)");
    }
    if (p->n_filters[facet] >= SD_PARAMS_MAX_VALUES)
        return fail(p, key, key_len, "more than %d values", SD_PARAMS_MAX_VALUES);
    p->filters[facet][p->n_filters[facet]++] = v;
    return 0;
}

int sd_params_add(sd_params_t *p, const sd_params_limits_t *lim, const char *key, size_t key_len,
                  const char *value, size_t value_len)
{
    unsigned bit = single_bit(key, key_len);
    int facet = filter_facet(key, key_len);
    if (bit == 0 && facet < 0)
        return 0;
    if (value == NULL)
        value_len = 0;
    /* Values reach the index and the JSON answer as C strings, so a NUL
     * (%00) would silently cut them: refuse it with the invalid UTF-8. */
    if (value_len > 0 && !sd_query_text_ok(value, value_len))
        return fail(p, key, key_len, "not valid UTF-8 text");
    if (bit != 0) {
        if (p->seen & bit)
            return fail(p, key, key_len, "given more than once");
        p->seen |= bit;
    }
    /* `facets=` means "count none"; for every other parameter an empty
     * value is what an untouched form field sends, so it means "not given". */
    if (value_len == 0 && bit != SEEN_FACETS)
        return 0;

    if (facet >= 0)
        return check_filter(p, facet, key, key_len, value, value_len);
    switch (bit) {
    case SEEN_Q:
        if (value_len > lim->max_query_bytes)
            return fail(p, key, key_len, "longer than %zu bytes", lim->max_query_bytes);
        p->q = value;
        p->q_len = value_len;
        return 0;
    case SEEN_PAGE:
        if (sd_query_parse_uint(value, value_len, 1, lim->max_page, &p->page) != 0)
            return fail(p, key, key_len, "must be an integer from 1 to %u", lim->max_page);
        return 0;
    case SEEN_PER_PAGE:
        if (sd_query_parse_uint(value, value_len, 1, lim->max_per_page, &p->per_page) != 0)
            return fail(p, key, key_len, "must be an integer from 1 to %u", lim->max_per_page);
        return 0;
    case SEEN_SORT:
        if (sd_params_parse_sort(value, value_len, &p->sort) != 0)
            return fail(p, key, key_len, "must be relevance, date or -date");
        return 0;
    case SEEN_FROM:
    case SEEN_TO:
        if (sd_params_parse_date(value, value_len, bit == SEEN_TO,
                                 bit == SEEN_TO ? p->to : p->from) != 0)
            return fail(p, key, key_len, "must be a date YYYY, YYYY-MM or YYYY-MM-DD");
        return 0;
    case SEEN_FACETS: {
        char bad[40];
        if (sd_params_parse_facets(value, value_len, &p->facets, bad, sizeof bad) != 0)
            return fail(p, key, key_len,
                        "'%s' is not one of theme, type, kind, year, place, author", bad);
        return 0;
    }
    case SEEN_FORMAT:
        for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
            if (key_is(value, value_len, formats[i])) {
                p->format = (sd_params_format_t)i;
                return 0;
            }
        return fail(p, key, key_len, "must be json, csv, csv-fr, ris, bibtex or csl-json");
    case SEEN_EXCEL:
        if (key_is(value, value_len, "1"))
            p->excel = 1;
        else if (!key_is(value, value_len, "0"))
            return fail(p, key, key_len, "must be 0 or 1");
        return 0;
    default: return 0;
    }
}

int sd_params_finish(sd_params_t *p)
{
    if (p->from[0] != '\0' && p->to[0] != '\0' && strcmp(p->from, p->to) > 0)
        return fail(p, "from", 4, "later than to");
    /* excel=1: the CSV that French Excel opens (csv-fr). */
    if (p->excel && p->format == SD_PARAMS_CSV)
        p->format = SD_PARAMS_CSV_FR;
    return 0;
}

typedef struct {
    sd_params_t *p;
    const sd_params_limits_t *lim;
} read_t;

static int take(void *cls, const char *name, size_t name_len, const char *value, size_t value_len)
{
    read_t *r = cls;
    /* The first error is the one reported. */
    return sd_params_add(r->p, r->lim, name, name_len, value, value_len);
}

int sd_params_read(sd_http_ctx_t *ctx, const sd_params_limits_t *lim, sd_params_t *p)
{
    sd_params_init(p, lim);
    if (sd_params_check_raw(p, ctx->query, ctx->query_len) != 0)
        return -1;
    read_t r = { p, lim };
    if (sd_query_each(ctx, take, &r) != 0)
        return -1;
    return sd_params_finish(p);
}
