/* update.c — incremental update of an index; see update.h. */
#include "update.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "dispatch.h"
#include "polis/index.h"
#include "polis/text.h"
#include "progress.h"

/* What the index remembers of one file. */
typedef struct {
    char *rel;
    char *value; /* hash, then one id a line */
    int seen;    /* still in the corpus */
} source_t;

typedef struct {
    source_t *v;
    size_t n, cap;
} sources_t;

typedef struct {
    polis_update_t *u;
    polis_index_t *idx;
    polis_strv_t ids; /* ids the current file gave */
    int failed;       /* the index failed */
    int stop;         /* --strict met a warning */
} ctx_t;

static int collect_source(const char *key, const char *value, void *arg)
{
    sources_t *s = arg;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        source_t *p = realloc(s->v, cap * sizeof *p);
        if (!p)
            return -1;
        s->v = p;
        s->cap = cap;
    }
    source_t *e = &s->v[s->n];
    e->rel = strdup(key + 4); /* after "src:" */
    e->value = strdup(value);
    e->seen = 0;
    if (!e->rel || !e->value) {
        free(e->rel);
        free(e->value);
        return -1;
    }
    s->n++;
    return 0;
}

static void sources_free(sources_t *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].rel);
        free(s->v[i].value);
    }
    free(s->v);
}

static int cmp_source(const void *key, const void *elem)
{
    return strcmp(key, ((const source_t *)elem)->rel);
}

static void warn(ctx_t *c, const char *path, const char *message)
{
    fprintf(stderr, "%s: %s\n", path, message);
    c->u->warnings++;
    if (c->u->strict)
        c->stop = 1;
}

static void sink_warn(polis_sink_t *sink, const char *path, const char *message)
{
    warn(sink->ctx, path, message);
}

static int sink_emit(polis_sink_t *sink, const polis_doc_t *doc)
{
    ctx_t *c = sink->ctx;
    if (polis_index_put(c->idx, doc) != POLIS_OK) {
        c->failed = 1;
        return -1;
    }
    if (polis_strv_push(&c->ids, doc->id) != 0) {
        c->failed = 1;
        return -1;
    }
    return c->stop ? -1 : 0;
}

static int sink_remove(polis_sink_t *sink, const char *id)
{
    ctx_t *c = sink->ctx;
    polis_status_t st = polis_index_delete(c->idx, id);
    if (st != POLIS_OK && st != POLIS_ERR_NOT_FOUND) {
        c->failed = 1;
        return -1;
    }
    return 0;
}

/* Delete the ids listed in a stored source value that keep is not giving
 * any more (keep NULL: all of them).  0, or -1 when the index failed. */
static int delete_old_ids(ctx_t *c, const char *value, const polis_strv_t *keep)
{
    const char *line = strchr(value, '\n');
    while (line) {
        const char *id = line + 1;
        const char *end = strchr(id, '\n');
        size_t n = end ? (size_t)(end - id) : strlen(id);
        char buf[1024];
        if (n > 0 && n < sizeof buf) {
            memcpy(buf, id, n);
            buf[n] = '\0';
            int kept = 0;
            for (size_t i = 0; keep && i < keep->n && !kept; i++)
                kept = strcmp(keep->v[i], buf) == 0;
            polis_status_t st = kept ? POLIS_OK : polis_index_delete(c->idx, buf);
            if (st != POLIS_OK && st != POLIS_ERR_NOT_FOUND)
                return -1;
        }
        line = end;
    }
    return 0;
}

/* The first line of a stored source value is "HASH" or "HASH STAMP". */
static size_t first_line(const char *value)
{
    return strcspn(value, "\n");
}

static int same_hash(const char *value, const char *hash)
{
    size_t n = strlen(hash);
    return strncmp(value, hash, n) == 0 && (value[n] == ' ' || value[n] == '\n' || !value[n]);
}

static int same_stamp(const char *value, const char *stamp)
{
    size_t line = first_line(value), n = strlen(stamp);
    const char *space = memchr(value, ' ', line);
    return *stamp && space && (size_t)(value + line - (space + 1)) == n &&
           memcmp(space + 1, stamp, n) == 0;
}

/* Give an unchanged file's stored value its current stamp, ids kept. */
static int restamp(ctx_t *c, const char *rel, const char *value, const char *hash,
                   const char *stamp)
{
    polis_buf_t key = { 0 }, val = { 0 };
    int rc = polis_buf_printf(&key, "src:%s", rel) |
             polis_buf_printf(&val, "%s %s%s", hash, stamp, value + first_line(value));
    polis_status_t st = rc ? POLIS_ERR_NOMEM : polis_index_set_metadata(c->idx, key.data, val.data);
    polis_buf_free(&key);
    polis_buf_free(&val);
    return st == POLIS_OK ? 0 : -1;
}

/* One file of the corpus.  A file whose size and modification time are
 * those stored with its hash is not read; one that is read and hashes the
 * same keeps its documents and gets its stamp renewed. */
static void update_file(ctx_t *c, sources_t *old, size_t i, char **buf, size_t *cap)
{
    polis_update_t *u = c->u;
    const char *rel = u->files->files[i].path;
    char err[512], hash[POLIS_HASH_LEN], stamp[POLIS_STAMP_LEN];
    size_t len = 0;
    source_t *prev = bsearch(rel, old->v, old->n, sizeof old->v[0], cmp_source);
    if (prev)
        prev->seen = 1;
    polis_build_stamp(&u->files->files[i], stamp);
    if (prev && same_stamp(prev->value, stamp)) {
        u->unchanged++;
        return;
    }
    if (polis_dispatch_read(u->corpus, rel, u->max_file, buf, cap, &len, err, sizeof err) != 0) {
        warn(c, rel, err);
        u->failed++;
        return;
    }
    polis_dispatch_hash(*buf, len, hash);
    if (prev && same_hash(prev->value, hash)) {
        u->unchanged++;
        if (*stamp && restamp(c, rel, prev->value, hash, stamp) != 0)
            c->failed = 1;
        return;
    }
    polis_sink_t sink = { sink_emit, sink_remove, sink_warn, c };
    polis_strv_clear(&c->ids);
    polis_file_status_t fs =
        polis_dispatch_parse(rel, *buf, len, hash, u->tables->themes, &sink, NULL);
    if (c->failed || c->stop)
        return;
    if (fs != POLIS_FILE_INDEXED) {
        u->failed++; /* the previous documents stay */
        return;
    }
    if ((prev && delete_old_ids(c, prev->value, &c->ids) != 0) ||
        polis_build_store_source(c->idx, rel, hash, stamp, &c->ids) != POLIS_OK) {
        c->failed = 1;
        return;
    }
    if (prev)
        u->changed++;
    else
        u->added++;
}

/* Files gone from the corpus take their documents with them. */
static int remove_vanished(ctx_t *c, sources_t *old)
{
    for (size_t i = 0; i < old->n; i++) {
        if (old->v[i].seen)
            continue;
        char key[4200];
        snprintf(key, sizeof key, "src:%s", old->v[i].rel);
        if (delete_old_ids(c, old->v[i].value, NULL) != 0 ||
            polis_index_set_metadata(c->idx, key, "") != POLIS_OK)
            return -1;
        c->u->removed++;
    }
    return 0;
}

int polis_update_run(polis_update_t *u, const char *index_dir, char *err, size_t errlen)
{
    ctx_t c = { .u = u };
    sources_t old = { 0 };
    char *msg = NULL, *buf = NULL;
    size_t cap = 0;
    if (polis_index_create(index_dir, 0, &c.idx, &msg) != POLIS_OK) {
        snprintf(err, errlen, "%s", msg ? msg : "cannot open the index for writing");
        free(msg);
        return -1;
    }
    int rc = -1;
    if (polis_index_begin(c.idx) != POLIS_OK ||
        polis_index_metadata_each(c.idx, "src:", collect_source, &old) != POLIS_OK) {
        c.failed = 1;
    } else {
        polis_progress_t pr;
        polis_progress_start(&pr, u->progress, u->files->n);
        for (size_t i = 0; i < u->files->n && !c.failed && !c.stop; i++) {
            update_file(&c, &old, i, &buf, &cap);
            polis_progress_update(&pr, i + 1, u->added + u->changed);
        }
        polis_progress_end(&pr);
        if (!c.failed && !c.stop &&
            (remove_vanished(&c, &old) != 0 || polis_tables_store(u->tables, c.idx) != POLIS_OK))
            c.failed = 1;
        if (!c.failed && !c.stop && polis_synonyms_count(u->tables->synonyms) > 0 &&
            !polis_index_synonyms_indexed(c.idx))
            fprintf(stderr, "polis-indexer: note: the documents do not all carry the concept terms "
                            "of the synonym groups (synonyms.tsv changed, or an older indexer "
                            "wrote them); searches match the groups' phrases, slower, until "
                            "'polis-indexer rebuild'\n");
        if (!c.failed && !c.stop && polis_index_commit(c.idx) == POLIS_OK)
            rc = 0;
        else if (!c.stop)
            c.failed = 1;
    }
    if (rc != 0) {
        if (c.stop)
            snprintf(err, errlen, "stopped at the first warning (--strict), nothing committed");
        else
            snprintf(err, errlen, "%s", polis_index_last_error(c.idx));
        (void)polis_index_cancel(c.idx); /* the error above is the one to tell */
    }
    unsigned long n = 0;
    if (rc == 0 && polis_index_doc_count(c.idx, &n) == POLIS_OK)
        u->docs = n;
    polis_index_close(c.idx);
    polis_strv_clear(&c.ids);
    sources_free(&old);
    free(buf);
    return rc;
}
