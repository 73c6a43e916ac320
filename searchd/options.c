/* options.c — polis-searchd's settings (see options.h). */
#include "options.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/head.h"
#include "http/query.h"
#include "polis/version.h"

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
#define DEF_HEAD_TIMEOUT       10.0
#define DEF_CONNECTION_MEMORY  (64u * 1024u)
#define DEF_MAX_HEAD_BYTES     16384u
#define DEF_MAX_BODY_BYTES     65536u
#define DEF_SEARCH_QUEUE       64u
#define DEF_MAX_QUERY_TERMS    256u
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
#define DEF_SET_CACHE_MB       64u
#define DEF_SHARD_PROGRAM      "none"
#define DEF_CORS_ORIGINS       "*"
#define MAX_THREADS            256u

static unsigned default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return n > (long)MAX_THREADS ? MAX_THREADS : (unsigned)n;
}

void sd_options_usage(FILE *out)
{
    fprintf(
        out,
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
        "  --public-url URL         base of the absolute links of feeds and OpenSearch,\n"
        "                           as the public reaches the daemon (https://site/polis)\n"
        "                           [the --listen address]\n"
        "  --user NAME              once bound, run as NAME and its groups [as started]\n"
        "  --allow-root             serve as root without --user (a container's root)\n"
        "  --threads N              threads serving connections [%u, the cores]\n"
        "  --search-threads N       threads running searches, apart from those [%u, the cores]\n"
        "  --search-queue N         searches waiting for one; 503 beyond [%u]\n"
        "  --max-connections N      open connections in all; when full, the one\n"
        "                           waiting longest for its request makes room [%u]\n"
        "  --max-per-ip N           open connections per client address [%u]\n"
        "  --head-timeout S         seconds for a request (head and body) to arrive,\n"
        "                           from the connection or the previous answer; 408 [%g]\n"
        "  --timeout S              close connections idle for S seconds [%u]\n"
        "  --connection-memory N    bytes of libmicrohttpd's memory per connection [%u]\n"
        "  --max-uri-bytes N        longest request URL, 414 beyond [%u]\n"
        "  --max-head-bytes N       longest request head, 431 beyond [%u]\n"
        "  --max-body-bytes N       longest request body (read and dropped), 413 [%u]\n"
        "  --max-query-bytes N      longest q [%u]\n"
        "  --max-per-page N         largest per_page [%u]\n"
        "  --max-page N             deepest page [%u]\n"
        "  --max-facet-values N     values counted per facet [%u]\n"
        "  --query-time-limit S     seconds a request may spend searching, waiting\n"
        "                           included, 0 = no limit [%g]\n"
        "  --max-wildcard-terms N   terms the wildcards of a query (dev* ville*)\n"
        "                           expand to, in all [%u]\n"
        "  --max-query-terms N      terms a query holds once its synonyms and\n"
        "                           wildcards are expanded; 400 beyond [%u]\n"
        "  --max-suggestions N      completions /api/suggest gives [%u]\n"
        "  --max-export N           hits one export (CSV, RIS, BibTeX, CSL-JSON) gives [%u]\n"
        "  --answer-cache-mb N      MB of whole answers kept for repeated searches,\n"
        "                           0 = none [%u]\n"
        "  --set-cache-mb N         MB of match sets kept to count totals and facets\n"
        "                           without ranking every match, 0 = off [%u]\n"
        "  --shard-program PROG     the program serving each shard of a sharded index\n"
        "                           to a child process (xapian-progsrv), which ranks\n"
        "                           it; none: each shard in a thread, in process [%s]\n"
        "  --cors-origins LIST      origins allowed to call /api/ from a browser:\n"
        "                           * or a comma list of https://site origins [%s]\n"
        "  --access-log FILE        append the access log to FILE [stderr]\n"
        "  --access-log-format F    polis (time method path status bytes us),\n"
        "                           combined (NCSA, for GoAccess and fail2ban) or\n"
        "                           json (one object a line); never the query [polis]\n"
        "  --log-client-address     name the client's address in the access log\n"
        "                           (privacy: left out unless asked)\n"
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
        DEF_LISTEN, default_threads(), default_threads(), DEF_SEARCH_QUEUE, DEF_MAX_CONNECTIONS,
        DEF_MAX_PER_IP, DEF_HEAD_TIMEOUT, DEF_TIMEOUT, DEF_CONNECTION_MEMORY, DEF_MAX_URI_BYTES,
        DEF_MAX_HEAD_BYTES, DEF_MAX_BODY_BYTES, DEF_MAX_QUERY_BYTES, DEF_MAX_PER_PAGE, DEF_MAX_PAGE,
        DEF_MAX_FACET_VALUES, DEF_QUERY_TIME_LIMIT, DEF_MAX_WILDCARD_TERMS, DEF_MAX_QUERY_TERMS,
        DEF_MAX_SUGGESTIONS, DEF_MAX_EXPORT, DEF_ANSWER_CACHE_MB, DEF_SET_CACHE_MB, DEF_SHARD_PROGRAM, DEF_CORS_ORIGINS, DEF_CONFIG);
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

/* --access-log-format: a format of logfmt.h, by name. */
static int parse_log_format(const char *where, const char *arg, sd_logfmt_t *out)
{
    if (sd_logfmt_parse(arg, out) != 0) {
        fprintf(stderr, "polis-searchd: %s: want polis, combined or json, not '%.60s'\n", where,
                arg);
        return -1;
    }
    return 0;
}

/* --head-timeout: seconds, more than none. */
static int parse_head_timeout(const char *where, const char *arg, double *out)
{
    if (parse_seconds(where, arg, out) != 0)
        return -1;
    if (*out < 0.1) {
        fprintf(stderr, "polis-searchd: %s: want at least 0.1 seconds, not '%s'\n", where, arg);
        return -1;
    }
    return 0;
}

/* --public-url: http(s)://host[:port][/path], written into links, XML and
 * HTML as it is, so nothing there needs escaping. */
static int parse_url(const char *where, const char *arg, const char **out)
{
    size_t n = strlen(arg);
    size_t scheme = strncmp(arg, "https://", 8) == 0 ? 8 : strncmp(arg, "http://", 7) == 0 ? 7 : 0;
    const char *ok = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/[]%";
    if (scheme == 0 || n == scheme || n >= SD_SERVER_URL_MAX || strspn(arg, ok) != n ||
        arg[scheme] == '/') {
        fprintf(stderr,
                "polis-searchd: %s: want http://host[:port][/path] or https://..., "
                "without query or quotes, not '%.200s'\n",
                where, arg);
        return -1;
    }
    *out = arg;
    return 0;
}

enum {
    OPT_INDEX = 256,
    OPT_REMOTE,
    OPT_LISTEN,
    OPT_PUBLIC_URL,
    OPT_USER,
    OPT_ALLOW_ROOT,
    OPT_THREADS,
    OPT_SEARCH_THREADS,
    OPT_SEARCH_QUEUE,
    OPT_MAX_CONNECTIONS,
    OPT_MAX_PER_IP,
    OPT_HEAD_TIMEOUT,
    OPT_TIMEOUT,
    OPT_CONNECTION_MEMORY,
    OPT_MAX_HEAD_BYTES,
    OPT_MAX_BODY_BYTES,
    OPT_MAX_QUERY_TERMS,
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
    OPT_SHARD_PROGRAM,
    OPT_CORS_ORIGINS,
    OPT_ACCESS_LOG,
    OPT_ACCESS_LOG_FORMAT,
    OPT_LOG_CLIENT_ADDRESS,
    OPT_QUIET,
    OPT_CONFIG,
    OPT_VERSION,
    OPT_HELP
};

static const struct option options[] = {
    { "index", required_argument, NULL, OPT_INDEX },
    { "remote", required_argument, NULL, OPT_REMOTE },
    { "listen", required_argument, NULL, OPT_LISTEN },
    { "public-url", required_argument, NULL, OPT_PUBLIC_URL },
    { "user", required_argument, NULL, OPT_USER },
    { "allow-root", no_argument, NULL, OPT_ALLOW_ROOT },
    { "threads", required_argument, NULL, OPT_THREADS },
    { "search-threads", required_argument, NULL, OPT_SEARCH_THREADS },
    { "search-queue", required_argument, NULL, OPT_SEARCH_QUEUE },
    { "max-connections", required_argument, NULL, OPT_MAX_CONNECTIONS },
    { "max-per-ip", required_argument, NULL, OPT_MAX_PER_IP },
    { "head-timeout", required_argument, NULL, OPT_HEAD_TIMEOUT },
    { "timeout", required_argument, NULL, OPT_TIMEOUT },
    { "connection-memory", required_argument, NULL, OPT_CONNECTION_MEMORY },
    { "max-head-bytes", required_argument, NULL, OPT_MAX_HEAD_BYTES },
    { "max-body-bytes", required_argument, NULL, OPT_MAX_BODY_BYTES },
    { "max-query-terms", required_argument, NULL, OPT_MAX_QUERY_TERMS },
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
    { "shard-program", required_argument, NULL, OPT_SHARD_PROGRAM },
    { "cors-origins", required_argument, NULL, OPT_CORS_ORIGINS },
    { "access-log", required_argument, NULL, OPT_ACCESS_LOG },
    { "access-log-format", required_argument, NULL, OPT_ACCESS_LOG_FORMAT },
    { "log-client-address", no_argument, NULL, OPT_LOG_CLIENT_ADDRESS },
    { "quiet", no_argument, NULL, OPT_QUIET },
    { "config", required_argument, NULL, OPT_CONFIG },
    { "version", no_argument, NULL, OPT_VERSION },
    { "help", no_argument, NULL, OPT_HELP },
    { NULL, 0, NULL, 0 },
};

static void set_defaults(sd_options_t *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->server.listen = DEF_LISTEN;
    cfg->server.threads = default_threads();
    cfg->server.search_threads = default_threads();
    cfg->server.search_queue = DEF_SEARCH_QUEUE;
    cfg->server.max_connections = DEF_MAX_CONNECTIONS;
    cfg->server.max_per_ip = DEF_MAX_PER_IP;
    cfg->server.head_timeout = DEF_HEAD_TIMEOUT;
    cfg->server.timeout = DEF_TIMEOUT;
    cfg->server.cors_origins = DEF_CORS_ORIGINS;
    cfg->limits.max_facet_values = DEF_MAX_FACET_VALUES;
    cfg->limits.query_time_limit = DEF_QUERY_TIME_LIMIT;
    cfg->shard_program = NULL; /* DEF_SHARD_PROGRAM */
    cfg->limits.max_wildcard_terms = DEF_MAX_WILDCARD_TERMS;
    cfg->limits.max_query_terms = DEF_MAX_QUERY_TERMS;
    cfg->limits.max_suggestions = DEF_MAX_SUGGESTIONS;
    cfg->limits.max_export = DEF_MAX_EXPORT;
    cfg->limits.params.default_per_page = DEF_PER_PAGE;
    cfg->limits.params.max_per_page = DEF_MAX_PER_PAGE;
    cfg->limits.params.max_page = DEF_MAX_PAGE;
    cfg->mem = DEF_CONNECTION_MEMORY;
    cfg->query_bytes = DEF_MAX_QUERY_BYTES;
    cfg->uri_bytes = DEF_MAX_URI_BYTES;
    cfg->head_bytes = DEF_MAX_HEAD_BYTES;
    cfg->body_bytes = DEF_MAX_BODY_BYTES;
    cfg->cache_mb = DEF_ANSWER_CACHE_MB;
    cfg->set_mb = DEF_SET_CACHE_MB;
}

static int push_remote(sd_options_t *cfg, const char *addr, const char *where)
{
    if (cfg->n_remotes == POLIS_MAX_SHARDS) {
        fprintf(stderr, "polis-searchd: %s: at most %d shards\n", where, POLIS_MAX_SHARDS);
        return -1;
    }
    cfg->remotes[cfg->n_remotes++] = addr;
    return 0;
}

/* --remote ADDR, repeated, or remote = ADDR ADDR... in the file: the
 * addresses are appended.  The command line's replace the file's. */
static int add_remotes(sd_options_t *cfg, const char *arg, const char *where)
{
    if (where[0] == '-') {
        if (!cfg->remotes_from_cli) {
            cfg->n_remotes = 0;
            cfg->remotes_from_cli = 1;
        }
        return push_remote(cfg, arg, where);
    }
    /* Split a copy: the file's value is not ours to cut. */
    char *copy = cfg->n_remote_lines < POLIS_MAX_SHARDS ? strdup(arg) : NULL, *save = NULL;
    if (copy == NULL) {
        fprintf(stderr, "polis-searchd: %s: too many lines, or out of memory\n", where);
        return -1;
    }
    cfg->remote_lines[cfg->n_remote_lines++] = copy;
    for (char *w = strtok_r(copy, " \t,", &save); w; w = strtok_r(NULL, " \t,", &save))
        if (push_remote(cfg, w, where) != 0)
            return -1;
    return 0;
}

void sd_options_free(sd_options_t *o)
{
    for (size_t i = 0; i < o->n_remote_lines; i++)
        free(o->remote_lines[i]);
    o->n_remote_lines = 0;
}

/* Apply one setting, from the command line or the file (where: see
 * parse_count).  arg is NULL for a switch given on the command line.
 * Returns 0 or -1 after saying why. */
static int set_option(sd_options_t *cfg, int id, const char *arg, const char *where)
{
    sd_server_config_t *srv = &cfg->server;
    sd_app_limits_t *lim = &cfg->limits;
    switch (id) {
    case OPT_INDEX: cfg->index_dir = arg; return 0;
    case OPT_REMOTE: return add_remotes(cfg, arg, where);
    case OPT_LISTEN: srv->listen = arg; return 0;
    case OPT_PUBLIC_URL: return parse_url(where, arg, &srv->public_url);
    case OPT_USER: cfg->user = arg; return 0;
    case OPT_ALLOW_ROOT:
        if (!arg)
            return cfg->allow_root = 1, 0;
        return parse_switch(where, arg, &cfg->allow_root);
    case OPT_THREADS: return parse_count(where, arg, 1, MAX_THREADS, &srv->threads);
    case OPT_SEARCH_THREADS: return parse_count(where, arg, 0, MAX_THREADS, &srv->search_threads);
    case OPT_SEARCH_QUEUE: return parse_count(where, arg, 1, 100000, &srv->search_queue);
    case OPT_MAX_CONNECTIONS: return parse_count(where, arg, 1, 1000000, &srv->max_connections);
    case OPT_MAX_PER_IP: return parse_count(where, arg, 0, 1000000, &srv->max_per_ip);
    case OPT_HEAD_TIMEOUT: return parse_head_timeout(where, arg, &srv->head_timeout);
    case OPT_TIMEOUT: return parse_count(where, arg, 1, 86400, &srv->timeout);
    case OPT_CONNECTION_MEMORY: return parse_count(where, arg, 8192, 16u << 20, &cfg->mem);
    case OPT_MAX_HEAD_BYTES: return parse_count(where, arg, 1024, 1u << 20, &cfg->head_bytes);
    case OPT_MAX_BODY_BYTES: return parse_count(where, arg, 0, 1u << 30, &cfg->body_bytes);
    case OPT_MAX_QUERY_TERMS: return parse_count(where, arg, 1, 100000, &lim->max_query_terms);
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
    case OPT_SHARD_PROGRAM:
        cfg->shard_program = strcmp(arg, "none") == 0 ? NULL : arg;
        return 0;
    case OPT_CORS_ORIGINS: srv->cors_origins = arg; return 0;
    case OPT_ACCESS_LOG: cfg->access_log = arg; return 0;
    case OPT_ACCESS_LOG_FORMAT: return parse_log_format(where, arg, &cfg->access_log_format);
    case OPT_LOG_CLIENT_ADDRESS:
        if (!arg)
            return cfg->log_client_address = 1, 0;
        return parse_switch(where, arg, &cfg->log_client_address);
    case OPT_QUIET:
        if (!arg)
            return srv->quiet = 1, 0;
        return parse_switch(where, arg, &srv->quiet);
    default: return -1;
    }
}

typedef struct {
    sd_options_t *s;
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
static int read_config(sd_options_t *s, const char *path, sd_conffile_t *file)
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
int sd_options_parse(int argc, char **argv, sd_options_t *s, sd_conffile_t *file)
{
    set_defaults(s);
    sd_options_t *cfg = s;
    const char *config = NULL;
    int c, at = 0;
    opterr = 0;
    /* First pass: what decides whether and which file to read. */
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        if (c == OPT_HELP) {
            sd_options_usage(stdout);
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
    cfg->server.max_uri_bytes = s->uri_bytes;
    cfg->server.max_head_bytes = s->head_bytes;
    cfg->server.max_body_bytes = s->body_bytes;
    cfg->limits.params.max_query_bytes = s->query_bytes;
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
    /* The intake checks every bound below libmicrohttpd's own: a request
     * line must fit in a head, a head (with libmicrohttpd's record of each
     * field and parameter) in the connection's memory. */
    if (s->head_bytes < s->uri_bytes + 1024) {
        fprintf(stderr,
                "polis-searchd: --max-head-bytes must be at least --max-uri-bytes + 1024\n");
        return -1;
    }
    if (s->mem < 2 * s->head_bytes + 16384) {
        fprintf(stderr,
                "polis-searchd: --connection-memory must be at least twice --max-head-bytes, "
                "and 16384 more\n");
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
