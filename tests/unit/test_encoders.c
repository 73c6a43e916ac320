/* test_encoders.c — searchd's pure helpers: the CSV, RIS and Atom encoders
 * (each escaping on its own terms), gzip negotiation and compression, CORS
 * origin lists, ETags and If-None-Match (the metrics text: test_metrics.c). */
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "../../searchd/api/atom.h"
#include "../../searchd/api/csv.h"
#include "../../searchd/api/paristime.h"
#include "../../searchd/api/ris.h"
#include "../../searchd/http/cors.h"
#include "../../searchd/http/etag.h"
#include "../../searchd/http/gzip.h"
#include "tap.h"

static char *csv_of(const char *s)
{
    static polis_buf_t b;
    b.len = 0;
    if (sd_csv_field(&b, s, SD_CSV_INTL) != 0 || polis_buf_puts(&b, "") != 0)
        return NULL;
    return b.data;
}

static void test_csv(void)
{
    is_str(csv_of("plain"), "plain", "csv: a plain field as is");
    is_str(csv_of("a, b"), "\"a, b\"", "csv: a comma quotes the field");
    is_str(csv_of("« le \"quartier\" »"), "\"« le \"\"quartier\"\" »\"",
           "csv: quotes are doubled inside quotes");
    is_str(csv_of("two\r\nlines"), "\"two\r\nlines\"", "csv: line breaks stay, quoted");
    is_str(csv_of(""), "", "csv: empty");
    polis_doc_t d;
    polis_doc_init(&d);
    polis_str_set(&d.id, "x~1", (size_t)-1);
    polis_str_set(&d.title, "Commerce, emploi", (size_t)-1);
    polis_strv_push(&d.authors, "DUPONT Marie");
    polis_strv_push(&d.authors, "LEROY Paul");
    d.kind = POLIS_KIND_REFERENCE;
    snprintf(d.published, sizeof d.published, "2016");
    polis_buf_t b = { 0 };
    ok(sd_csv_header(&b, SD_CSV_INTL) == 0 && sd_csv_row(&b, &d, NULL, NULL, SD_CSV_INTL) == 0,
       "csv: header and row");
    ok(b.data && strstr(b.data, "id,kind,title,authors,date,year,") == b.data &&
           strstr(b.data, "\r\nx~1,reference,\"Commerce, emploi\",DUPONT Marie; LEROY Paul,"
                          "2016,2016,") != NULL,
       "csv: the row under its header, CRLF, lists joined by '; '");
    b.len = 0;
    polis_str_set(&d.title, "Commerce; emploi", (size_t)-1);
    ok(sd_csv_header(&b, SD_CSV_FR) == 0 &&
           sd_csv_row(&b, &d, NULL, "http://x/doc/x~1", SD_CSV_FR) == 0,
       "csv-fr: header and row");
    static const char fr_head[] = "\xEF\xBB\xBFidentifiant;nature;titre;auteurs;date;année;";
    ok(b.data && strncmp(b.data, fr_head, sizeof fr_head - 1) == 0,
       "csv-fr: a BOM, then French column names separated by ';'");
    ok(b.data && strstr(b.data, "\r\nx~1;Référence;\"Commerce; emploi\";DUPONT Marie, LEROY Paul;"
                                "2016;2016;") != NULL,
       "csv-fr: ';' quotes a field, French kind, lists joined by ', '");
    ok(b.data && strstr(b.data, ";http://x/doc/x~1;"), "csv-fr: the notice's URL");
    polis_buf_free(&b);
    polis_doc_clear(&d);
}

static void test_ris(void)
{
    polis_buf_t b = { 0 };
    ok(sd_ris_line(&b, "TI", "  Un titre\r\nsur deux lignes\t \f!  ") == 0, "ris: a line");
    is_str(b.data, "TI  - Un titre sur deux lignes !\r\n",
           "ris: breaks become one space, controls go, ends trimmed");
    b.len = 0;
    ok(sd_ris_line(&b, "AB", " \n ") == 0 && b.len == 0, "ris: nothing for an empty value");
    polis_doc_t d;
    polis_doc_init(&d);
    polis_str_set(&d.id, "isbn-1", (size_t)-1);
    polis_str_set(&d.title, "Les quartiers", (size_t)-1);
    polis_str_set(&d.site_type, "Rapport", (size_t)-1);
    polis_str_set(&d.publisher, "La Documentation française", (size_t)-1);
    polis_strv_push(&d.authors, "A");
    polis_strv_push(&d.authors, "B");
    d.kind = POLIS_KIND_REFERENCE;
    snprintf(d.published, sizeof d.published, "2016-05");
    is_str(sd_ris_type(&d), "RPRT", "ris: a Rapport is RPRT");
    b.len = 0;
    ok(sd_ris_record(&b, &d, NULL) == 0, "ris: a record");
    ok(b.data && strncmp(b.data,
                         "TY  - RPRT\r\nAU  - A\r\nAU  - B\r\nTI  - Les quartiers\r\n"
                         "PY  - 2016\r\nDA  - 2016/05//\r\nPB  - La Documentation",
                         100) == 0,
       "ris: TY first, one AU per author, PY and DA");
    ok(b.data && strlen(b.data) > 8 && strcmp(b.data + strlen(b.data) - 8, "ER  - \r\n") == 0,
       "ris: ER last");
    d.kind = POLIS_KIND_RECAP;
    is_str(sd_ris_type(&d), "ELEC", "ris: a page of the site is ELEC");
    /* An article: its journal is JO and T2, not PB; its numbering VL, IS, SP, EP. */
    d.kind = POLIS_KIND_REFERENCE;
    polis_str_set(&d.site_type, "Article", (size_t)-1);
    polis_str_set(&d.publisher, NULL, 0);
    polis_str_set(&d.container, "Santé publique", (size_t)-1);
    polis_str_set(&d.volume, "32", (size_t)-1);
    polis_str_set(&d.issue, "4", (size_t)-1);
    polis_str_set(&d.pages, "411-420", (size_t)-1);
    polis_str_set(&d.doi, "10.3917/spub.204.0411", (size_t)-1);
    polis_strv_clear(&d.authors);
    polis_strv_push(&d.authors, "MOREL Anne");
    b.len = 0;
    polis_str_set(&d.url, "https://doi.org/10.3917/spub.204.0411", (size_t)-1);
    ok(sd_ris_record(&b, &d, NULL) == 0 && b.data, "ris: an article");
    ok(b.data && strstr(b.data, "TY  - JOUR\r\nAU  - Morel, Anne\r\n") &&
           strstr(b.data, "T2  - Santé publique\r\nJO  - Santé publique\r\n") &&
           strstr(
               b.data,
               "VL  - 32\r\nIS  - 4\r\nSP  - 411\r\nEP  - 420\r\n"
               "DO  - 10.3917/spub.204.0411\r\nUR  - https://doi.org/10.3917/spub.204.0411\r\n") &&
           !strstr(b.data, "PB  - "),
       "ris: JOUR, AU 'Nom, Prénom', T2/JO, VL, IS, SP/EP, DO, UR");
    polis_buf_free(&b);
    polis_doc_clear(&d);
}

static void test_atom(void)
{
    polis_buf_t b = { 0 };
    ok(sd_atom_text(&b, "a < b & \"c\" 'd' >") == 0, "atom: text");
    is_str(b.data, "a &lt; b &amp; &quot;c&quot; &#39;d&#39; &gt;", "atom: the five entities");
    b.len = 0;
    ok(sd_atom_text(&b, "x\x01y\xFFz\xEF\xBF\xBEé") == 0, "atom: bad characters");
    is_str(b.data,
           "x\xEF\xBF\xBDy\xEF\xBF\xBDz\xEF\xBF\xBD"
           "é",
           "atom: controls, bad UTF-8 and U+FFFE become U+FFFD");
    polis_buf_free(&b);
    char t[32];
    ok(sd_paristime_init() == 0, "paris time: Europe/Paris from the tz database");
    ok(sd_atom_time("2017-10-25", t) == 0, "atom: a date");
    is_str(t, "2017-10-25T00:00:00+02:00", "atom: RFC 3339, midnight in Paris, summer time");
    sd_atom_time("2016", t);
    is_str(t, "2016-01-01T00:00:00+01:00", "atom: a year is its first day, winter time");
    sd_atom_time("2025-02-11T08:30", t);
    is_str(t, "2025-02-11T08:30:00+01:00", "atom: modifié le 11/02/2025 - 08:30 is 07:30 UTC");
    sd_atom_time("2017-12-12T17:05", t);
    is_str(t, "2017-12-12T17:05:00+01:00", "atom: a time is Paris's");
    sd_atom_time("2024-03-31T02:30", t);
    is_str(t, "2024-03-31T03:30:00+02:00", "atom: a time skipped in spring reads as after it");
    sd_atom_time("2024-10-27T02:30", t);
    is_str(t, "2024-10-27T02:30:00+02:00", "atom: a time met twice in autumn is the first");
    sd_atom_time("1944-06-06T12:00", t);
    is_str(t, "1944-06-06T12:00:00+02:00", "atom: 1944 from the tz database (UTC+2)");
    time_t when;
    int off;
    ok(sd_paristime_instant("2025-02-11T08:30", &when, &off) == 0 && when == 1739259000 &&
           off == 3600,
       "paris time: the instant of 2025-02-11 08:30 in Paris");
    ok(getenv("TZ") == NULL || strcmp(getenv("TZ"), "Europe/Paris") != 0,
       "paris time: TZ is put back");
    ok(sd_atom_time("hier", t) == -1 && t[0] == '\0', "atom: not a date");
}

static void test_gzip(void)
{
    ok(sd_gzip_accepted("gzip, deflate, br"), "gzip: accepted in a list");
    ok(sd_gzip_accepted("deflate;q=1, GZIP;q=0.5"), "gzip: case and q");
    ok(!sd_gzip_accepted("gzip;q=0"), "gzip: q=0 refuses it");
    ok(!sd_gzip_accepted("gzip;q=0.000, *"), "gzip: named outright wins over *");
    ok(sd_gzip_accepted("*"), "gzip: * accepts it");
    ok(!sd_gzip_accepted("identity"), "gzip: identity only");
    ok(!sd_gzip_accepted(NULL), "gzip: no header");
    ok(sd_gzip_compressible("application/json; charset=utf-8") &&
           sd_gzip_compressible("text/csv; charset=utf-8") && !sd_gzip_compressible("image/png"),
       "gzip: text types, not images");
    char in[4000];
    for (size_t i = 0; i < sizeof in; i++)
        in[i] = "quartier prioritaire "[i % 21];
    char *z = NULL;
    size_t zlen = 0;
    ok(sd_gzip_compress(in, sizeof in, &z, &zlen) == 0 && zlen < sizeof in / 4,
       "gzip: compresses (%zu bytes)", zlen);
    char back[5000];
    z_stream s;
    memset(&s, 0, sizeof s);
    int rc = inflateInit2(&s, 15 + 16);
    s.next_in = (Bytef *)z;
    s.avail_in = (uInt)zlen;
    s.next_out = (Bytef *)back;
    s.avail_out = sizeof back;
    rc = rc == Z_OK ? inflate(&s, Z_FINISH) : rc;
    ok(rc == Z_STREAM_END && s.total_out == sizeof in && memcmp(back, in, sizeof in) == 0,
       "gzip: a gzip stream that inflates back");
    inflateEnd(&s);
    free(z);
}

static void test_cors_cache(void)
{
    ok(sd_cors_allowed("*", "https://a.fr", 12), "cors: * allows any origin");
    ok(sd_cors_allowed("https://a.fr, https://b.fr", "https://b.fr", 12), "cors: listed");
    ok(!sd_cors_allowed("https://a.fr", "https://a.fr.evil", 17), "cors: exact match only");
    ok(!sd_cors_allowed("https://a.fr", "https://a.f", 11), "cors: no prefix match");
    char tag[96];
    sd_etag_make(tag, sizeof tag, "gen-000042", 7);
    is_str(tag, "W/\"gen-000042-7\"", "etag: generation and revision");
    sd_etag_make(tag, sizeof tag, "we\"ird/gen", 1);
    is_str(tag, "W/\"weirdgen-1\"", "etag: odd characters dropped");
    ok(sd_etag_matches("W/\"g-1\"", "W/\"g-1\""), "if-none-match: same tag");
    ok(sd_etag_matches("\"x\", \"g-1\"", "W/\"g-1\""), "if-none-match: weak comparison");
    ok(sd_etag_matches("*", "W/\"g-1\""), "if-none-match: *");
    ok(!sd_etag_matches("W/\"g-2\"", "W/\"g-1\""), "if-none-match: another revision");
    ok(!sd_etag_matches(NULL, "W/\"g-1\""), "if-none-match: absent");
}

int main(void)
{
    test_csv();
    test_ris();
    test_atom();
    test_gzip();
    test_cors_cache();
    return tap_done();
}
