/* indexer/main.c — polis-indexer: the command line.
 *
 *   build    CORPUS --index DIR        a whole new index at DIR, swapped in at the end
 *   rebuild  CORPUS --index-root ROOT  a new generation beside the one in service,
 *                                      switched in atomically (generation.h)
 *   update   CORPUS --index-root ROOT  re-index what changed, in place (update.h)
 *   themes   CORPUS                    every theme label of the corpus, counted,
 *                                      with the theme it maps to (labels.h)
 *   harvest  oai|sitemap URL --into DIR  fetch a source's files (harvest/harvest.h);
 *                                      build, rebuild and update run the sources
 *                                      of --harvest CONFIG first (sources.h)
 *   replicate HOST:PORT --index-root ROOT  the master's generation in service,
 *                                      copied by xapian-replicate (replica.h)
 *
 * Where a file is parsed: dispatch.c picks the parser by content.  Where the
 * index is written: build.c (parallel batches, merged shard by shard) and update.c.
 */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "harvest/harvest.h"
#include "harvest/sources.h"
#include "options.h"
#include "run/build.h"
#include "parse/dispatch.h"
#include "run/generation.h"
#include "polis/version.h"
#include "run/progress.h"
#include "run/replica.h"
#include "run/summary.h"
#include "vocab/tables.h"
#include "run/update.h"
#include "run/walk.h"

/* ---- helpers --------------------------------------------------------------- */

static void print_warning(void *ctx, const char *path, const char *message)
{
    unsigned long *warnings = ctx;
    fprintf(stderr, "%s: %s\n", path, message);
    (*warnings)++;
}

static unsigned long long tree_bytes;
static int add_size(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)path;
    (void)ftw;
    if (type == FTW_F)
        tree_bytes += (unsigned long long)sb->st_size;
    return 0;
}

static unsigned long long dir_size(const char *dir)
{
    tree_bytes = 0;
    if (nftw(dir, add_size, 16, FTW_PHYS) != 0)
        return 0;
    return tree_bytes;
}

typedef struct {
    const char *command, *generation, *index;
    json_t *harvest; /* the harvest's account, for --json */
    unsigned shards;
    unsigned long docs, warnings, bad, skipped;
    unsigned long added, changed, removed, unchanged;
    double seconds;
    ix_summary_t *account;
} summary_t;

/* Count the documents of the index the run left, by kind. */
static void count_index(summary_t *s, const char *dir)
{
    polis_index_t *idx = NULL;
    char *msg = NULL;
    if (polis_index_open(dir, &idx, &msg) != POLIS_OK ||
        ix_summary_count(s->account, idx) != POLIS_OK)
        fprintf(stderr, PROG ": %s: cannot count the documents: %s\n", dir,
                msg ? msg : polis_index_last_error(idx));
    s->shards = polis_index_shards(idx);
    free(msg);
    polis_index_close(idx);
}

static void print_summary(const options_t *o, const summary_t *s)
{
    if (!o->quiet) {
        ix_summary_print(s->account, stderr);
        if (o->cmd == CMD_UPDATE)
            fprintf(stderr,
                    "updated: %lu added, %lu changed, %lu removed, %lu unchanged, %lu failed; "
                    "%lu documents in %.2f s\n",
                    s->added, s->changed, s->removed, s->unchanged, s->bad, s->docs, s->seconds);
        else
            fprintf(stderr, "indexed %lu documents%s%.0u%s, %lu warnings in %.2f s%s%s\n",
                    s->docs, s->shards > 1 ? " in " : "", s->shards > 1 ? s->shards : 0,
                    s->shards > 1 ? " shards" : "", s->warnings, s->seconds,
                    s->generation ? ", generation " : "", s->generation ? s->generation : "");
    }
    if (o->json) {
        json_t *j =
            json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:f,s:I}", "command", s->command,
                      "documents", (json_int_t)s->docs, "warnings", (json_int_t)s->warnings,
                      "failed", (json_int_t)s->bad, "skipped", (json_int_t)s->skipped, "added",
                      (json_int_t)s->added, "changed", (json_int_t)s->changed, "removed",
                      (json_int_t)s->removed, "unchanged", (json_int_t)s->unchanged, "seconds",
                      s->seconds, "index_bytes", (json_int_t)dir_size(s->index));
        if (j && s->generation)
            json_object_set_new(j, "generation", json_string(s->generation));
        if (j && s->shards)
            json_object_set_new(j, "shards", json_integer(s->shards));
        if (j && s->harvest)
            json_object_set(j, "harvest", s->harvest);
        if (!j || ix_summary_json(s->account, j) != 0 ||
            json_dumpf(j, stdout, JSON_COMPACT | JSON_ENSURE_ASCII) != 0)
            fprintf(stderr, PROG ": cannot write the JSON summary\n");
        else
            printf("\n");
        json_decref(j);
        fflush(stdout);
    }
}

/* ---- commands -------------------------------------------------------------- */

static int run_build(const options_t *o, ix_build_t *b, const char *work, const char *dst,
                     summary_t *s)
{
    char err[1024];
    int rc = ix_build_run(b, work, dst, err, sizeof err);
    s->warnings += b->warnings;
    s->bad = b->bad;
    s->skipped = b->skipped;
    if (rc != 0)
        fprintf(stderr, PROG ": %s%s\n", err,
                o->cmd == CMD_BUILD ? "; the index in place is unchanged" : "");
    return rc;
}

/* build: new index at DIR.new, then DIR swapped out for it. */
/* build replaces INDEX_DIR whole: never a generation root's `current`, one
 * of its generations or what lies in them (rebuild switches those), never a
 * link (it would become a directory).  INDEX_DIR.lock, there while a build
 * runs, keeps two builds of one index apart. */
static int build_guard(const options_t *o, int *lock)
{
    char root[4096], err[4200], path[4200];
    struct stat st;
    *lock = -1;
    if (lstat(o->index, &st) == 0 && S_ISLNK(st.st_mode)) {
        fprintf(stderr,
                PROG ": %s is a symbolic link: build would put a directory in its place; "
                     "for a generation root, use rebuild --index-root\n",
                o->index);
        return -1;
    }
    if (ix_gen_root_of(o->index, root, sizeof root)) {
        fprintf(stderr,
                PROG ": %s lies in the generation root %s: use rebuild --index-root %s\n",
                o->index, root, root);
        return -1;
    }
    snprintf(path, sizeof path, "%s.lock", o->index);
    *lock = ix_gen_lock_file(path, o->index, o->wait, err, sizeof err);
    if (*lock < 0) {
        fprintf(stderr, PROG ": %s\n", err);
        return -1;
    }
    return 0;
}

static int cmd_build(const options_t *o, ix_build_t *b, summary_t *s)
{
    int lock;
    if (build_guard(o, &lock) != 0)
        return EXIT_BAD;
    int status = EXIT_BAD;
    char work[4096], fresh[4096], old[4096];
    snprintf(work, sizeof work, "%s.work", o->index);
    snprintf(fresh, sizeof fresh, "%s.new", o->index);
    snprintf(old, sizeof old, "%s.old", o->index);
    if (ix_gen_remove_tree(work) != 0 || ix_gen_remove_tree(fresh) != 0 ||
        ix_gen_remove_tree(old) != 0) {
        fprintf(stderr, PROG ": %s: cannot remove a stale build: %s\n", o->index, strerror(errno));
    } else if (run_build(o, b, work, fresh, s) == 0) {
        int had = access(o->index, F_OK) == 0;
        if ((had && rename(o->index, old) != 0) || rename(fresh, o->index) != 0) {
            fprintf(stderr, PROG ": %s: cannot put the new index in place: %s\n", o->index,
                    strerror(errno));
        } else {
            if (had && ix_gen_remove_tree(old) != 0)
                fprintf(stderr, PROG ": %s: cannot remove the old index\n", old);
            s->index = o->index;
            count_index(s, o->index);
            s->docs = s->account->documents;
            status = EXIT_OK;
        }
    }
    char path[4200];
    snprintf(path, sizeof path, "%s.lock", o->index);
    ix_gen_unlock_remove(lock, path);
    return status;
}

/* A rebuild without --shards keeps the shards of the generation in
 * service (1 when there is none), so a timer's plain `rebuild` does not
 * undo an operator's choice. */
static unsigned current_shards(const char *root)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/current", root);
    polis_index_t *idx = NULL;
    unsigned n = 1;
    if (polis_index_open(path, &idx, NULL) == POLIS_OK)
        n = polis_index_shards(idx);
    polis_index_close(idx);
    return n;
}

static int cmd_rebuild(const options_t *o, ix_build_t *b, summary_t *s, char *gen)
{
    const char *root = o->index_root;
    char err[1024], work[4096], partial[4096], final[4096];
    int fd = ix_gen_lock(root, o->wait, err, sizeof err);
    if (fd < 0) {
        fprintf(stderr, PROG ": %s\n", err);
        return EXIT_BAD;
    }
    int status = EXIT_BAD;
    int removed = ix_gen_remove_stale(root, err, sizeof err);
    if (removed < 0 || ix_gen_next_name(root, gen, err, sizeof err) != 0) {
        fprintf(stderr, PROG ": %s\n", err);
        ix_gen_unlock(fd);
        return EXIT_BAD;
    }
    snprintf(work, sizeof work, "%s/%s.work", root, gen);
    snprintf(partial, sizeof partial, "%s/%s.partial", root, gen);
    b->generation = gen;
    if (!b->shards)
        b->shards = current_shards(root);
    snprintf(final, sizeof final, "%s/%s", root, gen);
    /* Each step leaves either the old generation in service or the new one
     * complete on disk: a kill at any point is cleaned up by the next run. */
    if (run_build(o, b, work, partial, s) != 0) {
        ix_gen_remove_tree(partial);
    } else if (ix_gen_sync_tree(partial, err, sizeof err) != 0 || rename(partial, final) != 0 ||
               ix_gen_switch(root, gen, err, sizeof err) != 0) {
        fprintf(stderr, PROG ": %s\n", err[0] ? err : strerror(errno));
        ix_gen_remove_tree(partial);
    } else {
        int pruned = ix_gen_prune(root, o->keep, err, sizeof err);
        if (pruned < 0)
            fprintf(stderr, PROG ": %s\n", err);
        s->generation = gen;
        s->index = final;
        count_index(s, final);
        s->docs = s->account->documents;
        status = EXIT_OK;
    }
    ix_gen_unlock(fd);
    return status;
}

static int cmd_update(const options_t *o, const ix_tables_t *tables, ix_labels_t *labels,
                      const ix_walk_list_t *files, summary_t *s, char *gen)
{
    char err[1024], dir[4096];
    int fd = -1;
    if (o->index_root) {
        fd = ix_gen_lock(o->index_root, o->wait, err, sizeof err);
        if (fd < 0 || ix_gen_current(o->index_root, gen, err, sizeof err) != 0) {
            fprintf(stderr, PROG ": %s%s\n", err,
                    fd >= 0 ? " (run rebuild first to create a generation)" : "");
            ix_gen_unlock(fd);
            return EXIT_BAD;
        }
        snprintf(dir, sizeof dir, "%s/%s", o->index_root, gen);
        s->generation = gen;
    } else {
        snprintf(dir, sizeof dir, "%s", o->index);
    }
    ix_update_t u = { .corpus = o->corpus,
                      .files = files,
                      .tables = tables,
                      .max_file = o->max_file,
                      .strict = o->strict,
                      .progress = o->progress && !o->quiet,
                      .labels = labels,
                      .summary = s->account };
    int rc = ix_update_run(&u, dir, err, sizeof err);
    ix_gen_unlock(fd);
    s->added = u.added;
    s->changed = u.changed;
    s->removed = u.removed;
    s->unchanged = u.unchanged;
    s->bad = u.failed;
    s->warnings += u.warnings;
    s->docs = u.docs;
    s->index = o->index_root ? o->index_root : o->index;
    if (rc != 0) {
        fprintf(stderr, PROG ": %s: %s\n", dir, err);
        return EXIT_BAD;
    }
    count_index(s, dir);
    return EXIT_OK;
}

/* ---- themes: the labels of a corpus, for a documentalist ------------------- */

static int discard_emit(ix_sink_t *sink, const polis_doc_t *doc)
{
    (void)sink;
    (void)doc;
    return 0;
}

static int discard_remove(ix_sink_t *sink, const char *id)
{
    (void)sink;
    (void)id;
    return 0;
}

static void sink_warning(ix_sink_t *sink, const char *path, const char *message)
{
    print_warning(sink->ctx, path, message);
}

static int print_labels(const options_t *o, const ix_labels_t *labels)
{
    ix_label_t *v = NULL;
    size_t n = ix_labels_list(labels, &v), unknown = 0;
    if (n == (size_t)-1) {
        fprintf(stderr, PROG ": out of memory\n");
        return EXIT_BAD;
    }
    json_t *arr = o->json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        unknown += !v[i].known;
        if (arr)
            json_array_append_new(arr,
                                  json_pack("{s:s,s:s,s:s,s:I,s:b}", "label", v[i].label, "theme",
                                            v[i].id, "display", v[i].display, "documents",
                                            (json_int_t)v[i].docs, "known", v[i].known));
        else
            printf("%7lu  %s  ->  %s%s\n", v[i].docs, v[i].label,
                   v[i].known ? "" : "new: ", v[i].id);
    }
    if (arr) {
        json_dumpf(arr, stdout, JSON_INDENT(1) | JSON_ENSURE_ASCII);
        printf("\n");
        json_decref(arr);
    } else {
        printf("%zu labels: %zu in the theme table, %zu new\n", n, n - unknown, unknown);
    }
    free(v);
    return EXIT_OK;
}

/* Read every file as a build would, keep nothing but the labels. */
static int cmd_themes(const options_t *o, const ix_tables_t *tables, const ix_walk_list_t *files,
                      ix_labels_t *labels, summary_t *s)
{
    ix_sink_t sink = { discard_emit, discard_remove, sink_warning, &s->warnings, NULL };
    char *buf = NULL, err[512], hash[IX_HASH_LEN];
    size_t cap = 0, len = 0;
    for (size_t i = 0; i < files->n; i++) {
        const ix_walk_file_t *f = &files->files[i];
        if (ix_dispatch_read(o->corpus, f->path, o->max_file, &buf, &cap, &len, err, sizeof err) !=
            0) {
            print_warning(&s->warnings, f->path, err);
            continue;
        }
        ix_dispatch_hash(buf, len, hash);
        ix_dispatch_file_t df = { f->path, hash, f->mtime_ns, i };
        ix_dispatch_parse(&df, buf, len, tables->themes, labels, &sink, NULL, NULL);
    }
    free(buf);
    return print_labels(o, labels);
}

/* replicate: one round of copying the master's generation in service. */
static int cmd_replicate(const options_t *o)
{
    char host[256], err[1024];
    const char *colon = strrchr(o->corpus, ':');
    size_t n = colon ? (size_t)(colon - o->corpus) : 0;
    if (!colon || n == 0 || n >= sizeof host || !colon[1]) {
        fprintf(stderr, PROG ": replicate: not HOST:PORT: %s\n", o->corpus);
        return EXIT_USAGE;
    }
    memcpy(host, o->corpus, n);
    host[n] = '\0';
    ix_replica_t r = { .host = host, .port = colon + 1, .root = o->index_root, .keep = o->keep,
                       .wait = o->wait };
    double t0 = ix_progress_now();
    if (ix_replica_sync(&r, err, sizeof err) != 0) {
        fprintf(stderr, PROG ": %s\n", err);
        return EXIT_BAD;
    }
    if (!o->quiet)
        fprintf(stderr, "replicated %s (%u shard%s) from %s in %.2f s%s\n", r.generation,
                r.shards, r.shards == 1 ? "" : "s", o->corpus, ix_progress_now() - t0,
                r.switched ? ", now in service" : "");
    if (o->json)
        printf("{\"command\":\"replicate\",\"generation\":\"%s\",\"shards\":%u,"
               "\"switched\":%s}\n",
               r.generation, r.shards, r.switched ? "true" : "false");
    return EXIT_OK;
}

/* A missing themes.tsv or synonyms.tsv is no loss: said, not counted. */
static void print_note(void *ctx, const char *path, const char *message)
{
    (void)ctx;
    fprintf(stderr, "%s: %s\n", path, message);
}

int main(int argc, char **argv)
{
    polis_status_report_fatal(PROG, EXIT_BAD);
    if (argc > 1 && strcmp(argv[1], "harvest") == 0)
        return ix_harvest_main(argc - 1, argv + 1);
    options_t o;
    int a = ix_options_parse(argc, argv, &o);
    if (a != 0) {
        if (a < 0)
            fprintf(stderr, "Try '" PROG " --help'.\n");
        return a < 0 ? EXIT_USAGE : EXIT_OK;
    }
    if (o.cmd == CMD_REPLICATE)
        return cmd_replicate(&o);
    double t0 = ix_progress_now();
    ix_summary_t account;
    ix_summary_init(&account);
    summary_t s = { .account = &account };
    static const char *const names[] = { "build", "rebuild", "update", "themes" };
    s.command = names[o.cmd];
    ix_walk_list_t files = { 0 };
    ix_tables_t tables = { 0 };
    ix_labels_t *labels = NULL;
    char err[1024], gen[IX_GEN_NAME_MAX] = "";
    int status = EXIT_BAD;
    long harvest_failed =
        o.harvest ? ix_sources_harvest(o.harvest, o.corpus, o.quiet, o.json ? &s.harvest : NULL)
                  : 0;
    /* The walk and the tables come first: a missing corpus or a broken
     * theme table leaves every index alone. */
    ix_walk_opts_t walk = { o.max_file, o.follow };
    if (harvest_failed < 0) {
        /* an unreadable CONFIG: said, nothing done */
    } else if (ix_walk(o.corpus, &walk, &files, print_warning, &s.warnings, err, sizeof err)) {
        fprintf(stderr, PROG ": %s\n", err);
    } else if (ix_tables_load(&tables, o.corpus, o.themes_path, o.synonyms_path, print_note, NULL,
                              err, sizeof err) != 0) {
        fprintf(stderr, PROG ": %s\n", err);
    } else if (o.strict && s.warnings) {
        fprintf(stderr, PROG ": stopped at the first warning (--strict), nothing changed\n");
    } else if (!(labels = ix_labels_new(tables.themes))) {
        fprintf(stderr, PROG ": out of memory\n");
    } else {
        account.labels = labels;
        account.files = files.n + files.too_large + files.unreadable + files.outside;
        account.set_aside = files.set_aside;
        account.skipped[IX_SKIP_TOO_LARGE] = files.too_large;
        account.skipped[IX_SKIP_UNREADABLE] = files.unreadable;
        account.skipped[IX_SKIP_OUTSIDE] = files.outside;
        ix_build_t b = { .corpus = o.corpus,
                         .files = &files,
                         .tables = &tables,
                         .max_file = o.max_file,
                         .jobs = o.jobs,
                         .batch_docs = o.batch_docs,
                         .shards = o.shards,
                         .strict = o.strict,
                         .progress = o.progress && !o.quiet,
                         .labels = labels,
                         .summary = &account };
        if (o.cmd == CMD_BUILD)
            status = cmd_build(&o, &b, &s);
        else if (o.cmd == CMD_REBUILD)
            status = cmd_rebuild(&o, &b, &s, gen);
        else if (o.cmd == CMD_UPDATE)
            status = cmd_update(&o, &tables, labels, &files, &s, gen);
        else
            status = cmd_themes(&o, &tables, &files, labels, &s);
    }
    s.seconds = ix_progress_now() - t0;
    if (status == EXIT_OK && o.cmd != CMD_THEMES)
        print_summary(&o, &s);
    if (status == EXIT_OK && harvest_failed)
        status = EXIT_BAD; /* indexed, but a source is behind: someone should know */
    json_decref(s.harvest);
    ix_labels_free(labels);
    ix_summary_free(&account);
    ix_walk_free(&files);
    ix_tables_free(&tables);
    return status;
}
