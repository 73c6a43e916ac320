/* options.h — polis-searchd's settings: defaults, the configuration file,
 * the command line.
 *
 * Every bound a client can reach is one of them, printed with its default
 * by --help.  The configuration file (SYSCONFDIR/polis/polis.conf when it
 * exists, or --config FILE) is read first, its keys being the long
 * options' names; the command line wins over it.
 */
#ifndef SD_OPTIONS_H
#define SD_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

#include "api/app.h"
#include "conffile.h"
#include "http/logfmt.h"
#include "http/server.h"

/* What the options set. */
typedef struct {
    sd_server_config_t server;
    sd_app_limits_t limits;
    const char *index_dir;
    const char *remotes[POLIS_MAX_SHARDS]; /* --remote, in the order given */
    size_t n_remotes;
    int remotes_from_cli; /* the command line gave one: the file's are dropped */
    char *remote_lines[POLIS_MAX_SHARDS]; /* the file's remote lines, split */
    size_t n_remote_lines;
    const char *access_log;        /* access log file, NULL = stderr */
    sd_logfmt_t access_log_format; /* --access-log-format */
    int log_client_address;        /* --log-client-address: lines name the client */
    size_t answer_cache_bytes;     /* whole answers kept for repeats, 0 = none */
    size_t set_cache_bytes;        /* match sets for counting (polis_index_set_cache_limit) */
    const char *shard_program;     /* serves each shard to rank them at once; NULL: none */
    const char *user;              /* --user: whom to run as once bound; NULL: as started */
    int allow_root;                /* --allow-root: root may serve (a container's) */
    const char *config;            /* the configuration file read, NULL: none */
    /* Raw values, as read, of settings made from them. */
    unsigned mem, query_bytes, uri_bytes, head_bytes, body_bytes, cache_mb, set_mb;
} sd_options_t;

/* Fill o from the configuration file, then argv.  The file's strings live
 * in *file (free it with sd_conffile_free() when o is no longer needed).
 * Returns 0; 1 when --help or --version was printed; -1 on a usage error
 * (said on stderr, the usage printed); -2 on a bad configuration file. */
int sd_options_parse(int argc, char **argv, sd_options_t *o, sd_conffile_t *file);

/* Free what sd_options_parse() allocated in o (the file's remote lines). */
void sd_options_free(sd_options_t *o);

/* Print the usage, with every default, to out. */
void sd_options_usage(FILE *out);

#endif
