/* indexer/ident.c — ids, source keys and claims.  See ident.h. */
#include "parse/ident.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/md_url.h"

/* The parts of an absolute URL, pointing into it. */
typedef struct {
    const char *host, *path; /* path: from its '/' (or the query's '?'), to the fragment */
    size_t host_len, path_len;
} url_parts_t;

static void split_url(const char *url, url_parts_t *p)
{
    const char *s = strstr(url, "://");
    const char *h = s ? s + 3 : url;
    size_t end = strcspn(h, "#");
    size_t hl = strcspn(h, "/?#");
    p->host = h;
    p->host_len = hl;
    p->path = h + hl;
    p->path_len = end - hl;
}

int ix_ident_from_url(const char *url, polis_buf_t *out)
{
    static const char *const exts[] = { ".html", ".htm", ".php", ".aspx", ".asp", ".jsp", NULL };
    url_parts_t u;
    split_url(url, &u);
    size_t n = u.path_len;
    while (n > 0 && u.path[n - 1] == '/')
        n--;
    size_t q = strcspn(u.path, "?");
    if (q > n)
        q = n;
    /* The extension of the path's last segment, before the query. */
    for (size_t k = 0; exts[k]; k++) {
        size_t e = strlen(exts[k]);
        if (q > e && strncasecmp(u.path + q - e, exts[k], e) == 0 && u.path[q - e - 1] != '/') {
            polis_buf_t tmp = { 0 };
            int rc =
                ix_md_url_decode(u.path, q - e, &tmp) | ix_md_url_decode(u.path + q, n - q, &tmp);
            if (rc == 0)
                rc = polis_text_slug(tmp.data ? tmp.data : "", tmp.len, out);
            polis_buf_free(&tmp);
            return rc;
        }
    }
    polis_buf_t tmp = { 0 };
    int rc = ix_md_url_decode(u.path, n, &tmp);
    size_t from = out->len;
    if (rc == 0)
        rc = polis_text_slug(tmp.data ? tmp.data : "", tmp.len, out);
    if (rc == 0 && out->len == from)
        rc = polis_text_slug(u.host, u.host_len, out);
    polis_buf_free(&tmp);
    return rc;
}

int ix_ident_from_path(const char *relpath, polis_buf_t *out)
{
    size_t n = strlen(relpath);
    const char *slash = strrchr(relpath, '/');
    const char *dot = strrchr(relpath, '.');
    if (dot && (!slash || dot > slash + 1))
        n = (size_t)(dot - relpath);
    size_t from = out->len;
    if (polis_text_slug(relpath, n, out) != 0)
        return -1;
    if (out->len > from)
        return 0;
    /* A name slugging cannot spell still gets a stable id. */
    return polis_buf_printf(out, "doc-%016llx",
                            (unsigned long long)polis_text_hash64(relpath, strlen(relpath)));
}

int ix_ident_url_key(const char *url, polis_buf_t *out)
{
    url_parts_t u;
    split_url(url, &u);
    const char *h = u.host;
    size_t hl = u.host_len;
    if (hl > 4 && strncasecmp(h, "www.", 4) == 0)
        h += 4, hl -= 4;
    const char *colon = memchr(h, ':', hl);
    if (colon && ((size_t)(h + hl - colon) == 3 && strncmp(colon, ":80", 3) == 0))
        hl = (size_t)(colon - h);
    else if (colon && ((size_t)(h + hl - colon) == 4 && strncmp(colon, ":443", 4) == 0))
        hl = (size_t)(colon - h);
    for (size_t i = 0; i < hl; i++) {
        char c = h[i] >= 'A' && h[i] <= 'Z' ? (char)(h[i] - 'A' + 'a') : h[i];
        if (polis_buf_append(out, &c, 1) != 0)
            return -1;
    }
    size_t n = u.path_len;
    while (n > 0 && u.path[n - 1] == '/')
        n--;
    return polis_buf_append(out, u.path, n);
}

void ix_claim_host(const char *url, char *out, size_t n)
{
    polis_buf_t b = { 0 };
    out[0] = '\0';
    if (!url || ix_ident_url_key(url, &b) != 0) {
        polis_buf_free(&b);
        return;
    }
    size_t hl = b.data ? strcspn(b.data, "/?") : 0;
    snprintf(out, n, "%.*s", (int)hl, b.data ? b.data : "");
    polis_buf_free(&b);
}

const char *ix_claim_date(const polis_doc_t *doc)
{
    return doc->modified[0] ? doc->modified : doc->published;
}

int ix_claim_key(const polis_doc_t *doc, const char *rel, const char *parent_key, polis_buf_t *out)
{
    size_t plen = doc->parent_id ? strlen(doc->parent_id) : 0;
    if (parent_key && plen && strncmp(doc->id, doc->parent_id, plen) == 0 && doc->id[plen] == '~')
        return polis_buf_printf(out, "%s%s", parent_key, doc->id + plen);
    if (doc->url && doc->kind != POLIS_KIND_REFERENCE)
        return polis_buf_puts(out, "url:") | ix_ident_url_key(doc->url, out);
    if (doc->kind == POLIS_KIND_REFERENCE)
        return polis_buf_printf(out, "id:%s", doc->id);
    return polis_buf_printf(out, "path:%s#%s", rel ? rel : "", doc->id);
}

/* Which of two copies of one source is newer: > 0 the claimant. */
static int newer(const ix_claim_t *holder, const ix_claim_t *claimant)
{
    if (holder->date[0] && claimant->date[0]) {
        int c = strcmp(claimant->date, holder->date);
        if (c)
            return c;
    }
    if (holder->mtime != claimant->mtime)
        return claimant->mtime > holder->mtime ? 1 : -1;
    /* Within one file the later copy wins, as the file is read in order. */
    return holder->file == claimant->file ? 1 : holder->file < claimant->file ? -1 : 1;
}

ix_claim_outcome_t ix_claim_decide(const ix_claim_t *holder, const ix_claim_t *claimant)
{
    if (holder->key == claimant->key)
        return newer(holder, claimant) > 0 ? IX_CLAIM_REPLACE : IX_CLAIM_KEEP;
    return claimant->file < holder->file ? IX_CLAIM_YIELD : IX_CLAIM_RENAME;
}

int ix_claim_suffix(const ix_claim_t *self, const ix_claim_t *other, polis_buf_t *out)
{
    if (polis_buf_printf(out, "%s-", self->id) != 0)
        return -1;
    size_t from = out->len;
    if (self->host && *self->host && self->host_hash != other->host_hash &&
        polis_text_slug(self->host, strlen(self->host), out) != 0)
        return -1;
    if (out->len > from)
        return 0;
    return polis_buf_printf(out, "%08llx", self->key & 0xffffffffULL);
}
