/*
 * detente serve: POST /api/reconcile, where several analysts' estimates
 * disagree and whether it matters (docs/judgement.md) for the workbench's
 * "Analysts" panel. The body is a scenario (as every endpoint: "path",
 * "yaml" or "scenario", with "apply") plus "estimates", the analysts'
 * files under DIR (1 to 64 paths), and optional "models" (names). The
 * answer is the library's reconciliation, schema detente-reconcile/1:
 * the bytes of `detente reconcile FILE ESTIMATES... --format json`.
 * sv_estimates_load reads the analysts' files for it and for POST
 * /api/sweep (jobs.c: the sweep draws their numbers from the mixture).
 */
#include <stdlib.h>
#include <string.h>

#include "sv.h"

#define SV_MAX_ANALYSTS 64 /* DT_ESTIMATES_MAX_ANALYSTS */
#define SV_MAX_MODELS   16

/*
 * The request's "estimates" (a list of 1 to 64 files under DIR, checked)
 * read for sc into *out (NULL when the field is absent and !required).
 * Returns 1, or 0 with a reply (400, 403, 404; 422 with the file, line
 * and column of a bad estimates file).
 */
int sv_estimates_load(const sv_server *srv, json_t *body, const dt_scenario *sc,
                      int required, dt_estimates **out, sv_reply *r)
{
    json_t *files, *e;
    dt_estimates *est = NULL;
    dt_error err;
    dt_status st;
    size_t i;

    *out = NULL;
    if (!sv_field_strings(body, "estimates", &files, r))
        return 0;
    if (!files && !required)
        return 1;
    if (!files || json_array_size(files) < 1 ||
        json_array_size(files) > SV_MAX_ANALYSTS) {
        sv_reply_error(r, 400, "bad_request",
                       "\"estimates\" must be a list of 1 to %d estimates "
                       "files (paths under the served directory)",
                       SV_MAX_ANALYSTS);
        return 0;
    }
    st = dt_estimates_new(sc, &est, &err);
    json_array_foreach(files, i, e)
    {
        const char *rel = json_string_value(e);
        char *buf = NULL;
        size_t len = 0;

        if (st != DT_OK)
            break;
        if (!sv_path_ok(rel, strlen(rel), r) ||
            !sv_path_read(srv, rel, &buf, &len, r)) {
            dt_estimates_free(est);
            return 0;
        }
        st = dt_estimates_add_text(est, rel, buf, len, &err);
        free(buf);
    }
    if (st != DT_OK) {
        sv_reply_dt(r, st, &err, "cannot read the estimates");
        dt_estimates_free(est);
        return 0;
    }
    *out = est;
    return 1;
}

void sv_api_reconcile(const sv_call *c, sv_reply *r)
{
    dt_vary_opts vo = DT_VARY_OPTS_INIT;
    const char *models[SV_MAX_MODELS];
    json_t *ms, *e;
    dt_scenario *sc = NULL;
    dt_estimates *est = NULL;
    dt_reconcile *rec = NULL;
    sv_buf out = {0};
    dt_error err;
    dt_status st;
    size_t i;

    if (!sv_field_strings(c->body, "models", &ms, r))
        return;
    if (json_array_size(ms) > SV_MAX_MODELS) {
        sv_reply_error(r, 400, "bad_request", "at most %d models",
                       SV_MAX_MODELS);
        return;
    }
    json_array_foreach(ms, i, e) models[i] = json_string_value(e);
    if (ms && json_array_size(ms) > 0) {
        vo.models = models;
        vo.n_models = json_array_size(ms);
    }
    sc = sv_spec_load(c->srv, c->body, NULL, r);
    if (!sc)
        return;
    if (!sv_estimates_load(c->srv, c->body, sc, 1, &est, r))
        goto out;
    st = dt_reconcile_new(sc, est, &vo, &rec, &err);
    if (st == DT_OK)
        st = dt_reconcile_write_json(rec, NULL, sv_buf_write, &out, &err);
    if (st != DT_OK)
        sv_reply_dt(r, st, &err, "cannot reconcile");
    else
        sv_reply_doc(r, &out);
out:
    sv_buf_release(&out);
    dt_reconcile_free(rec);
    dt_estimates_free(est);
    dt_scenario_free(sc);
    dt_analysis_thread_end();
}
