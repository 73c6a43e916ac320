/* text.c — French folding on top of utf8proc; see polis/text.h. */
#include "polis/text.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- buffers ------------------------------------------------------------ */

void polis_buf_free(polis_buf_t *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

static int buf_reserve(polis_buf_t *b, size_t extra)
{
    if (extra > SIZE_MAX - 1 - b->len || (b->max && b->len + extra > b->max))
        return -1;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2)
            return -1;
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int polis_buf_append(polis_buf_t *b, const char *s, size_t len)
{
    if (buf_reserve(b, len) != 0)
        return -1;
    if (len)
        memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

int polis_grow(void **items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 16;
    if (ncap <= n || ncap > SIZE_MAX / size)
        return -1;
    void *p = realloc(*items, ncap * size);
    if (!p)
        return -1;
    *items = p;
    *cap = ncap;
    return 0;
}

int polis_buf_puts(polis_buf_t *b, const char *s)
{
    return polis_buf_append(b, s, strlen(s));
}

int polis_buf_printf(polis_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || buf_reserve(b, (size_t)n) != 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

/* ---- code points -------------------------------------------------------- */

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int polis_text_percent_byte(const char *s, size_t len, size_t i)
{
    if (i >= len || s[i] != '%' || len - i < 3)
        return -1;
    int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

int polis_text_valid_utf8(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t n = polis_text_utf8_decode(s + i, len - i, NULL);
        if (n == 0)
            return 0;
        i += n;
    }
    return 1;
}

size_t polis_text_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    if (len == 0)
        return 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_int32_t c = p[0];
    utf8proc_ssize_t n = 1;
    if (p[0] >= 0x80) /* ASCII needs no decoding */
        n = utf8proc_iterate(p, (utf8proc_ssize_t)(len < 4 ? len : 4), &c);
    if (n <= 0)
        return 0;
    if (cp != NULL)
        *cp = (uint32_t)c;
    return (size_t)n;
}

int polis_text_utf8_repair(const char *s, size_t len, polis_buf_t *out)
{
    size_t run = 0, i = 0; /* s[run..i) is valid and not written yet */
    while (i < len) {
        size_t n = polis_text_utf8_decode(s + i, len - i, NULL);
        if (n != 0) {
            i += n;
            continue;
        }
        if (polis_buf_append(out, s + run, i - run) != 0 ||
            polis_buf_append(out, "\xEF\xBF\xBD", 3) != 0)
            return -1;
        run = ++i;
    }
    return polis_buf_append(out, s + run, len - run);
}

uint64_t polis_text_hash64(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a's offset basis and prime */
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3u;
    }
    return h;
}

static int isalnum_ascii(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int is_apostrophe(utf8proc_int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == 0x2032 ||
           cp == 0x00B4 || cp == 0x0060;
}

static int is_word_cp(utf8proc_int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return 1;
    default: return 0;
    }
}

static int put_cp(polis_buf_t *out, utf8proc_int32_t cp)
{
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t n = utf8proc_encode_char(cp, enc);
    return n > 0 ? polis_buf_append(out, (const char *)enc, (size_t)n) : 0;
}

static const char *const elisions[] = { "l", "d",  "j",     "m",      "n",      "s",      "t",
                                        "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", NULL };

int polis_text_is_elision(const char *w, size_t len)
{
    for (size_t i = 0; elisions[i]; i++)
        if (strlen(elisions[i]) == len && memcmp(elisions[i], w, len) == 0)
            return 1;
    return 0;
}

int polis_text_drop_elisions(const char *s, size_t len, polis_buf_t *out)
{
    size_t pos = 0, b = 0, e = 0, nb = 0, ne = 0;
    int dropped = 0, more = polis_text_next_word(s, len, &pos, &b, &e), first = 1;
    while (more) {
        more = polis_text_next_word(s, len, &pos, &nb, &ne);
        /* Folding takes the accents off Latin letters, so a vowel or an h
         * that starts a word is one of these bytes: the letter was elided
         * before it.  Before a consonant or a digit ("l 2121") it was not,
         * and is a word of its own. */
        if (more && polis_text_is_elision(s + b, e - b) && strchr("aeiouyh", s[nb])) {
            dropped++;
        } else {
            if ((!first && polis_buf_append(out, " ", 1) != 0) ||
                polis_buf_append(out, s + b, e - b) != 0)
                return -1;
            first = 0;
        }
        b = nb;
        e = ne;
    }
    return dropped;
}

/* Words too common in French to help a search, folded, in byte order (for
 * bsearch).  The query parser drops them outside phrases and highlighting
 * skips them (shim/schema.cc); the question words of a need typed as a
 * question ("comment evaluer un contrat de ville") are among them, as the
 * answer rarely repeats them. */
static const char *const stop_words[] = {
    "a",     "ai",      "au",   "aux",  "avec",    "c",    "ce",     "ces",   "cet",   "cette",
    "combien", "comment", "d",  "dans", "de",      "des",  "du",     "elle",  "elles", "en",
    "est",   "et",      "etait", "ete", "etre",    "eu",   "il",     "ils",   "j",     "je",
    "l",     "la",      "le",   "les",  "leur",    "leurs", "lui",   "m",     "ma",    "mais",
    "me",    "meme",    "mes",  "moi",  "mon",     "n",    "ne",     "nos",   "notre", "nous",
    "on",    "ont",     "ou",   "par",  "pas",     "pour", "pourquoi", "qu",  "que",   "quel",
    "quelle", "quelles", "quels", "qui", "s",      "sa",   "se",     "ses",   "son",   "sont",
    "sur",   "t",       "ta",   "te",   "tes",     "toi",  "ton",    "tu",    "un",    "une",
    "vos",   "votre",   "vous", "y",
};

typedef struct {
    const char *w;
    size_t len;
} word_t;

static int cmp_stop(const void *key, const void *elem)
{
    const word_t *k = key;
    const char *s = *(const char *const *)elem;
    size_t n = strlen(s);
    int c = memcmp(k->w, s, k->len < n ? k->len : n);
    return c != 0 ? c : (k->len > n) - (k->len < n);
}

int polis_text_is_stopword(const char *w, size_t len)
{
    word_t k = { w, len };
    return bsearch(&k, stop_words, sizeof stop_words / sizeof *stop_words, sizeof *stop_words,
                   cmp_stop) != NULL;
}

/* Folding state across calls of fold_span(): where the word being written
 * began in out, so an apostrophe can look back at it. */
typedef struct {
    size_t word_start;
} fold_state_t;

/* Fold one code point into out.  Word boundaries are tracked on the folded
 * side, where an elided particle is plain ASCII. */
static int fold_cp(utf8proc_int32_t cp, polis_buf_t *out, fold_state_t *st)
{
    if (is_apostrophe(cp)) {
        size_t wlen = out->len - st->word_start;
        if (wlen && polis_text_is_elision(out->data + st->word_start, wlen)) {
            out->len = st->word_start; /* drop "l" of "l'emploi" */
            out->data[out->len] = '\0';
            return 0;
        }
        st->word_start = out->len + 1;
        return polis_buf_append(out, " ", 1);
    }
    if (cp == 0x00AB || cp == 0x00BB || cp == 0x201C || cp == 0x201D || cp == 0x201E) {
        st->word_start = out->len + 1;
        return polis_buf_append(out, "\"", 1);
    }
    utf8proc_int32_t dec[16];
    utf8proc_int32_t boundclass = 0;
    utf8proc_ssize_t n =
        utf8proc_decompose_char(cp, dec, 16,
                                UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                    UTF8PROC_STRIPMARK | UTF8PROC_LUMP,
                                &boundclass);
    if (n < 0 || n > 16)
        return 0; /* unassigned or odd: dropped, as invalid input is */
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        utf8proc_int32_t c = dec[i];
        int rc;
        if (c == 0x0153)
            rc = polis_buf_append(out, "oe", 2);
        else if (c == 0x00E6)
            rc = polis_buf_append(out, "ae", 2);
        else if (c == '\'')
            rc = fold_cp(c, out, st); /* LUMP turned a quote into an apostrophe */
        else
            rc = put_cp(out, c);
        if (rc != 0)
            return -1;
        if (!is_word_cp(c) && c != 0x0153 && c != 0x00E6 && c != '\'')
            st->word_start = out->len;
    }
    return 0;
}

static int fold_span(const char *s, size_t len, polis_buf_t *out, fold_state_t *st)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    if (polis_buf_append(out, "", 0) != 0)
        return -1;
    while (i < len) {
        size_t run = i;
        while (run < len && p[run] < 0x80 && p[run] != '\'' && p[run] != '`')
            run++;
        if (run > i) {
            /* A run of ASCII, most of French text: what utf8proc would do,
             * inline and in one append. */
            size_t at = out->len;
            if (polis_buf_append(out, (const char *)p + i, run - i) != 0)
                return -1;
            for (size_t k = at; k < out->len; k++) {
                char c = out->data[k];
                if (c >= 'A' && c <= 'Z')
                    out->data[k] = (char)(c + ('a' - 'A'));
                else if (!isalnum_ascii(c))
                    st->word_start = k + 1;
            }
            i = run;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) {
            i++; /* skip one byte of an invalid sequence */
            continue;
        }
        i += (size_t)n;
        if (fold_cp(cp, out, st) != 0)
            return -1;
    }
    return 0;
}

int polis_text_fold(const char *s, size_t len, polis_buf_t *out)
{
    fold_state_t st = { out->len };
    return fold_span(s, len, out, &st);
}

/* The query language's operators (syntax.cc reads how each joins terms). */
static const char *const query_ops[] = { "AND", "OR", "NOT", "XOR", "NEAR", "ADJ", NULL };

int polis_text_is_operator(const char *w, size_t len)
{
    for (size_t k = 0; query_ops[k]; k++)
        if (strlen(query_ops[k]) == len && memcmp(query_ops[k], w, len) == 0)
            return 1;
    return 0;
}

/* Length of the upper-case query operator starting at s[i], or 0. */
static size_t operator_at(const char *s, size_t len, size_t i)
{
    if (i > 0 && ((unsigned char)s[i - 1] >= 0x80 || isalnum_ascii(s[i - 1])))
        return 0;
    for (size_t k = 0; query_ops[k]; k++) {
        size_t n = strlen(query_ops[k]);
        if (i + n <= len && memcmp(s + i, query_ops[k], n) == 0 &&
            (i + n == len || !((unsigned char)s[i + n] >= 0x80 || isalnum_ascii(s[i + n]))))
            return n;
    }
    return 0;
}

int polis_text_fold_query(const char *s, size_t len, polis_buf_t *out)
{
    fold_state_t st = { out->len };
    size_t from = 0;
    if (polis_buf_append(out, "", 0) != 0)
        return -1;
    for (size_t i = 0; i < len; i++) {
        size_t n = operator_at(s, len, i);
        if (!n)
            continue;
        if (fold_span(s + from, i - from, out, &st) != 0 || polis_buf_append(out, s + i, n) != 0)
            return -1;
        st.word_start = out->len;
        i += n - 1;
        from = i + 1;
    }
    return fold_span(s + from, len - from, out, &st);
}

/* The character at p (not ASCII) as a word's: its length in bytes when it
 * is a letter or digit, minus its length when it is not (an invalid byte
 * counts as one that is not). */
static utf8proc_ssize_t utf8_word_at(const utf8proc_uint8_t *p, size_t left)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p, (utf8proc_ssize_t)left, &cp);
    if (n <= 0)
        return -1;
    return is_word_cp(cp) ? n : -n;
}

/* What an ASCII byte is to a word (1 a letter or digit), and 2 for every
 * byte of a longer character, which has to be decoded. */
static const unsigned char byte_class[256] = {
    ['0' ... '9'] = 1, ['A' ... 'Z'] = 1, ['a' ... 'z'] = 1, [0x80 ... 0xFF] = 2,
};

int polis_text_is_word_char(uint32_t cp)
{
    if (cp < 0x80)
        return isalnum_ascii((char)cp);
    return cp <= 0x10FFFF && is_word_cp((utf8proc_int32_t)cp);
}

int polis_text_next_word(const char *s, size_t len, size_t *pos, size_t *start, size_t *end)
{
    /* Two tight loops, one over what lies between words and one over a word,
     * ASCII told by a table and only other characters decoded: snippets run
     * this over every hit's whole body. */
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t i = *pos;
    utf8proc_ssize_t n = 1;
    for (;;) {
        while (i < len && byte_class[p[i]] == 0)
            i++;
        if (i >= len) {
            *pos = len;
            return 0;
        }
        if (byte_class[p[i]] == 1) {
            n = 1;
            break;
        }
        if ((n = utf8_word_at(p + i, len - i)) > 0)
            break;
        i += (size_t)-n; /* not a word character: its bytes are skipped */
    }
    *start = i;
    i += (size_t)n;
    for (;;) {
        while (i < len && byte_class[p[i]] == 1)
            i++;
        if (i >= len || byte_class[p[i]] == 0)
            break;
        utf8proc_ssize_t k = utf8_word_at(p + i, len - i);
        if (k <= 0)
            break;
        i += (size_t)k;
    }
    *end = i;
    *pos = i;
    return 1;
}

int polis_text_slug(const char *s, size_t len, polis_buf_t *out)
{
    polis_buf_t tmp = { 0 };
    if (polis_text_fold(s, len, &tmp) != 0) {
        polis_buf_free(&tmp);
        return -1;
    }
    size_t start = out->len;
    int dash = 0, rc = polis_buf_append(out, "", 0);
    for (size_t i = 0; rc == 0 && i < tmp.len; i++) {
        unsigned char c = (unsigned char)tmp.data[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && out->len > start)
                rc = polis_buf_append(out, "-", 1);
            dash = 0;
            if (rc == 0)
                rc = polis_buf_append(out, (const char *)&c, 1);
        } else {
            dash = 1;
        }
    }
    polis_buf_free(&tmp);
    return rc;
}
