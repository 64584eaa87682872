/*
 * Scoring sealed forecasts (dt_seal_score_new, seal.h; docs/judgement.md
 * "Sealed forecasts"). Per resolved issue and model: the absolute error
 * of the point forecast, whether it lies within 5 and 10 points, the
 * continuous ranked probability score of the sweep's draws and whether
 * the 5-95 % interval covers the outcome; per record, the Brier score
 * (Brier 1950) of the probability of agreement (the share of draws with
 * a zone of agreement) against what happened.
 *
 * The CRPS is the shared dt_crps_sorted (core/scoring.c, scoring.h),
 * which costs O(n) after the O(n log n) sort done when the record was
 * sealed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seal/seal_int.h"

struct acc {
    size_t n, n_crps, n_iv;
    double abs, crps;
    size_t hit5, hit10, cov;
};

static void add(struct acc *a, double x, double y, double crps, int has_iv,
                double lo, double hi)
{
    if (isfinite(x)) {
        double e = fabs(x - y);

        a->n++;
        a->abs += e;
        a->hit5 += e <= 5;
        a->hit10 += e <= 10;
    }
    if (isfinite(crps)) {
        a->n_crps++;
        a->crps += crps;
    }
    if (has_iv) {
        a->n_iv++;
        a->cov += lo <= y && y <= hi;
    }
}

static void finish(const struct acc *a, dt_seal_score_row *r)
{
    r->n = a->n;
    r->mae = a->n ? a->abs / (double)a->n : (double)NAN;
    r->hit5 = a->n ? (double)a->hit5 / (double)a->n : (double)NAN;
    r->hit10 = a->n ? (double)a->hit10 / (double)a->n : (double)NAN;
    r->n_crps = a->n_crps;
    r->crps = a->n_crps ? a->crps / (double)a->n_crps : (double)NAN;
    r->n_interval = a->n_iv;
    r->coverage = a->n_iv ? (double)a->cov / (double)a->n_iv : (double)NAN;
}

static double get_num(const json_t *v)
{
    return json_is_number(v) ? json_number_value(v) : (double)NAN;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* CRPS of forecast f's draws for y, NaN when it has none. */
static double crps_of(const json_t *f, double y, const dt_allocator *alloc,
                      int *oom)
{
    const json_t *d = json_object_get(f, "draws");
    size_t i, k = 0, n = json_array_size(d);
    double *x, c;

    if (n == 0)
        return NAN;
    x = dt__calloc(alloc, n, sizeof *x);
    if (!x) {
        *oom = 1;
        return NAN;
    }
    for (i = 0; i < n; i++) {
        double v = get_num(json_array_get(d, i));

        if (isfinite(v))
            x[k++] = v;
    }
    /* Sealed draws are sorted; a record written by hand may not be. */
    for (i = 1; i < k; i++)
        if (x[i - 1] > x[i]) {
            qsort(x, k, sizeof *x, cmp_double);
            break;
        }
    c = dt_crps_sorted(x, k, y);
    dt__free(alloc, x, n * sizeof *x);
    return c;
}

#define MAX_MODELS 64

dt_status dt_seal_score_new(const dt_seal *const *recs, size_t n,
                            dt_seal_score **out, dt_error *err)
{
    struct acc acc[MAX_MODELS + 1];
    char names[MAX_MODELS][32];
    size_t n_models = 0, r, i, k, n_brier = 0, n_resolved = 0;
    double brier = 0;
    dt_seal_score *sc;
    int oom = 0;

    *out = NULL;
    memset(acc, 0, sizeof acc);
    for (r = 0; r < n && !oom; r++) {
        const json_t *rec = recs[r]->rec;
        const json_t *res = json_object_get(rec, "resolution");
        const json_t *obs = json_object_get(res, "observed");
        const json_t *fcs = json_object_get(rec, "forecasts"), *f;
        const json_t *ag = json_object_get(res, "agreement");
        double p = get_num(json_object_get(
            json_object_get(json_object_get(rec, "rubric"), "agreement"),
            "forecast"));

        if (!json_is_object(res))
            continue;
        n_resolved++;
        if (json_is_boolean(ag) && isfinite(p)) {
            double o = json_is_true(ag) ? 1.0 : 0.0;

            brier += (p - o) * (p - o);
            n_brier++;
        }
        json_array_foreach(fcs, i, f)
        {
            const char *model = json_string_value(json_object_get(f, "model"));
            const char *issue = json_string_value(json_object_get(f, "issue"));
            const json_t *iv = json_object_get(f, "interval");
            double y = get_num(json_object_get(obs, issue ? issue : ""));
            double x = get_num(json_object_get(f, "forecast"));
            double lo = get_num(json_array_get(iv, 0));
            double hi = get_num(json_array_get(iv, 1));
            int has_iv = isfinite(lo) && isfinite(hi);
            double c;

            if (!model || !isfinite(y))
                continue;
            for (k = 0; k < n_models; k++)
                if (strncmp(names[k], model, sizeof names[k]) == 0)
                    break;
            if (k == n_models) {
                if (n_models == MAX_MODELS)
                    return dt__error_set(err, DT_EINVAL,
                                         "more than %d models in the ledger",
                                         MAX_MODELS);
                snprintf(names[k], sizeof names[k], "%s", model);
                n_models++;
            }
            c = crps_of(f, y, NULL, &oom);
            add(&acc[k], x, y, c, has_iv, lo, hi);
            add(&acc[MAX_MODELS], x, y, c, has_iv, lo, hi);
        }
    }
    sc = oom ? NULL : dt__calloc(NULL, 1, sizeof *sc);
    if (sc) {
        sc->rows = dt__calloc(NULL, n_models + 1, sizeof *sc->rows);
        if (!sc->rows) {
            dt__free(NULL, sc, sizeof *sc);
            sc = NULL;
        }
    }
    if (!sc)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    sc->alloc = NULL;
    sc->n_records = n;
    sc->n_resolved = n_resolved;
    sc->n_rows = n_models + 1;
    for (k = 0; k < n_models; k++) {
        memcpy(sc->rows[k].model, names[k], sizeof names[k]);
        finish(&acc[k], &sc->rows[k]);
    }
    snprintf(sc->rows[n_models].model, sizeof sc->rows[n_models].model, "all");
    finish(&acc[MAX_MODELS], &sc->rows[n_models]);
    sc->n_brier = n_brier;
    sc->brier = n_brier ? brier / (double)n_brier : (double)NAN;
    *out = sc;
    return DT_OK;
}

void dt_seal_score_free(dt_seal_score *sc)
{
    if (!sc)
        return;
    dt__free(sc->alloc, sc->rows, sc->n_rows * sizeof *sc->rows);
    dt__free(sc->alloc, sc, sizeof *sc);
}

dt_status dt_seal_score_doc(const dt_seal_score *sc, dt_doc *d, dt_error *err)
{
    static const char *const keys[] = {
        "model", "n", "mae", "crps", "coverage", "within_5", "within_10"};
    size_t k, t, c;

    dt_doc_set_title(d, "Sealed forecasts scored");
    dt_doc_heading(d, 1, "seal-score", dt_doc_title(d));
    dt_doc_paraf(d, DT_DOC_STYLE_TEXT,
                 "%zu record%s, %zu resolved. Per model: mean absolute error "
                 "of the forecast, mean CRPS of the sweep's draws, share of "
                 "outcomes inside the 5-95 %% interval, share of forecasts "
                 "within 5 and 10 points (docs/judgement.md).",
                 sc->n_records, sc->n_records == 1 ? "" : "s", sc->n_resolved);
    dt_doc_gap(d, 1, 0);
    t = dt_doc_table(d, sc->n_rows + 1, 7, NULL);
    dt_doc_gap(d, 1, 2);
    dt_doc_keys(d, t, keys);
    dt_doc_cell(d, t, 0, 0, "%s", "model");
    dt_doc_cell(d, t, 0, 1, "%s", "n");
    dt_doc_cell(d, t, 0, 2, "%s", "MAE");
    dt_doc_cell(d, t, 0, 3, "%s", "CRPS");
    dt_doc_cell(d, t, 0, 4, "%s", "coverage");
    dt_doc_cell(d, t, 0, 5, "%s", "within 5");
    dt_doc_cell(d, t, 0, 6, "%s", "within 10");
    for (c = 1; c < 7; c++)
        dt_doc_numeric(d, t, c);
    for (k = 0; k < sc->n_rows; k++) {
        const dt_seal_score_row *r = &sc->rows[k];

        dt_doc_cell(d, t, k + 1, 0, "%s", r->model);
        dt_doc_cell(d, t, k + 1, 1, "%zu", r->n);
        dt_doc_cell(d, t, k + 1, 2, "%s", dt_doc_num(d, "%.2f", r->mae, "n/a"));
        dt_doc_cell(d, t, k + 1, 3, "%s",
                    dt_doc_num(d, "%.2f", r->crps, "n/a"));
        dt_doc_cell(d, t, k + 1, 4, "%s",
                    dt_doc_num(d, "%.2f", r->coverage, "n/a"));
        dt_doc_cell(d, t, k + 1, 5, "%s",
                    dt_doc_num(d, "%.2f", r->hit5, "n/a"));
        dt_doc_cell(d, t, k + 1, 6, "%s",
                    dt_doc_num(d, "%.2f", r->hit10, "n/a"));
    }
    if (sc->n_brier)
        dt_doc_paraf(d, DT_DOC_STYLE_TEXT,
                     "Brier score of the probability of agreement: %s over "
                     "%zu record%s (0 is perfect; always saying 50 %% scores "
                     "0.25).",
                     dt_doc_num(d, "%.3f", sc->brier, "n/a"), sc->n_brier,
                     sc->n_brier == 1 ? "" : "s");
    else
        dt_doc_para(d, DT_DOC_STYLE_TEXT,
                    "No Brier score: no resolved record has both an "
                    "agreement outcome and a probability of agreement.");
    return dt_doc_status(d, err);
}

static json_t *row_json(const dt_seal_score_row *r)
{
    return json_pack(
        "{s:s, s:I, s:o, s:o, s:o, s:I, s:o, s:I, s:o}", "model", r->model, "n",
        (json_int_t)r->n, "mae",
        isfinite(r->mae) ? json_real(r->mae) : json_null(), "within_5",
        isfinite(r->hit5) ? json_real(r->hit5) : json_null(), "within_10",
        isfinite(r->hit10) ? json_real(r->hit10) : json_null(), "n_crps",
        (json_int_t)r->n_crps, "crps",
        isfinite(r->crps) ? json_real(r->crps) : json_null(), "n_interval",
        (json_int_t)r->n_interval, "coverage",
        isfinite(r->coverage) ? json_real(r->coverage) : json_null());
}

/* jansson's dump callback onto a dt_write_fn. */
struct sink {
    dt_write_fn write;
    void *ud;
    dt_status st;
};

static int dump_cb(const char *buffer, size_t size, void *data)
{
    struct sink *k = data;

    if (k->st == DT_OK)
        k->st = k->write(k->ud, buffer, size);
    return k->st == DT_OK ? 0 : -1;
}

dt_status dt_seal_score_write_json(const dt_seal_score *sc, dt_write_fn write,
                                   void *ud, dt_error *err)
{
    json_t *doc, *models = json_array();
    struct sink s = {write, ud, DT_OK};
    size_t k;
    int oom = !models;

    for (k = 0; !oom && k + 1 < sc->n_rows; k++) {
        json_t *r = row_json(&sc->rows[k]);

        oom = !r || json_array_append_new(models, r) != 0;
    }
    doc = oom ? NULL
              : json_pack("{s:s, s:I, s:I, s:o, s:o, s:{s:I, s:o}}", "schema",
                          "detente-seal-score/1", "records",
                          (json_int_t)sc->n_records, "resolved",
                          (json_int_t)sc->n_resolved, "models", models, "all",
                          row_json(&sc->rows[sc->n_rows - 1]), "brier", "n",
                          (json_int_t)sc->n_brier, "score",
                          isfinite(sc->brier) ? json_real(sc->brier)
                                              : json_null());
    if (!doc) {
        if (oom)
            json_decref(models);
        return dt__error_set(err, DT_ENOMEM,
                             "out of memory while building the scores");
    }
    if (json_dump_callback(doc, dump_cb, &s,
                           JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                               JSON_REAL_PRECISION(17)) != 0 &&
        s.st == DT_OK)
        s.st = DT_ENOMEM;
    json_decref(doc);
    if (s.st == DT_OK)
        s.st = write(ud, "\n", 1);
    if (s.st != DT_OK)
        return dt__error_set(err, s.st, "cannot write the scores");
    return DT_OK;
}
