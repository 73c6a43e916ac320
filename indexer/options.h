/* options.h — polis-indexer's command line, read into options_t. */
#ifndef IX_OPTIONS_H
#define IX_OPTIONS_H

#include <stdio.h>

#define PROG       "polis-indexer"
#define EXIT_OK    0
#define EXIT_BAD   1
#define EXIT_USAGE 2

typedef enum { CMD_BUILD, CMD_REBUILD, CMD_UPDATE, CMD_THEMES, CMD_REPLICATE } command_t;

typedef struct {
    command_t cmd;
    const char *corpus; /* replicate: the master, HOST:PORT */
    const char *index;      /* --index DIR */
    const char *index_root; /* --index-root ROOT */
    const char *themes_path, *synonyms_path;
    const char *harvest; /* --harvest CONFIG */
    unsigned long long max_file;
    unsigned jobs;
    unsigned long batch_docs;
    unsigned shards;
    int keep;
    int strict, quiet, json, wait, progress, follow;
} options_t;

/* Read argv into o.  0: run; 1: done (--help, --version printed); -1: a
 * usage error, said on stderr. */
int ix_options_parse(int argc, char **argv, options_t *o);

#endif
