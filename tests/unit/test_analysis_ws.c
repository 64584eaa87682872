/*
 * Tests of the analysis workspace (dt_analysis_ws, analysis.h): analyses
 * through one reused workspace over sequences of changed scenarios give
 * the same bits as fresh analyses (the reference run); the problems it
 * remembers are exactly those whose table numbers are unchanged (counts
 * worked out by hand beside each check); the flags leave out only what
 * they name; and a failing allocation anywhere returns DT_ENOMEM, leaks
 * nothing and leaves the workspace usable.
 */
#include <math.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "dt_test.h"

/* ----- Comparing two analyses bit for bit ----- */

static void same_doubles(const double *a, const double *b, size_t n,
                         const char *what)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (memcmp(&a[i], &b[i], sizeof *a) != 0)
            fail_msg("%s[%zu]: %.17g with the workspace, %.17g fresh", what, i,
                     a[i], b[i]);
}

static void same_ints(const int *a, const int *b, size_t n, const char *what)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (a[i] != b[i])
            fail_msg("%s[%zu]: %d with the workspace, %d fresh", what, i, a[i],
                     b[i]);
}

#define SAME_D(f, n) same_doubles(x->f, y->f, (n), #f)
#define SAME_I(f, n) same_ints(x->f, y->f, (n), #f)
#define SAME_1(f)    same_doubles(&x->f, &y->f, 1, #f)

static void same_run(const dt_analysis_run *x, const dt_analysis_run *y)
{
    size_t na = y->n_actors, m = y->n_issues, nl = y->n_limits, i;

    assert_int_equal(x->n_actors, na);
    assert_int_equal(x->n_issues, m);
    assert_int_equal(x->n_limits, nl);
    SAME_D(table_forecast, m);
    SAME_D(full_forecast, m);
    SAME_D(no_deal, na);
    assert_int_equal(x->zone.status, y->zone.status);
    assert_int_equal(x->zone.feasible, y->zone.feasible);
    SAME_1(zone.surplus);
    SAME_D(zone.point, m);
    SAME_D(zone.gain, na);
    SAME_D(zone.price, na);
    SAME_I(zone.binding, na);
    SAME_D(zone.limit_price, nl);
    SAME_I(zone.limit_binding, nl);
    SAME_1(free_surplus);
    assert_int_equal(x->deal.found, y->deal.found);
    SAME_D(deal.point, m);
    SAME_D(deal.gain, na);
    SAME_1(deal.objective);
    SAME_1(deal.gap);
    assert_int_equal(x->deal.iterations, y->deal.iterations);
    assert_int_equal(x->proposal == NULL, y->proposal == NULL);
    if (y->proposal)
        same_doubles(x->proposal, y->proposal, m, "proposal");
    SAME_D(gain, na);
    SAME_I(supports, na);
    for (i = 0; i < na; i++)
        assert_int_equal(x->crossed[i], y->crossed[i]);
    SAME_I(limit_crossed, nl);
    SAME_D(clout, na);
    SAME_1(durability);
    assert_int_equal(x->n_spoilers, y->n_spoilers);
    for (i = 0; i < y->n_spoilers; i++)
        assert_int_equal(x->spoilers[i], y->spoilers[i]);
    assert_int_equal(x->n_votes, y->n_votes);
    assert_int_equal(x->votes == NULL, y->votes == NULL);
    for (i = 0; y->votes && i < y->n_votes; i++) {
        assert_int_equal(x->votes[i].body, y->votes[i].body);
        SAME_1(votes[i].yes);
        SAME_1(votes[i].total);
        SAME_1(votes[i].quota);
        assert_int_equal(x->votes[i].ratified, y->votes[i].ratified);
        assert_int_equal(x->votes[i].pivot, y->votes[i].pivot);
        SAME_1(votes[i].margin);
    }
    assert_int_equal(x->ratified, y->ratified);
    assert_int_equal(x->n_ratifiers, y->n_ratifiers);
}

static void same_analysis(const dt_analysis *x, const dt_analysis *y)
{
    size_t i;

    same_run(&x->base, &y->base);
    assert_int_equal(x->n_effects, y->n_effects);
    for (i = 0; i < y->n_effects; i++) {
        const dt_lever_effect *ex = &x->effects[i], *ey = &y->effects[i];

        assert_int_equal(ex->n, ey->n);
        assert_int_equal(ex->lever[0], ey->lever[0]);
        assert_int_equal(ex->lever[1], ey->lever[1]);
        same_run(&ex->run, &ey->run);
        same_doubles(&ex->shift_proposal, &ey->shift_proposal, 1, "shift");
        same_doubles(&ex->shift_table, &ey->shift_table, 1, "shift_table");
        same_doubles(&ex->shift_full, &ey->shift_full, 1, "shift_full");
        same_doubles(&ex->surplus_change, &ey->surplus_change, 1, "surplus");
        same_doubles(&ex->durability_change, &ey->durability_change, 1,
                     "durability");
        assert_int_equal(ex->flip, ey->flip);
        assert_int_equal(ex->no_effect, ey->no_effect);
    }
    for (i = 0; i < y->n_effects; i++)
        assert_int_equal(x->rank[i], y->rank[i]);
}

/* dt_analyze with o, once through ws and once fresh; both must agree. */
static void check_same(const dt_scenario *sc, const dt_analysis_opts *o,
                       dt_analysis_ws *ws)
{
    dt_analysis_opts ow = *o, of = *o;
    dt_analysis *aw = NULL, *af = NULL;
    dt_error err;

    ow.ws = ws;
    of.ws = NULL;
    if (dt_analyze(sc, &ow, &aw, &err) != DT_OK)
        fail_msg("with the workspace: %s", err.msg);
    if (dt_analyze(sc, &of, &af, &err) != DT_OK)
        fail_msg("fresh: %s", err.msg);
    same_analysis(aw, af);
    dt_analysis_free(aw);
    dt_analysis_free(af);
}

static dt_scenario *load(const char *rel, const dt_allocator *a)
{
    dt_load_opts o = DT_LOAD_OPTS_INIT;
    dt_scenario *sc = NULL;
    dt_error err;

    o.alloc = a;
    if (dt_scenario_load(dt_test_src(rel), &o, &sc, &err) != DT_OK)
        fail_msg("%s: %s", rel, err.msg);
    return sc;
}

static void set(dt_scenario *sc, const char *id, double v)
{
    size_t k = dt_scenario_slot_find(sc, id);
    dt_error err;

    if (k == (size_t)-1)
        fail_msg("no slot '%s'", id);
    if (dt_scenario_slot_set(sc, k, v, &err) != DT_OK)
        fail_msg("%s", err.msg);
}

static double get(const dt_scenario *sc, const char *id)
{
    dt_slot sl;

    assert_true(dt_scenario_slot(sc, dt_scenario_slot_find(sc, id), &sl));
    return sl.value->v;
}

/* xorshift64: the walks below need only a fixed, repeatable sequence. */
static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/*
 * A walk over the numbers of a clone of `rel`: at each step one slot set
 * to a new value in its range, or every slot put back to the values of
 * an earlier step (so that problems come again), then analysed through
 * the shared workspace and fresh. Flags and weights change along the way.
 */
static void walk(const char *rel, dt_analysis_ws *ws, uint64_t seed,
                 size_t steps, int levers)
{
    dt_scenario *base = load(rel, NULL), *cl = NULL;
    size_t ns = dt_scenario_n_slots(base), t, k;
    double *saved = calloc(ns + 1, sizeof *saved);
    dt_analysis_opts o = DT_ANALYSIS_OPTS_INIT;
    uint64_t s = seed;

    assert_non_null(saved);
    assert_int_equal(dt_scenario_clone(base, &cl, NULL), DT_OK);
    o.model = &dt_model_mean;
    o.no_levers = !levers;
    o.pairs = levers;
    for (k = 0; k < ns; k++) {
        dt_slot sl;

        assert_true(dt_scenario_slot(cl, k, &sl));
        saved[k] = sl.value->v;
    }
    for (t = 0; t < steps; t++) {
        uint64_t r = next(&s);

        if (r % 5 == 0) {
            /* Back to the numbers saved at an earlier step. */
            for (k = 0; k < ns; k++)
                assert_int_equal(dt_scenario_slot_set(cl, k, saved[k], NULL),
                                 DT_OK);
        } else {
            dt_slot sl;
            double u = (double)(next(&s) >> 11) / 9007199254740992.0, v;

            k = (size_t)(next(&s) % ns);
            assert_true(dt_scenario_slot(cl, k, &sl));
            if (sl.kind == DT_SLOT_CAPABILITY ||
                sl.kind == DT_SLOT_STAKE_CAPABILITY)
                v = sl.value->v * (0.5 + u); /* 0.5x to 1.5x */
            else if (sl.kind == DT_SLOT_NO_DEAL_COST)
                v = sl.value->v + 20.0 * (u - 0.5);
            else
                v = 100.0 * u;
            assert_int_equal(dt_scenario_slot_set(cl, k, v, NULL), DT_OK);
        }
        if (r % 7 == 0)
            for (k = 0; k < ns; k++) {
                dt_slot sl;

                assert_true(dt_scenario_slot(cl, k, &sl));
                saved[k] = sl.value->v;
            }
        o.weights =
            (r >> 8) % 3 == 0 ? DT_WEIGHTS_CAPABILITY : DT_WEIGHTS_EQUAL;
        o.flags = (unsigned)((r >> 12) % 4);
        check_same(cl, &o, ws);
    }
    free(saved);
    dt_scenario_free(cl);
    dt_scenario_free(base);
}

/* ----- Tests ----- */

/*
 * Walks over several scenarios of different sizes (so the workspace's
 * buffers grow and are refilled), one workspace throughout: every
 * analysis equals the fresh one, and some problems were remembered.
 */
static void test_analysis_ws__reused_equals_fresh(void **state)
{
    static const char *const files[] = {
        "scenarios/anchorage-2025.yaml",
        "scenarios/hanoi-2019.yaml",
        "scenarios/brexit-2019.yaml",
        "scenarios/cases/good-friday-1998.yaml",
        "scenarios/cases/camp-david-1978.yaml",
        "scenarios/anchorage-2025.yaml",
    };
    dt_analysis_ws *ws = NULL;
    size_t i, solved = 0, reused = 0;

    (void)state;
    assert_int_equal(dt_analysis_ws_new(NULL, &ws, NULL), DT_OK);
    for (i = 0; i < sizeof files / sizeof *files; i++)
        walk(files[i], ws, 0x9e3779b97f4a7c15u + i, 40, 0);
    dt_analysis_ws_stats(ws, &solved, &reused);
    /* 240 analyses of one problem each: every one counted once. */
    assert_int_equal(solved + reused, 240);
    assert_true(reused > 0);
    assert_true(solved > 0);
    dt_analysis_ws_free(ws);
}

/* Lever studies (singles and pairs) through a workspace, on Hanoi. */
static void test_analysis_ws__levers(void **state)
{
    dt_analysis_ws *ws = NULL;

    (void)state;
    assert_int_equal(dt_analysis_ws_new(NULL, &ws, NULL), DT_OK);
    walk("scenarios/hanoi-2019.yaml", ws, 77, 6, 1);
    dt_analysis_ws_free(ws);
}

/*
 * What is remembered, by hand: on Anchorage only usa and russia sit at
 * the table, so with equal Nash weights their positions and saliences
 * are in the key, while capabilities and the excluded actors' stakes
 * are not. With capability weights the table's capabilities are (they
 * are the weights).
 */
static void test_analysis_ws__counts(void **state)
{
    dt_scenario *base = load("scenarios/anchorage-2025.yaml", NULL), *cl;
    dt_analysis_opts o = DT_ANALYSIS_OPTS_INIT;
    dt_analysis_ws *ws = NULL;
    double rp = 0.0, uc = 0.0;
    size_t solved, reused;

    (void)state;
    assert_int_equal(dt_scenario_clone(base, &cl, NULL), DT_OK);
    assert_int_equal(dt_analysis_ws_new(NULL, &ws, NULL), DT_OK);
    o.model = &dt_model_mean;
    o.no_levers = 1;
    rp = get(cl, "russia.territory.position");
    uc = get(cl, "usa.capability");
    check_same(cl, &o, ws);                     /* solved 1 */
    set(cl, "russia.territory.position", 61.5); /* a table number */
    check_same(cl, &o, ws);                     /* solved 2 */
    set(cl, "russia.territory.position", rp);   /* back: the first problem */
    check_same(cl, &o, ws);                     /* reused 1 */
    set(cl, "china.capability", 2.385);         /* not in the LPs */
    check_same(cl, &o, ws);                     /* reused 2 */
    set(cl, "ukraine.territory.salience", 12.5);
    check_same(cl, &o, ws);              /* reused 3 */
    set(cl, "usa.capability", uc * 0.5); /* equal weights: not read */
    check_same(cl, &o, ws);              /* reused 4 */
    dt_analysis_ws_stats(ws, &solved, &reused);
    assert_int_equal(solved, 2);
    assert_int_equal(reused, 4);
    o.weights = DT_WEIGHTS_CAPABILITY;
    check_same(cl, &o, ws);               /* new weights: solved 3 */
    set(cl, "usa.capability", uc * 0.75); /* now a weight */
    check_same(cl, &o, ws);               /* solved 4 */
    set(cl, "europe.capability", 3.5);    /* off the table */
    check_same(cl, &o, ws);               /* reused 5 */
    /*
     * The free surplus: remembered without it (NO_FREE_ZONE), then asked
     * for, the problem is solved again (solved 6) and then found whole.
     */
    set(cl, "usa.territory.position", 33.25);
    o.flags = DT_ANALYSIS_NO_FREE_ZONE;
    check_same(cl, &o, ws); /* solved 5 */
    o.flags = 0;
    check_same(cl, &o, ws); /* solved 6 */
    check_same(cl, &o, ws); /* reused 6 */
    o.flags = DT_ANALYSIS_NO_FREE_ZONE;
    check_same(cl, &o, ws); /* reused 7: it holds more than asked */
    dt_analysis_ws_stats(ws, &solved, &reused);
    assert_int_equal(solved, 6);
    assert_int_equal(reused, 7);
    dt_analysis_ws_stats(NULL, &solved, &reused);
    assert_int_equal(solved, 0);
    assert_int_equal(reused, 0);
    dt_analysis_ws_free(ws);
    dt_analysis_ws_free(NULL);
    dt_scenario_free(cl);
    dt_scenario_free(base);
}

/*
 * The memory holds DT_ANALYSIS_WS_MEMO problems, least recently used
 * forgotten first: after MEMO + 1 distinct problems the first is gone,
 * the second is still there.
 */
static void test_analysis_ws__forgets_least_recent(void **state)
{
    dt_scenario *base = load("scenarios/hanoi-2019.yaml", NULL), *cl;
    dt_analysis_opts o = DT_ANALYSIS_OPTS_INIT;
    dt_analysis_ws *ws = NULL;
    size_t i, solved, reused;

    (void)state;
    assert_int_equal(dt_scenario_clone(base, &cl, NULL), DT_OK);
    assert_int_equal(dt_analysis_ws_new(NULL, &ws, NULL), DT_OK);
    o.model = &dt_model_mean;
    o.no_levers = 1;
    o.flags = DT_ANALYSIS_NO_FORECASTS;
    for (i = 0; i <= DT_ANALYSIS_WS_MEMO; i++) {
        set(cl, "usa.scope.position", 40.0 + (double)i);
        check_same(cl, &o, ws);
    }
    set(cl, "usa.scope.position", 41.0); /* the second: remembered */
    check_same(cl, &o, ws);
    set(cl, "usa.scope.position", 40.0); /* the first: forgotten */
    check_same(cl, &o, ws);
    dt_analysis_ws_stats(ws, &solved, &reused);
    assert_int_equal(solved, DT_ANALYSIS_WS_MEMO + 2);
    assert_int_equal(reused, 1);
    dt_analysis_ws_free(ws);
    dt_scenario_free(cl);
    dt_scenario_free(base);
}

/*
 * The flags leave out only what they name: NO_FORECASTS gives NaN
 * forecasts and NO_FREE_ZONE a NaN free surplus, everything else the
 * bits of the full analysis.
 */
static void test_analysis_ws__flags(void **state)
{
    dt_scenario *sc = load("scenarios/anchorage-2025.yaml", NULL);
    dt_analysis_opts o = DT_ANALYSIS_OPTS_INIT;
    dt_analysis *full = NULL, *part = NULL;
    size_t q;

    (void)state;
    o.no_levers = 1;
    assert_int_equal(dt_analyze(sc, &o, &full, NULL), DT_OK);
    o.flags = DT_ANALYSIS_NO_FORECASTS | DT_ANALYSIS_NO_FREE_ZONE;
    assert_int_equal(dt_analyze(sc, &o, &part, NULL), DT_OK);
    for (q = 0; q < part->base.n_issues; q++) {
        assert_true(isnan(part->base.table_forecast[q]));
        assert_true(isnan(part->base.full_forecast[q]));
        /* Every issue has table stakes: the full analysis forecasts. */
        assert_false(isnan(full->base.table_forecast[q]));
    }
    assert_true(isnan(part->base.free_surplus));
    assert_false(isnan(full->base.free_surplus));
    /* Put the left-out values back: then the runs are the same bits. */
    memcpy(part->base.table_forecast, full->base.table_forecast,
           part->base.n_issues * sizeof(double));
    memcpy(part->base.full_forecast, full->base.full_forecast,
           part->base.n_issues * sizeof(double));
    part->base.free_surplus = full->base.free_surplus;
    same_run(&part->base, &full->base);
    dt_analysis_free(part);
    dt_analysis_free(full);
    dt_scenario_free(sc);
}

/* ----- Allocation failures ----- */

typedef struct ta {
    size_t count;    /* allocations so far */
    size_t fail_at;  /* fail this one (1-based), 0 = never */
    int failed;      /* the failing allocation happened */
    size_t live;     /* bytes allocated and not freed */
    size_t bad_size; /* frees with a wrong size */
} ta;

typedef struct hdr {
    alignas(max_align_t) size_t size;
} hdr;

static void *ta_realloc(void *ud, void *p, size_t old, size_t size)
{
    ta *t = ud;
    hdr *h = p ? (hdr *)p - 1 : NULL, *n;

    if (h && h->size != old)
        t->bad_size++;
    if (size == 0) {
        if (h) {
            t->live -= h->size;
            free(h);
        }
        return NULL;
    }
    if (++t->count == t->fail_at) {
        t->failed = 1;
        return NULL;
    }
    n = realloc(h, sizeof *n + size);
    if (!n)
        return NULL;
    if (h)
        t->live -= n->size;
    n->size = size;
    t->live += size;
    return n + 1;
}

/* The scenarios of the sequence below. */
static const char *const seq_file[] = {
    "scenarios/hanoi-2019.yaml",
    "scenarios/brexit-2019.yaml",
};

/*
 * Through one workspace, on clones cl of the scenarios sc: Hanoi as
 * written, with a table position moved (a new problem), back (the first
 * problem, remembered), then Brexit (larger: the buffers grow). Steps
 * from `from` on; *reached is the first step not done. Returns the first
 * failure.
 */
static dt_status sequence(dt_scenario *const *sc, dt_scenario *const *cl,
                          dt_analysis_ws *ws, size_t from, size_t *reached)
{
    static const char id[] = "usa.scope.position";
    dt_analysis_opts o = DT_ANALYSIS_OPTS_INIT;
    dt_analysis *an = NULL;
    dt_status st = DT_OK;
    size_t t;

    o.model = &dt_model_mean;
    o.no_levers = 1;
    o.ws = ws;
    for (t = from; t < 4 && st == DT_OK; t++) {
        if (t == 1)
            set(cl[0], id, 37.5);
        if (t == 2)
            set(cl[0], id, get(sc[0], id));
        st = dt_analyze(cl[t == 3], &o, &an, NULL);
        dt_analysis_free(an);
        an = NULL;
        *reached = t + (st == DT_OK);
    }
    return st;
}

/*
 * Fail each allocation of the sequence in turn (the workspace's own, the
 * analysis's): every run returns DT_ENOMEM and, once all is freed,
 * leaves no byte and no wrong size; the same workspace then finishes the
 * sequence with the allocator working, and every step agrees with a
 * fresh analysis.
 */
static void test_analysis_ws__allocation_failures(void **state)
{
    ta t;
    dt_allocator a = {ta_realloc, &t};
    size_t n, n_alloc = 0, loaded;

    (void)state;
    for (n = 0;; n++) {
        dt_scenario *sc[2] = {NULL, NULL}, *cl[2] = {NULL, NULL};
        dt_analysis_ws *ws = NULL;
        size_t reached = 0, i;
        dt_status st;

        memset(&t, 0, sizeof t);
        for (i = 0; i < 2; i++) {
            sc[i] = load(seq_file[i], &a);
            assert_int_equal(dt_scenario_clone(sc[i], &cl[i], NULL), DT_OK);
        }
        /* Only what follows the loading may fail. */
        loaded = t.count;
        t.fail_at = n ? loaded + n : 0;
        st = dt_analysis_ws_new(&a, &ws, NULL);
        if (st == DT_OK)
            st = sequence(sc, cl, ws, 0, &reached);
        if (n == 0) {
            assert_int_equal(st, DT_OK);
            n_alloc = t.count - loaded;
            assert_true(n_alloc > 20);
        } else {
            assert_true(t.failed);
            assert_int_equal(st, DT_ENOMEM);
        }
        if (ws) {
            dt_analysis_opts o = DT_ANALYSIS_OPTS_INIT;

            /* The rest of the sequence, nothing failing; then checked. */
            t.fail_at = 0;
            assert_int_equal(sequence(sc, cl, ws, reached, &reached), DT_OK);
            o.model = &dt_model_mean;
            o.no_levers = 1;
            check_same(cl[0], &o, ws);
            check_same(cl[1], &o, ws);
        }
        dt_analysis_ws_free(ws);
        for (i = 0; i < 2; i++) {
            dt_scenario_free(cl[i]);
            dt_scenario_free(sc[i]);
        }
        if (t.live != 0 || t.bad_size != 0)
            fail_msg("allocation %zu of %zu failing: %zu bytes left, %zu "
                     "wrong sizes",
                     n, n_alloc, t.live, t.bad_size);
        if (n > 0 && n >= n_alloc)
            break;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_analysis_ws__reused_equals_fresh),
        cmocka_unit_test(test_analysis_ws__levers),
        cmocka_unit_test(test_analysis_ws__counts),
        cmocka_unit_test(test_analysis_ws__forgets_least_recent),
        cmocka_unit_test(test_analysis_ws__flags),
        cmocka_unit_test(test_analysis_ws__allocation_failures),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
