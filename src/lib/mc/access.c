/* Accessors of a reduced sweep (include/detente/sweep.h). */
#include <math.h>

#include "mc/mc_int.h"

uint64_t dt_sweep_seed(const dt_sweep *s)
{
    return s->o.seed;
}

size_t dt_sweep_n_draws(const dt_sweep *s)
{
    return s->n_draws;
}

size_t dt_sweep_n_done(const dt_sweep *s)
{
    return s->n_done;
}

const dt_scenario *dt_sweep_scenario(const dt_sweep *s)
{
    return s->base;
}

size_t dt_sweep_n_models(const dt_sweep *s)
{
    return s->n_models;
}

const dt_model_type *dt_sweep_model(const dt_sweep *s, size_t m)
{
    return m < s->n_models ? s->models[m] : NULL;
}

static int fc_ok(const dt_sweep *s, size_t issue, size_t model)
{
    return issue < s->n_issues && model < s->n_models;
}

const double *dt_sweep_forecasts(const dt_sweep *s, size_t issue, size_t model)
{
    return fc_ok(s, issue, model) ? dt__mc_out(s, issue * s->n_models + model)
                                  : NULL;
}

const dt_sweep_stats *dt_sweep_forecast_stats(const dt_sweep *s, size_t issue,
                                              size_t model)
{
    if (!fc_ok(s, issue, model) || !s->stats)
        return &s->nan_stats;
    return &s->stats[issue * s->n_models + model];
}

double dt_sweep_forecast_base(const dt_sweep *s, size_t issue, size_t model)
{
    return fc_ok(s, issue, model) ? s->base_fc[issue * s->n_models + model]
                                  : (double)NAN;
}

int dt_sweep_has_analysis(const dt_sweep *s)
{
    return s->analysis;
}

double dt_sweep_p_ratified(const dt_sweep *s)
{
    return s->p_rat;
}

double dt_sweep_p_zone(const dt_sweep *s)
{
    return s->p_zone;
}

const dt_sweep_stats *dt_sweep_deal_stats(const dt_sweep *s, size_t issue)
{
    if (!s->analysis || issue >= s->n_issues || !s->stats)
        return &s->nan_stats;
    return &s->stats[s->out_deal + issue];
}

const dt_sweep_stats *dt_sweep_durability_stats(const dt_sweep *s)
{
    if (!s->analysis || !s->stats)
        return &s->nan_stats;
    return &s->stats[s->out_dur];
}

double dt_sweep_p_red_line(const dt_sweep *s, size_t actor)
{
    if (!s->analysis || actor >= s->n_actors || !s->p_red)
        return NAN;
    return s->p_red[actor];
}

size_t dt_sweep_n_inputs(const dt_sweep *s)
{
    return s->n_in;
}

const dt_sweep_input *dt_sweep_get_input(const dt_sweep *s, size_t j)
{
    return j < s->n_in ? &s->in[j] : NULL;
}

const double *dt_sweep_input_draws(const dt_sweep *s, size_t j)
{
    return j < s->n_in ? dt__mc_in(s, j) : NULL;
}

const dt_sweep_stats *dt_sweep_input_stats(const dt_sweep *s, size_t j)
{
    return j < s->n_in && s->in_stats ? &s->in_stats[j] : &s->nan_stats;
}

size_t dt_sweep_n_outputs(const dt_sweep *s)
{
    return s->n_out;
}

const dt_sweep_output *dt_sweep_get_output(const dt_sweep *s, size_t k)
{
    return k < s->n_out ? &s->out[k] : NULL;
}

const double *dt_sweep_output_draws(const dt_sweep *s, size_t k)
{
    return k < s->n_out ? dt__mc_out(s, k) : NULL;
}

const dt_sweep_stats *dt_sweep_output_stats(const dt_sweep *s, size_t k)
{
    return k < s->n_out && s->stats ? &s->stats[k] : &s->nan_stats;
}

double dt_sweep_influence(const dt_sweep *s, size_t k, size_t j)
{
    if (k >= s->n_out || j >= s->n_in || !s->infl_row || !s->infl ||
        s->infl_row[k] == SIZE_MAX)
        return NAN;
    return s->infl[s->infl_row[k] * s->n_in + j];
}

const size_t *dt_sweep_influence_rank(const dt_sweep *s, size_t k)
{
    if (k >= s->n_out || !s->infl_row || !s->infl_rank)
        return NULL;
    if (s->infl_row[k] == SIZE_MAX)
        return s->infl_ident;
    return s->infl_rank + s->infl_row[k] * s->n_in;
}

int dt_sweep_has_drop_each(const dt_sweep *s)
{
    return s->n_drop > 0;
}

static int drop_ok(const dt_sweep *s, size_t a, size_t i, size_t m)
{
    return s->n_drop && a < s->n_actors && i < s->n_issues && m < s->n_models;
}

const dt_sweep_stats *dt_sweep_drop_stats(const dt_sweep *s, size_t actor,
                                          size_t issue, size_t model)
{
    if (!drop_ok(s, actor, issue, model) || !s->drop_stats)
        return &s->nan_stats;
    return &s->drop_stats[(actor * s->n_issues + issue) * s->n_models + model];
}

const double *dt_sweep_drop_draws(const dt_sweep *s, size_t actor, size_t issue,
                                  size_t model)
{
    return drop_ok(s, actor, issue, model) ? dt__mc_drop(s, actor, issue, model)
                                           : NULL;
}

double dt_sweep_drop_shift(const dt_sweep *s, size_t actor, size_t issue,
                           size_t model)
{
    if (!drop_ok(s, actor, issue, model) || !s->drop_shift)
        return NAN;
    return s->drop_shift[(actor * s->n_issues + issue) * s->n_models + model];
}

const size_t *dt_sweep_drop_rank(const dt_sweep *s, size_t issue, size_t model)
{
    if (!drop_ok(s, 0, issue, model) || !s->drop_rank)
        return NULL;
    return s->drop_rank + (issue * s->n_models + model) * s->n_actors;
}

double dt_sweep_output_base(const dt_sweep *s, size_t k)
{
    return k < s->n_out && s->base_out ? s->base_out[k] : (double)NAN;
}

double dt_sweep_output_bimodality(const dt_sweep *s, size_t k)
{
    return k < s->n_out && s->bc ? s->bc[k] : (double)NAN;
}

int dt_sweep_output_constant(const dt_sweep *s, size_t k)
{
    const dt_sweep_stats *st = dt_sweep_output_stats(s, k);

    return st->n < 2 || !(st->sd > 0.0);
}

/* Binary results (0/1 per draw): no shape to flag as bimodal. */
static int binary(dt_output_kind kind)
{
    return kind == DT_OUTPUT_ZONE || kind == DT_OUTPUT_RED_LINE ||
           kind == DT_OUTPUT_RATIFIED;
}

unsigned dt_sweep_output_flags(const dt_sweep *s, size_t k)
{
    const dt_sweep_stats *st;
    double b, tol;
    unsigned f = 0;

    if (k >= s->n_out || !s->stats)
        return 0;
    st = &s->stats[k];
    b = s->base_out ? s->base_out[k] : (double)NAN;
    /* Rounding must not make a constant result fragile. */
    tol = 1e-9 * (1.0 + fabs(b));
    if (st->n > 0 && isfinite(b) &&
        (b < st->q[0] - tol || b > st->q[DT_SWEEP_NQ - 1] + tol))
        f |= DT_SWEEP_FRAGILE;
    if (!binary(s->out[k].kind) && st->n >= DT_SWEEP_BIMODAL_MIN_N &&
        s->bc[k] > DT_SWEEP_BIMODAL_B)
        f |= DT_SWEEP_BIMODAL;
    return f;
}

size_t dt_sweep_n_kept(const dt_sweep *s)
{
    return s->n_keep;
}

size_t dt_sweep_n_streamed(const dt_sweep *s)
{
    return s->n_streamed_done;
}

size_t dt_sweep_memory(const dt_sweep *s)
{
    size_t k = s->n_keep, d = sizeof(double);
    size_t kept = k * (s->rec * d + 1);
    /* The reduction's peak: the statistics' scratch, then influence.c's
     * masks, input ranks and per-worker arrays. */
    size_t stats = (size_t)s->n_red * (k + 1) * d;
    size_t infl = k * (s->n_out + s->n_in * d + 3 * d * s->n_red);
    size_t streams = 0, summaries;

    if (s->st.col)
        streams = (2 + (size_t)s->n_ws) * (s->rec * sizeof(dt__mc_colsum) +
                                           s->n_drop * sizeof(dt__mc_dropsum));
    summaries = (s->n_out + s->n_in + s->n_drop) * sizeof(dt_sweep_stats) +
                s->n_out * s->n_in * (d + sizeof(size_t)) +
                (size_t)s->n_ws * s->rec * d;
    return kept + (stats > infl ? stats : infl) + streams + summaries;
}
