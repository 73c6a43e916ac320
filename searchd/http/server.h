/* server.h — the HTTP daemon: its socket, its threads, start and stop.
 *
 * The server owns the connections and the per-request state (http.h); what
 * a request is answered with is the router's business (router.h), and what
 * the handlers share (struct sd_app) is main.c's, handed over at start.
 */
#ifndef SD_HTTP_SERVER_H
#define SD_HTTP_SERVER_H

#include <stddef.h>

#include "http/http.h"
#include "http/router.h"

/* The daemon's HTTP limits, as set by options (see options.c for defaults). */
typedef struct {
    const char *listen;      /* "HOST:PORT", "[V6]:PORT" */
    const char *public_url;  /* base of absolute links; NULL: the address bound */
    unsigned threads;        /* libmicrohttpd's worker threads */
    unsigned search_threads; /* the search pool's threads; 0: searches run on the workers */
    unsigned search_queue;   /* searches waiting for a thread: 503 beyond */
    unsigned max_connections;
    unsigned max_per_ip;
    unsigned timeout;         /* idle connection timeout, seconds */
    double head_timeout;      /* seconds for a request (head and body) to arrive */
    size_t connection_memory; /* libmicrohttpd's memory per connection */
    size_t max_uri_bytes;     /* the request target: 414 beyond */
    size_t max_head_bytes;    /* the request head: 431 beyond */
    size_t max_body_bytes;    /* a request body (read and dropped): 413 beyond */
    int quiet;                /* no access log */
    const char *cors_origins; /* "*", or a comma list of origins allowed on /api/ */
} sd_server_config_t;

/* Longest --public-url. */
#define SD_SERVER_URL_MAX 256

typedef struct sd_server sd_server_t;

/* Bind and listen on cfg->listen, and nothing more: the privileges a low
 * port needs can be dropped before any thread starts.  On success *out is
 * the server, not serving yet.  Returns 0, or -1 after printing why on
 * stderr.  cfg is copied; the strings it points to must outlive the server. */
int sd_server_bind(const sd_server_config_t *cfg, sd_server_t **out);

/* Start serving: the intake, libmicrohttpd's workers and the search pool;
 * each request goes to router, its handler gets app as ctx->app.  Returns
 * 0, or -1 after printing why on stderr (then sd_server_stop() cleans up).
 * The router and app must outlive the server. */
int sd_server_run(sd_server_t *s, const sd_router_t *router, struct sd_app *app);

/* The URL the server answers on, with the port actually bound (so
 * "--listen 127.0.0.1:0" gives the ephemeral port): "http://127.0.0.1:PORT".
 * Belongs to s. */
const char *sd_server_url(const sd_server_t *s);

/* Stop accepting, let the searches under way finish, drop the connections,
 * join the threads (which closes their index handles) and free the server.
 * NULL is allowed. */
void sd_server_stop(sd_server_t *s);

#endif
