/*
 * Fork-join parallel loops over an index range (POSIX threads). The only
 * place besides mc/ where libdetente starts threads (HOUSE_STYLE 1).
 */
#ifndef DT_PLATFORM_PARALLEL_H
#define DT_PLATFORM_PARALLEL_H

#include <stddef.h>

/*
 * Call fn(ctx, worker, i) for every i in [0, n), on `workers` threads (the
 * caller's included): worker w takes i = w, w + workers, w + 2 workers,
 * ... Each call must write only its own slots, so the result does not
 * depend on the number of workers or on scheduling. When a thread cannot
 * be started, its share runs on the calling thread instead (same result,
 * less speed). Returns when every call has finished.
 */
void dt__parallel_for(unsigned workers, size_t n,
                      void (*fn)(void *ctx, unsigned worker, size_t i),
                      void *ctx);

#endif
