/* test_conns.c — the connection table of searchd's intake (http/conns.c):
 * who makes room when it is full or an address is, and what its deadlines
 * do, on socket pairs standing for connections. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tap.h"

#include "../../searchd/http/conns.h"

#define SEC 1000000u

typedef struct {
    int fds[2]; /* [0]: the server's side, [1]: the client's */
    struct sockaddr_in sa;
} pair_t;

static void make_pair(pair_t *p, const char *ip)
{
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, p->fds) != 0)
        p->fds[0] = p->fds[1] = -1;
    memset(&p->sa, 0, sizeof p->sa);
    p->sa.sin_family = AF_INET;
    inet_pton(AF_INET, ip, &p->sa.sin_addr);
}

static sd_conns_entry_t *admit(sd_conns_t *t, pair_t *p, uint64_t now, sd_conns_entry_t **evicted)
{
    return sd_conns_admit(t, p->fds[0], (const struct sockaddr *)&p->sa, sizeof p->sa, now,
                          evicted);
}

/* Non-zero when the server's side of p was shut down (the client reads EOF). */
static int shut(pair_t *p)
{
    char c;
    ssize_t n = recv(p->fds[1], &c, 1, MSG_DONTWAIT);
    return n == 0;
}

static unsigned answered, answered_status;
static void answer(void *cls, int fd, unsigned status, const char *code, const char *message,
                   const char *raw_uri, const char *request_id)
{
    (void)cls, (void)fd, (void)code, (void)message, (void)raw_uri, (void)request_id;
    answered++;
    answered_status = status;
}

static sd_conns_entry_t *expired_list[16];
static unsigned n_expired;
static void expired(void *cls, sd_conns_entry_t *c)
{
    (void)cls;
    if (n_expired < 16)
        expired_list[n_expired++] = c;
}

static void test_full(void)
{
    sd_conns_t *t = sd_conns_new(3, 0, 10 * SEC, answer, NULL);
    pair_t p[5];
    sd_conns_entry_t *c[5], *ev = NULL;
    for (int i = 0; i < 5; i++)
        make_pair(&p[i], i < 4 ? "10.0.0.1" : "10.0.0.2");
    for (int i = 0; i < 3; i++)
        c[i] = admit(t, &p[i], (uint64_t)i * SEC, &ev);
    ok(c[0] && c[1] && c[2] && ev == NULL && sd_conns_count(t, NULL) == 3, "three admitted");
    c[3] = admit(t, &p[3], 5 * SEC, &ev);
    ok(c[3] != NULL && ev == c[0], "full: the oldest head makes room for a fourth");
    sd_conns_release(t, ev);
    close(p[0].fds[0]);
    p[0].fds[0] = -1;
    ok(sd_conns_count(t, NULL) == 3, "  ... three again once it is closed");
    /* Every connection served: a few more let in (libmicrohttpd may be
     * closing some at this moment), no more; and a head just arrived is
     * not pushed out by the next. */
    sd_conns_hand_over(t, c[1]);
    sd_conns_hand_over(t, c[2]);
    sd_conns_hand_over(t, c[3]);
    pair_t extra[9];
    sd_conns_entry_t *more[9];
    int in = 0;
    for (int i = 0; i < 9; i++) {
        make_pair(&extra[i], "10.0.0.3");
        more[i] = admit(t, &extra[i], 6 * SEC, &ev);
        in += more[i] != NULL && ev == NULL;
    }
    ok(in == 8 && more[8] == NULL, "all three served: 8 more let in, the ninth refused (%d)", in);
    for (int i = 0; i < 8; i++)
        if (more[i] != NULL)
            sd_conns_release(t, more[i]);
    for (int i = 0; i < 9; i++) {
        close(extra[i].fds[0]);
        close(extra[i].fds[1]);
    }
    /* One idle: it makes room, shut down for libmicrohttpd to close. */
    ok(sd_conns_started(t, p[2].fds[0]) == c[2], "libmicrohttpd finds its connection by fd");
    ok(sd_conns_request(t, c[2], 0) == 0, "a request on it");
    sd_conns_completed(t, c[2], 7 * SEC);
    c[4] = admit(t, &p[4], 8 * SEC, &ev);
    ok(c[4] != NULL && ev == NULL && shut(&p[2]), "an idle one is shut down for a newcomer");
    ok(sd_conns_request(t, c[2], 0) == -1, "  ... and its next request is refused");
    unsigned counts[SD_CONNS_STATES_];
    ok(sd_conns_count(t, counts) == 4 && counts[SD_CONNS_HEAD] == 1 && counts[SD_CONNS_BUSY] == 2,
       "counts: 4 open (one closing), 1 head, 2 busy");
    sd_conns_closed(t, c[2]);
    ok(sd_conns_count(t, NULL) == 3, "closed by libmicrohttpd: 3");
    for (sd_conns_entry_t *h = sd_conns_detach_held(t), *next; h != NULL; h = next) {
        next = h->next;
        sd_conns_release(t, h);
    }
    sd_conns_free(t);
    for (int i = 0; i < 5; i++) {
        close(p[i].fds[0]);
        close(p[i].fds[1]);
    }
}

static void test_per_address(void)
{
    sd_conns_t *t = sd_conns_new(100, 2, 10 * SEC, answer, NULL);
    pair_t a1, a2, b1, a3;
    make_pair(&a1, "10.0.0.1");
    make_pair(&b1, "10.0.0.2");
    make_pair(&a2, "10.0.0.1");
    make_pair(&a3, "10.0.0.1");
    sd_conns_entry_t *ev = NULL;
    sd_conns_entry_t *ca1 = admit(t, &a1, 1 * SEC, &ev);
    sd_conns_entry_t *cb1 = admit(t, &b1, 2 * SEC, &ev);
    sd_conns_entry_t *ca2 = admit(t, &a2, 3 * SEC, &ev);
    ok(ca1 && cb1 && ca2 && ev == NULL, "two from one address, one from another");
    sd_conns_entry_t *ca3 = admit(t, &a3, 4 * SEC, &ev);
    ok(ca3 != NULL && ev == ca1, "a third from the first: its own oldest makes room, "
                                 "not the other address's older one");
    sd_conns_release(t, ev);
    sd_conns_hand_over(t, ca2);
    sd_conns_hand_over(t, ca3);
    pair_t a4[9];
    sd_conns_entry_t *c4[9];
    int in = 0;
    for (int i = 0; i < 9; i++) {
        make_pair(&a4[i], "10.0.0.1");
        c4[i] = admit(t, &a4[i], 5 * SEC, &ev);
        in += c4[i] != NULL && ev == NULL;
    }
    ok(in == 8 && c4[8] == NULL, "both served: 8 more from that address, no more (%d)", in);
    pair_t b2;
    make_pair(&b2, "10.0.0.2");
    sd_conns_entry_t *cb2 = admit(t, &b2, 5 * SEC, &ev);
    ok(cb2 != NULL && ev == NULL, "  ... while another address still gets in");
    sd_conns_release(t, cb2);
    close(b2.fds[0]);
    close(b2.fds[1]);
    for (sd_conns_entry_t *h = sd_conns_detach_held(t), *next; h != NULL; h = next) {
        next = h->next;
        sd_conns_release(t, h);
    }
    sd_conns_closed(t, ca2);
    sd_conns_closed(t, ca3);
    ok(sd_conns_count(t, NULL) == 0, "all gone");
    sd_conns_free(t);
    pair_t *all[] = { &a1, &a2, &b1, &a3 };
    for (size_t i = 0; i < 4; i++) {
        close(all[i]->fds[0]);
        close(all[i]->fds[1]);
    }
    for (int i = 0; i < 9; i++) {
        close(a4[i].fds[0]);
        close(a4[i].fds[1]);
    }
}

static void test_deadlines(void)
{
    sd_conns_t *t = sd_conns_new(100, 0, 10 * SEC, answer, NULL);
    pair_t p[4];
    for (int i = 0; i < 4; i++)
        make_pair(&p[i], "10.0.0.1");
    sd_conns_entry_t *ev = NULL;
    sd_conns_entry_t *head = admit(t, &p[0], 0, &ev);
    sd_conns_entry_t *idle = admit(t, &p[1], 0, &ev);
    sd_conns_entry_t *mid = admit(t, &p[2], 0, &ev);
    sd_conns_entry_t *body = admit(t, &p[3], 0, &ev);
    sd_conns_entry_t *mhd[] = { idle, mid, body };
    for (int i = 0; i < 3; i++) {
        sd_conns_hand_over(t, mhd[i]);
        sd_conns_started(t, mhd[i]->fd);
        sd_conns_request(t, mhd[i], 0);
        sd_conns_completed(t, mhd[i], 5 * SEC);
    }
    sd_conns_request_line(t, mid); /* its next request line came */
    sd_conns_request(t, body, 1);  /* a body being read, since 5 s */
    n_expired = answered = 0;
    uint64_t next = sd_conns_expire(t, 9 * SEC, expired, NULL);
    ok(n_expired == 0 && answered == 0 && next == 10 * SEC, "before any deadline: nothing, "
                                                            "the next at 10 s");
    next = sd_conns_expire(t, 10 * SEC, expired, NULL);
    ok(n_expired == 1 && expired_list[0] == head && next == 15 * SEC,
       "at 10 s the head is handed back to the intake; next at 15 s");
    sd_conns_linger(t, head, 10 * SEC, SEC);
    next = sd_conns_expire(t, 15 * SEC, expired, NULL);
    ok(n_expired == 2 && expired_list[1] == head, "the answered one lingers 1 s, then is closed");
    ok(answered == 2 && answered_status == 408,
       "at 15 s: a 408 where a request was coming "
       "(the request line, the body), %u",
       answered);
    ok(shut(&p[1]) && shut(&p[2]) && shut(&p[3]), "  ... and all three shut down, the idle "
                                                  "one without a word");
    ok(next == UINT64_MAX, "no deadline left");
    sd_conns_release(t, head);
    for (int i = 0; i < 3; i++)
        sd_conns_closed(t, mhd[i]);
    ok(sd_conns_count(t, NULL) == 0, "all gone");
    sd_conns_free(t);
    for (int i = 0; i < 4; i++) {
        close(p[i].fds[0]);
        close(p[i].fds[1]);
    }
}

int main(void)
{
    test_full();
    test_per_address();
    test_deadlines();
    return tap_done();
}
