/* test_detect.c — format detection by content, extension as tie-breaker. */
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "../../indexer/parse/detect.h"
#include "tap.h"

static void check(const char *path, const char *buf, size_t len, ix_format_t want, const char *name)
{
    ix_format_t got = ix_detect_format(path, buf, len);
    ok(got == want, "%s: %s (got %s)", name, ix_detect_name(want), ix_detect_name(got));
}

#define CHECK(path, lit, want, name) check(path, lit, sizeof lit - 1, want, name)

static void check_file(const char *rel, ix_format_t want)
{
    size_t len;
    char *buf = corpus_file(rel, &len);
    if (!buf) {
        ok(0, "read %s", rel);
        return;
    }
    check(rel, buf, len, want, rel);
    free(buf);
}

int main(void)
{
    check_file("seed/retour-sur-le-pop-dev-eco-le-quartier-activateur.md", IX_FORMAT_MARKDOWN);
    check_file("biblio/bibliographie-sante-et-quartiers-prioritaires.md", IX_FORMAT_MARKDOWN);
    check_file("html/appel-a-projets-fonds-de-participation-des-habitants-2019.html",
               IX_FORMAT_HTML);
    check_file("html/retour-sur-le-mois-de-l-ess-a-lens.html", IX_FORMAT_HTML);
    check_file("xml/oai-dc-portail-politique-de-la-ville.xml", IX_FORMAT_OAI_DC);
    check_file("xml/mods-centre-de-ressources-irev.xml", IX_FORMAT_MODS);

    CHECK("a.md", "", IX_FORMAT_EMPTY, "empty");
    CHECK("a.md", " \n\t\n", IX_FORMAT_EMPTY, "white space only");
    CHECK("a.md", "\xEF\xBB\xBF\n", IX_FORMAT_EMPTY, "BOM only");
    CHECK("a.html", "abc\0def", IX_FORMAT_BINARY, "NUL byte");
    CHECK("a.xml", "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n", IX_FORMAT_BINARY, "PDF magic");
    CHECK("a.md", "\x1F\x8B\x08\x00", IX_FORMAT_BINARY, "gzip magic");
    CHECK("a.md", "\x01\x02\x03\x04\x05\x06 ab", IX_FORMAT_BINARY, "control bytes");
    /* Content beats the extension. */
    CHECK("page.md", "<!DOCTYPE html><html><body>x</body></html>", IX_FORMAT_HTML,
          "HTML named .md");
    CHECK("page.xml", "<!doctype HTML>\n<p>x", IX_FORMAT_HTML, "doctype html, any case");
    CHECK("page.txt", "<html lang=\"fr\"><p>x", IX_FORMAT_HTML, "<html> without doctype");
    CHECK("export.md", "<?xml version=\"1.0\"?>\n<!-- c -->\n<OAI-PMH xmlns=\"x\">",
          IX_FORMAT_OAI_DC, "OAI named .md");
    CHECK(NULL, "<?xml version=\"1.0\"?><mods:modsCollection xmlns:mods=\"x\">", IX_FORMAT_MODS,
          "prefixed MODS root");
    CHECK(NULL, "<mods xmlns=\"http://www.loc.gov/mods/v3\"><titleInfo/></mods>", IX_FORMAT_MODS,
          "single mods");
    CHECK("a.xml", "<?xml version=\"1.0\"?><rss version=\"2.0\">", IX_FORMAT_UNKNOWN_XML,
          "other XML");
    CHECK("a.xml", "<?xml version=\"1.0\"?>", IX_FORMAT_UNKNOWN_XML, "declaration only");
    CHECK("a.xml", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>",
          IX_FORMAT_UNKNOWN_XML, "DOCTYPE skipped to the root");
    CHECK("page.html", "Texte\n\nType d'actualites: [Actu](#) [1]\n", IX_FORMAT_MARKDOWN,
          "print export named .html");
    CHECK(NULL, "\n\n# Titre\n\nTexte.", IX_FORMAT_MARKDOWN, "heading, no name");
    CHECK("notes.md", "<https://irev.fr> est le site.", IX_FORMAT_MARKDOWN, "autolink is no tag");
    /* Nothing in the content: the extension decides. */
    CHECK("notes.md", "Du texte sans marque.", IX_FORMAT_MARKDOWN, "plain text .md");
    CHECK("notes", "Du texte sans marque.", IX_FORMAT_UNKNOWN, "plain text, no extension");
    CHECK("themes.tsv", "# id\tlabel\nsante\tSanté\n", IX_FORMAT_UNKNOWN,
          "'# ' comments of a .tsv are no headings");
    CHECK("frag.html", "<div>x</div>", IX_FORMAT_HTML, "fragment .html");
    CHECK("frag.md", "<div>x</div>", IX_FORMAT_MARKDOWN, "fragment .md");
    CHECK("latin1.html", "<p>caf\xE9</p>", IX_FORMAT_HTML, "Latin-1 bytes are text");
    /* UTF-16 with a byte-order mark. */
    static const char u16[] = "\xFF\xFE<\0?\0x\0m\0l\0 \0?\0>\0<\0O\0A\0I\0-\0P\0M\0H\0>\0";
    check("a.xml", u16, sizeof u16 - 1, IX_FORMAT_OAI_DC, "UTF-16LE OAI-PMH");

    char cs[48];
    static const char m1[] =
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\" />";
    is_str(ix_detect_charset(m1, sizeof m1 - 1, cs, sizeof cs), "windows-1252",
           "charset: latin-1 read as windows-1252");
    static const char m2[] = "<meta charset=\"utf-8\">";
    ok(ix_detect_charset(m2, sizeof m2 - 1, cs, sizeof cs) == NULL,
       "charset: UTF-8 left to libxml2");
    static const char m3[] = "<script>var charset='koi8-r'</script><meta charset=koi8-r>";
    is_str(ix_detect_charset(m3, sizeof m3 - 1, cs, sizeof cs), "koi8-r",
           "charset: only inside <meta>");
    return tap_done();
}
