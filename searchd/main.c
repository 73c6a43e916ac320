/* main.c — polis-searchd: start, signals, stop.
 *
 * The settings come from options.c (the configuration file, then the
 * command line).  Starting is done in an order that matters: the socket is
 * bound while the daemon may still be root, then it becomes --user
 * (privs.c), and only then does it open the index and start its threads.
 *
 * Signals are blocked before the threads start (they inherit the mask) and
 * taken here with sigwait(), so stopping is ordinary code on the main
 * thread instead of work inside a signal handler.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "api/api.h"
#include "api/app.h"
#include "api/paristime.h"
#include "http/log.h"
#include "http/router.h"
#include "http/server.h"
#include "options.h"
#include "page/page.h"
#include "privs.h"

/* Descriptors beyond the connections: the index's files, the log, epoll. */
#define SPARE_FDS 256u
/* And for each thread that searches: its handle's files and, on a sharded
 * index, the copies it ranks on (shim/spread.cc: a copy a core of every
 * shard, about 5 files a shard; 2 copies of 4 shards and the handle's own
 * 4 shards take 60). */
#define FDS_PER_SEARCHER 64u

/* Room for every connection and searcher: raise the soft limit on
 * descriptors as far as the hard one allows, and say so when that is not
 * enough. */
static void raise_fd_limit(unsigned connections, unsigned searchers)
{
    struct rlimit rl;
    rlim_t want = (rlim_t)connections + SPARE_FDS + (rlim_t)searchers * FDS_PER_SEARCHER;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
        return;
    rl.rlim_cur = rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want ? rl.rlim_max : want;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < want)
        fprintf(stderr,
                "polis-searchd: only %lu descriptors for --max-connections %u: raise the limit "
                "(LimitNOFILE=, ulimit -n)\n",
                (unsigned long)rl.rlim_cur, connections);
}

/* In a child about to run another program (a shard's xapian-progsrv): the
 * signals this daemon blocks or ignores for itself are the child's own to
 * take, so that a plain kill stops it.  Only async-signal-safe calls. */
static void child_signals(void)
{
    sigset_t all;
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    if (sigemptyset(&all) == 0)
        (void)pthread_sigmask(SIG_SETMASK, &all, NULL);
    (void)sigaction(SIGPIPE, &dfl, NULL);
}

/* Run the daemon until SIGTERM or SIGINT; returns the exit status. */
static int serve(const sd_options_t *s)
{
    const sd_options_t cfg = *s;
    if (sd_privs_check(cfg.user, cfg.allow_root) != 0)
        return 1;
    raise_fd_limit(cfg.server.max_connections,
                   cfg.server.search_threads ? cfg.server.search_threads : cfg.server.threads);
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
    if (err == 0)
        err = pthread_atfork(NULL, NULL, child_signals);
    if (err != 0) {
        fprintf(stderr, "polis-searchd: signal set-up: %s\n", strerror(err));
        return 1;
    }

    sd_log_configure(cfg.access_log_format, cfg.log_client_address);
    if (cfg.access_log != NULL && !cfg.server.quiet && sd_log_open(cfg.access_log) != 0) {
        fprintf(stderr, "polis-searchd: --access-log %s: %s\n", cfg.access_log, strerror(errno));
        return 1;
    }
    /* The socket first, while a port below 1024 may still be bound; then
     * the user it serves as; then the index, read as that user. */
    sd_server_t *server = NULL;
    if (sd_server_bind(&cfg.server, &server) != 0)
        return 1;
    if (sd_privs_drop(cfg.user) != 0) {
        sd_server_stop(server);
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
                             .timeout_ms = (unsigned)(limit * 1000.0),
                             .shard_program = cfg.shard_program };
    if (sd_app_open(&app, &where, cfg.answer_cache_bytes, cfg.set_cache_bytes) != 0) {
        sd_server_stop(server);
        return 1;
    }
    sd_router_t *router = sd_router_new(cfg.server.max_uri_bytes);
    if (router == NULL || sd_api_register(router) != 0 || sd_page_register(router) != 0) {
        fprintf(stderr, "polis-searchd: cannot build the route table\n");
        sd_server_stop(server);
        sd_router_free(router);
        sd_app_close(&app);
        return 1;
    }
    if (sd_server_run(server, router, &app) != 0) {
        sd_server_stop(server);
        sd_router_free(router);
        sd_app_close(&app);
        return 1;
    }
    /* Tests and scripts read this line to learn the port. */
    if (printf("listening on %s\n", sd_server_url(server)) < 0 || fflush(stdout) != 0) {
        /* stdout closed: the daemon can still serve. */
    }
    if (!cfg.server.quiet)
        fprintf(stderr,
                "polis-searchd: serving %s%s on %s with %u threads and %u for searches%s%s\n",
                cfg.index_dir ? cfg.index_dir : cfg.remotes[0],
                cfg.n_remotes > 1 ? " and the other remote shards" : "", sd_server_url(server), cfg.server.threads, cfg.server.search_threads,
                cfg.config ? ", settings from " : "", cfg.config ? cfg.config : "");

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
    sd_server_stop(server); /* joins the threads, which close their handles */
    sd_router_free(router);
    sd_app_close(&app);
    return status;
}

int main(int argc, char **argv)
{
    polis_status_report_fatal("polis-searchd", -1); /* a core for post-mortem */
    sd_options_t cfg;
    sd_conffile_t file = { 0 };
    int rc = sd_options_parse(argc, argv, &cfg, &file);
    if (rc == -1)
        sd_options_usage(stderr);
    int status = rc == 0 ? serve(&cfg) : rc == 1 ? 0 : 2;
    sd_options_free(&cfg);
    sd_conffile_free(&file);
    return status;
}
