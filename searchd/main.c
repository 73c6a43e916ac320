/* main.c — polis-searchd: options, signals, start and stop.
 *
 * Settings come from the configuration file (SYSCONFDIR/polis/polis.conf when
 * it exists, or --config FILE), whose keys are the long options' names, then
 * from the command line, which wins.
 *
 * Signals are blocked before libmicrohttpd starts its threads (which inherit
 * the mask) and taken here with sigwait(), so stopping is ordinary code on
 * the main thread instead of work inside a signal handler.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "api/app.h"
#include "api/paristime.h"
#include "http/log.h"
#include "http/query.h"
#include "http/router.h"
#include "http/server.h"
#include "page/page.h"
#include "polis/version.h"
#include "conffile.h"

#ifndef POLIS_SYSCONFDIR
#define POLIS_SYSCONFDIR "/etc"
#endif
/* Read when it exists and no --config names another file. */
#define DEF_CONFIG POLIS_SYSCONFDIR "/polis/polis.conf"

/* Defaults, each printed by --help. */
#define DEF_LISTEN             "127.0.0.1:8080"
#define DEF_MAX_CONNECTIONS    1024u
#define DEF_MAX_PER_IP         64u
#define DEF_TIMEOUT            30u
#define DEF_CONNECTION_MEMORY  (64u * 1024u)
#define DEF_MAX_QUERY_BYTES    2048u
#define DEF_PER_PAGE           10u
#define DEF_MAX_PER_PAGE       100u
#define DEF_MAX_PAGE           1000u
#define DEF_MAX_FACET_VALUES   100u
#define DEF_QUERY_TIME_LIMIT   2.0
#define DEF_MAX_URI_BYTES      8192u
#define DEF_MAX_WILDCARD_TERMS 200u
#define DEF_MAX_SUGGESTIONS    10u
#define DEF_MAX_EXPORT         10000u
#define DEF_ANSWER_CACHE_MB    64u
#define DEF_SET_CACHE_MB       32u
#define DEF_CORS_ORIGINS       "*"
#define MAX_THREADS            256u

static unsigned default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return n > (long)MAX_THREADS ? MAX_THREADS : (unsigned)n;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: polis-searchd --index INDEX_DIR [options]\n"
            "       polis-searchd --remote tcp://HOST:PORT [--remote ...] [options]\n"
            "\n"
            "Serve the Polis search API over HTTP.  INDEX_DIR is an index, or an index\n"
            "root whose `current` entry points at the generation to serve; the daemon\n"
            "follows it as rebuilds switch it.  With --remote instead, the index is\n"
            "the shards that xapian-tcpsrv servers serve, searched as one.\n"
            "\n"
            "options (default in brackets):\n"
            "  --remote ADDR            a remote shard, tcp://HOST:PORT; repeat it for\n"
            "                           each shard, shard 0 first (replaces --index)\n"
            "  --listen HOST:PORT       address to bind; port 0 picks one [%s]\n"
            "  --threads N              worker threads [%u, the cores]\n"
            "  --max-connections N      open connections in all [%u]\n"
            "  --max-per-ip N           open connections per client address [%u]\n"
            "  --timeout S              close connections idle for S seconds [%u]\n"
            "  --connection-memory N    bytes per connection; bounds the request head [%u]\n"
            "  --max-query-bytes N      longest q [%u]\n"
            "  --max-per-page N         largest per_page [%u]\n"
            "  --max-page N             deepest page [%u]\n"
            "  --max-facet-values N     values counted per facet [%u]\n"
            "  --query-time-limit S     seconds a query may run, 0 = no limit [%g]\n"
            "  --max-wildcard-terms N   terms one wildcard (dev*) expands to [%u]\n"
            "  --max-suggestions N      completions /api/suggest gives [%u]\n"
            "  --max-export N           hits one export (CSV, RIS, BibTeX, CSL-JSON) gives [%u]\n"
            "  --answer-cache-mb N      MB of whole answers kept for repeated searches,\n"
            "                           0 = none [%u]\n"
            "  --set-cache-mb N         MB of match sets kept to count totals and facets\n"
            "                           without ranking every match, 0 = off [%u]\n"
            "  --max-uri-bytes N        longest request URL, 414 beyond [%u]\n"
            "  --cors-origins LIST      origins allowed to call /api/ from a browser:\n"
            "                           * or a comma list of https://site origins [%s]\n"
            "  --access-log FILE        append the access log to FILE [stderr]\n"
            "  --quiet                  no access log\n"
            "  --config FILE            read settings from FILE first: \"key = value\" lines\n"
            "                           whose keys are these options' names (index = DIR,\n"
            "                           quiet = yes|no); the options given here win\n"
            "                           [%s, when it exists]\n"
            "  --version                the version\n"
            "  --help                   this text\n"
            "\n"
            "Signals: SIGTERM or SIGINT stop cleanly; SIGHUP rechecks the index now\n"
            "and reopens the --access-log file (after a rotation); a changed\n"
            "configuration file is read at the next start.\n",
            DEF_LISTEN, default_threads(), DEF_MAX_CONNECTIONS, DEF_MAX_PER_IP, DEF_TIMEOUT,
            DEF_CONNECTION_MEMORY, DEF_MAX_QUERY_BYTES, DEF_MAX_PER_PAGE, DEF_MAX_PAGE,
            DEF_MAX_FACET_VALUES, DEF_QUERY_TIME_LIMIT, DEF_MAX_WILDCARD_TERMS, DEF_MAX_SUGGESTIONS,
            DEF_MAX_EXPORT, DEF_ANSWER_CACHE_MB, DEF_SET_CACHE_MB, DEF_MAX_URI_BYTES,
            DEF_CORS_ORIGINS, DEF_CONFIG);
}

static int parse_count(const char *where, const char *arg, unsigned min, unsigned max,
                       unsigned *out)
{
    if (sd_query_parse_uint(arg, strlen(arg), min, max, out) != 0) {
        fprintf(stderr, "polis-searchd: %s: want an integer from %u to %u, not '%s'\n", where, min,
                max, arg);
        return -1;
    }
    return 0;
}

static int parse_seconds(const char *where, const char *arg, double *out)
{
    char *end = NULL;
    double v = strtod(arg, &end);
    if (end == arg || *end != '\0' || !(v >= 0.0 && v <= 3600.0)) {
        fprintf(stderr, "polis-searchd: %s: want seconds from 0 to 3600, not '%s'\n", where, arg);
        return -1;
    }
    *out = v;
    return 0;
}

/* A switch's value in the file: yes/no, true/false, on/off, 1/0. */
static int parse_switch(const char *where, const char *arg, int *out)
{
    static const char *const words[] = { "no", "yes", "false", "true", "off", "on", "0", "1" };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(arg, words[i]) == 0) {
            *out = (int)(i % 2);
            return 0;
        }
    fprintf(stderr, "polis-searchd: %s: want yes or no, not '%s'\n", where, arg);
    return -1;
}

enum {
    OPT_INDEX = 256,
    OPT_REMOTE,
    OPT_LISTEN,
    OPT_THREADS,
    OPT_MAX_CONNECTIONS,
    OPT_MAX_PER_IP,
    OPT_TIMEOUT,
    OPT_CONNECTION_MEMORY,
    OPT_MAX_QUERY_BYTES,
    OPT_MAX_PER_PAGE,
    OPT_MAX_PAGE,
    OPT_MAX_FACET_VALUES,
    OPT_QUERY_TIME_LIMIT,
    OPT_MAX_URI_BYTES,
    OPT_MAX_WILDCARD_TERMS,
    OPT_MAX_SUGGESTIONS,
    OPT_MAX_EXPORT,
    OPT_ANSWER_CACHE_MB,
    OPT_SET_CACHE_MB,
    OPT_CORS_ORIGINS,
    OPT_ACCESS_LOG,
    OPT_QUIET,
    OPT_CONFIG,
    OPT_VERSION,
    OPT_HELP
};

static const struct option options[] = {
    { "index", required_argument, NULL, OPT_INDEX },
    { "remote", required_argument, NULL, OPT_REMOTE },
    { "listen", required_argument, NULL, OPT_LISTEN },
    { "threads", required_argument, NULL, OPT_THREADS },
    { "max-connections", required_argument, NULL, OPT_MAX_CONNECTIONS },
    { "max-per-ip", required_argument, NULL, OPT_MAX_PER_IP },
    { "timeout", required_argument, NULL, OPT_TIMEOUT },
    { "connection-memory", required_argument, NULL, OPT_CONNECTION_MEMORY },
    { "max-query-bytes", required_argument, NULL, OPT_MAX_QUERY_BYTES },
    { "max-per-page", required_argument, NULL, OPT_MAX_PER_PAGE },
    { "max-page", required_argument, NULL, OPT_MAX_PAGE },
    { "max-facet-values", required_argument, NULL, OPT_MAX_FACET_VALUES },
    { "query-time-limit", required_argument, NULL, OPT_QUERY_TIME_LIMIT },
    { "max-uri-bytes", required_argument, NULL, OPT_MAX_URI_BYTES },
    { "max-wildcard-terms", required_argument, NULL, OPT_MAX_WILDCARD_TERMS },
    { "max-suggestions", required_argument, NULL, OPT_MAX_SUGGESTIONS },
    { "max-export", required_argument, NULL, OPT_MAX_EXPORT },
    { "answer-cache-mb", required_argument, NULL, OPT_ANSWER_CACHE_MB },
    { "set-cache-mb", required_argument, NULL, OPT_SET_CACHE_MB },
    { "cors-origins", required_argument, NULL, OPT_CORS_ORIGINS },
    { "access-log", required_argument, NULL, OPT_ACCESS_LOG },
    { "quiet", no_argument, NULL, OPT_QUIET },
    { "config", required_argument, NULL, OPT_CONFIG },
    { "version", no_argument, NULL, OPT_VERSION },
    { "help", no_argument, NULL, OPT_HELP },
    { NULL, 0, NULL, 0 },
};

/* What the options set: the server's limits, the handlers', and main's own;
 * and, as they are read, the raw values some of them are made from. */
typedef struct {
    sd_server_config_t server;
    sd_app_limits_t limits;
    const char *index_dir;
    const char *remotes[POLIS_MAX_SHARDS]; /* --remote, in the order given */
    size_t n_remotes;
    int remotes_from; /* 1 once the command line gave one: the file's are dropped */
    char *remote_lines[POLIS_MAX_SHARDS]; /* the file's remote lines, split (freed at exit) */
    size_t n_remote_lines;
    const char *access_log;    /* access log file, NULL = stderr */
    size_t max_uri_bytes;      /* longest request target: 414 beyond, 0 = none */
    size_t answer_cache_bytes; /* whole answers kept for repeats, 0 = none */
    size_t set_cache_bytes;    /* match sets for counting (polis_index_set_cache_limit) */
    unsigned mem, query_bytes, uri_bytes, cache_mb, set_mb;
    const char *config; /* the configuration file read, NULL: none */
} options_t;

static void set_defaults(options_t *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->server.listen = DEF_LISTEN;
    cfg->server.threads = default_threads();
    cfg->server.max_connections = DEF_MAX_CONNECTIONS;
    cfg->server.max_per_ip = DEF_MAX_PER_IP;
    cfg->server.timeout = DEF_TIMEOUT;
    cfg->server.cors_origins = DEF_CORS_ORIGINS;
    cfg->limits.max_facet_values = DEF_MAX_FACET_VALUES;
    cfg->limits.query_time_limit = DEF_QUERY_TIME_LIMIT;
    cfg->limits.max_wildcard_terms = DEF_MAX_WILDCARD_TERMS;
    cfg->limits.max_suggestions = DEF_MAX_SUGGESTIONS;
    cfg->limits.max_export = DEF_MAX_EXPORT;
    cfg->limits.params.default_per_page = DEF_PER_PAGE;
    cfg->limits.params.max_per_page = DEF_MAX_PER_PAGE;
    cfg->limits.params.max_page = DEF_MAX_PAGE;
    cfg->mem = DEF_CONNECTION_MEMORY;
    cfg->query_bytes = DEF_MAX_QUERY_BYTES;
    cfg->uri_bytes = DEF_MAX_URI_BYTES;
    cfg->cache_mb = DEF_ANSWER_CACHE_MB;
    cfg->set_mb = DEF_SET_CACHE_MB;
}

/* --remote ADDR, repeated, or remote = ADDR ADDR... in the file: the
 * addresses are appended.  The command line's replace the file's. */
static int add_remotes(options_t *cfg, const char *arg, const char *where)
{
    int cli = where[0] == '-';
    if (cli && !cfg->remotes_from) {
        cfg->n_remotes = 0;
        cfg->remotes_from = 1;
    }
    if (cli) {
        if (cfg->n_remotes == POLIS_MAX_SHARDS) {
            fprintf(stderr, "polis-searchd: %s: at most %d shards\n", where, POLIS_MAX_SHARDS);
            return -1;
        }
        cfg->remotes[cfg->n_remotes++] = arg;
        return 0;
    }
    /* Split a copy: the file's value is not ours to cut. */
    char *copy = cfg->n_remote_lines < POLIS_MAX_SHARDS ? strdup(arg) : NULL, *save = NULL;
    if (copy == NULL) {
        fprintf(stderr, "polis-searchd: %s: too many lines, or out of memory\n", where);
        return -1;
    }
    cfg->remote_lines[cfg->n_remote_lines++] = copy;
    for (char *w = strtok_r(copy, " \t,", &save); w; w = strtok_r(NULL, " \t,", &save)) {
        if (cfg->n_remotes == POLIS_MAX_SHARDS) {
            fprintf(stderr, "polis-searchd: %s: at most %d shards\n", where, POLIS_MAX_SHARDS);
            return -1;
        }
        cfg->remotes[cfg->n_remotes++] = w;
    }
    return 0;
}

/* Apply one setting, from the command line or the file (where: see
 * parse_count).  arg is NULL for a switch given on the command line.
 * Returns 0 or -1 after saying why. */
static int set_option(options_t *cfg, int id, const char *arg, const char *where)
{
    sd_server_config_t *srv = &cfg->server;
    sd_app_limits_t *lim = &cfg->limits;
    switch (id) {
    case OPT_INDEX: cfg->index_dir = arg; return 0;
    case OPT_REMOTE: return add_remotes(cfg, arg, where);
    case OPT_LISTEN: srv->listen = arg; return 0;
    case OPT_THREADS: return parse_count(where, arg, 1, MAX_THREADS, &srv->threads);
    case OPT_MAX_CONNECTIONS: return parse_count(where, arg, 1, 1000000, &srv->max_connections);
    case OPT_MAX_PER_IP: return parse_count(where, arg, 0, 1000000, &srv->max_per_ip);
    case OPT_TIMEOUT: return parse_count(where, arg, 1, 86400, &srv->timeout);
    case OPT_CONNECTION_MEMORY: return parse_count(where, arg, 8192, 16u << 20, &cfg->mem);
    case OPT_MAX_QUERY_BYTES: return parse_count(where, arg, 1, 1u << 20, &cfg->query_bytes);
    case OPT_MAX_PER_PAGE: return parse_count(where, arg, 1, 10000, &lim->params.max_per_page);
    case OPT_MAX_PAGE: return parse_count(where, arg, 1, 100000, &lim->params.max_page);
    case OPT_MAX_FACET_VALUES: return parse_count(where, arg, 1, 100000, &lim->max_facet_values);
    case OPT_QUERY_TIME_LIMIT: return parse_seconds(where, arg, &lim->query_time_limit);
    case OPT_MAX_URI_BYTES: return parse_count(where, arg, 256, 1u << 20, &cfg->uri_bytes);
    case OPT_MAX_WILDCARD_TERMS:
        return parse_count(where, arg, 1, 100000, &lim->max_wildcard_terms);
    case OPT_MAX_SUGGESTIONS: return parse_count(where, arg, 1, 100, &lim->max_suggestions);
    case OPT_MAX_EXPORT: return parse_count(where, arg, 1, 1000000, &lim->max_export);
    case OPT_ANSWER_CACHE_MB: return parse_count(where, arg, 0, 65536, &cfg->cache_mb);
    case OPT_SET_CACHE_MB: return parse_count(where, arg, 0, 65536, &cfg->set_mb);
    case OPT_CORS_ORIGINS: srv->cors_origins = arg; return 0;
    case OPT_ACCESS_LOG: cfg->access_log = arg; return 0;
    case OPT_QUIET:
        if (!arg)
            return srv->quiet = 1, 0;
        return parse_switch(where, arg, &srv->quiet);
    default: return -1;
    }
}

typedef struct {
    options_t *s;
    const char *path;
} file_ctx_t;

/* One "key = value" of the configuration file: a key is an option's name. */
static int file_setting(void *ctx, const char *key, const char *value, unsigned line)
{
    file_ctx_t *f = ctx;
    const struct option *o = options;
    while (o->name && strcmp(o->name, key) != 0)
        o++;
    if (!o->name || o->val == OPT_CONFIG || o->val == OPT_VERSION || o->val == OPT_HELP) {
        fprintf(stderr,
                "polis-searchd: %s:%u: unknown key '%.60s' (the keys are the options of "
                "polis-searchd --help, without the dashes)\n",
                f->path, line, key);
        return -1;
    }
    char where[4200];
    snprintf(where, sizeof where, "%s:%u: %s", f->path, line, key);
    if (*value == '\0') {
        fprintf(stderr, "polis-searchd: %s: no value\n", where);
        return -1;
    }
    return set_option(f->s, o->val, value, where);
}

/* Read the configuration file into s: path, or DEF_CONFIG when it exists.
 * Returns 0 or -1 after saying why. */
static int read_config(options_t *s, const char *path, sd_conffile_t *file)
{
    if (!path) {
        if (access(DEF_CONFIG, F_OK) != 0)
            return 0;
        path = DEF_CONFIG;
    }
    char err[4200];
    file_ctx_t ctx = { s, path };
    int rc = sd_conffile_read(file, path, file_setting, &ctx, err, sizeof err);
    if (rc == -1 && err[0])
        fprintf(stderr, "polis-searchd: %s\n", err);
    s->config = path;
    return rc == 0 ? 0 : -1;
}

/* Fill s from the configuration file, then from argv.  The file's strings
 * live in *file.  Returns 0; 1 when --help or --version was printed; -1 on a
 * usage error; -2 on a bad configuration file. */
static int parse_options(int argc, char **argv, options_t *s, sd_conffile_t *file)
{
    set_defaults(s);
    options_t *cfg = s;
    const char *config = NULL;
    int c, at = 0;
    opterr = 0;
    /* First pass: what decides whether and which file to read. */
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        if (c == OPT_HELP) {
            usage(stdout);
            return 1;
        } else if (c == OPT_VERSION) {
            printf("polis-searchd %s\n", POLIS_VERSION_STRING);
            return 1;
        } else if (c == OPT_CONFIG) {
            config = optarg;
        } else if (c == '?' || c == ':') {
            fprintf(stderr, "polis-searchd: unknown or incomplete option '%s'\n", argv[optind - 1]);
            return -1;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "polis-searchd: unexpected argument '%s'\n", argv[optind]);
        return -1;
    }
    if (read_config(s, config, file) != 0)
        return -2;
    /* Second pass: the options, over what the file said. */
    optind = 0;
    while ((c = getopt_long(argc, argv, "", options, &at)) != -1) {
        if (c == OPT_CONFIG)
            continue;
        char where[64];
        snprintf(where, sizeof where, "--%s", options[at].name);
        if (set_option(s, c, optarg, where) != 0)
            return -1;
    }
    if ((cfg->index_dir == NULL) == (cfg->n_remotes == 0)) {
        fprintf(stderr,
                cfg->index_dir == NULL
                    ? "polis-searchd: no index: give --index INDEX_DIR or --remote ADDR%s%s\n"
                    : "polis-searchd: --index and --remote exclude each other: serve a "
                      "directory or remote shards%s%s\n",
                s->config ? ", in " : "", s->config ? s->config : "");
        return -1;
    }
    cfg->server.connection_memory = s->mem;
    cfg->limits.params.max_query_bytes = s->query_bytes;
    cfg->max_uri_bytes = s->uri_bytes;
    cfg->answer_cache_bytes = (size_t)s->cache_mb << 20;
    cfg->set_cache_bytes = (size_t)s->set_mb << 20;
    if (cfg->limits.params.default_per_page > cfg->limits.params.max_per_page)
        cfg->limits.params.default_per_page = cfg->limits.params.max_per_page;
    /* libmicrohttpd shares the connection limit among the workers. */
    if (cfg->server.max_connections < cfg->server.threads) {
        fprintf(stderr, "polis-searchd: --max-connections must be at least --threads (%u)\n",
                cfg->server.threads);
        return -1;
    }
    /* The deepest offset must fit the unsigned the shim takes. */
    if ((unsigned long long)cfg->limits.params.max_page * cfg->limits.params.max_per_page >
        UINT_MAX) {
        fprintf(stderr, "polis-searchd: --max-page × --max-per-page is too large\n");
        return -1;
    }
    return 0;
}

/* Run the daemon until SIGTERM or SIGINT; returns the exit status. */
static int serve(const options_t *s)
{
    const options_t cfg = *s;
    /* Writes to a client that hung up must fail with EPIPE, not kill us. */
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    if (sigemptyset(&ign.sa_mask) != 0 || sigaction(SIGPIPE, &ign, NULL) != 0) {
        perror("polis-searchd: sigaction");
        return 1;
    }
    sigset_t wait_set;
    if (sigemptyset(&wait_set) != 0 || sigaddset(&wait_set, SIGINT) != 0 ||
        sigaddset(&wait_set, SIGTERM) != 0 || sigaddset(&wait_set, SIGHUP) != 0) {
        perror("polis-searchd: sigset");
        return 1;
    }
    int err = pthread_sigmask(SIG_BLOCK, &wait_set, NULL);
    if (err != 0) {
        fprintf(stderr, "polis-searchd: pthread_sigmask: %s\n", strerror(err));
        return 1;
    }

    if (cfg.access_log != NULL && !cfg.server.quiet && sd_log_open(cfg.access_log) != 0) {
        fprintf(stderr, "polis-searchd: --access-log %s: %s\n", cfg.access_log, strerror(errno));
        return 1;
    }
    /* Paris's offsets, read from the tz database now, while this is the
     * only thread (api/paristime.h). */
    if (sd_paristime_init() != 0 && !cfg.server.quiet)
        fprintf(stderr, "polis-searchd: no Europe/Paris in the tz database (tzdata): feeds date "
                        "Paris times by the EU rule\n");
    /* The rooms: what their handlers share, and their routes. */
    sd_app_t app = { .limits = cfg.limits };
    /* A shard that does not answer must fail the query within its limit. */
    double limit = cfg.limits.query_time_limit > 0 ? cfg.limits.query_time_limit : 10.0;
    sd_app_index_t where = { .dir = cfg.index_dir,
                             .remotes = cfg.remotes,
                             .n_remotes = cfg.n_remotes,
                             .timeout_ms = (unsigned)(limit * 1000.0) };
    if (sd_app_open(&app, &where, cfg.answer_cache_bytes, cfg.set_cache_bytes) != 0)
        return 1;
    sd_router_t *router = sd_router_new(cfg.max_uri_bytes);
    sd_server_t *server = NULL;
    if (router == NULL || sd_api_register(router) != 0 || sd_page_register(router) != 0) {
        fprintf(stderr, "polis-searchd: cannot build the route table\n");
        sd_router_free(router);
        sd_app_close(&app);
        return 1;
    }
    if (sd_server_start(&cfg.server, router, &app, &server) != 0) {
        sd_router_free(router);
        sd_app_close(&app);
        return 1;
    }
    /* Tests and scripts read this line to learn the port. */
    if (printf("listening on %s\n", sd_server_url(server)) < 0 || fflush(stdout) != 0) {
        /* stdout closed: the daemon can still serve. */
    }
    if (!cfg.server.quiet)
        fprintf(stderr, "polis-searchd: serving %s%s on %s with %u threads%s%s\n",
                cfg.index_dir ? cfg.index_dir : cfg.remotes[0],
                cfg.n_remotes > 1 ? " and the other remote shards" : "", sd_server_url(server), cfg.server.threads, cfg.config ? ", settings from " : "",
                cfg.config ? cfg.config : "");

    int status = 0;
    for (;;) {
        int sig = 0;
        err = sigwait(&wait_set, &sig);
        if (err != 0) {
            fprintf(stderr, "polis-searchd: sigwait: %s\n", strerror(err));
            status = 1;
            break;
        }
        if (sig == SIGHUP) {
            sd_handle_pool_bump(app.handles);
            /* Log rotation: the renamed file is let go, a new one opened. */
            if (cfg.access_log != NULL && !cfg.server.quiet && sd_log_open(cfg.access_log) != 0)
                fprintf(stderr, "polis-searchd: --access-log %s: %s\n", cfg.access_log,
                        strerror(errno));
            continue;
        }
        break;
    }
    if (!cfg.server.quiet)
        fprintf(stderr, "polis-searchd: stopping\n");
    sd_server_stop(server); /* joins the workers, which close their handles */
    sd_router_free(router);
    sd_app_close(&app);
    return status;
}

int main(int argc, char **argv)
{
    options_t cfg;
    sd_conffile_t file = { 0 };
    int rc = parse_options(argc, argv, &cfg, &file);
    if (rc == -1)
        usage(stderr);
    int status = rc == 0 ? serve(&cfg) : rc == 1 ? 0 : 2;
    for (size_t i = 0; i < cfg.n_remote_lines; i++)
        free(cfg.remote_lines[i]);
    sd_conffile_free(&file);
    return status;
}
