/* bibtex.c — documents as BibTeX entries.
 *
 * Values are braced ({…}), so quotes need nothing; LaTeX's special
 * characters are escaped, and an organisation's name is braced once more
 * ({{Agence nationale…}}) so that no reader splits it into first and last
 * names.  The text stays UTF-8, which every current reader takes.
 */
#include "api/bibtex.h"

#include <string.h>

#include "api/cite.h"

int sd_bibtex_text(polis_buf_t *out, const char *s)
{
    int err = 0;
    for (const char *p = s != NULL ? s : ""; *p != '\0' && !err; p++) {
        unsigned char c = (unsigned char)*p;
        switch (c) {
        case '&':
        case '%':
        case '$':
        case '#':
        case '_':
        case '{':
        case '}': err = polis_buf_printf(out, "\\%c", c); break;
        case '\\': err = polis_buf_puts(out, "\\textbackslash{}"); break;
        case '~': err = polis_buf_puts(out, "\\textasciitilde{}"); break;
        case '^': err = polis_buf_puts(out, "\\textasciicircum{}"); break;
        case '\t':
        case '\r':
        case '\n': err = polis_buf_append(out, " ", 1); break;
        default:
            if (c >= 0x20 && c != 0x7F)
                err = polis_buf_append(out, p, 1);
        }
    }
    return err;
}

const char *sd_bibtex_type(const polis_doc_t *doc)
{
    static const char *const types[] = {
        [SD_CITE_GENERIC] = "misc",
        [SD_CITE_ARTICLE] = "article",
        [SD_CITE_BOOK] = "book",
        [SD_CITE_CHAPTER] = "incollection",
        [SD_CITE_REPORT] = "techreport",
        [SD_CITE_THESIS] = "phdthesis",
        [SD_CITE_CONFERENCE] = "inproceedings",
        [SD_CITE_WEBPAGE] = "online",
    };
    return types[sd_cite_type(doc)];
}

/* "  name = {value},\n"; nothing for an empty value. */
static int field(polis_buf_t *out, const char *name, const char *value)
{
    if (value == NULL || value[0] == '\0')
        return 0;
    int err = polis_buf_printf(out, "  %s = {", name);
    err |= sd_bibtex_text(out, value);
    err |= polis_buf_puts(out, "},\n");
    return err;
}

/* "  name = {value},\n" for a URL or a DOI, which readers take verbatim
 * (biblatex, the url package): as is, but braces, white space and controls
 * percent-encoded, so the value cannot end early. */
static int verbatim(polis_buf_t *out, const char *name, const char *value)
{
    if (value == NULL || value[0] == '\0')
        return 0;
    int err = polis_buf_printf(out, "  %s = {", name);
    for (const unsigned char *p = (const unsigned char *)value; *p != '\0' && !err; p++)
        err = *p <= 0x20 || *p == 0x7F || *p == '{' || *p == '}' || *p == '\\'
                  ? polis_buf_printf(out, "%%%02X", *p)
                  : polis_buf_append(out, (const char *)p, 1);
    err |= polis_buf_puts(out, "},\n");
    return err;
}

static int key(polis_buf_t *out, const char *id)
{
    int err = 0;
    for (const char *p = id != NULL && id[0] != '\0' ? id : "polis"; *p != '\0' && !err; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '.' || c == ':';
        err = polis_buf_append(out, ok ? p : "_", 1);
    }
    return err;
}

/* author = {Dupont, Marie and Leroy, Paul and {CGET}} */
static int authors(polis_buf_t *out, const polis_doc_t *doc)
{
    if (doc->authors.n == 0)
        return 0;
    int err = polis_buf_puts(out, "  author = {");
    for (size_t i = 0; i < doc->authors.n && !err; i++) {
        sd_cite_name_t name;
        if (sd_cite_name(doc->authors.v[i], &name) != 0)
            return -1;
        err |= i > 0 ? polis_buf_puts(out, " and ") : 0;
        if (name.family != NULL) {
            err |= sd_bibtex_text(out, name.family);
            if (name.given[0] != '\0') {
                err |= polis_buf_puts(out, ", ");
                err |= sd_bibtex_text(out, name.given);
            }
        } else {
            err |= polis_buf_puts(out, "{");
            err |= sd_bibtex_text(out, name.literal);
            err |= polis_buf_puts(out, "}");
        }
        sd_cite_name_free(&name);
    }
    err |= polis_buf_puts(out, "},\n");
    return err;
}

int sd_bibtex_entry(polis_buf_t *out, const polis_doc_t *doc, sd_handle_t *h)
{
    sd_cite_type_t type = sd_cite_type(doc);
    char year[5], count[16];
    sd_cite_year(doc, year);
    sd_cite_page_count(doc, count);
    int err = polis_buf_printf(out, "@%s{", sd_bibtex_type(doc));
    err |= key(out, doc->id);
    err |= polis_buf_puts(out, ",\n");
    err |= authors(out, doc);
    err |= field(out, "title", doc->title);
    const char *container_field = type == SD_CITE_ARTICLE ? "journal"
                                  : type == SD_CITE_CHAPTER || type == SD_CITE_CONFERENCE
                                      ? "booktitle"
                                      : "series";
    err |= field(out, container_field, doc->container);
    const char *publisher_field = type == SD_CITE_REPORT   ? "institution"
                                  : type == SD_CITE_THESIS ? "school"
                                                           : "publisher";
    err |= field(out, publisher_field, doc->publisher);
    err |= field(out, "year", year);
    /* BibLaTeX's date keeps the month and day the year cannot. */
    if (strlen(doc->published) > 4)
        err |= field(out, "date", doc->published);
    err |= field(out, "volume", doc->volume);
    err |= field(out, "number", doc->issue);
    if (doc->pages != NULL) {
        /* BibTeX writes a page range with an en dash: "411--420". */
        polis_buf_t range = { 0 };
        const char *dash = strchr(doc->pages, '-');
        err |= dash != NULL ? polis_buf_printf(&range, "%.*s--%s", (int)(dash - doc->pages),
                                               doc->pages, dash + 1)
                            : polis_buf_puts(&range, doc->pages);
        err |= field(out, "pages", range.data);
        polis_buf_free(&range);
    }
    err |= field(out, "pagetotal", count);
    err |= verbatim(out, "doi", doc->doi);
    err |= field(out, "isbn", doc->isbn);
    err |= verbatim(out, "url", doc->url);
    err |= field(out, "abstract", doc->summary);
    polis_buf_t kw = { 0 };
    err |= sd_cite_themes(&kw, doc, h, ", ");
    err |= field(out, "keywords", kw.data);
    polis_buf_free(&kw);
    err |= field(out, "language", doc->language);
    err |= polis_buf_puts(out, "}\n\n");
    return err;
}
