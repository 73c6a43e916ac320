/* indexer/md_read.c — a Markdown page from its bytes: the character set,
 * the front matter, md4c's tree, the fields.  See md.h. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

#include "parse/ident.h"
#include "parse/kind.h"
#include "parse/md.h"
#include "parse/md_front.h"

static int fail(polis_doc_t *doc, char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
    polis_doc_clear(doc);
    return -1;
}

/* The page as UTF-8: a byte order mark skipped; a page that is not UTF-8
 * read as Windows-1252 (Latin-1 and its Windows superset, what French
 * exports that are not UTF-8 use), converted into *conv.  0, or -1 with
 * the reason in err. */
static int as_utf8(const char **buf, size_t *len, polis_buf_t *conv, char *err, size_t errlen)
{
    if (*len >= 3 && memcmp(*buf, "\xef\xbb\xbf", 3) == 0)
        *buf += 3, *len -= 3;
    const char *msg = NULL;
    size_t blank = 0; /* buf is not NUL-terminated: strspn() would read past it */
    while (blank < *len && memchr(" \t\r\n", (*buf)[blank], 4))
        blank++;
    if (blank == *len)
        msg = "empty file";
    else if (memchr(*buf, '\0', *len))
        msg = "binary file (NUL byte)";
    if (!msg && !polis_text_valid_utf8(*buf, *len)) {
        iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
        conv->max = 4 * *len + 16;
        int rc = cd == (iconv_t)-1 ? -1 : polis_buf_append(conv, "", 0);
        char *in = (char *)*buf;
        size_t left = *len;
        while (rc == 0 && left > 0) {
            char chunk[4096], *out = chunk;
            size_t room = sizeof chunk;
            size_t r = iconv(cd, &in, &left, &out, &room);
            rc = polis_buf_append(conv, chunk, sizeof chunk - room);
            if (r == (size_t)-1 && errno != E2BIG) {
                in++, left--; /* a byte Windows-1252 leaves undefined */
                rc |= polis_buf_append(conv, "\xef\xbf\xbd", 3);
            }
        }
        if (cd != (iconv_t)-1)
            iconv_close(cd);
        if (rc != 0)
            msg = "not UTF-8, and cannot be read as Windows-1252";
        *buf = conv->data;
        *len = conv->len;
    }
    if (msg && err && errlen)
        snprintf(err, errlen, "%s", msg);
    return msg ? -1 : 0;
}

/* What the front matter gave, over what the page's text gave: its title and
 * themes; the rest where the text had none. */
static int merge_front(polis_doc_t *doc, polis_doc_t *front)
{
    int rc = 0;
    if (front->title)
        rc = polis_str_set(&doc->title, front->title, (size_t)-1);
    char **strs[][2] = { { &doc->url, &front->url },
                         { &doc->summary, &front->summary },
                         { &doc->site_type, &front->site_type },
                         { &doc->language, &front->language } };
    for (size_t i = 0; rc == 0 && i < sizeof strs / sizeof strs[0]; i++)
        if (*strs[i][1] && (!*strs[i][0] || strs[i][0] == &doc->language))
            rc = polis_str_set(strs[i][0], *strs[i][1], (size_t)-1);
    for (size_t i = 0; rc == 0 && i < front->themes.n; i++)
        rc = polis_strv_push(&doc->themes, front->themes.v[i]);
    for (size_t i = 0; rc == 0 && i < front->authors.n; i++)
        rc = polis_strv_push(&doc->authors, front->authors.v[i]);
    if (front->published[0])
        memcpy(doc->published, front->published, sizeof doc->published);
    if (front->modified[0] && !doc->modified[0])
        memcpy(doc->modified, front->modified, sizeof doc->modified);
    return rc;
}

int ix_md_read(const char *relpath, const char *buf, size_t len, ix_md_tree_t *tree,
               polis_doc_t *doc, polis_strv_t *warnings, char *err, size_t errlen)
{
    polis_doc_clear(doc);
    polis_buf_t conv = { 0 };
    polis_doc_t front;
    polis_doc_init(&front);
    char why[160] = "";
    int rc = as_utf8(&buf, &len, &conv, err, errlen);
    size_t fm = rc == 0 ? ix_md_front_len(buf, len) : 0;
    if (fm) {
        int fr = ix_md_front_read(buf, fm, &front, why, sizeof why);
        if (fr < 0)
            rc = fail(doc, err, errlen, "out of memory");
        else if (fr > 0 && warnings && polis_strv_push(warnings, why) != 0)
            rc = fail(doc, err, errlen, "out of memory");
        buf += fm, len -= fm;
    }
    if (rc == 0 && ix_md_tree_read(buf, len, tree) != 0)
        rc = fail(doc, err, errlen, "out of memory");
    if (rc == 0)
        rc = ix_md_page(relpath, tree, doc, warnings, err, errlen);
    if (rc == 0 && fm && merge_front(doc, &front) != 0)
        rc = fail(doc, err, errlen, "out of memory");
    if (rc == 0 && fm) {
        ix_kind_signs_t signs = { doc->url, doc->title, relpath, doc->site_type != NULL,
                                  doc->published[0] || doc->event_date[0] };
        if (doc->kind != POLIS_KIND_BIBLIOGRAPHY)
            doc->kind = ix_kind_guess(&signs);
    }
    if (rc == 0 && fm && front.url) {
        /* The id follows the URL the front matter gives. */
        polis_buf_t id = { 0 };
        rc =
            ix_ident_from_url(doc->url, &id) || (id.len && polis_str_set(&doc->id, id.data, id.len))
                ? fail(doc, err, errlen, "out of memory")
                : 0;
        polis_buf_free(&id);
    }
    polis_doc_clear(&front);
    polis_buf_free(&conv);
    return rc;
}

int ix_md_parse(const char *relpath, const char *buf, size_t len, polis_doc_t *doc,
                polis_strv_t *warnings, char *err, size_t errlen)
{
    ix_md_tree_t tree = { 0 };
    int rc = ix_md_read(relpath, buf, len, &tree, doc, warnings, err, errlen);
    ix_md_tree_free(&tree);
    return rc;
}
