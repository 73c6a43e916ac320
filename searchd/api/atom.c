/* atom.c — search hits as an Atom 1.0 feed (RFC 4287).
 *
 * XML escaping has its own terms: five characters become entities, and
 * some characters may not appear at all, even escaped (a form feed in a
 * pasted citation would make the whole feed unreadable), so those are
 * replaced rather than passed on.
 */
#include "api/atom.h"

#include <stdio.h>
#include <string.h>

/* Bytes of body shown when a document has no summary. */
#define SUMMARY_BYTES 400
/* The tagging entity of entry ids: RFC 4151 tag URIs need a name and a
 * date, and these ids must never change. */
#define TAG_PREFIX "tag:polis,2017:"

static int append_text(polis_buf_t *out, const char *s, size_t len)
{
    int err = 0;
    for (size_t i = 0; i < len && !err;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            switch (c) {
            case '&': err = polis_buf_puts(out, "&amp;"); break;
            case '<': err = polis_buf_puts(out, "&lt;"); break;
            case '>': err = polis_buf_puts(out, "&gt;"); break;
            case '"': err = polis_buf_puts(out, "&quot;"); break;
            case '\'': err = polis_buf_puts(out, "&#39;"); break;
            default:
                if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
                    err = polis_buf_append(out, s + i, 1);
                else
                    err = polis_buf_puts(out, "\xEF\xBF\xBD");
            }
            i++;
            continue;
        }
        uint32_t cp = 0;
        size_t n = polis_text_utf8_decode(s + i, len - i, &cp);
        /* U+FFFE and U+FFFF are UTF-8 but not XML characters. */
        if (n == 0 || cp == 0xFFFE || cp == 0xFFFF)
            err = polis_buf_puts(out, "\xEF\xBF\xBD"); /* one per bad byte */
        else
            err = polis_buf_append(out, s + i, n);
        i += n != 0 ? n : 1;
    }
    return err;
}

int sd_atom_text(polis_buf_t *out, const char *s)
{
    return s != NULL ? append_text(out, s, strlen(s)) : 0;
}

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
    }
    return 1;
}

int sd_atom_time(const char *iso, char out[32])
{
    out[0] = '\0';
    size_t n = iso != NULL ? strlen(iso) : 0;
    if (n < 4 || !digits(iso, 4))
        return -1;
    char month[3] = "01", day[3] = "01", hm[6] = "00:00";
    if (n >= 7) {
        if (iso[4] != '-' || !digits(iso + 5, 2))
            return -1;
        memcpy(month, iso + 5, 2);
    }
    if (n >= 10) {
        if (iso[7] != '-' || !digits(iso + 8, 2))
            return -1;
        memcpy(day, iso + 8, 2);
    }
    if (n >= 16 && iso[10] == 'T' && digits(iso + 11, 2) && iso[13] == ':' && digits(iso + 14, 2))
        memcpy(hm, iso + 11, 5);
    int w = snprintf(out, 32, "%.4s-%s-%sT%s:00Z", iso, month, day, hm);
    if (w < 0 || w >= 32) {
        out[0] = '\0';
        return -1;
    }
    return 0;
}

int sd_atom_doc_updated(const polis_doc_t *doc, char out[32])
{
    if (sd_atom_time(doc->modified, out) == 0)
        return 0;
    return sd_atom_time(doc->published, out);
}

/* <name>text</name> on its own line, nothing when text is empty. */
static int element(polis_buf_t *out, const char *indent, const char *name, const char *text)
{
    if (text == NULL || text[0] == '\0')
        return 0;
    int err = polis_buf_printf(out, "%s<%s>", indent, name);
    err |= sd_atom_text(out, text);
    err |= polis_buf_printf(out, "</%s>\n", name);
    return err;
}

int sd_atom_begin(polis_buf_t *out, const sd_atom_feed_t *feed)
{
    int err = polis_buf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                                  "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n");
    err |= element(out, "  ", "id", feed->id);
    err |= element(out, "  ", "title", feed->title);
    err |= element(out, "  ", "updated", feed->updated);
    err |= polis_buf_puts(out, "  <link rel=\"self\" type=\"application/atom+xml\" href=\"");
    err |= sd_atom_text(out, feed->self);
    err |= polis_buf_puts(out, "\"/>\n");
    if (feed->alternate != NULL) {
        err |= polis_buf_puts(out, "  <link rel=\"alternate\" type=\"text/html\" href=\"");
        err |= sd_atom_text(out, feed->alternate);
        err |= polis_buf_puts(out, "\"/>\n");
    }
    /* Atom wants an author for every entry; the feed's stands for entries
     * (pages of the site) that name none. */
    err |= polis_buf_puts(out, "  <author><name>Polis</name></author>\n"
                               "  <generator>Polis</generator>\n");
    return err;
}

/* The summary as plain text: the document's, else its body cut near
 * SUMMARY_BYTES at a space, never inside a UTF-8 sequence. */
static int summary(polis_buf_t *out, const polis_doc_t *doc)
{
    const char *s = doc->summary != NULL && doc->summary[0] != '\0' ? doc->summary : doc->body;
    if (s == NULL || s[0] == '\0')
        return 0;
    size_t len = strlen(s), cut = len;
    if (len > SUMMARY_BYTES) {
        cut = SUMMARY_BYTES;
        while (cut > SUMMARY_BYTES / 2 && s[cut] != ' ' && s[cut] != '\n')
            cut--;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--;
    }
    int err = polis_buf_puts(out, "    <summary type=\"text\">");
    err |= append_text(out, s, cut);
    if (cut < len)
        err |= polis_buf_puts(out, " …");
    err |= polis_buf_puts(out, "</summary>\n");
    return err;
}

int sd_atom_entry(polis_buf_t *out, const polis_doc_t *doc, sd_handle_t *h, const char *base_url,
                  const char *fallback_updated)
{
    char updated[32], published[32];
    if (sd_atom_doc_updated(doc, updated) != 0)
        snprintf(updated, sizeof updated, "%s", fallback_updated);
    int err = polis_buf_puts(out, "  <entry>\n    <id>" TAG_PREFIX);
    err |= sd_atom_text(out, doc->id);
    err |= polis_buf_puts(out, "</id>\n");
    err |= element(out, "    ", "title",
                   doc->title != NULL && doc->title[0] != '\0' ? doc->title : doc->id);
    err |= element(out, "    ", "updated", updated);
    if (sd_atom_time(doc->published, published) == 0)
        err |= element(out, "    ", "published", published);
    err |= polis_buf_puts(out, "    <link rel=\"alternate\" href=\"");
    if (doc->url != NULL && doc->url[0] != '\0') {
        err |= sd_atom_text(out, doc->url);
    } else {
        err |= sd_atom_text(out, base_url);
        err |= polis_buf_puts(out, "/api/doc/");
        err |= sd_atom_text(out, doc->id);
    }
    err |= polis_buf_puts(out, "\"/>\n");
    for (size_t i = 0; i < doc->authors.n; i++) {
        err |= polis_buf_puts(out, "    <author><name>");
        err |= sd_atom_text(out, doc->authors.v[i]);
        err |= polis_buf_puts(out, "</name></author>\n");
    }
    err |= summary(out, doc);
    for (size_t i = 0; i < doc->themes.n; i++) {
        const char *id = doc->themes.v[i];
        err |= polis_buf_puts(out, "    <category scheme=\"" TAG_PREFIX "themes\" term=\"");
        err |= sd_atom_text(out, id);
        err |= polis_buf_puts(out, "\" label=\"");
        err |= sd_atom_text(out, h != NULL ? sd_handle_theme_label(h, id) : id);
        err |= polis_buf_puts(out, "\"/>\n");
    }
    err |= polis_buf_puts(out, "  </entry>\n");
    return err;
}

int sd_atom_end(polis_buf_t *out)
{
    return polis_buf_puts(out, "</feed>\n");
}
