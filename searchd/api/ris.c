/* ris.c — search hits as RIS records.
 *
 * RIS is line-based: each line is a two-character tag, two spaces, a dash,
 * a space and the value, and a record ends with "ER  - ".  There is no
 * escaping in the format, so what would break a line is turned into spaces.
 */
#include "api/ris.h"

#include <string.h>

#include "api/cite.h"

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
    static const char *const types[] = {
        [SD_CITE_GENERIC] = "GEN",     [SD_CITE_ARTICLE] = "JOUR", [SD_CITE_BOOK] = "BOOK",
        [SD_CITE_CHAPTER] = "CHAP",    [SD_CITE_REPORT] = "RPRT",  [SD_CITE_THESIS] = "THES",
        [SD_CITE_CONFERENCE] = "CONF", [SD_CITE_WEBPAGE] = "ELEC",
    };
    return types[sd_cite_type(doc)];
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

/* SP and EP from "411-420" (or SP alone from "45"). */
static int pages(polis_buf_t *out, const char *pages)
{
    if (pages == NULL)
        return 0;
    const char *dash = strchr(pages, '-');
    if (dash == NULL)
        return sd_ris_line(out, "SP", pages);
    polis_buf_t sp = { 0 };
    int err = polis_buf_append(&sp, pages, (size_t)(dash - pages));
    err |= sd_ris_line(out, "SP", sp.data);
    err |= sd_ris_line(out, "EP", dash + 1);
    polis_buf_free(&sp);
    return err;
}

int sd_ris_record(polis_buf_t *out, const polis_doc_t *doc, sd_handle_t *h)
{
    char year[5], date[16];
    sd_cite_year(doc, year);
    ris_date(doc->published, date);
    sd_cite_type_t type = sd_cite_type(doc);
    int err = sd_ris_line(out, "TY", sd_ris_type(doc));
    for (size_t i = 0; i < doc->authors.n && !err; i++) {
        sd_cite_name_t name;
        err |= sd_cite_name(doc->authors.v[i], &name);
        err |= sd_ris_line(out, "AU", name.literal);
        sd_cite_name_free(&name);
    }
    err |= sd_ris_line(out, "TI", doc->title);
    /* The container: the journal (T2, and JO, its periodical name), the book
     * of a chapter (T2, and BT, which older readers such as bibutils take
     * for it), the series of a whole work (T3). */
    if (type == SD_CITE_ARTICLE || type == SD_CITE_CHAPTER)
        err |= sd_ris_line(out, "T2", doc->container);
    if (type == SD_CITE_ARTICLE)
        err |= sd_ris_line(out, "JO", doc->container);
    else if (type == SD_CITE_CHAPTER)
        err |= sd_ris_line(out, "BT", doc->container);
    else
        err |= sd_ris_line(out, "T3", doc->container);
    err |= sd_ris_line(out, "PY", year);
    err |= sd_ris_line(out, "DA", date);
    err |= sd_ris_line(out, "PB", doc->publisher);
    err |= sd_ris_line(out, "VL", doc->volume);
    err |= sd_ris_line(out, "IS", doc->issue);
    err |= pages(out, doc->pages);
    err |= sd_ris_line(out, "DO", doc->doi);
    err |= sd_ris_line(out, "SN", doc->isbn);
    /* UR is where the work is online.  A printed work has none: its notice
     * here is no edition of it, and styles would cite it as its address. */
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
