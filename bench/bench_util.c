/* Helpers shared by the benchmarks; see bench_util.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_util.h"

uint64_t bench_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

double bench_uniform(uint64_t *state)
{
    return (double)(bench_splitmix64(state) >> 11) * 0x1.0p-53;
}

double bench_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int bench_put(struct bench_buf *b, const char *fmt, ...)
{
    va_list ap;
    int k;

    for (;;) {
        va_start(ap, fmt);
        k = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
        va_end(ap);
        if (k < 0)
            return 0;
        if ((size_t)k < b->cap - b->n)
            break;
        b->cap = 2 * b->cap + (size_t)k + 1;
        b->p = realloc(b->p, b->cap);
        if (!b->p)
            return 0;
    }
    b->n += (size_t)k;
    return 1;
}
