/* conns.c — the connection table (see conns.h).
 *
 * Each state has its list.  HEAD, IDLE and CLOSING are appended in the order
 * their deadlines come (a head is awaited from the moment the entry joins
 * the list), so the oldest is first and expiring is a walk from the front;
 * BODY, rare, is walked whole.  An address's connections are counted in a
 * small hash table, open connections by descriptor in an array, so that
 * libmicrohttpd's callbacks find their entry.
 */
#include "http/conns.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "polis/text.h"

/* Buckets of the address table: a power of two. */
#define ADDR_BUCKETS 1024u
/* A head awaited for less than this is not closed for a newcomer: it has
 * had no time to come (a client that closes and reconnects at once must
 * not push out its own next request). */
#define EVICT_MIN_AGE_US 250000u
/* Connections admitted past a limit when no one can make room: those
 * libmicrohttpd is closing at this very moment are still counted (it says
 * so once its thread is through with its other sockets). */
#define RACE_SLACK 8u

struct sd_conns_addr {
    unsigned char key[16];
    unsigned len;    /* 4 (IPv4, also v4-mapped v6), 16 (IPv6), 0 (other) */
    unsigned count;  /* open connections from it */
    unsigned doomed; /* of which being closed */
    struct sd_conns_addr *next;
};

typedef struct {
    sd_conns_entry_t *first, *last;
} list_t;

struct sd_conns {
    pthread_mutex_t mu;
    unsigned max, max_per_ip;
    uint64_t timeout;
    sd_conns_answer_fn answer;
    void *answer_cls;
    list_t lists[SD_CONNS_STATES_];
    unsigned counts[SD_CONNS_STATES_];
    unsigned total, doomed; /* open connections, of which being closed */
    sd_conns_entry_t **by_fd;
    size_t by_fd_size;
    struct sd_conns_addr *buckets[ADDR_BUCKETS];
};

/* ---- lists and addresses ---------------------------------------------- */

static void push(sd_conns_t *t, sd_conns_entry_t *c, sd_conns_state_t st)
{
    list_t *l = &t->lists[st];
    c->state = st;
    c->prev = l->last;
    c->next = NULL;
    if (l->last != NULL)
        l->last->next = c;
    else
        l->first = c;
    l->last = c;
    t->counts[st]++;
}

static void unlink_conn(sd_conns_t *t, sd_conns_entry_t *c)
{
    list_t *l = &t->lists[c->state];
    if (c->prev != NULL)
        c->prev->next = c->next;
    else
        l->first = c->next;
    if (c->next != NULL)
        c->next->prev = c->prev;
    else
        l->last = c->prev;
    c->prev = c->next = NULL;
    t->counts[c->state]--;
}

static void move(sd_conns_t *t, sd_conns_entry_t *c, sd_conns_state_t st)
{
    unlink_conn(t, c);
    push(t, c, st);
}

/* The address of sa as a key: IPv4 (also mapped in IPv6) in 4 bytes, IPv6
 * in 16; anything else (a local socket) in none, and not limited. */
static unsigned addr_key(const struct sockaddr *sa, socklen_t len, unsigned char key[16])
{
    if (sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
        memcpy(key, &((const struct sockaddr_in *)sa)->sin_addr, 4);
        return 4;
    }
    if (sa->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
        if (IN6_IS_ADDR_V4MAPPED(a)) {
            memcpy(key, a->s6_addr + 12, 4);
            return 4;
        }
        memcpy(key, a->s6_addr, 16);
        return 16;
    }
    return 0;
}

static struct sd_conns_addr **bucket(sd_conns_t *t, const unsigned char *key, unsigned len)
{
    return &t->buckets[polis_text_hash64(key, len) & (ADDR_BUCKETS - 1)];
}

static struct sd_conns_addr *find_addr(sd_conns_t *t, const unsigned char *key, unsigned len)
{
    for (struct sd_conns_addr *a = *bucket(t, key, len); a != NULL; a = a->next)
        if (a->len == len && memcmp(a->key, key, len) == 0)
            return a;
    return NULL;
}

static void drop_addr(sd_conns_t *t, struct sd_conns_addr *a)
{
    for (struct sd_conns_addr **p = bucket(t, a->key, a->len); *p != NULL; p = &(*p)->next) {
        if (*p == a) {
            *p = a->next;
            free(a);
            return;
        }
    }
}

static int set_fd(sd_conns_t *t, int fd, sd_conns_entry_t *c)
{
    if (fd < 0)
        return -1;
    if ((size_t)fd >= t->by_fd_size) {
        size_t n = t->by_fd_size ? t->by_fd_size : 1024;
        while (n <= (size_t)fd)
            n *= 2;
        sd_conns_entry_t **grown = realloc(t->by_fd, n * sizeof *grown);
        if (grown == NULL)
            return -1;
        memset(grown + t->by_fd_size, 0, (n - t->by_fd_size) * sizeof *grown);
        t->by_fd = grown;
        t->by_fd_size = n;
    }
    t->by_fd[fd] = c;
    return 0;
}

static void doom(sd_conns_t *t, sd_conns_entry_t *c)
{
    c->doomed = 1;
    t->doomed++;
    c->addr->doomed++;
}

/* Forget c: its counts and its entry (the caller frees it). */
static void forget(sd_conns_t *t, sd_conns_entry_t *c)
{
    if (c->state != SD_CONNS_STATES_)
        unlink_conn(t, c);
    if (c->fd >= 0 && (size_t)c->fd < t->by_fd_size && t->by_fd[c->fd] == c)
        t->by_fd[c->fd] = NULL;
    t->total--;
    if (c->doomed)
        t->doomed--;
    struct sd_conns_addr *a = c->addr;
    a->count--;
    if (c->doomed)
        a->doomed--;
    if (a->count == 0)
        drop_addr(t, a);
}

/* Take c out of its list for the intake to act on (detached: counted, in
 * no list). */
static void detach(sd_conns_t *t, sd_conns_entry_t *c)
{
    unlink_conn(t, c);
    c->state = SD_CONNS_STATES_;
    if ((size_t)c->fd < t->by_fd_size && t->by_fd[c->fd] == c)
        t->by_fd[c->fd] = NULL;
}

/* ---- making room ------------------------------------------------------- */

/* The oldest connection of list st (of address a when not NULL) that is not
 * already being closed, and began waiting before `before`. */
static sd_conns_entry_t *oldest(sd_conns_t *t, sd_conns_state_t st, const struct sd_conns_addr *a,
                                uint64_t before)
{
    for (sd_conns_entry_t *c = t->lists[st].first; c != NULL; c = c->next) {
        if (st != SD_CONNS_CLOSING && c->since_us > before)
            break; /* the lists are in the order of since_us */
        if (!c->doomed && (a == NULL || c->addr == a))
            return c;
    }
    return NULL;
}

/* Close one connection for a newcomer: an answered one lingering, else the
 * oldest still sending its head (for EVICT_MIN_AGE_US at least), else the
 * oldest idle one.  Returns 1 when one was closed (a connection the intake
 * holds in *evicted), 0 when there is none to close. */
static int make_room(sd_conns_t *t, const struct sd_conns_addr *a, uint64_t now,
                     sd_conns_entry_t **evicted)
{
    static const sd_conns_state_t order[] = { SD_CONNS_CLOSING, SD_CONNS_HEAD, SD_CONNS_IDLE };
    uint64_t old = now > EVICT_MIN_AGE_US ? now - EVICT_MIN_AGE_US : 0;
    for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
        sd_conns_entry_t *c = oldest(t, order[k], a, order[k] == SD_CONNS_HEAD ? old : UINT64_MAX);
        if (c == NULL)
            continue;
        doom(t, c);
        if (order[k] == SD_CONNS_IDLE) {
            shutdown(c->fd, SHUT_RDWR); /* libmicrohttpd sees the end and closes it */
        } else {
            detach(t, c);
            *evicted = c;
        }
        return 1;
    }
    return 0;
}

/* ---- the table --------------------------------------------------------- */

sd_conns_t *sd_conns_new(unsigned max, unsigned max_per_ip, uint64_t head_timeout_us,
                         sd_conns_answer_fn answer, void *answer_cls)
{
    sd_conns_t *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    if (pthread_mutex_init(&t->mu, NULL) != 0) {
        free(t);
        return NULL;
    }
    t->max = max;
    t->max_per_ip = max_per_ip;
    t->timeout = head_timeout_us;
    t->answer = answer;
    t->answer_cls = answer_cls;
    return t;
}

void sd_conns_free(sd_conns_t *t)
{
    if (t == NULL)
        return;
    for (int st = 0; st < SD_CONNS_STATES_; st++) {
        while (t->lists[st].first != NULL) {
            sd_conns_entry_t *c = t->lists[st].first;
            forget(t, c);
            free(c);
        }
    }
    for (size_t b = 0; b < ADDR_BUCKETS; b++) {
        while (t->buckets[b] != NULL) {
            struct sd_conns_addr *a = t->buckets[b];
            t->buckets[b] = a->next;
            free(a);
        }
    }
    free(t->by_fd);
    pthread_mutex_destroy(&t->mu);
    free(t);
}

sd_conns_entry_t *sd_conns_admit(sd_conns_t *t, int fd, const struct sockaddr *sa, socklen_t sa_len,
                                 uint64_t now, sd_conns_entry_t **evicted)
{
    *evicted = NULL;
    unsigned char key[16];
    unsigned klen = addr_key(sa, sa_len, key);
    sd_conns_entry_t *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    pthread_mutex_lock(&t->mu);
    struct sd_conns_addr *a = find_addr(t, key, klen);
    /* One eviction frees a place both in the table and for its address;
     * with none to close, a few more are let in (RACE_SLACK), no more. */
    int per_ip = t->max_per_ip != 0 && klen != 0 && a != NULL;
    unsigned mine = per_ip ? a->count - a->doomed : 0, all = t->total - t->doomed;
    int room = 1;
    if ((per_ip && mine >= t->max_per_ip) || all >= t->max) {
        room = make_room(t, per_ip && mine >= t->max_per_ip ? a : NULL, now, evicted) ||
               ((!per_ip || mine < t->max_per_ip + RACE_SLACK) && all < t->max + RACE_SLACK);
    }
    if (room && a == NULL) {
        a = calloc(1, sizeof *a);
        if (a != NULL) {
            memcpy(a->key, key, klen);
            a->len = klen;
            struct sd_conns_addr **b = bucket(t, key, klen);
            a->next = *b;
            *b = a;
        }
    }
    if (!room || a == NULL || set_fd(t, fd, c) != 0) {
        if (a != NULL && a->count == 0)
            drop_addr(t, a);
        pthread_mutex_unlock(&t->mu);
        free(c);
        return NULL;
    }
    c->fd = fd;
    c->addr = a;
    c->since_us = now;
    if (sa_len <= (socklen_t)sizeof c->sa) {
        memcpy(&c->sa, sa, sa_len);
        c->sa_len = sa_len;
    }
    a->count++;
    t->total++;
    push(t, c, SD_CONNS_HEAD);
    pthread_mutex_unlock(&t->mu);
    return c;
}

void sd_conns_hand_over(sd_conns_t *t, sd_conns_entry_t *c)
{
    pthread_mutex_lock(&t->mu);
    move(t, c, SD_CONNS_BUSY);
    pthread_mutex_unlock(&t->mu);
}

void sd_conns_linger(sd_conns_t *t, sd_conns_entry_t *c, uint64_t now, uint64_t linger_us)
{
    pthread_mutex_lock(&t->mu);
    c->linger_us = now + linger_us;
    if (c->state == SD_CONNS_STATES_) {
        push(t, c, SD_CONNS_CLOSING);
        set_fd(t, c->fd, c); /* cannot fail: the slot existed */
    } else {
        move(t, c, SD_CONNS_CLOSING);
    }
    pthread_mutex_unlock(&t->mu);
}

void sd_conns_release(sd_conns_t *t, sd_conns_entry_t *c)
{
    pthread_mutex_lock(&t->mu);
    forget(t, c);
    pthread_mutex_unlock(&t->mu);
    free(c);
}

/* A connection libmicrohttpd holds whose request did not come in time. */
static void too_slow(sd_conns_t *t, sd_conns_entry_t *c)
{
    /* Whether a request was under way, a 408 is worth sending; an idle
     * kept-alive connection is just closed, as clients expect. */
    if ((c->seen_uri || c->state == SD_CONNS_BODY) && t->answer != NULL) {
        /* The request's id is read only once its head was whole (BODY):
         * sd_conns_request() took this lock after it was written. */
        t->answer(t->answer_cls, c->fd, 408, "request_timeout",
                  "the request did not arrive within the time allowed",
                  c->req.raw_uri != NULL ? c->req.raw_uri : "",
                  c->state == SD_CONNS_BODY ? c->req.request_id : "");
        c->req.status = 408; /* for the access log, when libmicrohttpd ends it */
    }
    doom(t, c);
    shutdown(c->fd, SHUT_RDWR);
}

uint64_t sd_conns_expire(sd_conns_t *t, uint64_t now,
                         void (*expired)(void *cls, sd_conns_entry_t *c), void *cls)
{
    /* Expired connections the intake holds are collected first and acted on
     * without the lock: answering one is a send() and a list move. */
    sd_conns_entry_t *mine = NULL;
    uint64_t next = UINT64_MAX;
    pthread_mutex_lock(&t->mu);
    static const sd_conns_state_t timed[] = { SD_CONNS_HEAD, SD_CONNS_IDLE, SD_CONNS_BODY,
                                              SD_CONNS_CLOSING };
    for (size_t k = 0; k < sizeof timed / sizeof *timed; k++) {
        sd_conns_state_t st = timed[k];
        sd_conns_entry_t *c = t->lists[st].first;
        while (c != NULL) {
            sd_conns_entry_t *after = c->next;
            uint64_t due = st == SD_CONNS_CLOSING ? c->linger_us : c->since_us + t->timeout;
            if (c->doomed) {
                c = after;
                continue;
            }
            if (due > now) {
                if (due < next)
                    next = due;
                if (st == SD_CONNS_BODY) { /* not in deadline order */
                    c = after;
                    continue;
                }
                break;
            }
            if (st == SD_CONNS_HEAD || st == SD_CONNS_CLOSING) {
                detach(t, c);
                c->next = mine;
                mine = c;
            } else {
                too_slow(t, c);
            }
            c = after;
        }
    }
    pthread_mutex_unlock(&t->mu);
    while (mine != NULL) {
        sd_conns_entry_t *c = mine;
        mine = c->next;
        c->next = NULL;
        expired(cls, c);
    }
    return next;
}

sd_conns_entry_t *sd_conns_detach_held(sd_conns_t *t)
{
    sd_conns_entry_t *held = NULL;
    pthread_mutex_lock(&t->mu);
    static const sd_conns_state_t mine[] = { SD_CONNS_HEAD, SD_CONNS_CLOSING };
    for (size_t k = 0; k < sizeof mine / sizeof *mine; k++) {
        while (t->lists[mine[k]].first != NULL) {
            sd_conns_entry_t *c = t->lists[mine[k]].first;
            detach(t, c);
            c->next = held;
            held = c;
        }
    }
    pthread_mutex_unlock(&t->mu);
    return held;
}

/* ---- libmicrohttpd's side ---------------------------------------------- */

sd_conns_entry_t *sd_conns_started(sd_conns_t *t, int fd)
{
    pthread_mutex_lock(&t->mu);
    sd_conns_entry_t *c = fd >= 0 && (size_t)fd < t->by_fd_size ? t->by_fd[fd] : NULL;
    if (c != NULL && c->state != SD_CONNS_BUSY)
        c = NULL;
    pthread_mutex_unlock(&t->mu);
    return c;
}

void sd_conns_closed(sd_conns_t *t, sd_conns_entry_t *c)
{
    sd_conns_release(t, c);
}

void sd_conns_request_line(sd_conns_t *t, sd_conns_entry_t *c)
{
    (void)t;
    /* No lock: the raw URI was stored before, and a flag is all it takes. */
    atomic_store(&c->seen_uri, 1);
}

int sd_conns_request(sd_conns_t *t, sd_conns_entry_t *c, int body)
{
    pthread_mutex_lock(&t->mu);
    int doomed = c->doomed;
    if (!doomed) {
        sd_conns_state_t st = body ? SD_CONNS_BODY : SD_CONNS_BUSY;
        if (c->state != st)
            move(t, c, st);
    }
    pthread_mutex_unlock(&t->mu);
    return doomed ? -1 : 0;
}

int sd_conns_body_read(sd_conns_t *t, sd_conns_entry_t *c)
{
    return sd_conns_request(t, c, 0);
}

void sd_conns_completed(sd_conns_t *t, sd_conns_entry_t *c, uint64_t now)
{
    pthread_mutex_lock(&t->mu);
    if (!c->doomed) {
        c->since_us = now;
        c->seen_uri = 0;
        move(t, c, SD_CONNS_IDLE);
    }
    pthread_mutex_unlock(&t->mu);
}

unsigned sd_conns_count(sd_conns_t *t, unsigned counts[SD_CONNS_STATES_])
{
    pthread_mutex_lock(&t->mu);
    unsigned n = t->total;
    if (counts != NULL)
        memcpy(counts, t->counts, sizeof t->counts);
    pthread_mutex_unlock(&t->mu);
    return n;
}
