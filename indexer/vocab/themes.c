/* indexer/themes.c — themes.tsv and synonyms.tsv.  See themes.h. */
#include "vocab/themes.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polis/text.h"

#define KEY_MAX 1024 /* a label's slug longer than this is not a label */

typedef struct {
    char *id;
    char *label;
} theme_t;

typedef struct {
    char *key;     /* slug of a label, alias or id */
    size_t theme;  /* index into themes[] */
    unsigned line; /* where it was listed, for errors */
} alias_t;

struct ix_themes {
    theme_t *themes;
    size_t n, cap;
    alias_t *aliases; /* sorted by key once loaded */
    size_t n_aliases, cap_aliases;
};

typedef struct {
    char **phrases;
    size_t n;
} group_t;

struct ix_synonyms {
    group_t *groups;
    size_t n, cap;
};

/* A file read whole, and the state of a walk over its lines. */
typedef struct {
    const char *path;
    char *data;
    size_t len;
    size_t pos;
    unsigned line;
} lines_t;

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    if (!err || errlen == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* Read path whole into l (NUL-terminated).  0, or -1 with err set. */
static int lines_open(lines_t *l, const char *path, char *err, size_t errlen)
{
    memset(l, 0, sizeof *l);
    l->path = path;
    FILE *f = fopen(path, "rb");
    if (!f) {
        set_err(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 4096;
    l->data = malloc(cap);
    int rc = l->data ? 0 : -1;
    while (rc == 0) {
        if (l->len + 1 >= cap) {
            char *p = cap <= IX_THEMES_MAX_FILE ? realloc(l->data, cap * 2) : NULL;
            if (!p) {
                rc = -1;
                break;
            }
            l->data = p;
            cap *= 2;
        }
        size_t got = fread(l->data + l->len, 1, cap - 1 - l->len, f);
        l->len += got;
        if (got == 0)
            break;
    }
    if (rc == 0 && ferror(f)) {
        set_err(err, errlen, "%s: read error", path);
        rc = -2;
    } else if (rc != 0 || l->len > IX_THEMES_MAX_FILE) {
        set_err(err, errlen, "%s: too large or out of memory (limit %u bytes)", path,
                IX_THEMES_MAX_FILE);
        rc = -1;
    }
    fclose(f);
    if (rc != 0) {
        free(l->data);
        l->data = NULL;
        return -1;
    }
    l->data[l->len] = '\0';
    if (!polis_text_valid_utf8(l->data, l->len)) {
        set_err(err, errlen, "%s: not UTF-8", path);
        free(l->data);
        l->data = NULL;
        return -1;
    }
    return 0;
}

/* Next line that is neither blank nor a '#' comment, cut in place (the
 * newline and a CR before it become NUL).  Returns the line, or NULL at the
 * end; l->line is its 1-based number. */
static char *lines_next(lines_t *l)
{
    while (l->pos < l->len) {
        char *line = l->data + l->pos;
        char *nl = memchr(line, '\n', l->len - l->pos);
        size_t n = nl ? (size_t)(nl - line) : l->len - l->pos;
        l->pos += n + (nl ? 1 : 0);
        l->line++;
        line[n] = '\0';
        if (n > 0 && line[n - 1] == '\r')
            line[--n] = '\0';
        if (l->line == 1 && n >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0)
            line += 3; /* byte order mark */
        size_t i = strspn(line, " \t");
        if (line[i] == '\0' || line[i] == '#')
            continue;
        return line;
    }
    return NULL;
}

/* Cut the next tab-separated field of *cursor in place, trimmed of spaces.
 * Returns it (possibly ""), or NULL when the line is used up. */
static char *next_field(char **cursor)
{
    char *f = *cursor;
    if (!f)
        return NULL;
    char *tab = strchr(f, '\t');
    if (tab) {
        *tab = '\0';
        *cursor = tab + 1;
    } else {
        *cursor = NULL;
    }
    f += strspn(f, " ");
    size_t n = strlen(f);
    while (n > 0 && (f[n - 1] == ' ' || f[n - 1] == '\t'))
        f[--n] = '\0';
    return f;
}

/* The lookup key of a label: its slug, in a buffer the caller frees.
 * Returns 0, or -1 when out of memory or longer than KEY_MAX. */
static int make_key(const char *s, size_t len, polis_buf_t *out)
{
    out->max = KEY_MAX;
    return polis_text_slug(s, len, out);
}

static int valid_id(const char *id)
{
    if (!*id)
        return 0;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return 0;
    return 1;
}

static int cmp_alias(const void *a, const void *b)
{
    return strcmp(((const alias_t *)a)->key, ((const alias_t *)b)->key);
}

/* Register name (a label, an alias or the id) as a key of theme ti.
 * Returns 0, or -1 with err set (out of memory, no letters or digits). */
static int add_alias(ix_themes_t *t, const char *name, size_t ti, const lines_t *l, char *err,
                     size_t errlen)
{
    polis_buf_t key = { 0 };
    if (make_key(name, strlen(name), &key) != 0 ||
        polis_grow((void **)&t->aliases, &t->cap_aliases, t->n_aliases, sizeof *t->aliases) != 0) {
        polis_buf_free(&key);
        set_err(err, errlen, "%s:%u: out of memory or label too long", l->path, l->line);
        return -1;
    }
    if (key.len == 0) {
        polis_buf_free(&key);
        set_err(err, errlen, "%s:%u: label \"%s\" has no letters or digits", l->path, l->line,
                name);
        return -1;
    }
    t->aliases[t->n_aliases].key = key.data; /* the buffer's memory now belongs to the table */
    t->aliases[t->n_aliases].theme = ti;
    t->aliases[t->n_aliases].line = l->line;
    t->n_aliases++;
    return 0;
}

/* Parse one themes.tsv line into t.  0, or -1 with err set. */
static int themes_line(ix_themes_t *t, const lines_t *l, char *line, char *err, size_t errlen)
{
    char *cursor = line;
    char *id = next_field(&cursor);
    char *label = next_field(&cursor);
    if (!label || !*label) {
        set_err(err, errlen, "%s:%u: expected theme_id<TAB>label[<TAB>alias...]", l->path, l->line);
        return -1;
    }
    if (!valid_id(id)) {
        set_err(err, errlen, "%s:%u: bad theme id \"%s\" (lower-case letters, digits, '-')",
                l->path, l->line, id);
        return -1;
    }
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->themes[i].id, id) == 0) {
            set_err(err, errlen, "%s:%u: duplicate theme id \"%s\"", l->path, l->line, id);
            return -1;
        }
    if (polis_grow((void **)&t->themes, &t->cap, t->n, sizeof *t->themes) != 0) {
        set_err(err, errlen, "%s:%u: out of memory", l->path, l->line);
        return -1;
    }
    size_t ti = t->n;
    t->themes[ti].id = strdup(id);
    t->themes[ti].label = strdup(label);
    t->n++; /* counted now so ix_themes_free() releases a half-filled entry */
    if (!t->themes[ti].id || !t->themes[ti].label) {
        set_err(err, errlen, "%s:%u: out of memory", l->path, l->line);
        return -1;
    }
    /* The id is a key too, so a source that writes ids directly is read. */
    int rc = add_alias(t, id, ti, l, err, errlen);
    if (rc == 0)
        rc = add_alias(t, label, ti, l, err, errlen);
    for (char *alias = next_field(&cursor); alias && rc == 0; alias = next_field(&cursor))
        if (*alias) /* a doubled tab leaves an empty field */
            rc = add_alias(t, alias, ti, l, err, errlen);
    return rc;
}

/* Sort the aliases, drop repeats of a key for one theme and reject a key
 * two themes claim.  0, or -1 with err set. */
static int themes_index(ix_themes_t *t, const char *path, char *err, size_t errlen)
{
    int rc = 0;
    size_t w = 0;
    if (t->n_aliases > 1)
        qsort(t->aliases, t->n_aliases, sizeof *t->aliases, cmp_alias);
    for (size_t r = 0; r < t->n_aliases; r++) {
        if (w > 0 && strcmp(t->aliases[w - 1].key, t->aliases[r].key) == 0) {
            const alias_t *a = &t->aliases[w - 1], *b = &t->aliases[r];
            if (a->theme != b->theme && rc == 0) {
                if (a->line > b->line) {
                    const alias_t *swap = a;
                    a = b;
                    b = swap;
                }
                set_err(err, errlen, "%s:%u: \"%s\" already names theme \"%s\" (line %u)", path,
                        b->line, b->key, t->themes[a->theme].id, a->line);
                rc = -1;
            }
            free(t->aliases[r].key);
            continue;
        }
        t->aliases[w++] = t->aliases[r];
    }
    t->n_aliases = w;
    return rc;
}

int ix_themes_load(const char *path, ix_themes_t **out, char *err, size_t errlen)
{
    lines_t l;
    *out = NULL;
    if (lines_open(&l, path, err, errlen) != 0)
        return -1;
    ix_themes_t *t = calloc(1, sizeof *t);
    int rc = t ? 0 : -1;
    if (!t)
        set_err(err, errlen, "%s: out of memory", path);
    for (char *line = t ? lines_next(&l) : NULL; line && rc == 0; line = lines_next(&l))
        rc = themes_line(t, &l, line, err, errlen);
    if (rc == 0 && t)
        rc = themes_index(t, path, err, errlen);
    free(l.data);
    if (rc != 0) {
        ix_themes_free(t);
        return -1;
    }
    *out = t;
    return 0;
}

void ix_themes_free(ix_themes_t *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->themes[i].id);
        free(t->themes[i].label);
    }
    for (size_t i = 0; i < t->n_aliases; i++)
        free(t->aliases[i].key);
    free(t->themes);
    free(t->aliases);
    free(t);
}

const char *ix_themes_lookup_len(const ix_themes_t *t, const char *label, size_t len)
{
    if (!t || !label || t->n_aliases == 0)
        return NULL;
    polis_buf_t key = { 0 };
    const char *id = NULL;
    if (make_key(label, len, &key) == 0 && key.len > 0) {
        alias_t probe = { key.data, 0, 0 };
        const alias_t *a = bsearch(&probe, t->aliases, t->n_aliases, sizeof *t->aliases, cmp_alias);
        if (a)
            id = t->themes[a->theme].id;
    }
    polis_buf_free(&key);
    return id;
}

const char *ix_themes_lookup(const ix_themes_t *t, const char *label)
{
    return label ? ix_themes_lookup_len(t, label, strlen(label)) : NULL;
}

const char *ix_themes_label(const ix_themes_t *t, const char *id)
{
    if (!t || !id)
        return NULL;
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->themes[i].id, id) == 0)
            return t->themes[i].label;
    return NULL;
}

size_t ix_themes_keys(const ix_themes_t *t)
{
    return t ? t->n_aliases : 0;
}

int ix_themes_key_at(const ix_themes_t *t, size_t i, const char **key, const char **id)
{
    if (!t || i >= t->n_aliases)
        return -1;
    *key = t->aliases[i].key;
    *id = t->themes[t->aliases[i].theme].id;
    return 0;
}

size_t ix_themes_count(const ix_themes_t *t)
{
    return t ? t->n : 0;
}

int ix_themes_at(const ix_themes_t *t, size_t i, const char **id, const char **label)
{
    if (!t || i >= t->n)
        return -1;
    if (id)
        *id = t->themes[i].id;
    if (label)
        *label = t->themes[i].label;
    return 0;
}

/* ---- synonyms ----------------------------------------------------------- */

/* Parse one synonyms.tsv line into s.  0, or -1 with err set. */
static int synonyms_line(ix_synonyms_t *s, const lines_t *l, char *line, char *err, size_t errlen)
{
    char *cursor = line;
    size_t fields = 1;
    for (const char *p = line; *p; p++)
        fields += *p == '\t';
    if (polis_grow((void **)&s->groups, &s->cap, s->n, sizeof *s->groups) != 0)
        goto nomem;
    group_t *g = &s->groups[s->n];
    g->n = 0;
    g->phrases = calloc(fields, sizeof *g->phrases);
    if (!g->phrases)
        goto nomem;
    s->n++;
    for (char *f = next_field(&cursor); f; f = next_field(&cursor)) {
        if (!*f)
            continue;
        g->phrases[g->n] = strdup(f);
        if (!g->phrases[g->n])
            goto nomem;
        g->n++;
    }
    if (g->n < 2) {
        set_err(err, errlen, "%s:%u: a synonym group needs at least two tab-separated phrases",
                l->path, l->line);
        return -1;
    }
    return 0;
nomem:
    set_err(err, errlen, "%s:%u: out of memory", l->path, l->line);
    return -1;
}

int ix_synonyms_load(const char *path, ix_synonyms_t **out, char *err, size_t errlen)
{
    lines_t l;
    *out = NULL;
    if (lines_open(&l, path, err, errlen) != 0)
        return -1;
    ix_synonyms_t *s = calloc(1, sizeof *s);
    int rc = s ? 0 : -1;
    if (!s)
        set_err(err, errlen, "%s: out of memory", path);
    for (char *line = s ? lines_next(&l) : NULL; line && rc == 0; line = lines_next(&l))
        rc = synonyms_line(s, &l, line, err, errlen);
    free(l.data);
    if (rc != 0) {
        ix_synonyms_free(s);
        return -1;
    }
    *out = s;
    return 0;
}

void ix_synonyms_free(ix_synonyms_t *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        for (size_t k = 0; k < s->groups[i].n; k++)
            free(s->groups[i].phrases[k]);
        free(s->groups[i].phrases);
    }
    free(s->groups);
    free(s);
}

size_t ix_synonyms_count(const ix_synonyms_t *s)
{
    return s ? s->n : 0;
}

const char *const *ix_synonyms_group(const ix_synonyms_t *s, size_t i, size_t *n)
{
    if (!s || i >= s->n) {
        *n = 0;
        return NULL;
    }
    *n = s->groups[i].n;
    return (const char *const *)s->groups[i].phrases;
}
