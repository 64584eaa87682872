/*
 * KTAB's XML scenario format (its smpc program's <Scenario> documents),
 * parsed with libxml2: dimensions, actors with capability, positions and
 * saliences, the SMP model parameters and the ideal adjustments. Errors
 * carry the line of the element (libxml2 keeps no element columns).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "scenario/scenario_int.h"

/* Parameters and ideal adjustments, kept beside the scenario. */
struct dt__ktab_extra {
    size_t n_params;
    dt_param *params;
    size_t n_adjust;
    dt_ideal_adjust *adjust;
};

typedef struct xp {
    dt_scenario *sc;
    dt__diag *d;
    int nomem;
} xp;

static int is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE &&
           dt__ieq((const char *)n->name, name);
}

static unsigned line_of(const xmlNode *n)
{
    long l = xmlGetLineNo(n);

    return l > 0 ? (unsigned)l : 0;
}

static const xmlNode *child(const xmlNode *n, const char *a, const char *b)
{
    const xmlNode *c;

    for (c = n ? n->children : NULL; c; c = c->next)
        if (is(c, a) || (b && is(c, b)))
            return c;
    return NULL;
}

static size_t count(const xmlNode *n, const char *name)
{
    const xmlNode *c;
    size_t k = 0;

    for (c = n ? n->children : NULL; c; c = c->next)
        k += is(c, name);
    return k;
}

/* The element's text, trimmed, copied into the arena ("" when none). */
static const char *text(xp *x, const xmlNode *n)
{
    xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
    const char *s, *e;
    char *out;

    if (!t)
        return "";
    s = (const char *)t;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    e = s + strlen(s);
    while (e > s &&
           (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
        e--;
    out = dt__arena_strndup(&x->sc->arena, s, (size_t)(e - s));
    xmlFree(t);
    if (!out) {
        x->nomem = 1;
        return "";
    }
    return out;
}

static int number(xp *x, const xmlNode *n, const char *what, double lo,
                  double hi, double *out)
{
    const char *s = text(x, n);
    char ex[DT__QUOTE + 4];

    if (!dt__is_decimal(s) || !dt__parse_double(s, out) || !isfinite(*out)) {
        dt__diag_at(x->d, DT_ESCENARIO, line_of(n), 0,
                    "%s must be a number, got '%s'", what, dt__excerpt(s, ex));
        return 0;
    }
    if (*out < lo || *out > hi) {
        dt__diag_at(x->d, DT_ESCENARIO, line_of(n), 0,
                    "%s must be in %g-%g, got %s", what, lo, hi, s);
        return 0;
    }
    return 1;
}

/* <Position><dCoord>..</dCoord>...</Position> or <Salience><dSal>.. */
static int vector(xp *x, const xmlNode *n, const char *item, size_t nd,
                  const char *what, double *v)
{
    const xmlNode *c;
    size_t k = 0;
    int ok = 1;

    if (!n)
        return 0;
    if (count(n, item) != nd) {
        dt__diag_at(x->d, DT_ESCENARIO, line_of(n), 0,
                    "<%s> has %zu <%s>, expected one per dimension (%zu)",
                    (const char *)n->name, count(n, item), item, nd);
        return 0;
    }
    for (c = n->children; c; c = c->next)
        if (is(c, item))
            ok = number(x, c, what, 0.0, 100.0, &v[k++]) && ok;
    return ok;
}

static void params(xp *x, const xmlNode *mp, struct dt__ktab_extra *ex)
{
    const xmlNode *c;
    size_t k = 0;

    for (c = mp ? mp->children : NULL; c; c = c->next)
        k += c->type == XML_ELEMENT_NODE;
    ex->params = dt__arena_alloc(&x->sc->arena, (k + 1) * sizeof *ex->params);
    if (!ex->params) {
        x->nomem = 1;
        return;
    }
    for (c = mp ? mp->children : NULL; c; c = c->next) {
        dt_param *p;

        if (c->type != XML_ELEMENT_NODE)
            continue;
        p = &ex->params[ex->n_params++];
        p->key = dt__arena_strdup(&x->sc->arena, (const char *)c->name);
        p->value = text(x, c);
        p->loc.line = line_of(c);
        p->loc.col = 0;
        if (!p->key)
            x->nomem = 1;
    }
}

static size_t actor_index(const dt_scenario *sc, size_t n, const char *id)
{
    for (size_t a = 0; a < n; a++)
        if (strcmp(sc->actors[a].id, id) == 0)
            return a;
    return (size_t)-1;
}

static void adjustments(xp *x, const xmlNode *ia, struct dt__ktab_extra *ex)
{
    const xmlNode *c;
    size_t k = count(ia, "iaPair");
    char e1[DT__QUOTE + 4];

    ex->adjust = dt__arena_alloc(&x->sc->arena, (k + 1) * sizeof *ex->adjust);
    if (!ex->adjust) {
        x->nomem = 1;
        return;
    }
    for (c = ia ? ia->children : NULL; c; c = c->next) {
        dt_ideal_adjust *a;
        const char *who, *ref;
        double w;

        if (!is(c, "iaPair"))
            continue;
        who = text(x, child(c, "adjustingIdeal", NULL));
        ref = text(x, child(c, "referencePos", NULL));
        a = &ex->adjust[ex->n_adjust];
        a->actor = actor_index(x->sc, x->sc->n_actors, who);
        a->ref = actor_index(x->sc, x->sc->n_actors, ref);
        a->loc.line = line_of(c);
        a->loc.col = 0;
        if (a->actor == (size_t)-1 || a->ref == (size_t)-1) {
            dt__diag_at(x->d, DT_ESCENARIO, line_of(c), 0,
                        "<iaPair>: unknown actor '%s'",
                        dt__excerpt(a->actor == (size_t)-1 ? who : ref, e1));
            continue;
        }
        if (!number(x, child(c, "adjust", NULL), "adjust", 0.0, 1.0, &w))
            continue;
        a->weight = w;
        ex->n_adjust++;
    }
}

static void parse(xp *x, const xmlNode *root, struct dt__ktab_extra *ex)
{
    dt_scenario *sc = x->sc;
    const xmlNode *dims = child(root, "Dimensions", NULL);
    const xmlNode *acts = child(root, "Actors", NULL);
    const xmlNode *c;
    dt_stake *stakes;
    size_t nd = count(dims, "dName"), na = count(acts, "Actor"), k, a = 0;
    double *pos, *sal;
    char ex1[DT__QUOTE + 4];

    if (!is(root, "Scenario")) {
        dt__diag_at(x->d, DT_ESCENARIO, line_of(root), 0,
                    "KTAB XML: the root element must be <Scenario>, got <%s>",
                    root ? (const char *)root->name : "");
        return;
    }
    sc->name = text(x, child(root, "name", NULL));
    if (!*sc->name)
        sc->name = "scenario";
    sc->description = text(x, child(root, "desc", "description"));
    if (!*sc->description)
        sc->description = NULL;
    if (nd < 1) {
        dt__diag_at(x->d, DT_ESCENARIO, line_of(dims ? dims : root), 0,
                    "KTAB XML: <Dimensions> needs at least one <dName>");
        return;
    }
    if (na < 3) {
        dt__diag_at(x->d, DT_ESCENARIO, line_of(acts ? acts : root), 0,
                    "KTAB needs at least 3 actors, <Actors> has %zu", na);
        return;
    }
    sc->issues = dt__arena_alloc(&sc->arena, nd * sizeof *sc->issues);
    sc->actors = dt__arena_alloc(&sc->arena, na * sizeof *sc->actors);
    sc->stakes = dt__arena_alloc(&sc->arena, na * nd * sizeof *sc->stakes);
    stakes = dt__arena_alloc(&sc->arena, na * nd * sizeof *stakes);
    pos = dt__arena_alloc(&sc->arena, 2 * nd * sizeof *pos);
    if (!sc->issues || !sc->actors || !sc->stakes || !stakes || !pos) {
        x->nomem = 1;
        return;
    }
    sal = pos + nd;
    memset(sc->issues, 0, nd * sizeof *sc->issues);
    memset(sc->actors, 0, na * sizeof *sc->actors);
    memset(stakes, 0, na * nd * sizeof *stakes);
    k = 0;
    for (c = dims->children; c; c = c->next) {
        if (!is(c, "dName"))
            continue;
        sc->issues[k].id = text(x, c);
        sc->issues[k].name = sc->issues[k].id;
        sc->issues[k].loc.line = line_of(c);
        for (size_t l = 0; l < k; l++)
            if (strcmp(sc->issues[l].id, sc->issues[k].id) == 0)
                dt__diag_at(x->d, DT_ESCENARIO, line_of(c), 0,
                            "duplicate dimension '%s'",
                            dt__excerpt(sc->issues[k].id, ex1));
        if (!*sc->issues[k].id)
            dt__diag_at(x->d, DT_ESCENARIO, line_of(c), 0,
                        "empty dimension name");
        k++;
    }
    sc->n_issues = nd;
    for (c = acts->children; c && !x->nomem && !dt__diag_full(x->d);
         c = c->next) {
        dt_actor *ac;
        const char *id;
        double tot = 0.0;
        int ok = 1;

        if (!is(c, "Actor"))
            continue;
        ac = &sc->actors[a];
        id = text(x, child(c, "name", NULL));
        if (!*id) {
            dt__diag_at(x->d, DT_ESCENARIO, line_of(c), 0,
                        "<Actor> without a <name>");
            continue;
        }
        if (actor_index(sc, a, id) != (size_t)-1) {
            dt__diag_at(x->d, DT_ESCENARIO, line_of(c), 0,
                        "duplicate actor '%s'", dt__excerpt(id, ex1));
            continue;
        }
        ok = number(x, child(c, "capability", NULL), "capability", 0.0,
                    DT__VALUE_MAX, &ac->capability.v);
        if (ok && !(ac->capability.v > 0.0)) {
            dt__diag_at(x->d, DT_ESCENARIO,
                        line_of(child(c, "capability", NULL)), 0,
                        "capability must be > 0");
            ok = 0;
        }
        if (!child(c, "Position", NULL) || !child(c, "Salience", NULL)) {
            dt__diag_at(x->d, DT_ESCENARIO, line_of(c), 0,
                        "actor '%s' needs <Position> and <Salience>",
                        dt__excerpt(id, ex1));
            continue;
        }
        ok = vector(x, child(c, "Position", NULL), "dCoord", nd, "position",
                    pos) &&
             ok;
        ok = vector(x, child(c, "Salience", NULL), "dSal", nd, "salience",
                    sal) &&
             ok;
        if (!ok)
            continue;
        for (k = 0; k < nd; k++)
            tot += sal[k];
        if (tot > 100.0 + 1e-9 || !(tot > 0.0)) {
            dt__diag_at(x->d, DT_ESCENARIO, line_of(child(c, "Salience", NULL)),
                        0,
                        "actor '%s': saliences sum to %g; they must sum to "
                        "more than 0 and at most 100",
                        dt__excerpt(id, ex1), tot);
            continue;
        }
        ac->id = id;
        ac->name = text(x, child(c, "description", "desc"));
        if (!*ac->name)
            ac->name = id;
        ac->role = DT_ROLE_TABLE;
        ac->loc.line = line_of(c);
        ac->capability.loc = ac->loc;
        for (k = 0; k < nd; k++) {
            dt_stake *st = &stakes[a * nd + k];

            st->position.v = pos[k];
            st->salience.v = sal[k];
            st->position.loc = st->salience.loc = st->loc = ac->loc;
            sc->stakes[a * nd + k] = st;
        }
        a++;
    }
    if (x->nomem || x->d->count)
        return;
    sc->n_actors = na;
    sc->salience_divisor = 100.0;
    params(x, child(root, "ModelParameters", NULL), ex);
    if (child(root, "prngSeed", NULL) && ex->params) {
        /* The seed is a parameter too ("prngSeed"). */
        const xmlNode *s = child(root, "prngSeed", NULL);
        dt_param *p =
            dt__arena_alloc(&sc->arena, (ex->n_params + 1) * sizeof *p);

        if (!p) {
            x->nomem = 1;
            return;
        }
        memcpy(p, ex->params, ex->n_params * sizeof *p);
        p[ex->n_params].key = "prngSeed";
        p[ex->n_params].value = text(x, s);
        p[ex->n_params].loc.line = line_of(s);
        p[ex->n_params].loc.col = 0;
        ex->params = p;
        ex->n_params++;
    }
    adjustments(x, child(root, "IdealAdjustment", NULL), ex);
}

dt_status dt__scenario_parse_ktab_xml(dt_scenario *sc, const char *buf,
                                      size_t len, dt__diag *d)
{
    xmlDocPtr doc;
    struct dt__ktab_extra *ex;
    xp x;

    memset(&x, 0, sizeof x);
    x.sc = sc;
    x.d = d;
    if (len > (size_t)0x7fffffff)
        return dt__diag_at(d, DT_ESCENARIO, 0, 0, "file too large");
    ex = dt__arena_alloc(&sc->arena, sizeof *ex);
    if (!ex)
        return dt__diag_at(d, DT_ENOMEM, 0, 0, "out of memory");
    memset(ex, 0, sizeof *ex);
    sc->ktab = ex;
    /* No network, no entity expansion beyond the document itself. */
    doc = xmlReadMemory(buf, (int)len, sc->path, NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR |
                            XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        const char *msg = e && e->message ? e->message : "parse error";
        int n = (int)strlen(msg);

        while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
            n--;
        return dt__diag_at(d, DT_ESCENARIO,
                           e && e->line > 0 ? (unsigned)e->line : 0,
                           e && e->int2 > 0 ? (unsigned)e->int2 : 0,
                           "not well-formed XML: %.*s", n, msg);
    }
    parse(&x, xmlDocGetRootElement(doc), ex);
    xmlFreeDoc(doc);
    if (x.nomem)
        return dt__diag_at(d, DT_ENOMEM, 0, 0, "out of memory");
    return d->count ? DT_ESCENARIO : DT_OK;
}

size_t dt_scenario_n_params(const dt_scenario *sc)
{
    return sc->ktab ? sc->ktab->n_params : 0;
}

const dt_param *dt_scenario_param(const dt_scenario *sc, size_t i)
{
    return i < dt_scenario_n_params(sc) ? &sc->ktab->params[i] : NULL;
}

size_t dt_scenario_n_ideal_adjusts(const dt_scenario *sc)
{
    return sc->ktab ? sc->ktab->n_adjust : 0;
}

const dt_ideal_adjust *dt_scenario_ideal_adjust(const dt_scenario *sc, size_t i)
{
    return i < dt_scenario_n_ideal_adjusts(sc) ? &sc->ktab->adjust[i] : NULL;
}
