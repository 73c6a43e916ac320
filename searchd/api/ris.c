/* ris.c — search hits as RIS records.
 *
 * RIS is line-based: each line is a two-character tag, two spaces, a dash,
 * a space and the value, and a record ends with "ER  - ".  There is no
 * escaping in the format, so what would break a line is turned into spaces.
 */
#include "api/ris.h"

#include <string.h>
#include <strings.h>

int sd_ris_line(polis_buf_t *out, const char *tag, const char *value)
{
    if (value == NULL)
        return 0;
    while (*value == ' ' || *value == '\t' || *value == '\r' || *value == '\n')
        value++;
    size_t len = strlen(value);
    while (len > 0 && (value[len - 1] == ' ' || value[len - 1] == '\t' || value[len - 1] == '\r' ||
                       value[len - 1] == '\n'))
        len--;
    if (len == 0)
        return 0;
    int err = polis_buf_printf(out, "%.2s  - ", tag);
    int space = 0;
    for (size_t i = 0; i < len && !err; i++) {
        unsigned char c = (unsigned char)value[i];
        if (c == '\r' || c == '\n' || c == '\t' || c == ' ') {
            space = 1; /* a run of breaks is one space */
            continue;
        }
        if (c < 0x20 || c == 0x7F)
            continue;
        if (space)
            err |= polis_buf_append(out, " ", 1);
        space = 0;
        err |= polis_buf_append(out, value + i, 1);
    }
    err |= polis_buf_puts(out, "\r\n");
    return err;
}

const char *sd_ris_type(const polis_doc_t *doc)
{
    static const struct {
        const char *type;
        const char *ris;
    } types[] = {
        { "Ouvrage", "BOOK" },
        { "Article", "JOUR" },
        { "Rapport", "RPRT" },
        { "Thèse", "THES" },
        { "Chapitre d'ouvrage", "CHAP" },
        { "Guide", "BOOK" },
        { "Étude", "RPRT" },
        { "Note", "RPRT" },
    };
    if (doc->kind != POLIS_KIND_REFERENCE)
        return doc->kind == POLIS_KIND_UNKNOWN ? "GEN" : "ELEC";
    for (size_t i = 0; doc->site_type != NULL && i < sizeof types / sizeof types[0]; i++) {
        if (strcasecmp(doc->site_type, types[i].type) == 0)
            return types[i].ris;
    }
    return "GEN";
}

/* RIS dates are YYYY/MM/DD/ with empty parts for what is unknown. */
static void ris_date(const char *iso, char out[16])
{
    out[0] = '\0';
    size_t n = strlen(iso);
    if (n < 4)
        return;
    memcpy(out, iso, 4);
    size_t o = 4;
    out[o++] = '/';
    if (n >= 7) {
        memcpy(out + o, iso + 5, 2);
        o += 2;
    }
    out[o++] = '/';
    if (n >= 10) {
        memcpy(out + o, iso + 8, 2);
        o += 2;
    }
    out[o++] = '/';
    out[o] = '\0';
}

int sd_ris_record(polis_buf_t *out, const polis_doc_t *doc, sd_handle_t *h)
{
    char year[5] = "", date[16];
    if (strlen(doc->published) >= 4) {
        memcpy(year, doc->published, 4);
        year[4] = '\0';
    }
    ris_date(doc->published, date);
    int err = sd_ris_line(out, "TY", sd_ris_type(doc));
    for (size_t i = 0; i < doc->authors.n; i++)
        err |= sd_ris_line(out, "AU", doc->authors.v[i]);
    err |= sd_ris_line(out, "TI", doc->title);
    err |= sd_ris_line(out, "PY", year);
    err |= sd_ris_line(out, "DA", date);
    err |= sd_ris_line(out, "PB", doc->publisher);
    err |= sd_ris_line(out, "UR", doc->url);
    err |= sd_ris_line(out, "AB", doc->summary);
    for (size_t i = 0; i < doc->themes.n; i++)
        err |= sd_ris_line(
            out, "KW", h != NULL ? sd_handle_theme_label(h, doc->themes.v[i]) : doc->themes.v[i]);
    err |= sd_ris_line(out, "N1", doc->citation);
    err |= sd_ris_line(out, "LA", doc->language);
    err |= sd_ris_line(out, "ID", doc->id);
    /* ER has no value, but its line keeps the "  - " that readers expect. */
    err |= polis_buf_puts(out, "ER  - \r\n");
    return err;
}
