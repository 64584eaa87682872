/*
 * xoshiro256** 1.0 seeded by splitmix64: the library's one generator
 * (include/detente/rng.h). Written from the algorithms' published
 * descriptions (Blackman and Vigna 2018; Steele, Lea and Flood 2014).
 */
#include <stdint.h>

#include "internal.h"

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* splitmix64: one output, advancing *x by the golden-ratio increment. */
static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15u);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

void dt_rng_seed(dt_rng *r, uint64_t seed)
{
    int k;

    for (k = 0; k < 4; k++)
        r->s[k] = splitmix64(&seed);
}

/* splitmix64's output function (a bijection of the 64-bit integers). */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

void dt_rng_stream(dt_rng *r, uint64_t seed, uint64_t index)
{
    dt_rng_seed(r, mix64(mix64(seed) ^ ((index + 1) * 0x9e3779b97f4a7c15u)));
}

uint64_t dt_rng_next(dt_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double dt_rng_uniform(dt_rng *r)
{
    return (double)(dt_rng_next(r) >> 11) * 0x1.0p-53;
}

uint64_t dt_rng_below(dt_rng *r, uint64_t n)
{
    /* Reject the top partial range so every residue is equally likely. */
    uint64_t lim = (0 - n) % n, v;

    do
        v = dt_rng_next(r);
    while (v < lim);
    return v % n;
}
