/* indexer/frdate.h — French dates, as the sources write them, to ISO strings.
 *
 * Month and weekday names are compared folded (polis_text_fold()), so case
 * and accents do not matter: "Août", "aout", "DÉCEMBRE" and "decembre" are
 * all read.  Days are checked against the month, leap years included.
 */
#ifndef IX_FRDATE_H
#define IX_FRDATE_H

#include <stddef.h>

/* Size of the buffers the functions below write: "YYYY-MM-DDTHH:MM" plus NUL
 * fits with room to spare. */
#define IX_FRDATE_SIZE 20

/* Parse s[0..len), which must hold one date and nothing else but an optional
 * time and surrounding spaces.  Accepted forms:
 *   "Mercredi 25 octobre 2017 - 02:00", "le jeudi 12 mai 2022",
 *   "1er décembre 2014", "25 oct. 2017"           -> "YYYY-MM-DD"
 *   "12/12/2017 - 17:10", "12/12/2017 17h10"      -> "YYYY-MM-DDTHH:MM"
 *   "12/12/2017", "2017-10-25", "2019-03-12T10:00:00+01:00" -> "YYYY-MM-DD"
 * The time of a written-out date is dropped (Drupal puts a meaningless
 * "02:00" there); the time of a numeric date is kept, as "modifié le" uses it.
 * A weekday is accepted without being checked against the date.
 * On success writes a NUL-terminated string to out and returns 0; on failure
 * returns -1 and sets out to "". */
int ix_frdate_parse(const char *s, size_t len, char out[IX_FRDATE_SIZE]);

/* Find the first full date (day, month and year) in running French text
 * text[0..len): "le 21 septembre 2017", "jeudi 12 mai 2022", "12/05/2022",
 * "2022-05-12", or the first day of a range, "du 3 au 5 juin 2019" ->
 * "2019-06-03", "du 28 décembre au 3 janvier 2019" -> "2018-12-28".
 * Dates without a year, and impossible dates, are passed over.
 * Writes "YYYY-MM-DD" (never a time) to out and returns 0, or returns -1 and
 * sets out to "" when the text holds no date. */
int ix_frdate_find(const char *text, size_t len, char out[IX_FRDATE_SIZE]);

/* Whether s[0..len) is a line saying when a page came out: "Publié le 25
 * octobre 2017", "Publiée le 3/1/2018", "Mis en ligne le 1er mars 2019"
 * (bold or italic marks around it allowed).  1 with "YYYY-MM-DD" in out,
 * else 0 and out "". */
int ix_frdate_published(const char *s, size_t len, char out[IX_FRDATE_SIZE]);

/* Non-zero when (year, month, day) is a real calendar date; years run from
 * 1000 to 9999. */
int ix_frdate_valid(int year, int month, int day);

#endif
