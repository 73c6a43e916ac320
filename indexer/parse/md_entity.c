/* indexer/md_entity.c — HTML character references, as Markdown and YAML
 * front matter carry them.  See md_entity.h. */
#include "parse/md_entity.h"

#include <libxml/HTMLparser.h>
#include <md4c-html.h>
#include <string.h>
#include <utf8proc.h>

static int append_cp(polis_buf_t *out, utf8proc_int32_t cp)
{
    utf8proc_uint8_t b[4];
    if (cp <= 0 || !utf8proc_codepoint_valid(cp))
        cp = 0xFFFD;
    utf8proc_ssize_t n = utf8proc_encode_char(cp, b);
    return polis_buf_append(out, (const char *)b, (size_t)n);
}

typedef struct {
    polis_buf_t *out;
    size_t from;
} html_out_t;

static void html_out(const MD_CHAR *s, MD_SIZE n, void *ctx)
{
    html_out_t *h = ctx;
    (void)polis_buf_append(h->out, s, n);
}

/* An entity libxml2 does not know (it has HTML 4's): md4c's HTML renderer
 * has HTML5's table, and renders "&name;" alone as "<p>TEXT</p>\n", TEXT
 * escaped for HTML again. */
static int html5_entity(const char *s, size_t len, polis_buf_t *out)
{
    polis_buf_t html = { .max = 256 };
    html_out_t h = { &html, 0 };
    int rc = md_html(s, (MD_SIZE)len, html_out, &h, 0, 0);
    const char *p = html.data;
    size_t n = html.len;
    if (rc != 0 || n < 8 || strncmp(p, "<p>", 3) != 0 || strncmp(p + n - 5, "</p>\n", 5) != 0) {
        polis_buf_free(&html);
        return polis_buf_append(out, s, len);
    }
    static const struct {
        const char *esc, *text;
    } escaped[] = { { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" } };
    int res = 0;
    for (size_t i = 3; res == 0 && i < n - 5; i++) {
        size_t k = 0;
        while (k < 4 && strncmp(p + i, escaped[k].esc, strlen(escaped[k].esc)) != 0)
            k++;
        if (k < 4) {
            res = polis_buf_puts(out, escaped[k].text);
            i += strlen(escaped[k].esc) - 1;
        } else {
            res = polis_buf_append(out, p + i, 1);
        }
    }
    polis_buf_free(&html);
    return res;
}

int ix_md_entity(const char *s, size_t len, polis_buf_t *out)
{
    if (len < 3 || s[0] != '&' || s[len - 1] != ';')
        return polis_buf_append(out, s, len);
    if (s[1] == '#') {
        int hex = s[2] == 'x' || s[2] == 'X';
        long cp = 0;
        size_t i = hex ? 3 : 2;
        if (i >= len - 1 || len - 1 - i > 7)
            return polis_buf_append(out, s, len);
        for (; i < len - 1; i++) {
            char c = s[i];
            int v = c >= '0' && c <= '9'          ? c - '0'
                    : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                  : -1;
            if (v < 0)
                return polis_buf_append(out, s, len);
            cp = cp * (hex ? 16 : 10) + v;
        }
        return append_cp(out, (utf8proc_int32_t)(cp > 0x10FFFF ? 0xFFFD : cp));
    }
    char name[64];
    if (len - 2 >= sizeof name)
        return polis_buf_append(out, s, len);
    memcpy(name, s + 1, len - 2);
    name[len - 2] = '\0';
    const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
    if (e)
        return append_cp(out, (utf8proc_int32_t)e->value);
    if (strcmp(name, "apos") == 0)
        return polis_buf_puts(out, "'");
    return html5_entity(s, len, out);
}
