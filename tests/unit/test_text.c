/* test_text.c — folding must treat French text the same way at index and query time. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "polis/text.h"
#include "tap.h"

static char *fold(const char *s)
{
    polis_buf_t b = { 0 };
    if (polis_text_fold(s, strlen(s), &b) != 0)
        return NULL;
    return b.data ? b.data : strdup("");
}

static char *fold_query(const char *s)
{
    polis_buf_t b = { 0 };
    if (polis_text_fold_query(s, strlen(s), &b) != 0)
        return NULL;
    return b.data ? b.data : strdup("");
}

static void check_fold(const char *in, const char *want)
{
    char *got = fold(in);
    char name[256];
    snprintf(name, sizeof name, "fold(\"%s\")", in);
    is_str(got, want, name);
    free(got);
}

int main(void)
{
    check_fold("Développement économique", "developpement economique");
    check_fold("DÉVELOPPEMENT ÉCONOMIQUE", "developpement economique");
    check_fold("cœur de quartier", "coeur de quartier");
    check_fold("main-d'œuvre", "main-oeuvre");
    check_fold("main-d’œuvre", "main-oeuvre");
    check_fold("l'innovation", "innovation");
    check_fold("l’innovation", "innovation");
    check_fold("d'activité", "activite");
    check_fold("qu’il", "il");
    check_fold("jusqu'à Lille", "a lille");
    check_fold("aujourd'hui", "aujourd hui");
    check_fold("Hauts-de-France", "hauts-de-france");
    check_fold("Ægypte ÆSTHÉTIQUE", "aegypte aesthetique");
    check_fold("« Quartiers »", "\" quartiers \"");
    check_fold("ﬁnancement", "financement");
    check_fold("Straße", "strasse");
    check_fold("", "");
    check_fold("bad \xff\xfe utf8", "bad  utf8");

    char *q = fold_query("Développement AND l'Emploi OR NOT Québec");
    is_str(q, "developpement AND emploi OR NOT quebec", "query keeps upper-case operators");
    free(q);
    q = fold_query("ANDROID ORNE and or");
    is_str(q, "android orne and or", "operators only as whole upper-case words");
    free(q);
    q = fold_query("Jeunes ADJ Emploi NEAR/3 Ville XOR Adj");
    is_str(q, "jeunes ADJ emploi NEAR/3 ville XOR adj", "ADJ and NEAR/3 kept as operators");
    free(q);
    ok(polis_text_is_operator("ADJ", 3) && polis_text_is_operator("NEAR", 4) &&
           !polis_text_is_operator("adj", 3) && !polis_text_is_operator("NEARBY", 6),
       "polis_text_is_operator: upper-case whole operators only");
    q = fold_query("title:\"Cœur de ville\" -zfu");
    is_str(q, "title:\"coeur de ville\" -zfu", "field prefixes, phrases and minus survive");
    free(q);

    ok(polis_text_valid_utf8("é", 2), "valid utf-8");
    ok(!polis_text_valid_utf8("\xc3", 1), "truncated sequence is invalid");
    ok(!polis_text_valid_utf8("\xc0\xaf", 2), "overlong is invalid");
    ok(!polis_text_valid_utf8("\xed\xa0\x80", 3), "surrogate is invalid");

    const char *t = "L’emploi, c'est 3 quartiers.";
    size_t pos = 0, s, e;
    int n = 0;
    char words[8][32];
    while (n < 8 && polis_text_next_word(t, strlen(t), &pos, &s, &e)) {
        snprintf(words[n], sizeof words[n], "%.*s", (int)(e - s), t + s);
        n++;
    }
    is_int(n, 6, "six words");
    is_str(words[1], "emploi", "apostrophe splits words");
    is_str(words[4], "3", "digits are words");

    polis_buf_t slug = { 0 };
    ok(polis_text_slug("Retour sur le Pop-Up « dév éco » !", 35, &slug) == 0, "slug ok");
    is_str(slug.data, "retour-sur-le-pop-up-dev-eco", "slug is folded and dashed");
    polis_buf_free(&slug);

    polis_buf_t small = { .max = 4 };
    ok(polis_buf_append(&small, "abcd", 4) == 0, "buffer fills to its limit");
    ok(polis_buf_append(&small, "e", 1) != 0, "buffer refuses to grow past its limit");
    polis_buf_free(&small);

    ok(polis_text_is_elision("qu", 2) && !polis_text_is_elision("que", 3), "elision particles");
    /* Particles typed as words: dropped before a vowel or an h only. */
    const struct {
        const char *in, *out;
        int dropped;
    } lone[] = {
        { "acces a l emploi", "acces a emploi", 1 },
        { "l acces a l emploi", "acces a emploi", 2 },
        { "article l 2121", "article l 2121", 0 },
        { "  d   habitants ", "habitants", 1 },
        { "l hopital qu il", "hopital il", 2 },
        { "c est", "est", 1 },
        { "de l", "de l", 0 },
        { "d la", "d la", 0 },
        { "", "", 0 },
    };
    for (size_t i = 0; i < sizeof lone / sizeof lone[0]; i++) {
        polis_buf_t kept = { 0 };
        int n = polis_text_drop_elisions(lone[i].in, strlen(lone[i].in), &kept);
        ok(n == lone[i].dropped && kept.len == strlen(lone[i].out) &&
               (kept.len == 0 || memcmp(kept.data, lone[i].out, kept.len) == 0),
           "drop_elisions: '%s' -> '%s' (%d dropped; got %d, '%.*s')", lone[i].in, lone[i].out,
           lone[i].dropped, n, (int)kept.len, kept.data ? kept.data : "");
        polis_buf_free(&kept);
    }
    polis_buf_t tiny = { .max = 3 };
    is_int(polis_text_drop_elisions("l emploi", 8, &tiny), -1, "drop_elisions: -1 when out is full");
    polis_buf_free(&tiny);
    is_int(polis_text_percent_byte("a%2Fb", 5, 1), '/', "percent byte: %2F is a slash");
    is_int(polis_text_percent_byte("%c3%A9", 6, 3), 0xA9, "percent byte: either case");
    is_int(polis_text_percent_byte("%4", 2, 0), -1, "percent byte: one digit is not an escape");
    is_int(polis_text_percent_byte("%41", 2, 0), -1, "percent byte: nothing read past len");
    is_int(polis_text_percent_byte("%zz", 3, 0), -1, "percent byte: not hex");
    is_int(polis_text_percent_byte("a41", 3, 0), -1, "percent byte: no percent sign");

    uint32_t cp = 0;
    is_int(polis_text_utf8_decode("a", 1, &cp), 1, "utf8 decode: ASCII is one byte");
    is_int(cp, 'a', "utf8 decode: ... its code point");
    is_int(polis_text_utf8_decode("\xE2\x80\x99x", 4, &cp), 3, "utf8 decode: ’ is three bytes");
    is_int(cp, 0x2019, "utf8 decode: ... U+2019");
    is_int(polis_text_utf8_decode("\xF0\x9F\x98\x80", 4, NULL), 4, "utf8 decode: four bytes");
    is_int(polis_text_utf8_decode("\xEF\xBF\xBE", 3, &cp), 3, "utf8 decode: U+FFFE is UTF-8");
    is_int(polis_text_utf8_decode("\xE2\x80", 2, &cp), 0, "utf8 decode: cut short");
    is_int(polis_text_utf8_decode("\x80", 1, &cp), 0, "utf8 decode: stray continuation");
    is_int(polis_text_utf8_decode("\xC0\xAF", 2, &cp), 0, "utf8 decode: overlong");
    is_int(polis_text_utf8_decode("\xED\xA0\x80", 3, &cp), 0, "utf8 decode: surrogate");
    is_int(polis_text_utf8_decode("\xF4\x90\x80\x80", 4, &cp), 0, "utf8 decode: past U+10FFFF");
    is_int(polis_text_utf8_decode("", 0, &cp), 0, "utf8 decode: nothing");
    polis_buf_t fixed = { 0 };
    /* Octal escapes: a hex escape would swallow the "b" after \xFF. */
    ok(polis_text_utf8_repair("a\377b\303\251\342\200", 7, &fixed) == 0, "utf8 repair");
    is_str(fixed.data,
           "a\xEF\xBF\xBD"
           "b\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBD",
           "utf8 repair: one U+FFFD per bad byte, the rest kept");
    polis_buf_free(&fixed);
    /* Reference values of 64-bit FNV-1a. */
    ok(polis_text_hash64("", 0) == 0xcbf29ce484222325u, "hash64: the empty string");
    ok(polis_text_hash64("a", 1) == 0xaf63dc4c8601ec8cu, "hash64: \"a\"");
    ok(polis_text_hash64("foobar", 6) == 0x85944171f73967e8u, "hash64: \"foobar\"");
    return tap_done();
}
