/*
 * A scenario and its results as an Excel workbook (dt_report_write_xlsx,
 * report.h; docs/reports.md, "Spreadsheets"), through libxlsxwriter. The
 * inputs come from the scenario's JSON (dt_scenario_write_json), so the
 * numbers are the ones the YAML writer writes; the results are those of
 * dt_vary_run at the as-written value (every model's forecast per issue,
 * the zone verdict and surplus, the Nash deal, its durability and
 * spoilers), so they match `detente vary` and `detente analyze`.
 */
#include <math.h>
#include <string.h>

#include <jansson.h>
#include <xlsxwriter.h>

#include "detente/report.h"
#include "detente/vary.h"
#include "internal.h"

/* A growing buffer for the scenario's JSON. */
typedef struct xbuf {
    const dt_allocator *alloc;
    char *p;
    size_t n, cap;
} xbuf;

static dt_status xbuf_write(void *ud, const void *p, size_t n)
{
    xbuf *b = ud;

    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        char *q;

        while (cap < b->n + n + 1)
            cap *= 2;
        q = dt__realloc(b->alloc, b->p, b->cap, cap);
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

/* Writing state: the first libxlsxwriter failure is kept. */
typedef struct xw {
    lxw_workbook *wb;
    lxw_format *bold;
    lxw_error e;
} xw;

static void put_str(xw *w, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                    const char *s, int head)
{
    lxw_error e;

    if (!s || !*s)
        return;
    e = worksheet_write_string(ws, r, c, s, head ? w->bold : NULL);
    if (e != LXW_NO_ERROR && w->e == LXW_NO_ERROR)
        w->e = e;
}

static void put_num(xw *w, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                    double v)
{
    lxw_error e;

    if (!isfinite(v))
        return; /* not a number: the cell stays empty */
    e = worksheet_write_number(ws, r, c, v, NULL);
    if (e != LXW_NO_ERROR && w->e == LXW_NO_ERROR)
        w->e = e;
}

/* A JSON number node: a number or {value, note, ...}. */
static double jnum(const json_t *v)
{
    if (json_is_object(v))
        v = json_object_get(v, "value");
    return json_is_number(v) ? json_number_value(v) : (double)NAN;
}

static const char *jstr(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static void heads(xw *w, lxw_worksheet *ws, const char *const *h, size_t n)
{
    size_t j;

    for (j = 0; j < n; j++)
        put_str(w, ws, 0, (lxw_col_t)j, h[j], 1);
}

static void sheet_scenario(xw *w, const dt_scenario *sc, const json_t *t)
{
    static const char *const keys[] = {"name", "date", "description", "note"};
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, "Scenario");
    lxw_row_t r = 0;
    size_t k;
    json_t *v;

    if (!ws) {
        w->e = LXW_ERROR_MEMORY_MALLOC_FAILED;
        return;
    }
    worksheet_set_column(ws, 0, 0, 14, NULL);
    worksheet_set_column(ws, 1, 1, 60, NULL);
    for (k = 0; k < 4; k++)
        if (jstr(t, keys[k])) {
            put_str(w, ws, r, 0, keys[k], 1);
            put_str(w, ws, r++, 1, jstr(t, keys[k]), 0);
        }
    json_array_foreach(json_object_get(t, "sources"), k, v)
    {
        put_str(w, ws, r, 0, "source", 1);
        put_str(w, ws, r++, 1, json_string_value(v), 0);
    }
    put_str(w, ws, r, 0, "file", 1);
    put_str(w, ws, r++, 1, dt_scenario_path(sc), 0);
    put_str(w, ws, r, 0, "format", 1);
    put_str(w, ws, r++, 1, dt_scenario_format_name(dt_scenario_format_of(sc)),
            0);
}

static void sheet_issues(xw *w, const json_t *t)
{
    static const char *const h[] = {"id",  "name", "status_quo",
                                    "low", "high", "note"};
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, "Issues");
    size_t i;
    json_t *v;

    if (!ws) {
        w->e = LXW_ERROR_MEMORY_MALLOC_FAILED;
        return;
    }
    heads(w, ws, h, 6);
    json_array_foreach(json_object_get(t, "issues"), i, v)
    {
        lxw_row_t r = (lxw_row_t)(i + 1);

        put_str(w, ws, r, 0, jstr(v, "id"), 0);
        put_str(w, ws, r, 1, jstr(v, "name"), 0);
        put_num(w, ws, r, 2, jnum(json_object_get(v, "status_quo")));
        put_str(w, ws, r, 3, jstr(v, "low"), 0);
        put_str(w, ws, r, 4, jstr(v, "high"), 0);
        put_str(w, ws, r, 5, jstr(v, "note"), 0);
    }
}

/* The multi-issue table's rows (docs/scenario-format.md). */
static void sheet_stakes(xw *w, const json_t *t)
{
    static const char *const h[] = {"actor",    "actor_name", "issue",
                                    "position", "salience",   "capability",
                                    "role",     "note"};
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, "Stakes");
    lxw_row_t r = 1;
    size_t a;
    json_t *v;

    if (!ws) {
        w->e = LXW_ERROR_MEMORY_MALLOC_FAILED;
        return;
    }
    heads(w, ws, h, 8);
    json_array_foreach(json_object_get(t, "actors"), a, v)
    {
        const json_t *stakes = json_object_get(v, "issues"), *s;
        double cap = jnum(json_object_get(v, "capability"));
        const char *iid;

        if (jstr(v, "note") || json_object_size(stakes) == 0) {
            put_str(w, ws, r, 0, jstr(v, "id"), 0);
            put_str(w, ws, r, 1, jstr(v, "name"), 0);
            put_num(w, ws, r, 5, cap);
            put_str(w, ws, r, 6, jstr(v, "role"), 0);
            put_str(w, ws, r++, 7, jstr(v, "note"), 0);
        }
        json_object_foreach((json_t *)stakes, iid, s)
        {
            const json_t *sc = json_object_get(s, "capability");

            put_str(w, ws, r, 0, jstr(v, "id"), 0);
            put_str(w, ws, r, 1, jstr(v, "name"), 0);
            put_str(w, ws, r, 2, iid, 0);
            put_num(w, ws, r, 3, jnum(json_object_get(s, "position")));
            put_num(w, ws, r, 4, jnum(json_object_get(s, "salience")));
            put_num(w, ws, r, 5, sc ? jnum(sc) : cap);
            put_str(w, ws, r, 6, jstr(v, "role"), 0);
            put_str(w, ws, r++, 7, jstr(s, "note"), 0);
        }
    }
}

static void sheet_results(xw *w, const dt_scenario *sc, const dt_vary *v)
{
    const dt_vary_step *st = &v->steps[0];
    lxw_worksheet *fs = workbook_add_worksheet(w->wb, "Forecasts");
    lxw_worksheet *as = workbook_add_worksheet(w->wb, "Analysis");
    size_t i, m;
    lxw_row_t r = 0;

    if (!fs || !as) {
        w->e = LXW_ERROR_MEMORY_MALLOC_FAILED;
        return;
    }
    put_str(w, fs, 0, 0, "issue", 1);
    for (m = 0; m < v->n_models; m++)
        put_str(w, fs, 0, (lxw_col_t)(m + 1), v->models[m], 1);
    for (i = 0; i < v->n_issues; i++) {
        put_str(w, fs, (lxw_row_t)(i + 1), 0, dt_scenario_issue(sc, i)->id, 0);
        for (m = 0; m < v->n_models; m++)
            put_num(w, fs, (lxw_row_t)(i + 1), (lxw_col_t)(m + 1),
                    st->forecast[i * v->n_models + m]);
    }
    put_str(w, as, r, 0, "result", 1);
    put_str(w, as, r++, 1, "value", 1);
    put_str(w, as, r, 0, "zone", 1);
    put_str(w, as, r++, 1,
            !st->analysed  ? "not analysed"
            : st->feasible ? "agreement"
                           : "no agreement",
            0);
    put_str(w, as, r, 0, "surplus", 1);
    put_num(w, as, r++, 1, st->surplus);
    put_str(w, as, r, 0, "durability", 1);
    put_num(w, as, r++, 1, st->durability);
    put_str(w, as, r, 0, "spoilers", 1);
    if (st->analysed)
        put_num(w, as, r, 1, (double)st->n_spoilers);
    r += 2;
    put_str(w, as, r, 0, "issue", 1);
    put_str(w, as, r++, 1, "deal", 1);
    for (i = 0; i < v->n_issues; i++, r++) {
        put_str(w, as, r, 0, dt_scenario_issue(sc, i)->id, 0);
        put_num(w, as, r, 1, st->deal[i]);
    }
}

dt_status dt_report_write_xlsx(const dt_scenario *sc, const dt_vary_opts *opts,
                               const char *path, dt_error *err)
{
    xbuf b;
    json_t *t = NULL;
    json_error_t je;
    dt_vary *v = NULL;
    dt_slot sl;
    dt_status rc;
    xw w;

    if (!sc || !path)
        return dt__error_set(err, DT_EINVAL, "xlsx: no scenario or no path");
    memset(&b, 0, sizeof b);
    memset(&w, 0, sizeof w);
    b.alloc = dt_scenario_allocator(sc);
    rc = dt_scenario_write_json(sc, xbuf_write, &b, err);
    if (rc != DT_OK)
        goto out;
    t = json_loadb(b.p, b.n, 0, &je);
    if (!t) {
        rc = dt__error_set(err, DT_ENOMEM,
                           "xlsx: cannot read the scenario's "
                           "JSON back");
        goto out;
    }
    /* The results: one step of the one-input sweep, at the value as
       written (both ends equal). */
    if (!dt_scenario_slot(sc, 0, &sl)) {
        rc = dt__error_set(err, DT_ESCENARIO,
                           "xlsx: the scenario has no "
                           "number to forecast from");
        goto out;
    }
    rc = dt_vary_run(sc, 0, sl.value->v, sl.value->v, 2, opts, &v, err);
    if (rc != DT_OK)
        goto out;
    w.wb = workbook_new(path);
    if (!w.wb) {
        rc =
            dt__error_set(err, DT_EIO, "cannot create the workbook '%s'", path);
        goto out;
    }
    w.bold = workbook_add_format(w.wb);
    if (w.bold)
        format_set_bold(w.bold);
    sheet_scenario(&w, sc, t);
    sheet_issues(&w, t);
    sheet_stakes(&w, t);
    sheet_results(&w, sc, v);
    {
        lxw_error e = workbook_close(w.wb);

        if (w.e == LXW_NO_ERROR)
            w.e = e;
    }
    if (w.e != LXW_NO_ERROR)
        rc = dt__error_set(
            err, w.e == LXW_ERROR_MEMORY_MALLOC_FAILED ? DT_ENOMEM : DT_EIO,
            "cannot write the workbook '%s': %s", path, lxw_strerror(w.e));
out:
    dt_vary_free(v);
    json_decref(t);
    dt__free(b.alloc, b.p, b.cap);
    return rc;
}
