/* indexer/build_claim.c — who holds each id during a parallel build, and
 * the settling at its end.  See build.h and ident.h.
 *
 * Workers claim ids in whatever order their threads run.  ident.h's rules
 * decide every claim from the two claims alone, except one: a document of
 * an earlier file claiming an id that a later file's document already
 * holds (another source).  The earlier file wins the id; the later file is
 * then deferred: its documents are purged and the file read again, alone,
 * once the workers are done, where its claims meet the final holders.  So
 * the index is the one a single thread reading the files in path order
 * would write, and no document is lost. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "run/build.h"
#include "run/build_int.h"
#include "run/summary.h"

static owner_t *owner_slot(owner_t *t, size_t cap, const char *id)
{
    size_t i = (size_t)polis_text_hash64(id, strlen(id)) & (cap - 1);
    while (t[i].id && strcmp(t[i].id, id) != 0)
        i = (i + 1) & (cap - 1);
    return &t[i];
}

/* The owner entry of id, created empty (id NULL) when absent; NULL when out
 * of memory.  Called with the lock held. */
static owner_t *owner_find(shared_t *sh, const char *id)
{
    if (2 * (sh->owners_n + 1) > sh->owners_cap) {
        size_t cap = sh->owners_cap ? sh->owners_cap * 2 : 4096;
        owner_t *t = calloc(cap, sizeof *t);
        if (!t)
            return NULL;
        for (size_t i = 0; i < sh->owners_cap; i++)
            if (sh->owners[i].id)
                *owner_slot(t, cap, sh->owners[i].id) = sh->owners[i];
        free(sh->owners);
        sh->owners = t;
        sh->owners_cap = cap;
    }
    return owner_slot(sh->owners, sh->owners_cap, id);
}

static int push(pendings_t *p, const char *id, size_t file, unsigned batch)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        pending_t *v = realloc(p->v, cap * sizeof *v);
        if (!v)
            return -1;
        p->v = v;
        p->cap = cap;
    }
    char *copy = strdup(id ? id : "");
    if (!copy)
        return -1;
    p->v[p->n++] = (pending_t){ copy, file, batch };
    return 0;
}

static void pendings_free(pendings_t *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i].id);
    free(p->v);
    memset(p, 0, sizeof *p);
}

/* Give o to the claim c of worker w.  0 or -1. */
static int own(shared_t *sh, owner_t *o, const ix_claim_t *c, const worker_t *w)
{
    if (!o->id) {
        o->id = strdup(c->id);
        if (!o->id)
            return -1;
        sh->owners_n++;
    }
    free(o->parent);
    o->parent = c->parent ? strdup(c->parent) : NULL;
    if (c->parent && !o->parent)
        return -1;
    o->key = c->key;
    o->host_hash = c->host_hash;
    snprintf(o->date, sizeof o->date, "%s", c->date);
    o->mtime = c->mtime;
    o->file = w->file;
    o->batch = w->batch;
    o->gone = 0;
    return 0;
}

static ix_claim_t claim_of(const owner_t *o)
{
    return (ix_claim_t){ o->id, o->parent, o->key, o->host_hash, "", o->date, o->mtime, o->file };
}

/* Drop every document of a deferred file and its src: record.  Called with
 * the lock held, once no worker writes any more. */
static int purge(shared_t *sh, size_t file)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sh->owners_cap; i++) {
        owner_t *o = &sh->owners[i];
        if (o->id && !o->gone && o->file == file) {
            rc = push(&sh->deletions, o->id, file, o->batch);
            o->gone = 1;
        }
    }
    if (rc == 0 && sh->file_batch[file] != UINT_MAX)
        rc = push(&sh->cleared, NULL, file, sh->file_batch[file]);
    sh->file_batch[file] = UINT_MAX;
    return rc;
}

/* The later file holding an id must move: it is read again in the second
 * pass, after the files before it. */
static int defer(shared_t *sh, size_t file)
{
    if (atomic_exchange(&sh->deferred[file], 1))
        return 0;
    return sh->second_pass ? purge(sh, file) : 0;
}

/* The holder o gives its id up to w's claim: deleted from its batch, or
 * replaced in place when it is in w's own. */
static int displace(shared_t *sh, owner_t *o, worker_t *w)
{
    if (o->batch == w->batch) {
        w->put_next = 1;
        return 0;
    }
    return push(&sh->deletions, o->id, o->file, o->batch);
}

static const char *path_of(const shared_t *sh, size_t file)
{
    return sh->b->files->files[file].path;
}

int ix_build_claim(ix_sink_t *sink, const ix_claim_t *c, polis_buf_t *out)
{
    worker_t *w = sink->ctx;
    shared_t *sh = w->sh;
    ix_summary_t *sum = sh->b->summary;
    if (atomic_load(&sh->deferred[w->file]))
        return 1; /* read again in the second pass */
    ix_claim_t cur = *c;
    polis_buf_t id = { 0 }, moved = { 0 };
    int rc = polis_buf_puts(&id, c->id), done = 0;
    pthread_mutex_lock(&sh->mu);
    w->put_next = 0;
    while (rc == 0 && !done) {
        cur.id = id.data;
        owner_t *o = owner_find(sh, cur.id);
        done = 1;
        if (!o) {
            rc = -1;
        } else if (!o->id || o->gone) {
            rc = own(sh, o, &cur, w);
        } else {
            ix_claim_t held = claim_of(o);
            switch (ix_claim_decide(&held, &cur)) {
            case IX_CLAIM_KEEP:
                if (!cur.parent && sum)
                    ix_summary_same(sum, cur.id, path_of(sh, o->file), path_of(sh, w->file));
                if (o->file != w->file)
                    atomic_store(&sh->reread[w->file], 1);
                rc = 1;
                break;
            case IX_CLAIM_REPLACE:
                if (!cur.parent && sum)
                    ix_summary_same(sum, cur.id, path_of(sh, w->file), path_of(sh, o->file));
                if (o->file != w->file)
                    atomic_store(&sh->reread[o->file], 1);
                if (o->file != w->file && !o->parent)
                    rc = push(&sh->superseded, o->id, o->file, 0);
                if (rc == 0)
                    rc = displace(sh, o, w);
                if (rc == 0)
                    rc = own(sh, o, &cur, w);
                break;
            case IX_CLAIM_RENAME:
                moved.len = 0;
                rc = ix_claim_suffix(&cur, &held, &moved);
                if (rc == 0 && sum)
                    ix_summary_apart(sum, cur.id, moved.data, path_of(sh, w->file),
                                     path_of(sh, o->file));
                if (rc == 0) {
                    polis_buf_t t = id;
                    id = moved;
                    moved = t;
                    done = 0;
                }
                break;
            case IX_CLAIM_YIELD:
                rc = defer(sh, o->file);
                if (rc == 0)
                    rc = displace(sh, o, w);
                if (rc == 0)
                    rc = own(sh, o, &cur, w);
                break;
            }
        }
    }
    pthread_mutex_unlock(&sh->mu);
    if (rc == 0)
        rc = polis_buf_puts(out, id.data);
    if (rc < 0)
        ix_build_fail(sh, "%s%s", "out of memory", "");
    polis_buf_free(&id);
    polis_buf_free(&moved);
    return rc;
}

int ix_build_remove(ix_sink_t *sink, const char *id)
{
    worker_t *w = sink->ctx;
    shared_t *sh = w->sh;
    pthread_mutex_lock(&sh->mu);
    int rc = push(&sh->removals, id, w->file, 0);
    pthread_mutex_unlock(&sh->mu);
    if (rc != 0)
        ix_build_fail(sh, "%s%s", "out of memory", "");
    return rc;
}

/* ---- settling ---------------------------------------------------------------- */

/* The batch with this id, opened for writing on first use.  NULL on error. */
static polis_index_t *batch(shared_t *sh, polis_index_t **open, unsigned id)
{
    if (!open[id]) {
        char path[4096], *msg = NULL;
        ix_build_batch_path(sh, id, path, sizeof path);
        /* Scratch, as the batch it was. */
        if (polis_index_create(path, POLIS_CREATE_NO_SYNC, &open[id], &msg) != POLIS_OK) {
            ix_build_fail(sh, "%s: %s", path, msg ? msg : "cannot open");
        } else if (polis_index_begin(open[id]) != POLIS_OK) {
            /* One write at the settling's commit, not a commit every
             * FLUSH_DOCS deletions (polis_index_set_flush_docs()). */
            ix_build_fail(sh, "%s: %s", path, polis_index_last_error(open[id]));
            polis_index_close(open[id]);
            open[id] = NULL;
        }
        free(msg);
    }
    return open[id];
}

static int delete_in(shared_t *sh, polis_index_t **open, unsigned id, const char *doc)
{
    polis_index_t *idx = batch(sh, open, id);
    polis_status_t st = idx ? polis_index_delete(idx, doc) : POLIS_ERR_IO;
    return st == POLIS_OK || st == POLIS_ERR_NOT_FOUND ? 0 : -1;
}

/* The deferred files, in path order, into a batch of their own. */
static int second_pass(shared_t *sh)
{
    size_t n = sh->b->files->n, any = 0;
    for (size_t i = 0; i < n; i++)
        any += atomic_load(&sh->deferred[i]);
    if (!any)
        return 0;
    worker_t fix = { .sh = sh, .words = polis_words_new() };
    char *buf = NULL;
    size_t cap = 0;
    pthread_mutex_lock(&sh->mu);
    sh->second_pass = 1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (atomic_load(&sh->deferred[i]))
            rc = purge(sh, i);
    pthread_mutex_unlock(&sh->mu);
    if (rc == 0 && !fix.words)
        ix_build_fail(sh, "%s%s", "out of memory", "");
    if (rc != 0 || !fix.words || ix_build_open_batch(sh, &fix) != 0) {
        polis_index_close(fix.idx); /* opened, then refused its transaction or tables */
        polis_words_free(fix.words);
        return -1;
    }
    for (size_t i = 0; i < n && !atomic_load(&sh->stop); i++) {
        if (!atomic_exchange(&sh->deferred[i], 0))
            continue;
        ix_build_file(sh, &fix, i, &buf, &cap);
    }
    free(buf);
    polis_strv_clear(&fix.ids);
    rc = ix_build_close_batch(sh, &fix);
    rc |= ix_build_give_words(sh, &fix);
    return rc != 0 || atomic_load(&sh->stop) ? -1 : 0;
}

static int by_id(const void *a, const void *b)
{
    const pending_t *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : x->file < y->file ? -1 : x->file > y->file;
}

/* Whether the owner o is a reference of a page another file's copy
 * replaced (sh->superseded sorted by by_id). */
static int orphaned(const shared_t *sh, const owner_t *o)
{
    if (!o->parent)
        return 0;
    pending_t key = { o->parent, o->file, 0 };
    return bsearch(&key, sh->superseded.v, sh->superseded.n, sizeof key, by_id) != NULL;
}

int ix_build_settle(shared_t *sh)
{
    if (second_pass(sh) != 0)
        return -1;
    unsigned n = atomic_load(&sh->next_batch);
    polis_index_t **open = calloc(n ? n : 1, sizeof *open);
    int rc = open ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < sh->deletions.n; i++)
        rc = delete_in(sh, open, sh->deletions.v[i].batch, sh->deletions.v[i].id);
    for (size_t i = 0; rc == 0 && i < sh->removals.n; i++) {
        owner_t *o = owner_find(sh, sh->removals.v[i].id);
        if (!o || !o->id || o->gone || o->file >= sh->removals.v[i].file)
            continue;
        rc = delete_in(sh, open, o->batch, o->id);
        o->gone = 1;
    }
    /* References of a replaced page go with it, unless the newer copy gave
     * them again (they are then its own). */
    if (sh->superseded.n)
        qsort(sh->superseded.v, sh->superseded.n, sizeof *sh->superseded.v, by_id);
    for (size_t i = 0; rc == 0 && sh->superseded.n && i < sh->owners_cap; i++) {
        owner_t *o = &sh->owners[i];
        if (o->id && !o->gone && orphaned(sh, o)) {
            rc = delete_in(sh, open, o->batch, o->id);
            o->gone = 1;
        }
    }
    char key[4200];
    for (size_t i = 0; rc == 0 && i < sh->cleared.n; i++) {
        polis_index_t *idx = batch(sh, open, sh->cleared.v[i].batch);
        snprintf(key, sizeof key, "src:%s", path_of(sh, sh->cleared.v[i].file));
        rc = idx && polis_index_set_metadata(idx, key, "") == POLIS_OK ? 0 : -1;
    }
    /* A file with an older copy of a source is read again by every update,
     * which so finds out whether the newer copy is still there: its record
     * gets a "-" before its hash. */
    for (size_t f = 0; rc == 0 && f < sh->b->files->n; f++) {
        if (!atomic_load(&sh->reread[f]) || sh->file_batch[f] == UINT_MAX)
            continue;
        polis_index_t *idx = batch(sh, open, sh->file_batch[f]);
        char *value = NULL;
        snprintf(key, sizeof key, "src:%s", path_of(sh, f));
        rc = idx && polis_index_get_metadata(idx, key, &value) == POLIS_OK ? 0 : -1;
        if (rc == 0 && value && value[0] != '-') {
            polis_buf_t v = { 0 };
            rc = polis_buf_printf(&v, "-%s", value);
            if (rc == 0 && polis_index_set_metadata(idx, key, v.data) != POLIS_OK)
                rc = -1;
            polis_buf_free(&v);
        }
        free(value);
    }
    polis_index_t *first = rc == 0 && n ? batch(sh, open, 0) : NULL;
    if (rc == 0 && first && sh->b->labels && ix_labels_store(sh->b->labels, first) != POLIS_OK)
        rc = -1;
    /* Every batch's spelling words, counted over the whole build, written
     * once: the compactor then has one dictionary to copy, not one a batch. */
    if (rc == 0 && first && polis_words_write(sh->spelling, first) != POLIS_OK)
        rc = -1;
    /* Which generation this is, for those who reach it without its path
     * (remote shards, replicas). */
    if (rc == 0 && first && sh->b->generation &&
        polis_index_set_metadata(first, "polis:generation", sh->b->generation) != POLIS_OK)
        rc = -1;
    char shards[16];
    snprintf(shards, sizeof shards, "%u", ix_build_shards(sh->b));
    if (rc == 0 && first && polis_index_set_metadata(first, "polis:shards", shards) != POLIS_OK)
        rc = -1;
    /* When, for the index's age in searchd's /metrics. */
    if (rc == 0 && first && polis_index_set_written(first, (long long)time(NULL)) != POLIS_OK)
        rc = -1;
    for (unsigned k = 0; open && k < n; k++) {
        if (open[k] && rc == 0 && polis_index_commit(open[k]) != POLIS_OK)
            rc = -1;
        polis_index_close(open[k]);
    }
    free(open);
    return rc;
}

void ix_build_shared_free(shared_t *sh)
{
    for (size_t i = 0; i < sh->owners_cap; i++) {
        free(sh->owners[i].id);
        free(sh->owners[i].parent);
    }
    free(sh->owners);
    pendings_free(&sh->removals);
    pendings_free(&sh->deletions);
    pendings_free(&sh->superseded);
    pendings_free(&sh->cleared);
    free(sh->deferred);
    free(sh->reread);
    free(sh->file_batch);
    polis_words_free(sh->spelling);
    pthread_mutex_destroy(&sh->mu);
}
