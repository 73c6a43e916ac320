/* french.c — the page's French for the English messages of the shim's query
 * parser and of the parameters' checks.
 *
 * The JSON API keeps its messages as they are (clients may match them); the
 * page is read by people, in French.  Each message is matched against a
 * pattern in which "{}" stands for a part that differs (a number, a word the
 * user typed), and rewritten with those parts.  A message no pattern knows
 * is not shown in English: the page says, in general terms, what failed.
 */
#include "page/render.h"

#include <stdio.h>
#include <string.h>

/* Parts a pattern holds at most. */
#define MAX_PARTS 3

static const struct {
    const char *en, *fr;
} table[] = {
    /* The query's syntax (shim/syntax.cc, shim/fields.cc, shim/search.cc). */
    { "the quote (\") at character {} is never closed",
      "le guillemet (\") du caractère {} n’est jamais fermé" },
    { "the parenthesis at character {} is never closed",
      "la parenthèse du caractère {} n’est jamais fermée" },
    { "the parentheses at character {} hold nothing",
      "les parenthèses du caractère {} ne contiennent rien" },
    { "the closing parenthesis at character {} has no opening one",
      "la parenthèse fermante du caractère {} n’a pas de parenthèse ouvrante" },
    { "NOT needs a search term after it (character {})",
      "NOT doit être suivi d’un mot à chercher (caractère {})" },
    { "{} needs a search term on each side (character {})",
      "{} doit avoir un mot à chercher de chaque côté (caractère {})" },
    { "{} needs a search term on each side", "{} doit avoir un mot à chercher de chaque côté" },
    { "{}: needs a word after it, as in {}", "{}: doit être suivi d’un mot, par exemple {}" },
    { "year: wants a year such as year:2017, not \"{}\"",
      "year: attend une année, par exemple year:2017, et non «\xC2\xA0{}\xC2\xA0»" },
    { "{}: nothing is filed under \"{}\"",
      "{}: aucun document n’est classé sous «\xC2\xA0{}\xC2\xA0»" },
    { "kind: \"{}\" is none of recap, news, page, bibliography, reference",
      "kind: «\xC2\xA0{}\xC2\xA0» n’est pas une nature de document (recap, news, page, "
      "bibliography, reference)" },
    { "theme: no theme is called \"{}\"",
      "theme: aucune thématique ne s’appelle «\xC2\xA0{}\xC2\xA0»" },
    { "type: no type is called \"{}\"", "type: aucun type ne s’appelle «\xC2\xA0{}\xC2\xA0»" },
    /* The parameters (api/params.c, http/query.c). */
    { "{}: must be an integer from {} to {}", "{}: doit être un nombre entier de {} à {}" },
    { "{}: must be relevance, date or -date", "{}: doit valoir relevance, date ou -date" },
    { "{}: must be a date YYYY, YYYY-MM or YYYY-MM-DD",
      "{}: doit être une date AAAA, AAAA-MM ou AAAA-MM-JJ" },
    { "from: later than to", "la date de début est postérieure à la date de fin" },
    { "{}: '{}' is not one of theme, type, kind, year, place, author",
      "{}: «\xC2\xA0{}\xC2\xA0» n’est pas une facette (theme, type, kind, year, place, author)" },
    { "{}: longer than {} bytes", "{}: plus long que {} octets" },
    { "{}: not valid UTF-8 text", "{}: texte mal encodé (UTF-8 attendu)" },
    { "{}: given more than once", "{}: donné plusieurs fois" },
    { "{}: must be 0 or 1", "{}: doit valoir 0 ou 1" },
    { "{}: must be json, csv, csv-fr, ris, bibtex or csl-json",
      "{}: doit valoir json, csv, csv-fr, ris, bibtex ou csl-json" },
    { "{}: bad percent-encoding", "{}: caractère mal encodé dans l’adresse" },
    { "{}: must be one of recap, news, page, bibliography, reference",
      "{}: doit être une nature de document (recap, news, page, bibliography, reference)" },
    { "{}: must be a year (YYYY)", "{}: doit être une année (AAAA)" },
    { "{}: more than {} values", "{}: plus de {} valeurs" },
};

/* Match s against pattern; the parts "{}" stands for go to parts (start
 * and length).  A part is the shortest text up to what follows it in the
 * pattern, never empty. */
static int match(const char *pattern, const char *s, const char *parts[], size_t lens[], int *n)
{
    *n = 0;
    while (*pattern != '\0') {
        const char *hole = strstr(pattern, "{}");
        size_t lit = hole != NULL ? (size_t)(hole - pattern) : strlen(pattern);
        if (strncmp(s, pattern, lit) != 0)
            return 0;
        s += lit;
        pattern += lit;
        if (hole == NULL)
            break;
        pattern += 2;
        /* What follows the part in the pattern, up to the next hole. */
        const char *next = strstr(pattern, "{}");
        size_t follow = next != NULL ? (size_t)(next - pattern) : strlen(pattern);
        const char *end = NULL;
        if (follow == 0)
            end = s + strlen(s);
        else
            for (const char *p = s + 1; *p != '\0' && end == NULL; p++)
                if (strncmp(p, pattern, follow) == 0 && (next != NULL || p[follow] == '\0'))
                    end = p;
        if (end == NULL || end == s || *n == MAX_PARTS)
            return 0;
        parts[*n] = s;
        lens[(*n)++] = (size_t)(end - s);
        s = end;
    }
    return *s == '\0';
}

int sd_page_french(const char *english, char *out, size_t size)
{
    for (size_t i = 0; english != NULL && i < sizeof table / sizeof table[0]; i++) {
        const char *parts[MAX_PARTS];
        size_t lens[MAX_PARTS];
        int n;
        if (!match(table[i].en, english, parts, lens, &n))
            continue;
        size_t o = 0;
        int k = 0;
        for (const char *f = table[i].fr; *f != '\0' && o + 1 < size;) {
            if (f[0] == '{' && f[1] == '}' && k < n) {
                size_t len = lens[k] < size - 1 - o ? lens[k] : size - 1 - o;
                memcpy(out + o, parts[k++], len);
                o += len;
                f += 2;
            } else {
                out[o++] = *f++;
            }
        }
        /* Cut short: never in the middle of a character. */
        size_t lead = o;
        while (lead > 0 && ((unsigned char)out[lead - 1] & 0xC0) == 0x80)
            lead--;
        if (lead > 0 && (unsigned char)out[lead - 1] >= 0xC0) {
            unsigned char c = (unsigned char)out[lead - 1];
            size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (o - (lead - 1) < need)
                o = lead - 1;
        }
        out[o] = '\0';
        return 1;
    }
    snprintf(out, size, "%s", "la demande n’a pas pu être comprise");
    return 0;
}
