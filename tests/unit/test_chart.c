/*
 * Tests of the charts (include/detente/chart.h): every kind on the two
 * summit scenarios and the EC case as PNG (dimensions read back with
 * cairo), SVG (parsed with libxml2, labels present) and PDF; drawings
 * change when the data changes and not otherwise; clear errors for data a
 * kind lacks, bad sizes, a missing font and a failing writer; the plot
 * command's exit codes and atomic output.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "dt_test.h"
#include <detente/chart.h>
#include <detente/report.h>
#include "report/chart_int.h"

static const char *const scenario_files[3] = {
    "scenarios/hanoi-2019.yaml", "scenarios/anchorage-2025.yaml",
    "scenarios/ec-emissions-1994.yaml"};

/* Everything one scenario's charts need. */
struct fixture {
    dt_scenario *sc;
    dt_chart_runs *runs;
    dt_analysis *an; /* NULL for the EC case (no status quo) */
    dt_sweep *sweep;
    dt_oat *oat;     /* one-at-a-time sensitivities (tornado) */
    dt_sobol *sobol; /* variance decomposition (sobol) */
    dt_chart_dist dists[16];
    dt_vary *vary; /* the first position slot from 0 to 100 in 5 steps */
    dt_chart_input in;
};

/* Output collected in memory. */
struct buf {
    unsigned char *p;
    size_t n, cap;
    int fail; /* make the writer fail */
    int calls;
};

static int buf_write(void *ctx, const unsigned char *data, size_t len)
{
    struct buf *b = ctx;

    b->calls++;
    if (b->fail)
        return -1;
    if (b->n + len > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 65536;

        while (cap < b->n + len)
            cap *= 2;
        b->p = realloc(b->p, cap);
        assert_non_null(b->p);
        b->cap = cap;
    }
    memcpy(b->p + b->n, data, len);
    b->n += len;
    return 0;
}

static void fixture_load(struct fixture *f, const char *rel, size_t draws)
{
    dt_sweep_opts so = DT_SWEEP_OPTS_INIT;
    dt_error err;
    size_t n, i;

    memset(f, 0, sizeof *f);
    assert_int_equal(dt_scenario_load(dt_test_src(rel), NULL, &f->sc, &err),
                     DT_OK);
    n = 0;
    while (dt_model_types()[n])
        n++;
    assert_int_equal(
        dt_chart_runs_new(f->sc, dt_model_types(), n, NULL, &f->runs, &err),
        DT_OK);
    if (dt_analyze(f->sc, NULL, &f->an, &err) != DT_OK)
        f->an = NULL;
    f->in.sc = f->sc;
    f->in.runs = dt_chart_runs_get(f->runs, &f->in.n_runs);
    f->in.analysis = f->an;
    for (i = 0; i < dt_scenario_n_slots(f->sc); i++) {
        dt_slot sl;

        if (dt_scenario_slot(f->sc, i, &sl) && sl.kind == DT_SLOT_POSITION)
            break;
    }
    assert_int_equal(dt_vary_run(f->sc, i, 0, 100, 5, NULL, &f->vary, &err),
                     DT_OK);
    f->in.vary = f->vary;
    if (draws == 0)
        return;
    so.seed = 2385;
    so.n_draws = draws;
    assert_int_equal(dt_sweep_new(f->sc, &so, &f->sweep, &err), DT_OK);
    assert_int_equal(dt_sweep_run(f->sweep, 0, draws, &err), DT_OK);
    assert_int_equal(dt_sweep_reduce(f->sweep, &err), DT_OK);
    assert_int_equal(dt_sweep_oat(f->sweep, &f->oat, &err), DT_OK);
    f->in.oat = f->oat;
    {
        dt_sweep_opts so2 = DT_SWEEP_OPTS_INIT;
        dt_sobol_opts sob = DT_SOBOL_OPTS_INIT;

        so2.analysis = DT_SWEEP_ANALYSIS_OFF;
        sob.seed = 2385;
        sob.n_base = 64;
        sob.n_boot = 20;
        assert_int_equal(dt_sobol_scenario(f->sc, &so2, &sob, &f->sobol, &err),
                         DT_OK);
        f->in.sobol = f->sobol;
    }
    for (i = 0; i < dt_scenario_n_issues(f->sc) && i < 16; i++) {
        f->dists[i].issue = i;
        f->dists[i].label = "eu";
        f->dists[i].n = draws;
        f->dists[i].draws = dt_sweep_forecasts(f->sweep, i, 0);
        memcpy(f->dists[i].q, dt_sweep_forecast_stats(f->sweep, i, 0)->q,
               sizeof f->dists[i].q);
    }
    f->in.dists = f->dists;
    f->in.n_dists = i;
}

static void fixture_free(struct fixture *f)
{
    dt_oat_free(f->oat);
    dt_sobol_free(f->sobol);
    dt_sweep_free(f->sweep);
    dt_vary_free(f->vary);
    dt_analysis_free(f->an);
    dt_chart_runs_free(f->runs);
    dt_scenario_free(f->sc);
}

/* cairo's PNG reader over a memory buffer. */
struct reader {
    const unsigned char *p;
    size_t n, off;
};

static cairo_status_t read_mem(void *closure, unsigned char *data,
                               unsigned int len)
{
    struct reader *r = closure;

    if (r->off + len > r->n)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->p + r->off, len);
    r->off += len;
    return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *decode_png(const struct buf *b)
{
    struct reader r = {b->p, b->n, 0};
    cairo_surface_t *s =
        cairo_image_surface_create_from_png_stream(read_mem, &r);

    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    return s;
}

/* Pixels that differ between two PNGs of the same size. */
static size_t pixel_diff(const struct buf *a, const struct buf *b)
{
    cairo_surface_t *sa = decode_png(a), *sb = decode_png(b);
    int w = cairo_image_surface_get_width(sa);
    int h = cairo_image_surface_get_height(sa), y, x;
    int stride = cairo_image_surface_get_stride(sa);
    const unsigned char *pa, *pb;
    size_t n = 0;

    assert_int_equal(w, cairo_image_surface_get_width(sb));
    assert_int_equal(h, cairo_image_surface_get_height(sb));
    cairo_surface_flush(sa);
    cairo_surface_flush(sb);
    pa = cairo_image_surface_get_data(sa);
    pb = cairo_image_surface_get_data(sb);
    for (y = 0; y < h; y++)
        for (x = 0; x < w; x++)
            n += memcmp(pa + y * stride + 4 * x, pb + y * stride + 4 * x, 4) !=
                 0;
    cairo_surface_destroy(sa);
    cairo_surface_destroy(sb);
    return n;
}

static dt_status render(dt_chart_kind k, const dt_chart_input *in, size_t n,
                        const dt_chart_opts *o, dt_chart_format fmt,
                        struct buf *b, dt_error *err)
{
    memset(b, 0, sizeof *b);
    return dt_chart_render(k, in, n, o, fmt, buf_write, b, err);
}

/* Every text node under n, concatenated into out (capped). */
static void collect_text(xmlNode *n, char *out, size_t cap)
{
    for (; n; n = n->next) {
        size_t len = strlen(out);

        if (n->type == XML_TEXT_NODE && n->content &&
            len + strlen((const char *)n->content) + 1 < cap)
            memcpy(out + len, n->content, strlen((const char *)n->content) + 1);
        collect_text(n->children, out, cap);
    }
}

/* Every kind, every scenario, every format; PNG sizes as asked. */
static void test_chart__every_kind_every_format(void **state)
{
    size_t s;

    (void)state;
    for (s = 0; s < 3; s++) {
        struct fixture f;
        unsigned k;

        fixture_load(&f, scenario_files[s], 150);
        for (k = 0; k < DT_CHART_N_KINDS; k++) {
            dt_chart_opts o = DT_CHART_OPTS_INIT;
            dt_chart_input two[2];
            const dt_chart_input *in = &f.in;
            size_t n_in = 1;
            struct buf b;
            dt_error err;
            dt_status rc;
            cairo_surface_t *img;
            xmlDoc *doc;
            char *text;

            if (k == DT_CHART_LEVERS && dt_scenario_n_levers(f.sc) == 0) {
                /* The EC case has no levers: a clear error, nothing out. */
                rc = render(k, in, 1, &o, DT_CHART_PNG, &b, &err);
                assert_int_equal(rc, DT_ESCENARIO);
                assert_non_null(strstr(err.msg, "defines no levers"));
                assert_int_equal(b.calls, 0);
                continue;
            }
            if (k == DT_CHART_COMPARE) {
                two[0] = f.in;
                two[1] = f.in;
                two[1].label = "the same again";
                in = two;
                n_in = 2;
            }
            o.width = 823;
            o.height = 541;
            rc = render(k, in, n_in, &o, DT_CHART_PNG, &b, &err);
            if (rc != DT_OK)
                print_error("%s on %s: %s\n", dt_chart_kind_name(k),
                            scenario_files[s], err.msg);
            assert_int_equal(rc, DT_OK);
            assert_true(b.n > 8 && memcmp(b.p, "\x89PNG", 4) == 0);
            img = decode_png(&b);
            assert_int_equal(cairo_image_surface_get_width(img), 823);
            assert_int_equal(cairo_image_surface_get_height(img), 541);
            cairo_surface_destroy(img);
            free(b.p);

            assert_int_equal(render(k, in, n_in, &o, DT_CHART_SVG, &b, &err),
                             DT_OK);
            doc = xmlReadMemory((const char *)b.p, (int)b.n, "c.svg", NULL,
                                XML_PARSE_NONET);
            assert_non_null(doc);
            assert_string_equal((const char *)xmlDocGetRootElement(doc)->name,
                                "svg");
            text = calloc(1, 1 << 20);
            assert_non_null(text);
            collect_text(xmlDocGetRootElement(doc), text, 1 << 20);
            /* The scenario's name is in every automatic title. */
            if (k != DT_CHART_COMPARE)
                assert_non_null(strstr(text, dt_scenario_name(f.sc)));
            if (k == DT_CHART_POSITIONS || k == DT_CHART_TRAJECTORY) {
                size_t a;

                for (a = 0; a < dt_scenario_n_actors(f.sc); a++)
                    assert_non_null(
                        strstr(text, dt_scenario_actor(f.sc, a)->name));
            }
            free(text);
            xmlFreeDoc(doc);
            free(b.p);

            assert_int_equal(render(k, in, n_in, &o, DT_CHART_PDF, &b, &err),
                             DT_OK);
            assert_true(b.n > 2000);
            assert_memory_equal(b.p, "%PDF-", 5);
            free(b.p);
        }
        fixture_free(&f);
    }
}

/* Same inputs: byte-identical output in every format. */
static void test_chart__deterministic(void **state)
{
    struct fixture f;
    int fmt;

    (void)state;
    fixture_load(&f, scenario_files[1], 0);
    for (fmt = 0; fmt < 3; fmt++) {
        struct buf a, b;

        assert_int_equal(render(DT_CHART_POSITIONS, &f.in, 1, NULL,
                                (dt_chart_format)fmt, &a, NULL),
                         DT_OK);
        assert_int_equal(render(DT_CHART_POSITIONS, &f.in, 1, NULL,
                                (dt_chart_format)fmt, &b, NULL),
                         DT_OK);
        assert_int_equal(a.n, b.n);
        assert_memory_equal(a.p, b.p, a.n);
        free(a.p);
        free(b.p);
    }
    fixture_free(&f);
}

/*
 * The drawing changes when the data changes: the same scenario with one
 * lever applied (a different position or capability), same title and
 * size; and nothing changes for the same data.
 */
static void test_chart__changes_with_data(void **state)
{
    struct fixture f;
    dt_chart_opts o = DT_CHART_OPTS_INIT;
    dt_scenario *lev = NULL;
    dt_chart_runs *lruns = NULL;
    dt_chart_input lin = DT_CHART_INPUT_INIT;
    size_t k, n;
    unsigned kind;

    (void)state;
    fixture_load(&f, scenario_files[0], 0);
    o.title = "fixed title";
    /* The lever that moves North Korea's positions (Yongbyon offer). */
    k = dt_scenario_lever_index(f.sc, "yongbyon_plus");
    if (k == (size_t)-1)
        k = 0;
    assert_int_equal(dt_scenario_apply_levers(f.sc, &k, 1, &lev, NULL), DT_OK);
    n = 0;
    while (dt_model_types()[n])
        n++;
    assert_int_equal(
        dt_chart_runs_new(lev, dt_model_types(), n, NULL, &lruns, NULL), DT_OK);
    lin.sc = lev;
    lin.runs = dt_chart_runs_get(lruns, &lin.n_runs);
    for (kind = 0; kind < 2; kind++) {
        struct buf a, a2, b;

        assert_int_equal(
            render((dt_chart_kind)kind, &f.in, 1, &o, DT_CHART_PNG, &a, NULL),
            DT_OK);
        assert_int_equal(
            render((dt_chart_kind)kind, &f.in, 1, &o, DT_CHART_PNG, &a2, NULL),
            DT_OK);
        assert_int_equal(
            render((dt_chart_kind)kind, &lin, 1, &o, DT_CHART_PNG, &b, NULL),
            DT_OK);
        assert_int_equal(pixel_diff(&a, &a2), 0);
        assert_true(pixel_diff(&a, &b) > 100);
        free(a.p);
        free(a2.p);
        free(b.p);
    }
    dt_chart_runs_free(lruns);
    dt_scenario_free(lev);
    fixture_free(&f);
}

/*
 * Distribution from plain arrays (no sweep): draws uniform on [20, 40]
 * versus [60, 80], quantiles by hand (type 7 on the grid 20 + k/5).
 */
static void test_chart__distribution_plain_arrays(void **state)
{
    struct fixture f;
    dt_chart_dist d[2];
    double lo[101], hi[101];
    dt_chart_input in;
    dt_chart_opts o = DT_CHART_OPTS_INIT;
    struct buf a, b;
    size_t k;

    (void)state;
    fixture_load(&f, scenario_files[0], 0);
    for (k = 0; k <= 100; k++) {
        lo[k] = 20 + 0.2 * (double)k;
        hi[k] = 60 + 0.2 * (double)k;
    }
    lo[50] = NAN; /* skipped, not drawn */
    memset(d, 0, sizeof d);
    d[0].issue = 0;
    d[0].n = 101;
    d[0].draws = lo;
    d[0].q[0] = 21;
    d[0].q[1] = 25;
    d[0].q[2] = 30;
    d[0].q[3] = 35;
    d[0].q[4] = 39;
    d[1] = d[0];
    d[1].draws = hi;
    for (k = 0; k < 5; k++)
        d[1].q[k] = d[0].q[k] + 40;
    in = f.in;
    in.dists = &d[0];
    in.n_dists = 1;
    o.title = "fixed";
    o.issue = 0;
    assert_int_equal(
        render(DT_CHART_DISTRIBUTION, &in, 1, &o, DT_CHART_PNG, &a, NULL),
        DT_OK);
    in.dists = &d[1];
    assert_int_equal(
        render(DT_CHART_DISTRIBUTION, &in, 1, &o, DT_CHART_PNG, &b, NULL),
        DT_OK);
    assert_true(pixel_diff(&a, &b) > 100);
    free(a.p);
    free(b.p);
    /* Only NaN draws: nothing to draw, a clear error. */
    for (k = 0; k <= 100; k++)
        lo[k] = NAN;
    in.dists = &d[0];
    {
        dt_error err;

        assert_int_equal(
            dt_chart_check(DT_CHART_DISTRIBUTION, &in, 1, &o, &err), DT_EINVAL);
        assert_non_null(strstr(err.msg, "sweep draws"));
    }
    fixture_free(&f);
}

/* SVG: <title>, words in <desc>, ids prefixed (several charts per page). */
static void test_chart__svg_title_and_ids(void **state)
{
    struct fixture f;
    dt_chart_opts o = DT_CHART_OPTS_INIT;
    struct buf b;
    xmlDoc *doc;
    xmlNode *root, *n;
    char *s;

    (void)state;
    fixture_load(&f, scenario_files[0], 0);
    o.title = "Hanoi at a glance";
    o.svg_id = "c7-";
    assert_int_equal(
        render(DT_CHART_TRAJECTORY, &f.in, 1, &o, DT_CHART_SVG, &b, NULL),
        DT_OK);
    doc = xmlReadMemory((const char *)b.p, (int)b.n, "c.svg", NULL,
                        XML_PARSE_NONET);
    assert_non_null(doc);
    root = xmlDocGetRootElement(doc);
    for (n = root->children; n && n->type != XML_ELEMENT_NODE; n = n->next)
        ;
    assert_non_null(n);
    assert_string_equal((const char *)n->name, "title");
    s = (char *)xmlNodeGetContent(n);
    assert_string_equal(s, "Hanoi at a glance");
    xmlFree(s);
    free(b.p);
    xmlFreeDoc(doc);
    /* Every id and every reference carries the prefix. */
    assert_int_equal(
        render(DT_CHART_TRAJECTORY, &f.in, 1, &o, DT_CHART_SVG, &b, NULL),
        DT_OK);
    b.p = realloc(b.p, b.n + 1);
    b.p[b.n] = '\0';
    for (s = (char *)b.p; (s = strstr(s, " id=\"")) != NULL; s++)
        assert_memory_equal(s + 5, "c7-", 3);
    for (s = (char *)b.p; (s = strstr(s, "href=\"#")) != NULL; s++)
        assert_memory_equal(s + 7, "c7-", 3);
    for (s = (char *)b.p; (s = strstr(s, "url(#")) != NULL; s++)
        assert_memory_equal(s + 5, "c7-", 3);
    assert_non_null(strstr((char *)b.p, "id=\"c7-"));
    free(b.p);
    fixture_free(&f);
}

/* Drawing in a caller's box touches nothing outside it. */
static void test_chart__draw_in_box(void **state)
{
    struct fixture f;
    cairo_surface_t *s =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, 700, 500);
    cairo_t *cr = cairo_create(s);
    unsigned char *p;
    int stride, x, y, inside_dark = 0;

    (void)state;
    fixture_load(&f, scenario_files[1], 0);
    cairo_set_source_rgb(cr, 1, 0, 0);
    cairo_paint(cr);
    cairo_set_line_width(cr, 3.25);
    assert_int_equal(dt_chart_draw(cr, DT_CHART_POSITIONS, &f.in, 1, NULL, 100,
                                   50, 500, 400, NULL),
                     DT_OK);
    assert_true(cairo_get_line_width(cr) == 3.25); /* state restored */
    cairo_surface_flush(s);
    p = cairo_image_surface_get_data(s);
    stride = cairo_image_surface_get_stride(s);
    for (y = 0; y < 500; y++)
        for (x = 0; x < 700; x++) {
            uint32_t px = *(uint32_t *)(void *)(p + y * stride + 4 * x);
            int in_box = x >= 100 && x < 600 && y >= 50 && y < 450;

            if (!in_box)
                assert_int_equal(px & 0xffffff, 0xff0000);
            else if ((px & 0xff) < 0x40 && ((px >> 16) & 0xff) < 0x40)
                inside_dark++;
        }
    assert_true(inside_dark > 500); /* text and markers were drawn */
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    fixture_free(&f);
}

static void test_chart__errors(void **state)
{
    struct fixture f;
    dt_chart_opts o = DT_CHART_OPTS_INIT;
    dt_chart_input in;
    struct buf b;
    dt_error err;

    (void)state;
    fixture_load(&f, scenario_files[0], 0);
    /* A missing font: named, with what fontconfig fell back to. */
    assert_int_equal(dt_chart_font_check("No Such Family 2385", &err), DT_EIO);
    assert_non_null(strstr(err.msg, "'No Such Family 2385' is not installed"));
    assert_int_equal(dt_chart_font_check(NULL, &err), DT_OK);
    o.font = "No Such Family 2385";
    assert_int_equal(
        render(DT_CHART_POSITIONS, &f.in, 1, &o, DT_CHART_PNG, &b, &err),
        DT_EIO);
    assert_int_equal(b.calls, 0);
    o.font = NULL;
    /* Sizes, issues, kinds. */
    o.width = 100;
    assert_int_equal(dt_chart_check(DT_CHART_POSITIONS, &f.in, 1, &o, &err),
                     DT_EINVAL);
    assert_non_null(strstr(err.msg, "size"));
    o.width = 800;
    o.issue = 3;
    assert_int_equal(dt_chart_check(DT_CHART_POSITIONS, &f.in, 1, &o, &err),
                     DT_EINVAL);
    assert_non_null(strstr(err.msg, "issue index 3"));
    o.issue = (size_t)-1;
    assert_int_equal(dt_chart_check((dt_chart_kind)9, &f.in, 1, &o, &err),
                     DT_EINVAL);
    assert_int_equal(dt_chart_check(DT_CHART_POSITIONS, NULL, 0, &o, &err),
                     DT_EINVAL);
    /* Data a kind needs. */
    in = f.in;
    in.runs = NULL;
    in.n_runs = 0;
    assert_int_equal(dt_chart_check(DT_CHART_TRAJECTORY, &in, 1, &o, &err),
                     DT_EINVAL);
    assert_non_null(strstr(err.msg, "traces"));
    o.model = "no-such-model";
    assert_int_equal(dt_chart_check(DT_CHART_TRAJECTORY, &f.in, 1, &o, &err),
                     DT_EINVAL);
    assert_non_null(strstr(err.msg, "no-such-model"));
    o.model = NULL;
    in = f.in;
    in.analysis = NULL;
    assert_int_equal(dt_chart_check(DT_CHART_LEVERS, &in, 1, &o, &err),
                     DT_EINVAL);
    assert_int_equal(dt_chart_check(DT_CHART_DISTRIBUTION, &f.in, 1, &o, &err),
                     DT_EINVAL);
    /* Positions need only the scenario. */
    assert_int_equal(dt_chart_check(DT_CHART_POSITIONS, &in, 1, &o, &err),
                     DT_OK);
    /* A writer that fails: DT_EIO, in every format. */
    memset(&b, 0, sizeof b);
    b.fail = 1;
    assert_int_equal(dt_chart_render(DT_CHART_POSITIONS, &f.in, 1, &o,
                                     DT_CHART_PNG, buf_write, &b, &err),
                     DT_EIO);
    assert_int_equal(dt_chart_render(DT_CHART_POSITIONS, &f.in, 1, &o,
                                     DT_CHART_SVG, buf_write, &b, &err),
                     DT_EIO);
    assert_int_equal(dt_chart_render(DT_CHART_POSITIONS, &f.in, 1, &o,
                                     DT_CHART_PDF, buf_write, &b, &err),
                     DT_EIO);
    fixture_free(&f);
}

/*
 * The vary chart of tests/cli/good/phases.yaml with B's no-deal cost from
 * -20 to 20 in 9 steps. A higher no-deal cost only makes no deal worse
 * for B, so the zone can open along the sweep but never close: exactly
 * one flip (at -20 B prefers no deal, at 20 it does not), drawn as
 * "opens" and never "closes"; without a vary the check says what is
 * missing.
 */
static void test_chart__vary_marks_the_flip(void **state)
{
    dt_scenario *sc = NULL;
    dt_vary *v = NULL;
    dt_chart_input in = DT_CHART_INPUT_INIT;
    dt_chart_opts o = DT_CHART_OPTS_INIT;
    size_t slot, steps, k, flips = 0;
    double lo, hi;
    struct buf b;
    dt_error err;
    xmlDoc *doc;
    char *text;

    (void)state;
    assert_int_equal(dt_scenario_load(dt_test_src("tests/cli/good/phases.yaml"),
                                      NULL, &sc, &err),
                     DT_OK);
    assert_int_equal(dt_vary_parse(sc, "B.no_deal.cost=-20:20:9", &slot, &lo,
                                   &hi, &steps, &err),
                     DT_OK);
    assert_int_equal(dt_vary_run(sc, slot, lo, hi, steps, NULL, &v, &err),
                     DT_OK);
    for (k = 0; k < v->n_steps; k++)
        flips += v->steps[k].flip != 0;
    assert_int_equal(flips, 1);
    in.sc = sc;
    assert_int_equal(dt_chart_check(DT_CHART_VARY, &in, 1, &o, &err),
                     DT_ESCENARIO);
    assert_non_null(strstr(err.msg, "one-input sweep"));
    in.vary = v;
    assert_int_equal(render(DT_CHART_VARY, &in, 1, &o, DT_CHART_SVG, &b, &err),
                     DT_OK);
    doc = xmlReadMemory((const char *)b.p, (int)b.n, "v.svg", NULL,
                        XML_PARSE_NONET);
    assert_non_null(doc);
    text = calloc(1, 1 << 20);
    assert_non_null(text);
    collect_text(xmlDocGetRootElement(doc), text, 1 << 20);
    assert_non_null(strstr(text, "What if B.no_deal.cost varies: phased"));
    /* One flip on each of the two issues' panels. */
    assert_non_null(strstr(text, "opens"));
    assert_null(strstr(text, "closes"));
    assert_non_null(strstr(text, "as written: 2"));
    free(text);
    xmlFreeDoc(doc);
    free(b.p);
    dt_vary_free(v);
    dt_scenario_free(sc);
}

/* Names and formats. */
static void test_chart__names(void **state)
{
    dt_chart_kind k;
    dt_chart_format fmt;

    (void)state;
    assert_true(dt_chart_kind_from_name("levers", &k));
    assert_int_equal(k, DT_CHART_LEVERS);
    assert_false(dt_chart_kind_from_name("pie", &k));
    assert_string_equal(dt_chart_kind_name(DT_CHART_DISTRIBUTION),
                        "distribution");
    assert_true(dt_chart_kind_from_name("vary", &k));
    assert_int_equal(k, DT_CHART_VARY);
    assert_true(dt_chart_kind_from_name("tornado", &k));
    assert_int_equal(k, DT_CHART_TORNADO);
    assert_true(dt_chart_kind_from_name("sobol", &k));
    assert_int_equal(k, DT_CHART_SOBOL);
    assert_string_equal(dt_chart_kind_name(DT_CHART_SOBOL), "sobol");
    assert_true(dt_chart_format_from_name("out/chart.SVG", &fmt));
    assert_int_equal(fmt, DT_CHART_SVG);
    assert_true(dt_chart_format_from_name("pdf", &fmt));
    assert_int_equal(fmt, DT_CHART_PDF);
    assert_false(dt_chart_format_from_name("chart.jpg", &fmt));
    assert_false(dt_chart_format_from_name("dir.png/chart", &fmt));
}

/*
 * Tornado: the rows follow the OAT ranking (largest swing first), each
 * row names its input and ends; a model the sweep did not run, the deal
 * without a deal, or no sensitivities at all are clear errors.
 */
static void test_chart__tornado(void **state)
{
    static const dt_model_type *const mean[] = {&dt_model_mean};
    dt_sweep_opts so = DT_SWEEP_OPTS_INIT;
    dt_chart_opts o = DT_CHART_OPTS_INIT;
    dt_chart_input in = DT_CHART_INPUT_INIT;
    dt_scenario *sc = NULL;
    dt_sweep *s = NULL;
    dt_oat *oat = NULL;
    const size_t *rank;
    dt_error err;
    struct buf b;
    char *text, *p0, *p1;
    size_t k;
    xmlDoc *doc;

    (void)state;
    assert_int_equal(dt_scenario_load(dt_test_src("scenarios/hanoi-2019.yaml"),
                                      NULL, &sc, &err),
                     DT_OK);
    so.models = mean;
    so.n_models = 1;
    so.n_draws = 1;
    assert_int_equal(dt_sweep_new(sc, &so, &s, &err), DT_OK);
    in.sc = sc;
    assert_int_equal(dt_chart_check(DT_CHART_TORNADO, &in, 1, &o, &err),
                     DT_EINVAL);
    assert_non_null(strstr(err.msg, "dt_sweep_oat"));
    assert_int_equal(dt_sweep_oat(s, &oat, &err), DT_OK);
    in.oat = oat;
    o.issue = dt_scenario_issue_index(sc, "sequencing");
    o.model = "mean";
    assert_int_equal(
        render(DT_CHART_TORNADO, &in, 1, &o, DT_CHART_SVG, &b, &err), DT_OK);
    doc = xmlReadMemory((const char *)b.p, (int)b.n, "t.svg", NULL,
                        XML_PARSE_NONET);
    assert_non_null(doc);
    text = calloc(1, 1 << 20);
    assert_non_null(text);
    collect_text(xmlDocGetRootElement(doc), text, 1 << 20);
    assert_non_null(strstr(text, "forecast mean/sequencing"));
    for (k = 0; k < dt_sweep_n_outputs(s); k++)
        if (strcmp(dt_sweep_get_output(s, k)->label,
                   "forecast mean/sequencing") == 0)
            break;
    rank = dt_oat_rank(oat, k);
    p0 = strstr(text, dt_sweep_get_input(s, rank[0])->label);
    p1 = strstr(text, dt_sweep_get_input(s, rank[1])->label);
    assert_non_null(p0);
    assert_non_null(p1);
    assert_true(p0 < p1);
    free(text);
    xmlFreeDoc(doc);
    free(b.p);
    assert_int_equal(
        render(DT_CHART_TORNADO, &in, 1, &o, DT_CHART_PNG, &b, &err), DT_OK);
    assert_true(b.n > 8 && memcmp(b.p, "\x89PNG", 4) == 0);
    free(b.p);
    o.model = "nbs";
    assert_int_equal(dt_chart_check(DT_CHART_TORNADO, &in, 1, &o, &err),
                     DT_EINVAL);
    assert_non_null(strstr(err.msg, "'nbs'"));
    dt_oat_free(oat);
    dt_sweep_free(s);
    dt_scenario_free(sc);
}

/*
 * Runs: one per (issue, model), issue-major; round 0 of each trace is the
 * inputs (the line's positions), by definition of dt_trace.
 */
static void test_chart__runs(void **state)
{
    struct fixture f;
    size_t n_models = 0, k, j;

    (void)state;
    fixture_load(&f, scenario_files[1], 0);
    while (dt_model_types()[n_models])
        n_models++;
    assert_int_equal(f.in.n_runs, dt_scenario_n_issues(f.sc) * n_models);
    assert_null(dt_chart_runs_result(f.runs, f.in.n_runs));
    for (k = 0; k < f.in.n_runs; k++) {
        const dt_chart_run *r = &f.in.runs[k];
        const dt_model_result *res = dt_chart_runs_result(f.runs, k);

        /* The full result behind the run's point, same order. */
        assert_non_null(res);
        assert_true(res->point == r->point ||
                    (isnan(res->point) && isnan(r->point)));
        assert_int_equal(r->issue, k / n_models);
        assert_string_equal(r->model, dt_model_types()[k % n_models]->name);
        assert_non_null(r->trace);
        assert_true(r->trace->rounds >= 1);
        assert_int_equal(res->rounds, r->trace->rounds - 1);
        assert_int_equal(r->trace->n, r->line->n);
        for (j = 0; j < r->line->n; j++)
            assert_true(r->trace->x[j] == r->line->x[j]);
    }
    fixture_free(&f);
}

/* Label spreading and axis ticks, checked by hand. */
static void test_chart__layout_helpers(void **state)
{
    double want[4] = {10, 10, 10, 99}, h[4] = {2, 2, 2, 4}, got[4];
    double lo = 3, hi = 97, step;

    (void)state;
    /* Three labels wanting 10 stack downwards 2 apart; the last is kept
     * inside the bottom edge (100 - 4/2). */
    assert_true(dt__chart_spread(NULL, 4, want, h, 0, 100, got));
    DT_ASSERT_REL(got[0], 10, 1e-12);
    DT_ASSERT_REL(got[1], 12, 1e-12);
    DT_ASSERT_REL(got[2], 14, 1e-12);
    DT_ASSERT_REL(got[3], 98, 1e-12);
    /* Too many to fit: reported. */
    assert_false(dt__chart_spread(NULL, 4, want, h, 0, 9, got));
    /* 3..97 in about 5 steps: 0..100 by 20. */
    dt__chart_nice(&lo, &hi, 5, &step);
    DT_ASSERT_REL(step, 20, 1e-12);
    DT_ASSERT_CLOSE(lo, 0, 0, 1e-12);
    DT_ASSERT_REL(hi, 100, 1e-12);
}

/* ----- The plot command ----- */

static char tmpdir[] = "/tmp/dt_chart_XXXXXX";

struct run {
    int status;
    char *err;
};

static struct run plot(const char *args)
{
    char cmd[4096], err[300];
    struct run r;
    int st;

    snprintf(err, sizeof err, "%s/stderr", tmpdir);
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' plot %s >/dev/null 2>'%s'",
             DT_SOURCE_DIR, DT_CLI_PATH, args, err);
    st = system(cmd);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.err = dt_test_slurp(err, NULL);
    assert_non_null(r.err);
    return r;
}

/* Files in tmpdir other than stderr. */
static int n_outputs(void)
{
    char cmd[512];
    FILE *p;
    int n = 0, c;

    snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -v '^stderr$'", tmpdir);
    p = popen(cmd, "r");
    assert_non_null(p);
    while ((c = fgetc(p)) != EOF)
        n += c == '\n';
    pclose(p);
    return n;
}

static void test_chart__cli(void **state)
{
    char args[1024];
    struct run r;
    struct stat sb;

    (void)state;
    assert_non_null(mkdtemp(tmpdir));
    snprintf(args, sizeof args,
             "positions scenarios/hanoi-2019.yaml -o '%s/p.svg' --issue scope",
             tmpdir);
    r = plot(args);
    assert_int_equal(r.status, 0);
    free(r.err);
    snprintf(args, sizeof args, "%s/p.svg", tmpdir);
    assert_int_equal(stat(args, &sb), 0);
    assert_true(sb.st_size > 1000);
    unlink(args);
    /* Distribution: the seed is printed. */
    snprintf(args, sizeof args,
             "distribution scenarios/hanoi-2019.yaml --draws 50 --seed 2385 "
             "-o '%s/d.png'",
             tmpdir);
    r = plot(args);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "seed 2385"));
    free(r.err);
    snprintf(args, sizeof args, "%s/d.png", tmpdir);
    unlink(args);
    assert_int_equal(n_outputs(), 0);
    /* Tornado: one forecast's sensitivities; the deal is only for it. */
    snprintf(args, sizeof args,
             "tornado scenarios/hanoi-2019.yaml --model mean -o '%s/t.svg'",
             tmpdir);
    r = plot(args);
    assert_int_equal(r.status, 0);
    free(r.err);
    snprintf(args, sizeof args, "%s/t.svg", tmpdir);
    assert_int_equal(stat(args, &sb), 0);
    assert_true(sb.st_size > 1000);
    unlink(args);
    r = plot("positions scenarios/hanoi-2019.yaml --model deal -o x.png");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "tornado and sobol charts only"));
    free(r.err);
    assert_int_equal(n_outputs(), 0);
    /* The Sobol chart of one forecast, and its one-result rule. */
    snprintf(args, sizeof args,
             "sobol scenarios/hanoi-2019.yaml --model mean --issue scope "
             "--draws 64 --seed 4 -o '%s/s.svg'",
             tmpdir);
    r = plot(args);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "seed 4"));
    free(r.err);
    snprintf(args, sizeof args, "%s/s.svg", tmpdir);
    assert_int_equal(stat(args, &sb), 0);
    assert_true(sb.st_size > 1000);
    unlink(args);
    snprintf(args, sizeof args,
             "sobol scenarios/hanoi-2019.yaml --model mean,eu -o '%s/s.png'",
             tmpdir);
    r = plot(args);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "sobol chart shows one result"));
    free(r.err);
    assert_int_equal(n_outputs(), 0);
    /* Unknown kind: usage, with the kinds listed. */
    r = plot("pie scenarios/hanoi-2019.yaml -o x.png");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "unknown chart kind 'pie'"));
    assert_non_null(strstr(r.err, "trajectory"));
    free(r.err);
    /* Levers without levers: exit 3, nothing written. */
    snprintf(args, sizeof args,
             "levers scenarios/ec-emissions-1994.yaml -o '%s/l.png'", tmpdir);
    r = plot(args);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.err, "defines no levers"));
    free(r.err);
    assert_int_equal(n_outputs(), 0);
    /* Unwritable output: exit 4. */
    r = plot("positions scenarios/hanoi-2019.yaml -o "
             "/nonexistent-dir-2385/p.png");
    assert_int_equal(r.status, 4);
    assert_non_null(
        strstr(r.err, "cannot write '/nonexistent-dir-2385/p.png'"));
    free(r.err);
    /* Missing font: exit 4, nothing written. */
    snprintf(args, sizeof args,
             "positions scenarios/hanoi-2019.yaml --font 'No Such Family "
             "2385' -o '%s/f.png'",
             tmpdir);
    r = plot(args);
    assert_int_equal(r.status, 4);
    assert_non_null(strstr(r.err, "font 'No Such Family 2385' is not "
                                  "installed"));
    free(r.err);
    assert_int_equal(n_outputs(), 0);
    /* Unknown extension, unknown issue, too small. */
    r = plot("positions scenarios/hanoi-2019.yaml -o chart.jpg");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "cannot tell the format of 'chart.jpg'"));
    free(r.err);
    r = plot("positions scenarios/hanoi-2019.yaml -o c.png --issue nope");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "unknown issue 'nope'"));
    assert_non_null(strstr(r.err, "sanctions_relief"));
    free(r.err);
    r = plot("positions scenarios/hanoi-2019.yaml -o c.png --width 20");
    assert_int_equal(r.status, 2);
    free(r.err);
    /* A kind that takes one file given two. */
    r = plot("positions scenarios/hanoi-2019.yaml "
             "scenarios/anchorage-2025.yaml -o c.png");
    assert_int_equal(r.status, 2);
    free(r.err);
    rmdir(tmpdir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chart__every_kind_every_format),
        cmocka_unit_test(test_chart__deterministic),
        cmocka_unit_test(test_chart__changes_with_data),
        cmocka_unit_test(test_chart__distribution_plain_arrays),
        cmocka_unit_test(test_chart__svg_title_and_ids),
        cmocka_unit_test(test_chart__draw_in_box),
        cmocka_unit_test(test_chart__errors),
        cmocka_unit_test(test_chart__tornado),
        cmocka_unit_test(test_chart__names),
        cmocka_unit_test(test_chart__vary_marks_the_flip),
        cmocka_unit_test(test_chart__runs),
        cmocka_unit_test(test_chart__layout_helpers),
        cmocka_unit_test(test_chart__cli),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
