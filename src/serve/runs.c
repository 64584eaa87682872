/*
 * detente serve: compare (two scenarios side by side, with their
 * changed inputs slot by slot), sequence (the game sections) and new (a
 * scaffold of a scenario).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sv.h"

#define SV_MAX_COMPARE 8 /* scenarios in one comparison */

static json_t *num_or_null(const dt_value *v)
{
    return v && isfinite(v->v) ? json_real(v->v) : json_null();
}

static json_t *note_or_null(const dt_value *v)
{
    json_t *j = v && v->note ? json_string(v->note) : NULL;

    return j ? j : json_null();
}

/* The changed inputs of b against a, by parameter slot. */
static json_t *inputs_json(const dt_scenario *a, const dt_scenario *b,
                           dt_error *err)
{
    dt_scenario_diff *d = NULL;
    json_t *list;
    size_t i;

    if (dt_scenario_diff_new(a, b, &d, err) != DT_OK)
        return NULL;
    list = json_array();
    for (i = 0; i < dt_scenario_diff_n(d); i++) {
        const dt_slot_change *ch = dt_scenario_diff_get(d, i);

        json_array_append_new(
            list, json_pack("{s:s,s:s,s:o,s:o,s:o,s:o}", "slot", ch->id, "kind",
                            dt_slot_kind_name(ch->kind), "old",
                            num_or_null(ch->old_value), "new",
                            num_or_null(ch->new_value), "old_note",
                            note_or_null(ch->old_value), "new_note",
                            note_or_null(ch->new_value)));
    }
    dt_scenario_diff_free(d);
    return list;
}

void sv_api_compare(const sv_call *c, sv_reply *r)
{
    json_t *specs = json_object_get(c->body, "scenarios"), *spec;
    dt_analysis_opts o = DT_ANALYSIS_OPTS_INIT;
    dt_scenario *sc[SV_MAX_COMPARE] = {0};
    dt_analysis *an[SV_MAX_COMPARE] = {0};
    const char *model = NULL;
    dt_compare *cmp = NULL;
    sv_buf out = {0};
    json_t *inputs = NULL;
    size_t i, n = 0;
    dt_error err;
    dt_status st;

    if (!json_is_array(specs) || json_array_size(specs) < 1 ||
        json_array_size(specs) > SV_MAX_COMPARE) {
        sv_reply_error(r, 400, "bad_request",
                       "\"scenarios\" must be a list of 1 to %d scenarios",
                       SV_MAX_COMPARE);
        return;
    }
    if (!sv_field_string(c->body, "model", &model, r))
        return;
    if (model && !(o.model = dt_model_find(model))) {
        sv_reply_error(r, 400, "bad_request",
                       "unknown model '%s' (expected eu, mean or median)",
                       model);
        return;
    }
    json_array_foreach(specs, i, spec)
    {
        sc[i] = sv_spec_load(c->srv, spec, NULL, r);
        if (!sc[i])
            goto out;
        n = i + 1;
        /* A scenario the analysis cannot take is compared without. */
        st = dt_analyze(sc[i], &o, &an[i], &err);
        if (st != DT_OK && st != DT_ESCENARIO && st != DT_EINVAL) {
            sv_reply_dt(r, st, &err, "cannot analyse");
            goto out;
        }
    }
    st = dt_compare_new((const dt_scenario *const *)sc,
                        (const dt_analysis *const *)an, n, &cmp, &err);
    if (st == DT_OK) {
        sv_buf_puts(&out, "{\"compare\": ");
        st = dt_compare_write_json(cmp, NULL, sv_buf_write, &out, &err);
    }
    if (st == DT_OK && n >= 2) {
        inputs = inputs_json(sc[0], sc[1], &err);
        if (!inputs)
            st = DT_ENOMEM;
    }
    if (st != DT_OK) {
        sv_reply_dt(r, st, &err, "cannot compare");
        goto out;
    }
    {
        char *s = json_dumps(inputs ? inputs : json_array(),
                             JSON_COMPACT | JSON_ENSURE_ASCII);

        sv_buf_puts(&out, ", \"inputs\": ");
        sv_buf_puts(&out, s ? s : "[]");
        sv_buf_puts(&out, "}\n");
        free(s);
    }
    sv_reply_doc(r, &out);
out:
    json_decref(inputs);
    sv_buf_release(&out);
    dt_compare_free(cmp);
    for (i = 0; i < SV_MAX_COMPARE; i++) {
        dt_analysis_free(an[i]);
        dt_scenario_free(sc[i]);
    }
    dt_analysis_thread_end();
}

/* ----- POST /api/sequence ----- */

#define SV_MAX_SEQ_SWEEPS 32

void sv_api_sequence(const sv_call *c, sv_reply *r)
{
    dt_games_sequence_opts o = DT_GAMES_SEQUENCE_OPTS_INIT;
    dt_games_sequence_sweep sw[SV_MAX_SEQ_SWEEPS];
    const char *plans[64];
    dt_games_sequence *seq = NULL;
    dt_scenario *sc = NULL;
    uint64_t seed = 1, draws = 100000;
    json_t *pl, *sws, *e;
    sv_buf out = {0};
    dt_error err;
    dt_status st;
    size_t i;

    if (!sv_field_uint(c->body, "seed", 0xffffffffu, &seed, r) ||
        !sv_field_uint(c->body, "draws", 1000000u, &draws, r) ||
        !sv_field_strings(c->body, "plans", &pl, r) ||
        !sv_field_strings(c->body, "sweeps", &sws, r))
        return;
    if (json_array_size(pl) > 64 || json_array_size(sws) > SV_MAX_SEQ_SWEEPS) {
        sv_reply_error(r, 400, "bad_request", "at most 64 plans and %d sweeps",
                       SV_MAX_SEQ_SWEEPS);
        return;
    }
    o.seed = seed;
    o.draws = (size_t)draws;
    json_array_foreach(pl, i, e) plans[i] = json_string_value(e);
    if (pl && json_array_size(pl) > 0) {
        o.plans = plans;
        o.n_plans = json_array_size(pl);
    }
    json_array_foreach(sws, i, e)
    {
        if (dt_games_sequence_sweep_parse(json_string_value(e), &sw[i], &err) !=
            DT_OK) {
            sv_reply_error(r, 400, "bad_request", "%s", err.msg);
            return;
        }
    }
    o.sweeps = sw;
    o.n_sweeps = json_array_size(sws);
    sc = sv_spec_load(c->srv, c->body, NULL, r);
    if (!sc)
        return;
    st = dt_games_sequence_new(sc, &o, &seq, &err);
    if (st == DT_OK)
        st = dt_games_sequence_write_json(seq, NULL, sv_buf_write, &out, &err);
    if (st != DT_OK)
        sv_reply_dt(r, st, &err, "cannot solve the games");
    else
        sv_reply_doc(r, &out);
    sv_buf_release(&out);
    dt_games_sequence_free(seq);
    dt_scenario_free(sc);
}

/* ----- POST /api/new ----- */

#define SV_MAX_ITEMS 256 /* issues or actors of a scaffold */

/* The request's "issues" or "actors" as scaffold items. */
static int items(json_t *body, const char *key, int roles,
                 dt_scaffold_item *out, size_t *n, sv_reply *r)
{
    json_t *list = json_object_get(body, key), *e;
    size_t i;

    if (!json_is_array(list) || json_array_size(list) > SV_MAX_ITEMS) {
        sv_reply_error(r, 400, "bad_request",
                       "\"%s\" must be a list of at most %d objects", key,
                       SV_MAX_ITEMS);
        return 0;
    }
    json_array_foreach(list, i, e)
    {
        const char *role = "table";

        out[i].id = out[i].name = NULL;
        out[i].role = DT_ROLE_TABLE;
        if (!json_is_object(e) || !sv_field_string(e, "id", &out[i].id, r) ||
            !sv_field_string(e, "name", &out[i].name, r) ||
            !sv_field_string(e, "role", &role, r))
            goto bad;
        if (roles && strcmp(role, "excluded") == 0)
            out[i].role = DT_ROLE_EXCLUDED;
        else if (roles && strcmp(role, "table") != 0) {
            sv_reply_error(r, 400, "bad_request",
                           "role '%s' (expected table or excluded)", role);
            return 0;
        }
    }
    *n = json_array_size(list);
    return 1;
bad:
    if (!r->status)
        sv_reply_error(r, 400, "bad_request",
                       "each of \"%s\" is an object {\"id\", \"name\"%s}", key,
                       roles ? ", \"role\"" : "");
    return 0;
}

void sv_api_new(const sv_call *c, sv_reply *r)
{
    dt_scaffold_item *iss = NULL, *acs = NULL;
    const char *name = NULL;
    dt_scenario *sc = NULL;
    sv_buf yaml = {0}, obj = {0};
    size_t ni = 0, na = 0;
    dt_error err;
    dt_status st;

    iss = calloc(SV_MAX_ITEMS, sizeof *iss);
    acs = calloc(SV_MAX_ITEMS, sizeof *acs);
    if (!iss || !acs) {
        sv_reply_error(r, 500, "internal", "out of memory");
        goto out;
    }
    if (!sv_field_string(c->body, "name", &name, r) ||
        !items(c->body, "issues", 0, iss, &ni, r) ||
        !items(c->body, "actors", 1, acs, &na, r))
        goto out;
    st =
        dt_scenario_scaffold(name, iss, ni, acs, na, sv_buf_write, &yaml, &err);
    if (st == DT_OK)
        st = dt_scenario_parse(yaml.p, yaml.len, "new.yaml", DT_FORMAT_YAML,
                               NULL, &sc, &err);
    if (st == DT_OK)
        st = dt_scenario_write_json(sc, sv_buf_write, &obj, &err);
    if (st != DT_OK) {
        sv_reply_dt(r, st, &err, "cannot make the scaffold");
        goto out;
    }
    {
        json_t *o = json_loadb(obj.p, obj.len, 0, NULL);

        sv_reply_json(r, o ? 200 : 500,
                      json_pack("{s:s,s:o}", "yaml", yaml.p, "scenario",
                                o ? o : json_null()));
    }
out:
    dt_scenario_free(sc);
    sv_buf_release(&yaml);
    sv_buf_release(&obj);
    free(iss);
    free(acs);
}
