/*
 * Tests of KTAB's scenario formats (src/lib/scenario/ktab_csv.c and
 * ktab_xml.c): both shipped examples read as KTAB writes them, detection
 * by the first two lines, malformed files reported with line and column,
 * XML equal to CSV, its model parameters, and `detente forecast --model
 * smp` end to end against KTAB's printed history.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dt_test.h"

/* Errors passed to on_error, formatted "line:col: msg". */
struct errs {
    unsigned n;
    char msg[8][300];
};

static void collect(void *ud, const dt_error *e)
{
    struct errs *es = ud;

    if (es->n < 8)
        snprintf(es->msg[es->n], sizeof es->msg[0], "%u:%u: %s", e->line,
                 e->col, e->msg);
    es->n++;
}

static dt_status parse(const char *text, struct errs *es, dt_scenario **sc)
{
    dt_load_opts o = DT_LOAD_OPTS_INIT;

    memset(es, 0, sizeof *es);
    o.on_error = collect;
    o.ud = es;
    return dt_scenario_parse(text, strlen(text), "t.csv", DT_FORMAT_KTAB_CSV,
                             &o, sc, NULL);
}

static void test_ktab__soe_example(void **state)
{
    dt_scenario *sc = NULL;
    const dt_actor *a;
    const dt_stake *st;

    (void)state;
    assert_int_equal(dt_scenario_load(dt_test_data("ktab/SOE-Pol-Comp.csv"),
                                      NULL, &sc, NULL),
                     DT_OK);
    assert_int_equal(dt_scenario_format_of(sc), DT_FORMAT_KTAB_CSV);
    assert_string_equal(dt_scenario_name(sc),
                        "China Policy/Competitive; scen 2");
    assert_int_equal(dt_scenario_n_issues(sc), 2);
    assert_int_equal(dt_scenario_n_actors(sc), 13);
    assert_string_equal(dt_scenario_issue(sc, 0)->id, "Policy Position");
    assert_string_equal(dt_scenario_issue(sc, 1)->id, "Competitive Position");
    /* "LH,Liu He - Deputy Director of DRC, 40.0,50,44.7,65,47.8, " */
    a = dt_scenario_actor(sc, 4);
    assert_string_equal(a->id, "LH");
    assert_string_equal(a->name, "Liu He - Deputy Director of DRC");
    assert_true(a->capability.v == 40.0);
    st = dt_scenario_stake(sc, 4, 1);
    assert_true(st->position.v == 65.0 && st->salience.v == 47.8);
    assert_int_equal(st->position.loc.line, 7);
    dt_scenario_free(sc);
}

static void test_ktab__dummy_example(void **state)
{
    dt_scenario *sc = NULL;
    dt_line *line = NULL;

    (void)state;
    assert_int_equal(dt_scenario_load(dt_test_data("ktab/dummyData_3Dim.csv"),
                                      NULL, &sc, NULL),
                     DT_OK);
    assert_string_equal(dt_scenario_name(sc), "DummyData_3Dim");
    assert_string_equal(dt_scenario_description(sc),
                        "Dummy scenario to test reading format");
    assert_int_equal(dt_scenario_n_issues(sc), 3);
    assert_int_equal(dt_scenario_n_actors(sc), 7);
    /* Saliences 0-100 reach the models on [0, 1]: SActor-06, Sal3 26.03. */
    assert_int_equal(dt_scenario_line(sc, 2, 0, &line, NULL), DT_OK);
    DT_ASSERT_REL(line->s[6], 0.2603, 1e-12);
    DT_ASSERT_REL(line->x[6], 90.36, 1e-12);
    DT_ASSERT_REL(line->c[6], 54.178, 1e-12);
    dt_line_free(line);
    dt_scenario_free(sc);
}

static void test_ktab__detection(void **state)
{
    static const char classic[] = "Actor,Capability,Position,Salience\n"
                                  "A,1,10,0.5\nB,2,90,0.5\n";
    static const char ktab[] = "S,d,3,1\nActor,Description,Power,P,S\n"
                               "A,,1,10,50\nB,,2,50,50\nC,,3,90,50\n";
    char path[64];
    dt_scenario *sc = NULL;
    FILE *f;

    (void)state;
    snprintf(path, sizeof path, "/tmp/dt_ktab_%d.csv", (int)getpid());
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(classic, f);
    fclose(f);
    assert_int_equal(dt_scenario_load(path, NULL, &sc, NULL), DT_OK);
    assert_int_equal(dt_scenario_format_of(sc), DT_FORMAT_CSV);
    dt_scenario_free(sc);
    /* No trailing commas, empty descriptions: still KTAB's format. */
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(ktab, f);
    fclose(f);
    assert_int_equal(dt_scenario_load(path, NULL, &sc, NULL), DT_OK);
    assert_int_equal(dt_scenario_format_of(sc), DT_FORMAT_KTAB_CSV);
    assert_int_equal(dt_scenario_n_actors(sc), 3);
    /* An empty description: the name is the id. */
    assert_string_equal(dt_scenario_actor(sc, 0)->name, "A");
    dt_scenario_free(sc);
    remove(path);
}

static void test_ktab__errors(void **state)
{
    struct errs es;
    dt_scenario *sc = (dt_scenario *)&es;

    (void)state;
    /* Fewer actor rows than declared: at the declared count. */
    assert_int_equal(parse("S,d,4,1\nActor,Description,Power,P,S\n"
                           "A,,1,10,50\nB,,2,50,50\nC,,3,90,50\n",
                           &es, &sc),
                     DT_ESCENARIO);
    assert_null(sc);
    assert_int_equal(es.n, 1);
    assert_string_equal(es.msg[0],
                        "1:5: line 1 declares 4 actors, the file has 3 rows");
    /* More rows than declared: at the first extra row. */
    assert_int_equal(parse("S,d,3,1\nActor,Description,Power,P,S\n"
                           "A,,1,10,50\nB,,2,50,50\nC,,3,90,50\nD,,1,1,1\n",
                           &es, &sc),
                     DT_ESCENARIO);
    assert_non_null(strstr(es.msg[0], "6:1: more actor rows than the 3"));
    /* Saliences over 100: at the salience that crosses it. */
    assert_int_equal(parse("S,d,3,2\nActor,Description,Power,P,S,Q,T\n"
                           "A,,1,10,50,20,50\nB,,2,50,60,5,40.5\n"
                           "C,,3,90,50,9,9\n",
                           &es, &sc),
                     DT_ESCENARIO);
    assert_string_equal(es.msg[0],
                        "4:14: actor 'B': saliences sum to more than 100");
    /* Non-numeric cells: every one, with its column. */
    assert_int_equal(parse("S,d,3,1\nActor,Description,Power,P,S\n"
                           "A,,x,10,50\nB,,2,5O,50\nC,,3,90,\n",
                           &es, &sc),
                     DT_ESCENARIO);
    assert_int_equal(es.n, 3);
    assert_string_equal(es.msg[0], "3:4: capability must be a number, got 'x'");
    assert_string_equal(es.msg[1], "4:6: position must be a number, got '5O'");
    /* "C,,3,90," has a trailing comma: one cell short. */
    assert_string_equal(es.msg[2], "5:1: expected 5 cells, got 4");
    /* Fewer than 3 actors. */
    assert_int_equal(parse("S,d,2,1\nActor,Description,Power,P,S\n"
                           "A,,1,10,50\nB,,2,50,50\n",
                           &es, &sc),
                     DT_ESCENARIO);
    assert_string_equal(es.msg[0],
                        "1:5: KTAB needs at least 3 actors, the file "
                        "declares 2");
    /* Header too short for the declared dimensions. */
    assert_int_equal(parse("S,d,3,2\nActor,Description,Power,P,S\n", &es, &sc),
                     DT_ESCENARIO);
    assert_non_null(strstr(es.msg[0], "2:1: header has 5 columns"));
    /* Bad counts on line 1. */
    assert_int_equal(parse("S,d,3.5,1\n", &es, &sc), DT_ESCENARIO);
    assert_string_equal(es.msg[0], "1:5: the number of actors must be a "
                                   "whole number >= 1, got 3.5");
    /* Positions outside 0-100, capability 0. */
    assert_int_equal(parse("S,d,3,1\nActor,Description,Power,P,S\n"
                           "A,,0,10,50\nB,,2,101,50\nC,,3,90,50\n",
                           &es, &sc),
                     DT_ESCENARIO);
    assert_string_equal(es.msg[0], "3:4: capability must be > 0, got 0");
    assert_string_equal(es.msg[1], "4:6: position must be in 0-100, got 101");
    /* Duplicate actors. */
    assert_int_equal(parse("S,d,3,1\nActor,Description,Power,P,S\n"
                           "A,,1,10,50\nA,,2,50,50\nC,,3,90,50\n",
                           &es, &sc),
                     DT_ESCENARIO);
    assert_string_equal(es.msg[0], "4:1: duplicate actor 'A' (first at line "
                                   "3)");
}

/*
 * The whole chain: `detente forecast FILE.csv --model smp --format json`
 * holds KTAB's printed history (SOE-Pol-Comp, reference file): XJ's
 * competitive position at turns 0, 7 and 27 is 20.0, 28.0 and 43.3, its
 * winning probability at turn 1 0.2605; 27 rounds, converged.
 */
static void test_ktab__forecast_json(void **state)
{
    char cmd[1024], out[] = "/tmp/dt_ktab_json_XXXXXX";
    json_t *doc, *issue, *smp, *rounds;
    json_error_t je;
    int fd, st;

    (void)state;
    fd = mkstemp(out);
    assert_true(fd >= 0);
    close(fd);
    snprintf(cmd, sizeof cmd,
             "'%s' forecast '%s' --model smp --format json -o '%s'",
             DT_CLI_PATH, dt_test_data("ktab/SOE-Pol-Comp.csv"), out);
    st = system(cmd);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    doc = json_load_file(out, 0, &je);
    assert_non_null(doc);
    issue = json_array_get(json_object_get(doc, "issues"), 1);
    assert_string_equal(json_string_value(json_object_get(issue, "id")),
                        "Competitive Position");
    smp = json_object_get(json_object_get(issue, "models"), "smp");
    assert_non_null(smp);
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(smp, "stop"), "reason")),
                        "converged");
    assert_int_equal(json_integer_value(json_object_get(
                         json_object_get(smp, "stop"), "rounds")),
                     27);
    rounds = json_object_get(smp, "rounds");
    assert_int_equal(json_array_size(rounds), 28);
    DT_ASSERT_CLOSE(
        json_number_value(json_object_get(
            json_object_get(json_array_get(rounds, 0), "positions"), "XJ")),
        20.0, 0.0, 0.05);
    DT_ASSERT_CLOSE(
        json_number_value(json_object_get(
            json_object_get(json_array_get(rounds, 7), "positions"), "XJ")),
        28.0, 0.0, 0.05);
    DT_ASSERT_CLOSE(
        json_number_value(json_object_get(
            json_object_get(json_array_get(rounds, 27), "positions"), "XJ")),
        43.3, 0.0, 0.05);
    DT_ASSERT_CLOSE(
        json_number_value(json_object_get(
            json_object_get(json_array_get(rounds, 1), "probabilities"), "XJ")),
        0.2605, 0.0, 0.5e-4);
    assert_true(json_is_number(
        json_object_get(json_object_get(smp, "forecast"), "probable")));
    json_decref(doc);
    remove(out);
    /* Bad smp option values are usage errors. */
    snprintf(cmd, sizeof cmd,
             "'%s' forecast '%s' --model smp --smp-vote Majority "
             "2>/dev/null >/dev/null",
             DT_CLI_PATH, dt_test_data("ktab/SOE-Pol-Comp.csv"));
    st = system(cmd);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 2);
}

/* ---- KTAB XML -------------------------------------------------------- */

static dt_status parse_xml(const char *text, struct errs *es, dt_scenario **sc)
{
    dt_load_opts o = DT_LOAD_OPTS_INIT;

    memset(es, 0, sizeof *es);
    o.on_error = collect;
    o.ud = es;
    return dt_scenario_parse(text, strlen(text), "t.xml", DT_FORMAT_KTAB_XML,
                             &o, sc, NULL);
}

/* The same scenario as KTAB CSV and as KTAB XML: the same SMP run. */
static void test_ktab__xml_equals_csv(void **state)
{
    dt_scenario *a = NULL, *b = NULL;
    dt_space *sa = NULL, *sb = NULL;
    dt_smp *ma = NULL, *mb = NULL;
    dt_smp_opts oa = DT_SMP_OPTS_INIT, ob = DT_SMP_OPTS_INIT;
    unsigned t;

    (void)state;
    assert_int_equal(dt_scenario_load(dt_test_data("ktab/dummyData_3Dim.csv"),
                                      NULL, &a, NULL),
                     DT_OK);
    assert_int_equal(
        dt_scenario_load(dt_test_src("tests/cli/good/ktab-xml-dummy-3dim.xml"),
                         NULL, &b, NULL),
        DT_OK);
    assert_int_equal(dt_scenario_format_of(b), DT_FORMAT_KTAB_XML);
    assert_string_equal(dt_scenario_description(b),
                        "Dummy scenario to test reading format");
    assert_string_equal(dt_scenario_actor(b, 3)->id, "SActor-03");
    /* The file states KTAB's defaults ("Proportional" is the code's
     * spelling of Prop) and seed 0. */
    assert_int_equal(dt_scenario_n_params(b), 10);
    ob.seed = 99;
    assert_int_equal(dt_smp_opts_from_scenario(b, &ob, NULL, NULL), DT_OK);
    assert_int_equal(ob.vote, DT_SMP_VOTE_PROP);
    assert_true(ob.seed == 0);
    assert_null(ob.accommodation);
    assert_int_equal(dt_space_from_scenario(a, 0, &sa, NULL), DT_OK);
    assert_int_equal(dt_space_from_scenario(b, 0, &sb, NULL), DT_OK);
    assert_int_equal(dt_smp_new(sa, &oa, &ma, NULL), DT_OK);
    assert_int_equal(dt_smp_new(sb, &ob, &mb, NULL), DT_OK);
    dt_smp_run(ma, NULL);
    dt_smp_run(mb, NULL);
    assert_int_equal(dt_smp_turns(ma), dt_smp_turns(mb));
    for (t = 0; t <= dt_smp_turns(ma); t++)
        assert_memory_equal(dt_smp_positions(ma, t), dt_smp_positions(mb, t),
                            7 * 3 * sizeof(double));
    dt_smp_free(ma);
    dt_smp_free(mb);
    dt_space_free(sa);
    dt_space_free(sb);
    dt_scenario_free(a);
    dt_scenario_free(b);
}

#define XML_HEAD "<?xml version=\"1.0\"?>\n<Scenario>\n  <name>t</name>\n"
#define XML_BODY                                                               \
    "  <Dimensions><dName>P</dName></Dimensions>\n"                            \
    "  <Actors>\n"                                                             \
    "    <Actor><name>A</name><capability>1</capability>"                      \
    "<Position><dCoord>20</dCoord></Position>"                                 \
    "<Salience><dSal>100</dSal></Salience></Actor>\n"                          \
    "    <Actor><name>B</name><capability>2</capability>"                      \
    "<Position><dCoord>50</dCoord></Position>"                                 \
    "<Salience><dSal>100</dSal></Salience></Actor>\n"                          \
    "    <Actor><name>C</name><capability>1.5</capability>"                    \
    "<Position><dCoord>90</dCoord></Position>"                                 \
    "<Salience><dSal>100</dSal></Salience></Actor>\n"                          \
    "  </Actors>\n"

static void test_ktab__xml_parameters(void **state)
{
    struct errs es;
    dt_scenario *sc = NULL;
    dt_smp_opts o = DT_SMP_OPTS_INIT;
    double acc[9];
    dt_error e;

    (void)state;
    /* Schema spellings, an ideal adjustment: A's ideal takes B's place. */
    assert_int_equal(
        parse_xml(XML_HEAD "  <ModelParameters><VotingRule>Binary</VotingRule>"
                           "<ProbCondorcetElection>MarkovUPCM"
                           "</ProbCondorcetElection><StateTransitions>"
                           "StochasticSTM</StateTransitions><BigRAdjust>NoRA"
                           "</BigRAdjust></ModelParameters>\n"
                           "  <prngSeed>12345</prngSeed>\n" XML_BODY
                           "  <IdealAdjustment><iaPair><adjustingIdeal>A"
                           "</adjustingIdeal><referencePos>B</referencePos>"
                           "<adjust>1</adjust></iaPair></IdealAdjustment>\n"
                           "</Scenario>\n",
                  &es, &sc),
        DT_OK);
    assert_int_equal(dt_scenario_n_ideal_adjusts(sc), 1);
    assert_int_equal(dt_smp_opts_from_scenario(sc, &o, acc, NULL), DT_OK);
    assert_int_equal(o.vote, DT_SMP_VOTE_BINARY);
    assert_int_equal(o.pce, DT_SMP_PCE_MARKOV_UNIFORM);
    assert_int_equal(o.trans, DT_SMP_TRANS_STOCHASTIC);
    assert_int_equal(o.radjust, DT_SMP_RADJUST_NONE);
    assert_true(o.seed == 12345);
    /* Identity with A[A][B] = 1 set by the pair. */
    assert_true(o.accommodation == acc);
    assert_true(acc[0] == 1.0 && acc[1] == 1.0 && acc[2] == 0.0);
    assert_true(acc[4] == 1.0 && acc[8] == 1.0 && acc[3] == 0.0);
    dt_scenario_free(sc);
    /* An unsupported value: an error at its line. */
    assert_int_equal(parse_xml(XML_HEAD "  <ModelParameters>\n"
                                        "    <InterVecBrgn>S2PMax"
                                        "</InterVecBrgn>\n"
                                        "  </ModelParameters>\n" XML_BODY
                                        "</Scenario>\n",
                               &es, &sc),
                     DT_OK);
    assert_int_equal(dt_smp_opts_from_scenario(sc, &o, acc, &e), DT_ESCENARIO);
    assert_int_equal(e.line, 5);
    assert_string_equal(e.msg, "unsupported value 'S2PMax' for InterVecBrgn");
    dt_scenario_free(sc);
}

static void test_ktab__xml_errors(void **state)
{
    struct errs es;
    dt_scenario *sc = (dt_scenario *)&es;

    (void)state;
    assert_int_equal(parse_xml("<Scenario><name>x</Scenario>", &es, &sc),
                     DT_ESCENARIO);
    assert_null(sc);
    assert_non_null(strstr(es.msg[0], "not well-formed XML"));
    assert_int_equal(parse_xml("<?xml version=\"1.0\"?>\n<Model/>\n", &es, &sc),
                     DT_ESCENARIO);
    assert_string_equal(es.msg[0], "2:0: KTAB XML: the root element must be "
                                   "<Scenario>, got <Model>");
    assert_int_equal(parse_xml(XML_HEAD "  <Dimensions><dName>P</dName>"
                                        "</Dimensions>\n  <Actors>\n"
                                        "  </Actors>\n</Scenario>\n",
                               &es, &sc),
                     DT_ESCENARIO);
    assert_string_equal(es.msg[0], "5:0: KTAB needs at least 3 actors, "
                                   "<Actors> has 0");
    assert_int_equal(parse_xml(XML_HEAD XML_BODY
                               "  <IdealAdjustment><iaPair>"
                               "<adjustingIdeal>Z</adjustingIdeal>"
                               "<referencePos>B</referencePos><adjust>1"
                               "</adjust></iaPair></IdealAdjustment>\n"
                               "</Scenario>\n",
                               &es, &sc),
                     DT_ESCENARIO);
    assert_string_equal(es.msg[0], "10:0: <iaPair>: unknown actor 'Z'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ktab__soe_example),
        cmocka_unit_test(test_ktab__dummy_example),
        cmocka_unit_test(test_ktab__detection),
        cmocka_unit_test(test_ktab__errors),
        cmocka_unit_test(test_ktab__forecast_json),
        cmocka_unit_test(test_ktab__xml_equals_csv),
        cmocka_unit_test(test_ktab__xml_parameters),
        cmocka_unit_test(test_ktab__xml_errors),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
