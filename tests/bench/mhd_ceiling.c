/* mhd_ceiling.c — the fastest answer libmicrohttpd gives on this machine.
 *
 *   mhd_ceiling [--listen 127.0.0.1:PORT] [--threads N]
 *
 * Answers every GET with the same 2 KB JSON body (a search answer's shape),
 * with polis-searchd's threading: MHD_USE_INTERNAL_POLLING_THREAD |
 * MHD_USE_EPOLL and a thread pool of one thread per core.  No index, no
 * parsing, no allocation per request: what wrk measures against it is the
 * ceiling of HTTP on this machine, the yardstick for polis-searchd.
 *
 * Prints "listening on http://HOST:PORT" once bound (port 0 picks one), then
 * serves until SIGINT or SIGTERM.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BODY_SIZE 2048

static char body[BODY_SIZE + 1];
static struct MHD_Response *response;
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

/* A JSON search answer padded to exactly BODY_SIZE bytes. */
static void make_body(void)
{
    int n = snprintf(body, sizeof body,
                     "{\"query\":\"contrat de ville\",\"total\":1234,\"page\":1,\"per_page\":10,"
                     "\"took_ms\":0.42,\"corrected\":null,\"hits\":[");
    for (int i = 0; n < BODY_SIZE - 200; i++) {
        int m = snprintf(body + n, sizeof body - (size_t)n,
                         "%s{\"id\":\"doc-%d\",\"kind\":\"recap\",\"title\":\"Retour sur la "
                         "journée\",\"date\":\"2017-10-25\",\"score\":0.9}",
                         i ? "," : "", i);
        if (m < 0)
            break;
        n += m;
    }
    n += snprintf(body + n, sizeof body - (size_t)n, "],\"facets\":{},\"pad\":\"");
    while (n < BODY_SIZE - 2)
        body[n++] = 'x';
    body[n++] = '"';
    body[n++] = '}';
    body[n] = '\0';
}

/* Marks a connection whose request head has been seen. */
static int seen;

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)cls;
    (void)url;
    (void)method;
    (void)version;
    (void)upload_data;
    /* libmicrohttpd closes the connection after a response queued before the
     * request is complete, so answer on the second call, as polis-searchd
     * does, and keep the connection alive. */
    if (*con_cls == NULL) {
        *con_cls = &seen;
        return MHD_YES;
    }
    *upload_data_size = 0;
    return MHD_queue_response(conn, MHD_HTTP_OK, response);
}

int main(int argc, char **argv)
{
    const char *listen = "127.0.0.1:0";
    long threads = sysconf(_SC_NPROCESSORS_ONLN);
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--listen") == 0)
            listen = argv[i + 1];
        else if (strcmp(argv[i], "--threads") == 0)
            threads = strtol(argv[i + 1], NULL, 10);
    }
    if (threads < 1)
        threads = 1;
    const char *colon = strrchr(listen, ':');
    if (colon == NULL) {
        fprintf(stderr, "mhd_ceiling: --listen HOST:PORT\n");
        return 2;
    }
    char host[64];
    size_t hlen = (size_t)(colon - listen);
    if (hlen >= sizeof host) {
        fprintf(stderr, "mhd_ceiling: host too long\n");
        return 2;
    }
    memcpy(host, listen, hlen);
    host[hlen] = '\0';
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)strtoul(colon + 1, NULL, 10));
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
        fprintf(stderr, "mhd_ceiling: %s: want an IPv4 address\n", host);
        return 2;
    }

    make_body();
    response = MHD_create_response_from_buffer(BODY_SIZE, body, MHD_RESPMEM_PERSISTENT);
    if (response == NULL)
        return 1;
    MHD_add_response_header(response, "Content-Type", "application/json; charset=utf-8");

    signal(SIGPIPE, SIG_IGN);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0, NULL, NULL, on_request, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned int)threads, MHD_OPTION_CONNECTION_LIMIT, 1024u, MHD_OPTION_CONNECTION_TIMEOUT,
        30u, MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "mhd_ceiling: cannot listen on %s\n", listen);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    printf("listening on http://%s:%u\n", host, info != NULL ? info->port : 0);
    fflush(stdout);

    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_handler = on_signal;
    sigaction(SIGINT, &act, NULL);
    sigaction(SIGTERM, &act, NULL);
    while (!stop)
        pause();
    MHD_stop_daemon(d);
    MHD_destroy_response(response);
    return 0;
}
