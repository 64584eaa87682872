/*
 * One draw of a sweep: every uncertain input gets one uniform number from
 * the draw's own stream dt_rng_stream(seed, d), in input order, turned
 * into a value by inverse-CDF sampling:
 *   uniform on [lo, hi]:   x = lo + u (hi - lo);
 *   normal(v, sd) truncated to [lo, hi]:
 *       x = v + sd Phi^-1(Phi(a) + u (Phi(b) - Phi(a))),
 *       a = (lo - v) / sd, b = (hi - v) / sd
 * (Devroye 1986, "Non-Uniform Random Variate Generation", II.2: the
 * inversion method; Phi and Phi^-1 from GSL). This is exactly the
 * distribution that resampling until the value is in range gives, with
 * one uniform per input (so draws stay aligned across inputs) and no
 * point mass at the bounds, which clamping would create (docs/analysis.md
 * "Sweep"). The values are set in the worker's clone of the scenario
 * through its parameter slots; nothing is allocated.
 */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "mc/mc_int.h"

double dt__mc_sample(const dt_sweep_input *in, double u)
{
    double x, pa, pb, p;

    if (in->dist == DT_SPREAD_UNIFORM)
        return in->lo + u * (in->hi - in->lo);
    if (in->dist == DT_SPREAD_MIXTURE) /* analysts' estimates.h mixture */
        return dt_estimates_sample(in->mix, in->slot, u);
    pa = isfinite(in->lo) ? gsl_cdf_ugaussian_P((in->lo - in->value) / in->sd)
                          : 0.0;
    pb = isfinite(in->hi) ? gsl_cdf_ugaussian_P((in->hi - in->value) / in->sd)
                          : 1.0;
    p = pa + u * (pb - pa);
    x = in->value + in->sd * gsl_cdf_ugaussian_Pinv(p);
    /* Rounding at the extremes may step just outside. */
    if (!(x >= in->lo))
        x = in->lo;
    if (!(x <= in->hi))
        x = in->hi;
    return x;
}

void dt__mc_draw(const dt_sweep *s, dt__mc_ws *w, uint64_t d)
{
    dt_rng r;
    size_t j;

    dt_rng_stream(&r, s->o.seed, d);
    for (j = 0; j < s->n_in; j++) {
        /* u in (0, 1): 53 random bits, centred, never 0 or 1. */
        double u = ((double)(dt_rng_next(&r) >> 11) + 0.5) * 0x1.0p-53;

        w->val[j] = dt__mc_sample(&s->in[j], u);
        /* Sampled within the slot's range: setting it cannot fail. */
        (void)dt_scenario_slot_set(w->sc, s->in[j].slot, w->val[j], NULL);
    }
}
