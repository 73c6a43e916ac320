/* author.c — the form of an author's name the author facet groups by; see
 * polis_author_normalise() in polis/doc.h.
 *
 * French catalogues and bibliographies write a person "NOM Prénom" (the
 * family name in capitals), "Nom, Prénom" (library style) or now and then
 * "Prénom NOM".  Capitals are what tell a family name apart, so a name is
 * reordered only when some of its words are in capitals and the others look
 * like given names (each starting with a capital letter, at most three).
 * An organisation ("Agence nationale pour la rénovation urbaine", "Comité
 * d'évaluation de l'ANRU", "CGET") shows no such split and stays as written.
 */
#include "polis/doc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "polis/text.h"

/* Most words of a given name ("Marie", "Jean-Claude", "Anne Sophie Marie"). */
#define MAX_GIVEN_WORDS 3
/* Words looked at in one name; a longer one is no person's. */
#define MAX_WORDS 16

typedef struct {
    const char *p;
    size_t n;
} word_t;

/* Letters of a word in upper and lower case (other characters not counted). */
static void letter_cases(word_t w, size_t *upper, size_t *lower)
{
    *upper = *lower = 0;
    for (size_t i = 0; i < w.n;) {
        utf8proc_int32_t c = 0;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)w.p + i, (utf8proc_ssize_t)(w.n - i), &c);
        if (k <= 0)
            return;
        if (utf8proc_isupper(c))
            (*upper)++;
        else if (utf8proc_islower(c))
            (*lower)++;
        i += (size_t)k;
    }
}

/* A word in capitals: a letter at least and no lower-case one ("DUPONT",
 * "LE", "D'ALEMBERT", "M." — an initial is no family name on its own, which
 * the caller checks). */
static int is_caps(word_t w)
{
    size_t up, low;
    letter_cases(w, &up, &low);
    return up > 0 && low == 0;
}

/* An initial: capitals and a full stop ("M.", "J.-P."). */
static int is_initial(word_t w)
{
    size_t up, low;
    letter_cases(w, &up, &low);
    return low == 0 && up >= 1 && up <= 3 && memchr(w.p, '.', w.n) != NULL;
}

/* A word a given name is made of: a capital, then lower case ("Marie",
 * "Jean-Claude", "Hélène"), or an initial. */
static int is_given(word_t w)
{
    if (is_initial(w))
        return 1;
    utf8proc_int32_t c = 0;
    if (w.n == 0 || utf8proc_iterate((const utf8proc_uint8_t *)w.p, (utf8proc_ssize_t)w.n, &c) <= 0)
        return 0;
    size_t up, low;
    letter_cases(w, &up, &low);
    return utf8proc_isupper(c) && low > 0;
}

/* Particles of family names, kept in lower case after the first word. */
static int is_particle(word_t w)
{
    static const char *const words[] = { "de", "du", "des", "d'", "d’", "van", "von", NULL };
    for (size_t i = 0; words[i]; i++) {
        size_t n = strlen(words[i]);
        if (w.n == n && strncasecmp(w.p, words[i], n) == 0)
            return 1;
    }
    return 0;
}

/* Append w in title case: a capital at the start and after '-', '\'' or
 * '’', lower case elsewhere ("DUPUIS-MOREL" → "Dupuis-Morel"); a particle
 * not first all in lower case. */
static int title_case(polis_buf_t *out, word_t w, int first)
{
    int lower_all = !first && is_particle(w);
    int start = 1;
    for (size_t i = 0; i < w.n;) {
        utf8proc_int32_t c = 0;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)w.p + i, (utf8proc_ssize_t)(w.n - i), &c);
        if (k <= 0)
            return polis_buf_append(out, w.p + i, w.n - i);
        utf8proc_int32_t m = start && !lower_all ? utf8proc_toupper(c) : utf8proc_tolower(c);
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t e = utf8proc_encode_char(m, enc);
        if (polis_buf_append(out, (const char *)enc, (size_t)e) != 0)
            return -1;
        start = c == '-' || c == '\'' || c == 0x2019;
        i += (size_t)k;
    }
    return 0;
}

/* Split s at white space into at most max words; returns how many, or max + 1
 * when there are more. */
static size_t split(const char *s, word_t *words, size_t max)
{
    size_t n = 0;
    while (*s) {
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        if (!*s)
            break;
        const char *e = s;
        while (*e && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r')
            e++;
        if (n == max)
            return max + 1;
        words[n++] = (word_t){ s, (size_t)(e - s) };
        s = e;
    }
    return n;
}

/* Append words[from..to) separated by spaces, in title case when title. */
static int put_words(polis_buf_t *out, const word_t *words, size_t from, size_t to, int title)
{
    int rc = 0;
    for (size_t i = from; rc == 0 && i < to; i++) {
        if (i > from)
            rc = polis_buf_append(out, " ", 1);
        if (rc == 0)
            rc = title ? title_case(out, words[i], i == from)
                       : polis_buf_append(out, words[i].p, words[i].n);
    }
    return rc;
}

/* Non-zero when words[from..to) can be a given name. */
static int given_run(const word_t *words, size_t from, size_t to)
{
    if (to <= from || to - from > MAX_GIVEN_WORDS)
        return 0;
    for (size_t i = from; i < to; i++)
        if (!is_given(words[i]))
            return 0;
    return 1;
}

/* Non-zero when words[from..to) is a family name in capitals: capitals only,
 * one word of two letters or more at least. */
static int caps_run(const word_t *words, size_t from, size_t to)
{
    int long_word = 0;
    for (size_t i = from; i < to; i++) {
        if (!is_caps(words[i]) || is_initial(words[i]))
            return 0;
        size_t up, low;
        letter_cases(words[i], &up, &low);
        long_word |= up >= 2;
    }
    return to > from && long_word;
}

/* "Family, Given": the family in title case when in capitals. */
static int library_form(polis_buf_t *out, const char *family, const char *given)
{
    word_t f[MAX_WORDS], g[MAX_WORDS];
    size_t nf = split(family, f, MAX_WORDS), ng = split(given, g, MAX_WORDS);
    if (nf == 0 || nf > MAX_WORDS || ng > MAX_WORDS)
        return 1; /* not a person's name: the caller keeps it as written */
    int rc = put_words(out, f, 0, nf, caps_run(f, 0, nf));
    if (rc == 0 && ng > 0) {
        rc = polis_buf_append(out, ", ", 2);
        /* "DUPONT, MARIE": the given name in capitals too. */
        if (rc == 0)
            rc = put_words(out, g, 0, ng, ng <= MAX_GIVEN_WORDS && caps_run(g, 0, ng));
    }
    return rc;
}

static int normalise(const char *s, polis_buf_t *out)
{
    const char *comma = strchr(s, ',');
    if (comma) {
        char *family = strndup(s, (size_t)(comma - s));
        if (!family)
            return -1;
        word_t g[MAX_WORDS];
        size_t ng = split(comma + 1, g, MAX_WORDS);
        /* "IREV, centre de ressources" is no "Nom, Prénom". */
        int person =
            ng <= MAX_GIVEN_WORDS && (ng == 0 || given_run(g, 0, ng) || caps_run(g, 0, ng));
        int rc = person ? library_form(out, family, comma + 1) : 1;
        free(family);
        return rc;
    }
    word_t w[MAX_WORDS];
    size_t n = split(s, w, MAX_WORDS);
    if (n < 2 || n > MAX_WORDS)
        return 1;
    /* "NOM Prénom": the longest run of capitals first, given names after. */
    size_t k = 0;
    while (k < n && is_caps(w[k]) && !is_initial(w[k]))
        k++;
    int rc = 1;
    if (k > 0 && k < n && caps_run(w, 0, k) && given_run(w, k, n)) {
        rc = put_words(out, w, 0, k, 1);
        if (rc == 0)
            rc = polis_buf_append(out, ", ", 2);
        if (rc == 0)
            rc = put_words(out, w, k, n, 0);
        return rc;
    }
    /* "Prénom NOM": given names first, capitals to the end. */
    k = n;
    while (k > 0 && is_caps(w[k - 1]) && !is_initial(w[k - 1]))
        k--;
    if (k > 0 && k < n && caps_run(w, k, n) && given_run(w, 0, k)) {
        rc = put_words(out, w, k, n, 1);
        if (rc == 0)
            rc = polis_buf_append(out, ", ", 2);
        if (rc == 0)
            rc = put_words(out, w, 0, k, 0);
    }
    return rc;
}

char *polis_author_normalise(const char *written)
{
    if (!written)
        return NULL;
    polis_buf_t b = { 0 };
    int rc = normalise(written, &b);
    if (rc == 1) { /* as written, white space collapsed */
        word_t w[MAX_WORDS];
        size_t n = split(written, w, MAX_WORDS);
        b.len = 0;
        if (n <= MAX_WORDS)
            rc = put_words(&b, w, 0, n, 0);
        else {
            rc = 0;
            for (const char *p = written; rc == 0 && *p; p++) {
                int space = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
                if (space && (b.len == 0 || b.data[b.len - 1] == ' '))
                    continue;
                rc = polis_buf_append(&b, space ? " " : p, 1);
            }
            while (rc == 0 && b.len > 0 && b.data[b.len - 1] == ' ')
                b.len--;
        }
    }
    if (rc == 0)
        rc = polis_buf_append(&b, "", 0);
    if (rc != 0 || !b.data) {
        polis_buf_free(&b);
        return rc == 0 ? strdup("") : NULL;
    }
    b.data[b.len] = '\0';
    return b.data; /* polis_buf_t's data is malloc()ed */
}
