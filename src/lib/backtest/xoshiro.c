/*
 * xoshiro256** 1.0 (Blackman and Vigna 2018, "Scrambled linear
 * pseudorandom number generators", reference code at prng.di.unimi.it),
 * seeded with splitmix64 as its authors recommend. The backtest's folds
 * and bootstrap draw from it; the state is always an explicit argument.
 */
#include "backtest/backtest_int.h"

static unsigned long long rotl(unsigned long long x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* splitmix64 (Steele, Lea and Flood 2014): fills the state from a seed. */
static unsigned long long splitmix64(unsigned long long *x)
{
    unsigned long long z = (*x += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void dt__xoshiro_seed(dt__xoshiro *r, unsigned long long seed)
{
    int k;

    for (k = 0; k < 4; k++)
        r->s[k] = splitmix64(&seed);
}

unsigned long long dt__xoshiro_next(dt__xoshiro *r)
{
    unsigned long long *s = r->s;
    unsigned long long result = rotl(s[1] * 5, 7) * 9;
    unsigned long long t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

unsigned long long dt__xoshiro_below(dt__xoshiro *r, unsigned long long n)
{
    /* Reject the top partial range so every residue is equally likely. */
    unsigned long long lim = (0ULL - n) % n, v;

    do
        v = dt__xoshiro_next(r);
    while (v < lim);
    return v % n;
}
