/* pool.c — the search pool (see pool.h): a ring of jobs under one lock. */
#include "http/pool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    sd_pool_fn fn;
    void *arg;
} job_t;

struct sd_pool {
    pthread_mutex_t mu;
    pthread_cond_t ready;
    job_t *ring;
    unsigned size;     /* places in the ring */
    unsigned head;     /* next job to run */
    unsigned queued;   /* jobs in the ring */
    unsigned reserved; /* places kept for pushes to come */
    unsigned running;
    int stopping;
    unsigned n_threads;
    pthread_t *threads;
};

static void *worker(void *arg)
{
    sd_pool_t *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        /* Stopping waits for the reserved places too: their pushes come. */
        while (p->queued == 0 && !(p->stopping && p->reserved == 0))
            pthread_cond_wait(&p->ready, &p->mu);
        if (p->queued == 0)
            break;
        job_t job = p->ring[p->head];
        p->head = (p->head + 1) % p->size;
        p->queued--;
        p->running++;
        pthread_mutex_unlock(&p->mu);
        job.fn(job.arg);
        pthread_mutex_lock(&p->mu);
        p->running--;
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

sd_pool_t *sd_pool_new(unsigned threads, unsigned queue)
{
    sd_pool_t *p = calloc(1, sizeof *p);
    if (p == NULL)
        goto nomem;
    p->size = queue > 0 ? queue : 1;
    p->ring = calloc(p->size, sizeof *p->ring);
    p->threads = calloc(threads, sizeof *p->threads);
    if (p->ring == NULL || p->threads == NULL) {
        free(p->ring);
        free(p->threads);
        free(p);
        goto nomem;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->ready, NULL);
    for (unsigned i = 0; i < threads; i++) {
        int err = pthread_create(&p->threads[i], NULL, worker, p);
        if (err != 0) {
            fprintf(stderr, "polis-searchd: cannot start a search thread: %s\n", strerror(err));
            sd_pool_stop(p);
            return NULL;
        }
        p->n_threads++;
    }
    return p;
nomem:
    fprintf(stderr, "polis-searchd: out of memory\n");
    return NULL;
}

int sd_pool_reserve(sd_pool_t *p)
{
    pthread_mutex_lock(&p->mu);
    int ok = !p->stopping && p->queued + p->reserved < p->size;
    if (ok)
        p->reserved++;
    pthread_mutex_unlock(&p->mu);
    return ok ? 0 : -1;
}

void sd_pool_push(sd_pool_t *p, sd_pool_fn fn, void *arg)
{
    pthread_mutex_lock(&p->mu);
    p->reserved--;
    p->ring[(p->head + p->queued) % p->size] = (job_t){ fn, arg };
    p->queued++;
    if (p->stopping)
        pthread_cond_broadcast(&p->ready); /* the others may now leave */
    else
        pthread_cond_signal(&p->ready);
    pthread_mutex_unlock(&p->mu);
}

void sd_pool_load(sd_pool_t *p, unsigned *waiting, unsigned *running)
{
    pthread_mutex_lock(&p->mu);
    *waiting = p->queued;
    *running = p->running;
    pthread_mutex_unlock(&p->mu);
}

void sd_pool_stop(sd_pool_t *p)
{
    if (p == NULL)
        return;
    pthread_mutex_lock(&p->mu);
    p->stopping = 1;
    pthread_cond_broadcast(&p->ready);
    pthread_mutex_unlock(&p->mu);
    for (unsigned i = 0; i < p->n_threads; i++)
        pthread_join(p->threads[i], NULL);
    pthread_cond_destroy(&p->ready);
    pthread_mutex_destroy(&p->mu);
    free(p->threads);
    free(p->ring);
    free(p);
}
