/* indexer/detect.h — which parser a source file needs, decided by its bytes.
 *
 * Content decides: a byte-order mark, NUL bytes or control characters, the
 * XML declaration and root element, an HTML doctype or <html> tag, the marks
 * of the site's Markdown print export.  The file name's extension only breaks
 * ties when the content says nothing either way (plain text, or an XML root
 * element that says nothing about HTML).
 */
#ifndef IX_DETECT_H
#define IX_DETECT_H

#include <stddef.h>

typedef enum {
    IX_FORMAT_UNKNOWN = 0, /* text that matches nothing */
    IX_FORMAT_EMPTY,       /* no bytes, or only white space */
    IX_FORMAT_BINARY,      /* NUL bytes, mostly control bytes, or a known binary magic */
    IX_FORMAT_MARKDOWN,    /* the site's Markdown print export (or .md text) */
    IX_FORMAT_HTML,        /* HTML or XHTML page */
    IX_FORMAT_OAI_DC,      /* OAI-PMH response (root OAI-PMH) */
    IX_FORMAT_MODS,        /* MODS record or collection */
    IX_FORMAT_UNKNOWN_XML  /* well-formed-looking XML of another vocabulary */
} ix_format_t;

/* The format of buf[0..len).  path (may be NULL) is only used for its
 * extension, as a tie-breaker.  Reads at most the first 64 KiB.  Never fails. */
ix_format_t ix_detect_format(const char *path, const char *buf, size_t len);

/* A short name for a format ("markdown", "html", "oai_dc", "mods", "xml",
 * "binary", "empty", "unknown").  Static string, never NULL. */
const char *ix_detect_name(ix_format_t format);

/* The character set an HTML page declares in a <meta charset> or http-equiv
 * Content-Type within its first 8 KiB, as the name to give libxml2, or NULL
 * when it declares none, declares UTF-8, or starts with a byte-order mark
 * (libxml2 then decides).  Labels meaning Latin-1 or ASCII give
 * "windows-1252", as browsers read them (WHATWG Encoding).  Other labels
 * are copied to out (outlen bytes) and out is returned. */
const char *ix_detect_charset(const char *buf, size_t len, char *out, size_t outlen);

#endif
