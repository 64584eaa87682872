/*
 * Resolving a sealed record (dt_seal_resolve, seal.h): what happened,
 * kept beside the sealed sections under "resolution" (not sealed, so
 * dt_seal_verify still checks the forecast).
 */
#include <math.h>
#include <string.h>

#include "seal/seal_int.h"

/* The record's "resolution" object, created when missing. */
static json_t *resolution(dt_seal *s)
{
    json_t *r = json_object_get(s->rec, "resolution");

    if (json_is_object(r))
        return r;
    r = json_object();
    if (!r || json_object_set_new(s->rec, "resolution", r) != 0)
        return NULL;
    return r;
}

dt_status dt_seal_resolve(dt_seal *s, const char *issue, double value,
                          dt_error *err)
{
    const json_t *issues =
        json_object_get(json_object_get(s->rec, "rubric"), "issues");
    const json_t *it;
    json_t *r, *obs;
    char list[200] = "";
    size_t i, used = 0;
    int found = 0;

    json_array_foreach(issues, i, it)
    {
        const char *id = json_string_value(json_object_get(it, "issue"));

        if (!id)
            continue;
        if (strcmp(id, issue) == 0)
            found = 1;
        if (used + strlen(id) + 3 < sizeof list) {
            memcpy(list + used, id, strlen(id));
            used += strlen(id);
            memcpy(list + used, ", ", 3);
            used += 2;
        }
    }
    if (used >= 2)
        list[used - 2] = '\0';
    if (!found)
        return dt__error_set(err, DT_EINVAL,
                             "unknown issue '%s' (the record has %s)", issue,
                             used ? list : "no issues");
    if (!isfinite(value) || value < 0 || value > 100)
        return dt__error_set(err, DT_EINVAL,
                             "observed value of '%s' must be on the 0-100 "
                             "scale, got %g",
                             issue, value);
    r = resolution(s);
    obs = r ? json_object_get(r, "observed") : NULL;
    if (r && !json_is_object(obs)) {
        obs = json_object();
        if (obs && json_object_set_new(r, "observed", obs) != 0)
            obs = NULL;
    }
    if (!obs || json_object_set_new(obs, issue, json_real(value)) != 0)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    return DT_OK;
}

dt_status dt_seal_resolve_agreement(dt_seal *s, int agreement, dt_error *err)
{
    json_t *r = resolution(s);

    if (!r ||
        json_object_set_new(r, "agreement", json_boolean(agreement != 0)) != 0)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    return DT_OK;
}
