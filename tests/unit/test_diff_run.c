/*
 * Tests of dt_diff_run (two versions of a scenario: the inputs that
 * changed, the results that moved and each input's effect alone) and its
 * writers. Expected values are computed by hand below from the model's
 * formulas: the mean model's forecast is sum c s x / sum c s (Achen
 * 2006), and the two-actor zone and Nash deal of docs/analysis.md.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dt_test.h"

/* One issue, no status quo (so no analysis): only forecasts. */
static const char A[] = "name: A\n"
                        "issues:\n"
                        "  - {id: i, name: I}\n"
                        "actors:\n"
                        "  - id: x\n"
                        "    name: X\n"
                        "    capability: 40\n"
                        "    issues:\n"
                        "      i: {position: 80, salience: 60}\n"
                        "  - id: y\n"
                        "    name: Y\n"
                        "    capability: 10\n"
                        "    issues:\n"
                        "      i: {position: 20, salience: 90}\n";

/* x's position 80 -> 70, y's capability 10 -> 30. */
static const char B[] = "name: B\n"
                        "issues:\n"
                        "  - {id: i, name: I}\n"
                        "actors:\n"
                        "  - id: x\n"
                        "    name: X\n"
                        "    capability: 40\n"
                        "    issues:\n"
                        "      i: {position: 70, salience: 60}\n"
                        "  - id: y\n"
                        "    name: Y\n"
                        "    capability: 30\n"
                        "    issues:\n"
                        "      i: {position: 20, salience: 90}\n";

/* A with y's salience annotated (same number) and an actor z added. */
static const char C[] = "name: C\n"
                        "issues:\n"
                        "  - {id: i, name: I}\n"
                        "actors:\n"
                        "  - id: x\n"
                        "    name: X\n"
                        "    capability: 40\n"
                        "    issues:\n"
                        "      i: {position: 80, salience: 60}\n"
                        "  - id: y\n"
                        "    name: Y\n"
                        "    capability: 10\n"
                        "    issues:\n"
                        "      i: {position: 20,\n"
                        "          salience: {value: 90, note: why}}\n"
                        "  - id: z\n"
                        "    name: Z\n"
                        "    capability: 5\n"
                        "    issues:\n"
                        "      i: {position: 50, salience: 50}\n";

/*
 * Two table actors on one issue with status quo 50, both with salience
 * 100: x wants 0, y wants 100; no-deal costs cx and cy. U_x(v) = -v,
 * U_y(v) = -(100 - v), D_x = -50 - cx, D_y = -50 - cy. The zone's
 * max-min surplus is t* = (cx + cy) / 2 (the two surplus rows 50 + cx - v
 * >= t and v - 50 + cy >= t summed), and the Nash deal maximises
 * (50 + cx - v)(v - 50 + cy): v = 50 + (cx - cy) / 2.
 */
static const char *two(char *buf, size_t n, double cx, double cy)
{
    snprintf(buf, n,
             "name: Two\n"
             "issues:\n"
             "  - {id: i, name: I, status_quo: 50}\n"
             "actors:\n"
             "  - id: x\n"
             "    name: X\n"
             "    capability: 10\n"
             "    no_deal: {cost: %g}\n"
             "    issues:\n"
             "      i: {position: 0, salience: 100}\n"
             "  - id: y\n"
             "    name: Y\n"
             "    capability: 10\n"
             "    no_deal: {cost: %g}\n"
             "    issues:\n"
             "      i: {position: 100, salience: 100}\n",
             cx, cy);
    return buf;
}

static dt_scenario *parse(const char *text, const char *name)
{
    dt_scenario *sc = NULL;
    dt_error err;

    assert_int_equal(dt_scenario_parse(text, strlen(text), name, DT_FORMAT_YAML,
                                       NULL, &sc, &err),
                     DT_OK);
    return sc;
}

static const char *const MEAN[] = {"mean"};

static dt_diff *run(const dt_scenario *a, const dt_scenario *b)
{
    dt_diff_opts o = DT_DIFF_OPTS_INIT;
    dt_diff *d = NULL;
    dt_error err;

    o.models = MEAN;
    o.n_models = 1;
    assert_int_equal(dt_diff_run(a, b, &o, &d, &err), DT_OK);
    return d;
}

static const dt_diff_move *find(const dt_diff *d, const char *id)
{
    size_t k;

    for (k = 0; k < d->n_moves; k++)
        if (strcmp(d->moves[k].id, id) == 0)
            return &d->moves[k];
    return NULL;
}

static void test_diff_run__same_scenario_is_empty(void **state)
{
    dt_scenario *a = parse(A, "a.yaml"), *b = parse(A, "b.yaml");
    dt_diff *d = run(a, b);

    (void)state;
    assert_int_equal(d->n_inputs, 0);
    assert_int_equal(d->n_moves, 0);
    assert_int_equal(d->n_models, 1);
    assert_false(d->analysed_a); /* no status quo: no no-deal terms */
    dt_diff_free(d);
    dt_scenario_free(a);
    dt_scenario_free(b);
}

static void test_diff_run__mean_forecast_by_hand(void **state)
{
    dt_scenario *a = parse(A, "a.yaml"), *b = parse(B, "b.yaml");
    dt_diff *d = run(a, b);
    const dt_diff_move *m;
    /* Weights c s: A x 40*60 = 2400, y 10*90 = 900; B y 30*90 = 2700. */
    double fa = (2400.0 * 80 + 900.0 * 20) / (2400 + 900);   /* 63.64 */
    double fb = (2400.0 * 70 + 2700.0 * 20) / (2400 + 2700); /* 43.53 */
    double fx = (2400.0 * 70 + 900.0 * 20) / (2400 + 900);   /* x alone */
    double fy = (2400.0 * 80 + 2700.0 * 20) / (2400 + 2700); /* y alone */

    (void)state;
    assert_int_equal(d->n_inputs, 2);
    assert_int_equal(d->n_alone, 2);
    /* Slot order: x's capability, x.i.position, y's capability, ... */
    assert_string_equal(d->inputs[0].id, "x.i.position");
    assert_int_equal(d->inputs[0].how, DT_DIFF_ALONE);
    DT_ASSERT_REL(d->inputs[0].old_value, 80.0, 0.0);
    DT_ASSERT_REL(d->inputs[0].new_value, 70.0, 0.0);
    assert_string_equal(d->inputs[1].id, "y.capability");
    /* The only result: the mean forecast (nothing else without analysis). */
    assert_int_equal(d->n_moves, 1);
    m = &d->moves[0];
    assert_string_equal(m->id, "forecast.i.mean");
    assert_int_equal(m->kind, DT_DIFF_FORECAST);
    assert_string_equal(m->issue, "i");
    assert_string_equal(m->model, "mean");
    DT_ASSERT_REL(m->old_value, fa, 1e-12);
    DT_ASSERT_REL(m->new_value, fb, 1e-12);
    DT_ASSERT_REL(m->size, fa - fb, 1e-12);
    /* y's capability alone moves it more (-15.40) than x's position
     * (-7.27): it comes first. */
    assert_int_equal(m->n_shares, 2);
    assert_string_equal(d->inputs[m->shares[0].input].id, "y.capability");
    DT_ASSERT_REL(m->shares[0].effect, fy - fa, 1e-10);
    assert_string_equal(d->inputs[m->shares[1].input].id, "x.i.position");
    DT_ASSERT_REL(m->shares[1].effect, fx - fa, 1e-10);
    /* The rest: the interaction, +2.57. */
    DT_ASSERT_REL(m->rest, (fb - fa) - (fy - fa) - (fx - fa), 1e-9);
    dt_diff_free(d);
    dt_scenario_free(a);
    dt_scenario_free(b);
}

static void test_diff_run__one_input_named_first(void **state)
{
    dt_scenario *a = parse(A, "a.yaml"), *b = NULL;
    dt_diff *d;
    dt_error err;
    const char *set = "x.i.salience=30";

    (void)state;
    assert_int_equal(dt_scenario_whatif(a, NULL, 0, &set, 1, &b, &err), DT_OK);
    d = run(a, b);
    assert_int_equal(d->n_inputs, 1);
    assert_string_equal(d->inputs[0].id, "x.i.salience");
    assert_int_equal(d->n_moves, 1);
    /* Alone it explains everything: weights 1200 and 900. */
    assert_int_equal(d->moves[0].n_shares, 1);
    assert_int_equal(d->moves[0].shares[0].input, 0);
    DT_ASSERT_REL(d->moves[0].new_value,
                  (1200.0 * 80 + 900.0 * 20) / (1200 + 900), 1e-12);
    DT_ASSERT_REL(d->moves[0].rest, 0.0, 0.0);
    dt_diff_free(d);
    dt_scenario_free(a);
    dt_scenario_free(b);
}

static void test_diff_run__notes_and_added_actor(void **state)
{
    dt_scenario *a = parse(A, "a.yaml"), *c = parse(C, "c.yaml");
    dt_diff *d = run(a, c);
    size_t k, added = 0;
    double fa = (2400.0 * 80 + 900.0 * 20) / 3300;
    double fc = (2400.0 * 80 + 900.0 * 20 + 250.0 * 50) / 3550;

    (void)state;
    /* y.i.salience (note only), then z's three slots, added. */
    assert_int_equal(d->n_inputs, 4);
    assert_string_equal(d->inputs[0].id, "y.i.salience");
    assert_int_equal(d->inputs[0].how, DT_DIFF_NOTE_ONLY);
    assert_null(d->inputs[0].old_note);
    assert_string_equal(d->inputs[0].new_note, "why");
    for (k = 1; k < 4; k++) {
        added += d->inputs[k].how == DT_DIFF_ADDED;
        assert_true(isnan(d->inputs[k].old_value));
    }
    assert_int_equal(added, 3);
    assert_int_equal(d->n_alone, 0);
    /* No input alone: the whole move is the rest. */
    assert_int_equal(d->n_moves, 1);
    assert_int_equal(d->moves[0].n_shares, 0);
    DT_ASSERT_REL(d->moves[0].new_value, fc, 1e-12);
    DT_ASSERT_REL(d->moves[0].rest, fc - fa, 1e-9);
    dt_diff_free(d);
    dt_scenario_free(a);
    dt_scenario_free(c);
}

static void test_diff_run__zone_opens_first(void **state)
{
    char ta[1024], tb[1024];
    dt_scenario *a = parse(two(ta, sizeof ta, 10, -20), "a.yaml");
    dt_scenario *b = parse(two(tb, sizeof tb, 10, 0), "b.yaml");
    dt_diff *d = run(a, b);
    const dt_diff_move *m;

    (void)state;
    assert_true(d->analysed_a);
    assert_true(d->analysed_b);
    assert_int_equal(d->n_inputs, 1);
    assert_string_equal(d->inputs[0].id, "y.no_deal.cost");
    /* t* = (10 - 20) / 2 = -5: no agreement; (10 + 0) / 2 = 5: agreement.
     * The flip is the largest move (size 100), listed first. */
    m = &d->moves[0];
    assert_string_equal(m->id, "zone");
    DT_ASSERT_REL(m->old_value, 0.0, 0.0);
    DT_ASSERT_REL(m->new_value, 1.0, 0.0);
    DT_ASSERT_REL(m->size, 100.0, 0.0);
    assert_string_equal(m->old_text, "no agreement");
    assert_string_equal(m->new_text, "agreement possible");
    assert_int_equal(m->n_shares, 1);
    DT_ASSERT_REL(m->shares[0].effect, 1.0, 0.0);
    /* The deal appears: v = 50 + (10 - 0) / 2 = 55. */
    m = find(d, "deal.i");
    assert_non_null(m);
    assert_true(isnan(m->old_value));
    DT_ASSERT_REL(m->new_value, 55.0, 1e-6);
    DT_ASSERT_REL(m->size, 100.0, 0.0);
    assert_true(isnan(m->shares[0].effect));
    assert_true(isnan(m->rest));
    m = find(d, "surplus");
    assert_non_null(m);
    DT_ASSERT_REL(m->old_value, -5.0, 1e-7);
    DT_ASSERT_REL(m->new_value, 5.0, 1e-7);
    DT_ASSERT_REL(m->shares[0].effect, 10.0, 1e-6);
    DT_ASSERT_REL(m->rest, 0.0, 0.0);
    dt_diff_free(d);
    dt_scenario_free(a);
    dt_scenario_free(b);
}

static dt_status to_buf(void *ud, const void *p, size_t n)
{
    char *buf = ud;
    size_t len = strlen(buf);

    if (len + n >= 65536)
        return DT_EIO;
    memcpy(buf + len, p, n);
    buf[len + n] = '\0';
    return DT_OK;
}

static void test_diff_run__writers(void **state)
{
    dt_scenario *a = parse(A, "a.yaml"), *b = parse(B, "b.yaml");
    dt_diff *d = run(a, b);
    char *buf = calloc(1, 65536);
    const char *p, *q;
    dt_doc *doc = NULL;
    json_t *j, *mv;
    json_error_t je;
    dt_error err;

    (void)state;
    assert_non_null(buf);
    assert_int_equal(dt_doc_new(NULL, &doc, &err), DT_OK);
    assert_int_equal(dt_diff_doc(d, NULL, doc, &err), DT_OK);
    assert_int_equal(dt_doc_write(doc, DT_DOC_TEXT, to_buf, buf, &err), DT_OK);
    /* The move, and y's capability named before x's position. */
    p = strstr(buf, "forecast.i.mean");
    assert_non_null(p);
    q = strstr(p, "y.capability -15.40");
    assert_non_null(q);
    assert_non_null(strstr(q, "x.i.position -7.27"));
    assert_non_null(strstr(buf, "2 inputs changed"));
    dt_doc_free(doc);
    buf[0] = '\0';
    assert_int_equal(dt_diff_write_json(d, NULL, to_buf, buf, &err), DT_OK);
    j = json_loads(buf, 0, &je);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "schema")),
                        "detente-diff/1");
    assert_int_equal(json_array_size(json_object_get(j, "inputs")), 2);
    mv = json_array_get(json_object_get(j, "moves"), 0);
    assert_string_equal(json_string_value(json_object_get(mv, "id")),
                        "forecast.i.mean");
    assert_string_equal(
        json_string_value(json_object_get(
            json_array_get(json_object_get(mv, "shares"), 0), "input")),
        "y.capability");
    json_decref(j);
    free(buf);
    dt_diff_free(d);
    dt_scenario_free(a);
    dt_scenario_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diff_run__same_scenario_is_empty),
        cmocka_unit_test(test_diff_run__mean_forecast_by_hand),
        cmocka_unit_test(test_diff_run__one_input_named_first),
        cmocka_unit_test(test_diff_run__notes_and_added_actor),
        cmocka_unit_test(test_diff_run__zone_opens_first),
        cmocka_unit_test(test_diff_run__writers),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
