/*
 * Reports: what a report computes (forecasts with their rounds, the
 * summit analysis, the sweep, input hashes) and the sections it is made
 * of. Each section is one function appending to the document
 * (report_int.h); a new capability adds a section here and both the HTML
 * and the PDF show it. Contents: docs/reports.md.
 */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_int.h"
#include <detente/diff.h>
#include <detente/forecast.h>
#include <detente/score.h>

/* One phase of a scenario (docs/scenario-format.md, "Phases"). */
typedef struct rp_phase {
    dt_scenario *sc; /* the scenario as of this phase (owned) */
    dt_forecast *fc; /* every model on it (owned) */
    dt_analysis *an; /* its analysis, or NULL */
} rp_phase;

/* One input scenario and everything computed for it. */
typedef struct rp_scn {
    const dt_scenario *sc; /* borrowed */
    char *label;           /* file name shown */
    char sha[65];          /* SHA-256 of the bytes, hex, or "" */
    size_t n_issues;       /* issues */
    dt_chart_runs *runs;   /* every model on every issue, issue-major */
    dt_analysis *an;       /* or NULL */
    char an_why[600];      /* why there is no analysis, or "" */
    dt_chart_input cin;    /* for the charts: sc, runs, analysis, dists */
    dt_sweep_rep *sweep;   /* the sweep's part (report_sweep.c), or NULL */
    dt_sobol *sobol;       /* the variance decomposition, or NULL */
    dt_forecast *fc;       /* every model, for explanations and scores */
    size_t n_phases;       /* entries in ph */
    rp_phase *ph;          /* each phase, in order, or NULL */
} rp_scn;

struct dt_report {
    size_t n;                      /* scenarios */
    rp_scn *s;                     /* n entries */
    const dt_model_type **models;  /* forecast models */
    size_t n_models;               /* entries in models */
    dt_report_opts opts;           /* as given (models, command copied) */
    char *command;                 /* copied command line, or NULL */
    const dt_model_type *an_model; /* analysis model */
    dt_chart_input *cmp;           /* n inputs for the compare chart */
    size_t n_alloc;                /* entries allocated in s and cmp */
    const dt_allocator *alloc;     /* the first scenario's hook */
};

static char *xstrdup(const dt_allocator *al, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = dt__alloc(al, n);

    if (p)
        memcpy(p, s, n);
    return p;
}

static void scn_release(const dt_report *rep, rp_scn *s)
{
    dt_chart_runs_free(s->runs);
    if (s->label)
        dt__free(rep->alloc, s->label, strlen(s->label) + 1);
    dt_analysis_free(s->an);
    dt__report_sweep_free(s->sweep);
    dt_sobol_free(s->sobol);
    dt_forecast_free(s->fc);
    for (size_t k = 0; s->ph && k < s->n_phases; k++) {
        dt_analysis_free(s->ph[k].an);
        dt_forecast_free(s->ph[k].fc);
        dt_scenario_free(s->ph[k].sc);
    }
    if (s->ph)
        dt__free(rep->alloc, s->ph, s->n_phases * sizeof *s->ph);
}

void dt_report_free(dt_report *rep)
{
    size_t i;

    if (!rep)
        return;
    for (i = 0; rep->s && i < rep->n; i++)
        scn_release(rep, &rep->s[i]);
    dt__free(rep->alloc, rep->s, rep->n_alloc * sizeof *rep->s);
    dt__free(rep->alloc, rep->models,
             (rep->n_models ? rep->n_models : 1) * sizeof *rep->models);
    if (rep->command)
        dt__free(rep->alloc, rep->command, strlen(rep->command) + 1);
    dt__free(rep->alloc, rep->cmp, rep->n_alloc * sizeof *rep->cmp);
    dt__free(rep->alloc, rep, sizeof *rep);
}

uint64_t dt_report_seed(const dt_report *rep)
{
    return rep->opts.draws > 0 || rep->opts.sobol > 0 ? rep->opts.seed : 0;
}

/*
 * Every report model on sc as one forecast (forecast.h), for the
 * explanations and the scores.
 */
static dt_status forecast_all(const dt_report *rep, const dt_scenario *sc,
                              dt_forecast **out, dt_error *err)
{
    dt_forecast_opts fo = DT_FORECAST_OPTS_INIT;
    const char **names = dt__calloc(rep->alloc, rep->n_models, sizeof *names);
    dt_status st;
    size_t m;

    *out = NULL;
    if (!names)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    for (m = 0; m < rep->n_models; m++)
        names[m] = rep->models[m]->name;
    fo.model = rep->opts.model_opts;
    st = dt_forecast_new(sc, names, rep->n_models, &fo, out, err);
    dt__free(rep->alloc, names, rep->n_models * sizeof *names);
    return st;
}

/* The analysis of sc, or NULL (*an) when sc cannot be analysed. */
static dt_status analyze_or_not(const dt_report *rep, const dt_scenario *sc,
                                dt_analysis **an, char *why, size_t n_why,
                                dt_error *err)
{
    dt_analysis_opts ao = DT_ANALYSIS_OPTS_INIT;
    dt_error e2;
    dt_status st;

    ao.model = rep->an_model;
    ao.model_opts = rep->opts.model_opts;
    ao.weights = rep->opts.weights;
    st = dt_analyze(sc, &ao, an, &e2);
    if (st == DT_ESCENARIO) {
        /* Not every scenario can be analysed: the report says why. */
        if (why)
            dt_error_format(&e2, why, n_why);
        *an = NULL;
        return DT_OK;
    }
    if (st != DT_OK && err)
        *err = e2;
    return st;
}

/* Each phase: the scenario as of it, every model, the analysis. */
static dt_status phases_compute(dt_report *rep, rp_scn *s, dt_error *err)
{
    size_t k, n = dt_scenario_n_phases(s->sc);
    dt_status st;

    if (n == 0)
        return DT_OK;
    s->ph = dt__calloc(rep->alloc, n, sizeof *s->ph);
    if (!s->ph)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    s->n_phases = n;
    for (k = 0; k < n; k++) {
        rp_phase *p = &s->ph[k];

        st = dt_scenario_at_phase(s->sc, k, &p->sc, err);
        if (st == DT_OK)
            st = forecast_all(rep, p->sc, &p->fc, err);
        if (st == DT_OK && rep->opts.analysis)
            st = analyze_or_not(rep, p->sc, &p->an, NULL, 0, err);
        if (st != DT_OK) {
            if (err && !err->file[0])
                snprintf(err->file, sizeof err->file, "%s", s->label);
            return st;
        }
    }
    return DT_OK;
}

static dt_status scn_compute(dt_report *rep, rp_scn *s,
                             const dt_report_input *in, dt_error *err)
{
    const char *label = in->label ? in->label : dt_scenario_path(s->sc);
    dt_status st;

    s->label = xstrdup(rep->alloc, label ? label : dt_scenario_name(s->sc));
    if (!s->label)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    s->n_issues = dt_scenario_n_issues(s->sc);
    if (s->n_issues == 0 || dt_scenario_n_actors(s->sc) == 0)
        return dt__error_at(err, DT_ESCENARIO, s->label, 0, 0,
                            "empty scenario: %s; a report needs at least one "
                            "actor and one issue",
                            s->n_issues == 0 ? "no issues" : "no actors");
    if (in->bytes) {
        gchar *h =
            g_compute_checksum_for_data(G_CHECKSUM_SHA256, in->bytes, in->len);

        if (!h)
            return dt__error_set(err, DT_EINTERNAL, "cannot hash '%s'",
                                 s->label);
        snprintf(s->sha, sizeof s->sha, "%s", h);
        g_free(h);
    }
    /* Every model on every issue, rounds kept for the charts. */
    st = dt_chart_runs_new(s->sc, rep->models, rep->n_models,
                           &rep->opts.model_opts, &s->runs, err);
    if (st == DT_OK)
        st = forecast_all(rep, s->sc, &s->fc, err);
    if (st == DT_OK)
        st = phases_compute(rep, s, err);
    if (st != DT_OK)
        return st;
    if (rep->opts.analysis) {
        st = analyze_or_not(rep, s->sc, &s->an, s->an_why, sizeof s->an_why,
                            err);
        if (st != DT_OK)
            return st;
    } else
        snprintf(s->an_why, sizeof s->an_why, "not requested");
    s->cin.sc = s->sc;
    s->cin.label = dt_scenario_name(s->sc);
    s->cin.runs = dt_chart_runs_get(s->runs, &s->cin.n_runs);
    s->cin.analysis = s->an;
    if (rep->opts.draws > 0) {
        st = dt__report_sweep_new(s->sc, &rep->opts, rep->an_model, &s->sweep,
                                  err);
        if (st != DT_OK) {
            if (err && !err->file[0])
                snprintf(err->file, sizeof err->file, "%s", s->label);
            return st;
        }
        dt__report_sweep_dists(s->sweep, &s->cin);
    }
    if (rep->opts.sobol > 0) {
        st = dt__report_sobol_new(s->sc, &rep->opts, rep->an_model, &s->sobol,
                                  err);
        if (st != DT_OK) {
            if (err && !err->file[0])
                snprintf(err->file, sizeof err->file, "%s", s->label);
            return st;
        }
        s->cin.sobol = s->sobol;
    }
    return DT_OK;
}

dt_status dt_report_new(const dt_report_input *in, size_t n,
                        const dt_report_opts *opts, dt_report **out,
                        dt_error *err)
{
    dt_report_opts defaults = DT_REPORT_OPTS_INIT;
    dt_report *rep = NULL;
    dt_status st;
    size_t i;

    *out = NULL;
    if (!in || n == 0)
        return dt__error_set(err, DT_EINVAL, "a report needs a scenario");
    if (!opts)
        opts = &defaults;
    st = dt_model_opts_check(&opts->model_opts, err);
    if (st != DT_OK)
        return st;
    st = dt_chart_font_check(NULL, err);
    if (st != DT_OK)
        return st;
    if (!in[0].scenario)
        return dt__error_set(err, DT_EINVAL, "input 1 has no scenario");
    rep = dt__calloc(dt_scenario_allocator(in[0].scenario), 1, sizeof *rep);
    if (!rep)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    rep->alloc = dt_scenario_allocator(in[0].scenario);
    rep->opts = *opts;
    rep->an_model = opts->analysis_model ? opts->analysis_model : &dt_model_eu;
    if (opts->command) {
        rep->command = xstrdup(rep->alloc, opts->command);
        if (!rep->command) {
            st = dt__error_set(err, DT_ENOMEM, "out of memory");
            goto fail;
        }
    }
    if (opts->models && opts->n_models > 0) {
        rep->n_models = opts->n_models;
        rep->models =
            dt__calloc(rep->alloc, opts->n_models, sizeof *rep->models);
        if (rep->models)
            memcpy(rep->models, opts->models,
                   opts->n_models * sizeof *rep->models);
    } else {
        const dt_model_type *const *t = dt_model_types();
        size_t k = 0;

        while (t[k])
            k++;
        rep->n_models = k;
        rep->models = dt__calloc(rep->alloc, k ? k : 1, sizeof *rep->models);
        if (rep->models)
            memcpy(rep->models, t, k * sizeof *rep->models);
    }
    rep->s = dt__calloc(rep->alloc, n, sizeof *rep->s);
    rep->cmp = dt__calloc(rep->alloc, n, sizeof *rep->cmp);
    rep->n_alloc = n;
    if (!rep->models || !rep->s || !rep->cmp) {
        st = dt__error_set(err, DT_ENOMEM, "out of memory");
        goto fail;
    }
    rep->n = n;
    for (i = 0; i < n; i++) {
        if (!in[i].scenario) {
            st = dt__error_set(err, DT_EINVAL, "input %zu has no scenario",
                               i + 1);
            goto fail;
        }
        rep->s[i].sc = in[i].scenario;
        st = scn_compute(rep, &rep->s[i], &in[i], err);
        if (st != DT_OK)
            goto fail;
        rep->cmp[i] = rep->s[i].cin;
    }
    *out = rep;
    return DT_OK;
fail:
    dt_report_free(rep);
    return st;
}

/* ----- Words and numbers ----- */

static const char *pct(dt_doc *d, double v)
{
    return isfinite(v) ? dt_doc_fmt(d, "%.0f%%", 100.0 * v) : "n/a";
}

static const char *signed2(dt_doc *d, double v)
{
    return isfinite(v) ? dt_doc_fmt(d, "%+.2f", v) : "n/a";
}

static const char *actor_id(const dt_scenario *sc, size_t a)
{
    return dt_scenario_actor(sc, a)->id;
}

static const char *issue_id(const dt_scenario *sc, size_t q)
{
    return dt_scenario_issue(sc, q)->id;
}

static const char *role_str(dt_role r)
{
    return dt_role_name(r);
}

/* "x" or "x (note)" style join of labelled notes; NULL when none. */
static const char *notes(dt_doc *d, const char *const *lab,
                         const char *const *txt, size_t n)
{
    GString *g = g_string_new(NULL);
    const char *s;
    size_t i;

    for (i = 0; i < n; i++) {
        if (!txt[i] || !*txt[i])
            continue;
        if (g->len)
            g_string_append(g, " | ");
        if (lab[i])
            g_string_append_printf(g, "%s: ", lab[i]);
        g_string_append(g, txt[i]);
    }
    s = g->len ? dt_doc_str(d, g->str) : NULL;
    g_string_free(g, TRUE);
    return s;
}

/* A red line as words: "rejects > 60", "rejects < 20 and > 80". */
static const char *red_line_str(dt_doc *d, const dt_red_line *rl)
{
    if (rl->has_below && rl->has_above)
        return dt_doc_fmt(d, "rejects < %g and > %g", rl->below, rl->above);
    if (rl->has_above)
        return dt_doc_fmt(d, "rejects > %g", rl->above);
    if (rl->has_below)
        return dt_doc_fmt(d, "rejects < %g", rl->below);
    return "";
}

/* The name of red line k of an analysis run (analysis.h's wording). */
static void limit_name(const dt_scenario *sc, const dt_analysis_run *r,
                       size_t k, GString *g)
{
    size_t n = dt_analysis_limit_name(sc, r, k, NULL, 0), len = g->len;

    g_string_set_size(g, len + n);
    dt_analysis_limit_name(sc, r, k, g->str + len, n + 1);
}

/*
 * The zone verdict in words (dt_analysis_verdict, docs/analysis.md
 * "Verdicts") as a sentence: first letter capitalised, a full stop.
 */
static const char *verdict(dt_doc *d, const dt_scenario *sc,
                           const dt_analysis_run *r)
{
    size_t n = dt_analysis_verdict(sc, r, NULL, 0);
    /* Room for the verdict and a full stop, in the document's arena. */
    char *s = (char *)dt_doc_fmt(d, "%*s", (int)(n + 1), "");

    if (!s)
        return NULL;
    dt_analysis_verdict(sc, r, s, n + 1);
    if (s[0] >= 'a' && s[0] <= 'z')
        s[0] = (char)(s[0] - 'a' + 'A');
    s[n] = '.';
    s[n + 1] = '\0';
    return s;
}

/* ----- Sections ----- */

/* Identifier prefix of scenario i's anchors: "s1", "s2", ... */
static const char *anchor(dt_doc *d, size_t i, const char *what)
{
    return dt_doc_fmt(d, "s%zu-%s", i + 1, what);
}

static void chart(dt_doc *d, const char *id, dt_chart_kind kind,
                  const dt_chart_input *in, size_t n_in, size_t issue,
                  const char *model, double w, double h, const char *caption)
{
    dt_chart_opts o = DT_CHART_OPTS_INIT;
    dt__chart_ref ch;

    o.issue = issue;
    o.model = model;
    if (dt_chart_check(kind, in, n_in, &o, NULL) != DT_OK)
        return; /* The data lacks what this chart needs: no chart. */
    memset(&ch, 0, sizeof ch);
    ch.id = id;
    ch.kind = kind;
    ch.in = in;
    ch.n_in = n_in;
    ch.issue = issue;
    ch.model = model;
    ch.width = w;
    ch.height = h;
    dt_doc_figure(d, id, DT_REPORT_FIGURE_CHART, &ch, sizeof ch, w, h, caption);
}

/* Description, note, sources and the recorded outcome. */
static void sec_overview(const dt_report *rep, size_t i, dt_doc *d)
{
    const rp_scn *s = &rep->s[i];
    const dt_scenario *sc = s->sc;
    const dt_outcome *oc = dt_scenario_outcome(sc);
    const char *date = dt_scenario_date(sc);
    size_t k, ns = dt_scenario_n_sources(sc);

    dt_doc_heading(d, 2, anchor(d, i, "overview"),
                   dt_doc_fmt(d, "%s%s%s%s", dt_scenario_name(sc),
                              date ? " (" : "", date ? date : "",
                              date ? ")" : ""));
    dt_doc_para(d, DT_DOC_STYLE_SMALL,
                dt_doc_fmt(d,
                           "File %s: %zu issues, %zu actors, %zu sources, "
                           "%zu levers.",
                           s->label, s->n_issues, dt_scenario_n_actors(sc), ns,
                           dt_scenario_n_levers(sc)));
    for (k = 0; k < dt_scenario_n_whatif(sc); k++)
        dt_doc_paraf(d, DT_DOC_STYLE_TEXT, "What-if: %s.",
                     dt_scenario_whatif_change(sc, k));
    dt_doc_para(d, DT_DOC_STYLE_TEXT, dt_scenario_description(sc));
    dt_doc_para(d, DT_DOC_STYLE_NOTE, dt_scenario_note(sc));
    if (ns > 0) {
        size_t b = dt_doc_list(d, ns, NULL);

        if (b != DT_DOC_NONE) {
            dt_doc_set_style(d, b, DT_DOC_STYLE_ORDERED);
            dt_doc_caption(d, b, "Sources");
            for (k = 0; k < ns; k++)
                dt_doc_cell(d, b, 0, k, "%s", dt_scenario_source(sc, k));
        }
    }
    if (oc && (oc->description || oc->note))
        dt_doc_para(d, DT_DOC_STYLE_TEXT,
                    dt_doc_fmt(d, "Observed outcome: %s%s%s",
                               oc->description ? oc->description : "",
                               oc->note ? " - " : "",
                               oc->note ? oc->note : ""));
}

static void actors_table(const rp_scn *s, dt_doc *d)
{
    const dt_scenario *sc = s->sc;
    size_t a, na = dt_scenario_n_actors(sc);
    size_t b = dt_doc_table(d, na + 1, 6, NULL);

    if (b == DT_DOC_NONE)
        return;
    dt_doc_caption(d, b, "Actors");
    dt_doc_numeric(d, b, 3);
    dt_doc_numeric(d, b, 4);
    dt_doc_cell(d, b, 0, 0, "actor");
    dt_doc_cell(d, b, 0, 1, "name");
    dt_doc_cell(d, b, 0, 2, "role");
    dt_doc_cell(d, b, 0, 3, "capability");
    dt_doc_cell(d, b, 0, 4, "no-deal cost");
    dt_doc_cell(d, b, 0, 5, "notes");
    for (a = 0; a < na; a++) {
        const dt_actor *ac = dt_scenario_actor(sc, a);
        const dt_no_deal *nd = dt_scenario_no_deal(sc, a);
        const char *lab[3] = {NULL, "capability", "no deal"};
        const char *txt[3];
        const char *nt;

        txt[0] = ac->note;
        txt[1] = ac->capability.note;
        txt[2] = nd->has_cost ? nd->cost.note : NULL;
        nt = notes(d, lab, txt, 3);
        dt_doc_cell(d, b, a + 1, 0, "%s", ac->id);
        dt_doc_cell(d, b, a + 1, 1, "%s", ac->name ? ac->name : "");
        dt_doc_cell(d, b, a + 1, 2, "%s", role_str(ac->role));
        dt_doc_cell(d, b, a + 1, 3, "%g", ac->capability.v);
        dt_doc_cell(d, b, a + 1, 4, "%s",
                    nd->has_cost ? dt_doc_fmt(d, "%g", nd->cost.v) : "-");
        dt_doc_cell(d, b, a + 1, 5, "%s", nt ? nt : "");
    }
}

static void stakes_table(const rp_scn *s, size_t q, dt_doc *d)
{
    const dt_scenario *sc = s->sc;
    size_t a, na = dt_scenario_n_actors(sc), rows = 1, r;
    size_t b;

    for (a = 0; a < na; a++)
        rows += dt_scenario_stake(sc, a, q) != NULL;
    b = dt_doc_table(d, rows, 6, NULL);
    if (b == DT_DOC_NONE)
        return;
    dt_doc_numeric(d, b, 1);
    dt_doc_numeric(d, b, 2);
    dt_doc_cell(d, b, 0, 0, "actor");
    dt_doc_cell(d, b, 0, 1, "position");
    dt_doc_cell(d, b, 0, 2, "salience");
    dt_doc_cell(d, b, 0, 3, "red line");
    dt_doc_cell(d, b, 0, 4, "no deal at");
    dt_doc_cell(d, b, 0, 5, "notes");
    for (a = 0, r = 1; a < na; a++) {
        const dt_stake *st = dt_scenario_stake(sc, a, q);
        const char *lab[5] = {NULL, "position", "salience", "red line",
                              "no deal"};
        const char *txt[5];

        if (!st)
            continue;
        txt[0] = st->note;
        txt[1] = st->position.note;
        txt[2] = st->salience.note;
        txt[3] = st->has_red_line ? st->red_line.note : NULL;
        txt[4] = st->has_no_deal ? st->no_deal.note : NULL;
        dt_doc_cell(d, b, r, 0, "%s", actor_id(sc, a));
        dt_doc_cell(d, b, r, 1, "%g", st->position.v);
        dt_doc_cell(d, b, r, 2, "%g", st->salience.v);
        dt_doc_cell(d, b, r, 3, "%s",
                    st->has_red_line ? red_line_str(d, &st->red_line) : "-");
        dt_doc_cell(d, b, r, 4, "%s",
                    st->has_no_deal ? dt_doc_fmt(d, "%g", st->no_deal.v) : "-");
        {
            const char *nt = notes(d, lab, txt, 5);

            dt_doc_cell(d, b, r, 5, "%s", nt ? nt : "");
        }
        r++;
    }
}

/* Actors, then per issue its scale, status quo and every stake. */
static void sec_inputs(const dt_report *rep, size_t i, dt_doc *d)
{
    const rp_scn *s = &rep->s[i];
    const dt_scenario *sc = s->sc;
    size_t q, k, nl = dt_scenario_n_levers(sc),
                 nc = dt_scenario_n_constraints(sc);

    dt_doc_heading(d, 3, anchor(d, i, "inputs"), "Actors and inputs");
    actors_table(s, d);
    for (q = 0; q < s->n_issues; q++) {
        const dt_issue *is = dt_scenario_issue(sc, q);

        dt_doc_heading(d, 4, NULL,
                       dt_doc_fmt(d, "Issue %s: %s", is->id,
                                  is->name ? is->name : is->id));
        dt_doc_para(d, DT_DOC_STYLE_TEXT,
                    dt_doc_fmt(d,
                               "Scale: 0 = %s; 100 = %s. Status quo: "
                               "%s.",
                               is->low ? is->low : "(not described)",
                               is->high ? is->high : "(not described)",
                               is->has_status_quo
                                   ? dt_doc_fmt(d, "%g", is->status_quo.v)
                                   : "none"));
        {
            const char *lab[2] = {NULL, "status quo"};
            const char *txt[2] = {
                is->note, is->has_status_quo ? is->status_quo.note : NULL};

            dt_doc_para(d, DT_DOC_STYLE_NOTE, notes(d, lab, txt, 2));
        }
        stakes_table(s, q, d);
    }
    if (nc > 0) {
        size_t b = dt_doc_list(d, nc, NULL);

        if (b != DT_DOC_NONE) {
            dt_doc_caption(d, b, "Cross-issue red lines");
            for (k = 0; k < nc; k++) {
                const dt_constraint *c = dt_scenario_constraint(sc, k);
                GString *g = g_string_new(NULL);
                size_t t;

                g_string_append_printf(g, "%s rejects ",
                                       actor_id(sc, c->actor));
                for (t = 0; t < c->n_terms; t++) {
                    double v = c->coef[t];

                    g_string_append(g, t == 0 ? (v < 0 ? "-" : "")
                                              : (v < 0 ? " - " : " + "));
                    if (fabs(v) != 1.0)
                        g_string_append_printf(g, "%g x ", fabs(v));
                    g_string_append(g, issue_id(sc, c->issue[t]));
                }
                if (c->has_at_most)
                    g_string_append_printf(g, " > %g", c->at_most);
                if (c->has_at_most && c->has_at_least)
                    g_string_append(g, " or");
                if (c->has_at_least)
                    g_string_append_printf(g, " < %g", c->at_least);
                if (c->note)
                    g_string_append_printf(g, ". %s", c->note);
                dt_doc_cell(d, b, 0, k, "%s", g->str);
                g_string_free(g, TRUE);
            }
        }
    }
    if (nl > 0) {
        size_t b = dt_doc_table(d, nl + 1, 4, NULL);

        if (b == DT_DOC_NONE)
            return;
        dt_doc_caption(d, b, "Levers (pressure tools and offers)");
        dt_doc_cell(d, b, 0, 0, "lever");
        dt_doc_cell(d, b, 0, 1, "used by");
        dt_doc_cell(d, b, 0, 2, "what it does");
        dt_doc_cell(d, b, 0, 3, "notes");
        for (k = 0; k < nl; k++) {
            const dt_lever *lv = dt_scenario_lever(sc, k);

            dt_doc_cell(d, b, k + 1, 0, "%s", lv->name ? lv->name : lv->id);
            dt_doc_cell(d, b, k + 1, 1, "%s", actor_id(sc, lv->by));
            dt_doc_cell(d, b, k + 1, 2, "%s",
                        lv->description ? lv->description : "");
            dt_doc_cell(d, b, k + 1, 3, "%s", lv->note ? lv->note : "");
        }
    }
}

static const char *stop_str(dt_doc *d, const dt_model_result *r)
{
    if (r->stop == DT_STOP_CYCLE)
        return dt_doc_fmt(d, "cycle of period %u after %u rounds", r->period,
                          r->rounds);
    if (r->stop == DT_STOP_NONE)
        return "-";
    return dt_doc_fmt(d, "%s after %u round%s", dt_stop_str(r->stop), r->rounds,
                      r->rounds == 1 ? "" : "s");
}

/* Whether model name is among the report's models. */
static int has_model(const dt_report *rep, const char *name)
{
    size_t m;

    for (m = 0; m < rep->n_models; m++)
        if (strcmp(rep->models[m]->name, name) == 0)
            return 1;
    return 0;
}

/* Per issue: every model's forecast, the strip of positions, the rounds. */
static void sec_forecast(const dt_report *rep, size_t i, dt_doc *d)
{
    const rp_scn *s = &rep->s[i];
    const char *traj = has_model(rep, "eu") ? "eu" : rep->models[0]->name;
    size_t q, m;

    dt_doc_heading(d, 3, anchor(d, i, "forecast"), "Forecast per issue");
    dt_doc_para(d, DT_DOC_STYLE_TEXT,
                "Each model's forecast on each issue with every stakeholder "
                "counted (docs/models.md); mean and median are the "
                "capability x salience weighted mean and median of the "
                "final positions.");
    for (q = 0; q < s->n_issues; q++) {
        const dt_issue *is = dt_scenario_issue(s->sc, q);
        size_t b = dt_doc_table(d, rep->n_models + 1, 5, NULL);

        if (b != DT_DOC_NONE) {
            dt_doc_caption(
                d, b,
                dt_doc_fmt(d, "%s (%s)", is->name ? is->name : is->id, is->id));
            dt_doc_numeric(d, b, 1);
            dt_doc_numeric(d, b, 2);
            dt_doc_numeric(d, b, 3);
            dt_doc_cell(d, b, 0, 0, "model");
            dt_doc_cell(d, b, 0, 1, "forecast");
            dt_doc_cell(d, b, 0, 2, "mean");
            dt_doc_cell(d, b, 0, 3, "median");
            dt_doc_cell(d, b, 0, 4, "stop");
            for (m = 0; m < rep->n_models; m++) {
                const dt_model_result *r =
                    dt_chart_runs_result(s->runs, q * rep->n_models + m);

                dt_doc_cell(d, b, m + 1, 0, "%s", rep->models[m]->name);
                dt_doc_cell(d, b, m + 1, 1, "%s",
                            isfinite(r->point)
                                ? dt_doc_num(d, "%.1f", r->point, "n/a")
                                : "no agreement");
                dt_doc_cell(d, b, m + 1, 2, "%s",
                            dt_doc_num(d, "%.1f", r->mean, "n/a"));
                dt_doc_cell(d, b, m + 1, 3, "%s",
                            dt_doc_num(d, "%.1f", r->median, "n/a"));
                dt_doc_cell(d, b, m + 1, 4, "%s", stop_str(d, r));
            }
        }
        /* Why each forecast ends where it does (docs/models.md). */
        dt_forecast_why_doc(s->fc, q, d, NULL);
        chart(d, dt_doc_fmt(d, "chart-s%zu-positions-%s", i + 1, is->id),
              DT_CHART_POSITIONS, &s->cin, 1, q, NULL, 720, 280,
              dt_doc_fmt(d,
                         "Positions on %s: marker area = capability x "
                         "salience; shaded bands are red lines; the "
                         "forecasts of each model%s.",
                         is->id,
                         s->an && s->an->base.deal.found
                             ? " and the Nash deal point"
                             : ""));
        chart(d, dt_doc_fmt(d, "chart-s%zu-trajectory-%s", i + 1, is->id),
              DT_CHART_TRAJECTORY, &s->cin, 1, q, traj, 720, 300,
              dt_doc_fmt(d,
                         "Model %s on %s, round by round: table actors "
                         "solid, excluded actors dashed, with the weighted "
                         "mean and median and the status quo.",
                         traj, is->id));
    }
}

static void support_table(const dt_scenario *sc, const dt_analysis_run *r,
                          dt_doc *d)
{
    size_t a, k;
    size_t b = dt_doc_table(d, r->n_actors + 1, 7, NULL);

    if (b == DT_DOC_NONE)
        return;
    dt_doc_caption(d, b,
                   dt_doc_fmt(d, "Support for the %s",
                              r->deal.found ? "deal" : "best offer"));
    for (k = 2; k <= 4; k++)
        dt_doc_numeric(d, b, k);
    dt_doc_cell(d, b, 0, 0, "actor");
    dt_doc_cell(d, b, 0, 1, "role");
    dt_doc_cell(d, b, 0, 2, "no-deal utility");
    dt_doc_cell(d, b, 0, 3, "gain");
    dt_doc_cell(d, b, 0, 4, "clout");
    dt_doc_cell(d, b, 0, 5, "verdict");
    dt_doc_cell(d, b, 0, 6, "red lines crossed");
    for (a = 0; a < r->n_actors; a++) {
        GString *g = g_string_new(NULL);

        for (k = 0; k < r->n_limits; k++) {
            if (r->limits[k].actor != a || !r->limit_crossed[k])
                continue;
            if (g->len)
                g_string_append(g, "; ");
            limit_name(sc, r, k, g);
        }
        dt_doc_cell(d, b, a + 1, 0, "%s", actor_id(sc, a));
        dt_doc_cell(d, b, a + 1, 1, "%s",
                    role_str(dt_scenario_actor(sc, a)->role));
        dt_doc_cell(d, b, a + 1, 2, "%s",
                    dt_doc_num(d, "%.2f", r->no_deal[a], "n/a"));
        dt_doc_cell(d, b, a + 1, 3, "%s",
                    dt_doc_num(d, "%.2f", r->gain[a], "n/a"));
        dt_doc_cell(d, b, a + 1, 4, "%s",
                    dt_doc_num(d, "%.2f", r->clout[a], "n/a"));
        dt_doc_cell(d, b, a + 1, 5, "%s",
                    r->supports[a]             ? "supports"
                    : r->gain[a] > DT_ZONE_TOL ? "against (red line)"
                                               : "against (prefers no deal)");
        dt_doc_cell(d, b, a + 1, 6, "%s", g->len ? g->str : "-");
        g_string_free(g, TRUE);
    }
}

static void levers_table(const dt_scenario *sc, const dt_analysis *an,
                         dt_doc *d)
{
    size_t i, k;
    size_t b = dt_doc_table(d, an->n_effects + 1, 8, NULL);

    if (b == DT_DOC_NONE)
        return;
    dt_doc_caption(d, b,
                   "Levers, strongest first (shift = share of the user's "
                   "distance closed)");
    for (k = 3; k <= 6; k++)
        dt_doc_numeric(d, b, k);
    dt_doc_cell(d, b, 0, 0, "rank");
    dt_doc_cell(d, b, 0, 1, "lever");
    dt_doc_cell(d, b, 0, 2, "by");
    dt_doc_cell(d, b, 0, 3, "deal shift");
    dt_doc_cell(d, b, 0, 4, "table fc.");
    dt_doc_cell(d, b, 0, 5, "all fc.");
    dt_doc_cell(d, b, 0, 6, "durability");
    dt_doc_cell(d, b, 0, 7, "effect");
    for (i = 0; i < an->n_effects; i++) {
        const dt_lever_effect *e = &an->effects[an->rank[i]];

        dt_doc_cell(d, b, i + 1, 0, "%zu", i + 1);
        dt_doc_cell(d, b, i + 1, 1, "%s%s%s",
                    dt_scenario_lever(sc, e->lever[0])->id,
                    e->n == 2 ? " + " : "",
                    e->n == 2 ? dt_scenario_lever(sc, e->lever[1])->id : "");
        dt_doc_cell(d, b, i + 1, 2, "%s", actor_id(sc, e->by));
        dt_doc_cell(d, b, i + 1, 3, "%s", pct(d, e->shift_proposal));
        dt_doc_cell(d, b, i + 1, 4, "%s", pct(d, e->shift_table));
        dt_doc_cell(d, b, i + 1, 5, "%s", pct(d, e->shift_full));
        dt_doc_cell(d, b, i + 1, 6, "%s", signed2(d, e->durability_change));
        dt_doc_cell(d, b, i + 1, 7, "%s",
                    e->no_effect  ? "no effect"
                    : e->flip > 0 ? "turns no agreement into agreement"
                    : e->flip < 0 ? "turns agreement into no agreement"
                                  : "-");
    }
}

/* Zone, deal, support and durability, spoilers, levers. */
static void sec_analysis(const dt_report *rep, size_t i, dt_doc *d)
{
    const rp_scn *s = &rep->s[i];
    const dt_scenario *sc = s->sc;
    const dt_analysis *an = s->an;
    const dt_analysis_run *r;
    size_t b;
    size_t q, k;

    dt_doc_heading(d, 3, anchor(d, i, "analysis"), "Summit analysis");
    if (!an) {
        size_t len = strlen(s->an_why);

        dt_doc_para(d, DT_DOC_STYLE_SMALL,
                    dt_doc_fmt(d, "No analysis for this scenario: %s%s",
                               s->an_why,
                               len && s->an_why[len - 1] == '.' ? "" : "."));
        return;
    }
    r = &an->base;
    dt_doc_para(d, DT_DOC_STYLE_TEXT,
                dt_doc_fmt(d,
                           "Forecasts with only the table actors and with "
                           "every stakeholder (model %s), the zone of "
                           "possible agreement among the table actors and "
                           "the Nash deal (%s weights); docs/analysis.md "
                           "gives the formulas.",
                           an->model->name,
                           an->weights == DT_WEIGHTS_CAPABILITY ? "capability"
                                                                : "equal"));
    dt_doc_para(d, DT_DOC_STYLE_VERDICT, verdict(d, sc, r));
    b = dt_doc_table(d, r->n_issues + 1, 7, NULL);
    if (b != DT_DOC_NONE) {
        dt_doc_caption(d, b, "Table vs everyone");
        for (k = 1; k <= 6; k++)
            dt_doc_numeric(d, b, k);
        dt_doc_cell(d, b, 0, 0, "issue");
        dt_doc_cell(d, b, 0, 1, "status quo");
        dt_doc_cell(d, b, 0, 2, "table");
        dt_doc_cell(d, b, 0, 3, "everyone");
        dt_doc_cell(d, b, 0, 4, "gap");
        dt_doc_cell(d, b, 0, 5, "zone point");
        dt_doc_cell(d, b, 0, 6, "deal");
        for (q = 0; q < r->n_issues; q++) {
            const dt_issue *is = dt_scenario_issue(sc, q);

            dt_doc_cell(d, b, q + 1, 0, "%s", is->id);
            dt_doc_cell(d, b, q + 1, 1, "%s",
                        is->has_status_quo
                            ? dt_doc_num(d, "%.1f", is->status_quo.v, "n/a")
                            : "n/a");
            dt_doc_cell(d, b, q + 1, 2, "%s",
                        dt_doc_num(d, "%.1f", r->table_forecast[q], "n/a"));
            dt_doc_cell(d, b, q + 1, 3, "%s",
                        dt_doc_num(d, "%.1f", r->full_forecast[q], "n/a"));
            dt_doc_cell(d, b, q + 1, 4, "%s",
                        dt_doc_num(d, "%.1f",
                                   r->full_forecast[q] - r->table_forecast[q],
                                   "n/a"));
            dt_doc_cell(d, b, q + 1, 5, "%s",
                        r->zone.status == DT_ZONE_NO_TABLE
                            ? "n/a"
                            : dt_doc_num(d, "%.1f", r->zone.point[q], "n/a"));
            dt_doc_cell(d, b, q + 1, 6, "%s",
                        r->deal.found
                            ? dt_doc_num(d, "%.1f", r->deal.point[q], "n/a")
                            : "no deal");
        }
    }
    if (r->proposal) {
        support_table(sc, r, d);
        dt_doc_para(
            d, DT_DOC_STYLE_TEXT,
            isfinite(r->durability)
                ? dt_doc_fmt(d,
                             "Durability %.2f: the clout-weighted share of "
                             "stakeholders who support the %s.",
                             r->durability,
                             r->deal.found ? "deal" : "best offer")
                : "Durability n/a (no clout).");
        {
            GString *g = g_string_new("Spoilers, heaviest first: ");

            for (k = 0; k < r->n_spoilers; k++)
                g_string_append_printf(g, "%s%s", k ? ", " : "",
                                       actor_id(sc, r->spoilers[k]));
            if (r->n_spoilers == 0)
                g_string_append(g, "none");
            g_string_append(g, ".");
            dt_doc_para(d, DT_DOC_STYLE_TEXT, g->str);
            g_string_free(g, TRUE);
        }
    }
    if (an->n_effects == 0) {
        dt_doc_para(d, DT_DOC_STYLE_SMALL, "Levers: none in the scenario.");
        return;
    }
    levers_table(sc, an, d);
    chart(d, dt_doc_fmt(d, "chart-s%zu-levers", i + 1), DT_CHART_LEVERS,
          &s->cin, 1, (size_t)-1, NULL, 720,
          140.0 + 30.0 * (double)(an->n_effects < 30 ? an->n_effects : 30),
          "What each lever changes, strongest first: share of the user's "
          "distance closed by the deal and by the forecasts, and the change "
          "in durability.");
}

/* ----- Against what happened (score.h) ----- */

/* The issues of sc with an observed value, in order; their number. */
static size_t observed_issues(dt_doc *d, const dt_scenario *sc, size_t **out)
{
    size_t ni = dt_scenario_n_issues(sc), n = 0, q;
    dt_value obs;
    size_t *col;

    *out = NULL;
    for (q = 0; q < ni; q++)
        n += dt_scenario_outcome_value(sc, q, &obs) != 0;
    if (n == 0)
        return 0;
    col = (size_t *)dt_doc_alloc(d, n * sizeof *col);
    if (!col)
        return 0;
    for (q = 0, n = 0; q < ni; q++)
        if (dt_scenario_outcome_value(sc, q, &obs))
            col[n++] = q;
    *out = col;
    return n;
}

/*
 * Each model's absolute error |forecast - observed| per observed issue
 * and its mean (dt_score_error, dt_score_mae), one row per model.
 */
static void score_table(dt_doc *d, const dt_forecast *fc, const char *caption)
{
    const dt_scenario *sc = dt_forecast_scenario(fc);
    size_t nm = dt_forecast_n_models(fc), *col, nc, m, c;
    size_t b;

    nc = observed_issues(d, sc, &col);
    if (nc == 0)
        return;
    b = dt_doc_table(d, nm + 1, nc + 2, NULL);
    if (b == DT_DOC_NONE)
        return;
    dt_doc_caption(d, b, caption);
    dt_doc_cell(d, b, 0, 0, "model");
    for (c = 0; c < nc; c++) {
        dt_doc_cell(d, b, 0, c + 1, "%s", issue_id(sc, col[c]));
        dt_doc_numeric(d, b, c + 1);
    }
    dt_doc_cell(d, b, 0, nc + 1, "mean");
    dt_doc_numeric(d, b, nc + 1);
    for (m = 0; m < nm; m++) {
        dt_doc_cell(d, b, m + 1, 0, "%s", dt_forecast_model_name(fc, m));
        for (c = 0; c < nc; c++)
            dt_doc_cell(
                d, b, m + 1, c + 1, "%s",
                dt_doc_num(d, "%.2f", dt_score_error(fc, col[c], m), "n/a"));
        dt_doc_cell(d, b, m + 1, nc + 1, "%s",
                    dt_doc_num(d, "%.2f", dt_score_mae(fc, m, NULL), "n/a"));
    }
}

/* "x 30.0; y 42.0": the observed value of every issue that has one. */
static const char *observed_values(dt_doc *d, const dt_scenario *sc)
{
    size_t *col, nc = observed_issues(d, sc, &col), c;
    const char *s = "";
    dt_value obs;

    for (c = 0; c < nc && s; c++) {
        dt_scenario_outcome_value(sc, col[c], &obs);
        s = dt_doc_fmt(d, "%s%s%s %.1f", s, c ? "; " : "", issue_id(sc, col[c]),
                       obs.v);
    }
    return nc ? s : NULL;
}

/*
 * The analysis against what happened: the mean absolute error of its
 * forecast with every stakeholder and of its deal, and whether the zone
 * verdict matched the recorded agreement (as `detente analyze` says it).
 */
static const char *analysis_score(dt_doc *d, const dt_scenario *sc,
                                  const dt_analysis *an)
{
    const dt_analysis_run *r = &an->base;
    const dt_outcome *oc = dt_scenario_outcome(sc);
    int p = dt_score_predicted_agreement(r), v = dt_score_verdict(sc, r);
    size_t n = 0;
    double fmae = dt_score_points_mae(sc, r->full_forecast, &n);
    const char *mae = "";

    if (n)
        mae = dt_doc_fmt(
            d,
            "Mean absolute error over %zu observed issue%s: forecast "
            "with every stakeholder (%s) %.2f, deal %s. ",
            n, n == 1 ? "" : "s", an->model->name, fmae,
            dt_doc_num(d, "%.2f",
                       r->deal.found
                           ? dt_score_points_mae(sc, r->deal.point, NULL)
                           : (double)NAN,
                       "n/a (no deal)"));
    return dt_doc_fmt(d, "%sZone verdict: %s; observed: %s; %s.", mae,
                      p < 0 ? "none"
                      : p   ? "agreement"
                            : "no agreement",
                      !oc || oc->agreement < 0 ? "not recorded"
                      : oc->agreement          ? "a deal"
                                               : "no deal",
                      v < 0 ? "cannot say"
                      : v   ? "matched"
                            : "missed");
}

static void sec_score(const dt_report *rep, size_t i, dt_doc *d)
{
    const rp_scn *s = &rep->s[i];
    const char *obs;

    if (!dt_score_has_outcome(s->sc))
        return;
    dt_doc_heading(d, 3, anchor(d, i, "score"), "Against what happened");
    dt_doc_para(d, DT_DOC_STYLE_TEXT,
                "The scenario records what was observed: each model's "
                "absolute error |forecast - observed| on the issue's 0-100 "
                "scale, and its mean over the observed issues "
                "(docs/accuracy.md, \"Scoring a scenario\"). n/a: the model "
                "gives no forecast there.");
    obs = observed_values(d, s->sc);
    if (obs)
        dt_doc_paraf(d, DT_DOC_STYLE_TEXT, "Observed: %s.", obs);
    score_table(d, s->fc, "Absolute error per model and issue");
    if (s->an)
        dt_doc_para(d, DT_DOC_STYLE_VERDICT, analysis_score(d, s->sc, s->an));
}

/* ----- Phases (docs/scenario-format.md, "Phases") ----- */

/* "levers a, b; joins C; leaves B; 2 numbers changed". */
static const char *phase_changes(dt_doc *d, const dt_scenario *sc,
                                 const dt_phase *p)
{
    const char *s = "";
    size_t k;

    for (k = 0; k < p->n_levers && s; k++)
        s = dt_doc_fmt(d, "%s%s%s", s, k ? ", " : "levers used: ",
                       dt_scenario_lever(sc, p->levers[k])->id);
    for (k = 0; k < p->n_join && s; k++)
        s = dt_doc_fmt(d, "%s%s%s", s,
                       k ? ", "
                         : (*s ? "; joins the table: " : "joins the table: "),
                       actor_id(sc, p->join[k]));
    for (k = 0; k < p->n_leave && s; k++)
        s = dt_doc_fmt(d, "%s%s%s", s,
                       k ? ", "
                         : (*s ? "; leaves the table: " : "leaves the table: "),
                       actor_id(sc, p->leave[k]));
    for (k = 0; k < p->n_changes && s; k++) {
        const dt_phase_change *c = &p->changes[k];
        const char *kind = c->kind == DT_SLOT_NO_DEAL_COST
                               ? "no_deal.cost"
                               : dt_slot_kind_name(c->kind);
        const char *id = "";

        /* As the slot's id (scenario.h): "A.x.position", "x.status_quo". */
        if (c->actor != (size_t)-1)
            id = dt_doc_fmt(d, "%s.", actor_id(sc, c->actor));
        if (id && c->issue != (size_t)-1)
            id = dt_doc_fmt(d, "%s%s.", id, issue_id(sc, c->issue));
        s = dt_doc_fmt(d, "%s%s%s%s = %g%s%s%s", s,
                       k ? ", " : (*s ? "; set: " : "set: "), id ? id : "",
                       kind, c->value, c->note ? " (" : "",
                       c->note ? c->note : "", c->note ? ")" : "");
    }
    return s && !*s ? "no change" : s;
}

/* One phase: what changed, what was observed, forecasts and errors. */
static void phase_detail(const dt_report *rep, const rp_scn *s, size_t k,
                         dt_doc *d)
{
    const dt_phase *p = dt_scenario_phase(s->sc, k);
    const rp_phase *ph = &s->ph[k];
    const dt_scenario *sc = ph->sc;
    size_t nq = dt_scenario_n_issues(sc), nm = rep->n_models, q, m, b;
    int deal = ph->an && ph->an->base.deal.found;
    dt_value obs;

    dt_doc_heading(d, 4, NULL,
                   dt_doc_fmt(d, "Phase %zu: %s%s%s%s", k + 1,
                              p->name ? p->name : p->id, p->date ? " (" : "",
                              p->date ? p->date : "", p->date ? ")" : ""));
    dt_doc_paraf(d, DT_DOC_STYLE_TEXT, "Changes: %s.",
                 phase_changes(d, s->sc, p));
    dt_doc_para(d, DT_DOC_STYLE_NOTE, p->note);
    dt_doc_paraf(d, DT_DOC_STYLE_TEXT, "Observed: %s",
                 p->outcome_description ? p->outcome_description
                                        : "no description recorded.");
    b = dt_doc_table(d, nq + 2, nm + 3, NULL);
    if (b == DT_DOC_NONE)
        return;
    dt_doc_caption(d, b,
                   "Forecasts as of this phase; last row: mean absolute "
                   "error against the phase's observed outcome");
    dt_doc_cell(d, b, 0, 0, "issue");
    dt_doc_cell(d, b, 0, 1, "observed");
    dt_doc_numeric(d, b, 1);
    for (m = 0; m < nm; m++) {
        dt_doc_cell(d, b, 0, m + 2, "%s", dt_forecast_model_name(ph->fc, m));
        dt_doc_numeric(d, b, m + 2);
    }
    dt_doc_cell(d, b, 0, nm + 2, "deal");
    dt_doc_numeric(d, b, nm + 2);
    for (q = 0; q < nq; q++) {
        dt_doc_cell(d, b, q + 1, 0, "%s", issue_id(sc, q));
        dt_doc_cell(d, b, q + 1, 1, "%s",
                    dt_scenario_outcome_value(sc, q, &obs)
                        ? dt_doc_fmt(d, "%.1f", obs.v)
                        : "-");
        for (m = 0; m < nm; m++)
            dt_doc_cell(d, b, q + 1, m + 2, "%s",
                        dt_doc_num(d, "%.1f",
                                   dt_forecast_result(ph->fc, q, m)->point,
                                   "no agreement"));
        dt_doc_cell(
            d, b, q + 1, nm + 2, "%s",
            deal ? dt_doc_num(d, "%.1f", ph->an->base.deal.point[q], "n/a")
                 : (ph->an ? "no deal" : "n/a"));
    }
    dt_doc_cell(d, b, nq + 1, 0, "mean abs. error");
    dt_doc_cell(d, b, nq + 1, 1, "-");
    for (m = 0; m < nm; m++)
        dt_doc_cell(d, b, nq + 1, m + 2, "%s",
                    dt_doc_num(d, "%.2f", dt_score_mae(ph->fc, m, NULL), "-"));
    dt_doc_cell(
        d, b, nq + 1, nm + 2, "%s",
        deal ? dt_doc_num(
                   d, "%.2f",
                   dt_score_points_mae(sc, ph->an->base.deal.point, NULL), "-")
             : "-");
    if (ph->an)
        dt_doc_para(d, DT_DOC_STYLE_VERDICT, verdict(d, sc, &ph->an->base));
}

/*
 * The timeline: one row per phase (date, what was observed, each model's
 * mean absolute error, the zone verdict), then each phase in detail.
 */
static void sec_phases(const dt_report *rep, size_t i, dt_doc *d)
{
    const rp_scn *s = &rep->s[i];
    size_t k, m, nm = rep->n_models, b;

    if (s->n_phases == 0)
        return;
    dt_doc_heading(d, 3, anchor(d, i, "phases"), "Phases");
    dt_doc_para(d, DT_DOC_STYLE_TEXT,
                "The negotiation's timeline: phase k is the scenario with "
                "the changes of phases 1 to k applied in order (levers, "
                "actors joining or leaving the table, numbers set; "
                "docs/scenario-format.md, \"Phases\"), forecast by every "
                "model and scored against that phase's own observed "
                "outcome.");
    b = dt_doc_table(d, s->n_phases + 1, nm + 3, NULL);
    if (b != DT_DOC_NONE) {
        dt_doc_caption(d, b,
                       "Timeline: mean absolute error of each model against "
                       "each phase's observed outcome");
        dt_doc_cell(d, b, 0, 0, "phase");
        dt_doc_cell(d, b, 0, 1, "date");
        for (m = 0; m < nm; m++) {
            dt_doc_cell(d, b, 0, m + 2, "%s", rep->models[m]->name);
            dt_doc_numeric(d, b, m + 2);
        }
        dt_doc_cell(d, b, 0, nm + 2, "zone verdict");
        for (k = 0; k < s->n_phases; k++) {
            const dt_phase *p = dt_scenario_phase(s->sc, k);
            const rp_phase *ph = &s->ph[k];
            int pa = ph->an ? dt_score_predicted_agreement(&ph->an->base) : -1;

            dt_doc_cell(d, b, k + 1, 0, "%s", p->id);
            dt_doc_cell(d, b, k + 1, 1, "%s", p->date ? p->date : "-");
            for (m = 0; m < nm; m++)
                dt_doc_cell(
                    d, b, k + 1, m + 2, "%s",
                    dt_doc_num(d, "%.2f", dt_score_mae(ph->fc, m, NULL), "-"));
            dt_doc_cell(d, b, k + 1, nm + 2, "%s",
                        pa < 0 ? "n/a"
                        : pa   ? "agreement"
                               : "no agreement");
        }
    }
    for (k = 0; k < s->n_phases; k++)
        phase_detail(rep, s, k, d);
}

/*
 * The comparison (analysis.h, dt_compare: the rows of detente compare)
 * with a "dimension" header, then the compare chart.
 */
static void sec_compare(const dt_report *rep, dt_doc *d)
{
    const dt_scenario **scs = dt__calloc(rep->alloc, rep->n, sizeof *scs);
    const dt_analysis **ans = dt__calloc(rep->alloc, rep->n, sizeof *ans);
    dt_compare *c = NULL;
    size_t b = DT_DOC_NONE;
    size_t i, j, nr;

    dt_doc_heading(d, 2, "compare", "Comparison across the scenarios");
    for (i = 0; scs && ans && i < rep->n; i++) {
        scs[i] = rep->s[i].sc;
        ans[i] = rep->s[i].an;
    }
    if (!scs || !ans || dt_compare_new(scs, ans, rep->n, &c, NULL) != DT_OK)
        dt_doc_nomem(d);
    nr = c ? dt_compare_n_rows(c) : 0;
    if (c)
        b = dt_doc_table(d, nr, rep->n + 1, NULL);
    for (i = 0; b != DT_DOC_NONE && i < nr; i++) {
        dt_doc_cell(d, b, i, 0, "%s",
                    i == 0 ? "dimension" : dt_compare_label(c, i));
        for (j = 0; j < rep->n; j++) {
            const char *s = dt_compare_cell(c, i, j);

            dt_doc_cell(d, b, i, j + 1, "%s", s ? s : "-");
        }
    }
    dt_compare_free(c);
    dt__free(rep->alloc, scs, rep->n * sizeof *scs);
    dt__free(rep->alloc, ans, rep->n * sizeof *ans);
    chart(d, "chart-compare", DT_CHART_COMPARE, rep->cmp, rep->n, (size_t)-1,
          NULL, 720, 420,
          "The scenarios side by side: per issue the status quo, the "
          "forecasts, the deal point and the observed outcome.");
}

/*
 * What changed from each scenario to the next (diff.h, dt_diff_run: the
 * inputs that changed and the results that moved, each input alone), for
 * two versions of one scenario given in order, as `detente diff` shows.
 * Only consecutive scenarios with the same issues (ids in order) count as
 * versions of one negotiation; two different negotiations are compared
 * by the comparison section alone.
 */
static int same_issues(const dt_scenario *a, const dt_scenario *b)
{
    size_t i, n = dt_scenario_n_issues(a);

    if (n != dt_scenario_n_issues(b))
        return 0;
    for (i = 0; i < n; i++)
        if (strcmp(dt_scenario_issue(a, i)->id, dt_scenario_issue(b, i)->id))
            return 0;
    return 1;
}

static void sec_changes(const dt_report *rep, dt_doc *d)
{
    dt_doc_opts o = DT_DOC_OPTS_INIT;
    size_t i;

    o.section = 1;
    for (i = 1; i < rep->n; i++) {
        dt_diff_opts dopts = DT_DIFF_OPTS_INIT;
        dt_diff *df = NULL;
        dt_status st;

        if (!same_issues(rep->s[i - 1].sc, rep->s[i].sc))
            continue;

        dopts.analysis_model = rep->an_model;
        st = dt_diff_run(rep->s[i - 1].sc, rep->s[i].sc, &dopts, &df, NULL);
        if (st == DT_ENOMEM)
            dt_doc_nomem(d);
        else if (st == DT_OK)
            (void)dt_diff_doc(df, &o, d, NULL);
        dt_diff_free(df);
    }
}

/* Shell-quoting is the CLI's job; the footer shows the line as given. */
static void sec_footer(const dt_report *rep, dt_doc *d)
{
    size_t i, rows = rep->n + 4, r = 0;
    size_t b = dt_doc_keyvalue(d, rows, NULL);
    GString *g = g_string_new(NULL);

    if (b == DT_DOC_NONE) {
        g_string_free(g, TRUE);
        return;
    }
    dt_doc_set_style(d, b, DT_DOC_STYLE_FOOTER);
    dt_doc_caption(d, b,
                   "To reproduce this report, run the command below on files "
                   "with the same SHA-256 with the same version of detente.");
    for (i = 0; i < rep->n; i++) {
        dt_doc_cell(d, b, r, 0, "input %zu", i + 1);
        dt_doc_cell(d, b, r++, 1, "%s  sha256:%s", rep->s[i].label,
                    rep->s[i].sha[0] ? rep->s[i].sha : "(not hashed)");
    }
    dt_doc_cell(d, b, r, 0, "seed");
    if (rep->opts.draws > 0 || rep->opts.sobol > 0)
        dt_doc_cell(
            d, b, r++, 1, "%llu (%s%s%s)", (unsigned long long)rep->opts.seed,
            rep->opts.draws > 0 ? dt_doc_fmt(d, "%zu draws", rep->opts.draws)
                                : "",
            rep->opts.draws > 0 && rep->opts.sobol > 0 ? "; " : "",
            rep->opts.sobol > 0
                ? dt_doc_fmt(d, "Sobol indices from %zu base rows",
                             rep->opts.sobol)
                : "");
    else if (rep->opts.has_seed)
        dt_doc_cell(d, b, r++, 1, "%llu (not used: no sweep)",
                    (unsigned long long)rep->opts.seed);
    else
        dt_doc_cell(d, b, r++, 1, "none (nothing random in this report)");
    for (i = 0; i < rep->n_models; i++)
        g_string_append_printf(g, "%s%s", i ? ", " : "", rep->models[i]->name);
    dt_doc_cell(d, b, r, 0, "models");
    dt_doc_cell(d, b, r++, 1, "%s; analysis %s", g->str,
                rep->opts.analysis ? rep->an_model->name : "off");
    dt_doc_cell(d, b, r, 0, "tool");
    dt_doc_cell(d, b, r++, 1, "detente %s", dt_version());
    dt_doc_cell(d, b, r, 0, "command");
    dt_doc_cell(d, b, r++, 1, "%s", rep->command ? rep->command : "-");
    g_string_free(g, TRUE);
    /* One line on every PDF page: version and the first input's hash. */
    dt_doc_set_footer(d, dt_doc_fmt(d, "detente %s - %s sha256:%.12s%s",
                                    dt_version(), rep->s[0].label,
                                    rep->s[0].sha[0] ? rep->s[0].sha : "-",
                                    rep->n > 1 ? " (+more)" : ""));
}

dt_status dt__report_build(const dt_report *rep, dt_doc *d, dt_error *err)
{
    size_t i;

    if (rep->n == 1)
        dt_doc_set_title(
            d, dt_doc_fmt(d, "Briefing: %s", dt_scenario_name(rep->s[0].sc)));
    else {
        GString *g = g_string_new("Briefing: ");

        for (i = 0; i < rep->n; i++)
            g_string_append_printf(g, "%s%s", i ? "; " : "",
                                   dt_scenario_name(rep->s[i].sc));
        dt_doc_set_title(d, g->str);
        g_string_free(g, TRUE);
    }
    dt_doc_heading(d, 1, "top", dt_doc_title(d));
    dt_doc_para(d, DT_DOC_STYLE_SMALL,
                "Generated by detente from the scenario files named in the "
                "footer; every number below can be traced to an input and "
                "its note.");
    for (i = 0; i < rep->n; i++) {
        sec_overview(rep, i, d);
        sec_inputs(rep, i, d);
        sec_forecast(rep, i, d);
        sec_analysis(rep, i, d);
        sec_score(rep, i, d);
        sec_phases(rep, i, d);
        dt__report_games_section(rep->s[i].sc, anchor(d, i, "games"), d);
        if (rep->s[i].sweep)
            dt__report_sweep_section(rep->s[i].sweep, rep->s[i].sc,
                                     &rep->s[i].cin, i, d);
        if (rep->s[i].sobol)
            dt__report_sobol_section(rep->s[i].sobol, rep->s[i].sc,
                                     &rep->s[i].cin, i, d);
    }
    if (rep->n > 1) {
        sec_compare(rep, d);
        sec_changes(rep, d);
    }
    sec_footer(rep, d);
    return dt_doc_status(d, err);
}

dt_status dt_report_doc(const dt_report *rep, dt_doc *d, dt_error *err)
{
    return dt__report_build(rep, d, err);
}

/* Build the report's document and write it with one renderer. */
static dt_status write_as(const dt_report *rep,
                          dt_status (*render)(const dt_doc *, dt_write_fn,
                                              void *, dt_error *),
                          dt_write_fn write, void *ud, dt_error *err)
{
    dt_doc *d = NULL;
    dt_status st = dt_doc_new(rep->alloc, &d, err);

    if (st == DT_OK)
        st = dt__report_build(rep, d, err);
    if (st == DT_OK)
        st = render(d, write, ud, err);
    dt_doc_free(d);
    return st;
}

dt_status dt_report_write_html(const dt_report *rep, dt_write_fn write,
                               void *ud, dt_error *err)
{
    return write_as(rep, dt_doc_write_html, write, ud, err);
}

dt_status dt_report_write_pdf(const dt_report *rep, dt_write_fn write, void *ud,
                              dt_error *err)
{
    return write_as(rep, dt_doc_write_pdf, write, ud, err);
}
