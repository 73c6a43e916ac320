/* harvest/robots.c — robots.txt rules for one agent; see robots.h. */
#include "harvest/robots.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* RFC 9309: a crawler must read at least 500 KiB; past that it may stop. */
#define ROBOTS_MAX (500u << 10)

typedef struct {
    char *pattern;
    size_t len;
    int allow;
} rule_t;

struct ix_robots {
    rule_t *rules;
    size_t n, cap;
    double delay;
    int deny_all; /* robots.txt could not be read */
};

/* One group as it is read: does it name us, or "*"? */
typedef struct {
    int ours, any;
    rule_t *rules;
    size_t n, cap;
    double delay;
} group_t;

static int push(rule_t **v, size_t *n, size_t *cap, const char *p, size_t len, int allow)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        rule_t *g = realloc(*v, c * sizeof *g);
        if (!g)
            return -1;
        *v = g, *cap = c;
    }
    char *s = malloc(len + 1);
    if (!s)
        return -1;
    memcpy(s, p, len);
    s[len] = '\0';
    (*v)[(*n)++] = (rule_t){ s, len, allow };
    return 0;
}

static void free_rules(rule_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].pattern);
    free(v);
}

/* Does the user-agent line's value name agent? */
static int names(const char *v, size_t len, const char *agent)
{
    size_t a = strlen(agent);
    return len >= a && strncasecmp(v, agent, a) == 0 && (len == a || v[a] == '/');
}

static int trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t'))
        (*s)++, (*len)--;
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' || (*s)[*len - 1] == '\r'))
        (*len)--;
    return *len > 0;
}

/* The chosen group's rules move into r: ours first, else "*". */
static int take(ix_robots_t *r, group_t *g, int *have_ours)
{
    int rc = 0;
    if (g->ours && !*have_ours) { /* the first group naming us: forget "*" */
        free_rules(r->rules, r->n);
        r->rules = NULL, r->n = r->cap = 0, r->delay = 0;
        *have_ours = 1;
    }
    if (g->ours || (g->any && !*have_ours)) {
        for (size_t i = 0; rc == 0 && i < g->n; i++)
            rc = push(&r->rules, &r->n, &r->cap, g->rules[i].pattern, g->rules[i].len,
                      g->rules[i].allow);
        if (g->delay > r->delay)
            r->delay = g->delay;
    }
    free_rules(g->rules, g->n);
    memset(g, 0, sizeof *g);
    return rc;
}

ix_robots_t *ix_robots_parse(const char *txt, size_t len, const char *agent)
{
    ix_robots_t *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    if (len > ROBOTS_MAX)
        len = ROBOTS_MAX;
    group_t g = { 0 };
    int have_ours = 0, in_rules = 0, rc = 0;
    const char *p = txt, *end = txt + len;
    while (rc == 0 && p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *line = p;
        size_t n = (size_t)((eol ? eol : end) - p);
        p = eol ? eol + 1 : end;
        const char *hash = memchr(line, '#', n);
        if (hash)
            n = (size_t)(hash - line);
        const char *colon = memchr(line, ':', n);
        if (!colon)
            continue;
        const char *key = line, *val = colon + 1;
        size_t klen = (size_t)(colon - line), vlen = n - klen - 1;
        trim(&key, &klen);
        trim(&val, &vlen);
        if (klen == 10 && strncasecmp(key, "user-agent", 10) == 0) {
            if (in_rules) { /* a user-agent after rules starts a new group */
                rc = take(r, &g, &have_ours);
                in_rules = 0;
            }
            if (vlen == 1 && *val == '*')
                g.any = 1;
            else if (names(val, vlen, agent))
                g.ours = 1;
        } else if ((klen == 5 && strncasecmp(key, "allow", 5) == 0) ||
                   (klen == 8 && strncasecmp(key, "disallow", 8) == 0)) {
            in_rules = 1;
            /* "Disallow:" with nothing allows everything: no rule. */
            if (vlen)
                rc = push(&g.rules, &g.n, &g.cap, val, vlen, klen == 5);
        } else if (klen == 11 && strncasecmp(key, "crawl-delay", 11) == 0) {
            in_rules = 1;
            char num[32];
            size_t k = vlen < sizeof num - 1 ? vlen : sizeof num - 1;
            memcpy(num, val, k);
            num[k] = '\0';
            double d = strtod(num, NULL);
            if (d > 0 && d > g.delay)
                g.delay = d;
        }
        /* Sitemap: lines and other keys belong to no group. */
    }
    if (rc == 0)
        rc = take(r, &g, &have_ours);
    else
        free_rules(g.rules, g.n);
    if (rc != 0) {
        ix_robots_free(r);
        return NULL;
    }
    return r;
}

ix_robots_t *ix_robots_all(int allowed)
{
    ix_robots_t *r = calloc(1, sizeof *r);
    if (r)
        r->deny_all = !allowed;
    return r;
}

/* Does pattern p[0..plen) match path s from its start?  '*' is any run of
 * characters, a final '$' anchors at the end; otherwise a prefix will do.
 * Greedy with one backtrack point: linear in practice, never recursive. */
static int matches(const char *p, size_t plen, const char *s)
{
    int anchored = plen > 0 && p[plen - 1] == '$';
    if (anchored)
        plen--;
    size_t pi = 0, si = 0, slen = strlen(s), star = (size_t)-1, mark = 0;
    for (;;) {
        if (pi < plen && p[pi] == '*') {
            star = pi++;
            mark = si;
            continue;
        }
        if (pi == plen && (!anchored || si == slen))
            return 1;
        if (si < slen && pi < plen && p[pi] == s[si]) {
            pi++, si++;
            continue;
        }
        if (star == (size_t)-1 || mark >= slen)
            return 0;
        pi = star + 1;
        si = ++mark;
    }
}

int ix_robots_allowed(const ix_robots_t *r, const char *path)
{
    if (r->deny_all)
        return 0;
    /* robots.txt itself is always allowed (RFC 9309, 2.2.2). */
    if (strcmp(path, "/robots.txt") == 0)
        return 1;
    size_t best = 0;
    int allow = 1, found = 0;
    for (size_t i = 0; i < r->n; i++) {
        const rule_t *u = &r->rules[i];
        if (!matches(u->pattern, u->len, path))
            continue;
        if (!found || u->len > best || (u->len == best && u->allow)) {
            best = u->len;
            allow = u->allow;
            found = 1;
        }
    }
    return allow;
}

double ix_robots_delay(const ix_robots_t *r)
{
    return r->delay;
}

size_t ix_robots_rules(const ix_robots_t *r)
{
    return r->n;
}

void ix_robots_free(ix_robots_t *r)
{
    if (!r)
        return;
    free_rules(r->rules, r->n);
    free(r);
}
