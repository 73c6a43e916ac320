/* indexer/md_names.c — people and places.  See md_names.h. */
#include "parse/md_names.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "polis/text.h"

#define NAME_WORDS_MAX 8           /* words in the longest place name */
#define FOLD_MAX       (64u << 20) /* bound of the folded text; inputs are at most 20 MB */

/* Towns of the region with a "politique de la ville" contract, and the
 * region's names, old and new.  Names that are also common French words
 * ("Croix", "Avion", "Albert", "Somme", "Nord") are left out on purpose. */
static const char *const places[] = {
    "Hauts-de-France",
    "Nord-Pas-de-Calais",
    "Picardie",
    "Pas-de-Calais",
    "Abbeville",
    "Amiens",
    "Anzin",
    "Armentières",
    "Arras",
    "Auchel",
    "Beauvais",
    "Berck",
    "Béthune",
    "Boulogne-sur-Mer",
    "Bruay-la-Buissière",
    "Calais",
    "Cambrai",
    "Carvin",
    "Château-Thierry",
    "Chauny",
    "Compiègne",
    "Coudekerque-Branche",
    "Creil",
    "Denain",
    "Douai",
    "Dunkerque",
    "Faches-Thumesnil",
    "Fourmies",
    "Grande-Synthe",
    "Halluin",
    "Hautmont",
    "Hazebrouck",
    "Hénin-Beaumont",
    "Hirson",
    "Laon",
    "Lens",
    "Liévin",
    "Lille",
    "Lomme",
    "Maubeuge",
    "Méru",
    "Montataire",
    "Mons-en-Barœul",
    "Nogent-sur-Oise",
    "Noyon",
    "Outreau",
    "Péronne",
    "Roubaix",
    "Saint-Amand-les-Eaux",
    "Saint-Omer",
    "Saint-Pol-sur-Mer",
    "Saint-Quentin",
    "Seclin",
    "Senlis",
    "Sin-le-Noble",
    "Soissons",
    "Tergnier",
    "Tourcoing",
    "Valenciennes",
    "Villeneuve-d'Ascq",
    "Villers-Cotterêts",
    "Wasquehal",
    "Wattrelos",
};

#define N_PLACES (sizeof places / sizeof places[0])

/* ---- people ------------------------------------------------------------- */

typedef enum { W_OTHER = 0, W_CAPITALISED, W_UPPER, W_PARTICLE } word_class_t;

static int is_particle(const char *w, size_t n)
{
    static const char *const particles[] = { "de",  "du", "des", "d'",  "d\xe2\x80\x99",
                                             "le",  "la", "van", "von", "der",
                                             "den", "di", "da",  "ben", "el" };
    for (size_t i = 0; i < sizeof particles / sizeof particles[0]; i++)
        if (strlen(particles[i]) == n && memcmp(particles[i], w, n) == 0)
            return 1;
    return 0;
}

/* Class of the word w[0..n): its letters' cases, hyphen by hyphen. */
static word_class_t classify(const char *w, size_t n)
{
    if (is_particle(w, n))
        return W_PARTICLE;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)w;
    size_t i = 0, letters = 0, lower = 0, upper = 0;
    int part_start = 1, part_ok = 1;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0)
            return W_OTHER;
        i += (size_t)k;
        if (cp == '-' || cp == '\'' || cp == 0x2019) {
            if (part_start)
                return W_OTHER; /* "--", "-x" */
            part_start = 1;
            continue;
        }
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT) {
            upper++;
        } else if (cat == UTF8PROC_CATEGORY_LL) {
            lower++;
            if (part_start)
                part_ok = 0; /* a part starting lower-case: not a name */
        } else {
            return W_OTHER;
        }
        letters++;
        part_start = 0;
    }
    if (letters < 2 || part_start)
        return W_OTHER;
    if (lower == 0)
        return W_UPPER;
    return part_ok ? W_CAPITALISED : W_OTHER;
}

int ix_md_is_person(const char *s, size_t len)
{
    size_t i = 0, words = 0, caps = 0, uppers = 0;
    while (i < len) {
        while (i < len && s[i] == ' ')
            i++;
        if (i >= len)
            break;
        size_t start = i;
        while (i < len && s[i] != ' ')
            i++;
        word_class_t c = classify(s + start, i - start);
        if (c == W_OTHER || (words == 0 && c == W_PARTICLE))
            return 0;
        caps += c == W_CAPITALISED;
        uppers += c == W_UPPER;
        if (++words > 5)
            return 0;
    }
    return words >= 2 && caps >= 1 && uppers >= 1;
}

/* ---- places ------------------------------------------------------------- */

typedef struct {
    size_t start, end; /* a word of the folded text */
} span_t;

/* Cut folded text into words.  *words is malloc()ed (the caller frees it).
 * Returns 0, or -1 when out of memory. */
static int split_words(const char *s, size_t len, span_t **words, size_t *n)
{
    size_t cap = 0, pos = 0, a, b;
    *words = NULL;
    *n = 0;
    while (polis_text_next_word(s, len, &pos, &a, &b)) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            span_t *p = realloc(*words, ncap * sizeof *p);
            if (!p)
                return -1;
            *words = p;
            cap = ncap;
        }
        (*words)[*n].start = a;
        (*words)[*n].end = b;
        (*n)++;
    }
    return 0;
}

/* The folded words of every place name, computed once per process (the
 * parser runs on every core: pthread_once makes that safe). */
typedef struct {
    polis_buf_t folded;
    span_t words[NAME_WORDS_MAX];
    size_t n;
} place_key_t;

static place_key_t place_key_table[N_PLACES];
/* The places grouped by the first byte of their folded name, each group in
 * table order: place_by_first[place_first_at[c] .. place_first_at[c + 1]).
 * Each word of each page is looked up: only the places it may start are
 * tried. */
static size_t place_by_first[N_PLACES];
static size_t place_first_at[257];
static int place_keys_failed;
static pthread_once_t place_keys_once = PTHREAD_ONCE_INIT;

static int place_keys(place_key_t *keys)
{
    for (size_t i = 0; i < N_PLACES; i++) {
        place_key_t *k = &keys[i];
        span_t *w = NULL;
        size_t n = 0;
        if (polis_text_fold(places[i], strlen(places[i]), &k->folded) != 0 ||
            split_words(k->folded.data, k->folded.len, &w, &n) != 0) {
            free(w);
            return -1;
        }
        k->n = n < NAME_WORDS_MAX ? n : NAME_WORDS_MAX;
        if (k->n > 0)
            memcpy(k->words, w, k->n * sizeof *w);
        free(w);
    }
    return 0;
}

/* Number of text words place key k covers from word w on, 0 if it does not match. */
static size_t match_place(const place_key_t *k, const char *text, const span_t *words, size_t n,
                          size_t w)
{
    if (k->n == 0 || w + k->n > n)
        return 0;
    for (size_t j = 0; j < k->n; j++) {
        size_t tl = words[w + j].end - words[w + j].start;
        size_t kl = k->words[j].end - k->words[j].start;
        if (tl != kl || memcmp(text + words[w + j].start, k->folded.data + k->words[j].start, kl))
            return 0;
    }
    return k->n;
}

static unsigned char place_first(size_t p)
{
    const place_key_t *k = &place_key_table[p];
    return (unsigned char)k->folded.data[k->words[0].start];
}

static void place_keys_init(void)
{
    place_keys_failed = place_keys(place_key_table) != 0;
    if (place_keys_failed)
        return;
    size_t count[256] = { 0 };
    for (size_t p = 0; p < N_PLACES; p++)
        if (place_key_table[p].n > 0)
            count[place_first(p)]++;
    for (size_t c = 0; c < 256; c++)
        place_first_at[c + 1] = place_first_at[c] + count[c];
    size_t next[256];
    memcpy(next, place_first_at, sizeof next);
    for (size_t p = 0; p < N_PLACES; p++)
        if (place_key_table[p].n > 0)
            place_by_first[next[place_first(p)]++] = p;
}

int ix_md_find_places(const char *text, size_t len, polis_strv_t *out)
{
    polis_buf_t folded = { .max = FOLD_MAX };
    span_t *words = NULL;
    size_t n = 0;
    int rc = 0;
    if (pthread_once(&place_keys_once, place_keys_init) != 0 || place_keys_failed ||
        polis_text_fold(text, len, &folded) != 0 ||
        split_words(folded.data, folded.len, &words, &n) != 0)
        rc = -1;
    const place_key_t *keys = place_key_table;
    for (size_t w = 0; rc == 0 && w < n;) {
        size_t best = 0, best_len = 0;
        unsigned char first = (unsigned char)folded.data[words[w].start];
        for (size_t i = place_first_at[first]; i < place_first_at[first + 1]; i++) {
            size_t p = place_by_first[i];
            size_t m = match_place(&keys[p], folded.data, words, n, w);
            if (m > best_len) {
                best = p;
                best_len = m;
            }
        }
        if (best_len == 0) {
            w++;
            continue;
        }
        rc = polis_strv_push(out, places[best]);
        w += best_len;
    }
    free(words);
    polis_buf_free(&folded);
    return rc;
}
