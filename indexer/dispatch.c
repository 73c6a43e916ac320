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

void polis_dispatch_hash(const char *buf, size_t len, char hash[POLIS_HASH_LEN])
{
    const unsigned char *p = (const unsigned char *)buf;
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3u;
    }
    snprintf(hash, POLIS_HASH_LEN, "%016llx", (unsigned long long)h);
}

/* The sink in front of the caller's: stamps provenance on every document. */
typedef struct {
    polis_sink_t *next;
    const char *rel, *hash;
} stamp_t;

static int stamp_emit(polis_sink_t *s, const polis_doc_t *doc)
{
    stamp_t *st = s->ctx;
    /* A shallow copy with two pointers swapped: the parser keeps ownership
     * of everything, and nothing here is freed. */
    polis_doc_t d = *doc;
    d.source_path = (char *)st->rel;
    d.content_hash = (char *)st->hash;
    return st->next->emit(st->next, &d);
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

/* The print export: a bibliography page has its entries read too. */
static int parse_markdown(const char *rel, const char *buf, size_t len,
                          const polis_themes_t *themes, polis_sink_t *sink, char *err,
                          size_t errlen)
{
    polis_doc_t doc;
    polis_strv_t warnings = { 0 };
    polis_doc_init(&doc);
    int rc = polis_md_parse(rel, buf, len, themes, &doc, &warnings, err, errlen);
    if (rc == 0 && doc.kind == POLIS_KIND_BIBLIOGRAPHY) {
        /* biblio.c owns bibliography pages: the page, then its entries. */
        rc = polis_biblio_md_page(rel, buf, len, &doc, &warnings, sink, err, errlen);
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
    return rc;
}

polis_file_status_t polis_dispatch_parse(const char *rel, const char *buf, size_t len,
                                         const char *hash, const polis_themes_t *themes,
                                         polis_sink_t *sink, const char **format_name)
{
    stamp_t st = { sink, rel, hash };
    polis_sink_t stamped = { stamp_emit, stamp_remove, stamp_warn, &st };
    polis_format_t fmt = polis_detect_format(rel, buf, len);
    if (format_name)
        *format_name = polis_detect_name(fmt);
    char err[512] = "";
    int rc;
    switch (fmt) {
    case POLIS_FORMAT_MARKDOWN:
        rc = parse_markdown(rel, buf, len, themes, &stamped, err, sizeof err);
        break;
    case POLIS_FORMAT_HTML:
        rc = polis_html_parse(rel, buf, len, themes, &stamped, err, sizeof err);
        break;
    case POLIS_FORMAT_OAI_DC:
        rc = polis_oai_parse(rel, buf, len, themes, &stamped, err, sizeof err);
        break;
    case POLIS_FORMAT_MODS:
        rc = polis_mods_parse(rel, buf, len, themes, &stamped, err, sizeof err);
        break;
    case POLIS_FORMAT_EMPTY: warn(sink, rel, "empty file"); return POLIS_FILE_BAD;
    case POLIS_FORMAT_BINARY: warn(sink, rel, "binary file, not a document"); return POLIS_FILE_BAD;
    case POLIS_FORMAT_UNKNOWN_XML:
        warn(sink, rel, "XML of an unknown vocabulary (expected OAI-PMH oai_dc or MODS)");
        return POLIS_FILE_BAD;
    default:
        warn(sink, rel, "unknown format, not a Markdown export, HTML page or XML export");
        return POLIS_FILE_BAD;
    }
    if (rc != 0) {
        warn(sink, rel, err[0] ? err : "cannot parse");
        return POLIS_FILE_BAD;
    }
    return POLIS_FILE_INDEXED;
}
