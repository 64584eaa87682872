/*
 * detente sweep: the outputs. One JSON document (jansson, %.17g numbers,
 * no timings or host names: byte-identical for a seed whatever the
 * thread or process count), a table for people, a CSV of the summaries,
 * and with --draws-out every draw as CSV. All written atomically.
 */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "cli_json.h"
#include "sweep_cli.h"

static const char *const qnames[DT_SWEEP_NQ] = {"q05", "q25", "q50", "q75",
                                                "q95"};

/* ",%.17g", or "," alone when v is NaN or infinite (no value). */
static void csv_num(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, ",%.17g", v);
    else
        fputc(',', f);
}

static const char *input_kind(dt_input_kind k)
{
    static const char *const n[] = {"position",    "salience",   "capability",
                                    "capability",  "status_quo", "no_deal",
                                    "no_deal_cost"};

    return (unsigned)k < 7 ? n[k] : "?";
}

static json_t *stats_json(const dt_sweep_stats *st)
{
    json_t *o = json_object();
    size_t k;

    cli_json_set(o, "n", json_integer((json_int_t)st->n));
    cli_json_set(o, "mean", cli_json_num(st->mean));
    cli_json_set(o, "sd", cli_json_num(st->sd));
    for (k = 0; k < DT_SWEEP_NQ; k++)
        cli_json_set(o, qnames[k], cli_json_num(st->q[k]));
    return o;
}

static json_t *inputs_json(const dt_sweep *s)
{
    const dt_scenario *sc = dt_sweep_scenario(s);
    json_t *a = json_array();
    size_t j;

    for (j = 0; j < dt_sweep_n_inputs(s); j++) {
        const dt_sweep_input *in = dt_sweep_get_input(s, j);
        json_t *o = json_object();

        cli_json_set(o, "input", json_string(in->label));
        cli_json_set(o, "kind", json_string(input_kind(in->kind)));
        cli_json_set(o, "actor",
                     in->actor != (size_t)-1
                         ? json_string(dt_scenario_actor(sc, in->actor)->id)
                         : json_null());
        cli_json_set(o, "issue",
                     in->issue != (size_t)-1
                         ? json_string(dt_scenario_issue(sc, in->issue)->id)
                         : json_null());
        cli_json_set(o, "value", cli_json_num(in->value));
        cli_json_set(
            o, "distribution",
            json_string(in->dist == DT_SPREAD_UNIFORM ? "uniform" : "normal"));
        if (in->dist == DT_SPREAD_NORMAL)
            cli_json_set(o, "sd", cli_json_num(in->sd));
        cli_json_set(o, "low", cli_json_num(in->lo));
        cli_json_set(o, "high", cli_json_num(in->hi));
        cli_json_set(o, "from_default", json_boolean(in->from_default));
        cli_json_set(o, "line", json_integer(in->loc.line));
        cli_json_set(o, "col", json_integer(in->loc.col));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *issues_json(const dt_sweep *s)
{
    const dt_scenario *sc = dt_sweep_scenario(s);
    json_t *a = json_array();
    size_t i, m;

    for (i = 0; i < dt_scenario_n_issues(sc); i++) {
        json_t *o = json_object(), *fc = json_object();

        cli_json_set(o, "issue", json_string(dt_scenario_issue(sc, i)->id));
        for (m = 0; m < dt_sweep_n_models(s); m++) {
            json_t *x = stats_json(dt_sweep_forecast_stats(s, i, m));

            cli_json_set(x, "base",
                         cli_json_num(dt_sweep_forecast_base(s, i, m)));
            cli_json_set(fc, dt_sweep_model(s, m)->name, x);
        }
        cli_json_set(o, "forecast", fc);
        if (dt_sweep_has_analysis(s))
            cli_json_set(o, "deal", stats_json(dt_sweep_deal_stats(s, i)));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *analysis_json(const dt_sweep *s)
{
    const dt_scenario *sc = dt_sweep_scenario(s);
    json_t *o, *red;
    size_t a, k;

    if (!dt_sweep_has_analysis(s))
        return json_null();
    o = json_object();
    red = json_object();
    cli_json_set(o, "p_zone", cli_json_num(dt_sweep_p_zone(s)));
    for (k = 0; k < dt_sweep_n_outputs(s); k++)
        if (dt_sweep_get_output(s, k)->kind == DT_OUTPUT_SURPLUS)
            cli_json_set(o, "surplus", stats_json(dt_sweep_output_stats(s, k)));
    cli_json_set(o, "durability", stats_json(dt_sweep_durability_stats(s)));
    for (a = 0; a < dt_scenario_n_actors(sc); a++)
        cli_json_set(red, dt_scenario_actor(sc, a)->id,
                     cli_json_num(dt_sweep_p_red_line(s, a)));
    cli_json_set(o, "p_red_line_crossed", red);
    return o;
}

static json_t *influence_json(const dt_sweep *s)
{
    json_t *a = json_array();
    size_t k, t, ni = dt_sweep_n_inputs(s);

    for (k = 0; k < dt_sweep_n_outputs(s); k++) {
        const size_t *rank = dt_sweep_influence_rank(s, k);
        json_t *o = json_object(), *r = json_array();

        cli_json_set(o, "output",
                     json_string(dt_sweep_get_output(s, k)->label));
        for (t = 0; t < ni; t++) {
            double rho = dt_sweep_influence(s, k, rank[t]);
            json_t *e;

            if (isnan(rho))
                break; /* NaN ranks last: the rest are undefined too */
            e = json_object();
            cli_json_set(e, "input",
                         json_string(dt_sweep_get_input(s, rank[t])->label));
            cli_json_set(e, "rho", cli_json_num(rho));
            json_array_append_new(r, e);
        }
        cli_json_set(o, "ranking", r);
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *drop_json(const dt_sweep *s)
{
    const dt_scenario *sc = dt_sweep_scenario(s);
    json_t *a;
    size_t i, m, t;

    if (!dt_sweep_has_drop_each(s))
        return json_null();
    a = json_array();
    for (i = 0; i < dt_scenario_n_issues(sc); i++)
        for (m = 0; m < dt_sweep_n_models(s); m++) {
            const size_t *rank = dt_sweep_drop_rank(s, i, m);
            json_t *o = json_object(), *r = json_array();

            cli_json_set(o, "issue", json_string(dt_scenario_issue(sc, i)->id));
            cli_json_set(o, "model", json_string(dt_sweep_model(s, m)->name));
            for (t = 0; t < dt_scenario_n_actors(sc); t++) {
                size_t ac = rank[t];
                double sh = dt_sweep_drop_shift(s, ac, i, m);
                json_t *e;

                if (isnan(sh))
                    continue; /* no stake in this issue */
                e = json_object();
                cli_json_set(e, "actor",
                             json_string(dt_scenario_actor(sc, ac)->id));
                cli_json_set(e, "mean_abs_shift", cli_json_num(sh));
                cli_json_set(e, "without",
                             stats_json(dt_sweep_drop_stats(s, ac, i, m)));
                json_array_append_new(r, e);
            }
            cli_json_set(o, "ranking", r);
            json_array_append_new(a, o);
        }
    return a;
}

static int write_json(FILE *f, const struct sweep_cfg *cfg, const dt_sweep *s,
                      const struct sweep_status *st)
{
    const dt_scenario *sc = dt_sweep_scenario(s);
    json_t *doc = json_object(), *models = json_array(), *lv = json_array();
    size_t m, k;
    int rc;

    for (m = 0; m < dt_sweep_n_models(s); m++)
        json_array_append_new(models, json_string(dt_sweep_model(s, m)->name));
    for (k = 0; k < DT_SWEEP_NQ; k++)
        json_array_append_new(lv, json_real(dt_sweep_levels[k]));
    cli_json_set(doc, "command", json_string("sweep"));
    cli_json_set(doc, "version", json_string(dt_version()));
    cli_json_set(doc, "scenario", cli_json_str(dt_scenario_name(sc)));
    cli_json_set(doc, "file", json_string(cfg->file));
    cli_json_set(doc, "seed", json_integer((json_int_t)dt_sweep_seed(s)));
    cli_json_set(doc, "draws", json_integer((json_int_t)dt_sweep_n_draws(s)));
    cli_json_set(doc, "draws_done",
                 json_integer((json_int_t)dt_sweep_n_done(s)));
    cli_json_set(doc, "complete",
                 json_boolean(dt_sweep_n_done(s) == dt_sweep_n_draws(s)));
    if (st->interrupted)
        cli_json_set(doc, "note",
                     json_string("interrupted: the summaries cover only the "
                                 "draws finished"));
    cli_json_set(doc, "models", models);
    cli_json_set(doc, "quantile_levels", lv);
    cli_json_set(doc, "quantile_definition", json_string("Hyndman-Fan type 7"));
    cli_json_set(doc, "influence_method",
                 json_string("Spearman rank correlation"));
    cli_json_set(doc, "analysis_per_draw",
                 json_boolean(dt_sweep_has_analysis(s)));
    cli_json_set(doc, "inputs", inputs_json(s));
    cli_json_set(doc, "issues", issues_json(s));
    cli_json_set(doc, "analysis", analysis_json(s));
    cli_json_set(doc, "influence", influence_json(s));
    cli_json_set(doc, "drop_each", drop_json(s));
    rc = json_dumpf(doc, f, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
    fputc('\n', f);
    json_decref(doc);
    return rc == 0;
}

/* ----- Table. ----- */

static void stats_row(FILE *f, const char *a, const char *b,
                      const dt_sweep_stats *st)
{
    size_t k;

    fprintf(f, "  %-22s %-8s %7zu", a, b, st->n);
    for (k = 0; k < DT_SWEEP_NQ; k++)
        fprintf(f, " %7.2f", st->q[k]);
    fprintf(f, " %7.2f %7.2f\n", st->mean, st->sd);
}

static void stats_head(FILE *f, const char *a, const char *b)
{
    fprintf(f, "  %-22s %-8s %7s %7s %7s %7s %7s %7s %7s %7s\n", a, b, "n",
            "5%", "25%", "50%", "75%", "95%", "mean", "sd");
}

static int write_table(FILE *f, const struct sweep_cfg *cfg, const dt_sweep *s,
                       const struct sweep_status *st)
{
    const dt_scenario *sc = dt_sweep_scenario(s);
    size_t i, m, k, t, ni = dt_sweep_n_inputs(s);

    fprintf(f, "%s: sweep of '%s'\n", cfg->file, dt_scenario_name(sc));
    fprintf(f, "  %zu of %zu draws, seed %" PRIu64 ", %zu uncertain inputs%s\n",
            dt_sweep_n_done(s), dt_sweep_n_draws(s), dt_sweep_seed(s), ni,
            st->interrupted ? " (INTERRUPTED: partial results)" : "");
    fputs("  quantiles: Hyndman-Fan type 7; influence: Spearman rank "
          "correlation\n\nforecasts\n",
          f);
    stats_head(f, "issue", "model");
    for (i = 0; i < dt_scenario_n_issues(sc); i++)
        for (m = 0; m < dt_sweep_n_models(s); m++)
            stats_row(f, dt_scenario_issue(sc, i)->id,
                      dt_sweep_model(s, m)->name,
                      dt_sweep_forecast_stats(s, i, m));
    if (dt_sweep_has_analysis(s)) {
        fprintf(f, "\nanalysis\n  P(zone of agreement exists) = %.4f\n",
                dt_sweep_p_zone(s));
        stats_head(f, "deal point", "");
        for (i = 0; i < dt_scenario_n_issues(sc); i++)
            stats_row(f, dt_scenario_issue(sc, i)->id, "",
                      dt_sweep_deal_stats(s, i));
        stats_row(f, "durability", "", dt_sweep_durability_stats(s));
        fputs("  P(red line crossed by the proposal)\n", f);
        for (k = 0; k < dt_scenario_n_actors(sc); k++)
            fprintf(f, "    %-20s %.4f\n", dt_scenario_actor(sc, k)->id,
                    dt_sweep_p_red_line(s, k));
    }
    fputs("\nwhat matters most (Spearman rho, top 5 per result)\n", f);
    for (k = 0; k < dt_sweep_n_outputs(s); k++) {
        const size_t *rank = dt_sweep_influence_rank(s, k);

        fprintf(f, "  %s\n", dt_sweep_get_output(s, k)->label);
        for (t = 0; t < ni && t < 5; t++) {
            double rho = dt_sweep_influence(s, k, rank[t]);

            if (isnan(rho)) {
                if (t == 0)
                    fputs("    (constant over the draws)\n", f);
                break;
            }
            fprintf(f, "    %+.3f  %s\n", rho,
                    dt_sweep_get_input(s, rank[t])->label);
        }
    }
    if (dt_sweep_has_drop_each(s)) {
        fputs("\ndrop each actor (mean |shift| of the forecast; median "
              "without)\n",
              f);
        for (i = 0; i < dt_scenario_n_issues(sc); i++)
            for (m = 0; m < dt_sweep_n_models(s); m++) {
                const size_t *rank = dt_sweep_drop_rank(s, i, m);

                fprintf(f, "  %s / %s\n", dt_scenario_issue(sc, i)->id,
                        dt_sweep_model(s, m)->name);
                for (t = 0; t < dt_scenario_n_actors(sc); t++) {
                    double sh = dt_sweep_drop_shift(s, rank[t], i, m);

                    if (isnan(sh))
                        continue;
                    fprintf(f, "    %-20s %8.3f %8.2f\n",
                            dt_scenario_actor(sc, rank[t])->id, sh,
                            dt_sweep_drop_stats(s, rank[t], i, m)->q[2]);
                }
            }
    }
    return !ferror(f);
}

/* ----- CSV of the summaries. ----- */

static void csv_stats(FILE *f, uint64_t seed, const char *section,
                      const char *a, const char *b, double value,
                      const dt_sweep_stats *st)
{
    size_t k;

    fprintf(f, "%" PRIu64 ",%s,%s,%s", seed, section, a, b);
    csv_num(f, value);
    fprintf(f, ",%zu", st ? st->n : 0);
    csv_num(f, st ? st->mean : (double)NAN);
    csv_num(f, st ? st->sd : (double)NAN);
    for (k = 0; k < DT_SWEEP_NQ; k++)
        csv_num(f, st ? st->q[k] : (double)NAN);
    fputc('\n', f);
}

static int write_csv(FILE *f, const dt_sweep *s)
{
    const dt_scenario *sc = dt_sweep_scenario(s);
    uint64_t seed = dt_sweep_seed(s);
    size_t i, m, k, j, a;

    fputs("seed,section,name,detail,value,n,mean,sd,q05,q25,q50,q75,q95\n", f);
    csv_stats(f, seed, "draws", "done", "", (double)dt_sweep_n_done(s), NULL);
    for (i = 0; i < dt_scenario_n_issues(sc); i++)
        for (m = 0; m < dt_sweep_n_models(s); m++)
            csv_stats(f, seed, "forecast", dt_scenario_issue(sc, i)->id,
                      dt_sweep_model(s, m)->name,
                      dt_sweep_forecast_base(s, i, m),
                      dt_sweep_forecast_stats(s, i, m));
    if (dt_sweep_has_analysis(s)) {
        csv_stats(f, seed, "p_zone", "", "", dt_sweep_p_zone(s), NULL);
        for (i = 0; i < dt_scenario_n_issues(sc); i++)
            csv_stats(f, seed, "deal", dt_scenario_issue(sc, i)->id, "", NAN,
                      dt_sweep_deal_stats(s, i));
        csv_stats(f, seed, "durability", "", "", NAN,
                  dt_sweep_durability_stats(s));
        for (a = 0; a < dt_scenario_n_actors(sc); a++)
            csv_stats(f, seed, "p_red_line", dt_scenario_actor(sc, a)->id, "",
                      dt_sweep_p_red_line(s, a), NULL);
    }
    for (k = 0; k < dt_sweep_n_outputs(s); k++)
        for (j = 0; j < dt_sweep_n_inputs(s); j++)
            csv_stats(f, seed, "influence", dt_sweep_get_output(s, k)->label,
                      dt_sweep_get_input(s, j)->label,
                      dt_sweep_influence(s, k, j), NULL);
    if (dt_sweep_has_drop_each(s))
        for (a = 0; a < dt_scenario_n_actors(sc); a++)
            for (i = 0; i < dt_scenario_n_issues(sc); i++)
                for (m = 0; m < dt_sweep_n_models(s); m++) {
                    char d[256];

                    snprintf(d, sizeof d, "%s/%s", dt_scenario_issue(sc, i)->id,
                             dt_sweep_model(s, m)->name);
                    csv_stats(f, seed, "drop", dt_scenario_actor(sc, a)->id, d,
                              dt_sweep_drop_shift(s, a, i, m),
                              dt_sweep_drop_stats(s, a, i, m));
                }
    return !ferror(f);
}

int sweep_write(const struct sweep_cfg *cfg, const dt_sweep *s,
                const struct sweep_status *st)
{
    cli_out out;
    int ok;

    if (cli_out_open(&out, cfg->out) != CLI_OK)
        return CLI_IO;
    if (cfg->format == SW_JSON)
        ok = write_json(out.f, cfg, s, st);
    else if (cfg->format == SW_CSV)
        ok = write_csv(out.f, s);
    else
        ok = write_table(out.f, cfg, s, st);
    if (cli_out_close(&out, ok) != CLI_OK)
        return CLI_IO;
    if (!ok) {
        cli_error("cannot write %s", cfg->out ? cfg->out : "the output");
        return CLI_IO;
    }
    return CLI_OK;
}

int sweep_write_draws(const struct sweep_cfg *cfg, const dt_sweep *s)
{
    const dt_scenario *sc = dt_sweep_scenario(s);
    size_t ni = dt_sweep_n_inputs(s), no = dt_sweep_n_outputs(s);
    size_t d, j, a, i, m, na = dt_scenario_n_actors(sc);
    size_t nd = dt_sweep_has_drop_each(s) ? na : 0;
    cli_out out;
    FILE *f;

    if (cli_out_open(&out, cfg->draws_out) != CLI_OK)
        return CLI_IO;
    f = out.f;
    fputs("seed,draw", f);
    for (j = 0; j < ni; j++)
        fprintf(f, ",%s", dt_sweep_get_input(s, j)->label);
    for (j = 0; j < no; j++)
        fprintf(f, ",%s", dt_sweep_get_output(s, j)->label);
    for (a = 0; a < nd; a++)
        for (i = 0; i < dt_scenario_n_issues(sc); i++)
            for (m = 0; m < dt_sweep_n_models(s); m++)
                fprintf(f, ",without %s: forecast %s/%s",
                        dt_scenario_actor(sc, a)->id,
                        dt_sweep_model(s, m)->name,
                        dt_scenario_issue(sc, i)->id);
    fputc('\n', f);
    for (d = 0; d < dt_sweep_n_draws(s); d++) {
        if (!dt_sweep_done(s, d))
            continue;
        fprintf(f, "%" PRIu64 ",%zu", dt_sweep_seed(s), d);
        for (j = 0; j < ni; j++)
            csv_num(f, dt_sweep_input_draws(s, j)[d]);
        for (j = 0; j < no; j++)
            csv_num(f, dt_sweep_output_draws(s, j)[d]);
        for (a = 0; a < nd; a++)
            for (i = 0; i < dt_scenario_n_issues(sc); i++)
                for (m = 0; m < dt_sweep_n_models(s); m++)
                    csv_num(f, dt_sweep_drop_draws(s, a, i, m)[d]);
        fputc('\n', f);
    }
    return cli_out_close(&out, !ferror(f)) == CLI_OK ? CLI_OK : CLI_IO;
}
