/*
 * Fork-join parallel loops: dt__parallel_for starts workers - 1 POSIX
 * threads for one loop and joins them. Starting threads per loop costs
 * tens of microseconds, which is why callers use it only for loops of
 * milliseconds or more.
 */
#include <pthread.h>
#include <stddef.h>

#include "platform/parallel.h"

/* Largest number of workers used; more requested are capped. */
#define DT_PARALLEL_MAX 64

struct task {
    void (*fn)(void *ctx, unsigned worker, size_t i); /* the loop body */
    void *ctx;                                        /* its argument */
    unsigned worker;                                  /* this worker */
    unsigned workers;                                 /* stride */
    size_t n;                                         /* loop length */
};

static void run_share(const struct task *t)
{
    size_t i;

    for (i = t->worker; i < t->n; i += t->workers)
        t->fn(t->ctx, t->worker, i);
}

static void *thread_main(void *arg)
{
    run_share(arg);
    return NULL;
}

void dt__parallel_for(unsigned workers, size_t n,
                      void (*fn)(void *ctx, unsigned worker, size_t i),
                      void *ctx)
{
    struct task tasks[DT_PARALLEL_MAX];
    pthread_t tid[DT_PARALLEL_MAX];
    int started[DT_PARALLEL_MAX];
    unsigned w;

    if (workers > DT_PARALLEL_MAX)
        workers = DT_PARALLEL_MAX;
    if (workers < 1)
        workers = 1;
    for (w = 0; w < workers; w++) {
        tasks[w].fn = fn;
        tasks[w].ctx = ctx;
        tasks[w].worker = w;
        tasks[w].workers = workers;
        tasks[w].n = n;
        started[w] = 0;
    }
    for (w = 1; w < workers; w++)
        started[w] = pthread_create(&tid[w], NULL, thread_main, &tasks[w]) == 0;
    run_share(&tasks[0]);
    for (w = 1; w < workers; w++) {
        if (started[w])
            pthread_join(tid[w], NULL);
        else
            run_share(&tasks[w]);
    }
}
