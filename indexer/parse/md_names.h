/* indexer/md_names.h — people and places in the text of a page.
 *
 * The sources write people as "Prénom NOM" (family name in capitals) in
 * bold, and name the region's towns in running text.  Both are guesses from
 * the shape of the text, kept small and conservative: a wrong person or
 * place becomes a wrong facet value.
 */
#ifndef IX_MD_NAMES_H
#define IX_MD_NAMES_H

#include <stddef.h>

#include "polis/doc.h"

/* Non-zero when s[0..len) looks like a person's name: two to five words,
 * each either capitalised ("Gaëlle", "Jean-Pierre"), all capitals ("VELAY",
 * "DE LA TOUR") or a particle ("de", "d'"), with at least one capitalised
 * word and one word in capitals, not starting with a particle, no digits. */
int ix_md_is_person(const char *s, size_t len);

/* Append to places, in order of first appearance and without repeats, the
 * Hauts-de-France towns and regions that text[0..len) names ("Amiens",
 * "Hauts-de-France", also written "Hauts de France").  Matching is on folded
 * words, so case, accents and hyphens do not matter; the longest name wins
 * ("Pas-de-Calais" rather than "Calais").  The names appended are the
 * canonical spellings of the list.  Returns 0, or -1 when out of memory. */
int ix_md_find_places(const char *text, size_t len, polis_strv_t *places);

#endif
