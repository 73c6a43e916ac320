/* test_htmlenc.c — searchd/html.c, the HTML encoder: escaping per context,
 * the <mark>-only sanitizer, link schemes, and the bounded buffer. */
#include <stdlib.h>
#include <string.h>

#include "../../searchd/page/htmlenc.h"
#include "../../searchd/page/render.h"
#include "tap.h"

/* The page's French for the shim's and the parameters' English. */
static void french(const char *en, const char *want, int known)
{
    char out[300];
    int got = sd_page_french(en, out, sizeof out);
    is_str(out, want, en);
    is_int(got, known, "  ... known or not");
}

static void test_french(void)
{
    french("the quote (\") at character 1 is never closed",
           "le guillemet (\") du caractère 1 n’est jamais fermé", 1);
    french("OR needs a search term on each side (character 8)",
           "OR doit avoir un mot à chercher de chaque côté (caractère 8)", 1);
    french("title: needs a word after it, as in title:quartier",
           "title: doit être suivi d’un mot, par exemple title:quartier", 1);
    french("theme: no theme is called \"<b>\"",
           "theme: aucune thématique ne s’appelle «\xC2\xA0<b>\xC2\xA0»", 1);
    french("per_page: must be an integer from 1 to 100",
           "per_page: doit être un nombre entier de 1 à 100", 1);
    french("something new", "la demande n’a pas pu être comprise", 0);
    char small[16];
    sd_page_french("per_page: must be an integer from 1 to 100", small, sizeof small);
    is_str(small, "per_page: doit ", "french: cut to the room given, NUL-terminated");
    char tiny[17]; /* room for "per_page: doit " and the first byte of "ê" */
    sd_page_french("per_page: must be an integer from 1 to 100", tiny, sizeof tiny);
    is_str(tiny, "per_page: doit ", "french: never inside a character");
}

/* Run one encoder on s and return the malloc()ed result. */
static char *enc(void (*fn)(sd_htmlenc_t *, const char *), const char *s)
{
    sd_htmlenc_t b;
    sd_htmlenc_init(&b, 1u << 20);
    fn(&b, s);
    size_t len;
    return sd_htmlenc_finish(&b, &len);
}

static void check(void (*fn)(sd_htmlenc_t *, const char *), const char *in, const char *want,
                  const char *name)
{
    char *got = enc(fn, in);
    is_str(got, want, name);
    free(got);
}

int main(void)
{
    /* Text and attributes: every character that matters, both quotes. */
    check(sd_htmlenc_text, "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;",
          "text: <script> is escaped");
    check(sd_htmlenc_text, "\"><img src=x onerror=alert(1)>",
          "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", "text: attribute breakout is escaped");
    check(sd_htmlenc_attr, "a'b\"c&d", "a&#39;b&quot;c&amp;d", "attr: both quotes and &");
    check(sd_htmlenc_text, "Développement économique, cœur", "Développement économique, cœur",
          "text: UTF-8 passes unchanged");
    check(sd_htmlenc_text,
          "a\x01"
          "b\x7f"
          "c\td\ne",
          "abc\td\ne", "text: control characters dropped, tab and newline kept");
    check(sd_htmlenc_text, "bad \xff\xfe byte \xc3",
          "bad \xEF\xBF\xBD\xEF\xBF\xBD byte \xEF\xBF\xBD",
          "text: bytes that are not UTF-8 become U+FFFD");
    check(sd_htmlenc_text, "\xed\xa0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD",
          "text: an encoded surrogate is not UTF-8");
    check(sd_htmlenc_text, "\xc0\xaf", "\xEF\xBF\xBD\xEF\xBF\xBD",
          "text: an overlong form is not UTF-8");

    /* Query values: percent-encoding leaves nothing for HTML to read. */
    check(sd_htmlenc_query, "a b&c=d\"<é", "a%20b%26c%3Dd%22%3C%C3%A9",
          "query: reserved and UTF-8 bytes");
    check(sd_htmlenc_query, "Actu de l'IREV", "Actu%20de%20l%27IREV", "query: apostrophe");

    /* The shim's highlighted HTML: <mark> kept, everything else escaped. */
    check(sd_htmlenc_marked, "le <mark>quartier</mark> &amp; l&#39;emploi",
          "le <mark>quartier</mark> &amp; l&#39;emploi", "marked: marks and references pass");
    check(sd_htmlenc_marked, "<mark>a</mark><script>alert(1)</script>",
          "<mark>a</mark>&lt;script&gt;alert(1)&lt;/script&gt;", "marked: other tags are escaped");
    check(sd_htmlenc_marked, "<mark onclick=x>a</mark>", "&lt;mark onclick=x&gt;a&lt;/mark&gt;",
          "marked: a mark with attributes is not a mark, nor the close that follows");
    check(sd_htmlenc_marked, "<mark>open", "<mark>open</mark>",
          "marked: an unclosed mark is closed");
    check(sd_htmlenc_marked, "a & b &bogus c &#x41; &#;", "a &amp; b &amp;bogus c &#x41; &amp;#;",
          "marked: a bare & is escaped, well-formed references kept");
    check(sd_htmlenc_marked, "\"'>", "&quot;&#39;&gt;", "marked: quotes and > are escaped");
    check(sd_htmlenc_marked, "x\xff", "x\xEF\xBF\xBD", "marked: a stray byte becomes U+FFFD");

    /* Links: http(s) only. */
    ok(sd_htmlenc_url_ok("https://irev.fr/actualites-0/x"), "url: https");
    ok(sd_htmlenc_url_ok("HTTP://IREV.FR/"), "url: scheme in capitals");
    ok(!sd_htmlenc_url_ok("javascript:alert(1)"), "url: javascript: refused");
    ok(!sd_htmlenc_url_ok("JaVaScRiPt:alert(1)//https://irev.fr/"),
       "url: javascript: in mixed case refused");
    ok(!sd_htmlenc_url_ok("data:text/html,<script>alert(1)</script>"), "url: data: refused");
    ok(!sd_htmlenc_url_ok(" https://irev.fr/"), "url: leading space refused");
    ok(!sd_htmlenc_url_ok("//evil.example/"), "url: protocol-relative refused");
    ok(!sd_htmlenc_url_ok("/search?q=x"), "url: relative refused");
    ok(!sd_htmlenc_url_ok("https://"), "url: no host refused");
    ok(!sd_htmlenc_url_ok("https://irev.fr/a\"onmouseover=alert(1)"), "url: a quote refused");
    ok(!sd_htmlenc_url_ok("https://irev.fr/a\nb"), "url: a newline refused");
    ok(!sd_htmlenc_url_ok(NULL), "url: NULL refused");

    /* The buffer: printf for searchd's own markup, a hard maximum. */
    sd_htmlenc_t b;
    sd_htmlenc_init(&b, 1u << 20);
    sd_htmlenc_rawf(&b, "<p>%u</p>", 42u);
    char big[600];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    sd_htmlenc_rawf(&b, "%s", big); /* past the small stack buffer */
    size_t len;
    char *out = sd_htmlenc_finish(&b, &len);
    ok(out != NULL && len == 9 + 599 && strncmp(out, "<p>42</p>xxx", 12) == 0,
       "rawf: short and long outputs");
    free(out);

    sd_htmlenc_init(&b, 16);
    sd_htmlenc_raw(&b, "0123456789");
    sd_htmlenc_text(&b, "<<<<"); /* 16 bytes more: past the maximum */
    sd_htmlenc_raw(&b, "x");
    out = sd_htmlenc_finish(&b, &len);
    ok(out == NULL, "a buffer past its maximum fails as a whole");
    sd_htmlenc_free(&b);

    sd_htmlenc_init(&b, 16);
    out = sd_htmlenc_finish(&b, &len);
    ok(out != NULL && len == 0 && out[0] == '\0', "an empty buffer gives an empty string");
    free(out);
    test_french();
    return tap_done();
}
