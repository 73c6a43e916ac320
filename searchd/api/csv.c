/* csv.c — search hits as CSV (RFC 4180).
 *
 * Fields are quoted only when they must be, lines end in CRLF, and the text
 * is UTF-8 as the Content-Type says.  Values are written as they are stored:
 * a spreadsheet that evaluates a cell starting with '=' is the spreadsheet's
 * business, and altering data would break the export for everyone else.
 */
#include "api/csv.h"

#include <string.h>

static const char *const columns[] = { "id",   "kind",      "title",     "authors", "date",
                                       "year", "type",      "publisher", "themes",  "places",
                                       "url",  "parent_id", "summary" };

int sd_csv_field(polis_buf_t *out, const char *s)
{
    if (s == NULL || s[0] == '\0')
        return 0;
    if (strpbrk(s, ",\"\r\n") == NULL)
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

/* The items of v joined with "; " as one field; themes by label when h. */
static int list_field(polis_buf_t *out, const polis_strv_t *v, sd_handle_t *h)
{
    polis_buf_t joined = { 0 };
    int err = 0;
    for (size_t i = 0; i < v->n && !err; i++) {
        const char *s = h != NULL ? sd_handle_theme_label(h, v->v[i]) : v->v[i];
        err |= polis_buf_printf(&joined, "%s%s", i > 0 ? "; " : "", s);
    }
    if (!err)
        err = sd_csv_field(out, joined.data);
    polis_buf_free(&joined);
    return err;
}

int sd_csv_header(polis_buf_t *out)
{
    int err = 0;
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
        err |= polis_buf_printf(out, "%s%s", i > 0 ? "," : "", columns[i]);
    err |= polis_buf_puts(out, "\r\n");
    return err;
}

int sd_csv_row(polis_buf_t *out, const polis_doc_t *doc, sd_handle_t *h)
{
    char year[5] = "";
    if (strlen(doc->published) >= 4) {
        memcpy(year, doc->published, 4);
        year[4] = '\0';
    }
    int err = sd_csv_field(out, doc->id);
    err |= polis_buf_puts(out, ",");
    err |= sd_csv_field(out, doc->kind != POLIS_KIND_UNKNOWN ? polis_kind_name(doc->kind) : NULL);
    err |= polis_buf_puts(out, ",");
    err |= sd_csv_field(out, doc->title);
    err |= polis_buf_puts(out, ",");
    err |= list_field(out, &doc->authors, NULL);
    err |= polis_buf_puts(out, ",");
    err |= sd_csv_field(out, doc->published);
    err |= polis_buf_puts(out, ",");
    err |= sd_csv_field(out, year);
    err |= polis_buf_puts(out, ",");
    err |= sd_csv_field(out, doc->site_type);
    err |= polis_buf_puts(out, ",");
    err |= sd_csv_field(out, doc->publisher);
    err |= polis_buf_puts(out, ",");
    err |= list_field(out, &doc->themes, h);
    err |= polis_buf_puts(out, ",");
    err |= list_field(out, &doc->places, NULL);
    err |= polis_buf_puts(out, ",");
    err |= sd_csv_field(out, doc->url);
    err |= polis_buf_puts(out, ",");
    err |= sd_csv_field(out, doc->parent_id);
    err |= polis_buf_puts(out, ",");
    err |= sd_csv_field(out, doc->summary);
    err |= polis_buf_puts(out, "\r\n");
    return err;
}
