/* test_frdate.c — French dates (indexer/frdate.c). */
#include <string.h>

#include "../../indexer/parse/frdate.h"
#include "tap.h"

/* One ix_frdate_parse() case: want NULL means "must fail". */
static void parse_case(const char *in, const char *want)
{
    char out[IX_FRDATE_SIZE];
    int rc = ix_frdate_parse(in, strlen(in), out);
    if (want) {
        is_int(rc, 0, in);
        is_str(out, want, in);
    } else {
        is_int(rc, -1, in);
        is_str(out, "", in);
    }
}

static void find_case(const char *in, const char *want)
{
    char out[IX_FRDATE_SIZE];
    int rc = ix_frdate_find(in, strlen(in), out);
    is_int(rc, want ? 0 : -1, in);
    is_str(out, want ? want : "", in);
}

int main(void)
{
    /* Written-out dates: weekdays, "le", "1er", accents and case. */
    parse_case("Mercredi 25 octobre 2017 - 02:00", "2017-10-25");
    parse_case("25 octobre 2017", "2017-10-25");
    parse_case("1er décembre 2014", "2014-12-01");
    parse_case("1er decembre 2014", "2014-12-01");
    parse_case("le jeudi 12 mai 2022", "2022-05-12");
    parse_case("Le Jeudi, 12 MAI 2022", "2022-05-12");
    parse_case("3 fevrier 2016", "2016-02-03");
    parse_case("3 Février 2016", "2016-02-03");
    parse_case("15 Août 2019", "2019-08-15");
    parse_case("15 aout 2019", "2019-08-15");
    parse_case("24 DÉCEMBRE 2020", "2020-12-24");
    parse_case("  7 juillet 2021  ", "2021-07-07");
    parse_case("7\xc2\xa0juillet\xc2\xa0"
               "2021",
               "2021-07-07"); /* no-break spaces */
    parse_case("25 oct. 2017", "2017-10-25");
    parse_case("Mardi 26 mai 2020 \xe2\x80\x93 17:00", "2020-05-26"); /* en dash */
    parse_case("vendredi 3 mars 2023 à 14h30", "2023-03-03");
    /* Numeric dates keep their time. */
    parse_case("12/12/2017 - 17:10", "2017-12-12T17:10");
    parse_case("04/07/2011 - 11:47", "2011-07-04T11:47");
    parse_case("12/12/2017", "2017-12-12");
    parse_case("1/2/2018", "2018-02-01");
    parse_case("12/12/2017 17h10", "2017-12-12T17:10");
    /* ISO forms. */
    parse_case("2017-10-25", "2017-10-25");
    parse_case("2019-03-12T10:00:00+01:00", "2019-03-12");
    parse_case("2019-03-12T10:00:00.123Z", "2019-03-12");
    parse_case("2019-03-12 10:00", "2019-03-12");
    /* Leap years. */
    parse_case("29 février 2016", "2016-02-29");
    parse_case("29/02/2000", "2000-02-29");
    /* Invalid dates. */
    parse_case("31 février 2017", NULL);
    parse_case("29 février 2017", NULL);
    parse_case("29/02/1900", NULL);
    parse_case("30/02/2019", NULL);
    parse_case("31 avril 2019", NULL);
    parse_case("32 janvier 2019", NULL);
    parse_case("0 janvier 2019", NULL);
    parse_case("12/13/2017", NULL);
    parse_case("2017-02-30", NULL);
    parse_case("2017-13-01", NULL);
    parse_case("2017", NULL);
    parse_case("", NULL);
    parse_case("   ", NULL);
    parse_case("octobre 2017", NULL);
    parse_case("25 octobre", NULL);
    parse_case("25 brumaire 2017", NULL);
    parse_case("25 octobre 2017 et plus", NULL);
    parse_case("12/12/2017 - 25:10", NULL);
    parse_case("12/12/17", NULL);
    parse_case("2019-03-12Tnoon", NULL);
    {
        char out[IX_FRDATE_SIZE];
        is_int(ix_frdate_parse(NULL, 0, out), -1, "NULL string");
        is_int(ix_frdate_parse("25 octobre 2017 junk", 15, out), 0, "length is honoured");
        is_str(out, "2017-10-25", "length is honoured: value");
    }

    /* Dates in running text. */
    find_case("a investi le Quai de l'innovation à Amiens le 21 septembre 2017 pour", "2017-09-21");
    find_case("Rendez-vous du 3 au 5 juin 2019 à Lille.", "2019-06-03");
    find_case("les 3, 4 et 5 juin 2019", "2019-06-03");
    find_case("du 28 décembre au 3 janvier 2019", "2018-12-28");
    find_case("La rencontre aura lieu jeudi 12 mai 2022 à Arras.", "2022-05-12");
    find_case("Le 1er décembre 2014, la loi", "2014-12-01");
    find_case("Réunion le 12/05/2022 en mairie", "2022-05-12");
    find_case("publié en 2017-10-25 puis", "2017-10-25");
    find_case("170 personnes, 300 euros, le 31 février 2017 puis le 2 mars 2017", "2017-03-02");
    find_case("le 5 juin, puis le 6 juillet 2019", "2019-07-06");
    find_case("l'A16 12 mai", NULL);
    find_case("Aucune date ici, seulement l'année 2017.", NULL);
    find_case("", NULL);
    return tap_done();
}
