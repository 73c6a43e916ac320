/* indexer/md_front.c — YAML front matter through libyaml.  See md_front.h. */
#include "parse/md_front.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "parse/isodate.h"
#include "parse/md_entity.h"
#include "parse/md_url.h"
#include "parse/frdate.h"

/* Largest front matter read: a page's header, not a data file. */
#define FRONT_MAX (64 * 1024)

typedef enum {
    K_NONE,
    K_TITLE,
    K_DATE,
    K_MODIFIED,
    K_URL,
    K_THEMES,
    K_AUTHORS,
    K_SUMMARY,
    K_TYPE,
    K_LANG
} front_key_t;

static front_key_t key_of(const char *k)
{
    static const struct {
        const char *name;
        front_key_t key;
    } keys[] = {
        { "title", K_TITLE },      { "date", K_DATE },           { "published", K_DATE },
        { "publishdate", K_DATE }, { "lastmod", K_MODIFIED },    { "modified", K_MODIFIED },
        { "updated", K_MODIFIED }, { "permalink", K_URL },       { "url", K_URL },
        { "canonical", K_URL },    { "source", K_URL },          { "categories", K_THEMES },
        { "tags", K_THEMES },      { "themes", K_THEMES },       { "thematiques", K_THEMES },
        { "keywords", K_THEMES },  { "subjects", K_THEMES },     { "author", K_AUTHORS },
        { "authors", K_AUTHORS },  { "description", K_SUMMARY }, { "summary", K_SUMMARY },
        { "type", K_TYPE },        { "lang", K_LANG },           { "language", K_LANG },
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcasecmp(k, keys[i].name) == 0)
            return keys[i].key;
    return K_NONE;
}

size_t ix_md_front_len(const char *buf, size_t len)
{
    if (len < 8 || strncmp(buf, "---", 3) != 0)
        return 0;
    size_t i = 3;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r'))
        i++;
    if (i >= len || buf[i] != '\n')
        return 0;
    /* The closing line, "---" or "...", alone on its line. */
    for (size_t at = i; at < len && at < FRONT_MAX;) {
        const char *nl = memchr(buf + at + 1, '\n', len - at - 1);
        size_t line = at + 1, end = nl ? (size_t)(nl - buf) : len;
        size_t n = end - line;
        while (n > 0 && (buf[line + n - 1] == '\r' || buf[line + n - 1] == ' '))
            n--;
        if (n == 3 && (strncmp(buf + line, "---", 3) == 0 || strncmp(buf + line, "...", 3) == 0))
            return nl ? end + 1 : end;
        if (!nl)
            break;
        at = end;
    }
    return 0;
}

/* A scalar's text with its HTML entities decoded ("&#8217;"). */
static char *decoded(const char *s, size_t n)
{
    polis_buf_t b = { 0 };
    int rc = polis_buf_append(&b, "", 0);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const char *semi = s[i] == '&' ? memchr(s + i, ';', n - i < 40 ? n - i : 40) : NULL;
        if (semi) {
            rc = ix_md_entity(s + i, (size_t)(semi - s) - i + 1, &b);
            i = (size_t)(semi - s);
        } else {
            rc = polis_buf_append(&b, s + i, 1);
        }
    }
    if (rc != 0) {
        polis_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* One scalar value of key into doc.  0 or -1. */
static int take(polis_doc_t *doc, front_key_t key, const char *v)
{
    char day[IX_FRDATE_SIZE];
    switch (key) {
    case K_TITLE: return doc->title ? 0 : polis_str_set(&doc->title, v, (size_t)-1);
    case K_DATE:
    case K_MODIFIED: {
        char *field = key == K_DATE ? doc->published : doc->modified;
        if (!field[0] && (ix_isodate_paris(v, key == K_MODIFIED, day) == 0 ||
                          ix_frdate_parse(v, strlen(v), day) == 0))
            snprintf(field, sizeof doc->published, "%s", day);
        return 0;
    }
    case K_URL:
        return doc->url || !ix_md_url_is_absolute(v, strlen(v))
                   ? 0
                   : polis_str_set(&doc->url, v, (size_t)-1);
    case K_THEMES: return polis_strv_push(&doc->themes, v);
    case K_AUTHORS: return polis_strv_push(&doc->authors, v);
    case K_SUMMARY: return doc->summary ? 0 : polis_str_set(&doc->summary, v, (size_t)-1);
    case K_TYPE: return doc->site_type ? 0 : polis_str_set(&doc->site_type, v, (size_t)-1);
    case K_LANG: return doc->language ? 0 : polis_str_set(&doc->language, v, 2);
    default: return 0;
    }
}

int ix_md_front_read(const char *buf, size_t n, polis_doc_t *doc, char *err, size_t errlen)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    if (!yaml_parser_initialize(&parser))
        return -1;
    yaml_parser_set_input_string(&parser, (const unsigned char *)buf, n);
    /* Depth 1 is the page's mapping; a key is read there, its value there
     * (a scalar) or one level down (a list of scalars). */
    int depth = 0, rc = 0, expect_key = 1, done = 0, in_list = 0;
    front_key_t key = K_NONE;
    while (!done && rc == 0) {
        if (!yaml_parser_parse(&parser, &ev)) {
            snprintf(err, errlen, "front matter: %s, line %zu",
                     parser.problem ? parser.problem : "not YAML",
                     (size_t)parser.problem_mark.line + 1);
            rc = 1;
            break;
        }
        switch (ev.type) {
        case YAML_DOCUMENT_END_EVENT:
        case YAML_STREAM_END_EVENT: done = 1; break;
        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT:
            if (++depth == 2)
                in_list = ev.type == YAML_SEQUENCE_START_EVENT;
            break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
            if (--depth == 1)
                expect_key = 1;
            break;
        case YAML_SCALAR_EVENT: {
            char *v = decoded((const char *)ev.data.scalar.value, ev.data.scalar.length);
            if (!v) {
                rc = -1;
            } else if (depth == 1 && expect_key) {
                key = key_of(v);
                expect_key = 0;
            } else if (depth == 1 || (depth == 2 && in_list)) {
                char *t = v + strspn(v, " ");
                if (*t)
                    rc = take(doc, key, t);
                expect_key = depth == 1;
            }
            free(v);
            break;
        }
        default: break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    return rc;
}
