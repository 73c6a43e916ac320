/* tap.h — the few TAP helpers the unit programs share (run under prove). */
#ifndef POLIS_TAP_H
#define POLIS_TAP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

/* Record one check; prints "ok N - name" or "not ok N - name". */
#define ok(cond, ...)                                                                              \
    do {                                                                                           \
        int ok_c_ = (cond) ? 1 : 0;                                                                \
        printf("%sok %d - ", ok_c_ ? "" : "not ", ++tap_n);                                        \
        printf(__VA_ARGS__);                                                                       \
        printf("\n");                                                                              \
        if (!ok_c_) {                                                                              \
            tap_failed++;                                                                          \
            printf("#   failed at %s:%d\n", __FILE__, __LINE__);                                   \
        }                                                                                          \
    } while (0)

/* String equality with both values shown on failure (NULL-safe). */
#define is_str(got, want, name)                                                                    \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        int same_ = (g_ && w_) ? strcmp(g_, w_) == 0 : g_ == w_;                                   \
        ok(same_, "%s", name);                                                                     \
        if (!same_)                                                                                \
            printf("#   got:  '%s'\n#   want: '%s'\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)");    \
    } while (0)

#define is_int(got, want, name)                                                                    \
    do {                                                                                           \
        long long g_ = (long long)(got), w_ = (long long)(want);                                   \
        ok(g_ == w_, "%s", name);                                                                  \
        if (g_ != w_)                                                                              \
            printf("#   got: %lld, want: %lld\n", g_, w_);                                         \
    } while (0)

/* Remove a temporary folder a test made (mkdtemp: no quote in its name). */
static inline void tap_rmtree(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", dir);
}

/* Print the plan and return the exit status for main(). */
static inline int tap_done(void)
{
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}

#endif
