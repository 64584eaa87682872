/*
 * Helpers shared by the benchmarks (bench_<x>.c): a small generator for
 * random inputs, a monotonic clock and a growing text buffer for
 * scenarios written as YAML.
 */
#ifndef DT_BENCH_UTIL_H
#define DT_BENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>

/*
 * splitmix64 (Steele, Lea and Flood 2014): enough for test inputs. The
 * recorded figures in docs/performance.md were taken with exactly this
 * generator; changing it changes the benchmark inputs.
 */
uint64_t bench_splitmix64(uint64_t *state);
/* Uniform on [0, 1) from the top 53 bits of bench_splitmix64. */
double bench_uniform(uint64_t *state);
/* Seconds on CLOCK_MONOTONIC. */
double bench_now(void);

/* A growing text buffer; start with {NULL, 0, 0}, free(p) when done. */
struct bench_buf {
    char *p;    /* text */
    size_t n;   /* used */
    size_t cap; /* allocated */
};

/* Append printf-style; returns 0 on failure (out of memory). */
int bench_put(struct bench_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
