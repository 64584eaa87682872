/*
 * The pair kernel of the expected-utility model (eu.c's fill_p, spec 4;
 * its cost, spec 10; docs/performance.md "Vectorised pair kernel"): vote
 * sums of n voters for every pair of distinct positions, O(n u^2) for u
 * distinct positions, most of a round's time.
 * It runs on a structure-of-arrays copy of ut, uv[k * st + iu] =
 * u_k(uniq[iu]): voter-major, one row of distinct positions per voter,
 * st = u rounded up to a whole number of blocks (padding 0), 64-byte
 * aligned. A block holds the pairs (a, b) for `lanes` consecutive b side
 * by side in SIMD lanes, each lane with its own two sums; the loop over
 * the voters k runs in ascending order with one vector step per voter, so
 * every sum is formed in the replication's order and has its bits: the
 * vectors only put different pairs side by side, nothing is reassociated.
 * The operations per lane are the scalar ones (subtract, multiply,
 * max/min against 0, add): no pow, no division, no fused multiply-add.
 *
 * Paths, all giving the same bits:
 * - x86-64 with GCC or Clang: 8 lanes (SSE2: four registers per sum, 8
 *   independent addition chains), 16 with AVX2, 32 with AVX-512F, the
 *   widest this CPU has, picked at run time (a wider block keeps more
 *   sums in flight). max/min are the MAXPD/MINPD instructions, whose
 *   definition, (a > b) ? a : b and (a < b) ? a : b with b = 0, is
 *   exactly the scalar v > 0.0 ? v : 0.0 (NaN and -0.0 give +0.0).
 * - Other GCC/Clang targets: 8 lanes of portable vector extensions, the
 *   select done with a compare mask (a false compare gives +0.0 bits).
 * - Other compilers: a plain C loop.
 * Build knobs, to test the other paths on x86-64: -DDT_EU_NO_DISPATCH
 * (the portable vector path), -DDT_EU_PLAIN_C (plain C).
 */
#include <stdint.h>
#include <string.h>
#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h> /* MAXPD and MINPD */
#endif

#include "model/model_int.h"

#if defined(__GNUC__) && !defined(DT_EU_PLAIN_C)
#define EU_VECTOR 1
#else
#define EU_VECTOR 0
#endif
#if EU_VECTOR && defined(__x86_64__) && !defined(DT_EU_NO_DISPATCH)
#define EU_DISPATCH 1
#else
#define EU_DISPATCH 0
#endif

#if EU_VECTOR
/*
 * One voter's step for the pairs at ROW (one vector V of them): v = w_k
 * (u_k(b) - u_k(a)); P += max(v, 0) and Q -= min(v, 0). Q -= min(v, 0)
 * is the same IEEE operation as Q += max(-v, 0), the replication's
 * negative votes, since x - y == x + (-y) exactly.
 */
#define EU_STEP(V, MAX, MIN, P, Q, ROW)                                        \
    do {                                                                       \
        V r_, v_;                                                              \
        memcpy(&r_, (ROW), sizeof r_);                                         \
        v_ = wk * (r_ - uak);                                                  \
        P += MAX(v_, zero);                                                    \
        Q -= MIN(v_, zero);                                                    \
    } while (0)

/*
 * Defines NAME: the vote sums of the 4 L pairs (a, b0 + t) with four
 * vectors V of L doubles per sum: pos[t] = sum_k max(0, v_k), neg[t] =
 * sum_k max(0, -v_k), v_k = w_k (u_k(b) - u_k(a)), positive when k is
 * nearer a. ua is row a of ut (u_k(a) over k), uv points at column b0 of
 * the packed table. A macro, so that each width uses the CPU's own
 * vector type. wv[k] - zero broadcasts w_k exactly (x - 0 == x, -0.0
 * included).
 */
#define EU_VOTE_BLOCK(NAME, V, L, MAX, MIN, ATTR)                              \
    ATTR static void NAME(const double *uv, size_t st, const double *wv,       \
                          const double *ua, size_t n, double *pos,             \
                          double *neg)                                         \
    {                                                                          \
        const V zero = {0.0};                                                  \
        V p0 = zero, p1 = zero, p2 = zero, p3 = zero;                          \
        V q0 = zero, q1 = zero, q2 = zero, q3 = zero;                          \
        size_t k;                                                              \
                                                                               \
        for (k = 0; k < n; k++) {                                              \
            const double *row = uv + k * st;                                   \
            V wk = wv[k] - zero, uak = ua[k] - zero;                           \
                                                                               \
            EU_STEP(V, MAX, MIN, p0, q0, row);                                 \
            EU_STEP(V, MAX, MIN, p1, q1, row + (L));                           \
            EU_STEP(V, MAX, MIN, p2, q2, row + 2 * (L));                       \
            EU_STEP(V, MAX, MIN, p3, q3, row + 3 * (L));                       \
        }                                                                      \
        memcpy(pos, &p0, sizeof p0);                                           \
        memcpy(pos + (L), &p1, sizeof p1);                                     \
        memcpy(pos + 2 * (L), &p2, sizeof p2);                                 \
        memcpy(pos + 3 * (L), &p3, sizeof p3);                                 \
        memcpy(neg, &q0, sizeof q0);                                           \
        memcpy(neg + (L), &q1, sizeof q1);                                     \
        memcpy(neg + 2 * (L), &q2, sizeof q2);                                 \
        memcpy(neg + 3 * (L), &q3, sizeof q3);                                 \
    }
#endif

#if EU_DISPATCH
EU_VOTE_BLOCK(vote_block8, __m128d, 2, _mm_max_pd, _mm_min_pd, )
EU_VOTE_BLOCK(vote_block16, __m256d, 4, _mm256_max_pd, _mm256_min_pd,
              __attribute__((target("avx2"))))
EU_VOTE_BLOCK(vote_block32, __m512d, 8, _mm512_max_pd, _mm512_min_pd,
              __attribute__((target("avx512f"))))
#elif EU_VECTOR
typedef double eu_v2 __attribute__((vector_size(16)));
typedef int64_t eu_m2 __attribute__((vector_size(16)));
/* v > 0 ? v : +0.0 and v < 0 ? v : +0.0 through the compare masks. */
#define EU_MAX2(v, z) ((eu_v2)((eu_m2)(v) & (eu_m2)((v) > (z))))
#define EU_MIN2(v, z) ((eu_v2)((eu_m2)(v) & (eu_m2)((v) < (z))))
EU_VOTE_BLOCK(vote_block8, eu_v2, 2, EU_MAX2, EU_MIN2, )
#undef EU_MAX2
#undef EU_MIN2
#else
/* The same sums, one lane at a time (pairs side by side in t). */
static void vote_block8(const double *uv, size_t st, const double *wv,
                        const double *ua, size_t n, double *pos, double *neg)
{
    size_t k, t;

    for (t = 0; t < 8; t++)
        pos[t] = neg[t] = 0.0;
    for (k = 0; k < n; k++) {
        const double *row = uv + k * st;

        for (t = 0; t < 8; t++) {
            double v = wv[k] * (row[t] - ua[k]);

            pos[t] += v > 0.0 ? v : 0.0;
            neg[t] -= v < 0.0 ? v : 0.0;
        }
    }
}
#endif
#undef EU_STEP
#undef EU_VOTE_BLOCK

size_t dt__eu_lanes(void)
{
#if EU_DISPATCH
    if (__builtin_cpu_supports("avx512f"))
        return 32;
    if (__builtin_cpu_supports("avx2"))
        return 16;
#endif
    return 8;
}

void dt__eu_votes(size_t lanes, const double *uv, size_t st, const double *wv,
                  const double *ua, size_t n, double *pos, double *neg)
{
#if EU_DISPATCH
    if (lanes == 32) {
        vote_block32(uv, st, wv, ua, n, pos, neg);
        return;
    }
    if (lanes == 16) {
        vote_block16(uv, st, wv, ua, n, pos, neg);
        return;
    }
#else
    (void)lanes;
#endif
    vote_block8(uv, st, wv, ua, n, pos, neg);
}

void dt__eu_pack(double *uv, size_t st, const double *ut, size_t n,
                 const size_t *uniq, size_t nu)
{
    size_t k, u;

    for (k = 0; k < n; k++) {
        double *row = uv + k * st;

        for (u = 0; u < nu; u++)
            row[u] = ut[uniq[u] * n + k];
        for (; u < st; u++)
            row[u] = 0.0;
    }
}
