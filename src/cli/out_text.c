/*
 * Terminal-table and CSV writers of the forecast command. Tables are
 * meant for reading: per issue the models' forecasts and stop reasons,
 * then each actor's distance from each forecast; --trajectory adds the
 * positions round by round. CSV is one row per issue and model, or with
 * --trajectory one row per issue, model, round and actor.
 */
#include <math.h>
#include <string.h>

#include "forecast.h"

/*
 * Print `lead` then `text`, wrapped at 78 columns on spaces; continuation
 * lines are indented by `indent` spaces.
 */
static void wrap(FILE *f, const char *lead, const char *text, int indent)
{
    int col = fprintf(f, "%s", lead), line_start = 1;

    while (*text) {
        int word = (int)strcspn(text, " \n");

        if (!line_start && col + 1 + word > 78) {
            fprintf(f, "\n%*s", indent, "");
            col = indent;
            line_start = 1;
        }
        if (!line_start) {
            fputc(' ', f);
            col++;
        }
        fprintf(f, "%.*s", word, text);
        col += word;
        line_start = 0;
        text += word;
        while (*text == ' ' || *text == '\n')
            text++;
    }
    fputc('\n', f);
}

/* Print v with fmt, or "n/a" in the same width when v is NaN. */
static void put_num(FILE *f, const char *fmt, double v)
{
    if (isfinite(v))
        fprintf(f, fmt, v);
    else
        fprintf(f, " %9s", "n/a");
}

/* Print v with %.17g, or nothing when v is NaN (an empty CSV cell). */
static void csv_num(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.17g", v);
}

static void stop_text(const dt_model_result *r, char *buf, size_t n)
{
    const char *rounds = r->rounds == 1 ? "round" : "rounds";

    switch (r->stop) {
    case DT_STOP_CYCLE:
        snprintf(buf, n, "cycle of period %u after %u %s", r->period, r->rounds,
                 rounds);
        break;
    case DT_STOP_ROUND_CAP:
        snprintf(buf, n, "round cap after %u %s", r->rounds, rounds);
        break;
    default:
        snprintf(buf, n, "%s after %u %s", dt_stop_str(r->stop), r->rounds,
                 rounds);
        break;
    }
}

/* The offers an expected-utility run executed, round by round. */
static void table_offers(FILE *f, const dt_line *l, const struct fc_run *run)
{
    size_t k;

    if (!run->has_offers)
        return;
    fprintf(f, "\n  accepted offers (receiver moves towards proposer)\n");
    if (run->n_offers == 0)
        fprintf(f, "  none\n");
    for (k = 0; k < run->n_offers; k++) {
        const dt_eu_offer *o = &run->offers[k].offer;

        fprintf(f, "  round %3u  %-12s %-13s from %-12s %8.3f -> %8.3f\n",
                run->offers[k].round, l->ids[o->receiver],
                dt_eu_class_str(o->type), l->ids[o->proposer], o->from, o->to);
    }
}

static void table_issue(FILE *f, const dt_scenario *sc, size_t i,
                        const struct fc_config *cfg, const struct fc_issue *fi)
{
    const dt_issue *is = dt_scenario_issue(sc, i);
    const dt_line *l = fi->line;
    size_t m, k, r;
    dt_value obs;
    char buf[96];

    fprintf(f, "\n%s: %s\n", is->id, is->name);
    if (is->low)
        wrap(f, "  0 = ", is->low, 8);
    if (is->high)
        wrap(f, "  100 = ", is->high, 8);
    if (is->has_status_quo)
        fprintf(f, "  status quo %.2f\n", is->status_quo.v);
    if (dt_scenario_outcome_value(sc, i, &obs))
        fprintf(f, "  observed outcome %.2f\n", obs.v);
    fprintf(f, "\n  %-8s %9s %9s %9s  %s\n", "model", "forecast", "mean",
            "median", "stop");
    for (m = 0; m < cfg->n_models; m++) {
        const dt_model_result *res = &fi->runs[m].r;

        stop_text(res, buf, sizeof buf);
        fprintf(f, "  %-8s", cfg->models[m]->name);
        put_num(f, " %9.2f", res->point);
        put_num(f, " %9.2f", res->mean);
        put_num(f, " %9.2f", res->median);
        fprintf(f, "  %s\n", buf);
    }
    fprintf(f, "\n  %-16s %-8s %8s %8s %8s", "actor", "role", "position",
            "salience", "capab.");
    for (m = 0; m < cfg->n_models; m++) {
        snprintf(buf, sizeof buf, "|d %s|", cfg->models[m]->name);
        fprintf(f, " %9s", buf);
    }
    fputc('\n', f);
    for (k = 0; k < l->n; k++) {
        const dt_actor *ac = dt_scenario_actor(sc, l->actor[k]);
        const dt_stake *st = dt_scenario_stake(sc, l->actor[k], i);

        fprintf(f, "  %-16s %-8s %8.2f %8.2f %8.2f", ac->id,
                ac->role == DT_ROLE_TABLE ? "table" : "excluded", l->x[k],
                st->salience.v, l->c[k]);
        for (m = 0; m < cfg->n_models; m++)
            put_num(f, " %9.2f", fabs(fi->runs[m].r.point - l->x[k]));
        fputc('\n', f);
    }
    if (!cfg->trajectory)
        return;
    for (m = 0; m < cfg->n_models; m++) {
        const dt_trace *t = &fi->runs[m].trace;

        fprintf(f, "\n  %s, round by round\n  %5s %8s %8s",
                cfg->models[m]->name, "round", "mean", "median");
        for (k = 0; k < l->n; k++)
            fprintf(f, " %8.8s", l->ids[k]);
        fputc('\n', f);
        for (r = 0; r < t->rounds; r++) {
            fprintf(f, "  %5zu %8.3f %8.3f", r, t->mean[r], t->median[r]);
            for (k = 0; k < l->n; k++)
                fprintf(f, " %8.3f", t->x[r * t->n + k]);
            fputc('\n', f);
        }
        table_offers(f, l, &fi->runs[m]);
    }
}

int fc_write_table(FILE *f, const dt_scenario *sc, const struct fc_config *cfg,
                   const struct fc_result *res)
{
    size_t na = dt_scenario_n_actors(sc), a, i, table = 0;
    const dt_outcome *oc = dt_scenario_outcome(sc);

    for (a = 0; a < na; a++)
        table += dt_scenario_actor(sc, a)->role == DT_ROLE_TABLE;
    fprintf(f, "%s", dt_scenario_name(sc));
    if (dt_scenario_date(sc))
        fprintf(f, " (%s)", dt_scenario_date(sc));
    fprintf(f, "\n%zu issue%s; %zu actor%s, %zu at the table, %zu excluded\n",
            res->n_issues, res->n_issues == 1 ? "" : "s", na,
            na == 1 ? "" : "s", table, na - table);
    if (cfg->preset)
        fprintf(f, "preset %s\n", cfg->preset);
    for (i = 0; i < res->n_issues; i++)
        table_issue(f, sc, i, cfg, &res->issues[i]);
    fc_write_exchanges(f, sc, res);
    if (oc && oc->description) {
        fputc('\n', f);
        wrap(f, "observed: ", oc->description, 2);
    }
    return ferror(f) ? CLI_IO : CLI_OK;
}

/* Write s as a CSV field, quoted when it holds a comma, quote or newline. */
static void csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

int fc_write_csv(FILE *f, const dt_scenario *sc, const struct fc_config *cfg,
                 const struct fc_result *res)
{
    size_t i, m, r, k;

    if (cfg->trajectory)
        fputs("issue,model,round,mean,median,actor,position\n", f);
    else
        fputs("issue,model,point,mean,median,stop,rounds,period\n", f);
    for (i = 0; i < res->n_issues; i++) {
        const struct fc_issue *fi = &res->issues[i];
        const char *id = dt_scenario_issue(sc, i)->id;

        for (m = 0; m < cfg->n_models; m++) {
            const struct fc_run *run = &fi->runs[m];
            const dt_trace *t = &run->trace;

            if (!cfg->trajectory) {
                csv_field(f, id);
                fprintf(f, ",%s,", cfg->models[m]->name);
                csv_num(f, run->r.point);
                fputc(',', f);
                csv_num(f, run->r.mean);
                fputc(',', f);
                csv_num(f, run->r.median);
                fprintf(f, ",%s,%u,", dt_stop_str(run->r.stop), run->r.rounds);
                if (run->r.stop == DT_STOP_CYCLE)
                    fprintf(f, "%u", run->r.period);
                fputc('\n', f);
                continue;
            }
            for (r = 0; r < t->rounds; r++) {
                for (k = 0; k < fi->line->n; k++) {
                    csv_field(f, id);
                    fprintf(f, ",%s,%zu,%.17g,%.17g,", cfg->models[m]->name, r,
                            t->mean[r], t->median[r]);
                    csv_field(f, fi->line->ids[k]);
                    fprintf(f, ",%.17g\n", t->x[r * t->n + k]);
                }
            }
        }
    }
    return ferror(f) ? CLI_IO : CLI_OK;
}
