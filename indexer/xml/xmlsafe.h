/* indexer/xml/xmlsafe.h — libxml2 set up so that hostile input stays
 * harmless, and the small text helpers the libxml2-based readers share: the
 * parsers of parse/ (html, oai, mods, biblio) and the harvester's sitemap
 * and OAI-PMH readers (harvest/).  It knows neither: no document sink, no
 * network.
 *
 * Safety rules every parser follows:
 *   - no entity expansion (never XML_PARSE_NOENT), no DTD loading (never
 *     XML_PARSE_DTDLOAD), no XInclude (never XML_PARSE_XINCLUDE), no network
 *     (always XML_PARSE_NONET), no XML_PARSE_HUGE (libxml2's depth and size
 *     limits stay on);
 *   - an XML DOCTYPE that declares entities is refused before parsing;
 *   - the external entity loader refuses every URL, so nothing is fetched or
 *     read even if some code path asked for it;
 *   - libxml2 never prints: errors are captured and returned as
 *     "line N: message".
 */
#ifndef IX_XMLSAFE_H
#define IX_XMLSAFE_H

#include <stddef.h>

#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "polis/doc.h"
#include "polis/text.h"

/* Deepest element nesting the tree walkers accept (libxml2's own XML limit). */
#define IX_XMLSAFE_MAX_DEPTH 256

/* Largest text kept for one field (title, summary...), in bytes. */
#define IX_XMLSAFE_MAX_FIELD (64u << 10)

/* Initialise libxml2 once per process and install the refusing external
 * entity loader.  Safe to call from many threads and many times. */
void ix_xmlsafe_init(void);

/* The first parse error libxml2 reported, captured instead of printed. */
typedef struct {
    int failed;    /* non-zero once an error (not a warning) was seen */
    int line;      /* its line, 0 when unknown */
    char msg[256]; /* libxml2's message, trailing newline removed */
} ix_xmlsafe_err_t;

/* Scan the prolog of the XML document buf[0..len) (UTF-8 or any ASCII
 * superset) for a DOCTYPE whose internal subset declares entities.
 * Returns 0 when there is none; -1 with err set to "line N: DTD with
 * entities refused" when there is one. */
int ix_xmlsafe_check_prolog(const char *buf, size_t len, char *err, size_t errlen);

/* Open a streaming reader over buf[0..len) with the safe options; parse
 * errors go into *st (which must live as long as the reader).  Returns the
 * reader, to free with xmlFreeTextReader(), or NULL when out of memory. */
xmlTextReaderPtr ix_xmlsafe_reader(const char *buf, size_t len, ix_xmlsafe_err_t *st);

/* Non-zero when the document the reader is parsing carries a DTD with entity
 * declarations (a second line of defence after ix_xmlsafe_check_prolog()
 * for encodings that scan cannot read). */
int ix_xmlsafe_reader_has_entities(xmlTextReaderPtr reader);

/* A streamed XML export as its parser sees it: which root elements are
 * accepted, and which elements are records handed over whole (expanded). */
typedef struct {
    const char *const *roots;   /* NULL-terminated local names */
    const char *vocabulary;     /* "OAI-PMH", "MODS": for the root error */
    const char *const *records; /* NULL-terminated local names */
    /* Called for each record element; 0 to go on, -1 to stop (err set). */
    int (*record)(void *ctx, const char *name, xmlNode *node);
    void *ctx;
} ix_xmlsafe_stream_t;

/* Stream buf[0..len) through s: the safety checks (size, a DTD with
 * entities in the prolog or met on the way), the root check, then every
 * record to s->record.  Records handed over before an error stay handed over.
 * A recoverable libxml2 error is written to warning ("line N: message",
 * empty when none).  Returns 0, or -1 with err set ("empty file", "line N:
 * DTD with entities refused", "root element <x> is not OAI-PMH", "line N:
 * <libxml2's message>", "out of memory"). */
int ix_xmlsafe_stream(const char *buf, size_t len, const ix_xmlsafe_stream_t *s, char *warning,
                      size_t warnlen, char *err, size_t errlen);

/* Write "line N: message" for the captured error to err; when st holds no
 * error, uses fallback (and the reader's line when reader is not NULL). */
void ix_xmlsafe_format_error(const ix_xmlsafe_err_t *st, xmlTextReaderPtr reader,
                             const char *fallback, char *err, size_t errlen);

/* Append s[0..len) to out as clean text: runs of white space (including
 * no-break spaces) become one space, no space at the start of out or after
 * a space or newline already there, control characters and invalid UTF-8
 * dropped.  Returns 0, or -1 when out cannot grow. */
int ix_xmlsafe_append_clean(polis_buf_t *out, const char *s, size_t len);

/* Remove trailing spaces and newlines from out. */
void ix_xmlsafe_rtrim(polis_buf_t *out);

/* Set *field to the clean form of s[0..len) (len (size_t)-1: all of s),
 * trimmed; an empty result clears the field to NULL.  Returns 0, or -1 when
 * out of memory. */
int ix_xmlsafe_set(char **field, const char *s, size_t len);

/* Push the clean, trimmed form of s[0..len) onto v unless it is empty.
 * 0 or -1 (ENOMEM). */
int ix_xmlsafe_push(polis_strv_t *v, const char *s, size_t len);

/* Callbacks of ix_xmlsafe_walk(): enter() returns 1 to go into the node
 * (leave() is then called for it once its children are done), 0 to pass it
 * and its children over, -1 to stop the walk. */
typedef int (*ix_xmlsafe_enter_fn)(void *ctx, const xmlNode *n);
typedef int (*ix_xmlsafe_leave_fn)(void *ctx, const xmlNode *n);

/* Walk the nodes under root (not root itself) in document order, without
 * recursion.  leave may be NULL.  Returns 0; -1 when a callback returned -1;
 * -2 when the tree is deeper than IX_XMLSAFE_MAX_DEPTH below root (the
 * walk stops there). */
int ix_xmlsafe_walk(const xmlNode *root, ix_xmlsafe_enter_fn enter, ix_xmlsafe_leave_fn leave,
                    void *ctx);

/* Append the text content of node and everything under it to out, cleaned
 * as ix_xmlsafe_append_clean(); walks iteratively and stops descending
 * below IX_XMLSAFE_MAX_DEPTH.  0 or -1 (ENOMEM / past out->max). */
int ix_xmlsafe_node_text(const xmlNode *node, polis_buf_t *out);

/* The clean, trimmed text of node as a malloc()ed string the caller frees
 * ("" when it has none), or NULL when out of memory. */
char *ix_xmlsafe_node_strdup(const xmlNode *node);

/* Local name of an element compared without case: non-zero when equal. */
int ix_xmlsafe_is(const xmlNode *node, const char *localname);

/* First element child of parent with this local name (any namespace), or
 * NULL.  The node belongs to the tree. */
xmlNode *ix_xmlsafe_child(const xmlNode *parent, const char *localname);

/* An attribute's value, cleaned and trimmed, as a malloc()ed string the
 * caller frees, or NULL when the attribute is missing (or out of memory). */
char *ix_xmlsafe_attr(const xmlNode *node, const char *name);

/* An attribute's value as the tree holds it, without a copy, when it is
 * one text of printable ASCII and ASCII white space (\t \n \v \f \r), within
 * IX_XMLSAFE_MAX_FIELD: what ix_xmlsafe_attr() would only re-space and
 * trim, so its space-separated tokens are the same.  NULL otherwise, with
 * *present 0 when the attribute is missing, 1 when it is there and only
 * ix_xmlsafe_attr() reads it (present must not be NULL).  The string
 * belongs to the tree.  Class and rel checks run on every element of every
 * page: this spares them a copy. */
const char *ix_xmlsafe_attr_plain(const xmlNode *node, const char *name, int *present);

/* Set *field to a URL-safe slug of s, prefixed by prefix (may be NULL or "")
 * — ("doi-", "10.3917/esp.172.0045") -> "doi-10-3917-esp-172-0045".
 * Returns 0; 1 when the slug would be empty (the field is then left as it
 * was); -1 when out of memory. */
int ix_xmlsafe_slug(char **field, const char *prefix, const char *s, size_t len);

/* Normalise a language code or name ("fre", "fra", "French", "français"
 * -> "fr", "eng" -> "en"); other values are kept, trimmed.  Sets *field;
 * 0 or -1 (ENOMEM). */
int ix_xmlsafe_language(char **field, const char *s);

#endif
