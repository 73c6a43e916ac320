/* qbench.c — query latency in process, through the shim.
 *
 *   qbench --index DIR --queries FILE [--runs N] [--budget S] [--per-page N] [--dump FILE]
 *          [--set-cache-mb N] [--facets theme,author,...] [--threads N] [--shard-program P]
 *          [--sort relevance|date|-date]
 *   qbench --remote tcp://HOST:PORT [--remote ...] --queries FILE [...]
 *   qbench --floor --index DIR --queries FILE [...]
 *
 * --remote searches shards served by xapian-tcpsrv (shard 0 first), as
 * polis-searchd --remote does, instead of an index on disk.
 *
 * --floor times plain Xapian instead of Polis, on the same index and
 * queries (floor.cc): one Enquire, the top per_page hits and exact counts of
 * the theme slot by a ValueCountMatchSpy with check_at_least = every
 * document.  What Polis pays beyond it is Polis's.  --top-only drops the
 * counts: the top hits alone, the least a search through Xapian's matcher does.
 *
 * A sharded index is ranked as searchd ranks it: by default every shard at
 * once, a thread each, in process; --shard-program xapian-progsrv serves
 * each shard to a child running it instead.
 *
 * --sort orders every query's hits by relevance (the default), newest
 * first (searchd's sort=date) or oldest first (sort=-date): a date sort
 * walks every match, where relevance stops early.  Not with --floor.
 *
 * --threads N measures throughput instead of latency: after the warm-up
 * pass, N threads, each with its own handle (as searchd's pool has), send
 * the queries in turn, each from a different place, for S seconds (10 when
 * no --budget), and one line gives qps=, the queries answered per second.
 *
 * Reads FILE (one query a line: TEXT<TAB>THEME, THEME possibly empty), runs
 * every query once to warm the caches (for at most S seconds), then N timed
 * passes (fewer when the passes so far took more than S seconds, but at least
 * one).  When the warm-up shows that one pass would take longer than S, a
 * pass times every k-th query only, k chosen to fit S ("queries=n of=1000").  Each query is
 * what searchd does for /api/search?q=TEXT&theme=THEME&facets=theme: set the
 * text and the theme filter, ask for the theme facet's counts and per_page
 * hits, search, read every hit's id and stored data and every facet value,
 * free.  --facets counts those facets instead (at most 100 values each, as
 * searchd's --max-facet-values; the floor counts the theme only).  The clock (CLOCK_MONOTONIC) runs
 * from polis_query_new() to polis_result_free().
 *
 * Prints one line of key=value pairs: the median over the passes of each
 * pass's p50, p95 and p99 in microseconds, the mean, the number of queries,
 * how many failed, and the mean number of matches.  --dump writes each
 * query's time in the first timed pass and its number of matches (µs<TAB>matches<TAB>
 * text<TAB>theme), to find the slow ones.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "floor.h"
#include "polis/doc.h"
#include "polis/index.h"

#define MAX_LINE 4096

/* The facets counted (a bit per polis_facet_t), and how many values each
 * keeps: the theme's all, as before --facets; with --facets, searchd's
 * default --max-facet-values. */
static unsigned facet_mask = 1u << POLIS_FACET_THEME;
static unsigned facet_max = 0;
static polis_sort_t sort_by = POLIS_SORT_RELEVANCE;

typedef struct {
    char *text;
    char *theme; /* NULL when the line has none */
} bench_query_t;

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The p-th percentile (0..100) of sorted[0..n), nearest rank. */
static double percentile(const double *sorted, size_t n, double p)
{
    size_t rank = (size_t)((p / 100.0) * (double)n + 0.999999);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return sorted[rank - 1];
}

static bench_query_t *load_queries(const char *path, size_t *count)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "qbench: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t n = 0, cap = 1024;
    bench_query_t *qs = malloc(cap * sizeof *qs);
    char line[MAX_LINE];
    while (qs != NULL && fgets(line, sizeof line, f) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0')
            continue;
        if (n == cap) {
            bench_query_t *grown = realloc(qs, 2 * cap * sizeof *qs);
            if (grown == NULL) {
                free(qs);
                qs = NULL;
                break;
            }
            qs = grown;
            cap *= 2;
        }
        char *tab = strchr(line, '\t');
        if (tab != NULL)
            *tab = '\0';
        qs[n].text = strdup(line);
        qs[n].theme = (tab != NULL && tab[1] != '\0') ? strdup(tab + 1) : NULL;
        n++;
    }
    fclose(f);
    if (qs == NULL)
        fprintf(stderr, "qbench: out of memory\n");
    *count = n;
    return qs;
}

/* --floor: the same query through plain Xapian; its time in µs, or -1. */
static double run_floor(qbench_floor_t *f, const bench_query_t *bq, unsigned per_page,
                        unsigned long *total)
{
    double t0 = now_us();
    size_t touched = 0;
    if (qbench_floor_search(f, bq->text, bq->theme, per_page, total, &touched) != 0)
        return -1;
    double t = now_us() - t0;
    return touched == (size_t)-1 ? -1 : t;
}

/* Run one query the way searchd does (or, with f, the floor's way); returns
 * its time in µs, or -1. */
static double run_query(polis_index_t *idx, qbench_floor_t *f, const bench_query_t *bq,
                        unsigned per_page, unsigned long *total)
{
    if (f != NULL)
        return run_floor(f, bq, per_page, total);
    double t0 = now_us();
    polis_query_t *q = polis_query_new();
    if (q == NULL)
        return -1;
    polis_query_set_text(q, bq->text);
    if (bq->theme != NULL)
        polis_query_add_filter(q, POLIS_FACET_THEME, bq->theme);
    for (int f = 0; f < POLIS_FACET_COUNT_; f++)
        if (facet_mask & (1u << f))
            polis_query_count_facet(q, (polis_facet_t)f, facet_max);
    polis_query_set_range(q, 0, per_page);
    polis_query_set_sort(q, sort_by);
    polis_result_t *r = NULL;
    polis_status_t st = polis_index_search(idx, q, &r);
    polis_query_free(q);
    if (st != POLIS_OK) {
        fprintf(stderr, "qbench: '%s': %s: %s\n", bq->text, polis_status_str(st),
                polis_index_last_error(idx));
        return -1;
    }
    /* Touch what a caller reads, so lazily fetched data is paid for here. */
    size_t bytes = 0;
    for (size_t i = 0; i < polis_result_size(r); i++) {
        bytes += strlen(polis_result_id(r, i));
        bytes += strlen(polis_result_data(r, i));
    }
    for (int f = 0; f < POLIS_FACET_COUNT_; f++) {
        for (size_t i = 0; i < polis_result_facet_size(r, (polis_facet_t)f); i++) {
            const char *value;
            unsigned long n;
            polis_result_facet_value(r, (polis_facet_t)f, i, &value, &n);
            bytes += strlen(value) + n;
        }
    }
    *total = polis_result_total(r);
    polis_result_free(r);
    double t = now_us() - t0;
    return bytes == (size_t)-1 ? -1 : t;
}

/* --facets: a comma list of facet names.  0, or -1 for a name that is none. */
static int parse_facets(const char *list)
{
    facet_mask = 0;
    facet_max = 100;
    char name[32];
    while (*list != '\0') {
        size_t n = strcspn(list, ",");
        if (n == 0 || n >= sizeof name)
            return -1;
        memcpy(name, list, n);
        name[n] = '\0';
        int f = polis_facet_from_name(name);
        if (f < 0)
            return -1;
        facet_mask |= 1u << f;
        list += n + (list[n] == ',');
    }
    return 0;
}

static char *index_path(const char *dir)
{
    size_t n = strlen(dir);
    char *cur = malloc(n + sizeof "/current");
    if (cur == NULL)
        return NULL;
    memcpy(cur, dir, n);
    memcpy(cur + n, "/current", sizeof "/current");
    struct stat st;
    if (stat(cur, &st) == 0 && S_ISDIR(st.st_mode))
        return cur;
    memcpy(cur, dir, n + 1);
    return cur;
}

static void usage(void)
{
    fprintf(stderr, "usage: qbench (--index DIR | --remote ADDR...) --queries FILE [--runs N] "
                    "[--budget S] [--per-page N] [--dump FILE] [--set-cache-mb N] [--floor "
                    "[--top-only]] [--facets LIST] [--threads N] [--shard-program PROG|none] "
                    "[--sort relevance|date|-date]\n");
}

/* What to search: an index on disk (path), remote shards, or the floor on path. */
typedef struct {
    const char *path;
    const char *const *remotes;
    size_t n_remotes;
    int floor, top_only;
    const char *shard_program; /* NULL: rank a sharded index in process */
} engine_t;

/* Open e: *idx or *fl.  0, or -1 after a message on stderr. */
static int engine_open(const engine_t *e, polis_index_t **idx, qbench_floor_t **fl)
{
    char *err = NULL;
    *idx = NULL;
    *fl = NULL;
    if (e->floor) {
        if ((*fl = qbench_floor_open(e->path, &err)) == NULL) {
            fprintf(stderr, "qbench: %s: %s\n", e->path, err != NULL ? err : "");
            free(err);
            return -1;
        }
        if (e->top_only)
            qbench_floor_top_only(*fl);
        return 0;
    }
    polis_status_t st = e->n_remotes > 0
                            ? polis_index_open_remote(e->remotes, e->n_remotes, 10000, idx, &err)
                        : e->path != NULL ? polis_index_open(e->path, idx, &err)
                                          : POLIS_ERR_NOMEM;
    if (st != POLIS_OK) {
        fprintf(stderr, "qbench: %s: %s: %s\n", e->path != NULL ? e->path : e->remotes[0],
                polis_status_str(st), err != NULL ? err : "");
        free(err);
        return -1;
    }
    /* As searchd: children that cannot be had leave the shards ranked in process. */
    if (polis_index_set_parallel(*idx, e->shard_program, 10000) != POLIS_OK)
        fprintf(stderr, "qbench: %s; ranking in process\n", polis_index_last_error(*idx));
    return 0;
}

/* The clock of --threads: every thread has opened its handle and answered
 * a first query (a sharded index's children started) before it starts. */
typedef struct {
    pthread_barrier_t ready, go;
    double until_us;
} rate_clock_t;

/* One thread of --threads: its own handle, queries from `start` on. */
typedef struct {
    const engine_t *engine;
    rate_clock_t *clock;
    const bench_query_t *qs;
    size_t nq, start;
    unsigned per_page;
    unsigned long done, errors;
    int failed;
} rate_thread_t;

static void *rate_run(void *arg)
{
    rate_thread_t *r = arg;
    polis_index_t *idx = NULL;
    qbench_floor_t *fl = NULL;
    unsigned long total;
    r->failed = engine_open(r->engine, &idx, &fl) != 0 ||
                run_query(idx, fl, &r->qs[r->start % r->nq], r->per_page, &total) < 0;
    pthread_barrier_wait(&r->clock->ready);
    pthread_barrier_wait(&r->clock->go);
    for (size_t i = r->start; !r->failed && now_us() < r->clock->until_us; i++) {
        if (run_query(idx, fl, &r->qs[i % r->nq], r->per_page, &total) < 0)
            r->errors++;
        else
            r->done++;
    }
    polis_index_close(idx);
    qbench_floor_close(fl);
    return NULL;
}

/* --threads: queries answered per second by n threads over secs seconds. */
static int rate(const engine_t *e, const bench_query_t *qs, size_t nq, unsigned per_page,
                unsigned n, double secs)
{
    rate_thread_t *r = calloc(n, sizeof *r);
    pthread_t *th = calloc(n, sizeof *th);
    rate_clock_t clock;
    int rc;
    if (r == NULL || th == NULL) {
        fprintf(stderr, "qbench: out of memory\n");
        free(r);
        free(th);
        return 1;
    }
    if ((rc = pthread_barrier_init(&clock.ready, NULL, n + 1)) != 0 ||
        (rc = pthread_barrier_init(&clock.go, NULL, n + 1)) != 0) {
        fprintf(stderr, "qbench: pthread_barrier_init: %s\n", strerror(rc));
        exit(1); /* which of the two exists hardly matters to a process about to end */
    }
    for (unsigned k = 0; k < n; k++) {
        r[k] = (rate_thread_t){ .engine = e,
                                .clock = &clock,
                                .qs = qs,
                                .nq = nq,
                                .start = k * nq / n,
                                .per_page = per_page };
        if ((rc = pthread_create(&th[k], NULL, rate_run, &r[k])) != 0) {
            /* The barriers wait for n threads: none can be missing. */
            fprintf(stderr, "qbench: pthread_create: %s\n", strerror(rc));
            exit(1);
        }
    }
    pthread_barrier_wait(&clock.ready);
    double t0 = now_us();
    clock.until_us = t0 + secs * 1e6;
    pthread_barrier_wait(&clock.go);
    unsigned long done = 0, errors = 0;
    int failed = 0;
    for (unsigned k = 0; k < n; k++) {
        pthread_join(th[k], NULL);
        done += r[k].done;
        errors += r[k].errors;
        failed |= r[k].failed;
    }
    double elapsed = (now_us() - t0) / 1e6;
    pthread_barrier_destroy(&clock.ready);
    pthread_barrier_destroy(&clock.go);
    free(r);
    free(th);
    if (failed) {
        fprintf(stderr, "qbench: a thread could not open the index or answer its first query\n");
        return 1;
    }
    printf("qps=%.0f threads=%u secs=%.1f queries=%lu errors=%lu\n", (double)done / elapsed, n,
           elapsed, done, errors);
    return 0;
}

/* A whole number from 0 to max, or -1. */
static long parse_count(const char *s, unsigned long max)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    return *s >= '0' && *s <= '9' && *end == '\0' && errno == 0 && v <= max ? (long)v : -1;
}

int main(int argc, char **argv)
{
    const char *dir = NULL, *qfile = NULL, *dump_path = NULL;
    const char *remotes[POLIS_MAX_SHARDS];
    size_t n_remotes = 0;
    unsigned runs = 3, per_page = 10;
    double budget = 0;
    int use_floor = 0, top_only = 0;
    unsigned threads = 0;
    const char *shard_program = NULL; /* searchd's default: none */
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--floor") == 0) {
            use_floor = 1;
            continue;
        }
        if (strcmp(arg, "--top-only") == 0) {
            top_only = 1;
            continue;
        }
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (val == NULL) {
            usage();
            return 2;
        }
        if (strcmp(arg, "--index") == 0)
            dir = val;
        else if (strcmp(arg, "--remote") == 0 && n_remotes < POLIS_MAX_SHARDS)
            remotes[n_remotes++] = val;
        else if (strcmp(arg, "--queries") == 0)
            qfile = val;
        else if (strcmp(arg, "--runs") == 0)
            runs = (unsigned)strtoul(val, NULL, 10);
        else if (strcmp(arg, "--budget") == 0)
            budget = strtod(val, NULL);
        else if (strcmp(arg, "--dump") == 0)
            dump_path = val;
        else if (strcmp(arg, "--per-page") == 0)
            per_page = (unsigned)strtoul(val, NULL, 10);
        else if (strcmp(arg, "--threads") == 0) {
            long v = parse_count(val, 256);
            if (v < 1) {
                usage();
                return 2;
            }
            threads = (unsigned)v;
        } else if (strcmp(arg, "--sort") == 0) {
            if (strcmp(val, "relevance") == 0)
                sort_by = POLIS_SORT_RELEVANCE;
            else if (strcmp(val, "date") == 0)
                sort_by = POLIS_SORT_DATE_DESC;
            else if (strcmp(val, "date-asc") == 0 || strcmp(val, "-date") == 0)
                sort_by = POLIS_SORT_DATE_ASC;
            else {
                usage();
                return 2;
            }
        } else if (strcmp(arg, "--shard-program") == 0)
            shard_program = strcmp(val, "none") == 0 ? NULL : val;
        else if (strcmp(arg, "--facets") == 0) {
            if (parse_facets(val) != 0) {
                usage();
                return 2;
            }
        } else if (strcmp(arg, "--set-cache-mb") == 0)
            polis_index_set_cache_limit((size_t)strtoul(val, NULL, 10) << 20);
        else {
            usage();
            return 2;
        }
        i++;
    }
    if ((dir == NULL) == (n_remotes == 0) || qfile == NULL || runs < 1 || runs > 100 ||
        per_page < 1 || (use_floor && dir == NULL) || (top_only && !use_floor) ||
        (use_floor && sort_by != POLIS_SORT_RELEVANCE)) {
        usage();
        return 2;
    }
    size_t nq = 0;
    bench_query_t *qs = load_queries(qfile, &nq);
    if (qs == NULL || nq == 0) {
        fprintf(stderr, "qbench: no queries in %s\n", qfile);
        return 1;
    }
    char *path = dir != NULL ? index_path(dir) : NULL;
    if (dir != NULL && path == NULL) {
        fprintf(stderr, "qbench: out of memory\n");
        return 1;
    }
    engine_t engine = { path, remotes, n_remotes, use_floor, top_only, shard_program };
    polis_index_t *idx = NULL;
    qbench_floor_t *fl = NULL;
    if (engine_open(&engine, &idx, &fl) != 0) {
        free(path);
        return 1;
    }

    double *t = malloc(nq * sizeof *t);
    double *p50 = malloc(runs * sizeof *p50), *p95 = malloc(runs * sizeof *p95);
    double *p99 = malloc(runs * sizeof *p99), *mean = malloc(runs * sizeof *mean);
    if (t == NULL || p50 == NULL || p95 == NULL || p99 == NULL || mean == NULL) {
        fprintf(stderr, "qbench: out of memory\n");
        return 1;
    }
    unsigned long errors = 0, total;
    double matches = 0;
    FILE *dump = NULL;
    if (dump_path != NULL) {
        dump = fopen(dump_path, "w");
        if (dump == NULL) {
            fprintf(stderr, "qbench: %s: %s\n", dump_path, strerror(errno));
            return 1;
        }
    }
    /* The warm-up pass, cut short after the budget on a slow index: its part
     * of the queries has warmed the caches the rest share. */
    double started = now_us();
    size_t warmed = 0, cold_n = 0;
    for (size_t i = 0; i < nq; i++) {
        if (budget > 0 && now_us() - started > budget * 1e6)
            break;
        double us = run_query(idx, fl, &qs[i], per_page, &total);
        if (us < 0)
            errors++;
        else
            t[cold_n++] = us;
        warmed++;
    }
    /* The warm-up's own times: the first sight of each query, with no match
     * set cached yet (the disk pages as earlier runs left them). */
    double cold_p50 = 0, cold_p99 = 0;
    if (cold_n > 0) {
        qsort(t, cold_n, sizeof *t, cmp_double);
        cold_p50 = percentile(t, cold_n, 50);
        cold_p99 = percentile(t, cold_n, 99);
    }
    int rc = 0;
    if (threads > 0) {
        rc = rate(&engine, qs, nq, per_page, threads, budget > 0 ? budget : 10);
        goto done;
    }
    /* A pass that would outlast the budget times every stride-th query only:
     * percentiles over an even sample rather than a bench that never ends. */
    size_t stride = 1;
    if (budget > 0 && warmed > 0) {
        double pass_us = (now_us() - started) / (double)warmed * (double)nq;
        stride = (size_t)(pass_us / (budget * 1e6)) + 1;
    }
    size_t timed = 0;
    started = now_us();
    unsigned done = 0;
    for (unsigned r = 0; r < runs; r++) {
        if (r > 0 && budget > 0 && now_us() - started > budget * 1e6)
            break;
        done++;
        size_t n = 0;
        double sum = 0;
        for (size_t i = 0; i < nq; i += stride) {
            double us = run_query(idx, fl, &qs[i], per_page, &total);
            if (us < 0) {
                errors++;
                continue;
            }
            t[n++] = us;
            sum += us;
            if (r == 0) {
                matches += (double)total;
                timed++;
            }
            if (dump != NULL && r == 0)
                fprintf(dump, "%.0f\t%lu\t%s\t%s\n", us, total, qs[i].text,
                        qs[i].theme != NULL ? qs[i].theme : "");
        }
        if (n == 0) {
            fprintf(stderr, "qbench: every query failed\n");
            rc = 1;
            goto done;
        }
        qsort(t, n, sizeof *t, cmp_double);
        p50[r] = percentile(t, n, 50);
        p95[r] = percentile(t, n, 95);
        p99[r] = percentile(t, n, 99);
        mean[r] = sum / (double)n;
    }
    runs = done;
    qsort(p50, runs, sizeof *p50, cmp_double);
    qsort(p95, runs, sizeof *p95, cmp_double);
    qsort(p99, runs, sizeof *p99, cmp_double);
    qsort(mean, runs, sizeof *mean, cmp_double);
    printf("p50_us=%.0f p95_us=%.0f p99_us=%.0f mean_us=%.0f queries=%zu of=%zu runs=%u "
           "errors=%lu avg_matches=%.0f cold_p50_us=%.0f cold_p99_us=%.0f cold_queries=%zu\n",
           p50[runs / 2], p95[runs / 2], p99[runs / 2], mean[runs / 2], timed, nq, runs, errors,
           matches / (double)(timed > 0 ? timed : 1), cold_p50, cold_p99, cold_n);

done:
    if (dump != NULL)
        fclose(dump);
    polis_index_close(idx);
    qbench_floor_close(fl);
    free(path);
    for (size_t i = 0; i < nq; i++) {
        free(qs[i].text);
        free(qs[i].theme);
    }
    free(qs);
    free(t);
    free(p50);
    free(p95);
    free(p99);
    free(mean);
    return rc;
}
