/*
 * Tests of the game engine (include/detente/game.h): backward induction
 * and logit QRE on trees solved by hand, the .efg reader's errors with
 * their line:col, the write/read round trip, and million-node trees
 * solved without recursion.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "dt_test.h"

static dt_game *parse(const char *text)
{
    dt_game *g = NULL;
    dt_error err;
    dt_status st =
        dt_game_parse_efg(text, strlen(text), "t.efg", NULL, &g, &err);

    if (st != DT_OK)
        fail_msg("parse failed: %u:%u: %s", err.line, err.col, err.msg);
    return g;
}

static dt_game *load(const char *rel)
{
    dt_game *g = NULL;
    dt_error err;

    if (dt_game_load_efg(dt_test_src(rel), NULL, &g, &err) != DT_OK)
        fail_msg("load %s failed: %u:%u: %s", rel, err.line, err.col, err.msg);
    return g;
}

/*
 * tests/game/centipede.efg, by hand: every mover takes (32 > 16, 16 > 8,
 * 8 > 4, 4 > 2), so the path is node 0 "take" and payoffs (4, 1); no tie.
 * Nodes: 0 p1, 1 t, 2 p2, 3 t, 4 p1, 5 t, 6 p2, 7 t, 8 t.
 */
static void test_game__centipede_spe(void **state)
{
    dt_game *g = load("tests/game/centipede.efg");
    dt_game_profile *pr = NULL;
    size_t i;

    (void)state;
    assert_int_equal(g->n_nodes, 9);
    assert_int_equal(dt_game_spe(g, &pr, NULL), DT_OK);
    DT_ASSERT_REL(pr->value[0], 4.0, 0);
    DT_ASSERT_REL(pr->value[1], 1.0, 0);
    assert_int_equal(pr->n_tied, 0);
    for (i = 0; i < g->n_nodes; i++)
        if (g->kind[i] == DT_GAME_DECISION) {
            assert_true(pr->behav[g->act_off[i]] == 1.0); /* take */
            assert_true(pr->behav[g->act_off[i] + 1] == 0.0);
        }
    assert_true(pr->reach[1] == 1.0);
    assert_true(pr->reach[8] == 0.0);
    dt_game_profile_free(pr);
    dt_game_free(g);
}

/*
 * tests/game/ultimatum.efg: the responder is indifferent at x = 0 (0 vs
 * 0): one tie, broken to "accept" (first in file order); she accepts
 * x = 1, 2 (1 > 0, 2 > 0); the proposer gets 4, 3, 2 and offers 0:
 * payoffs (4, 0). Node 1 is the x = 0 node.
 */
static void test_game__ultimatum_tie(void **state)
{
    dt_game *g = load("tests/game/ultimatum.efg");
    dt_game_profile *pr = NULL;

    (void)state;
    assert_int_equal(dt_game_spe(g, &pr, NULL), DT_OK);
    assert_int_equal(pr->n_tied, 1);
    assert_int_equal(pr->tied[1], 2);
    assert_true(pr->behav[g->act_off[1]] == 1.0);
    assert_true(pr->behav[g->act_off[0]] == 1.0); /* offer 0 */
    DT_ASSERT_REL(pr->value[0], 4.0, 0);
    assert_true(pr->value[1] == 0.0);
    assert_string_equal(g->act_name[g->act_off[1]], "accept");
    assert_string_equal(g->player_name[1], "Responder");
    dt_game_profile_free(pr);
    dt_game_free(g);
}

/*
 * tests/game/entry.efg: weak (1/3): enter, yield -> (5, 2); strong (2/3):
 * enter -> (2, 0). Expected (3, 2/3); the yield terminal (node 5) is
 * reached with 1/3, "enter strong" (node 8) with 2/3.
 */
static void test_game__chance_node(void **state)
{
    dt_game *g = load("tests/game/entry.efg");
    dt_game_profile *pr = NULL;

    (void)state;
    assert_int_equal(dt_game_spe(g, &pr, NULL), DT_OK);
    DT_ASSERT_REL(pr->value[0], 3.0, 1e-15);
    DT_ASSERT_REL(pr->value[1], 2.0 / 3.0, 1e-15);
    DT_ASSERT_REL(pr->reach[5], 1.0 / 3.0, 1e-15);
    DT_ASSERT_REL(pr->reach[8], 2.0 / 3.0, 1e-15);
    assert_true(pr->reach[2] == 0.0);
    assert_int_equal(pr->n_tied, 0);
    dt_game_profile_free(pr);
    dt_game_free(g);
}

/*
 * Outcomes on inner nodes add up along the path (Gambit's rule): an entry
 * fee (-1, 0) at the root, then P1 picks (2, 0) or (1, 5): picks 2, total
 * (1, 0). A rational payoff 1/3 and a decimal 0.25 on the way.
 */
static void test_game__inner_outcome_and_rationals(void **state)
{
    dt_game *g = parse("EFG 2 R \"fee\" { \"A\" \"B\" } \"\"\n"
                       "p \"\" 1 1 \"\" { \"x\" \"y\" } 1 \"fee\" "
                       "{ -1, 0 }\n"
                       "t \"\" 2 \"\" { 2, 1/3 }\n"
                       "t \"\" 3 \"\" { 1, 0.25 }\n");
    dt_game_profile *pr = NULL;

    (void)state;
    assert_int_equal(dt_game_spe(g, &pr, NULL), DT_OK);
    DT_ASSERT_REL(pr->value[0], 1.0, 1e-15);
    DT_ASSERT_REL(pr->value[1], 1.0 / 3.0, 1e-15);
    dt_game_profile_free(pr);
    dt_game_free(g);
}

/*
 * One move between payoffs 1 and 0 with lambda = 2: by the logit formula
 * P = e^2 / (e^2 + 1) = 0.8807970779778823 (exp(2) = 7.38905609893065).
 */
static void test_game__qre_by_hand(void **state)
{
    dt_game *g = parse("EFG 2 R \"\" { \"A\" } \"\"\n"
                       "p \"\" 1 1 \"\" { \"x\" \"y\" } 0\n"
                       "t \"\" 1 \"\" { 1 }\n"
                       "t \"\" 2 \"\" { 0 }\n");
    dt_game_profile *pr = NULL;
    double lam = 2.0;

    (void)state;
    assert_int_equal(dt_game_qre(g, &lam, &pr, NULL), DT_OK);
    DT_ASSERT_REL(pr->behav[0], 0.8807970779778823, 1e-14);
    DT_ASSERT_REL(pr->value[0], 0.8807970779778823, 1e-14);
    dt_game_profile_free(pr);
    lam = -1.0;
    assert_int_equal(dt_game_qre(g, &lam, &pr, NULL), DT_EINVAL);
    dt_game_free(g);
}

/*
 * QRE tends to the SPE as lambda grows (centipede: the gaps are >= 2, so
 * at lambda = 50 every wrong action has probability <= e^-100 relative)
 * and to uniform (1/2 each) at lambda = 0. Huge lambda must not overflow
 * (the maximum is subtracted before exp).
 */
static void test_game__qre_limits(void **state)
{
    dt_game *g = load("tests/game/centipede.efg");
    dt_game_profile *spe = NULL, *q = NULL;
    double lam[2] = {0.0, 0.0}, big[2] = {1e300, 1e300}, dist_prev = 2.0;
    double ls[] = {0.1, 1.0, 10.0, 50.0};
    size_t s, k;

    (void)state;
    assert_int_equal(dt_game_spe(g, &spe, NULL), DT_OK);
    assert_int_equal(dt_game_qre(g, lam, &q, NULL), DT_OK);
    for (s = 0; s < g->n_slots; s++)
        assert_true(q->behav[s] == 0.5);
    /* uniform play: the end (64, 16) is reached with 1/16 */
    DT_ASSERT_REL(q->reach[8], 1.0 / 16.0, 1e-15);
    dt_game_profile_free(q);
    /* lambda -> 0: payoff gaps are at most 64, so |P - 1/2| <= 64e-9 / 4 */
    lam[0] = lam[1] = 1e-9;
    assert_int_equal(dt_game_qre(g, lam, &q, NULL), DT_OK);
    for (s = 0; s < g->n_slots; s++)
        assert_true(fabs(q->behav[s] - 0.5) < 2e-8 && q->behav[s] != 0.5);
    dt_game_profile_free(q);
    for (k = 0; k < sizeof ls / sizeof ls[0]; k++) {
        double dist = 0.0;

        lam[0] = lam[1] = ls[k];
        assert_int_equal(dt_game_qre(g, lam, &q, NULL), DT_OK);
        for (s = 0; s < g->n_slots; s++)
            dist = fmax(dist, fabs(q->behav[s] - spe->behav[s]));
        assert_true(dist < dist_prev);
        dist_prev = dist;
        dt_game_profile_free(q);
    }
    assert_true(dist_prev < 1e-12);
    assert_int_equal(dt_game_qre(g, big, &q, NULL), DT_OK);
    for (s = 0; s < g->n_slots; s++)
        assert_true(q->behav[s] == spe->behav[s]);
    dt_game_profile_free(q);
    dt_game_profile_free(spe);
    dt_game_free(g);
}

/* Compare two games field by field (the round trip). */
static void assert_same_game(const dt_game *a, const dt_game *b)
{
    size_t i, s, p;

    assert_int_equal(a->n_players, b->n_players);
    assert_int_equal(a->n_nodes, b->n_nodes);
    assert_int_equal(a->n_slots, b->n_slots);
    assert_int_equal(a->n_outcomes, b->n_outcomes);
    assert_string_equal(a->title, b->title);
    assert_string_equal(a->comment, b->comment);
    for (p = 0; p < a->n_players; p++)
        assert_string_equal(a->player_name[p], b->player_name[p]);
    for (i = 0; i < a->n_nodes; i++) {
        assert_int_equal(a->kind[i], b->kind[i]);
        assert_int_equal(a->player[i], b->player[i]);
        assert_int_equal(a->act_off[i], b->act_off[i]);
        assert_int_equal(a->outcome[i], b->outcome[i]);
        assert_string_equal(a->node_name[i], b->node_name[i]);
        if (a->kind[i] != DT_GAME_TERMINAL)
            assert_string_equal(a->iset_name[i], b->iset_name[i]);
    }
    for (s = 0; s < a->n_slots; s++) {
        assert_int_equal(a->child[s], b->child[s]);
        assert_true(a->prob[s] == b->prob[s]);
        assert_string_equal(a->act_name[s], b->act_name[s]);
    }
    for (i = 0; i < a->n_outcomes; i++) {
        assert_string_equal(a->outcome_name[i], b->outcome_name[i]);
        for (p = 0; p < a->n_players; p++)
            assert_true(a->payoff[i * a->n_players + p] ==
                        b->payoff[i * b->n_players + p]);
    }
}

static dt_game *round_trip(const dt_game *g)
{
    FILE *f = tmpfile();
    char *buf;
    long len;
    dt_game *h = NULL;
    dt_error err;

    assert_non_null(f);
    assert_int_equal(dt_game_write_efg(g, f, NULL), DT_OK);
    len = ftell(f);
    rewind(f);
    buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    if (dt_game_parse_efg(buf, (size_t)len, "rt.efg", NULL, &h, &err) != DT_OK)
        fail_msg("re-read: %u:%u: %s", err.line, err.col, err.msg);
    free(buf);
    return h;
}

static void test_game__round_trip_files(void **state)
{
    const char *files[] = {"tests/game/centipede.efg",
                           "tests/game/ultimatum.efg", "tests/game/entry.efg"};
    size_t k;

    (void)state;
    for (k = 0; k < 3; k++) {
        dt_game *g = load(files[k]), *h = round_trip(g);

        assert_same_game(g, h);
        dt_game_free(g);
        dt_game_free(h);
    }
    {
        /* labels with quotes and backslashes survive */
        dt_game *g = parse("EFG 2 R \"a \\\"q\\\" \\\\ b\" { \"P\" } \"\"\n"
                           "p \"n\\\"\" 1 1 \"i\" { \"a\\\\\" } 0\n"
                           "t \"\" 1 \"o\" { 1 }\n"),
                *h = round_trip(g);

        assert_string_equal(g->title, "a \"q\" \\ b");
        assert_string_equal(g->act_name[0], "a\\");
        assert_same_game(g, h);
        dt_game_free(g);
        dt_game_free(h);
    }
}

/*
 * A random tree of about n nodes built in prefix order: decision nodes of
 * players 1..3 with 1-3 actions, chance nodes, terminals with random
 * payoffs (doubles that %.17g must carry exactly).
 */
static dt_game *random_tree(size_t n, uint64_t seed)
{
    dt_game *g = NULL;
    dt_rng r;
    size_t open = 1, made = 0;

    dt_rng_seed(&r, seed);
    assert_int_equal(dt_game_new(3, NULL, &g, NULL), DT_OK);
    while (open > 0) {
        double u = dt_rng_uniform(&r);
        size_t k = 1 + (size_t)(dt_rng_uniform(&r) * 3.0);

        if (k > 3)
            k = 3;
        if (made + open < n && (open == 1 || u < 0.45)) {
            if (u < 0.05) {
                double pr[3] = {0.25, 0.5, 0.25};

                if (k == 1)
                    pr[0] = 1.0;
                else if (k == 2)
                    pr[0] = pr[1] = 0.5;
                assert_int_equal(dt_game_add_chance(g, k, pr, NULL), DT_OK);
            } else {
                assert_int_equal(
                    dt_game_add_decision(g, 1 + (unsigned)(made % 3), k, NULL),
                    DT_OK);
            }
            open += k - 1;
        } else {
            double pay[3] = {dt_rng_uniform(&r), dt_rng_uniform(&r) - 0.5,
                             floor(dt_rng_uniform(&r) * 4.0)};

            assert_int_equal(dt_game_add_terminal(g, pay, NULL), DT_OK);
            open--;
        }
        made++;
    }
    assert_int_equal(dt_game_finish(g, NULL), DT_OK);
    return g;
}

static void test_game__round_trip_random(void **state)
{
    dt_game *g = random_tree(20000, 7), *h;

    (void)state;
    h = round_trip(g);
    assert_same_game(g, h);
    dt_game_free(g);
    dt_game_free(h);
}

/*
 * Check the equilibrium conditions of a solved tree independently of how
 * the solver walks it: at each decision node the chosen action is a best
 * one for the mover and the first such (tie rule); values add up; reach
 * over the terminals sums to 1.
 */
static void check_spe(const dt_game *g, const dt_game_profile *pr)
{
    size_t np = g->n_players, i, s, p, chosen;
    double tot = 0.0;

    for (i = 0; i < g->n_nodes; i++) {
        double want[3] = {0, 0, 0};

        if (g->outcome[i])
            for (p = 0; p < np; p++)
                want[p] = g->payoff[(g->outcome[i] - 1) * np + p];
        if (g->kind[i] == DT_GAME_TERMINAL) {
            tot += pr->reach[i];
        } else if (g->kind[i] == DT_GAME_DECISION) {
            size_t m = g->player[i] - 1;

            chosen = g->n_slots;
            for (s = g->act_off[i]; s < g->act_off[i + 1]; s++)
                if (pr->behav[s] == 1.0)
                    chosen = s;
            assert_true(chosen < g->n_slots);
            for (s = g->act_off[i]; s < g->act_off[i + 1]; s++) {
                double d = pr->value[g->child[s] * np + m] -
                           pr->value[g->child[chosen] * np + m];

                assert_true(d <= 1e-9);
                if (s < chosen) /* an earlier action would have won a tie */
                    assert_true(d < -1e-12);
            }
            for (p = 0; p < np; p++)
                want[p] += pr->value[g->child[chosen] * np + p];
        } else {
            for (s = g->act_off[i]; s < g->act_off[i + 1]; s++)
                for (p = 0; p < np; p++)
                    want[p] += g->prob[s] * pr->value[g->child[s] * np + p];
        }
        for (p = 0; p < np; p++)
            DT_ASSERT_CLOSE(pr->value[i * np + p], want[p], 1e-12, 1e-12);
    }
    DT_ASSERT_REL(tot, 1.0, 1e-9);
}

/*
 * A chain of K = 500000 decision nodes, each "continue" (listed first, so
 * the open-node stack is K deep while building) or "stop" (1, 1); the end
 * pays (2, 2): by hand every mover continues (2 > 1), payoffs (2, 2), the
 * end (node K) reached with probability 1. 2K + 1 = 1000001 nodes.
 */
static void test_game__million_chain(void **state)
{
    const size_t K = 500000;
    dt_game *g = NULL;
    dt_game_profile *pr = NULL, *q = NULL;
    double one[2] = {1, 1}, two[2] = {2, 2}, lam[2] = {0.0, 0.0};
    size_t k;

    (void)state;
    assert_int_equal(dt_game_new(2, NULL, &g, NULL), DT_OK);
    for (k = 0; k < K; k++)
        assert_int_equal(
            dt_game_add_decision(g, 1 + (unsigned)(k % 2), 2, NULL), DT_OK);
    assert_int_equal(dt_game_add_terminal(g, two, NULL), DT_OK);
    for (k = 0; k < K; k++)
        assert_int_equal(dt_game_add_terminal(g, one, NULL), DT_OK);
    assert_int_equal(dt_game_add_terminal(g, one, NULL), DT_EINVAL);
    assert_int_equal(dt_game_finish(g, NULL), DT_OK);
    assert_int_equal(g->n_nodes, 2 * K + 1);
    assert_int_equal(dt_game_spe(g, &pr, NULL), DT_OK);
    assert_true(pr->value[0] == 2.0 && pr->value[1] == 2.0);
    assert_true(pr->reach[K] == 1.0);
    assert_int_equal(pr->n_tied, 0);
    /*
     * lambda = 0: uniform; the last mover's value is (2 + 1) / 2 = 1.5,
     * each earlier one averages 1.5 and 1: the value tends to the fixed
     * point v = (v + 1) / 2 = 1, and the end is reached with 2^-K = 0.
     */
    assert_int_equal(dt_game_qre(g, lam, &q, NULL), DT_OK);
    DT_ASSERT_REL(q->value[0], 1.0, 1e-12);
    assert_true(q->reach[K] == 0.0);
    dt_game_profile_free(q);
    dt_game_profile_free(pr);
    dt_game_free(g);
}

static void test_game__million_random(void **state)
{
    dt_game *g = random_tree(1000000, 2026);
    dt_game_profile *pr = NULL;

    (void)state;
    assert_true(g->n_nodes >= 1000000);
    assert_int_equal(dt_game_spe(g, &pr, NULL), DT_OK);
    check_spe(g, pr);
    dt_game_profile_free(pr);
    dt_game_free(g);
}

/*
 * An endless input is refused at DT_GAME_MAX_BYTES instead of read until
 * memory runs out (issue 18: `detente game /dev/zero` grew to gigabytes).
 * A counting allocator checks that the largest block stayed at the cap.
 */
static void *count_realloc(void *ud, void *p, size_t old, size_t n)
{
    size_t *peak = ud;

    (void)old;
    if (n > *peak)
        *peak = n;
    if (n == 0) {
        free(p);
        return NULL;
    }
    return realloc(p, n);
}

static void test_game__size_cap(void **state)
{
    size_t peak = 0;
    dt_allocator a = {count_realloc, &peak};
    dt_game *g = NULL;
    dt_error err;

    (void)state;
    assert_int_equal(dt_game_load_efg("/dev/zero", &a, &g, &err), DT_ESCENARIO);
    assert_null(g);
    assert_string_equal(err.msg, "file is larger than 134217728 bytes");
    assert_string_equal(err.file, "/dev/zero");
    assert_true(peak <= 128u * 1024u * 1024u + 65536u);
}

/* Each bad input gives DT_ESCENARIO at the expected line and column. */
static void test_game__bad_input(void **state)
{
    static const struct {
        const char *text;
        unsigned line, col;
        const char *msg; /* a substring of the message */
    } cases[] = {
        /* malformed header */
        {"EFX 2 R \"\" { \"A\" }\n", 1, 1, "EFG"},
        /* unterminated string: starts at col 9 */
        {"EFG 2 R \"abc { A }\n", 1, 9, "unterminated"},
        /* malformed number: line 2 "t \"\" 1 \"\" { 1..2 }": col 13 */
        {"EFG 2 R \"\" { \"A\" } \"\"\nt \"\" 1 \"\" { 1..2 }\n", 2, 13,
         "malformed number"},
        /* bad rational 1/0 */
        {"EFG 2 R \"\" { \"A\" } \"\"\nt \"\" 1 \"\" { 1/0 }\n", 2, 13,
         "rational"},
        /* probabilities 0.5 + 0.4: reported at the first, line 2 col 17 */
        {"EFG 2 R \"\" { \"A\" } \"\"\nc \"\" 1 \"\" { \"a\" 0.5 \"b\" 0.4 } "
         "0\n"
         "t \"\" 1 \"\" { 1 }\nt \"\" 2 \"\" { 2 }\n",
         2, 17, "sum to"},
        /* negative probability: "-0.5" starts at col 25 */
        {"EFG 2 R \"\" { \"A\" } \"\"\nc \"\" 1 \"\" { \"a\" 1.5 \"b\" -0.5 } "
         "0\n"
         "t \"\" 1 \"\" { 1 }\nt \"\" 2 \"\" { 2 }\n",
         2, 25, "negative"},
        /* missing payoff: the '}' at line 2 col 15 */
        {"EFG 2 R \"\" { \"A\" \"B\" } \"\"\nt \"\" 1 \"\" { 1 }\n", 2, 15,
         "missing payoff"},
        /* too many payoffs: the 2nd at col 16 */
        {"EFG 2 R \"\" { \"A\" } \"\"\nt \"\" 1 \"\" { 1, 2 }\n", 2, 16,
         "too many"},
        /* terminal with no outcome */
        {"EFG 2 R \"\" { \"A\" } \"\"\nt \"\"\n", 3, 1, "missing payoff"},
        /* unknown player 3 of 2: the "3" at col 6 */
        {"EFG 2 R \"\" { \"A\" \"B\" } \"\"\np \"\" 3 1 \"\" { \"a\" } 0\n"
         "t \"\" 1 \"\" { 1, 1 }\n",
         2, 6, "unknown player"},
        /* node with no actions: reported at its 'p' */
        {"EFG 2 R \"\" { \"A\" } \"\"\np \"\" 1 1 \"\" { } 0\n", 2, 1,
         "no actions"},
        /* trailing garbage after a complete tree */
        {"EFG 2 R \"\" { \"A\" } \"\"\nt \"\" 1 \"\" { 1 }\nt \"\" 2 \"\" "
         "{ 2 }\n",
         3, 1, "trailing"},
        {"EFG 2 R \"\" { \"A\" } \"\"\nt \"\" 1 \"\" { 1 }\n@\n", 3, 1,
         "unexpected character"},
        /* a shared information set: not perfect information */
        {"EFG 2 R \"\" { \"A\" } \"\"\np \"\" 1 1 \"\" { \"a\" \"b\" } 0\n"
         "p \"\" 1 2 \"\" { \"x\" } 0\nt \"\" 1 \"\" { 1 }\n"
         "p \"\" 1 2 \"\" { \"x\" } 0\nt \"\" 2 \"\" { 2 }\n",
         5, 8, "not of perfect information"},
        /* the file ends early */
        {"EFG 2 R \"\" { \"A\" } \"\"\np \"\" 1 1 \"\" { \"a\" \"b\" } 0\n"
         "t \"\" 1 \"\" { 1 }\n",
         4, 1, "before the tree is complete"},
        /* a new outcome without payoffs */
        {"EFG 2 R \"\" { \"A\" } \"\"\nt \"\" 1\n", 3, 1, "outcome 1 is new"},
    };
    size_t k;

    (void)state;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        dt_game *g = (dt_game *)1;
        dt_error err;
        dt_status st = dt_game_parse_efg(cases[k].text, strlen(cases[k].text),
                                         "bad.efg", NULL, &g, &err);

        if (st != DT_ESCENARIO || err.line != cases[k].line ||
            err.col != cases[k].col || !strstr(err.msg, cases[k].msg))
            fail_msg("case %zu: status %d at %u:%u: %s", k, (int)st, err.line,
                     err.col, err.msg);
        assert_null(g);
        assert_string_equal(err.file, "bad.efg");
    }
}

static void test_game__builder_errors(void **state)
{
    dt_game *g = NULL;
    double bad[2] = {0.5, 0.6}, neg[2] = {1.5, -0.5};
    dt_game_profile *pr = NULL;

    (void)state;
    assert_int_equal(dt_game_new(0, NULL, &g, NULL), DT_EINVAL);
    assert_int_equal(dt_game_new(2, NULL, &g, NULL), DT_OK);
    assert_int_equal(dt_game_add_decision(g, 3, 2, NULL), DT_EINVAL);
    assert_int_equal(dt_game_add_decision(g, 1, 0, NULL), DT_EINVAL);
    assert_int_equal(dt_game_add_chance(g, 2, bad, NULL), DT_EINVAL);
    assert_int_equal(dt_game_add_chance(g, 2, neg, NULL), DT_EINVAL);
    assert_int_equal(dt_game_finish(g, NULL), DT_EINVAL);
    assert_int_equal(dt_game_add_decision(g, 1, 2, NULL), DT_OK);
    assert_int_equal(dt_game_finish(g, NULL), DT_EINVAL);
    assert_int_equal(dt_game_spe(g, &pr, NULL), DT_EINVAL);
    dt_game_free(g);
}

/* Run `detente ARGS` from the source dir; returns the exit status. */
static int run_cli(const char *args, const char *out, const char *err)
{
    char cmd[2048];
    int st;

    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s >'%s' 2>'%s'", DT_SOURCE_DIR,
             DT_CLI_PATH, args, out, err);
    st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/*
 * The CLI: Gambit-order profiles (hand solutions in the tests/game files:
 * ultimatum offers 0 and the responder accepts everything; centipede at
 * lambda 0 is uniform), JSON payoffs of entry.efg (3, 2/3), the exit
 * codes of a bad file (3, with file:line:col) and a bad option (2).
 */
static void test_game__cli(void **state)
{
    char out[] = "/tmp/dt_game_outXXXXXX", err[] = "/tmp/dt_game_errXXXXXX";
    char bad[] = "/tmp/dt_game_badXXXXXX", args[512];
    char *text;
    json_t *doc;
    json_error_t je;
    int fd;
    FILE *f;

    (void)state;
    assert_true((fd = mkstemp(out)) >= 0);
    close(fd);
    assert_true((fd = mkstemp(err)) >= 0);
    close(fd);
    assert_int_equal(
        run_cli("game tests/game/ultimatum.efg --format gambit", out, err), 0);
    text = dt_test_slurp(out, NULL);
    assert_string_equal(text, "1,0,0,1,0,1,0,1,0\n");
    free(text);
    assert_int_equal(run_cli("game tests/game/centipede.efg --qre 0 "
                             "--format gambit",
                             out, err),
                     0);
    text = dt_test_slurp(out, NULL);
    assert_string_equal(text, "0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n");
    free(text);
    assert_int_equal(
        run_cli("game tests/game/entry.efg --format json", out, err), 0);
    doc = json_load_file(out, 0, &je);
    assert_non_null(doc);
    DT_ASSERT_REL(
        json_real_value(json_array_get(json_object_get(doc, "payoffs"), 0)),
        3.0, 1e-15);
    DT_ASSERT_REL(
        json_real_value(json_array_get(json_object_get(doc, "payoffs"), 1)),
        2.0 / 3.0, 1e-15);
    assert_int_equal(json_array_size(json_object_get(doc, "outcomes")), 2);
    json_decref(doc);
    assert_int_equal(run_cli("game tests/game/ultimatum.efg", out, err), 0);
    text = dt_test_slurp(out, NULL);
    assert_non_null(strstr(text, "ties: 1 decision node"));
    free(text);
    assert_true((fd = mkstemp(bad)) >= 0);
    f = fdopen(fd, "w");
    fputs("EFG 2 R \"\" { \"A\" } \"\"\nt \"\" 1 \"\" { 1, 2 }\n", f);
    fclose(f);
    snprintf(args, sizeof args, "game '%s'", bad);
    assert_int_equal(run_cli(args, out, err), 3);
    text = dt_test_slurp(err, NULL);
    assert_non_null(strstr(text, ":2:16: too many payoffs"));
    free(text);
    /*
     * A fee (-1, 0) at the root, then (2, 1/3) chosen over (1, 0.25): the
     * outcome's JSON payoffs are the path's sum, (1, 1/3).
     */
    f = fopen(bad, "w");
    assert_non_null(f);
    fputs("EFG 2 R \"fee\" { \"A\" \"B\" } \"\"\n"
          "p \"\" 1 1 \"\" { \"x\" \"y\" } 1 \"fee\" { -1, 0 }\n"
          "t \"\" 2 \"\" { 2, 1/3 }\nt \"\" 3 \"\" { 1, 0.25 }\n",
          f);
    fclose(f);
    snprintf(args, sizeof args, "game '%s' --format json", bad);
    assert_int_equal(run_cli(args, out, err), 0);
    doc = json_load_file(out, 0, &je);
    assert_non_null(doc);
    {
        json_t *o = json_array_get(json_object_get(doc, "outcomes"), 0);

        DT_ASSERT_REL(
            json_real_value(json_array_get(json_object_get(o, "payoffs"), 0)),
            1.0, 1e-15);
        DT_ASSERT_REL(
            json_real_value(json_array_get(json_object_get(o, "payoffs"), 1)),
            1.0 / 3.0, 1e-15);
    }
    json_decref(doc);
    assert_int_equal(
        run_cli("game tests/game/entry.efg --format xml", out, err), 2);
    remove(out);
    remove(err);
    remove(bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_game__centipede_spe),
        cmocka_unit_test(test_game__ultimatum_tie),
        cmocka_unit_test(test_game__chance_node),
        cmocka_unit_test(test_game__inner_outcome_and_rationals),
        cmocka_unit_test(test_game__qre_by_hand),
        cmocka_unit_test(test_game__qre_limits),
        cmocka_unit_test(test_game__round_trip_files),
        cmocka_unit_test(test_game__round_trip_random),
        cmocka_unit_test(test_game__million_chain),
        cmocka_unit_test(test_game__million_random),
        cmocka_unit_test(test_game__bad_input),
        cmocka_unit_test(test_game__size_cap),
        cmocka_unit_test(test_game__builder_errors),
        cmocka_unit_test(test_game__cli),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
