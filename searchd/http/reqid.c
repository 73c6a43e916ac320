/* reqid.c — request ids (see reqid.h).
 *
 * A made id is a counter scrambled by two bijections keyed by a random seed
 * read once: a bijection of the counter cannot repeat within a process, and
 * the seed keeps two processes (two replicas, a restart) apart, with no lock
 * and no system call per request.
 */
#include "http/reqid.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static uint64_t seed[2];
static pthread_once_t seeded = PTHREAD_ONCE_INIT;
static atomic_ullong counter;

static void read_seed(void)
{
    if (getrandom(seed, sizeof seed, GRND_NONBLOCK) == (ssize_t)sizeof seed)
        return;
    /* No entropy yet (early boot): the clock and the pid still keep two
     * processes apart in practice. */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    seed[0] = (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec;
    seed[1] = (uint64_t)getpid() * 0x9E3779B97F4A7C15u ^ seed[0];
}

/* splitmix64's finaliser: a bijection of 64-bit words that scatters bits. */
static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

int sd_reqid_valid(const char *s, size_t n)
{
    if (s == NULL || n == 0 || n > SD_REQID_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && (c == '\0' || strchr("-_.:+/=@", c) == NULL))
            return 0;
    }
    return 1;
}

void sd_reqid_make(char out[SD_REQID_SIZE])
{
    pthread_once(&seeded, read_seed);
    uint64_t n = atomic_fetch_add(&counter, 1);
    snprintf(out, SD_REQID_SIZE, "%016llx%016llx", (unsigned long long)mix(n + seed[0]),
             (unsigned long long)mix(n ^ seed[1]));
}

void sd_reqid_take(const char *s, size_t n, char out[SD_REQID_SIZE])
{
    if (sd_reqid_valid(s, n)) {
        memcpy(out, s, n);
        out[n] = '\0';
    } else {
        sd_reqid_make(out);
    }
}
