/*
 * Tests of the scenario writer (scenario.h, "Writing a scenario"): every
 * shipped and test scenario is written as YAML, read back and compared
 * with the original field by field (ids, names, numbers bit for bit,
 * notes, spreads, levers, constraints, outcome, game sections through
 * the JSON form, forecasts); writing the re-read scenario gives the same
 * bytes; the JSON form converted back to YAML gives the same YAML. Then
 * the JSON converter's errors, the scaffold, failed writes and what a
 * CSV table cannot carry.
 */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dt_test.h"

/* ---- A growing buffer behind a dt_write_fn ---- */

typedef struct buf {
    char *p;
    size_t n, cap;
    size_t fail_after; /* fail a write that would pass this size; 0 never */
} buf;

static dt_status buf_write(void *ud, const void *p, size_t n)
{
    buf *b = ud;

    if (b->fail_after && b->n + n > b->fail_after)
        return DT_EIO;
    if (b->n + n + 1 > b->cap) {
        size_t cap = 2 * (b->n + n + 1);
        char *q = realloc(b->p, cap);

        if (!q)
            return DT_ENOMEM;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
    b->p[b->n] = '\0';
    return DT_OK;
}

static void buf_free(buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

static void errors(void *ud, const dt_error *e)
{
    (void)ud;
    print_error("%s:%u:%u: %s\n", e->file, e->line, e->col, e->msg);
}

static dt_scenario *parse_yaml(const buf *b, const char *name)
{
    dt_load_opts o = DT_LOAD_OPTS_INIT;
    dt_scenario *sc = NULL;
    dt_status rc;

    o.on_error = errors;
    rc = dt_scenario_parse(b->p, b->n, name, DT_FORMAT_YAML, &o, &sc, NULL);
    if (rc != DT_OK) {
        print_error("---- the YAML written ----\n%s\n", b->p);
        fail_msg("%s: the written YAML does not parse: %s", name,
                 dt_status_str(rc));
    }
    return sc;
}

static void write_yaml(const dt_scenario *sc, buf *b)
{
    dt_error err;
    dt_status rc = dt_scenario_write_yaml(sc, buf_write, b, &err);

    if (rc != DT_OK)
        fail_msg("write_yaml: %s", err.msg);
}

static void write_json(const dt_scenario *sc, buf *b)
{
    dt_error err;
    dt_status rc = dt_scenario_write_json(sc, buf_write, b, &err);

    if (rc != DT_OK)
        fail_msg("write_json: %s", err.msg);
}

/* ---- Comparisons ---- */

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

#define ASSERT_BITS(a, b, what)                                                \
    do {                                                                       \
        if (!same_bits((a), (b)))                                              \
            fail_msg("%s: %s differs: %.17g vs %.17g", file, what,             \
                     (double)(a), (double)(b));                                \
    } while (0)

static void same_str(const char *file, const char *what, const char *a,
                     const char *b)
{
    if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
        fail_msg("%s: %s differs: '%s' vs '%s'", file, what, a ? a : "(null)",
                 b ? b : "(null)");
}

static void same_value(const char *file, const char *what, const dt_value *a,
                       const dt_value *b, int values)
{
    if (values)
        ASSERT_BITS(a->v, b->v, what);
    same_str(file, what, a->note, b->note);
    assert_int_equal(a->spread.kind, b->spread.kind);
    if (values && a->spread.kind == DT_SPREAD_NORMAL)
        ASSERT_BITS(a->spread.sd, b->spread.sd, what);
    if (values && a->spread.kind == DT_SPREAD_UNIFORM) {
        ASSERT_BITS(a->spread.lo, b->spread.lo, what);
        ASSERT_BITS(a->spread.hi, b->spread.hi, what);
    }
}

static void same_red_line(const char *file, const dt_red_line *a,
                          const dt_red_line *b)
{
    assert_int_equal(a->has_above, b->has_above);
    assert_int_equal(a->has_below, b->has_below);
    if (a->has_above)
        ASSERT_BITS(a->above, b->above, "red line above");
    if (a->has_below)
        ASSERT_BITS(a->below, b->below, "red line below");
    same_str(file, "red line note", a->note, b->note);
}

/* What the models see: every issue's line, bit for bit. */
static void same_lines(const char *file, const dt_scenario *a,
                       const dt_scenario *b, int exact)
{
    size_t i, k;

    for (i = 0; i < dt_scenario_n_issues(a); i++) {
        dt_line *la = NULL, *lb = NULL;

        assert_int_equal(dt_scenario_line(a, i, 0, &la, NULL), DT_OK);
        assert_int_equal(dt_scenario_line(b, i, 0, &lb, NULL), DT_OK);
        assert_int_equal(la->n, lb->n);
        for (k = 0; k < la->n; k++) {
            assert_int_equal(la->actor[k], lb->actor[k]);
            ASSERT_BITS(la->x[k], lb->x[k], "line position");
            ASSERT_BITS(la->c[k], lb->c[k], "line capability");
            if (exact)
                ASSERT_BITS(la->s[k], lb->s[k], "line salience");
            else
                DT_ASSERT_REL(lb->s[k], la->s[k], 2.3e-16);
        }
        assert_int_equal(la->has_status_quo, lb->has_status_quo);
        if (la->has_status_quo)
            ASSERT_BITS(la->status_quo, lb->status_quo, "line status quo");
        dt_line_free(la);
        dt_line_free(lb);
    }
}

/*
 * The scenario a and its written-and-read-back b are the same. `yaml`:
 * a was read from YAML, so ids and saliences are as written.
 */
static void same_scenario(const char *file, const dt_scenario *a,
                          const dt_scenario *b, int yaml, int exact)
{
    char ida[256], idb[256];
    size_t i, j, k;

    same_str(file, "name", dt_scenario_name(a), dt_scenario_name(b));
    same_str(file, "date", dt_scenario_date(a), dt_scenario_date(b));
    same_str(file, "description", dt_scenario_description(a),
             dt_scenario_description(b));
    same_str(file, "note", dt_scenario_note(a), dt_scenario_note(b));
    assert_int_equal(dt_scenario_n_sources(a), dt_scenario_n_sources(b));
    for (i = 0; i < dt_scenario_n_sources(a); i++)
        same_str(file, "source", dt_scenario_source(a, i),
                 dt_scenario_source(b, i));
    assert_int_equal(dt_scenario_n_issues(a), dt_scenario_n_issues(b));
    assert_int_equal(dt_scenario_n_actors(a), dt_scenario_n_actors(b));
    for (i = 0; i < dt_scenario_n_issues(a); i++) {
        const dt_issue *x = dt_scenario_issue(a, i),
                       *y = dt_scenario_issue(b, i);

        if (yaml)
            same_str(file, "issue id", x->id, y->id);
        same_str(file, "issue name", x->name, y->name);
        same_str(file, "issue low", x->low, y->low);
        same_str(file, "issue high", x->high, y->high);
        same_str(file, "issue note", x->note, y->note);
        assert_int_equal(x->has_status_quo, y->has_status_quo);
        if (x->has_status_quo)
            same_value(file, "status quo", &x->status_quo, &y->status_quo, 1);
    }
    for (i = 0; i < dt_scenario_n_actors(a); i++) {
        const dt_actor *x = dt_scenario_actor(a, i),
                       *y = dt_scenario_actor(b, i);
        const dt_no_deal *nx = dt_scenario_no_deal(a, i),
                         *ny = dt_scenario_no_deal(b, i);

        if (yaml)
            same_str(file, "actor id", x->id, y->id);
        same_str(file, "actor name", x->name, y->name);
        same_str(file, "actor note", x->note, y->note);
        assert_int_equal(x->role, y->role);
        same_value(file, "capability", &x->capability, &y->capability, 1);
        assert_int_equal(nx->has_cost, ny->has_cost);
        if (nx->has_cost)
            same_value(file, "no-deal cost", &nx->cost, &ny->cost, 1);
        same_str(file, "no-deal note", nx->note, ny->note);
        for (j = 0; j < dt_scenario_n_issues(a); j++) {
            const dt_stake *s = dt_scenario_stake(a, i, j),
                           *t = dt_scenario_stake(b, i, j);

            assert_int_equal(s == NULL, t == NULL);
            if (!s)
                continue;
            same_value(file, "position", &s->position, &t->position, 1);
            same_value(file, "salience", &s->salience, &t->salience, yaml);
            assert_int_equal(s->has_capability, t->has_capability);
            if (s->has_capability)
                same_value(file, "stake capability", &s->capability,
                           &t->capability, 1);
            assert_int_equal(s->has_red_line, t->has_red_line);
            if (s->has_red_line)
                same_red_line(file, &s->red_line, &t->red_line);
            assert_int_equal(s->has_no_deal, t->has_no_deal);
            if (s->has_no_deal)
                same_value(file, "no deal", &s->no_deal, &t->no_deal, 1);
            same_str(file, "stake note", s->note, t->note);
        }
    }
    same_lines(file, a, b, exact);
    /* Parameter slots: same order, ids and numbers. */
    assert_int_equal(dt_scenario_n_slots(a), dt_scenario_n_slots(b));
    for (k = 0; k < dt_scenario_n_slots(a); k++) {
        dt_slot x, y;

        assert_true(dt_scenario_slot(a, k, &x));
        assert_true(dt_scenario_slot(b, k, &y));
        assert_int_equal(x.kind, y.kind);
        assert_int_equal(x.actor, y.actor);
        assert_int_equal(x.issue, y.issue);
        if (x.kind != DT_SLOT_SALIENCE || yaml)
            same_value(file, "slot", x.value, y.value, 1);
        dt_scenario_slot_id(a, k, ida, sizeof ida);
        dt_scenario_slot_id(b, k, idb, sizeof idb);
        if (yaml)
            same_str(file, "slot id", ida, idb);
    }
    /* Constraints and levers. */
    assert_int_equal(dt_scenario_n_constraints(a),
                     dt_scenario_n_constraints(b));
    for (i = 0; i < dt_scenario_n_constraints(a); i++) {
        const dt_constraint *x = dt_scenario_constraint(a, i),
                            *y = dt_scenario_constraint(b, i);

        assert_int_equal(x->actor, y->actor);
        assert_int_equal(x->n_terms, y->n_terms);
        for (k = 0; k < x->n_terms; k++) {
            assert_int_equal(x->issue[k], y->issue[k]);
            ASSERT_BITS(x->coef[k], y->coef[k], "coefficient");
        }
        assert_int_equal(x->has_at_most, y->has_at_most);
        assert_int_equal(x->has_at_least, y->has_at_least);
        if (x->has_at_most)
            ASSERT_BITS(x->at_most, y->at_most, "at_most");
        if (x->has_at_least)
            ASSERT_BITS(x->at_least, y->at_least, "at_least");
        same_str(file, "constraint note", x->note, y->note);
    }
    assert_int_equal(dt_scenario_n_levers(a), dt_scenario_n_levers(b));
    for (i = 0; i < dt_scenario_n_levers(a); i++) {
        const dt_lever *x = dt_scenario_lever(a, i),
                       *y = dt_scenario_lever(b, i);

        same_str(file, "lever id", x->id, y->id);
        same_str(file, "lever name", x->name, y->name);
        same_str(file, "lever description", x->description, y->description);
        same_str(file, "lever note", x->note, y->note);
        assert_int_equal(x->by, y->by);
        assert_int_equal(x->n_effects, y->n_effects);
        for (k = 0; k < x->n_effects; k++) {
            const dt_effect *e = &x->effects[k], *f = &y->effects[k];

            assert_int_equal(e->kind, f->kind);
            assert_int_equal(e->actor, f->actor);
            assert_int_equal(e->issue, f->issue);
            same_str(file, "effect note", e->note, f->note);
            if (e->kind == DT_EFFECT_RED_LINE_ADD)
                same_red_line(file, &e->red_line, &f->red_line);
            if (e->kind == DT_EFFECT_RED_LINE_ADD ||
                e->kind == DT_EFFECT_RED_LINE_DROP)
                continue;
            assert_int_equal(e->op, f->op);
            if (e->kind != DT_EFFECT_SALIENCE || yaml)
                ASSERT_BITS(e->value, f->value, "effect value");
        }
    }
    /* Outcome and uncertainty. */
    assert_int_equal(dt_scenario_outcome(a) == NULL,
                     dt_scenario_outcome(b) == NULL);
    if (dt_scenario_outcome(a)) {
        same_str(file, "outcome description",
                 dt_scenario_outcome(a)->description,
                 dt_scenario_outcome(b)->description);
        same_str(file, "outcome note", dt_scenario_outcome(a)->note,
                 dt_scenario_outcome(b)->note);
    }
    for (i = 0; i < dt_scenario_n_issues(a); i++) {
        dt_value x, y;
        int hx = dt_scenario_outcome_value(a, i, &x),
            hy = dt_scenario_outcome_value(b, i, &y);

        assert_int_equal(hx, hy);
        if (hx)
            same_value(file, "outcome", &x, &y, 1);
    }
    assert_int_equal(dt_scenario_uncertainty(a)->loc.line != 0,
                     dt_scenario_uncertainty(b)->loc.line != 0);
    ASSERT_BITS(dt_scenario_uncertainty(a)->position_sd,
                dt_scenario_uncertainty(b)->position_sd, "position_sd");
    ASSERT_BITS(dt_scenario_uncertainty(a)->salience_sd,
                dt_scenario_uncertainty(b)->salience_sd, "salience_sd");
    ASSERT_BITS(dt_scenario_uncertainty(a)->capability_cv,
                dt_scenario_uncertainty(b)->capability_cv, "capability_cv");
    assert_int_equal(dt_scenario_games(a) == NULL,
                     dt_scenario_games(b) == NULL);
}

/* One model run on both: the same results, bit for bit. */
static void same_forecast(const char *file, const dt_scenario *a,
                          const dt_scenario *b, const char *model)
{
    dt_forecast *fa = NULL, *fb = NULL;
    dt_status ra = dt_forecast_new(a, &model, 1, NULL, &fa, NULL);
    dt_status rb = dt_forecast_new(b, &model, 1, NULL, &fb, NULL);
    size_t i, m;

    assert_int_equal(ra, rb);
    if (ra != DT_OK)
        return;
    assert_int_equal(dt_forecast_n_models(fa), dt_forecast_n_models(fb));
    for (i = 0; i < dt_forecast_n_issues(fa); i++)
        for (m = 0; m < dt_forecast_n_models(fa); m++) {
            const dt_model_result *x = dt_forecast_result(fa, i, m),
                                  *y = dt_forecast_result(fb, i, m);

            ASSERT_BITS(x->point, y->point, model);
            ASSERT_BITS(x->mean, y->mean, model);
            ASSERT_BITS(x->median, y->median, model);
            assert_int_equal(x->stop, y->stop);
            assert_int_equal(x->rounds, y->rounds);
            assert_int_equal(x->period, y->period);
        }
    dt_forecast_free(fa);
    dt_forecast_free(fb);
}

/* Everything the writer promises, for the scenario at `rel`. */
static void roundtrip_scenario(const char *file, const dt_scenario *sc,
                               int exact)
{
    static const char *const models[] = {"all", "smp", "exchange"};
    buf y1 = {0}, y2 = {0}, y3 = {0}, j1 = {0}, j2 = {0}, j3 = {0};
    dt_scenario *back, *again;
    dt_error err;
    size_t m;
    int yaml = dt_scenario_format_of(sc) == DT_FORMAT_YAML;

    write_yaml(sc, &y1);
    back = parse_yaml(&y1, file);
    same_scenario(file, sc, back, yaml, exact);
    for (m = 0; exact && m < sizeof models / sizeof models[0]; m++) {
        /* KTAB XML's model parameters are not carried (scenario.h). */
        if (strcmp(models[m], "smp") == 0 && dt_scenario_n_params(sc) > 0)
            continue;
        same_forecast(file, sc, back, models[m]);
    }
    /* Idempotence: the re-read scenario writes the same bytes. */
    write_yaml(back, &y2);
    if (y1.n != y2.n || memcmp(y1.p, y2.p, y1.n) != 0)
        fail_msg("%s: writing the re-read scenario gives other YAML:\n%s\n"
                 "----\n%s",
                 file, y1.p, y2.p);
    /* The JSON form: the same for both (game sections included). */
    write_json(sc, &j1);
    write_json(back, &j2);
    if (j1.n != j2.n || memcmp(j1.p, j2.p, j1.n) != 0)
        fail_msg("%s: JSON differs:\n%s\n----\n%s", file, j1.p, j2.p);
    /* JSON back to YAML: the same YAML, hence the same scenario. */
    assert_int_equal(
        dt_scenario_yaml_from_json(j1.p, j1.n, file, buf_write, &y3, &err),
        DT_OK);
    if (y1.n != y3.n || memcmp(y1.p, y3.p, y1.n) != 0)
        fail_msg("%s: YAML from the JSON differs:\n%s\n----\n%s", file, y1.p,
                 y3.p);
    again = parse_yaml(&y3, file);
    write_json(again, &j3);
    assert_true(j1.n == j3.n && memcmp(j1.p, j3.p, j1.n) == 0);
    dt_scenario_free(again);
    dt_scenario_free(back);
    buf_free(&y1);
    buf_free(&y2);
    buf_free(&y3);
    buf_free(&j1);
    buf_free(&j2);
    buf_free(&j3);
}

static void roundtrip_file(const char *rel)
{
    dt_scenario *sc = NULL;
    dt_error err;

    if (dt_scenario_load(dt_test_src(rel), NULL, &sc, &err) != DT_OK)
        fail_msg("%s: %s", rel, err.msg);
    roundtrip_scenario(rel, sc, 1);
    dt_scenario_free(sc);
}

/* ---- Tests ---- */

static void test_write__files(void **state)
{
    static const char *const files[] = {
        "scenarios/hanoi-2019.yaml",
        "scenarios/anchorage-2025.yaml",
        "scenarios/ec-emissions-1994.yaml",
        "scenarios/ec-emissions-1994.csv",
        "tests/cli/good/coincide.yaml",
        "tests/cli/good/doc-example.yaml",
        "tests/cli/good/exchange-2x2.yaml",
        "tests/cli/good/smp-forty.yaml",
        "tests/cli/good/sweep-uncertainty.yaml",
        "tests/cli/good/roles.yaml",
        "tests/cli/good/phases.yaml",
        "scenarios/brexit-2019.yaml",
        "scenarios/cases/camp-david-1978.yaml",
        "tests/cli/good/ktab-dummy-3dim.csv",
        "tests/cli/good/ktab-xml-dummy-3dim.xml",
        "tests/game/sequence-example.yaml",
        "tests/browser/hostile.yaml",
        "tests/data/ktab/SOE-Pol-Comp.csv",
        "tests/data/ktab/dummyData_3Dim.csv",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof files / sizeof files[0]; i++)
        roundtrip_file(files[i]);
}

/* Every section and every kind of value the reader accepts, in one file. */
static const char everything[] =
    "name: \"55\"\n"
    "date: '2019-02-27'\n"
    "description: |\n"
    "  Two lines\n"
    "    the second indented, with trailing space \n"
    "sources: [\"\", null-ish, '~', \"yes\", \"1e5\", \"a: b\", \"# hash\", "
    "\"- dash\", \" lead\", \"trail \", \"emoji \\U0001F600\"]\n"
    "note: \"A long note that goes on and on past the folding width of the "
    "writer, so   that it is folded, with double  spaces kept, "
    "and unicode \\u00e9\\u4e2d.\"\n"
    "issues:\n"
    "  - {id: a, name: 'A: scope', low: none, high: all, status_quo: {value: "
    "0.1, sd: 3}, note: \"line\\nbreak\\n\\n\"}\n"
    "  - {id: b.2, name: B, status_quo: {value: 50, range: [1e-9, 99.5], "
    "note: n}}\n"
    "  - {id: c-3, name: C}\n"
    "actors:\n"
    "  - id: x\n"
    "    name: X\n"
    "    role: excluded\n"
    "    capability: {value: 1.5e-8, sd: 0.3333333333333333}\n"
    "    no_deal: {cost: {value: -25, note: cost, range: [-30, 10]}, note: "
    "nd}\n"
    "    note: '0x1F'\n"
    "    issues:\n"
    "      a: {position: 0, salience: 100, capability: {value: 7, note: cap},"
    " red_line: {above: 40, below: 10, note: rl}, no_deal: {value: 3, sd: 1},"
    " note: st}\n"
    "      b.2: {position: 33.333333333333336, salience: 0.1, red_line: "
    "{below: 5}}\n"
    "      c-3: {position: 100, salience: 1}\n"
    "    red_lines:\n"
    "      - {terms: {a: 1, b.2: -0.3}, at_most: 0, note: cvid}\n"
    "      - {terms: {c-3: 2}, at_least: 10, at_most: 150}\n"
    "  - id: y\n"
    "    name: Y\n"
    "    capability: 0\n"
    "    no_deal: {note: only a note}\n"
    "    issues:\n"
    "      a: {position: 99.99999999999999, salience: 5e-324}\n"
    "      b.2: {position: 1, salience: 2}\n"
    "      c-3: {position: 2, salience: 3, no_deal: 4}\n"
    "  - {id: z, name: Z, capability: 987654321.123456789}\n"
    "levers:\n"
    "  - id: l1\n"
    "    name: Lever\n"
    "    by: x\n"
    "    description: d\n"
    "    note: \"a\\ttab\"\n"
    "    effects:\n"
    "      - {actor: y, capability: {scale: 0.6}, note: e}\n"
    "      - {actor: y, issue: a, capability: {set: 3}}\n"
    "      - {actor: y, issue: a, salience: {add: -30}}\n"
    "      - {actor: x, issue: b.2, position: {set: 12.5}}\n"
    "      - {actor: x, no_deal_cost: {add: {value: 15, note: ignored}}}\n"
    "      - {actor: x, issue: a, red_line: drop}\n"
    "      - {actor: y, issue: b.2, red_line: {above: 60, note: new}}\n"
    "  - {id: l2, by: y, effects: [{actor: x, salience: {set: 1}, issue: "
    "c-3}]}\n"
    "outcome:\n"
    "  description: what\n"
    "  note: why\n"
    "  issues: {a: {value: 20, note: o}, c-3: 0}\n"
    "uncertainty: {}\n"
    "staged_deal:\n"
    "  side_a: A\n"
    "  side_b: B\n"
    "  note: sn\n"
    "  s_a: {value: 3, note: sa}\n"
    "  s_b: {range: [0, 8]}\n"
    "  plans:\n"
    "    - id: p1\n"
    "      name: P\n"
    "      note: pn\n"
    "      stages:\n"
    "        - {a: 2, b: 2.5, h: 1.5, g: 3, t_a: 1, t_b: 1, q: 0.9, note: x}\n"
    "        - {a: {value: 1, range: [0, 4]}, b: 1, h: 1, g: 1, t_a: 0, t_b: "
    "0, q: {value: 0.5, note: q}}\n"
    "    - {id: p2, s_a: 1, s_b: {value: 2, range: [0, 8]}, stages: [{a: 1, "
    "b: 1, h: 1, g: 1, t_a: 1, t_b: 1, q: 1}]}\n"
    "threat:\n"
    "  id: t1\n"
    "  sender: S\n"
    "  target: T\n"
    "  note: tn\n"
    "  x: 1\n"
    "  v_s: 5\n"
    "  v_t: 6\n"
    "  harm: 4\n"
    "  o: {value: 0.7, range: [0.4, 0.9]}\n"
    "  k_s: 1\n"
    "  a_s: 2\n"
    "ratification:\n"
    "  note: rn\n"
    "  status_quo: [0.2, 0.3]\n"
    "  setter: s\n"
    "  setter_ideal: [0.9, {value: 0.8, note: si}]\n"
    "  proposal: [0.7, 0.7]\n"
    "  vetoes:\n"
    "    - {id: v1, excluded: true, ideal: [0.5, 0.5], sd: [0.1, 0.2]}\n"
    "    - {id: v2, note: vn, excluded: false, ideal: [0.6, 0.4]}\n";

static const char one_dim_games[] =
    "name: g\n"
    "issues: [{id: i, name: I}]\n"
    "actors: [{id: a, name: A, capability: 1, issues: {i: {position: 1, "
    "salience: 1}}}]\n"
    "threat:\n"
    "  - {id: t1, x: 1, v_s: 5, v_t: 6, harm: 4, o: 0.5, k_s: 1, a_s: 2, mu: "
    "0.7}\n"
    "  - {id: t2, x: 1, v_s: 5, v_t: 6, harm: 4, o: 0.5, k_s: 1, a_s: 2, mu: "
    "{value: 1, note: sure}}\n"
    "ratification:\n"
    "  status_quo: 0.2\n"
    "  setter_ideal: 0.9\n"
    "  vetoes:\n"
    "    - {id: legislature, excluded: true, uniform: [0.3, {value: 0.9, "
    "note: hi}]}\n"
    "    - {id: partner, ideal: 0.6}\n";

static void roundtrip_text(const char *name, const char *text,
                           dt_scenario_format fmt, int exact)
{
    dt_load_opts o = DT_LOAD_OPTS_INIT;
    dt_scenario *sc = NULL;

    o.on_error = errors;
    if (dt_scenario_parse(text, strlen(text), name, fmt, &o, &sc, NULL) !=
        DT_OK)
        fail_msg("%s does not parse", name);
    roundtrip_scenario(name, sc, exact);
    dt_scenario_free(sc);
}

static void test_write__everything(void **state)
{
    dt_scenario *sc = NULL;
    buf b = {0};

    (void)state;
    roundtrip_text("everything.yaml", everything, DT_FORMAT_YAML, 1);
    roundtrip_text("games.yaml", one_dim_games, DT_FORMAT_YAML, 1);
    /* The layout: numbers short, flow lists, literal and folded text. */
    assert_int_equal(dt_scenario_parse(everything, strlen(everything), "e",
                                       DT_FORMAT_YAML, NULL, &sc, NULL),
                     DT_OK);
    write_yaml(sc, &b);
    assert_non_null(strstr(b.p, "name: '55'\n"));
    assert_non_null(strstr(b.p, "  note: |+\n    line\n    break\n\n"));
    assert_non_null(strstr(b.p, "note: >-"));
    assert_non_null(strstr(b.p, "range: [1e-9, 99.5]"));
    assert_non_null(strstr(b.p, "capability: {scale: 0.6}"));
    assert_non_null(strstr(b.p, "value: 1.5e-8"));
    assert_non_null(strstr(b.p, "position: 33.333333333333336\n"));
    /* Python: repr(987654321.123456789) (capabilities stop at 1e9). */
    assert_non_null(strstr(b.p, "capability: 987654321.1234568\n"));
    assert_non_null(strstr(b.p, "uncertainty: {}"));
    assert_non_null(strstr(b.p, "role: excluded"));
    assert_null(strstr(b.p, "\n---"));
    buf_free(&b);
    write_json(sc, &b);
    assert_non_null(strstr(b.p, "\"name\": \"55\""));
    assert_non_null(strstr(b.p, "\"range\": [1e-9, 99.5]"));
    assert_non_null(strstr(b.p, "\"salience\": 100,"));
    assert_non_null(strstr(b.p, "\\t"));
    buf_free(&b);
    dt_scenario_free(sc);
}

/* Numbers do not depend on the locale's decimal point. */
static void test_write__locale(void **state)
{
    static const char *const names[] = {"de_DE.UTF-8", "fr_FR.UTF-8",
                                        "de_DE.utf8", "fr_FR.utf8"};
    dt_scenario *sc = NULL;
    buf c = {0}, l = {0};
    size_t i;

    (void)state;
    assert_int_equal(dt_scenario_parse(everything, strlen(everything), "e",
                                       DT_FORMAT_YAML, NULL, &sc, NULL),
                     DT_OK);
    write_yaml(sc, &c);
    for (i = 0; i < 4 && !setlocale(LC_NUMERIC, names[i]); i++)
        ;
    if (i == 4) {
        print_message("no comma locale installed; writing in C only\n");
    } else {
        write_yaml(sc, &l);
        roundtrip_scenario("everything.yaml (comma locale)", sc, 1);
        setlocale(LC_NUMERIC, "C");
        assert_int_equal(c.n, l.n);
        assert_memory_equal(c.p, l.p, c.n);
    }
    buf_free(&c);
    buf_free(&l);
    dt_scenario_free(sc);
}

/* A CSV table on [0, 1]: saliences on 0-100, the models' numbers equal. */
static void test_write__csv(void **state)
{
    static const char shares[] = "Actor,Capability,Position,Salience\n"
                                 "Nether lands,0.08,4,0.8\n"
                                 "Nether_lands,0.1,7,0.3\n"
                                 "B\xc3\xa9lgica,0.03,40,0.07\n"
                                 "D,0.2,100,0.57\n";
    static const char big[] = "Actor,Capability,Position,Salience\n"
                              "A,1,10,300\nB,2,90,70\n";
    static const char years[] = "Actor,Capability,Position,Salience\n"
                                "A,1,1990,0.5\nB,1,2000,0.5\n";
    dt_scenario *sc = NULL;
    dt_error err;
    buf b = {0};

    (void)state;
    roundtrip_text("shares.csv", shares, DT_FORMAT_CSV, 1);
    /*
     * Saliences over 100 are divided by the largest: 70 / 300 is no
     * x / 100 of a double x, so the models read the nearest, one unit in
     * the last place away (scenario.h).
     */
    roundtrip_text("big.csv", big, DT_FORMAT_CSV, 0);
    assert_int_equal(dt_scenario_parse(shares, strlen(shares), "my table.csv",
                                       DT_FORMAT_CSV, NULL, &sc, NULL),
                     DT_OK);
    write_yaml(sc, &b);
    assert_non_null(strstr(b.p, "id: my_table\n"));
    assert_non_null(strstr(b.p, "id: Nether_lands\n"));
    assert_non_null(strstr(b.p, "id: Nether_lands-2\n"));
    assert_non_null(strstr(b.p, "id: B_lgica\n"));
    assert_non_null(strstr(b.p, "salience: 80}"));
    assert_non_null(strstr(b.p, "salience: 57}"));
    buf_free(&b);
    dt_scenario_free(sc);
    /* Positions on another scale than 0-100 have no YAML form. */
    assert_int_equal(dt_scenario_parse(years, strlen(years), "y.csv",
                                       DT_FORMAT_CSV, NULL, &sc, NULL),
                     DT_OK);
    assert_int_equal(dt_scenario_write_yaml(sc, buf_write, &b, &err),
                     DT_ESCENARIO);
    assert_non_null(strstr(err.msg, "1990"));
    assert_int_equal(dt_scenario_write_json(sc, buf_write, &b, &err),
                     DT_ESCENARIO);
    buf_free(&b);
    dt_scenario_free(sc);
}

/*
 * The multi-issue CSV table (docs/scenario-format.md): written with each
 * delimiter and read back, a scenario the table holds gives the same YAML
 * (the same issues, actors, stakes and notes); a rich one keeps what the
 * basic models read (the same mean, median and eu forecasts bit for bit)
 * and names what it left out.
 */
static void test_write__table_csv(void **state)
{
    static const char *const fits[] = {
        "tests/cli/good/export-roundtrip.yaml",
        "scenarios/ec-emissions-1994.csv",
        "tests/cli/good/table-doc-example.csv",
        "tests/cli/good/ktab-dummy-3dim.csv",
    };
    static const char *const rich[] = {
        "scenarios/ec-emissions-1994.yaml", "scenarios/brexit-2019.yaml",
        "scenarios/hanoi-2019.yaml", "tests/browser/hostile.yaml"};
    static const char seps[] = {',', ';', '\t'};
    static const char *const models[] = {"mean", "median", "eu"};
    size_t f, k, m;
    dt_error err;

    (void)state;
    for (f = 0; f < sizeof fits / sizeof *fits + sizeof rich / sizeof *rich;
         f++) {
        int fit = f < sizeof fits / sizeof *fits;
        const char *rel = fit ? fits[f] : rich[f - sizeof fits / sizeof *fits];
        dt_scenario *sc = NULL, *back = NULL;
        buf y1 = {0}, y2 = {0};

        if (dt_scenario_load(dt_test_src(rel), NULL, &sc, &err) != DT_OK)
            fail_msg("%s: %s", rel, err.msg);
        write_yaml(sc, &y1);
        for (k = 0; k < sizeof seps; k++) {
            buf t = {0};
            dt_status rc;

            assert_int_equal(
                dt_scenario_write_table_csv(sc, seps[k], buf_write, &t, &err),
                DT_OK);
            /* Detected as the table, whatever the delimiter. */
            assert_int_equal(dt_scenario_format_guess("t.csv", t.p, t.n),
                             DT_FORMAT_TABLE_CSV);
            rc = dt_scenario_parse(t.p, t.n, "t.csv", DT_FORMAT_TABLE_CSV, NULL,
                                   &back, &err);
            if (rc != DT_OK)
                fail_msg("%s (sep %d): the table does not parse: %s\n%s", rel,
                         seps[k], err.msg, t.p);
            assert_int_equal(!strstr(t.p, "## not carried by this table"), fit);
            if (fit) {
                write_yaml(back, &y2);
                if (y1.n != y2.n || memcmp(y1.p, y2.p, y1.n) != 0)
                    fail_msg("%s (sep %d): YAML -> table -> YAML differs:\n"
                             "%s\n----\n%s",
                             rel, seps[k], y1.p, y2.p);
                buf_free(&y2);
            }
            for (m = 0; m < sizeof models / sizeof *models; m++)
                same_forecast(rel, sc, back, models[m]);
            dt_scenario_free(back);
            buf_free(&t);
        }
        buf_free(&y1);
        dt_scenario_free(sc);
    }
    assert_int_equal(
        dt_scenario_write_table_csv(NULL, ',', buf_write, NULL, &err),
        DT_EINVAL);
}

static void test_write__json_errors(void **state)
{
    static const struct {
        const char *text;
        unsigned line;
        const char *msg;
    } bad[] = {
        {"{\"name\": \"x\",\n  \"issues\": [1,}", 2, "not JSON"},
        {"", 1, "not JSON"},
        {"name: x", 1, "not JSON"},
        {"  [1, 2]", 1, "got a list"},
        {"\n\"text\"", 2, "got a string"},
        {"{\"a\": 1, \"a\": 2}", 1, "not JSON"},
        {"{\"a\": 1e999}", 1, "not JSON"},
    };
    static const char ok[] = "{\"name\": 3, \"x\": [true, null, \"null\"]}";
    buf b = {0};
    dt_error err;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&err, 0, sizeof err);
        assert_int_equal(
            dt_scenario_yaml_from_json(bad[i].text, strlen(bad[i].text),
                                       "edit.json", buf_write, &b, &err),
            DT_ESCENARIO);
        assert_int_equal(err.code, DT_ESCENARIO);
        assert_string_equal(err.file, "edit.json");
        if (err.line != bad[i].line || err.col == 0 ||
            !strstr(err.msg, bad[i].msg))
            fail_msg("'%s': %u:%u: %s", bad[i].text, err.line, err.col,
                     err.msg);
    }
    assert_int_equal(b.n, 0);
    /* Content is not checked here: the YAML parser does it, with lines. */
    assert_int_equal(
        dt_scenario_yaml_from_json(ok, strlen(ok), NULL, buf_write, &b, &err),
        DT_OK);
    assert_string_equal(b.p, "name: 3\nx:\n- true\n- null\n- 'null'\n");
    buf_free(&b);
}

static void test_write__scaffold(void **state)
{
    static const dt_scaffold_item issues[] = {{"tariffs", "Tariff cut", 0},
                                              {"quotas", "Quotas", 0}};
    static const dt_scaffold_item actors[] = {
        {"eu", "EU", DT_ROLE_TABLE},
        {"us", "United States", DT_ROLE_TABLE},
        {"china", "China", DT_ROLE_EXCLUDED}};
    dt_scaffold_item bad[3];
    dt_scenario *sc;
    dt_error err;
    buf b = {0};
    size_t k, i, a;

    (void)state;
    assert_int_equal(dt_scenario_scaffold("Trade talks", issues, 2, actors, 3,
                                          buf_write, &b, &err),
                     DT_OK);
    sc = parse_yaml(&b, "scaffold.yaml");
    assert_string_equal(dt_scenario_name(sc), "Trade talks");
    assert_non_null(dt_scenario_note(sc));
    assert_int_equal(dt_scenario_n_issues(sc), 2);
    assert_int_equal(dt_scenario_n_actors(sc), 3);
    assert_string_equal(dt_scenario_actor(sc, 1)->name, "United States");
    assert_int_equal(dt_scenario_actor(sc, 2)->role, DT_ROLE_EXCLUDED);
    for (a = 0; a < 3; a++)
        for (i = 0; i < 2; i++)
            assert_non_null(dt_scenario_stake(sc, a, i));
    /* 2 status quos, then per actor capability, 2 x (position, salience). */
    assert_int_equal(dt_scenario_n_slots(sc), 2 + 3 * 5);
    for (k = 0; k < dt_scenario_n_slots(sc); k++) {
        dt_slot s;

        assert_true(dt_scenario_slot(sc, k, &s));
        assert_non_null(s.value->note);
        assert_non_null(strstr(s.value->note, "placeholder"));
        assert_true(s.value->v ==
                    (s.kind == DT_SLOT_CAPABILITY ? 100.0 : 50.0));
    }
    dt_scenario_free(sc);
    buf_free(&b);
    /* Bad ids are refused, named in the message; nothing is written. */
    memcpy(bad, actors, sizeof bad);
    bad[1].id = "u s";
    assert_int_equal(
        dt_scenario_scaffold("t", issues, 2, bad, 3, buf_write, &b, &err),
        DT_ESCENARIO);
    assert_non_null(strstr(err.msg, "'u s'"));
    bad[1].id = "eu";
    assert_int_equal(
        dt_scenario_scaffold("t", issues, 2, bad, 3, buf_write, &b, &err),
        DT_ESCENARIO);
    assert_non_null(strstr(err.msg, "duplicate actor id 'eu'"));
    memcpy(bad, issues, 2 * sizeof *bad);
    bad[0].id = "";
    assert_int_equal(
        dt_scenario_scaffold("t", bad, 2, actors, 3, buf_write, &b, &err),
        DT_ESCENARIO);
    bad[0].id = NULL;
    assert_int_equal(
        dt_scenario_scaffold("t", bad, 2, actors, 3, buf_write, &b, &err),
        DT_ESCENARIO);
    assert_int_equal(
        dt_scenario_scaffold("t", issues, 0, actors, 3, buf_write, &b, &err),
        DT_ESCENARIO);
    assert_int_equal(
        dt_scenario_scaffold(NULL, issues, 2, actors, 3, buf_write, &b, &err),
        DT_ESCENARIO);
    assert_int_equal(b.n, 0);
}

/* A write that fails is reported, whichever byte it fails at. */
static void test_write__write_fails(void **state)
{
    dt_scenario *sc = NULL;
    buf full = {0}, b = {0};
    dt_error err;
    size_t at;

    (void)state;
    assert_int_equal(dt_scenario_load(dt_test_src("scenarios/hanoi-2019.yaml"),
                                      NULL, &sc, NULL),
                     DT_OK);
    write_yaml(sc, &full);
    for (at = 1; at < full.n; at += full.n / 7) {
        b.fail_after = at;
        assert_int_equal(dt_scenario_write_yaml(sc, buf_write, &b, &err),
                         DT_EIO);
        assert_int_equal(err.code, DT_EIO);
        buf_free(&b);
        b.fail_after = at;
        assert_int_equal(dt_scenario_write_json(sc, buf_write, &b, &err),
                         DT_EIO);
        buf_free(&b);
    }
    buf_free(&full);
    dt_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write__files),
        cmocka_unit_test(test_write__everything),
        cmocka_unit_test(test_write__locale),
        cmocka_unit_test(test_write__csv),
        cmocka_unit_test(test_write__table_csv),
        cmocka_unit_test(test_write__json_errors),
        cmocka_unit_test(test_write__scaffold),
        cmocka_unit_test(test_write__write_fails),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
