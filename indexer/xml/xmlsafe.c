/* xml/xmlsafe.c — libxml2 configured so hostile input stays inert; shared text
 * helpers for the libxml2-based readers.  See xmlsafe.h. */
#include "xml/xmlsafe.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* Every external entity, DTD or XInclude target goes through the loader;
 * refusing here means nothing can be read from disk or the network even if
 * a future option enabled loading by mistake. */
static xmlParserInputPtr refuse_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

/* libxml2 prints to stderr by default; parsers report through err instead. */
static void silent_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void do_init(void)
{
    xmlInitParser();
    xmlSetExternalEntityLoader(refuse_loader);
}

void ix_xmlsafe_init(void)
{
    if (pthread_once(&init_once, do_init) != 0)
        do_init(); /* cannot happen with a static once; better twice than never */
    /* The generic error handler is per thread in libxml2: set it every time. */
    xmlSetGenericErrorFunc(NULL, silent_generic);
}

/* ---- The prolog scan ------------------------------------------------------ */

static int starts(const char *p, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

static int line_of(const char *buf, const char *p)
{
    int line = 1;
    for (const char *q = buf; q < p; q++)
        if (*q == '\n')
            line++;
    return line;
}

static int refuse(const char *buf, const char *at, char *err, size_t errlen)
{
    if (err && errlen)
        snprintf(err, errlen, "line %d: DTD with entities refused", line_of(buf, at));
    return -1;
}

/* "<!ENTITY" in UTF-16 (little- or big-endian): the prolog scan reads bytes
 * as ASCII, so a UTF-16 document is searched for the wide pattern instead. */
static int has_wide_entity(const char *buf, size_t len, int little)
{
    static const char lit[] = "<!ENTITY";
    char pat[16];
    for (size_t i = 0; i < 8; i++) {
        pat[2 * i + (little ? 0 : 1)] = lit[i];
        pat[2 * i + (little ? 1 : 0)] = '\0';
    }
    return memmem(buf, len, pat, sizeof pat) != NULL;
}

int ix_xmlsafe_check_prolog(const char *buf, size_t len, char *err, size_t errlen)
{
    const unsigned char *u = (const unsigned char *)buf;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == '<' && u[1] == 0)))
        return has_wide_entity(buf, len, 1) ? refuse(buf, buf, err, errlen) : 0;
    if (len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0 && u[1] == '<')))
        return has_wide_entity(buf, len, 0) ? refuse(buf, buf, err, errlen) : 0;

    const char *p = buf, *end = buf + len;
    if (starts(p, end, "\xEF\xBB\xBF"))
        p += 3;
    for (;;) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
            p++;
        if (starts(p, end, "<?")) {
            const char *q = memmem(p, (size_t)(end - p), "?>", 2);
            if (!q)
                return 0;
            p = q + 2;
        } else if (starts(p, end, "<!--")) {
            const char *q = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
            if (!q)
                return 0;
            p = q + 3;
        } else if (starts(p, end, "<!DOCTYPE") || starts(p, end, "<!doctype")) {
            break;
        } else {
            return 0; /* the root element, or not XML: no DTD to fear */
        }
    }
    /* Inside the DOCTYPE: quotes hide brackets; the internal subset runs
     * from '[' to ']' and may hold comments that mention "<!ENTITY" harmlessly. */
    char quote = 0;
    int subset = 0;
    for (p += 9; p < end; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0;
        } else if (*p == '"' || *p == '\'') {
            quote = *p;
        } else if (subset && starts(p, end, "<!--")) {
            const char *q = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
            if (!q)
                return 0;
            p = q + 2;
        } else if (subset && starts(p, end, "<!ENTITY")) {
            return refuse(buf, p, err, errlen);
        } else if (*p == '[') {
            subset = 1;
        } else if (*p == ']') {
            subset = 0;
        } else if (*p == '>' && !subset) {
            return 0;
        }
    }
    return 0;
}

/* ---- The reader ------------------------------------------------------------- */

static void capture_error(void *arg, xmlErrorPtr e)
{
    ix_xmlsafe_err_t *st = arg;
    if (!st || !e || e->level < XML_ERR_ERROR)
        return;
    /* Keep the first fatal error: it is the one that stopped the parse. */
    if (st->failed && (st->failed == 2 || e->level != XML_ERR_FATAL))
        return;
    st->failed = e->level == XML_ERR_FATAL ? 2 : 1;
    st->line = e->line;
    snprintf(st->msg, sizeof st->msg, "%s", e->message ? e->message : "parse error");
    size_t n = strlen(st->msg);
    while (n > 0 && (st->msg[n - 1] == '\n' || st->msg[n - 1] == ' '))
        st->msg[--n] = '\0';
    /* One line per report: "...encoding !\nBytes: 0xC3 0x28" becomes one. */
    for (char *p = st->msg; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
}

xmlTextReaderPtr ix_xmlsafe_reader(const char *buf, size_t len, ix_xmlsafe_err_t *st)
{
    ix_xmlsafe_init();
    memset(st, 0, sizeof *st);
    if (len > INT_MAX)
        return NULL;
    /* NONET and nothing else that loads or expands: see the header. */
    int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    xmlTextReaderPtr r = xmlReaderForMemory(buf, (int)len, NULL, NULL, opts);
    if (r)
        xmlTextReaderSetStructuredErrorHandler(r, capture_error, st);
    return r;
}

int ix_xmlsafe_reader_has_entities(xmlTextReaderPtr reader)
{
    /* Not xmlTextReaderCurrentDoc(): it makes the reader keep the whole tree
     * (no more streaming) and hand its freeing to the caller. */
    const xmlNode *node = xmlTextReaderCurrentNode(reader);
    if (!node)
        return 0;
    if (node->type == XML_DTD_NODE) {
        const xmlDtd *dtd = (const xmlDtd *)node;
        if (dtd->entities || dtd->pentities)
            return 1;
    }
    const xmlDoc *doc = node->doc;
    if (doc && doc->intSubset && (doc->intSubset->entities || doc->intSubset->pentities))
        return 1;
    return doc && doc->extSubset && (doc->extSubset->entities || doc->extSubset->pentities);
}

void ix_xmlsafe_format_error(const ix_xmlsafe_err_t *st, xmlTextReaderPtr reader,
                             const char *fallback, char *err, size_t errlen)
{
    if (!err || !errlen)
        return;
    if (st && st->failed) {
        snprintf(err, errlen, "line %d: %s", st->line, st->msg);
        return;
    }
    int line = reader ? xmlTextReaderGetParserLineNumber(reader) : 0;
    snprintf(err, errlen, "line %d: %s", line, fallback ? fallback : "parse error");
}

static int name_in(const char *name, const char *const *names)
{
    for (; *names; names++)
        if (strcmp(name, *names) == 0)
            return 1;
    return 0;
}

int ix_xmlsafe_stream(const char *buf, size_t len, const ix_xmlsafe_stream_t *s, char *warning,
                      size_t warnlen, char *err, size_t errlen)
{
    warning[0] = '\0';
    err[0] = '\0';
    if (!buf || len == 0) {
        snprintf(err, errlen, "empty file");
        return -1;
    }
    if (len > INT_MAX) {
        snprintf(err, errlen, "file too large");
        return -1;
    }
    if (ix_xmlsafe_check_prolog(buf, len, err, errlen) != 0)
        return -1;
    ix_xmlsafe_err_t st;
    xmlTextReaderPtr reader = ix_xmlsafe_reader(buf, len, &st);
    if (!reader) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = 0, root = 0;
    int r = xmlTextReaderRead(reader);
    while (r == 1) {
        int type = xmlTextReaderNodeType(reader);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE && ix_xmlsafe_reader_has_entities(reader)) {
            snprintf(err, errlen, "line %d: DTD with entities refused",
                     xmlTextReaderGetParserLineNumber(reader));
            rc = -1;
            break;
        }
        if (type == XML_READER_TYPE_ELEMENT) {
            const char *name = (const char *)xmlTextReaderConstLocalName(reader);
            name = name ? name : "";
            if (!root && !name_in(name, s->roots)) {
                snprintf(err, errlen, "root element <%.64s> is not %s", name, s->vocabulary);
                rc = -1;
                break;
            }
            root = 1;
            if (name_in(name, s->records)) {
                xmlNode *node = xmlTextReaderExpand(reader);
                if (!node) {
                    r = -1;
                    break;
                }
                rc = s->record(s->ctx, name, node);
                if (rc != 0)
                    break;
                r = xmlTextReaderNext(reader); /* past the record: streaming keeps one */
                continue;
            }
        }
        r = xmlTextReaderRead(reader);
    }
    if (rc == 0 && r < 0) {
        ix_xmlsafe_format_error(&st, reader, "parse error", err, errlen);
        rc = -1;
    } else if (rc == 0 && !root) {
        snprintf(err, errlen, "line 1: no XML element");
        rc = -1;
    } else if (rc == 0 && st.failed) {
        snprintf(warning, warnlen, "line %d: %s", st.line, st.msg);
    }
    xmlFreeTextReader(reader);
    return rc;
}

/* ---- Clean text ------------------------------------------------------------- */

static int is_space_cp(unsigned cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
           cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000 || cp == 0x85;
}

static int space_pending_ok(const polis_buf_t *out)
{
    return out->len > 0 && out->data[out->len - 1] != ' ' && out->data[out->len - 1] != '\n';
}

static int kept_cp(uint32_t cp)
{
    return cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0) && cp != 0xFEFF && cp != 0x200B;
}

/* Append the kept run s[0..n); when out's limit refuses it whole, as many
 * of its first characters as fit (what appending them one at a time left)
 * and -1: ix_xmlsafe_node_strdup() keeps a text cut at the limit. */
static int append_run(polis_buf_t *out, const char *s, size_t n)
{
    if (polis_buf_append(out, s, n) == 0)
        return 0;
    size_t room = out->max > out->len ? out->max - out->len : 0, fit = 0;
    for (;;) {
        uint32_t cp;
        size_t k = polis_text_utf8_decode(s + fit, n - fit, &cp);
        if (k == 0 || fit + k > room)
            break;
        fit += k;
    }
    if (fit)
        (void)polis_buf_append(out, s, fit); /* within the limit: fails only for memory */
    return -1;
}

/* Every text node and attribute of every page goes through here, so what
 * is kept as it is goes to out a run at a time, not a character at a time
 * (the build spent a tenth of its instructions appending characters). */
int ix_xmlsafe_append_clean(polis_buf_t *out, const char *s, size_t len)
{
    size_t i = 0, run = 0; /* s[run..i) is kept as it is, not appended yet */
    while (i < len) {
        uint32_t cp = (unsigned char)s[i];
        size_t n = cp < 0x80 ? 1 : polis_text_utf8_decode(s + i, len - i, &cp);
        if (n > 0 && !is_space_cp(cp) && kept_cp(cp)) {
            i += n;
            continue;
        }
        if (i > run && append_run(out, s + run, i - run) != 0)
            return -1;
        if (n == 0)
            n = 1; /* invalid byte: dropped so that every output is valid UTF-8 */
        else if (is_space_cp(cp) && space_pending_ok(out) && polis_buf_append(out, " ", 1) != 0)
            return -1;
        i += n;
        run = i;
    }
    return i > run ? append_run(out, s + run, i - run) : 0;
}

void ix_xmlsafe_rtrim(polis_buf_t *out)
{
    while (out->len > 0 && (out->data[out->len - 1] == ' ' || out->data[out->len - 1] == '\n'))
        out->data[--out->len] = '\0';
}

int ix_xmlsafe_set(char **field, const char *s, size_t len)
{
    if (!s)
        return polis_str_set(field, NULL, 0);
    if (len == (size_t)-1)
        len = strlen(s);
    if (len > IX_XMLSAFE_MAX_FIELD)
        len = IX_XMLSAFE_MAX_FIELD; /* a cut sequence at the end is dropped as invalid */
    polis_buf_t b = { 0 };
    if (ix_xmlsafe_append_clean(&b, s, len) != 0) {
        polis_buf_free(&b);
        return -1;
    }
    ix_xmlsafe_rtrim(&b);
    int rc = polis_str_set(field, b.len ? b.data : NULL, b.len);
    polis_buf_free(&b);
    return rc;
}

int ix_xmlsafe_push(polis_strv_t *v, const char *s, size_t len)
{
    char *clean = NULL;
    if (ix_xmlsafe_set(&clean, s, len) != 0)
        return -1;
    int rc = clean ? polis_strv_push(v, clean) : 0;
    free(clean);
    return rc;
}

/* ---- Trees ------------------------------------------------------------------ */

int ix_xmlsafe_walk(const xmlNode *root, ix_xmlsafe_enter_fn enter, ix_xmlsafe_leave_fn leave,
                    void *ctx)
{
    const xmlNode *cur = root->children;
    int depth = 1;
    while (cur) {
        int d = enter(ctx, cur);
        if (d < 0)
            return -1;
        if (d > 0 && cur->type == XML_ELEMENT_NODE && cur->children) {
            if (depth >= IX_XMLSAFE_MAX_DEPTH)
                return -2;
            cur = cur->children;
            depth++;
            continue;
        }
        if (d > 0 && leave && leave(ctx, cur) < 0)
            return -1;
        while (!cur->next) {
            cur = cur->parent;
            depth--;
            if (!cur || cur == root)
                return 0;
            if (leave && leave(ctx, cur) < 0)
                return -1;
        }
        cur = cur->next;
    }
    return 0;
}

int ix_xmlsafe_node_text(const xmlNode *node, polis_buf_t *out)
{
    if (!node)
        return 0;
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
        const char *c = (const char *)node->content;
        return c ? ix_xmlsafe_append_clean(out, c, strlen(c)) : 0;
    }
    /* Iterative pre-order walk: no recursion, so no stack to exhaust.  Entity
     * reference nodes are never entered: their children are the entity's
     * content, and walking them is how "billion laughs" expands. */
    const xmlNode *cur = node->children;
    int depth = 1;
    while (cur && cur != node) {
        if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) {
            const char *c = (const char *)cur->content;
            if (c && ix_xmlsafe_append_clean(out, c, strlen(c)) != 0)
                return -1;
        }
        if (cur->type == XML_ELEMENT_NODE && cur->children && depth < IX_XMLSAFE_MAX_DEPTH) {
            cur = cur->children;
            depth++;
            continue;
        }
        while (cur && cur != node && !cur->next) {
            cur = cur->parent;
            depth--;
        }
        if (cur && cur != node)
            cur = cur->next;
    }
    return 0;
}

char *ix_xmlsafe_node_strdup(const xmlNode *node)
{
    polis_buf_t b = { 0 };
    b.max = IX_XMLSAFE_MAX_FIELD;
    int rc = ix_xmlsafe_node_text(node, &b);
    if (rc != 0 && b.len == 0) {
        polis_buf_free(&b);
        return NULL;
    }
    /* Past the field limit the text is kept as far as it went. */
    ix_xmlsafe_rtrim(&b);
    if (!b.data)
        return strdup("");
    return b.data;
}

int ix_xmlsafe_is(const xmlNode *node, const char *localname)
{
    return node && node->type == XML_ELEMENT_NODE && node->name &&
           strcasecmp((const char *)node->name, localname) == 0;
}

xmlNode *ix_xmlsafe_child(const xmlNode *parent, const char *localname)
{
    for (xmlNode *c = parent ? parent->children : NULL; c; c = c->next)
        if (ix_xmlsafe_is(c, localname))
            return c;
    return NULL;
}

char *ix_xmlsafe_attr(const xmlNode *node, const char *name)
{
    if (!node || node->type != XML_ELEMENT_NODE)
        return NULL;
    xmlChar *v = xmlGetProp(node, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *clean = NULL;
    int rc = ix_xmlsafe_set(&clean, (const char *)v, (size_t)-1);
    xmlFree(v);
    if (rc != 0)
        return NULL;
    return clean ? clean : strdup("");
}

const char *ix_xmlsafe_attr_plain(const xmlNode *node, const char *name, int *present)
{
    *present = 0;
    if (!node || node->type != XML_ELEMENT_NODE)
        return NULL;
    const xmlAttr *a = xmlHasProp(node, (const xmlChar *)name);
    if (!a)
        return NULL;
    *present = 1;
    /* A DTD's default, or a value with entity references, is several nodes
     * or none: ix_xmlsafe_attr() reads those. */
    const xmlNode *t = a->type == XML_ATTRIBUTE_NODE ? a->children : NULL;
    if (t && t->type == XML_TEXT_NODE && !t->next && t->content) {
        const unsigned char *v = t->content;
        size_t i = 0;
        for (; v[i] && i < IX_XMLSAFE_MAX_FIELD; i++)
            if ((v[i] < 0x20 || v[i] > 0x7E) && !(v[i] >= '\t' && v[i] <= '\r'))
                return NULL;
        if (!v[i])
            return (const char *)v;
    } else if (!t && a->type == XML_ATTRIBUTE_NODE) {
        return ""; /* an empty value */
    }
    return NULL;
}

int ix_xmlsafe_slug(char **field, const char *prefix, const char *s, size_t len)
{
    polis_buf_t b = { 0 };
    if (len == (size_t)-1)
        len = strlen(s);
    if (polis_buf_puts(&b, prefix ? prefix : "") != 0) {
        polis_buf_free(&b);
        return -1;
    }
    size_t before = b.len;
    if (polis_text_slug(s, len, &b) != 0) {
        polis_buf_free(&b);
        return -1;
    }
    int rc = 1;
    if (b.len > before)
        rc = polis_str_set(field, b.data, b.len);
    polis_buf_free(&b);
    return rc;
}

int ix_xmlsafe_language(char **field, const char *s)
{
    static const char *const fr[] = { "fr", "fre", "fra", "french", "francais", "fr-fr" };
    static const char *const en[] = { "en", "eng", "english", "anglais", "en-gb", "en-us" };
    polis_buf_t b = { 0 };
    if (!s)
        return 0;
    if (polis_text_slug(s, strlen(s), &b) != 0) {
        polis_buf_free(&b);
        return -1;
    }
    const char *norm = NULL;
    for (size_t i = 0; b.data && i < sizeof fr / sizeof fr[0]; i++) {
        if (strcmp(b.data, fr[i]) == 0)
            norm = "fr";
        if (strcmp(b.data, en[i]) == 0)
            norm = "en";
    }
    polis_buf_free(&b);
    return norm ? polis_str_set(field, norm, (size_t)-1) : ix_xmlsafe_set(field, s, (size_t)-1);
}
