/* csv.c — search hits as CSV (RFC 4180).
 *
 * Fields are quoted only when they must be, lines end in CRLF, and the text
 * is UTF-8 as the Content-Type says.  Values are written as they are stored:
 * a spreadsheet that evaluates a cell starting with '=' is the spreadsheet's
 * business, and altering data would break the export for everyone else.
 */
#include "api/csv.h"

#include <string.h>

#include "api/cite.h"

#define BOM "\xEF\xBB\xBF"

/* The columns, in both languages. */
static const char *const columns[][2] = {
    { "id", "identifiant" },
    { "kind", "nature" },
    { "title", "titre" },
    { "authors", "auteurs" },
    { "date", "date" },
    { "year", "année" },
    { "type", "type" },
    { "publisher", "éditeur" },
    { "container", "revue ou collection" },
    { "volume", "volume" },
    { "issue", "numéro" },
    { "pages", "pages" },
    { "doi", "DOI" },
    { "isbn", "ISBN" },
    { "themes", "thématiques" },
    { "places", "lieux" },
    { "url", "URL" },
    { "notice", "notice" },
    { "parent_id", "bibliographie" },
    { "summary", "résumé" },
};

static char sep(sd_csv_dialect_t dialect)
{
    return dialect == SD_CSV_FR ? ';' : ',';
}

int sd_csv_field(polis_buf_t *out, const char *s, sd_csv_dialect_t dialect)
{
    if (s == NULL || s[0] == '\0')
        return 0;
    char special[] = { sep(dialect), '"', '\r', '\n', '\0' };
    if (strpbrk(s, special) == NULL)
        return polis_buf_puts(out, s);
    int err = polis_buf_append(out, "\"", 1);
    for (const char *p = s; *p != '\0' && !err; p++) {
        size_t n = strcspn(p, "\"");
        err |= polis_buf_append(out, p, n);
        p += n;
        if (*p == '\0')
            break;
        err |= polis_buf_append(out, "\"\"", 2);
    }
    err |= polis_buf_append(out, "\"", 1);
    return err;
}

/* The items of v joined as one field; themes by label when h. */
static int list_field(polis_buf_t *out, const polis_strv_t *v, sd_handle_t *h,
                      sd_csv_dialect_t dialect)
{
    polis_buf_t joined = { 0 };
    int err = 0;
    for (size_t i = 0; i < v->n && !err; i++) {
        const char *s = h != NULL ? sd_handle_theme_label(h, v->v[i]) : v->v[i];
        err |=
            polis_buf_printf(&joined, "%s%s", i > 0 ? (dialect == SD_CSV_FR ? ", " : "; ") : "", s);
    }
    if (!err)
        err = sd_csv_field(out, joined.data, dialect);
    polis_buf_free(&joined);
    return err;
}

int sd_csv_header(polis_buf_t *out, sd_csv_dialect_t dialect)
{
    int fr = dialect == SD_CSV_FR;
    int err = fr ? polis_buf_puts(out, BOM) : 0;
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
        err |= polis_buf_printf(out, "%s%s", i > 0 ? (fr ? ";" : ",") : "", columns[i][fr]);
    err |= polis_buf_puts(out, "\r\n");
    return err;
}

int sd_csv_row(polis_buf_t *out, const polis_doc_t *doc, sd_handle_t *h, const char *notice_url,
               sd_csv_dialect_t dialect)
{
    char year[5], s[2] = { sep(dialect), '\0' };
    sd_cite_year(doc, year);
    const char *kind = doc->kind == POLIS_KIND_UNKNOWN ? NULL
                       : dialect == SD_CSV_FR          ? sd_cite_kind_label(doc->kind)
                                                       : polis_kind_name(doc->kind);
    const char *plain[] = { doc->publisher, doc->container, doc->volume, doc->issue,
                            doc->pages,     doc->doi,       doc->isbn };
    int err = sd_csv_field(out, doc->id, dialect);
    err |= polis_buf_puts(out, s) | sd_csv_field(out, kind, dialect);
    err |= polis_buf_puts(out, s) | sd_csv_field(out, doc->title, dialect);
    err |= polis_buf_puts(out, s) | list_field(out, &doc->authors, NULL, dialect);
    err |= polis_buf_puts(out, s) | sd_csv_field(out, doc->published, dialect);
    err |= polis_buf_puts(out, s) | sd_csv_field(out, year, dialect);
    err |= polis_buf_puts(out, s) | sd_csv_field(out, doc->site_type, dialect);
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        err |= polis_buf_puts(out, s) | sd_csv_field(out, plain[i], dialect);
    err |= polis_buf_puts(out, s) | list_field(out, &doc->themes, h, dialect);
    err |= polis_buf_puts(out, s) | list_field(out, &doc->places, NULL, dialect);
    err |= polis_buf_puts(out, s) | sd_csv_field(out, doc->url, dialect);
    err |= polis_buf_puts(out, s) | sd_csv_field(out, notice_url, dialect);
    err |= polis_buf_puts(out, s) | sd_csv_field(out, doc->parent_id, dialect);
    err |= polis_buf_puts(out, s) | sd_csv_field(out, doc->summary, dialect);
    err |= polis_buf_puts(out, "\r\n");
    return err;
}
