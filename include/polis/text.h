/* polis/text.h — French text folding, identical at index and at query time.
 *
 * Folding maps text to the form terms are made from: Unicode compatibility
 * decomposition (utf8proc), case folding, accents removed, the ligatures œ and
 * æ expanded, every apostrophe (' ’ ʼ ‘) read as one, and the French elided
 * particles (l' d' j' m' n' s' t' c' qu' jusqu' lorsqu' puisqu' quoiqu')
 * dropped so "l’emploi" folds to "emploi".  Other apostrophes become spaces.
 *
 * Folding never allocates on its own: callers pass a polis_buf_t, which grows
 * up to its limit.
 */
#ifndef POLIS_TEXT_H
#define POLIS_TEXT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A growable byte buffer, always NUL-terminated once anything was written.
 * `max` bounds its length (0 = no bound); growing past it fails. */
typedef struct {
    char *data;
    size_t len;
    size_t cap;
    size_t max;
} polis_buf_t;

/* Release the buffer's memory and zero it (max is kept). */
void polis_buf_free(polis_buf_t *b);

/* Append len bytes.  Returns 0, or -1 when out of memory or past b->max. */
int polis_buf_append(polis_buf_t *b, const char *s, size_t len);

/* Append a NUL-terminated string.  0 or -1 as polis_buf_append(). */
int polis_buf_puts(polis_buf_t *b, const char *s);

/* Append printf-formatted text.  0 or -1 as polis_buf_append(). */
int polis_buf_printf(polis_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Room in the malloc()ed array *items (of *cap items of size bytes) for
 * item number n: the array doubles (16 at first) when n reaches *cap.
 * Returns 0, or -1 when out of memory (the array is then left as it was). */
int polis_grow(void **items, size_t *cap, size_t n, size_t size);

/* The byte a percent escape at s[i] stands for ("%2F" -> '/'): 0-255 when
 * s[i] is '%' followed by two hex digits within len, else -1. */
int polis_text_percent_byte(const char *s, size_t len, size_t i);

/* Non-zero when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int polis_text_valid_utf8(const char *s, size_t len);

/* Decode the UTF-8 character that starts s[0..len) (utf8proc does the work):
 * returns its length in bytes, 1 to 4, and sets *cp (when cp is not NULL) to
 * its code point; returns 0 when len is 0 or the bytes there are not a
 * character (a stray continuation byte, a sequence cut short, an overlong
 * form, a surrogate, past U+10FFFF).  The one UTF-8 decoder of the project:
 * callers that escape text for a format loop over it. */
size_t polis_text_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Append s[0..len) to out with each byte that does not start a character
 * (see polis_text_utf8_decode()) replaced by U+FFFD, so damaged text still
 * makes valid UTF-8.  Returns 0, or -1 when out cannot grow. */
int polis_text_utf8_repair(const char *s, size_t len, polis_buf_t *out);

/* The 64-bit FNV-1a hash of data[0..len): fast, stable across runs and
 * machines (ids and file digests may be stored), not for adversaries. */
uint64_t polis_text_hash64(const void *data, size_t len);

/* Fold s[0..len) (UTF-8; invalid sequences are dropped) and append the result
 * to out.  Returns 0, or -1 when out cannot grow. */
int polis_text_fold(const char *s, size_t len, polis_buf_t *out);

/* Fold a user's query for the query parser: as polis_text_fold(), except that
 * the upper-case operators AND, OR, NOT, XOR and NEAR keep their case, and
 * that apostrophes inside `"phrases"` and field names (`title:`) are handled
 * the same way as in documents.  0 or -1. */
int polis_text_fold_query(const char *s, size_t len, polis_buf_t *out);

/* Find the next word of s at or after *pos: a run of letters, marks or digits
 * (UTF-8).  On success sets *start and *end (byte offsets, end exclusive),
 * advances *pos to *end and returns 1; returns 0 when no word is left. */
int polis_text_next_word(const char *s, size_t len, size_t *pos, size_t *start, size_t *end);

/* Whether the character cp belongs in a word, as polis_text_next_word() has
 * it: a letter, a mark or a digit.  1 or 0. */
int polis_text_is_word_char(uint32_t cp);

/* Non-zero when w[0..len) is an operator of the query language as typed:
 * AND, OR, NOT, XOR, NEAR or ADJ, upper case only (NEAR/3 is NEAR then
 * "/3"). */
int polis_text_is_operator(const char *w, size_t len);

/* Non-zero when the folded word w[0..len) is a French elided particle
 * ("l", "d", "qu", ...), which folding drops before an apostrophe. */
int polis_text_is_elision(const char *w, size_t len);

/* Append the words of the folded text s[0..len) to out, one space apart,
 * without the elided particles typed as words of their own before a vowel
 * or an h: "acces a l emploi" gives "acces a emploi", as folding
 * "l'emploi" gives "emploi"; "article l 2121" keeps its "l".  Returns how
 * many particles were left out, or -1 when out cannot grow (out then holds
 * the words appended before, for the caller to free). */
int polis_text_drop_elisions(const char *s, size_t len, polis_buf_t *out);

/* Non-zero when the folded word w[0..len) is a French stop word ("de",
 * "la", "pour", ...): too common to help a search, left out of queries
 * outside phrases and never highlighted. */
int polis_text_is_stopword(const char *w, size_t len);

/* Append a URL-safe slug of s to out: folded, runs of other characters as one
 * '-', no leading or trailing '-'.  0 or -1. */
int polis_text_slug(const char *s, size_t len, polis_buf_t *out);

#ifdef __cplusplus
}
#endif

#endif
