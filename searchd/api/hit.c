/* hit.c — a search's hits decoded once; see hit.h. */
#include "api/hit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Size of the passage shown under each hit. */
#define SNIPPET_BYTES 300

/* The passage shown under a hit: the summary when there is one (it says
 * best what the document is), unless only the body holds the words the user
 * looked for.  malloc()ed HTML, NULL when out of memory. */
static char *snippet(const polis_result_t *r, const polis_doc_t *doc, const char *body)
{
    int has_summary = doc->summary != NULL && doc->summary[0] != '\0';
    int has_body = body != NULL && body[0] != '\0';
    /* A bare reference still has its citation to show. */
    if (!has_summary && !has_body && doc->citation != NULL && doc->citation[0] != '\0')
        return polis_result_highlight(r, doc->citation, SNIPPET_BYTES);
    if (!has_summary && !has_body)
        return strdup("");
    char *html = polis_result_highlight(r, has_summary ? doc->summary : body, SNIPPET_BYTES);
    if (html == NULL || !has_summary || !has_body || strstr(html, "<mark>") != NULL)
        return html;
    char *from_body = polis_result_highlight(r, body, SNIPPET_BYTES);
    if (from_body != NULL && strstr(from_body, "<mark>") != NULL) {
        free(html);
        return from_body;
    }
    free(from_body);
    return html;
}

/* Decode hit i into v.  0, or -1 when out of memory. */
static int read_one(const polis_result_t *r, size_t i, unsigned flags, sd_hit_t *v)
{
    const char *data = polis_result_data(r, i);
    v->decoded = data != NULL && polis_doc_from_json(&v->doc, data, strlen(data)) == 0;
    v->id = polis_result_id(r, i);
    if (!v->decoded) {
        /* Keep the hit (the id is still useful) and tell the operator. */
        fprintf(stderr, "polis-searchd: document %s: stored data is not a document\n",
                v->id != NULL ? v->id : "?");
        polis_doc_clear(&v->doc);
    }
    if (v->id == NULL)
        v->id = v->doc.id;
    v->score = polis_result_score(r, i);
    const char *body = polis_result_body(r, i);
    if ((flags & SD_HIT_BODY) && polis_str_set(&v->doc.body, body, (size_t)-1) != 0)
        return -1;
    if (!(flags & SD_HIT_MARKS))
        return 0;
    if (v->doc.title != NULL) {
        v->title_html = polis_result_highlight(r, v->doc.title, 0);
        if (v->title_html == NULL)
            return -1;
    }
    v->snippet = snippet(r, &v->doc, body);
    return v->snippet != NULL ? 0 : -1;
}

int sd_hit_read(const polis_result_t *r, unsigned flags, sd_hit_t **hits, size_t *n)
{
    *hits = NULL;
    *n = 0;
    size_t size = polis_result_size(r);
    if (size == 0)
        return 0;
    sd_hit_t *v = calloc(size, sizeof *v);
    if (v == NULL)
        return -1;
    for (size_t i = 0; i < size; i++) {
        polis_doc_init(&v[i].doc);
        if (read_one(r, i, flags, &v[i]) != 0) {
            sd_hit_free(v, i + 1);
            return -1;
        }
    }
    *hits = v;
    *n = size;
    return 0;
}

void sd_hit_free(sd_hit_t *hits, size_t n)
{
    for (size_t i = 0; hits != NULL && i < n; i++) {
        polis_doc_clear(&hits[i].doc);
        free(hits[i].title_html);
        free(hits[i].snippet);
    }
    free(hits);
}

int sd_hit_notice_url(polis_buf_t *out, const char *base, const char *id)
{
    int err = polis_buf_printf(out, "%s/doc/", base != NULL ? base : "");
    for (const unsigned char *p = (const unsigned char *)(id != NULL ? id : ""); *p && !err; p++) {
        int plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' || *p == '~';
        err =
            plain ? polis_buf_append(out, (const char *)p, 1) : polis_buf_printf(out, "%%%02X", *p);
    }
    return err;
}
