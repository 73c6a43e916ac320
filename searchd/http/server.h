/* server.h — the HTTP daemon: libmicrohttpd's set-up, start and stop.
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

/* The daemon's HTTP limits, as set by options (see main.c for defaults). */
typedef struct {
    const char *listen; /* "HOST:PORT", "[V6]:PORT" */
    unsigned threads;   /* worker threads */
    unsigned max_connections;
    unsigned max_per_ip;
    unsigned timeout;         /* idle connection timeout, seconds */
    size_t connection_memory; /* per-connection memory, bounds the request head */
    int quiet;                /* no access log */
    const char *cors_origins; /* "*", or a comma list of origins allowed on /api/ */
} sd_server_config_t;

typedef struct sd_server sd_server_t;

/* Start listening and serving: each request goes to router, its handler
 * gets app as ctx->app.  On success *out is the running server.  Returns 0,
 * or -1 after printing why on stderr.  cfg is copied; the strings it points
 * to, the router and app must outlive the server. */
int sd_server_start(const sd_server_config_t *cfg, const sd_router_t *router, struct sd_app *app,
                    sd_server_t **out);

/* The URL the server answers on, with the port actually bound (so
 * "--listen 127.0.0.1:0" gives the ephemeral port): "http://127.0.0.1:PORT".
 * Belongs to s. */
const char *sd_server_url(const sd_server_t *s);

/* Stop accepting, finish or drop the connections, join the workers (which
 * closes their index handles) and free the server.  NULL is allowed. */
void sd_server_stop(sd_server_t *s);

#endif
