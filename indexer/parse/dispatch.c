/* dispatch.c — from a file to its parser; see dispatch.h. */
#include "parse/dispatch.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse/biblio.h"
#include "path.h"
#include "parse/ident.h"
#include "parse/detect.h"
#include "parse/html.h"
#include "parse/md.h"
#include "parse/mods.h"
#include "parse/oai.h"
#include "xml/xmlsafe.h"

ix_skip_t ix_dispatch_read_reason(const char *err)
{
    return strstr(err, "too large")                  ? IX_SKIP_TOO_LARGE
           : strstr(err, "outside the corpus") ? IX_SKIP_OUTSIDE
                                                     : IX_SKIP_UNREADABLE;
}

int ix_dispatch_read(const char *corpus, const char *rel, unsigned long long max_size, char **buf,
                     size_t *cap, size_t *len, char *err, size_t errlen)
{
    char full[4096];
    int n = snprintf(full, sizeof full, "%s/%s", corpus, rel);
    if (n < 0 || (size_t)n >= sizeof full) {
        snprintf(err, errlen, "path too long");
        return -1;
    }
    /* What is read lies inside the corpus, whatever links say, and is what
     * was checked: its real path, opened without following a link. */
    char root[PATH_MAX], real[PATH_MAX];
    if (!realpath(corpus, root) || !realpath(full, real)) {
        snprintf(err, errlen, "cannot open: %s", strerror(errno));
        return -1;
    }
    if (!ix_path_inside(root, real)) {
        snprintf(err, errlen, "symlink outside the corpus, skipped");
        return -1;
    }
    int fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
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

const char *ix_skip_name(ix_skip_t reason)
{
    static const char *const names[IX_SKIP_COUNT_] = {
        "none",           "empty",     "binary",     "unknown XML vocabulary",
        "unknown format", "malformed", "unreadable", "too large", "outside the corpus",
    };
    return reason < IX_SKIP_COUNT_ ? names[reason] : "?";
}

void ix_dispatch_hash(const char *buf, size_t len, char hash[IX_HASH_LEN])
{
    snprintf(hash, IX_HASH_LEN, "%016llx", (unsigned long long)polis_text_hash64(buf, len));
}

/* The sink in front of the caller's: stamps provenance on every document,
 * maps its theme labels to ids, settles its id, and keeps a page's
 * references with their page when it moves or is left out. */
typedef struct {
    ix_sink_t *next;
    const ix_dispatch_file_t *f;
    ix_labels_t *labels;
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

static int stamp_emit(ix_sink_t *s, const polis_doc_t *doc)
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
        ix_claim_host(d.url, host, sizeof host);
        rc = ix_claim_key(&d, st->f->rel, child ? st->page_key : NULL, &key);
        const char *k = key.data ? key.data : "";
        ix_claim_t c = { d.id,
                         d.parent_id,
                         polis_text_hash64(k, strlen(k)),
                         polis_text_hash64(host, strlen(host)),
                         host,
                         child ? st->page_date : ix_claim_date(&d),
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
        snprintf(st->page_date, sizeof st->page_date, "%s", ix_claim_date(doc));
        if (!st->page_id || (!out && !st->page_final) || !st->page_key)
            rc = -1;
    }
    if (rc == 0 && st->labels) {
        rc = ix_labels_resolve(st->labels, &doc->themes, st->f->rank, &ids);
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
static int stamp_remove(ix_sink_t *s, const char *id)
{
    stamp_t *st = s->ctx;
    return st->next->remove(st->next, id);
}

static void stamp_warn(ix_sink_t *s, const char *path, const char *message)
{
    stamp_t *st = s->ctx;
    if (st->next->warn)
        st->next->warn(st->next, path, message);
}

static void warn(ix_sink_t *sink, const char *rel, const char *message)
{
    if (sink->warn)
        sink->warn(sink, rel, message);
}

int ix_dispatch_markdown(const char *rel, const char *buf, size_t len, const ix_themes_t *themes,
                         ix_sink_t *sink, char *err, size_t errlen)
{
    (void)themes; /* theme labels are mapped after the parse (labels.h) */
    polis_doc_t doc;
    polis_strv_t warnings = { 0 };
    ix_md_tree_t tree = { 0 };
    polis_doc_init(&doc);
    int rc = ix_md_read(rel, buf, len, &tree, &doc, &warnings, err, errlen);
    if (rc == 0 && doc.kind == POLIS_KIND_BIBLIOGRAPHY) {
        /* The page, then its entries, read from the same tree. */
        rc = ix_biblio_md_page(rel, &tree, &doc, &warnings, sink, err, errlen);
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
    ix_md_tree_free(&tree);
    return rc;
}

int ix_dispatch_html(const char *rel, const char *buf, size_t len, const ix_themes_t *themes,
                     ix_sink_t *sink, char *err, size_t errlen)
{
    ix_html_page_t *page = NULL;
    int rc = ix_html_read(rel, buf, len, themes, &page, err, errlen);
    if (rc == 0) {
        polis_doc_t *doc = ix_html_page_doc(page);
        /* The page, then its entries, read from the same tree. */
        rc = doc->kind == POLIS_KIND_BIBLIOGRAPHY
                 ? ix_biblio_html_page(doc, ix_html_page_main(page), ix_html_page_base(page), sink,
                                       err, errlen)
                 : ix_sink_emit(sink, doc, err, errlen);
    }
    ix_html_page_free(page);
    return rc;
}

ix_file_status_t ix_dispatch_parse(const ix_dispatch_file_t *f, const char *buf, size_t len,
                                   const ix_themes_t *themes, ix_labels_t *labels, ix_sink_t *sink,
                                   ix_skip_t *reason, const char **format_name)
{
    ix_skip_t dummy;
    if (!reason)
        reason = &dummy;
    *reason = IX_SKIP_NONE;
    stamp_t st = { .next = sink, .f = f, .labels = labels };
    ix_sink_t stamped = { stamp_emit, stamp_remove, stamp_warn, &st, NULL };
    const char *rel = f->rel;
    ix_format_t fmt = ix_detect_format(rel, buf, len);
    if (format_name)
        *format_name = ix_detect_name(fmt);
    char err[512] = "";
    int rc;
    switch (fmt) {
    case IX_FORMAT_MARKDOWN:
        rc = ix_dispatch_markdown(rel, buf, len, themes, &stamped, err, sizeof err);
        break;
    case IX_FORMAT_HTML:
        rc = ix_dispatch_html(rel, buf, len, themes, &stamped, err, sizeof err);
        break;
    case IX_FORMAT_OAI_DC:
        rc = ix_oai_parse(rel, buf, len, themes, &stamped, err, sizeof err);
        break;
    case IX_FORMAT_MODS:
        rc = ix_mods_parse(rel, buf, len, themes, &stamped, err, sizeof err);
        break;
    case IX_FORMAT_EMPTY:
        *reason = IX_SKIP_EMPTY;
        warn(sink, rel, "empty file");
        return IX_FILE_BAD;
    case IX_FORMAT_BINARY:
        *reason = IX_SKIP_BINARY;
        warn(sink, rel, "binary file, not a document");
        return IX_FILE_BAD;
    case IX_FORMAT_UNKNOWN_XML:
        *reason = IX_SKIP_VOCABULARY;
        warn(sink, rel, "XML of an unknown vocabulary (expected OAI-PMH oai_dc or MODS)");
        return IX_FILE_BAD;
    default:
        *reason = IX_SKIP_FORMAT;
        warn(sink, rel, "unknown format, not a Markdown export, HTML page or XML export");
        return IX_FILE_BAD;
    }
    stamp_forget(&st);
    if (rc != 0) {
        *reason = strcmp(err, "empty file") == 0 ? IX_SKIP_EMPTY : IX_SKIP_MALFORMED;
        warn(sink, rel, err[0] ? err : "cannot parse");
        return IX_FILE_BAD;
    }
    return IX_FILE_INDEXED;
}
