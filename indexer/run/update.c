/* update.c — incremental update of an index; see update.h. */
#include "run/update.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "run/build.h"
#include "parse/ident.h"
#include "parse/dispatch.h"
#include "polis/index.h"
#include "polis/text.h"
#include "run/progress.h"

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
    ix_update_t *u;
    polis_index_t *idx;
    size_t file;          /* the file being read: its rank in path order */
    polis_strv_t ids;     /* ids the current file gave */
    unsigned char *force; /* per file: read it again whatever its stamp */
    int reread;           /* the current file gave an older copy of a source */
    int failed;           /* the index failed */
    int stop;             /* --strict met a warning */
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

static void sink_warn(ix_sink_t *sink, const char *path, const char *message)
{
    warn(sink->ctx, path, message);
}

/* ---- claims against the index (ident.h) ------------------------------------ */

/* The rank of a corpus file, or (size_t)-1 when it is gone. */
static size_t rank_of(const ctx_t *c, const char *rel)
{
    size_t lo = 0, hi = c->u->files->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(c->u->files->files[mid].path, rel);
        if (cmp == 0)
            return mid;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (size_t)-1;
}

/* The stored document with this id into d (initialised).  1 found, 0 not,
 * -1 when the index failed. */
static int stored(ctx_t *c, const char *id, polis_doc_t *d)
{
    char *json = NULL;
    polis_status_t st = polis_index_get_doc(c->idx, id, &json);
    if (st == POLIS_ERR_NOT_FOUND)
        return 0;
    int rc = st == POLIS_OK && polis_doc_from_json(d, json, strlen(json)) == 0 ? 1 : -1;
    free(json);
    return rc;
}

/* The claim the stored document d stands for, its strings kept in key and
 * host.  0, or -1 when the index failed. */
static int stored_claim(ctx_t *c, const polis_doc_t *d, size_t file, ix_claim_t *out,
                        polis_buf_t *key, char *host, size_t hostlen, char *date)
{
    polis_doc_t parent;
    polis_doc_init(&parent);
    const char *parent_key = NULL;
    polis_buf_t pk = { 0 };
    int rc = 0;
    snprintf(date, 20, "%s", ix_claim_date(d));
    if (d->parent_id && strncmp(d->id, d->parent_id, strlen(d->parent_id)) == 0 &&
        stored(c, d->parent_id, &parent) == 1) {
        rc = ix_claim_key(&parent, parent.source_path, NULL, &pk);
        parent_key = pk.data;
        snprintf(date, 20, "%s", ix_claim_date(&parent));
    }
    if (rc == 0)
        rc = ix_claim_key(d, d->source_path, parent_key, key);
    ix_claim_host(d->url, host, hostlen);
    const ix_walk_file_t *f = &c->u->files->files[file];
    *out = (ix_claim_t){ d->id,
                         d->parent_id,
                         polis_text_hash64(key->data, key->len),
                         polis_text_hash64(host, strlen(host)),
                         host,
                         date,
                         f->mtime_ns,
                         file };
    polis_buf_free(&pk);
    polis_doc_clear(&parent);
    return rc;
}

/* The record of file rel gets a "-" before its hash: every update reads
 * it again, since it gives an older copy of a source another file gives,
 * and finds out whether the newer copy is still there. */
static int mark_reread(ctx_t *c, const char *rel)
{
    char key[4200], *value = NULL;
    snprintf(key, sizeof key, "src:%s", rel);
    if (polis_index_get_metadata(c->idx, key, &value) != POLIS_OK)
        return -1;
    int rc = 0;
    if (value[0] && value[0] != '-') {
        polis_buf_t v = { 0 };
        rc = polis_buf_printf(&v, "-%s", value);
        if (rc == 0 && polis_index_set_metadata(c->idx, key, v.data) != POLIS_OK)
            rc = -1;
        polis_buf_free(&v);
    }
    free(value);
    return rc;
}

/* The references of page id that file rel gave go with it: a newer copy
 * of the page replaces it and gives its own.  0 or -1. */
static int drop_references(ctx_t *c, const char *rel, const char *id)
{
    char key[4200], *value = NULL;
    snprintf(key, sizeof key, "src:%s", rel);
    if (polis_index_get_metadata(c->idx, key, &value) != POLIS_OK)
        return -1;
    int rc = 0;
    for (char *save = NULL, *line = strtok_r(value + strcspn(value, "\n"), "\n", &save);
         rc == 0 && line; line = strtok_r(NULL, "\n", &save)) {
        polis_doc_t d;
        polis_doc_init(&d);
        int found = stored(c, line, &d);
        if (found < 0)
            rc = -1;
        else if (found && d.parent_id && strcmp(d.parent_id, id) == 0 && d.source_path &&
                 strcmp(d.source_path, rel) == 0 && polis_index_delete(c->idx, line) != POLIS_OK)
            rc = -1;
        polis_doc_clear(&d);
    }
    free(value);
    return rc;
}

static int given(const ctx_t *c, const char *id)
{
    for (size_t i = 0; i < c->ids.n; i++)
        if (strcmp(c->ids.v[i], id) == 0)
            return 1;
    return 0;
}

/* Settle one claim against the document the index holds under its id.
 * 0 write (id in *out), 1 leave out, -1 failed. */
static int settle_one(ctx_t *c, ix_claim_t *cur, polis_buf_t *id, polis_buf_t *moved, int *again)
{
    const char *rel = c->u->files->files[c->file].path;
    ix_summary_t *sum = c->u->summary;
    polis_doc_t hd;
    polis_doc_init(&hd);
    int found = stored(c, cur->id, &hd), rc = found < 0 ? -1 : 0;
    size_t hfile = found == 1 && hd.source_path ? rank_of(c, hd.source_path) : (size_t)-1;
    *again = 0;
    /* Free, an earlier reading of this file, or a file now gone: take it. */
    if (found != 1 || hfile == (size_t)-1 || (hfile == c->file && !given(c, cur->id))) {
        polis_doc_clear(&hd);
        return rc;
    }
    polis_buf_t key = { 0 };
    char host[256], date[20];
    ix_claim_t held;
    rc = stored_claim(c, &hd, hfile, &held, &key, host, sizeof host, date);
    const char *hrel = c->u->files->files[hfile].path;
    switch (rc ? IX_CLAIM_KEEP : ix_claim_decide(&held, cur)) {
    case IX_CLAIM_KEEP:
        if (rc == 0 && !cur->parent && sum)
            ix_summary_same(sum, cur->id, hrel, rel);
        c->reread |= hfile != c->file;
        rc = rc ? rc : 1;
        break;
    case IX_CLAIM_REPLACE:
        if (!cur->parent && sum)
            ix_summary_same(sum, cur->id, rel, hrel);
        if (hfile != c->file &&
            (mark_reread(c, hrel) != 0 || (!hd.parent_id && drop_references(c, hrel, hd.id) != 0)))
            rc = -1;
        break;
    case IX_CLAIM_RENAME:
        moved->len = 0;
        rc = ix_claim_suffix(cur, &held, moved);
        if (rc == 0 && sum)
            ix_summary_apart(sum, cur->id, moved->data, rel, hrel);
        if (rc == 0) {
            polis_buf_t t = *id;
            *id = *moved;
            *moved = t;
            *again = 1;
        }
        break;
    case IX_CLAIM_YIELD:
        c->force[hfile] = 1; /* later in path order: read again below, it moves */
        break;
    }
    polis_buf_free(&key);
    polis_doc_clear(&hd);
    return rc;
}

static int sink_claim(ix_sink_t *sink, const ix_claim_t *claim, polis_buf_t *out)
{
    ctx_t *c = sink->ctx;
    ix_claim_t cur = *claim;
    polis_buf_t id = { 0 }, moved = { 0 };
    int rc = polis_buf_puts(&id, claim->id), again = 1;
    while (rc == 0 && again) {
        cur.id = id.data;
        rc = settle_one(c, &cur, &id, &moved, &again);
    }
    if (rc == 0)
        rc = polis_buf_puts(out, id.data);
    if (rc < 0)
        c->failed = 1;
    polis_buf_free(&id);
    polis_buf_free(&moved);
    return rc;
}

static int sink_emit(ix_sink_t *sink, const polis_doc_t *doc)
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

static int sink_remove(ix_sink_t *sink, const char *id)
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
 * any more (keep NULL: all of them), when they are still rel's: an id
 * another file took since is left to it.  0, or -1 when the index failed. */
static int delete_old_ids(ctx_t *c, const char *rel, const char *value, const polis_strv_t *keep)
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
            polis_doc_t d;
            polis_doc_init(&d);
            int found = kept ? 0 : stored(c, buf, &d);
            int own = found == 1 && d.source_path && strcmp(d.source_path, rel) == 0;
            polis_status_t st = own ? polis_index_delete(c->idx, buf) : POLIS_OK;
            polis_doc_clear(&d);
            if (found < 0 || (st != POLIS_OK && st != POLIS_ERR_NOT_FOUND))
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
 * same keeps its documents and gets its stamp renewed.  A file another
 * file's claim moves is read whatever its stamp. */
static void update_file(ctx_t *c, sources_t *old, size_t i, char **buf, size_t *cap)
{
    ix_update_t *u = c->u;
    const ix_walk_file_t *f = &u->files->files[i];
    const char *rel = f->path;
    char err[512], hash[IX_HASH_LEN], stamp[IX_STAMP_LEN];
    size_t len = 0;
    source_t *prev = bsearch(rel, old->v, old->n, sizeof old->v[0], cmp_source);
    if (prev)
        prev->seen = 1;
    /* An older copy's record starts with "-": read it whatever its stamp. */
    int older = prev && prev->value[0] == '-';
    const char *stored = prev ? prev->value + older : NULL;
    ix_build_stamp(f, stamp);
    if (prev && !c->force[i] && !older && same_stamp(stored, stamp)) {
        u->unchanged++;
        return;
    }
    if (ix_dispatch_read(u->corpus, rel, u->max_file, buf, cap, &len, err, sizeof err) != 0) {
        warn(c, rel, err);
        u->failed++;
        if (u->summary)
            ix_summary_skip(u->summary, ix_dispatch_read_reason(err));
        return;
    }
    ix_dispatch_hash(*buf, len, hash);
    if (prev && !c->force[i] && !older && same_hash(stored, hash)) {
        u->unchanged++;
        if (*stamp && restamp(c, rel, stored, hash, stamp) != 0)
            c->failed = 1;
        return;
    }
    ix_sink_t sink = { sink_emit, sink_remove, sink_warn, c, sink_claim };
    ix_dispatch_file_t df = { rel, hash, f->mtime_ns, i };
    ix_skip_t why;
    polis_strv_clear(&c->ids);
    c->file = i;
    c->reread = 0;
    ix_file_status_t fs =
        ix_dispatch_parse(&df, *buf, len, u->tables->themes, u->labels, &sink, &why, NULL);
    if (c->failed || c->stop)
        return;
    if (fs != IX_FILE_INDEXED) {
        u->failed++; /* the previous documents stay */
        if (u->summary)
            ix_summary_skip(u->summary, why);
        return;
    }
    char mark[IX_HASH_LEN + 1];
    snprintf(mark, sizeof mark, "%s%s", c->reread ? "-" : "", hash);
    if ((prev && delete_old_ids(c, rel, prev->value, &c->ids) != 0) ||
        ix_build_store_source(c->idx, rel, mark, stamp, &c->ids) != POLIS_OK) {
        c->failed = 1;
        return;
    }
    if (!prev)
        u->added++;
    else if (older && c->reread && same_hash(stored, hash))
        u->unchanged++; /* read again, still the older copy */
    else
        u->changed++;
}

/* Files gone from the corpus take their documents with them. */
static int remove_vanished(ctx_t *c, sources_t *old)
{
    for (size_t i = 0; i < old->n; i++) {
        if (old->v[i].seen)
            continue;
        char key[4200];
        snprintf(key, sizeof key, "src:%s", old->v[i].rel);
        if (delete_old_ids(c, old->v[i].rel, old->v[i].value, NULL) != 0 ||
            polis_index_set_metadata(c->idx, key, "") != POLIS_OK)
            return -1;
        c->u->removed++;
    }
    return 0;
}

int ix_update_run(ix_update_t *u, const char *index_dir, char *err, size_t errlen)
{
    ctx_t c = { .u = u };
    sources_t old = { 0 };
    c.force = calloc(u->files->n ? u->files->n : 1, 1);
    if (!c.force) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
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
        ix_progress_t pr;
        ix_progress_start(&pr, u->progress, u->files->n);
        for (size_t i = 0; i < u->files->n && !c.failed && !c.stop; i++) {
            update_file(&c, &old, i, &buf, &cap);
            ix_progress_update(&pr, i + 1, u->added + u->changed);
        }
        ix_progress_end(&pr);
        if (!c.failed && !c.stop &&
            (remove_vanished(&c, &old) != 0 || ix_tables_store(u->tables, c.idx) != POLIS_OK ||
             (u->labels && ix_labels_store(u->labels, c.idx) != POLIS_OK)))
            c.failed = 1;
        if (!c.failed && !c.stop && ix_synonyms_count(u->tables->synonyms) > 0 &&
            !polis_index_synonyms_indexed(c.idx))
            fprintf(stderr, "polis-indexer: note: the documents do not all carry the concept terms "
                            "of the synonym groups (synonyms.tsv changed, or an older indexer "
                            "wrote them); searches match the groups' phrases, slower, until "
                            "'polis-indexer rebuild'\n");
        if (!c.failed && !c.stop && !polis_index_title_pairs_indexed(c.idx))
            fprintf(stderr, "polis-indexer: note: the index was written before title word pairs; "
                            "a phrase typed is looked for in titles by positions, slower, until "
                            "'polis-indexer rebuild'\n");
        if (!c.failed && !c.stop && !polis_index_name_phrases_indexed(c.idx))
            fprintf(stderr, "polis-indexer: note: the index was written before the positions of "
                            "author and place words; author:\"...\" and place:\"...\" phrases "
                            "miss its older documents until 'polis-indexer rebuild'\n");
        /* A change dates the index (its age in searchd's /metrics); an
         * update that found none leaves it as old as it was. */
        if (!c.failed && !c.stop && u->added + u->changed + u->removed > 0 &&
            polis_index_set_written(c.idx, (long long)time(NULL)) != POLIS_OK)
            c.failed = 1;
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
    free(c.force);
    return rc;
}
