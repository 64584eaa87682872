/*
 * Several analysts' three-point estimates of a scenario's numbers
 * (estimates.h, docs/judgement.md "Several analysts"): one YAML file per
 * analyst keyed by parameter slot, and the mixture the sweep draws from.
 *
 * Distributions (Vose 2008, "Risk Analysis: A Quantitative Guide", 3rd ed.):
 *   triangular(a, m, b): F(x) = (x-a)^2 / ((b-a)(m-a)) for x <= m, so
 *       F^-1(u) = a + sqrt(u (b-a)(m-a))       for u <= (m-a)/(b-a),
 *               = b - sqrt((1-u)(b-a)(b-m))    otherwise;
 *       mean (a+m+b)/3, variance (a^2+m^2+b^2-am-ab-mb)/18.
 *   Beta-PERT(a, m, b), lambda 4 (Malcolm et al. 1959; Vose 2008):
 *       a + (b-a) Beta(alpha, beta), alpha = 1 + 4(m-a)/(b-a),
 *       beta = 1 + 4(b-m)/(b-a); mean (a+4m+b)/6, variance
 *       (mean-a)(b-mean)/7. Inverted with GSL's gsl_cdf_beta_Pinv.
 * A mixture over analysts (weights w_k) has the CDF
 * F(x) = sum w_k F_k(x) / sum w_k (the Beta CDF from GSL's
 * gsl_cdf_beta_P); a draw inverts it at one uniform u by bisection
 * (Devroye 1986, II.2, the inversion method), so a sweep input keeps one
 * uniform per draw and its quantiles are the mixture's own (a sweep's
 * one-at-a-time ends at 5 % and 95 % are meaningful).
 */
#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <yaml.h>

#include "internal.h"

#include <detente/estimates.h>

typedef struct analyst {
    dt__arena ar;   /* everything below */
    const char *id; /* the analyst's id */
    double weight;  /* > 0 */
    dt_estimate_shape shape;
    dt_estimate *est;     /* per slot */
    unsigned char *given; /* per slot: 1 when estimated */
} analyst;

struct dt_estimates {
    const dt_scenario *sc;
    const dt_allocator *alloc;
    size_t n_slots;
    size_t n; /* analysts */
    analyst *a[DT_ESTIMATES_MAX_ANALYSTS];
};

dt_status dt_estimates_new(const dt_scenario *sc, dt_estimates **out,
                           dt_error *err)
{
    const dt_allocator *al = dt_scenario_allocator(sc);
    dt_estimates *e = dt__alloc(al, sizeof *e);

    *out = NULL;
    if (!e)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    memset(e, 0, sizeof *e);
    e->sc = sc;
    e->alloc = al;
    e->n_slots = dt_scenario_n_slots(sc);
    *out = e;
    return DT_OK;
}

static void analyst_free(const dt_allocator *al, analyst *a)
{
    if (!a)
        return;
    dt__arena_release(&a->ar);
    dt__free(al, a, sizeof *a);
}

void dt_estimates_free(dt_estimates *e)
{
    size_t k;

    if (!e)
        return;
    for (k = 0; k < e->n; k++)
        analyst_free(e->alloc, e->a[k]);
    dt__free(e->alloc, e, sizeof *e);
}

/* ---- Parsing ---- */

typedef struct ep {
    const dt_estimates *e;
    const char *name; /* file name for messages */
    dt_error *err;
    dt_status rc; /* DT_OK until the first error */
    analyst *a;
} ep;

static dt_loc node_loc(const yaml_node_t *n)
{
    dt_loc l;

    l.line = (unsigned)n->start_mark.line + 1;
    l.col = (unsigned)n->start_mark.column + 1;
    return l;
}

static void fail_at(ep *p, dt_loc at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail_at(ep *p, dt_loc at, const char *fmt, ...)
{
    va_list ap;

    if (p->rc != DT_OK)
        return;
    va_start(ap, fmt);
    p->rc =
        dt__error_vat(p->err, DT_ESCENARIO, p->name, at.line, at.col, fmt, ap);
    va_end(ap);
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value
                                            : NULL;
}

/* A finite number written plainly (not quoted). */
static int number(ep *p, const yaml_node_t *n, const char *key, double *out)
{
    const char *s = scalar(n);
    char *end;

    if (!s || n->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
        n->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
        fail_at(p, node_loc(n), "expected a number for '%s', got %s", key,
                s ? "a quoted string" : "a list or mapping");
        return 0;
    }
    errno = 0;
    *out = strtod(s, &end);
    if (end == s || *end || errno == ERANGE || !isfinite(*out)) {
        fail_at(p, node_loc(n), "expected a number for '%s', got '%.40s'", key,
                s);
        return 0;
    }
    return 1;
}

/* Whether an id is [A-Za-z0-9_.-]+, as scenario ids. */
static int good_id(const char *s)
{
    return *s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW"
                           "XYZ0123456789_.-") == strlen(s);
}

static void unknown_slot(ep *p, const yaml_node_t *key, const char *id)
{
    size_t near[3], n = dt_scenario_slot_suggest(p->e->sc, id, near, 3), i;
    char ids[3][128], hint[420] = "";

    for (i = 0; i < n; i++)
        dt_scenario_slot_id(p->e->sc, near[i], ids[i], sizeof ids[i]);
    if (n == 1)
        snprintf(hint, sizeof hint, "; did you mean '%s'?", ids[0]);
    else if (n == 2)
        snprintf(hint, sizeof hint, "; did you mean '%s' or '%s'?", ids[0],
                 ids[1]);
    else if (n == 3)
        snprintf(hint, sizeof hint, "; did you mean '%s', '%s' or '%s'?",
                 ids[0], ids[1], ids[2]);
    fail_at(p, node_loc(key), "unknown slot '%.60s'%s", id, hint);
}

static void parse_estimate(ep *p, const yaml_document_t *doc,
                           const yaml_node_t *key, const yaml_node_t *v)
{
    static const char *const keys[] = {"low", "mode", "high", "note"};
    const char *id = scalar(key);
    const yaml_node_pair_t *pr;
    const yaml_node_t *val[4] = {NULL, NULL, NULL, NULL};
    double x[3];
    size_t slot, i;
    dt_slot sl;
    dt_estimate *es;

    if (!id) {
        fail_at(p, node_loc(key), "expected a slot id as key");
        return;
    }
    slot = dt_scenario_slot_find(p->e->sc, id);
    if (slot == (size_t)-1) {
        unknown_slot(p, key, id);
        return;
    }
    if (p->a->given[slot]) {
        fail_at(p, node_loc(key), "slot '%.60s' is estimated twice", id);
        return;
    }
    if (v->type != YAML_MAPPING_NODE) {
        fail_at(p, node_loc(v),
                "expected {low, mode, high} for '%.60s', got %s", id,
                v->type == YAML_SCALAR_NODE ? "a single value" : "a list");
        return;
    }
    for (pr = v->data.mapping.pairs.start; pr < v->data.mapping.pairs.top;
         pr++) {
        const yaml_node_t *k =
            yaml_document_get_node((yaml_document_t *)doc, pr->key);
        const char *ks = scalar(k);

        for (i = 0; i < 4; i++)
            if (ks && strcmp(ks, keys[i]) == 0)
                break;
        if (i == 4) {
            fail_at(p, node_loc(k),
                    "unknown key '%.40s' in an estimate (expected low, mode, "
                    "high, note)",
                    ks ? ks : "?");
            return;
        }
        if (val[i]) {
            fail_at(p, node_loc(k), "key '%s' given twice", keys[i]);
            return;
        }
        val[i] = yaml_document_get_node((yaml_document_t *)doc, pr->value);
    }
    for (i = 0; i < 3; i++) {
        if (!val[i]) {
            fail_at(p, node_loc(v), "the estimate of '%.60s' lacks '%s'", id,
                    keys[i]);
            return;
        }
        if (!number(p, val[i], keys[i], &x[i]))
            return;
    }
    dt_scenario_slot(p->e->sc, slot, &sl);
    for (i = 0; i < 3; i++)
        if (x[i] < sl.lo || x[i] > sl.hi) {
            fail_at(p, node_loc(val[i]),
                    "%s of '%.60s' must be between %g and %g, got %g", keys[i],
                    id, sl.lo, sl.hi, x[i]);
            return;
        }
    if (!(x[0] <= x[1] && x[1] <= x[2])) {
        fail_at(p, node_loc(v),
                "the estimate of '%.60s' needs low <= mode <= high, got "
                "%g, %g, %g",
                id, x[0], x[1], x[2]);
        return;
    }
    es = &p->a->est[slot];
    es->low = x[0];
    es->mode = x[1];
    es->high = x[2];
    es->loc = node_loc(v);
    if (val[3]) {
        const char *s = scalar(val[3]);

        if (!s) {
            fail_at(p, node_loc(val[3]), "expected a string for 'note'");
            return;
        }
        if (!(es->note = dt__arena_strdup(&p->a->ar, s))) {
            p->rc = dt__error_set(p->err, DT_ENOMEM, "out of memory");
            return;
        }
    }
    p->a->given[slot] = 1;
}

static void parse_top(ep *p, const yaml_document_t *doc, const yaml_node_t *r)
{
    const yaml_node_pair_t *pr;
    const yaml_node_t *id = NULL, *est = NULL;
    size_t k;

    if (r->type != YAML_MAPPING_NODE) {
        fail_at(p, node_loc(r),
                "expected a mapping with analyst, weight, shape and "
                "estimates");
        return;
    }
    for (pr = r->data.mapping.pairs.start; pr < r->data.mapping.pairs.top;
         pr++) {
        const yaml_node_t *kn =
            yaml_document_get_node((yaml_document_t *)doc, pr->key);
        const yaml_node_t *vn =
            yaml_document_get_node((yaml_document_t *)doc, pr->value);
        const char *ks = scalar(kn);

        if (ks && strcmp(ks, "analyst") == 0)
            id = vn;
        else if (ks && strcmp(ks, "estimates") == 0)
            est = vn;
        else if (ks && strcmp(ks, "weight") == 0) {
            if (!number(p, vn, "weight", &p->a->weight))
                return;
            if (!(p->a->weight > 0) || p->a->weight > 1e9) {
                fail_at(p, node_loc(vn),
                        "weight must be above 0 (and at most 1e9), got %g",
                        p->a->weight);
                return;
            }
        } else if (ks && strcmp(ks, "shape") == 0) {
            const char *s = scalar(vn);

            if (s && strcmp(s, "pert") == 0)
                p->a->shape = DT_ESTIMATE_PERT;
            else if (s && strcmp(s, "triangular") == 0)
                p->a->shape = DT_ESTIMATE_TRIANGULAR;
            else {
                fail_at(p, node_loc(vn),
                        "shape must be pert or triangular, got '%.40s'",
                        s ? s : "a list or mapping");
                return;
            }
        } else if (ks && strcmp(ks, "note") == 0) {
            continue;
        } else {
            fail_at(p, node_loc(kn),
                    "unknown key '%.40s' (expected analyst, weight, shape, "
                    "note, estimates)",
                    ks ? ks : "?");
            return;
        }
    }
    if (!id) {
        fail_at(p, node_loc(r), "missing required key 'analyst'");
        return;
    }
    if (!scalar(id) || !good_id(scalar(id))) {
        fail_at(p, node_loc(id),
                "analyst must be an id (letters, digits, _ . -), got '%.40s'",
                scalar(id) ? scalar(id) : "a list or mapping");
        return;
    }
    for (k = 0; k < p->e->n; k++)
        if (strcmp(p->e->a[k]->id, scalar(id)) == 0) {
            fail_at(p, node_loc(id), "analyst '%.40s' is already in the set",
                    scalar(id));
            return;
        }
    if (!(p->a->id = dt__arena_strdup(&p->a->ar, scalar(id)))) {
        p->rc = dt__error_set(p->err, DT_ENOMEM, "out of memory");
        return;
    }
    if (!est) {
        fail_at(p, node_loc(r), "missing required key 'estimates'");
        return;
    }
    if (est->type != YAML_MAPPING_NODE) {
        fail_at(p, node_loc(est),
                "expected a mapping of slot ids for 'estimates'");
        return;
    }
    for (pr = est->data.mapping.pairs.start;
         pr < est->data.mapping.pairs.top && p->rc == DT_OK; pr++)
        parse_estimate(
            p, doc, yaml_document_get_node((yaml_document_t *)doc, pr->key),
            yaml_document_get_node((yaml_document_t *)doc, pr->value));
}

/* Anchors and aliases are refused, as in scenarios (yaml.c, prescan). */
static int prescan(ep *p, const char *buf, size_t len)
{
    yaml_parser_t ps;
    yaml_event_t ev;
    int ok = 1;

    if (!yaml_parser_initialize(&ps)) {
        p->rc = dt__error_set(p->err, DT_ENOMEM, "out of memory");
        return 0;
    }
    yaml_parser_set_input_string(&ps, (const unsigned char *)buf, len);
    while (ok) {
        dt_loc at;
        const yaml_char_t *anchor = NULL;
        yaml_event_type_t type;

        if (!yaml_parser_parse(&ps, &ev)) {
            at.line = (unsigned)ps.problem_mark.line + 1;
            at.col = (unsigned)ps.problem_mark.column + 1;
            if (ps.error == YAML_MEMORY_ERROR)
                p->rc = dt__error_set(p->err, DT_ENOMEM, "out of memory");
            else
                fail_at(p, at, "malformed YAML: %s",
                        ps.problem ? ps.problem : "syntax error");
            ok = 0;
            break;
        }
        type = ev.type;
        at.line = (unsigned)ev.start_mark.line + 1;
        at.col = (unsigned)ev.start_mark.column + 1;
        if (type == YAML_SCALAR_EVENT)
            anchor = ev.data.scalar.anchor;
        else if (type == YAML_SEQUENCE_START_EVENT)
            anchor = ev.data.sequence_start.anchor;
        else if (type == YAML_MAPPING_START_EVENT)
            anchor = ev.data.mapping_start.anchor;
        if (anchor || type == YAML_ALIAS_EVENT) {
            fail_at(p, at, "anchors and aliases are not supported");
            ok = 0;
        }
        yaml_event_delete(&ev);
        if (type == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&ps);
    return ok;
}

dt_status dt_estimates_add_text(dt_estimates *e, const char *name,
                                const char *buf, size_t len, dt_error *err)
{
    yaml_parser_t ps;
    yaml_document_t doc;
    yaml_node_t *root;
    ep p;

    memset(&p, 0, sizeof p);
    p.e = e;
    p.name = name ? name : "";
    p.err = err;
    if (e->n == DT_ESTIMATES_MAX_ANALYSTS)
        return dt__error_set(err, DT_EINVAL, "at most %d analysts",
                             DT_ESTIMATES_MAX_ANALYSTS);
    if (len > DT_ESTIMATES_MAX_BYTES)
        return dt__error_at(err, DT_ESCENARIO, p.name, 0, 0,
                            "file is larger than %u bytes",
                            DT_ESTIMATES_MAX_BYTES);
    if (memchr(buf, '\0', len))
        return dt__error_at(err, DT_ESCENARIO, p.name, 0, 0,
                            "file is not text (a NUL byte)");
    p.a = dt__alloc(e->alloc, sizeof *p.a);
    if (!p.a)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    memset(p.a, 0, sizeof *p.a);
    dt__arena_init(&p.a->ar, e->alloc);
    p.a->weight = 1.0;
    p.a->shape = DT_ESTIMATE_PERT;
    p.a->est = dt__arena_alloc(&p.a->ar, (e->n_slots ? e->n_slots : 1) *
                                             sizeof *p.a->est);
    p.a->given = dt__arena_alloc(&p.a->ar, e->n_slots ? e->n_slots : 1);
    if (!p.a->est || !p.a->given) {
        analyst_free(e->alloc, p.a);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    memset(p.a->est, 0, (e->n_slots ? e->n_slots : 1) * sizeof *p.a->est);
    memset(p.a->given, 0, e->n_slots ? e->n_slots : 1);
    if (prescan(&p, buf, len)) {
        if (!yaml_parser_initialize(&ps)) {
            p.rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        } else {
            yaml_parser_set_input_string(&ps, (const unsigned char *)buf, len);
            if (!yaml_parser_load(&ps, &doc)) {
                p.rc = ps.error == YAML_MEMORY_ERROR
                           ? dt__error_set(err, DT_ENOMEM, "out of memory")
                           : dt__error_at(err, DT_ESCENARIO, p.name, 0, 0,
                                          "malformed YAML");
            } else {
                root = yaml_document_get_root_node(&doc);
                if (!root) {
                    dt_loc first = {1, 1};

                    fail_at(&p, first, "file is empty");
                } else
                    parse_top(&p, &doc, root);
                yaml_document_delete(&doc);
            }
            yaml_parser_delete(&ps);
        }
    }
    if (p.rc != DT_OK) {
        analyst_free(e->alloc, p.a);
        return p.rc;
    }
    e->a[e->n++] = p.a;
    return DT_OK;
}

dt_status dt_estimates_add_file(dt_estimates *e, const char *path,
                                dt_error *err)
{
    char *buf;
    size_t len, cap;
    dt_status rc = dt__read_file(path, DT_ESTIMATES_MAX_BYTES, e->alloc, &buf,
                                 &len, &cap, err);

    if (rc != DT_OK)
        return rc;
    rc = dt_estimates_add_text(e, path, buf, len, err);
    dt__free(e->alloc, buf, cap);
    return rc;
}

/* ---- Access ---- */

size_t dt_estimates_n_analysts(const dt_estimates *e)
{
    return e ? e->n : 0;
}

const char *dt_estimates_analyst(const dt_estimates *e, size_t k)
{
    return e && k < e->n ? e->a[k]->id : NULL;
}

double dt_estimates_weight(const dt_estimates *e, size_t k)
{
    return e && k < e->n ? e->a[k]->weight : (double)NAN;
}

dt_estimate_shape dt_estimates_shape(const dt_estimates *e, size_t k)
{
    return e && k < e->n ? e->a[k]->shape : DT_ESTIMATE_PERT;
}

const dt_estimate *dt_estimates_get(const dt_estimates *e, size_t k,
                                    size_t slot)
{
    if (!e || k >= e->n || slot >= e->n_slots || !e->a[k]->given[slot])
        return NULL;
    return &e->a[k]->est[slot];
}

int dt_estimates_has(const dt_estimates *e, size_t slot)
{
    size_t k;

    for (k = 0; e && k < e->n; k++)
        if (slot < e->n_slots && e->a[k]->given[slot])
            return 1;
    return 0;
}

/* ---- The mixture ---- */

/* CDF of one analyst's distribution at x. */
static double cdf_one(dt_estimate_shape shape, const dt_estimate *x, double v)
{
    double a = x->low, m = x->mode, b = x->high, w = b - a;

    if (v < a)
        return 0.0;
    if (v >= b)
        return 1.0;
    if (!(w > 0))
        return 1.0; /* a point mass at a == b <= v */
    if (shape == DT_ESTIMATE_TRIANGULAR) {
        if (v <= m)
            return m > a ? (v - a) * (v - a) / (w * (m - a)) : 0.0;
        return 1.0 - (b - v) * (b - v) / (w * (b - m));
    }
    return gsl_cdf_beta_P((v - a) / w, 1.0 + 4.0 * (m - a) / w,
                          1.0 + 4.0 * (b - m) / w);
}

/* The mixture's CDF at v (weights of the analysts who estimated slot). */
static double cdf_mix(const dt_estimates *e, size_t slot, double v,
                      double total)
{
    double f = 0.0;
    size_t k;

    for (k = 0; k < e->n; k++)
        if (e->a[k]->given[slot])
            f += e->a[k]->weight *
                 cdf_one(e->a[k]->shape, &e->a[k]->est[slot], v);
    return f / total;
}

double dt_estimates_sample(const dt_estimates *e, size_t slot, double u)
{
    double total = 0.0, lo = INFINITY, hi = -INFINITY;
    size_t k, it;

    for (k = 0; e && k < e->n; k++)
        if (slot < e->n_slots && e->a[k]->given[slot]) {
            total += e->a[k]->weight;
            lo = fmin(lo, e->a[k]->est[slot].low);
            hi = fmax(hi, e->a[k]->est[slot].high);
        }
    if (!(total > 0))
        return (double)NAN;
    /*
     * The quantile: the smallest v with F(v) >= u, by bisection on
     * [lowest low, highest high] (F is a non-decreasing step-free
     * function there except at point masses; 64 halvings reach the
     * resolution of a double on a 0-100 scale).
     */
    for (it = 0; it < 64 && hi > lo; it++) {
        double mid = lo + 0.5 * (hi - lo);

        if (mid <= lo || mid >= hi)
            break;
        if (cdf_mix(e, slot, mid, total) >= u)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

/* Quantile of one analyst's distribution at u (see the top of the file). */
static double quantile_one(dt_estimate_shape shape, const dt_estimate *x,
                           double u)
{
    double a = x->low, m = x->mode, b = x->high, w = b - a;

    if (!(w > 0))
        return a;
    if (shape == DT_ESTIMATE_TRIANGULAR) {
        if (u <= (m - a) / w)
            return a + sqrt(u * w * (m - a));
        return b - sqrt((1.0 - u) * w * (b - m));
    }
    return a + w * gsl_cdf_beta_Pinv(u, 1.0 + 4.0 * (m - a) / w,
                                     1.0 + 4.0 * (b - m) / w);
}

double dt_estimates_sample_split(const dt_estimates *e, size_t slot,
                                 double u_pick, double u_value)
{
    double total = 0.0, cum = 0.0;
    size_t k, last = SIZE_MAX;

    for (k = 0; e && k < e->n; k++)
        if (slot < e->n_slots && e->a[k]->given[slot])
            total += e->a[k]->weight;
    if (!(total > 0))
        return (double)NAN;
    for (k = 0; k < e->n; k++) {
        if (!e->a[k]->given[slot])
            continue;
        last = k;
        cum += e->a[k]->weight;
        if (u_pick < cum / total)
            break;
    }
    if (k == e->n) /* rounding: u_pick at the top end */
        k = last;
    return quantile_one(e->a[k]->shape, &e->a[k]->est[slot], u_value);
}

int dt_estimates_moments(const dt_estimates *e, size_t slot, double *mean,
                         double *var)
{
    double total = 0.0, m1 = 0.0, m2 = 0.0;
    size_t k;

    for (k = 0; e && k < e->n; k++)
        if (slot < e->n_slots && e->a[k]->given[slot])
            total += e->a[k]->weight;
    if (!(total > 0))
        return 0;
    for (k = 0; k < e->n; k++) {
        const dt_estimate *x = &e->a[k]->est[slot];
        double a = x->low, m = x->mode, b = x->high, mu, s2,
               w = e->a[k]->weight / total;

        if (!e->a[k]->given[slot])
            continue;
        if (e->a[k]->shape == DT_ESTIMATE_TRIANGULAR) {
            mu = (a + m + b) / 3.0;
            s2 = (a * a + m * m + b * b - a * m - a * b - m * b) / 18.0;
        } else {
            mu = (a + 4.0 * m + b) / 6.0;
            s2 = (mu - a) * (b - mu) / 7.0;
        }
        m1 += w * mu;
        m2 += w * (s2 + mu * mu);
    }
    *mean = m1;
    *var = m2 - m1 * m1;
    return 1;
}
