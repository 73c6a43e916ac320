/* indexer/md_blocks.c — lines of a print-export page into blocks.  See
 * md_blocks.h. */
#include "md_blocks.h"

#include <stdlib.h>
#include <string.h>

#include "md_url.h"

static int push_block(polis_md_block_t **v, size_t *n, size_t *cap, polis_md_block_t b)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        polis_md_block_t *p = realloc(*v, ncap * sizeof *p);
        if (!p)
            return -1;
        *v = p;
        *cap = ncap;
    }
    (*v)[(*n)++] = b;
    return 0;
}

/* Level of a `#` heading line, 0 when it is not one. */
static int heading_level(const char *s, size_t len)
{
    int level = 0;
    while ((size_t)level < len && s[level] == '#')
        level++;
    if (level == 0 || level > 6 || ((size_t)level < len && s[level] != ' ' && s[level] != '\t'))
        return 0;
    return level;
}

/* Length of a list marker ("- ", "* ", "+ ", "1. ", "2) ") at s, 0 if none. */
static size_t item_marker(const char *s, size_t len)
{
    size_t i = 0;
    if (len >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && (s[1] == ' ' || s[1] == '\t'))
        return 2;
    while (i < len && i < 4 && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i > 0 && i + 1 < len && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ')
        return i + 2;
    return 0;
}

/* Whether the line is a thematic break ("---", "* * *"). */
static int is_rule(const char *s, size_t len)
{
    size_t marks = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ' ' || s[i] == '\t')
            continue;
        if (s[i] != s[0] || (s[0] != '-' && s[0] != '*' && s[0] != '_'))
            return 0;
        marks++;
    }
    return marks >= 3;
}

/* A `[n] <url>` (or `[n] url`) line: fills b and returns 1. */
static int linkdef_line(const char *s, size_t len, polis_md_block_t *b)
{
    size_t i = 1;
    unsigned long n = 0;
    if (len < 4 || s[0] != '[')
        return 0;
    while (i < len && i < 8 && s[i] >= '0' && s[i] <= '9')
        n = n * 10 + (unsigned long)(s[i++] - '0');
    if (i == 1 || i >= len || s[i] != ']')
        return 0;
    i++;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    const char *u = s + i;
    size_t ulen = len - i;
    if (ulen > 2 && u[0] == '<' && u[ulen - 1] == '>')
        u++, ulen -= 2;
    if (ulen == 0 || memchr(u, ' ', ulen) || !polis_md_url_is_absolute(u, ulen))
        return 0;
    *b = (polis_md_block_t){ POLIS_MD_LINKDEF, 0, u, ulen, n };
    return 1;
}

int polis_md_blocks(const char *buf, size_t len, polis_md_block_t **out, size_t *n)
{
    size_t cap = 0, pos = 0;
    long open = -1; /* index of the paragraph or item that a next line continues */
    *out = NULL;
    *n = 0;
    while (pos < len) {
        const char *line = buf + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t llen = nl ? (size_t)(nl - line) : len - pos;
        pos += llen + (nl ? 1 : 0);
        while (llen > 0 &&
               (line[llen - 1] == '\r' || line[llen - 1] == ' ' || line[llen - 1] == '\t'))
            llen--;
        size_t indent = 0;
        while (indent < llen && (line[indent] == ' ' || line[indent] == '\t'))
            indent++;
        const char *s = line + indent;
        size_t slen = llen - indent;
        polis_md_block_t b;
        int level = heading_level(s, slen);
        size_t marker = item_marker(s, slen);
        int rc = 0;
        if (slen == 0 || is_rule(s, slen)) {
            open = -1;
            continue;
        }
        if (level) {
            size_t a = (size_t)level, e = slen;
            while (a < e && (s[a] == ' ' || s[a] == '\t'))
                a++;
            while (e > a && (s[e - 1] == '#' || s[e - 1] == ' '))
                e--;
            rc = push_block(out, n, &cap,
                            (polis_md_block_t){ POLIS_MD_HEADING, level, s + a, e - a, 0 });
            open = -1;
        } else if (linkdef_line(s, slen, &b)) {
            rc = push_block(out, n, &cap, b);
            open = -1;
        } else if (marker) {
            rc = push_block(out, n, &cap,
                            (polis_md_block_t){ POLIS_MD_ITEM, 0, s + marker, slen - marker, 0 });
            open = (long)*n - 1;
        } else if (open >= 0) {
            /* A line right below continues its paragraph or item. */
            (*out)[open].len = (size_t)(s + slen - (*out)[open].text);
        } else {
            while (slen > 0 && *s == '>')
                s++, slen--; /* a quotation reads as a paragraph */
            rc = push_block(out, n, &cap, (polis_md_block_t){ POLIS_MD_PARA, 0, s, slen, 0 });
            open = (long)*n - 1;
        }
        if (rc != 0)
            return -1;
    }
    return 0;
}
