/* conns.h — the connection table: every open connection, who holds it,
 * since when, and from which address.
 *
 * A connection is first the intake's (gate.c), which reads its request head
 * (HEAD); once the head is whole and sound, libmicrohttpd's (BUSY), which
 * reads the body if any (BODY), answers, and keeps the connection alive for
 * the next request (IDLE) until the next head comes (BUSY again).  A
 * connection the intake refused is answered and left to linger a moment,
 * so the client reads the answer before the close (CLOSING).
 *
 * The table is where two of the daemon's promises are kept:
 *   - every request must have arrived, head and body, within --head-timeout
 *     of the connection's opening or of the previous answer, whatever it
 *     sends meanwhile (HEAD, BODY and IDLE have a deadline);
 *   - when the table is full, or an address has its --max-per-ip, the
 *     oldest connection still sending a head (then the oldest idle one)
 *     makes room for the new one, so a whole request from anyone gets in.
 * A connection libmicrohttpd holds is ended by shutting its socket down
 * (libmicrohttpd then closes it and says so): the table's lock is held
 * while it does, and libmicrohttpd tells the table before it closes a
 * socket, so the descriptor shut down is always the connection's.
 *
 * One lock guards it all; the intake's thread and libmicrohttpd's workers
 * take it for a few list operations at a time.
 */
#ifndef SD_HTTP_CONNS_H
#define SD_HTTP_CONNS_H

#include <stdatomic.h>
#include <stdint.h>
#include <sys/socket.h>

#include "http/http.h"

typedef enum {
    SD_CONNS_HEAD = 0, /* the intake reads the head */
    SD_CONNS_BUSY,     /* libmicrohttpd reads the head it was given, or answers */
    SD_CONNS_BODY,     /* libmicrohttpd reads the request's body */
    SD_CONNS_IDLE,     /* libmicrohttpd keeps it alive for the next request */
    SD_CONNS_CLOSING,  /* answered by the intake, closed at linger_us */
    SD_CONNS_STATES_
} sd_conns_state_t;

struct sd_conns_addr;

/* One connection.  The fields above the line are the table's to change
 * (under its lock), readable by the holder of the connection. */
typedef struct sd_conns_entry {
    int fd;
    sd_conns_state_t state;
    uint64_t since_us;  /* when its current request began to be awaited */
    uint64_t linger_us; /* CLOSING: when to close */
    int doomed;         /* shut down by the table: libmicrohttpd will close it */
    atomic_int seen_uri; /* IDLE: the next request line has come (a 408 can be told) */
    struct sd_conns_addr *addr;
    struct sd_conns_entry *prev, *next; /* in the list of its state */
    /* ---- the holder's ---- */
    struct sockaddr_storage sa;
    socklen_t sa_len;
    sd_http_request_t req; /* the request on it (libmicrohttpd's side) */
    sd_http_ctx_t job;     /* its handler's context on the search pool */
} sd_conns_entry_t;

typedef struct sd_conns sd_conns_t;

/* Writes an answer on a socket the intake does not hold (a 408 for a head
 * that came too slowly to libmicrohttpd): status, code and message as for
 * sd_reply_error(), raw_uri the request line's target ("" when unknown),
 * request_id the request's ("" when its head was not whole yet).  Called
 * with the table's lock held: it must only send, without blocking. */
typedef void (*sd_conns_answer_fn)(void *cls, int fd, unsigned status, const char *code,
                                   const char *message, const char *raw_uri,
                                   const char *request_id);

/* A table of at most max connections, max_per_ip (0: any number) from one
 * address, whose requests must arrive within head_timeout_us.  answer
 * (may be NULL) writes the 408s of connections libmicrohttpd holds.
 * NULL when out of memory. */
sd_conns_t *sd_conns_new(unsigned max, unsigned max_per_ip, uint64_t head_timeout_us,
                         sd_conns_answer_fn answer, void *answer_cls);

/* Free the table and the entries left in it (the intake has closed its
 * own sockets, libmicrohttpd has stopped).  NULL is allowed. */
void sd_conns_free(sd_conns_t *t);

/* ---- The intake's side (one thread) ---------------------------------- */

/* Take the new connection fd from sa (copied) at now.  When the table or
 * the address is full, a connection makes room: one answered and
 * lingering, else the oldest still sending a head (for a quarter of a
 * second at least: a newer one has had no time to send it), else the
 * oldest idle one; of that address, when it is the address that is full.
 * A victim libmicrohttpd holds is shut down here; one the intake holds is
 * unlinked and returned in *evicted (NULL: none), for the intake to close
 * and free with sd_conns_release().  With no victim, a few connections
 * past the limits are let in (those libmicrohttpd is closing at that
 * moment are still counted), no more.  Returns the new connection, in
 * HEAD, or NULL when there is no room or no memory. */
sd_conns_entry_t *sd_conns_admit(sd_conns_t *t, int fd, const struct sockaddr *sa, socklen_t sa_len,
                                 uint64_t now, sd_conns_entry_t **evicted);

/* The head of c is whole: c goes to libmicrohttpd (BUSY). */
void sd_conns_hand_over(sd_conns_t *t, sd_conns_entry_t *c);

/* The intake answered c itself: it lingers until now + linger_us. */
void sd_conns_linger(sd_conns_t *t, sd_conns_entry_t *c, uint64_t now, uint64_t linger_us);

/* Forget c (the intake closed its socket, or libmicrohttpd refused it) and
 * free it.  c may already be unlinked (an evicted connection). */
void sd_conns_release(sd_conns_t *t, sd_conns_entry_t *c);

/* Act on the deadlines passed at now: a connection libmicrohttpd holds is
 * answered 408 if its request line had come, and shut down; one the
 * intake holds is unlinked and handed to expired(cls, c), which answers or
 * closes it.  Returns the time of the next deadline (UINT64_MAX: none). */
uint64_t sd_conns_expire(sd_conns_t *t, uint64_t now,
                         void (*expired)(void *cls, sd_conns_entry_t *c), void *cls);

/* Detach every connection the intake holds (HEAD, CLOSING) and return them
 * chained by ->next, for the intake to close and release when it stops. */
sd_conns_entry_t *sd_conns_detach_held(sd_conns_t *t);

/* ---- libmicrohttpd's side (its worker threads) -------------------------- */

/* The connection libmicrohttpd started on fd, or NULL (not handed over). */
sd_conns_entry_t *sd_conns_started(sd_conns_t *t, int fd);

/* libmicrohttpd is about to close c: forget and free it. */
void sd_conns_closed(sd_conns_t *t, sd_conns_entry_t *c);

/* The request line of the next request on c has come (raw_uri, kept in
 * c->req by the caller before). */
void sd_conns_request_line(sd_conns_t *t, sd_conns_entry_t *c);

/* The head of a request on c is whole; body: a body is still to be read.
 * Returns 0, or -1 when c has been shut down meanwhile (the caller closes). */
int sd_conns_request(sd_conns_t *t, sd_conns_entry_t *c, int body);

/* The body of the request on c has been read.  0, or -1 as above. */
int sd_conns_body_read(sd_conns_t *t, sd_conns_entry_t *c);

/* The answer on c has been sent at now: it waits for the next request. */
void sd_conns_completed(sd_conns_t *t, sd_conns_entry_t *c, uint64_t now);

/* How many connections are open, and in each state (counts[SD_CONNS_STATES_]
 * may be NULL). */
unsigned sd_conns_count(sd_conns_t *t, unsigned counts[SD_CONNS_STATES_]);

#endif
