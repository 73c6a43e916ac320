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
 *
 * Where a file is parsed: dispatch.c picks the parser by content.  Where the
 * index is written: build.c (parallel shards, merged) and update.c.
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
#include "run/build.h"
#include "parse/dispatch.h"
#include "run/generation.h"
#include "polis/version.h"
#include "run/progress.h"
#include "run/summary.h"
#include "vocab/tables.h"
#include "run/update.h"
#include "run/walk.h"

#define PROG       "polis-indexer"
#define EXIT_OK    0
#define EXIT_BAD   1
#define EXIT_USAGE 2

typedef enum { CMD_BUILD, CMD_REBUILD, CMD_UPDATE, CMD_THEMES } command_t;

typedef struct {
    command_t cmd;
    const char *corpus;
    const char *index;      /* --index DIR */
    const char *index_root; /* --index-root ROOT */
    const char *themes_path, *synonyms_path;
    const char *harvest; /* --harvest CONFIG */
    unsigned long long max_file;
    unsigned jobs;
    unsigned long shard_docs;
    int keep;
    int strict, quiet, json, wait, progress, follow;
} options_t;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: " PROG " build   CORPUS_DIR --index INDEX_DIR      [options]\n"
            "       " PROG " rebuild CORPUS_DIR --index-root ROOT      [options]\n"
            "       " PROG " update  CORPUS_DIR (--index-root ROOT | --index INDEX_DIR) [options]\n"
            "       " PROG " themes  CORPUS_DIR [--themes FILE] [--json]\n"
            "       " PROG " harvest oai|sitemap URL --into DIR  [options]   (harvest --help)\n"
            "\n"
            "build     index every file below CORPUS_DIR into a new index that replaces\n"
            "          INDEX_DIR whole at the end (the old one serves until then).\n"
            "rebuild   build generation ROOT/gen-NNNNNN beside the one in service, sync it,\n"
            "          switch ROOT/current to it atomically, keep the last --keep ones.\n"
            "update    add new files, re-index changed ones (content hash), remove the\n"
            "          documents of deleted files; one transaction, in place.\n"
            "themes    read the corpus and print every theme label it writes, with its\n"
            "          number of documents and the theme it maps to (or \"new\"): the\n"
            "          list to write a themes.tsv from.  Nothing is written.\n"
            "harvest   fetch an OAI-PMH repository's records or a site's pages (from its\n"
            "          sitemap) into a directory, as files the indexer reads.\n"
            "\n"
            "options:\n"
            "  --index DIR          the index (build, update)\n"
            "  --index-root ROOT    the generations' root (rebuild, update)\n"
            "  --keep K             generations kept by rebuild (default 2, at least 1)\n"
            "  --harvest CONFIG     harvest the sources CONFIG lists (one a line: oai|sitemap\n"
            "                       URL into=DIR [key=value...], DIR below CORPUS_DIR) before\n"
            "                       indexing (build, rebuild, update); a source that fails\n"
            "                       is told, the files there are indexed, and the exit\n"
            "                       status is 1\n"
            "  --wait               wait for another indexer's lock instead of failing\n"
            "  --jobs N             parser and writer threads (default: the cores)\n"
            "  --shard-docs N       documents per shard before the next (default 500)\n"
            "  --themes FILE        theme table (default CORPUS_DIR/themes.tsv, else\n"
            "                       DATADIR/themes.tsv)\n"
            "  --synonyms FILE      synonym groups (default CORPUS_DIR/synonyms.tsv, else\n"
            "                       DATADIR/synonyms.tsv)\n"
            "  --max-file-size N    largest file read, bytes, K/M/G allowed (default 20M)\n"
            "  --strict             any warning fails the run; nothing is changed\n"
            "  --json               print a JSON summary on stdout at the end\n"
            "  --no-progress        no live progress line (drawn only on a terminal)\n"
            "  --follow-symlinks    follow links to directories (never out of the corpus)\n"
            "  --quiet              no summary line on stderr\n"
            "  --version            the version\n"
            "  -h, --help           this text\n"
            "\n"
            "DATADIR, where the installed default tables are: %s\n"
            "(the environment's POLIS_DATADIR, when set, replaces it).\n"
            "\n"
            "limits: files up to --max-file-size; directories %d deep; XML without DTDs,\n"
            "entities or XInclude; HTML nested at most 256 deep.\n"
            "Warnings go to stderr as \"path: reason\"; the file is skipped.\n"
            "exit status: 0 done, 1 failure (or a warning under --strict), 2 usage.\n",
            ix_tables_datadir(), IX_WALK_MAX_DEPTH);
}

static unsigned long long parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-')
        return 0;
    int shift = *end == 'K' || *end == 'k'   ? 10
                : *end == 'M' || *end == 'm' ? 20
                : *end == 'G' || *end == 'g' ? 30
                                             : 0;
    if (shift)
        end++;
    return *end ? 0 : v << shift;
}

static long parse_count(const char *s, long min, long max)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    return errno || end == s || *end || v < min || v > max ? -1 : v;
}

static int parse_args(int argc, char **argv, options_t *o)
{
    memset(o, 0, sizeof *o);
    o->max_file = IX_WALK_MAX_FILE_DEFAULT;
    o->keep = 2;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = cores > 0 ? (unsigned)cores : 1;
    o->progress = 1;
    for (int k = 1; k < argc; k++)
        if (strcmp(argv[k], "-h") == 0 || strcmp(argv[k], "--help") == 0) {
            usage(stdout);
            return 1;
        } else if (strcmp(argv[k], "--version") == 0) {
            printf(PROG " %s\n", POLIS_VERSION_STRING);
            return 1;
        }
    if (argc < 2) {
        fprintf(stderr, PROG ": no command (build, rebuild, update, themes or harvest)\n");
        return -1;
    }
    if (strcmp(argv[1], "build") == 0)
        o->cmd = CMD_BUILD;
    else if (strcmp(argv[1], "rebuild") == 0)
        o->cmd = CMD_REBUILD;
    else if (strcmp(argv[1], "update") == 0)
        o->cmd = CMD_UPDATE;
    else if (strcmp(argv[1], "themes") == 0)
        o->cmd = CMD_THEMES;
    else {
        fprintf(stderr, PROG ": unknown command %s (build, rebuild, update, themes or harvest)\n",
                argv[1]);
        return -1;
    }
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;
        if (strcmp(a, "--strict") == 0)
            o->strict = 1, takes = 0;
        else if (strcmp(a, "--quiet") == 0)
            o->quiet = 1, takes = 0;
        else if (strcmp(a, "--json") == 0)
            o->json = 1, takes = 0;
        else if (strcmp(a, "--wait") == 0)
            o->wait = 1, takes = 0;
        else if (strcmp(a, "--no-progress") == 0)
            o->progress = 0, takes = 0;
        else if (strcmp(a, "--follow-symlinks") == 0)
            o->follow = 1, takes = 0;
        else if (a[0] != '-') {
            if (o->corpus) {
                fprintf(stderr, PROG ": unexpected argument %s\n", a);
                return -1;
            }
            o->corpus = a;
            takes = 0;
        } else if (!v || !*v) {
            fprintf(stderr, PROG ": %s needs a value\n", a);
            return -1;
        } else if (strcmp(a, "--index") == 0)
            o->index = v;
        else if (strcmp(a, "--index-root") == 0)
            o->index_root = v;
        else if (strcmp(a, "--harvest") == 0 && o->cmd != CMD_THEMES)
            o->harvest = v;
        else if (strcmp(a, "--themes") == 0)
            o->themes_path = v;
        else if (strcmp(a, "--synonyms") == 0)
            o->synonyms_path = v;
        else if (strcmp(a, "--max-file-size") == 0) {
            o->max_file = parse_size(v);
            if (!o->max_file) {
                fprintf(stderr, PROG ": --max-file-size: not a size: %s\n", v);
                return -1;
            }
        } else if (strcmp(a, "--shard-docs") == 0) {
            long n = parse_count(v, 1, 10000000);
            if (n < 0) {
                fprintf(stderr, PROG ": --shard-docs: a whole number from 1 to 10000000, not %s\n",
                        v);
                return -1;
            }
            o->shard_docs = (unsigned long)n;
        } else if (strcmp(a, "--jobs") == 0 || strcmp(a, "--keep") == 0) {
            long n = parse_count(v, 1, 64);
            if (n < 0) {
                fprintf(stderr, PROG ": %s: a whole number from 1 to 64, not %s\n", a, v);
                return -1;
            }
            if (a[2] == 'j')
                o->jobs = (unsigned)n;
            else
                o->keep = (int)n;
        } else {
            fprintf(stderr, PROG ": unknown option %s\n", a);
            return -1;
        }
        i += takes;
    }
    const char *missing = !o->corpus                         ? "no CORPUS_DIR given"
                          : o->cmd == CMD_BUILD && !o->index ? "build needs --index INDEX_DIR"
                          : o->cmd == CMD_REBUILD && !o->index_root
                              ? "rebuild needs --index-root ROOT"
                          : o->cmd == CMD_UPDATE && !o->index_root == !o->index
                              ? "update needs one of --index-root ROOT or --index INDEX_DIR"
                              : NULL;
    if (missing) {
        fprintf(stderr, PROG ": %s\n", missing);
        return -1;
    }
    return 0;
}

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
            fprintf(stderr, "indexed %lu documents, %lu warnings in %.2f s%s%s\n", s->docs,
                    s->warnings, s->seconds, s->generation ? ", generation " : "",
                    s->generation ? s->generation : "");
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

/* A missing themes.tsv or synonyms.tsv is no loss: said, not counted. */
static void print_note(void *ctx, const char *path, const char *message)
{
    (void)ctx;
    fprintf(stderr, "%s: %s\n", path, message);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "harvest") == 0)
        return ix_harvest_main(argc - 1, argv + 1);
    options_t o;
    int a = parse_args(argc, argv, &o);
    if (a != 0) {
        if (a < 0)
            fprintf(stderr, "Try '" PROG " --help'.\n");
        return a < 0 ? EXIT_USAGE : EXIT_OK;
    }
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
                         .shard_docs = o.shard_docs,
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
