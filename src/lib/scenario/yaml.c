/*
 * The YAML scenario parser (docs/scenario-format.md). libyaml does the
 * YAML; the parser checks the document against the scenario schema, fills
 * the dt_scenario and reports every error it finds with its line and
 * column, sorted into file order. This file is its entry point: the text
 * checks before libyaml, the top level, the issues, sources, outcome and
 * uncertainty; the other sections and the helpers are the files listed in
 * yaml_int.h.
 */
#include <stdio.h>
#include <string.h>

#include "scenario/yaml_int.h"

/* Collections nest at most 7 deep in a scenario; allow generous slack. */
#define YMAX_DEPTH 64u

/* ---- Text checks that come before libyaml. ---- */

/* Line and column (1-based, in characters) of byte offset off in buf. */
static dt_loc offset_loc(const char *buf, size_t len, size_t off)
{
    dt_loc l = {1, 1};
    size_t i;

    for (i = 0; i < off && i < len; i++) {
        unsigned char c = (unsigned char)buf[i];

        if (c == '\n' || (c == '\r' && (i + 1 >= len || buf[i + 1] != '\n'))) {
            l.line++;
            l.col = 1;
        } else if ((c & 0xc0u) != 0x80u && c != '\r') {
            l.col++;
        }
    }
    return l;
}

/*
 * Binary files are refused before libyaml sees them, so that the message
 * says what is wrong with the file rather than with its YAML.
 */
static int check_text(yp *p, const char *buf, size_t len)
{
    size_t i = 0;

    while (i < len) {
        const unsigned char *s = (const unsigned char *)buf + i;
        size_t n = s[0] ? dt__utf8_len(s, len - i) : 0;

        if (n == 0) {
            dt__yaml_err(p, offset_loc(buf, len, i),
                         "file is not UTF-8 text (byte 0x%02x)", s[0]);
            return 0;
        }
        i += n;
    }
    return 1;
}

/* ---- Reporting libyaml's own errors. ---- */

static void parser_error(yp *p, const yaml_parser_t *ps, const char *buf,
                         size_t len)
{
    dt_loc at;

    switch (ps->error) {
    case YAML_MEMORY_ERROR:
        p->nomem = 1;
        return;
    case YAML_READER_ERROR:
        /* The reader reports a byte offset, not a mark. */
        at = offset_loc(buf, len, ps->problem_offset);
        if (ps->problem_value >= 0)
            dt__yaml_err(p, at, "file is not text: %s (0x%02x)",
                         ps->problem ? ps->problem : "invalid character",
                         (unsigned)ps->problem_value);
        else
            dt__yaml_err(p, at, "file is not UTF-8 text: %s",
                         ps->problem ? ps->problem : "invalid byte");
        return;
    default:
        break;
    }
    at = dt__yaml_mark_loc(ps->problem_mark);
    if (ps->problem_mark.index <= len) {
        /* A tab in the indentation of the line libyaml stopped on. */
        size_t i = ps->problem_mark.index - ps->problem_mark.column;

        for (; i < len && (buf[i] == ' ' || buf[i] == '\t'); i++)
            if (buf[i] == '\t') {
                at.col = (unsigned)(i - (ps->problem_mark.index -
                                         ps->problem_mark.column)) +
                         1;
                dt__yaml_err(p, at,
                             "tabs are not allowed in YAML; use spaces to "
                             "indent");
                return;
            }
        if (ps->problem_mark.index < len &&
            buf[ps->problem_mark.index] == '\t') {
            dt__yaml_err(p, at, "tabs are not allowed in YAML; use spaces");
            return;
        }
    }
    if (ps->context)
        dt__yaml_err(p, at, "malformed YAML: %s (%s at line %u)",
                     ps->problem ? ps->problem : "syntax error", ps->context,
                     dt__yaml_mark_loc(ps->context_mark).line);
    else
        dt__yaml_err(p, at, "malformed YAML: %s",
                     ps->problem ? ps->problem : "syntax error");
}

/* The anchor (`&name`) an event defines, or NULL. */
static const char *event_anchor(const yaml_event_t *ev)
{
    const yaml_char_t *a = NULL;

    if (ev->type == YAML_SCALAR_EVENT)
        a = ev->data.scalar.anchor;
    else if (ev->type == YAML_SEQUENCE_START_EVENT)
        a = ev->data.sequence_start.anchor;
    else if (ev->type == YAML_MAPPING_START_EVENT)
        a = ev->data.mapping_start.anchor;
    return (const char *)a;
}

/*
 * A first pass over the events: syntax errors, anchors, aliases, nesting and
 * extra documents. Aliases are refused because the loader shares aliased nodes,
 * so a small file could make the schema walk below visit a node
 * exponentially often (the "billion laughs"). Deep nesting is refused
 * because libyaml's scanner takes time quadratic in the depth of flow
 * collections ("[[[[..." of 200k levels takes minutes); stopping at the
 * first event past the limit bounds that. Returns 1 when the first
 * document can be loaded.
 */
static int prescan(yp *p, const char *buf, size_t len)
{
    yaml_parser_t ps;
    yaml_event_t ev;
    unsigned n_docs = 0, depth = 0;
    int ok = 1, has_alias = 0, has_anchor = 0;
    const char *anchor;

    if (!yaml_parser_initialize(&ps)) {
        p->nomem = 1;
        return 0;
    }
    yaml_parser_set_input_string(&ps, (const unsigned char *)buf, len);
    for (;;) {
        yaml_event_type_t type;

        if (!yaml_parser_parse(&ps, &ev)) {
            parser_error(p, &ps, buf, len);
            ok = 0;
            break;
        }
        type = ev.type;
        if (type == YAML_SEQUENCE_START_EVENT ||
            type == YAML_MAPPING_START_EVENT)
            depth++;
        else if (type == YAML_SEQUENCE_END_EVENT ||
                 type == YAML_MAPPING_END_EVENT)
            depth--;
        if (depth > YMAX_DEPTH) {
            dt__yaml_err(p, dt__yaml_mark_loc(ev.start_mark),
                         "nesting is deeper than %u levels", YMAX_DEPTH);
            yaml_event_delete(&ev);
            ok = 0;
            break;
        }
        if (type == YAML_DOCUMENT_START_EVENT) {
            n_docs++;
            if (n_docs == 2)
                dt__yaml_err(p, dt__yaml_mark_loc(ev.start_mark),
                             "file holds more than one YAML document");
        }
        /* Anchors serve only aliases, which are refused; refusing them
         * here also spares libyaml's loader, which compares each new
         * anchor with every earlier one (300,000 anchors took minutes). */
        anchor = event_anchor(&ev);
        if (anchor && !has_anchor) {
            dt__yaml_err(p, dt__yaml_mark_loc(ev.start_mark),
                         "anchors are not supported (&%.40s)", anchor);
            has_anchor = 1;
            ok = 0;
        }
        /* One report is enough: a bomb holds thousands of aliases. */
        if (type == YAML_ALIAS_EVENT && !has_alias) {
            dt__yaml_err(p, dt__yaml_mark_loc(ev.start_mark),
                         "aliases are not supported (*%.40s)",
                         (const char *)ev.data.alias.anchor);
            has_alias = 1;
            ok = 0;
        }
        yaml_event_delete(&ev);
        if (type == YAML_STREAM_END_EVENT || dt__yaml_full(p))
            break;
    }
    yaml_parser_delete(&ps);
    if (ok && n_docs == 0) {
        dt_loc first = {1, 1};

        dt__yaml_err(p, first, "file is empty");
        ok = 0;
    }
    return ok && !p->nomem;
}

/* ---- The schema. ---- */

static void parse_issue(yp *p, const yaml_node_t *n, dt_issue *is)
{
    static const char *const keys[] = {"id",   "name",       "low",
                                       "high", "status_quo", "note"};
    yaml_node_t *v[6], *k[6];
    char ex[DT__QUOTE + 4];
    size_t i;

    is->loc = dt__yaml_loc(n);
    dt__yaml_keys(p, n, "in issue", keys, 6, v, k);
    if (v[0])
        is->id = dt__yaml_id(p, v[0], "issue");
    if (v[1])
        is->name = dt__yaml_str(p, v[1], "name");
    if (v[2])
        is->low = dt__yaml_str(p, v[2], "low");
    if (v[3])
        is->high = dt__yaml_str(p, v[3], "high");
    if (v[4])
        is->has_status_quo = dt__yaml_num(p, v[4], "status_quo",
                                          R_PCT | R_SPREAD, &is->status_quo);
    if (v[5])
        is->note = dt__yaml_str(p, v[5], "note");
    for (i = 0; i < 2; i++) {
        if (v[i])
            continue;
        if (is->id)
            dt__yaml_err(p, is->loc, "issue '%s' is missing required key '%s'",
                         dt__excerpt(is->id, ex), keys[i]);
        else
            dt__yaml_err(p, is->loc, "issue is missing required key '%s'",
                         keys[i]);
    }
}

static const dt_loc *issue_loc(const yp *p, size_t i)
{
    return &p->sc->issues[i].loc;
}

static void parse_issues(yp *p, const yaml_node_t *n)
{
    dt_scenario *sc = p->sc;
    size_t len = dt__yaml_list(p, n, "issues", "issue");
    const yaml_node_item_t *it;
    char desc[DT__QUOTE + 8];
    size_t i;

    if (len == 0)
        return;
    sc->issues = dt__yaml_alloc(p, len, sizeof *sc->issues);
    p->issue_ids = dt__yaml_alloc(p, len, sizeof *p->issue_ids);
    p->referred = dt__yaml_alloc(p, len, 1);
    if (p->nomem)
        return;
    for (it = n->data.sequence.items.start;
         it < n->data.sequence.items.top && !dt__yaml_full(p); it++) {
        yaml_node_t *item = dt__yaml_node(p, *it);

        if (!item)
            continue;
        if (item->type != YAML_MAPPING_NODE) {
            dt__yaml_err(p, dt__yaml_loc(item),
                         "expected a mapping for an issue, got %s",
                         dt__yaml_describe(item, desc));
            p->issues_broken = 1;
            continue;
        }
        parse_issue(p, item, &sc->issues[sc->n_issues]);
        if (!sc->issues[sc->n_issues++].id)
            p->issues_broken = 1;
    }
    for (i = 0; i < sc->n_issues; i++) {
        if (!sc->issues[i].id)
            continue;
        p->issue_ids[p->n_issue_ids].id = sc->issues[i].id;
        p->issue_ids[p->n_issue_ids].idx = i;
        p->n_issue_ids++;
    }
    dt__yaml_dup_ids(p, p->issue_ids, p->n_issue_ids, "issue", issue_loc);
    p->issues_ok = sc->n_issues > 0;
}

static void parse_outcome(yp *p, const yaml_node_t *n)
{
    static const char *const keys[] = {"description", "note", "issues",
                                       "agreement", "held"};
    dt_scenario *sc = p->sc;
    yaml_node_t *v[5], *k[5];
    const yaml_node_pair_t *pair;
    char ex[DT__QUOTE + 4];

    if (!dt__yaml_type(p, n, YAML_MAPPING_NODE, "outcome"))
        return;
    sc->has_outcome = 1;
    sc->outcome.agreement = -1;
    sc->outcome.held = -1;
    dt__yaml_keys(p, n, "in outcome", keys, 5, v, k);
    if (v[0])
        sc->outcome.description = dt__yaml_str(p, v[0], "description");
    if (v[1])
        sc->outcome.note = dt__yaml_str(p, v[1], "note");
    if (v[3])
        sc->outcome.agreement = dt__yaml_bool(p, v[3], "agreement");
    if (v[4])
        sc->outcome.held = dt__yaml_bool(p, v[4], "held");
    if (v[4] && sc->outcome.held == 1 && sc->outcome.agreement == 0)
        dt__yaml_err(p, dt__yaml_loc(v[4]),
                     "outcome says 'held: true' but 'agreement: false': a "
                     "deal that was not made cannot hold");
    if (!v[2] || !dt__yaml_type(p, v[2], YAML_MAPPING_NODE, "issues"))
        return;
    if (sc->n_issues) {
        sc->has_outcome_value =
            dt__yaml_alloc(p, sc->n_issues, sizeof *sc->has_outcome_value);
        sc->outcome_value =
            dt__yaml_alloc(p, sc->n_issues, sizeof *sc->outcome_value);
        if (p->nomem)
            return;
    }
    for (pair = v[2]->data.mapping.pairs.start;
         pair < v[2]->data.mapping.pairs.top && !dt__yaml_full(p); pair++) {
        yaml_node_t *key = dt__yaml_node(p, pair->key);
        yaml_node_t *val = dt__yaml_node(p, pair->value);
        dt_value scratch;
        size_t i;

        if (!key || !val)
            continue;
        i = dt__yaml_issue_key(p, key);
        if (i == (size_t)-1) {
            dt__yaml_num(p, val, "outcome", R_PCT, &scratch);
            continue;
        }
        if (sc->has_outcome_value[i]) {
            dt__yaml_err(
                p, dt__yaml_loc(key),
                "duplicate key '%s' in outcome issues (first at line %u)",
                dt__excerpt(dt__yaml_scalar(key), ex),
                sc->outcome_value[i].loc.line);
            continue;
        }
        sc->has_outcome_value[i] =
            dt__yaml_num(p, val, "outcome", R_PCT, &sc->outcome_value[i]);
        if (!sc->has_outcome_value[i]) {
            /* Remember the line for a later duplicate all the same. */
            sc->has_outcome_value[i] = 1;
            sc->outcome_value[i].loc = dt__yaml_loc(key);
        }
    }
}

static void parse_sources(yp *p, const yaml_node_t *n)
{
    dt_scenario *sc = p->sc;
    const yaml_node_item_t *it;
    size_t len;

    if (!dt__yaml_type(p, n, YAML_SEQUENCE_NODE, "sources"))
        return;
    len = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    sc->sources = dt__yaml_alloc(p, len, sizeof *sc->sources);
    if (!sc->sources)
        return;
    for (it = n->data.sequence.items.start;
         it < n->data.sequence.items.top && !dt__yaml_full(p); it++) {
        yaml_node_t *item = dt__yaml_node(p, *it);
        const char *s = item ? dt__yaml_str(p, item, "sources") : NULL;

        if (s)
            sc->sources[sc->n_sources++] = s;
    }
}

/* uncertainty: {position_sd, salience_sd, capability_cv}, each >= 0. */
static void parse_uncertainty(yp *p, const yaml_node_t *n)
{
    static const char *const keys[] = {"position_sd", "salience_sd",
                                       "capability_cv"};
    dt_uncertainty *u = &p->sc->uncertainty;
    double *dst[3] = {&u->position_sd, &u->salience_sd, &u->capability_cv};
    yaml_node_t *v[3], *k[3];
    dt_value x;
    size_t i;

    if (!dt__yaml_type(p, n, YAML_MAPPING_NODE, "uncertainty"))
        return;
    u->loc = dt__yaml_loc(n);
    dt__yaml_keys(p, n, "in 'uncertainty'", keys, 3, v, k);
    for (i = 0; i < 3; i++)
        if (v[i] && dt__yaml_plain_num(p, v[i], keys[i], R_NONNEG, &x))
            *dst[i] = x.v;
}

static void parse_top(yp *p, const yaml_node_t *root)
{
    static const char *const keys[] = {
        "name",        "date",   "description",  "sources", "note",
        "issues",      "actors", "levers",       "outcome", "uncertainty",
        "staged_deal", "threat", "ratification", "bodies",  "phases"};
    static const size_t required[] = {0, 5, 6};
    dt_scenario *sc = p->sc;
    yaml_node_t *v[15], *k[15];
    char desc[DT__QUOTE + 8];
    size_t i;

    if (root->type != YAML_MAPPING_NODE) {
        dt__yaml_err(p, dt__yaml_loc(root),
                     "expected a mapping at the top level, got %s",
                     dt__yaml_describe(root, desc));
        return;
    }
    {
        /* Not one known key (a /proc file, a config file): one error. */
        const yaml_node_pair_t *pr;
        int known = 0;

        for (pr = root->data.mapping.pairs.start;
             pr < root->data.mapping.pairs.top && !known; pr++) {
            const yaml_node_t *kn = dt__yaml_node(p, pr->key);

            for (i = 0; kn && kn->type == YAML_SCALAR_NODE && i < 15; i++)
                if (strcmp(dt__yaml_scalar(kn), keys[i]) == 0)
                    known = 1;
        }
        if (!known) {
            dt__yaml_err(p, dt__yaml_loc(root),
                         "this is not a detente scenario: none of its "
                         "top-level keys is a scenario key (expected name, "
                         "issues and actors)");
            return;
        }
    }
    dt__yaml_keys(p, root, "at the top level", keys, 15, v, k);
    for (i = 0; i < 3; i++)
        if (!v[required[i]])
            dt__yaml_err(p, dt__yaml_loc(root),
                         "scenario is missing required key '%s'",
                         keys[required[i]]);
    if (v[0])
        sc->name = dt__yaml_str(p, v[0], "name");
    if (v[1])
        sc->date = dt__yaml_str(p, v[1], "date");
    if (v[2])
        sc->description = dt__yaml_str(p, v[2], "description");
    if (v[3])
        parse_sources(p, v[3]);
    if (v[4])
        sc->note = dt__yaml_str(p, v[4], "note");
    if (v[5])
        parse_issues(p, v[5]);
    if (v[6])
        dt__yaml_actors(p, v[6]);
    if (v[7])
        dt__yaml_levers(p, v[7]);
    if (v[8])
        parse_outcome(p, v[8]);
    if (v[9])
        parse_uncertainty(p, v[9]);
    if (v[10] || v[11] || v[12])
        dt__yaml_games(p, v[10], v[11], v[12]); /* yaml_games.c */
    if (v[13])
        dt__yaml_bodies(p, v[13]); /* yaml_roles.c */
    if (v[14])
        dt__yaml_phases(p, v[14]); /* yaml_phases.c */
}

dt_status dt__scenario_parse_yaml(dt_scenario *sc, const char *buf, size_t len,
                                  dt__diag *d)
{
    yaml_parser_t ps;
    yaml_document_t doc;
    yp p;
    dt_status rc;

    memset(&p, 0, sizeof p);
    p.sc = sc;
    p.d = d;
    sc->salience_divisor = 100.0;
    if (!check_text(&p, buf, len) || !prescan(&p, buf, len))
        goto out;
    if (!yaml_parser_initialize(&ps)) {
        p.nomem = 1;
        goto out;
    }
    yaml_parser_set_input_string(&ps, (const unsigned char *)buf, len);
    if (!yaml_parser_load(&ps, &doc)) {
        parser_error(&p, &ps, buf, len);
        yaml_parser_delete(&ps);
        goto out;
    }
    p.doc = &doc;
    if (yaml_document_get_root_node(&doc))
        parse_top(&p, yaml_document_get_root_node(&doc));
    yaml_document_delete(&doc);
    yaml_parser_delete(&ps);
out:
    rc = dt__yaml_flush(&p);
    dt__free(sc->alloc, p.errs, p.cap_errs * sizeof *p.errs);
    return rc;
}
