/* dispatch.c — from a file to its parser; see dispatch.h. */
#include "dispatch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "biblio.h"
#include "ident.h"
#include "detect.h"
#include "html.h"
#include "md.h"
#include "mods.h"
#include "oai.h"

int polis_dispatch_read(const char *corpus, const char *rel, unsigned long long max_size,
                        char **buf, size_t *cap, size_t *len, char *err, size_t errlen)
{
    char full[4096];
    int n = snprintf(full, sizeof full, "%s/%s", corpus, rel);
    if (n < 0 || (size_t)n >= sizeof full) {
        snprintf(err, errlen, "path too long");
        return -1;
    }
    int fd = open(full, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open: %s", strerror(errno));
        return -1;
    }
    int rc = 0;
    *len = 0;
    for (;;) {
        if (*len == *cap) {
            if (*len > max_size)
                break; /* the file grew since the walk: enough read to say so */
            size_t ncap = *cap ? *cap * 2 : (size_t)1 << 16;
            char *p = realloc(*buf, ncap + 1);
            if (!p) {
                snprintf(err, errlen, "out of memory reading %zu bytes", ncap);
                rc = -1;
                break;
            }
            *buf = p;
            *cap = ncap;
        }
        ssize_t got = read(fd, *buf + *len, *cap - *len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            snprintf(err, errlen, "read error: %s", strerror(errno));
            rc = -1;
            break;
        }
        if (got == 0)
            break;
        *len += (size_t)got;
    }
    close(fd);
    if (rc == 0 && *len > max_size) {
        snprintf(err, errlen, "file too large (%zu bytes or more, limit %llu)", *len, max_size);
        rc = -1;
    }
    if (rc == 0 && *buf)
        (*buf)[*len] = '\0';
    return rc;
}

const char *polis_skip_name(polis_skip_t reason)
{
    static const char *const names[POLIS_SKIP_COUNT_] = {
        "none",   "empty",     "binary",     "unknown XML vocabulary", "unknown format",
        "malformed", "unreadable", "too large",
    };
    return reason < POLIS_SKIP_COUNT_ ? names[reason] : "?";
}

void polis_dispatch_hash(const char *buf, size_t len, char hash[POLIS_HASH_LEN])
{
    snprintf(hash, POLIS_HASH_LEN, "%016llx", (unsigned long long)polis_text_hash64(buf, len));
}

/* The sink in front of the caller's: stamps provenance on every document,
 * maps its theme labels to ids, settles its id, and keeps a page's
 * references with their page when it moves or is left out. */
typedef struct {
    polis_sink_t *next;
    const polis_dispatch_file_t *f;
    polis_labels_t *labels;
    char *page_id;    /* the last document without a parent, as parsed */
    char *page_final; /* ... and as settled; NULL when it was left out */
    char *page_key;
    char page_date[20];
} stamp_t;

static void stamp_forget(stamp_t *st)
{
    free(st->page_id);
    free(st->page_final);
    free(st->page_key);
    st->page_id = st->page_final = st->page_key = NULL;
}

/* A reference of the page follows its page: its parent and, for an id
 * "<page>~<n>", its id.  0; 1 when the page was left out; -1. */
static int follow_page(stamp_t *st, const polis_doc_t *doc, polis_doc_t *d, polis_buf_t *id)
{
    if (!st->page_id || !doc->parent_id || strcmp(doc->parent_id, st->page_id) != 0)
        return 0;
    if (!st->page_final)
        return 1;
    if (strcmp(st->page_final, st->page_id) == 0)
        return 0;
    size_t n = strlen(st->page_id);
    d->parent_id = st->page_final;
    if (strncmp(doc->id, st->page_id, n) == 0 && doc->id[n] == '~') {
        if (polis_buf_printf(id, "%s%s", st->page_final, doc->id + n) != 0)
            return -1;
        d->id = id->data;
    }
    return 0;
}

static int stamp_emit(polis_sink_t *s, const polis_doc_t *doc)
{
    stamp_t *st = s->ctx;
    polis_doc_t d = *doc; /* shallow: swapped pointers only, nothing freed here */
    polis_strv_t ids = { 0 };
    polis_buf_t moved = { 0 }, key = { 0 }, final = { 0 };
    d.source_path = (char *)st->f->rel;
    d.content_hash = (char *)st->f->hash;
    int child = st->page_id && doc->parent_id && strcmp(doc->parent_id, st->page_id) == 0;
    int rc = follow_page(st, doc, &d, &moved), out = rc == 1;
    if (rc == 0 && st->next->claim) {
        char host[256];
        polis_claim_host(d.url, host, sizeof host);
        rc = polis_claim_key(&d, st->f->rel, child ? st->page_key : NULL, &key);
        const char *k = key.data ? key.data : "";
        polis_claim_t c = { d.id,
                            d.parent_id,
                            polis_text_hash64(k, strlen(k)),
                            polis_text_hash64(host, strlen(host)),
                            host,
                            child ? st->page_date : polis_claim_date(&d),
                            st->f->mtime,
                            st->f->rank };
        if (rc == 0)
            rc = st->next->claim(st->next, &c, &final);
        out = rc == 1;
        if (rc == 0)
            d.id = final.data;
    }
    if (rc >= 0 && !doc->parent_id) {
        stamp_forget(st);
        st->page_id = strdup(doc->id);
        st->page_final = out ? NULL : strdup(d.id);
        st->page_key = strdup(key.data ? key.data : "");
        snprintf(st->page_date, sizeof st->page_date, "%s", polis_claim_date(doc));
        if (!st->page_id || (!out && !st->page_final) || !st->page_key)
            rc = -1;
    }
    if (rc == 0 && st->labels) {
        rc = polis_labels_resolve(st->labels, &doc->themes, st->f->rank, &ids);
        d.themes = ids;
    }
    if (rc == 0)
        rc = st->next->emit(st->next, &d);
    polis_strv_clear(&ids);
    polis_buf_free(&moved);
    polis_buf_free(&key);
    polis_buf_free(&final);
    return rc < 0 ? -1 : 0;
}
static int stamp_remove(polis_sink_t *s, const char *id)
{
    stamp_t *st = s->ctx;
    return st->next->remove(st->next, id);
}

static void stamp_warn(polis_sink_t *s, const char *path, const char *message)
{
    stamp_t *st = s->ctx;
    if (st->next->warn)
        st->next->warn(st->next, path, message);
}

static void warn(polis_sink_t *sink, const char *rel, const char *message)
{
    if (sink->warn)
        sink->warn(sink, rel, message);
}

/* The print export, read once: a bibliography page has its entries read
 * too. */
static int parse_markdown(const char *rel, const char *buf, size_t len, polis_sink_t *sink,
                          char *err, size_t errlen)
{
    polis_doc_t doc;
    polis_strv_t warnings = { 0 };
    polis_md_tree_t tree = { 0 };
    polis_doc_init(&doc);
    int rc = polis_md_read(rel, buf, len, &tree, &doc, &warnings, err, errlen);
    if (rc == 0 && doc.kind == POLIS_KIND_BIBLIOGRAPHY) {
        /* biblio_md.c owns bibliography pages: the page, then its entries. */
        rc = polis_biblio_md_page(rel, &tree, &doc, &warnings, sink, err, errlen);
    } else if (rc == 0) {
        for (size_t i = 0; i < warnings.n; i++)
            warn(sink, rel, warnings.v[i]);
        if (sink->emit(sink, &doc) != 0) {
            snprintf(err, errlen, "stopped by the indexer");
            rc = -1;
        }
    }
    polis_doc_clear(&doc);
    polis_strv_clear(&warnings);
    polis_md_tree_free(&tree);
    return rc;
}

polis_file_status_t polis_dispatch_parse(const polis_dispatch_file_t *f, const char *buf,
                                         size_t len, const polis_themes_t *themes,
                                         polis_labels_t *labels, polis_sink_t *sink,
                                         polis_skip_t *reason, const char **format_name)
{
    polis_skip_t dummy;
    if (!reason)
        reason = &dummy;
    *reason = POLIS_SKIP_NONE;
    stamp_t st = { .next = sink, .f = f, .labels = labels };
    polis_sink_t stamped = { stamp_emit, stamp_remove, stamp_warn, &st, NULL };
    const char *rel = f->rel;
    polis_format_t fmt = polis_detect_format(rel, buf, len);
    if (format_name)
        *format_name = polis_detect_name(fmt);
    char err[512] = "";
    int rc;
    switch (fmt) {
    case POLIS_FORMAT_MARKDOWN: rc = parse_markdown(rel, buf, len, &stamped, err, sizeof err); break;
    case POLIS_FORMAT_HTML:
        rc = polis_html_parse(rel, buf, len, themes, &stamped, err, sizeof err);
        break;
    case POLIS_FORMAT_OAI_DC:
        rc = polis_oai_parse(rel, buf, len, themes, &stamped, err, sizeof err);
        break;
    case POLIS_FORMAT_MODS:
        rc = polis_mods_parse(rel, buf, len, themes, &stamped, err, sizeof err);
        break;
    case POLIS_FORMAT_EMPTY:
        *reason = POLIS_SKIP_EMPTY;
        warn(sink, rel, "empty file");
        return POLIS_FILE_BAD;
    case POLIS_FORMAT_BINARY:
        *reason = POLIS_SKIP_BINARY;
        warn(sink, rel, "binary file, not a document");
        return POLIS_FILE_BAD;
    case POLIS_FORMAT_UNKNOWN_XML:
        *reason = POLIS_SKIP_VOCABULARY;
        warn(sink, rel, "XML of an unknown vocabulary (expected OAI-PMH oai_dc or MODS)");
        return POLIS_FILE_BAD;
    default:
        *reason = POLIS_SKIP_FORMAT;
        warn(sink, rel, "unknown format, not a Markdown export, HTML page or XML export");
        return POLIS_FILE_BAD;
    }
    stamp_forget(&st);
    if (rc != 0) {
        *reason = strcmp(err, "empty file") == 0 ? POLIS_SKIP_EMPTY : POLIS_SKIP_MALFORMED;
        warn(sink, rel, err[0] ? err : "cannot parse");
        return POLIS_FILE_BAD;
    }
    return POLIS_FILE_INDEXED;
}
