/* detect.c — format detection by content, extension as tie-breaker; see detect.h. */
#include "parse/detect.h"

#include <string.h>
#include <strings.h>

/* How much of a file the sniffing reads: the prolog, the root element and the
 * first paragraphs are always within this. */
#define SNIFF_MAX (64u << 10)

/* The UTF-16 projection only needs the prolog and root element. */
#define WIDE_MAX 4096u

const char *ix_detect_name(ix_format_t format)
{
    switch (format) {
    case IX_FORMAT_EMPTY: return "empty";
    case IX_FORMAT_BINARY: return "binary";
    case IX_FORMAT_MARKDOWN: return "markdown";
    case IX_FORMAT_HTML: return "html";
    case IX_FORMAT_OAI_DC: return "oai_dc";
    case IX_FORMAT_MODS: return "mods";
    case IX_FORMAT_UNKNOWN_XML: return "xml";
    case IX_FORMAT_UNKNOWN: break;
    }
    return "unknown";
}

/* The extension of path's last component, without the dot, or "". */
static const char *ext_of(const char *path)
{
    if (!path)
        return "";
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? dot + 1 : "";
}

static int ext_is(const char *ext, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcasecmp(ext, list[i]) == 0)
            return 1;
    return 0;
}

static const char *const md_exts[] = { "md", "markdown", "mdown", "txt", NULL };
static const char *const html_exts[] = { "html", "htm", "xhtml", NULL };
static const char *const xml_exts[] = { "xml", NULL };

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}

static int starts_ci(const char *p, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(end - p) >= n && strncasecmp(p, lit, n) == 0;
}

static const char *find(const char *p, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    if (p >= end)
        return NULL;
    return memmem(p, (size_t)(end - p), lit, n);
}

/* Case-insensitive search, for "<html" and "<body" anywhere in the sniffed part. */
static int contains_ci(const char *p, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    for (; p + n <= end; p++)
        if (strncasecmp(p, lit, n) == 0)
            return 1;
    return 0;
}

static int is_magic_binary(const unsigned char *u, size_t n)
{
    static const struct {
        const char *sig;
        size_t len;
    } magic[] = {
        { "%PDF", 4 },
        { "PK\x03\x04", 4 },
        { "\x89PNG", 4 },
        { "GIF8", 4 },
        { "\xFF\xD8\xFF", 3 },
        { "\x1F\x8B", 2 },
        { "\x7F"
          "ELF",
          4 },
        { "BZh", 3 },
        { "\xFD"
          "7zXZ",
          5 },
    };
    for (size_t i = 0; i < sizeof magic / sizeof magic[0]; i++)
        if (n >= magic[i].len && memcmp(u, magic[i].sig, magic[i].len) == 0)
            return 1;
    return 0;
}

/* NUL bytes never occur in the text formats read here (UTF-16 is handled
 * before), and more than one control byte in ten means a binary blob. */
static int looks_binary(const unsigned char *u, size_t n)
{
    size_t ctrl = 0;
    for (size_t i = 0; i < n; i++) {
        if (u[i] == 0)
            return 1;
        if (u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' && u[i] != '\r' && u[i] != '\f')
            ctrl++;
    }
    return ctrl * 10 > n;
}

static int is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == ':' || (unsigned char)c >= 0x80;
}

/* Data files whose "# " lines are comments, not headings. */
static const char *const data_exts[] = { "tsv",  "csv", "json", "yml", "yaml", "ini",
                                         "conf", "cfg", "sh",   "py",  NULL };

/* The marks of the site's Markdown print export; headings alone are a weak
 * sign, which a data file's extension overrules. */
static int looks_markdown(const char *p, const char *end, const char *ext)
{
    static const char *const marks[] = { "URL de la source",   "### Liens",    "](#)",
                                         "Type d'actualites:", "Thématiques:", NULL };
    for (size_t i = 0; marks[i]; i++)
        if (find(p, end, marks[i]))
            return 1;
    if (ext_is(ext, data_exts))
        return 0;
    return find(p, end, "\n# ") || find(p, end, "\n## ") || starts_ci(p, end, "# ") ||
           starts_ci(p, end, "## ");
}

static ix_format_t by_root(const char *name, size_t n, int xml_decl, const char *ext, const char *p,
                           const char *end)
{
    const char *colon = memchr(name, ':', n);
    if (colon) {
        n -= (size_t)(colon + 1 - name);
        name = colon + 1;
    }
#define ROOT_IS(lit) (n == strlen(lit) && strncasecmp(name, lit, n) == 0)
    if (ROOT_IS("html") || ROOT_IS("head") || ROOT_IS("body"))
        return IX_FORMAT_HTML;
    if (ROOT_IS("OAI-PMH"))
        return IX_FORMAT_OAI_DC;
    if (ROOT_IS("modsCollection") || ROOT_IS("mods"))
        return IX_FORMAT_MODS;
#undef ROOT_IS
    if (xml_decl)
        return IX_FORMAT_UNKNOWN_XML;
    /* A fragment starting with some other tag: the extension decides. */
    if (ext_is(ext, html_exts) || contains_ci(p, end, "<html") || contains_ci(p, end, "<body"))
        return IX_FORMAT_HTML;
    if (ext_is(ext, md_exts))
        return IX_FORMAT_MARKDOWN;
    return IX_FORMAT_UNKNOWN_XML;
}

/* Sniff text (already known not to be binary). */
static ix_format_t sniff_text(const char *ext, const char *p, const char *end)
{
    const char *start = p;
    int xml_decl = 0;
    for (;;) {
        while (p < end && is_ws(*p))
            p++;
        if (starts_ci(p, end, "<?xml")) {
            xml_decl = 1;
            const char *q = find(p, end, "?>");
            if (!q)
                return IX_FORMAT_UNKNOWN_XML;
            p = q + 2;
        } else if (starts_ci(p, end, "<?")) {
            const char *q = find(p, end, "?>");
            if (!q)
                break;
            p = q + 2;
        } else if (starts_ci(p, end, "<!--")) {
            const char *q = find(p + 4, end, "-->");
            if (!q)
                break;
            p = q + 3;
        } else if (starts_ci(p, end, "<!DOCTYPE")) {
            const char *q = p + 9;
            while (q < end && is_ws(*q))
                q++;
            if (starts_ci(q, end, "html") && (q + 4 == end || !is_name_char(q[4])))
                return IX_FORMAT_HTML;
            /* Skip the DOCTYPE, its internal subset included. */
            int depth = 0;
            while (q < end && !(*q == '>' && depth == 0)) {
                depth += *q == '[' ? 1 : *q == ']' ? -1 : 0;
                q++;
            }
            p = q < end ? q + 1 : end;
        } else {
            break;
        }
    }
    if (p < end && *p == '<' && p + 1 < end && is_name_char(p[1]) && p[1] != '-' && p[1] != '.' &&
        p[1] != ':') {
        const char *name = p + 1, *q = name;
        while (q < end && is_name_char(*q))
            q++;
        /* A real start tag ends its name with space, '>' or "/>"; Markdown
         * autolinks like <https://...> do not. */
        if (q == end || is_ws(*q) || *q == '>' || (*q == '/' && q + 1 < end && q[1] == '>'))
            return by_root(name, (size_t)(q - name), xml_decl, ext, start, end);
    }
    if (xml_decl)
        return IX_FORMAT_UNKNOWN_XML;
    if (looks_markdown(p, end, ext))
        return IX_FORMAT_MARKDOWN;
    if (ext_is(ext, md_exts))
        return IX_FORMAT_MARKDOWN;
    if (ext_is(ext, html_exts) && find(p, end, "<"))
        return IX_FORMAT_HTML;
    if (ext_is(ext, xml_exts) && p < end && *p == '<')
        return IX_FORMAT_UNKNOWN_XML;
    return IX_FORMAT_UNKNOWN;
}

ix_format_t ix_detect_format(const char *path, const char *buf, size_t len)
{
    if (!buf || len == 0)
        return IX_FORMAT_EMPTY;
    const char *ext = ext_of(path);
    const unsigned char *u = (const unsigned char *)buf;
    size_t n = len < SNIFF_MAX ? len : SNIFF_MAX;

    /* UTF-16: sniff the ASCII projection of its start (every other byte). */
    int le = n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == '<' && u[1] == 0));
    int be = n >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0 && u[1] == '<'));
    if (le || be) {
        char wide[WIDE_MAX];
        size_t w = 0;
        for (size_t i = (u[0] == '<' || u[1] == '<') ? 0 : 2; i + 1 < n && w < WIDE_MAX; i += 2) {
            unsigned char lo = le ? u[i] : u[i + 1], hi = le ? u[i + 1] : u[i];
            wide[w++] = hi == 0 && lo != 0 ? (char)lo : '?';
        }
        size_t k = 0;
        while (k < w && is_ws(wide[k]))
            k++;
        if (k == w)
            return IX_FORMAT_EMPTY;
        return sniff_text(ext, wide, wide + w);
    }

    size_t skip = n >= 3 && memcmp(u, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    size_t k = skip;
    while (k < len && is_ws(buf[k]))
        k++;
    if (k == len)
        return IX_FORMAT_EMPTY;
    if (is_magic_binary(u + skip, n - skip) || looks_binary(u, n))
        return IX_FORMAT_BINARY;
    return sniff_text(ext, buf + skip, buf + n);
}

/* The charset declaration is always near the top of a page. */
#define CHARSET_SNIFF 8192u

const char *ix_detect_charset(const char *buf, size_t len, char *out, size_t outlen)
{
    size_t n = len < CHARSET_SNIFF ? len : CHARSET_SNIFF;
    if (n >= 2 && (((unsigned char)buf[0] == 0xFF && (unsigned char)buf[1] == 0xFE) ||
                   ((unsigned char)buf[0] == 0xFE && (unsigned char)buf[1] == 0xFF) ||
                   ((unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB)))
        return NULL;
    for (size_t i = 0; i + 8 < n; i++) {
        if (strncasecmp(buf + i, "charset", 7) != 0)
            continue;
        /* Only inside a <meta> tag: a script or a text may say "charset" too. */
        size_t lt = i;
        while (lt > 0 && buf[lt] != '<' && buf[lt] != '>')
            lt--;
        if (buf[lt] != '<' || strncasecmp(buf + lt, "<meta", 5) != 0)
            continue;
        size_t j = i + 7;
        while (j < n && (buf[j] == ' ' || buf[j] == '=' || buf[j] == '"' || buf[j] == '\''))
            j++;
        size_t k = 0;
        while (j < n && k + 1 < outlen &&
               ((buf[j] >= 'a' && buf[j] <= 'z') || (buf[j] >= 'A' && buf[j] <= 'Z') ||
                (buf[j] >= '0' && buf[j] <= '9') || buf[j] == '-' || buf[j] == '_' ||
                buf[j] == '.' || buf[j] == ':'))
            out[k++] = buf[j++];
        out[k] = '\0';
        if (k == 0 || strcasecmp(out, "utf-8") == 0 || strcasecmp(out, "utf8") == 0)
            return NULL;
        /* As browsers do (WHATWG Encoding): pages labelled Latin-1 or ASCII
         * are decoded as windows-1252, where 0x80-0x9F hold œ, €, ’... */
        static const char *const latin[] = { "iso-8859-1", "iso8859-1",    "iso_8859-1", "latin1",
                                             "latin-1",    "l1",           "us-ascii",   "ascii",
                                             "cp1252",     "windows-1252", "x-cp1252",   NULL };
        for (size_t l = 0; latin[l]; l++)
            if (strcasecmp(out, latin[l]) == 0)
                return "windows-1252";
        return out;
    }
    return NULL;
}
