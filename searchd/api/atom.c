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

#include "api/hit.h"
#include "api/paristime.h"

/* Bytes of body shown when a document has no summary. */
#define SUMMARY_BYTES 400

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

int sd_atom_time(const char *iso, char out[32])
{
    return sd_paristime_rfc3339(iso, out);
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
    /* The notice's URL: an IRI of the installation's own, which a document
     * keeps as long as its id. */
    polis_buf_t notice = { 0 };
    int err = sd_hit_notice_url(&notice, base_url, doc->id);
    err |= polis_buf_puts(out, "  <entry>\n");
    err |= element(out, "    ", "id", notice.data);
    err |= element(out, "    ", "title",
                   doc->title != NULL && doc->title[0] != '\0' ? doc->title : doc->id);
    err |= element(out, "    ", "updated", updated);
    if (sd_atom_time(doc->published, published) == 0)
        err |= element(out, "    ", "published", published);
    /* The source where there is one, else the notice (a reference without
     * a URL, a record of a catalogue). */
    err |= polis_buf_puts(out, "    <link rel=\"alternate\" href=\"");
    err |= sd_atom_text(out, doc->url != NULL && doc->url[0] != '\0' ? doc->url : notice.data);
    err |= polis_buf_puts(out, "\"/>\n");
    if (doc->url != NULL && doc->url[0] != '\0') {
        err |= polis_buf_puts(out, "    <link rel=\"related\" type=\"text/html\" href=\"");
        err |= sd_atom_text(out, notice.data);
        err |= polis_buf_puts(out, "\"/>\n");
    }
    polis_buf_free(&notice);
    for (size_t i = 0; i < doc->authors.n; i++) {
        err |= polis_buf_puts(out, "    <author><name>");
        err |= sd_atom_text(out, doc->authors.v[i]);
        err |= polis_buf_puts(out, "</name></author>\n");
    }
    err |= summary(out, doc);
    for (size_t i = 0; i < doc->themes.n; i++) {
        const char *id = doc->themes.v[i];
        err |= polis_buf_puts(out, "    <category scheme=\"");
        err |= sd_atom_text(out, base_url);
        err |= polis_buf_puts(out, "/api/facets/theme\" term=\"");
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
