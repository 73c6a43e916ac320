/* options.c — polis-indexer's command line; see options.h. */
#include "options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "polis/index.h"
#include "polis/version.h"
#include "run/walk.h"
#include "vocab/tables.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: " PROG " build   CORPUS_DIR --index INDEX_DIR      [options]\n"
            "       " PROG " rebuild CORPUS_DIR --index-root ROOT      [options]\n"
            "       " PROG " update  CORPUS_DIR (--index-root ROOT | --index INDEX_DIR) [options]\n"
            "       " PROG " themes  CORPUS_DIR [--themes FILE] [--json]\n"
            "       " PROG " harvest oai|sitemap URL --into DIR  [options]   (harvest --help)\n"
            "       " PROG " replicate HOST:PORT --index-root ROOT [--keep K] [--wait]\n"
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
            "replicate copy the generation in service on the indexing machine, whose\n"
            "          xapian-replicate-server serves its index root at HOST:PORT, into\n"
            "          ROOT with xapian-replicate, and switch ROOT/current to it.\n"
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
            "  --shards N           spread the index over N databases by a hash of each\n"
            "                       id, searched as one (build, rebuild; default 1)\n"
            "  --batch-docs N       documents a worker writes before its next batch\n"
            "                       (default 2000)\n"
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

int ix_options_parse(int argc, char **argv, options_t *o)
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
        fprintf(stderr, PROG ": no command (build, rebuild, update, themes, harvest or replicate)\n");
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
    else if (strcmp(argv[1], "replicate") == 0)
        o->cmd = CMD_REPLICATE;
    else {
        fprintf(stderr,
                PROG ": unknown command %s (build, rebuild, update, themes, harvest or "
                     "replicate)\n",
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
        else if (strcmp(a, "--harvest") == 0 && (o->cmd == CMD_BUILD || o->cmd == CMD_REBUILD ||
                                                 o->cmd == CMD_UPDATE))
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
        } else if (strcmp(a, "--batch-docs") == 0 || strcmp(a, "--shard-docs") == 0) {
            /* --shard-docs: its name until batches and shards were told apart */
            long n = parse_count(v, 1, 10000000);
            if (n < 0) {
                fprintf(stderr, PROG ": %s: a whole number from 1 to 10000000, not %s\n", a, v);
                return -1;
            }
            o->batch_docs = (unsigned long)n;
        } else if (strcmp(a, "--shards") == 0) {
            long n = parse_count(v, 1, POLIS_MAX_SHARDS);
            if (n < 0) {
                fprintf(stderr, PROG ": --shards: a whole number from 1 to %d, not %s\n",
                        POLIS_MAX_SHARDS, v);
                return -1;
            }
            o->shards = (unsigned)n;
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
    const char *missing = !o->corpus && o->cmd == CMD_REPLICATE
                              ? "no master given (HOST:PORT of its xapian-replicate-server)"
                          : !o->corpus                       ? "no CORPUS_DIR given"
                          : o->cmd == CMD_REPLICATE && !o->index_root
                              ? "replicate needs --index-root ROOT"
                          : o->cmd == CMD_BUILD && !o->index ? "build needs --index INDEX_DIR"
                          : o->cmd == CMD_REBUILD && !o->index_root
                              ? "rebuild needs --index-root ROOT"
                          : o->cmd == CMD_UPDATE && !o->index_root == !o->index
                              ? "update needs one of --index-root ROOT or --index INDEX_DIR"
                          : o->cmd == CMD_UPDATE && o->shards
                              ? "update keeps the index's shards; --shards is for build and "
                                "rebuild"
                              : NULL;
    if (missing) {
        fprintf(stderr, PROG ": %s\n", missing);
        return -1;
    }
    return 0;
}
