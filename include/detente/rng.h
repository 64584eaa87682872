/*
 * detente: the one in-tree random number generator, xoshiro256** 1.0
 * (Blackman and Vigna 2018, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 47(4)), seeded through splitmix64 (Steele, Lea
 * and Flood 2014) as its authors recommend. The state is always an
 * explicit argument: no global generator, no rand().
 */
#ifndef DETENTE_RNG_H
#define DETENTE_RNG_H

#include <stdint.h>

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Generator state; a plain struct the caller owns (one per stream). */
typedef struct dt_rng {
    uint64_t s[4]; /* xoshiro256** state, never all zero */
} dt_rng;

/*
 * Fill the state from a 64-bit seed: four successive splitmix64 outputs.
 * The same seed always gives the same stream, on every platform.
 */
DT_API void dt_rng_seed(dt_rng *r, uint64_t seed);

/*
 * Fill the state for replicate `index` of a computation seeded with
 * `seed` (HOUSE_STYLE 6: one stream per replicate, never per thread).
 * The stream is dt_rng_seed(r, k) with
 *     k = mix(mix(seed) ^ (index + 1) * 0x9e3779b97f4a7c15),
 * mix being splitmix64's output function (Steele, Lea and Flood 2014):
 * distinct (seed, index) pairs give distinct, statistically independent
 * starting points (a collision needs two 64-bit keys to agree). O(1),
 * so any draw can be computed alone (slices, resumed runs, MPI ranks).
 */
DT_API void dt_rng_stream(dt_rng *r, uint64_t seed, uint64_t index);

/* Next 64 random bits. */
DT_API uint64_t dt_rng_next(dt_rng *r);

/* Uniform double on [0, 1) with 53 random bits. */
DT_API double dt_rng_uniform(dt_rng *r);

/*
 * Uniform integer on [0, n), n > 0, without modulo bias (draws below
 * 2^64 mod n are rejected).
 */
DT_API uint64_t dt_rng_below(dt_rng *r, uint64_t n);

#ifdef __cplusplus
}
#endif
#endif
