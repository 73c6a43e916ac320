/* indexer/frdate.c — French dates to ISO strings.  See frdate.h.
 *
 * The text is cut into a few tokens (numbers, words, punctuation); only words
 * are folded, so the numeric parts never depend on what folding does to
 * punctuation.  Patterns are then matched over the tokens. */
#include "parse/frdate.h"

/* A "Publié le ..." line is shorter than this. */
#define PUBLISHED_MAX 96

#include <stdio.h>
#include <string.h>

#include "polis/text.h"

#define WORD_MAX   16  /* longest folded word worth comparing ("septembre") */
#define FOLD_MAX   256 /* bound of the folding buffer; words are short */
#define TOKENS_MAX 24  /* a date never needs more; longer input is not a date */

typedef enum { TOK_END = 0, TOK_NUM, TOK_WORD, TOK_PUNCT } tok_kind_t;

typedef struct {
    tok_kind_t kind;
    size_t start, end;   /* byte offsets in the scanned text */
    long num;            /* TOK_NUM: value, -1 when too many digits */
    int ndigits;         /* TOK_NUM: number of digits */
    char word[WORD_MAX]; /* TOK_WORD: folded form, "" when too long */
    char punct;          /* TOK_PUNCT: the ASCII character; dashes are '-' */
} tok_t;

static const char *const months[] = { "janvier",   "fevrier", "mars",     "avril",
                                      "mai",       "juin",    "juillet",  "aout",
                                      "septembre", "octobre", "novembre", "decembre" };

/* Abbreviations as printed in French dates ("25 oct. 2017"), with their month. */
static const struct {
    const char *word;
    int month;
} month_abbrevs[] = { { "janv", 1 }, { "fev", 2 },  { "fevr", 2 }, { "avr", 4 }, { "juil", 7 },
                      { "sept", 9 }, { "oct", 10 }, { "nov", 11 }, { "dec", 12 } };

static const char *const weekdays[] = { "lundi",    "mardi",  "mercredi", "jeudi",
                                        "vendredi", "samedi", "dimanche" };

int ix_frdate_valid(int year, int month, int day)
{
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1)
        return 0;
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int max = mdays[month - 1] + (month == 2 && leap ? 1 : 0);
    return day <= max;
}

/* Month number of a folded word, 0 when it is not a month; *abbrev is set
 * when the word is a short form that may be followed by a dot. */
static int month_of(const char *w, int *abbrev)
{
    *abbrev = 0;
    for (int i = 0; i < 12; i++)
        if (strcmp(w, months[i]) == 0)
            return i + 1;
    for (size_t i = 0; i < sizeof month_abbrevs / sizeof month_abbrevs[0]; i++)
        if (strcmp(w, month_abbrevs[i].word) == 0) {
            *abbrev = 1;
            return month_abbrevs[i].month;
        }
    return 0;
}

static int is_weekday(const char *w)
{
    for (int i = 0; i < 7; i++)
        if (strcmp(w, weekdays[i]) == 0)
            return 1;
    return 0;
}

/* Length of the space at s[i] (ASCII white space, no-break and thin spaces,
 * which French typography puts around ':' and inside dates), 0 if none. */
static size_t space_len(const char *s, size_t len, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return 1;
    if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0)
        return 2; /* U+00A0 */
    if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80) {
        unsigned char d = (unsigned char)s[i + 2];
        if (d == 0xAF || (d >= 0x80 && d <= 0x8A))
            return 3; /* U+202F and the U+2000..U+200A spaces */
    }
    return 0;
}

static int is_ascii_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Read the token at or after *pos into t and advance *pos past it.  fold is
 * scratch space for folding words.  Returns 0, or -1 when folding failed. */
static int next_token(const char *s, size_t len, size_t *pos, tok_t *t, polis_buf_t *fold)
{
    size_t i = *pos;
    memset(t, 0, sizeof *t);
    while (i < len) {
        size_t sp = space_len(s, len, i);
        if (sp == 0)
            break;
        i += sp;
    }
    t->start = i;
    if (i >= len) {
        t->kind = TOK_END;
        t->end = *pos = len;
        return 0;
    }
    unsigned char c = (unsigned char)s[i];
    if (is_digit(c)) {
        t->kind = TOK_NUM;
        while (i < len && is_digit((unsigned char)s[i])) {
            if (t->ndigits < 9)
                t->num = t->num * 10 + (s[i] - '0');
            t->ndigits++;
            i++;
        }
        if (t->ndigits >= 9)
            t->num = -1;
    } else if (is_ascii_alpha(c) || c >= 0x80) {
        while (i < len && space_len(s, len, i) == 0 &&
               (is_ascii_alpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80))
            i++;
        fold->len = 0;
        if (polis_text_fold(s + t->start, i - t->start, fold) != 0)
            return -1;
        t->kind = TOK_WORD;
        /* En and em dashes separate a date from its time as '-' does;
         * folding may or may not have lumped them into '-' already. */
        if (strcmp(fold->data, "-") == 0 || strcmp(fold->data, "\xe2\x80\x93") == 0 ||
            strcmp(fold->data, "\xe2\x80\x94") == 0) {
            t->kind = TOK_PUNCT;
            t->punct = '-';
        } else if (fold->len < WORD_MAX) {
            memcpy(t->word, fold->data, fold->len + 1);
        }
    } else {
        t->kind = TOK_PUNCT;
        t->punct = (char)c;
        i++;
    }
    t->end = *pos = i;
    return 0;
}

/* Cut s[pos..len) into at most max tokens (the last one TOK_END when the
 * text ends first).  Returns the number stored, or -1 when folding failed. */
static int tokenize(const char *s, size_t len, size_t pos, tok_t *toks, int max, polis_buf_t *fold)
{
    int n = 0;
    while (n < max) {
        if (next_token(s, len, &pos, &toks[n], fold) != 0)
            return -1;
        if (toks[n++].kind == TOK_END)
            break;
    }
    return n;
}

static int is_word(const tok_t *t, const char *w)
{
    return t->kind == TOK_WORD && strcmp(t->word, w) == 0;
}

static int is_punct(const tok_t *t, char c)
{
    return t->kind == TOK_PUNCT && t->punct == c;
}

static int is_num(const tok_t *t, int min_digits, int max_digits)
{
    return t->kind == TOK_NUM && t->ndigits >= min_digits && t->ndigits <= max_digits;
}

/* Match "day [er] month [.]" at toks[*p]; on success store the day and month
 * and advance *p. */
static int match_day_month(const tok_t *toks, int n, int *p, int *day, int *month)
{
    int i = *p, abbrev;
    if (i >= n || !is_num(&toks[i], 1, 2))
        return 0;
    *day = (int)toks[i++].num;
    if (i < n && is_word(&toks[i], "er") && toks[i].start == toks[i - 1].end)
        i++;
    if (i >= n || toks[i].kind != TOK_WORD)
        return 0;
    *month = month_of(toks[i].word, &abbrev);
    if (!*month)
        return 0;
    i++;
    if (abbrev && i < n && is_punct(&toks[i], '.'))
        i++;
    *p = i;
    return 1;
}

/* Match an optional time "[- | à | ,] HH:MM[:SS]" or "HHhMM" / "HHh" at
 * toks[*p].  Returns 1 and advances *p when one is there (hour and minute
 * stored), 0 when not, -1 when one starts but is not a valid time. */
static int match_time(const tok_t *toks, int n, int *p, int *hour, int *minute)
{
    int i = *p;
    if (i < n && (is_punct(&toks[i], '-') || is_punct(&toks[i], ',') || is_word(&toks[i], "a")))
        i++;
    if (i >= n || !is_num(&toks[i], 1, 2))
        return i == *p ? 0 : -1;
    *hour = (int)toks[i++].num;
    *minute = 0;
    if (i + 1 < n && (is_punct(&toks[i], ':') || is_word(&toks[i], "h")) &&
        is_num(&toks[i + 1], 2, 2)) {
        *minute = (int)toks[i + 1].num;
        i += 2;
        if (i + 1 < n && is_punct(&toks[i], ':') && is_num(&toks[i + 1], 2, 2))
            i += 2; /* seconds, dropped */
    } else if (i < n && is_word(&toks[i], "h")) {
        i++;
    } else {
        return -1;
    }
    if (*hour > 23 || *minute > 59)
        return -1;
    *p = i;
    return 1;
}

static int digits_at(const char *s, size_t len, size_t i, size_t n)
{
    if (i + n > len)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (!is_digit((unsigned char)s[i + k]))
            return 0;
    return 1;
}

static int num_at(const char *s, size_t i, size_t n)
{
    int v = 0;
    for (size_t k = 0; k < n; k++)
        v = v * 10 + (s[i + k] - '0');
    return v;
}

/* Read "YYYY-MM-DD" at s[i]; returns 1 and the parts when it is a real date
 * not glued to more digits. */
static int iso_at(const char *s, size_t len, size_t i, int *y, int *m, int *d)
{
    if (!digits_at(s, len, i, 4) || i + 10 > len || s[i + 4] != '-' || s[i + 7] != '-' ||
        !digits_at(s, len, i + 5, 2) || !digits_at(s, len, i + 8, 2))
        return 0;
    if (i + 10 < len && is_digit((unsigned char)s[i + 10]))
        return 0;
    *y = num_at(s, i, 4);
    *m = num_at(s, i + 5, 2);
    *d = num_at(s, i + 8, 2);
    return ix_frdate_valid(*y, *m, *d);
}

/* Whether s[0..len) is an ISO 8601 time suffix: "[T| ]HH:MM[:SS[.f]][Z|±HH[:]MM]". */
static int iso_time_suffix(const char *s, size_t len)
{
    size_t i = 0;
    if (len == 0)
        return 1;
    if (s[0] != 'T' && s[0] != ' ')
        return 0;
    i = 1;
    if (!digits_at(s, len, i, 2) || i + 5 > len || s[i + 2] != ':' || !digits_at(s, len, i + 3, 2))
        return 0;
    if (num_at(s, i, 2) > 23 || num_at(s, i + 3, 2) > 59)
        return 0;
    i += 5;
    if (i < len && s[i] == ':') {
        if (!digits_at(s, len, i + 1, 2))
            return 0;
        i += 3;
        if (i < len && s[i] == '.') {
            i++;
            while (i < len && is_digit((unsigned char)s[i]))
                i++;
        }
    }
    if (i < len && s[i] == 'Z')
        i++;
    else if (i < len && (s[i] == '+' || s[i] == '-')) {
        i++;
        if (!digits_at(s, len, i, 2))
            return 0;
        i += 2;
        if (i < len && s[i] == ':')
            i++;
        if (!digits_at(s, len, i, 2))
            return 0;
        i += 2;
    }
    return i == len;
}

static void put_date(char out[IX_FRDATE_SIZE], int y, int m, int d)
{
    snprintf(out, IX_FRDATE_SIZE, "%04d-%02d-%02d", y, m, d);
}

/* The token patterns of ix_frdate_parse(), on a trimmed string. */
static int parse_tokens(const tok_t *toks, int n, char out[IX_FRDATE_SIZE])
{
    int p = 0, day, month, year, hour = 0, minute = 0, t;
    if (p < n && is_word(&toks[p], "le"))
        p++;
    if (p < n && toks[p].kind == TOK_WORD && is_weekday(toks[p].word)) {
        p++;
        if (p < n && is_punct(&toks[p], ','))
            p++;
    }
    if (p + 4 < n && is_num(&toks[p], 1, 2) && is_punct(&toks[p + 1], '/') &&
        is_num(&toks[p + 2], 1, 2) && is_punct(&toks[p + 3], '/') && is_num(&toks[p + 4], 4, 4)) {
        day = (int)toks[p].num;
        month = (int)toks[p + 2].num;
        year = (int)toks[p + 4].num;
        p += 5;
        t = match_time(toks, n, &p, &hour, &minute);
        if (t < 0 || p >= n || toks[p].kind != TOK_END || !ix_frdate_valid(year, month, day))
            return -1;
        if (t == 1)
            snprintf(out, IX_FRDATE_SIZE, "%04d-%02d-%02dT%02d:%02d", year, month, day, hour,
                     minute);
        else
            put_date(out, year, month, day);
        return 0;
    }
    if (!match_day_month(toks, n, &p, &day, &month))
        return -1;
    if (p >= n || !is_num(&toks[p], 4, 4))
        return -1;
    year = (int)toks[p++].num;
    t = match_time(toks, n, &p, &hour, &minute);
    if (t < 0 || p >= n || toks[p].kind != TOK_END || !ix_frdate_valid(year, month, day))
        return -1;
    put_date(out, year, month, day);
    return 0;
}

int ix_frdate_parse(const char *s, size_t len, char out[IX_FRDATE_SIZE])
{
    tok_t toks[TOKENS_MAX];
    polis_buf_t fold = { .max = FOLD_MAX };
    int y, m, d, rc = -1;
    out[0] = '\0';
    if (!s)
        return -1;
    while (len > 0) {
        size_t sp = space_len(s, len, 0);
        if (sp == 0)
            break;
        s += sp;
        len -= sp;
    }
    while (len > 0 &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    if (len == 0)
        return -1;
    if (iso_at(s, len, 0, &y, &m, &d)) {
        if (!iso_time_suffix(s + 10, len - 10))
            return -1;
        put_date(out, y, m, d);
        return 0;
    }
    int n = tokenize(s, len, 0, toks, TOKENS_MAX, &fold);
    /* A full token array means the text went on past any date form. */
    if (n > 0 && n < TOKENS_MAX)
        rc = parse_tokens(toks, n, out);
    polis_buf_free(&fold);
    if (rc != 0)
        out[0] = '\0';
    return rc;
}

/* Match a date of running text starting with the number toks[0]: "day month
 * year", "dd/mm/yyyy", or the first day of a list or range ("3 au 5 juin
 * 2019", "3, 4 et 5 juin", "28 décembre au 3 janvier 2019").  Returns 1 and
 * writes out on a real date. */
static int match_running(const tok_t *toks, int n, char out[IX_FRDATE_SIZE])
{
    int p = 0, day, month, day2, month2, year;
    if (n >= 5 && is_num(&toks[0], 1, 2) && is_punct(&toks[1], '/') && is_num(&toks[2], 1, 2) &&
        is_punct(&toks[3], '/') && is_num(&toks[4], 4, 4)) {
        day = (int)toks[0].num;
        month = (int)toks[2].num;
        year = (int)toks[4].num;
        if (!ix_frdate_valid(year, month, day))
            return 0;
        put_date(out, year, month, day);
        return 1;
    }
    if (match_day_month(toks, n, &p, &day, &month)) {
        month2 = month;
        if (p < n && (is_word(&toks[p], "au") || is_punct(&toks[p], '-'))) {
            int q = p + 1;
            if (match_day_month(toks, n, &q, &day2, &month2))
                p = q; /* "28 décembre au 3 janvier 2019" */
        }
        if (p >= n || !is_num(&toks[p], 4, 4))
            return 0;
        year = (int)toks[p].num;
        if (month > month2)
            year--;
    } else {
        /* "3 au 5 juin 2019", "3, 4 et 5 juin 2019": the month comes later. */
        if (!is_num(&toks[0], 1, 2))
            return 0;
        day = (int)toks[0].num;
        p = 1;
        if (p < n && is_word(&toks[p], "er") && toks[p].start == toks[p - 1].end)
            p++;
        int seps = 0;
        while (seps < 6 && p + 1 < n &&
               (is_word(&toks[p], "au") || is_word(&toks[p], "et") || is_word(&toks[p], "a") ||
                is_punct(&toks[p], '-') || is_punct(&toks[p], ',') || is_punct(&toks[p], '&'))) {
            int q = p + 1;
            if (match_day_month(toks, n, &q, &day2, &month)) {
                if (q >= n || !is_num(&toks[q], 4, 4))
                    return 0;
                year = (int)toks[q].num;
                if (!ix_frdate_valid(year, month, day) || !ix_frdate_valid(year, month, day2))
                    return 0;
                put_date(out, year, month, day);
                return 1;
            }
            if (!is_num(&toks[q], 1, 2))
                return 0;
            p = q + 1;
            seps++;
        }
        return 0;
    }
    if (!ix_frdate_valid(year, month, day))
        return 0;
    put_date(out, year, month, day);
    return 1;
}

int ix_frdate_find(const char *text, size_t len, char out[IX_FRDATE_SIZE])
{
    tok_t toks[TOKENS_MAX];
    polis_buf_t fold = { .max = FOLD_MAX };
    int rc = -1, y, m, d;
    out[0] = '\0';
    if (!text)
        return -1;
    for (size_t i = 0; i < len && rc != 0; i++) {
        unsigned char c = (unsigned char)text[i];
        if (!is_digit(c))
            continue;
        if (i > 0) {
            unsigned char prev = (unsigned char)text[i - 1];
            if (is_digit(prev) || is_ascii_alpha(prev))
                continue; /* inside a number or a word such as "A16" */
        }
        if (iso_at(text, len, i, &y, &m, &d)) {
            put_date(out, y, m, d);
            rc = 0;
            break;
        }
        int n = tokenize(text, len, i, toks, 12, &fold);
        if (n < 0)
            break;
        if (match_running(toks, n, out))
            rc = 0;
    }
    polis_buf_free(&fold);
    if (rc != 0)
        out[0] = '\0';
    return rc;
}

int ix_frdate_published(const char *s, size_t len, char out[IX_FRDATE_SIZE])
{
    size_t pos = 0, a, b;
    out[0] = '\0';
    while (len > 0 && (*s == ' ' || *s == '*' || *s == '_'))
        s++, len--;
    if (len > PUBLISHED_MAX)
        return 0;
    polis_buf_t slug = { .max = 4 * PUBLISHED_MAX };
    int is =
        polis_text_slug(s, len, &slug) == 0 && slug.data &&
        (strncmp(slug.data, "publie-le-", 10) == 0 || strncmp(slug.data, "publiee-le-", 11) == 0 ||
         strncmp(slug.data, "mis-en-ligne-le-", 16) == 0);
    polis_buf_free(&slug);
    if (!is)
        return 0;
    for (int w = 0; w < 4 && polis_text_next_word(s, len, &pos, &a, &b); w++)
        if (b - a == 2 && strncmp(s + a, "le", 2) == 0)
            break;
    if (ix_frdate_parse(s + pos, len - pos, out) != 0 &&
        ix_frdate_find(s + pos, len - pos, out) != 0)
        return 0;
    out[10] = '\0'; /* the day a page came out, not a time */
    return 1;
}
