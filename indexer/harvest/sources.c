/* harvest/sources.c — a harvest configuration read and run; see sources.h. */
#include "harvest/sources.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    ix_source_t *v;
    size_t n;
    char **strings; /* what the sources' strings point into */
    size_t nstrings;
} ix_sources_t;

/* A configuration is a few lines: a bigger file is not one. */
#define CONFIG_MAX_LINE    8192
#define CONFIG_MAX_SOURCES 1000

/* p (malloc()ed, may be NULL) kept until ix_sources_free(); p, or NULL
 * when out of memory (p then freed). */
static char *own(ix_sources_t *src, char *p)
{
    char **v = p ? realloc(src->strings, (src->nstrings + 1) * sizeof *v) : NULL;
    if (!v) {
        free(p);
        return NULL;
    }
    src->strings = v;
    src->strings[src->nstrings++] = p;
    return p;
}

static char *keep(ix_sources_t *src, const char *s, size_t len)
{
    return own(src, strndup(s, len));
}

/* The next word of *p (spaces and tabs between), or NULL at the end. */
static const char *word(const char **p, size_t *len)
{
    const char *s = *p + strspn(*p, " \t\r\n");
    if (!*s || *s == '#')
        return NULL;
    *len = strcspn(s, " \t\r\n");
    *p = s + *len;
    return s;
}

static int line_fail(char *err, size_t errlen, const char *path, unsigned line, const char *what)
{
    snprintf(err, errlen, "%s:%u: %s", path, line, what);
    return -1;
}

/* One line into a source (or nothing, for a blank or comment line). */
static int read_line(ix_sources_t *src, const char *corpus, const char *path, unsigned line,
                     const char *text, char *err, size_t errlen)
{
    const char *p = text, *kind, *url;
    size_t klen, ulen;
    if (!(kind = word(&p, &klen)))
        return 0;
    ix_source_kind_t k;
    if (klen == 3 && strncmp(kind, "oai", 3) == 0)
        k = IX_SOURCE_OAI;
    else if (klen == 7 && strncmp(kind, "sitemap", 7) == 0)
        k = IX_SOURCE_SITEMAP;
    else
        return line_fail(err, errlen, path, line, "the kind of source is oai or sitemap");
    if (!(url = word(&p, &ulen)) || memchr(url, '=', ulen))
        return line_fail(err, errlen, path, line, "the source's URL follows its kind");
    if (src->n >= CONFIG_MAX_SOURCES)
        return line_fail(err, errlen, path, line, "more than 1000 sources");
    ix_source_t *v = realloc(src->v, (src->n + 1) * sizeof *v);
    if (!v)
        return line_fail(err, errlen, path, line, "out of memory");
    src->v = v;
    ix_source_t *s = &src->v[src->n];
    const char *u = keep(src, url, ulen);
    if (!u)
        return line_fail(err, errlen, path, line, "out of memory");
    ix_source_init(s, k, u, NULL);
    const char *opt;
    size_t olen;
    while ((opt = word(&p, &olen)) != NULL) {
        const char *eq = memchr(opt, '=', olen);
        char *key = eq ? keep(src, opt, (size_t)(eq - opt)) : NULL;
        char *val = eq ? keep(src, eq + 1, olen - (size_t)(eq - opt) - 1) : NULL;
        if (!eq)
            return line_fail(err, errlen, path, line, "options are written key=value");
        if (!key || !val)
            return line_fail(err, errlen, path, line, "out of memory");
        char why[512];
        int rc = ix_source_set(s, key, val, why, sizeof why);
        if (rc == 1) {
            snprintf(why, sizeof why, "unknown key %.64s", key);
            rc = -1;
        }
        if (rc < 0)
            return line_fail(err, errlen, path, line, why);
    }
    if (!s->into)
        return line_fail(err, errlen, path, line, "no into=DIR: where the files go");
    if (s->into[0] != '/') {
        size_t n = strlen(corpus) + strlen(s->into) + 2;
        char *full = own(src, malloc(n));
        if (!full)
            return line_fail(err, errlen, path, line, "out of memory");
        snprintf(full, n, "%s/%s", corpus, s->into);
        s->into = full;
    }
    for (size_t i = 0; i < src->n; i++)
        if (strcmp(src->v[i].into, s->into) == 0)
            return line_fail(err, errlen, path, line, "another source writes into this directory");
    src->n++;
    return 0;
}

static void release(ix_sources_t *src)
{
    for (size_t i = 0; i < src->nstrings; i++)
        free(src->strings[i]);
    free(src->strings);
    free(src->v);
    memset(src, 0, sizeof *src);
}

static int load(const char *path, const char *corpus, ix_sources_t *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char text[CONFIG_MAX_LINE];
    unsigned line = 0;
    int rc = 0;
    while (rc == 0 && fgets(text, sizeof text, f)) {
        line++;
        if (!strchr(text, '\n') && !feof(f))
            rc = line_fail(err, errlen, path, line, "line longer than 8191 bytes");
        else
            rc = read_line(out, corpus, path, line, text, err, errlen);
    }
    if (rc == 0 && ferror(f))
        rc = line_fail(err, errlen, path, line, strerror(errno));
    fclose(f);
    if (rc == 0 && out->n == 0) {
        snprintf(err, errlen, "%s: no source (a line: oai|sitemap URL into=DIR ...)", path);
        rc = -1;
    }
    if (rc != 0)
        release(out);
    return rc;
}

static size_t run(const ix_sources_t *src, int quiet, json_t **json)
{
    size_t failed = 0;
    json_t *arr = json ? json_array() : NULL;
    for (size_t i = 0; i < src->n; i++) {
        ix_source_result_t r;
        failed += ix_harvest_run(&src->v[i], &r) != 0;
        if (!quiet)
            ix_harvest_print(&src->v[i], &r, stderr);
        if (arr)
            json_array_append_new(arr, ix_harvest_json(&src->v[i], &r));
    }
    if (json)
        *json = arr;
    return failed;
}

long ix_sources_harvest(const char *path, const char *corpus, int quiet, json_t **json)
{
    ix_sources_t src;
    char err[1024];
    if (json)
        *json = NULL;
    if (load(path, corpus, &src, err, sizeof err) != 0) {
        fprintf(stderr, "polis-indexer: %s\n", err);
        return -1;
    }
    size_t failed = run(&src, quiet, json);
    if (failed)
        fprintf(stderr,
                "polis-indexer: %zu of %zu harvest sources failed; the files they have are "
                "indexed\n",
                failed, src.n);
    release(&src);
    return (long)failed;
}
