/* gate.h — the intake: the listening socket, and every new connection's
 * request head, read before libmicrohttpd gets the connection.
 *
 * One thread accepts, gives each connection its place in the table
 * (conns.h: room made for it when full, its address's limit), peeks at what
 * it sends until the head is whole (head.h), and then hands it to
 * libmicrohttpd with MHD_add_connection(), which finds the head already
 * there.  A head that breaks a bound or the grammar is answered here, in the
 * JSON contract or with the page's error page, and never reaches
 * libmicrohttpd, whose own answers are HTML (or nothing).  A head that does
 * not come whole within --head-timeout is answered 408.
 *
 * libmicrohttpd keeps a connection alive between requests and reads the
 * next heads itself; the table's deadline still applies to them, and
 * server.c checks what it can of them (Host, the body's length).
 */
#ifndef SD_HTTP_GATE_H
#define SD_HTTP_GATE_H

#include <stddef.h>

#include <microhttpd.h>

#include "http/conns.h"
#include "http/head.h"
#include "http/router.h"

typedef struct sd_gate sd_gate_t;

/* A gate on the listening socket listen_fd (bound, listening,
 * non-blocking; it stays the caller's), placing connections in conns and
 * checking heads under lim; errors take the look of router's routes;
 * quiet: no access-log line for the requests it refuses.  NULL (after
 * saying why on stderr) on failure. */
sd_gate_t *sd_gate_new(int listen_fd, sd_conns_t *conns, const sd_router_t *router,
                       const sd_head_limits_t *lim, int quiet);

/* Start the gate's thread, handing whole heads to daemon.  0, or -1 after
 * saying why on stderr. */
int sd_gate_start(sd_gate_t *g, struct MHD_Daemon *daemon);

/* Stop accepting, close the connections the gate holds, join its thread
 * and free it.  NULL is allowed. */
void sd_gate_stop(sd_gate_t *g);

/* Write an error answer on fd (non-blocking, best effort; a socket
 * libmicrohttpd holds as well as the gate's): status, code and message as
 * for sd_reply_error(), in the look of the route raw_path[0..path_len)
 * names in router (JSON unless it is the page's); no body when head;
 * request_id in X-Request-Id (NULL or "": a new one, reqid.h). */
void sd_gate_answer(const sd_router_t *router, int fd, unsigned status, const char *code,
                    const char *message, const char *raw_path, size_t path_len, int head,
                    const char *request_id);

#endif
