/*
 * What-ifs (dt_scenario_whatif, scenario.h): levers named by id, then
 * "SLOT=VALUE" overrides, applied to a clone of a scenario, with the
 * changes recorded in the result so that every document built from it
 * names them. An unknown lever or slot id is refused with the closest
 * ids (dt_scenario_slot_suggest): first the ids that extend it (a prefix
 * such as "russia.territory" leads to its ".position", ".salience", ...),
 * then those within a small edit distance (Levenshtein, ASCII case
 * folded), nearest first.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "scenario/scenario_int.h"

/* Longest id compared in full; longer ones are compared on their head. */
#define ID_MAX 127

static int fold(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Levenshtein distance of a and b (each cut at ID_MAX bytes). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t row[ID_MAX + 1], la = strlen(a), lb = strlen(b), i, j;

    la = la > ID_MAX ? ID_MAX : la;
    lb = lb > ID_MAX ? ID_MAX : lb;
    for (j = 0; j <= lb; j++)
        row[j] = j;
    for (i = 1; i <= la; i++) {
        size_t diag = row[0];

        row[0] = i;
        for (j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t sub = diag + (fold(a[i - 1]) != fold(b[j - 1]));
            size_t best = up + 1 < row[j - 1] + 1 ? up + 1 : row[j - 1] + 1;

            row[j] = sub < best ? sub : best;
            diag = up;
        }
    }
    return row[lb];
}

/*
 * Score of candidate `cand` for the unknown `id`: 0 when cand extends id
 * at a dot ("russia.territory" -> "russia.territory.position"), else 1 +
 * the edit distance; (size_t)-1 when too far to suggest (more than a
 * third of the longer id, at least 2).
 */
static size_t score(const char *id, const char *cand)
{
    size_t n = strlen(id), lc = strlen(cand), d, lim;

    if (n > 0 && lc > n && strncmp(cand, id, n) == 0 && cand[n] == '.')
        return 0;
    d = edit_distance(id, cand);
    lim = (n > lc ? n : lc) / 3;
    lim = lim < 2 ? 2 : lim;
    return d <= lim ? d + 1 : (size_t)-1;
}

/* Insert candidate k with score s into the best max (sorted by score). */
static size_t keep_best(size_t *out, size_t *sc, size_t n, size_t max, size_t k,
                        size_t s)
{
    size_t j;

    if (s == (size_t)-1 || max == 0)
        return n;
    if (n == max && s >= sc[n - 1])
        return n;
    j = n < max ? n++ : n - 1;
    for (; j > 0 && sc[j - 1] > s; j--) {
        out[j] = out[j - 1];
        sc[j] = sc[j - 1];
    }
    out[j] = k;
    sc[j] = s;
    return n;
}

#define SUGGEST_MAX 16

size_t dt_scenario_slot_suggest(const dt_scenario *sc, const char *id,
                                size_t *out, size_t max)
{
    size_t scores[SUGGEST_MAX], n = 0, k;
    char buf[512];

    max = max > SUGGEST_MAX ? SUGGEST_MAX : max;
    for (k = 0; id && k < sc->n_slots; k++) {
        int len = dt_scenario_slot_id(sc, k, buf, sizeof buf);

        if (len > 0 && (size_t)len < sizeof buf)
            n = keep_best(out, scores, n, max, k, score(id, buf));
    }
    return n;
}

size_t dt_scenario_lever_suggest(const dt_scenario *sc, const char *id,
                                 size_t *out, size_t max)
{
    size_t scores[SUGGEST_MAX], n = 0, k;

    max = max > SUGGEST_MAX ? SUGGEST_MAX : max;
    for (k = 0; id && k < sc->n_levers; k++)
        n = keep_best(out, scores, n, max, k, score(id, sc->levers[k].id));
    return n;
}

/* How many ids to offer in a message. */
#define OFFER 4

dt_status dt__slot_lookup(const dt_scenario *sc, const char *id, size_t *k,
                          dt_error *err)
{
    size_t best[OFFER], n, j;
    char list[200], buf[128];
    size_t used = 0;

    *k = dt_scenario_slot_find(sc, id);
    if (*k != (size_t)-1)
        return DT_OK;
    n = dt_scenario_slot_suggest(sc, id, best, OFFER);
    list[0] = '\0';
    for (j = 0; j < n && used < sizeof list; j++) {
        dt_scenario_slot_id(sc, best[j], buf, sizeof buf);
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                 j ? ", " : "", buf);
    }
    if (n)
        return dt__error_set(err, DT_EINVAL,
                             "unknown slot '%.60s' (did you mean %s?)", id,
                             list);
    return dt__error_set(err, DT_EINVAL,
                         "unknown slot '%.60s' (slots are ACTOR.capability, "
                         "ACTOR.no_deal.cost, ISSUE.status_quo and "
                         "ACTOR.ISSUE.position, .salience, .capability or "
                         ".no_deal)",
                         id);
}

static dt_status lever_lookup(const dt_scenario *sc, const char *id, size_t *k,
                              dt_error *err)
{
    size_t best[OFFER], n, j, used = 0;
    char list[200];

    *k = dt_scenario_lever_index(sc, id);
    if (*k != (size_t)-1)
        return DT_OK;
    if (sc->n_levers == 0)
        return dt__error_set(err, DT_EINVAL,
                             "unknown lever '%.60s': the scenario defines "
                             "no levers",
                             id);
    n = dt_scenario_lever_suggest(sc, id, best, OFFER);
    list[0] = '\0';
    for (j = 0; j < (n ? n : sc->n_levers) && used < sizeof list; j++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                 j ? ", " : "", sc->levers[n ? best[j] : j].id);
    return dt__error_set(err, DT_EINVAL, "unknown lever '%.60s' (%s %s%s)", id,
                         n ? "did you mean" : "the levers are", list,
                         n ? "?" : "");
}

dt_status dt_scenario_parse_set(const dt_scenario *sc, const char *arg,
                                size_t *slot, double *value, dt_error *err)
{
    const char *eq = arg ? strchr(arg, '=') : NULL;
    char id[256];
    size_t n;

    if (!eq || eq == arg)
        return dt__error_set(err, DT_EINVAL,
                             "'%.60s': expected SLOT=VALUE, e.g. "
                             "russia.territory.position=80",
                             arg ? arg : "");
    n = (size_t)(eq - arg);
    if (n >= sizeof id)
        return dt__error_set(err, DT_EINVAL, "slot id too long: '%.60s...'",
                             arg);
    memcpy(id, arg, n);
    id[n] = '\0';
    if (dt__slot_lookup(sc, id, slot, err) != DT_OK)
        return DT_EINVAL;
    if (!dt__parse_double(eq + 1, value) || !isfinite(*value))
        return dt__error_set(err, DT_EINVAL,
                             "%s: '%.40s' is not a number (expected e.g. "
                             "%s=80)",
                             id, eq + 1, id);
    return DT_OK;
}

/* Room for the record of changes: old ones plus `more`. */
static dt_status grow(dt_scenario *sc, size_t more, dt_error *err)
{
    const char **w =
        dt__arena_alloc(&sc->arena, (sc->n_whatif + more + 1) * sizeof *w);

    if (!w)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    if (sc->n_whatif)
        memcpy(w, sc->whatif, sc->n_whatif * sizeof *w);
    sc->whatif = w;
    return DT_OK;
}

static dt_status record(dt_scenario *sc, const char *text, dt_error *err)
{
    char *s = dt__arena_strdup(&sc->arena, text);

    if (!s)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    sc->whatif[sc->n_whatif++] = s;
    return DT_OK;
}

dt_status dt_scenario_whatif(const dt_scenario *base, const char *const *levers,
                             size_t n_levers, const char *const *sets,
                             size_t n_sets, dt_scenario **out, dt_error *err)
{
    size_t idx[64], *lv = idx, i;
    dt_scenario *sc = NULL;
    dt_status rc = DT_OK;

    *out = NULL;
    if (n_levers > sizeof idx / sizeof idx[0]) {
        lv = dt__alloc(base->alloc, n_levers * sizeof *lv);
        if (!lv)
            return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    for (i = 0; i < n_levers && rc == DT_OK; i++)
        rc = lever_lookup(base, levers[i], &lv[i], err);
    for (i = 0; i < n_sets && rc == DT_OK; i++) {
        size_t k;
        double v;

        rc = dt_scenario_parse_set(base, sets[i], &k, &v, err);
    }
    if (rc == DT_OK)
        rc = dt_scenario_apply_levers(base, lv, n_levers, &sc, err);
    if (rc == DT_OK)
        rc = grow(sc, n_levers + n_sets, err);
    for (i = 0; i < n_levers && rc == DT_OK; i++) {
        const dt_lever *l = &base->levers[lv[i]];
        char text[300];

        if (l->name && strcmp(l->name, l->id) != 0)
            snprintf(text, sizeof text, "lever %s (%s)", l->id, l->name);
        else
            snprintf(text, sizeof text, "lever %s", l->id);
        rc = record(sc, text, err);
    }
    for (i = 0; i < n_sets && rc == DT_OK; i++) {
        char id[256], text[400], was[DT__NUM_BUF], now[DT__NUM_BUF];
        dt_slot slot;
        dt_value *val;
        size_t k;
        double v;

        dt_scenario_parse_set(sc, sets[i], &k, &v, err);
        dt_scenario_slot(sc, k, &slot);
        dt_scenario_slot_id(sc, k, id, sizeof id);
        dt__fmt_shortest(slot.value->v, was);
        rc = dt_scenario_slot_set(sc, k, v, err);
        if (rc != DT_OK) {
            rc = DT_EINVAL; /* a command-line value, not the file's */
            break;
        }
        dt__fmt_shortest(v, now);
        snprintf(text, sizeof text, "%s = %s (was %s)", id, now, was);
        rc = record(sc, text, err);
        /* The number now stands on the what-if, not the file's note. */
        val = (dt_value *)slot.value;
        if (rc == DT_OK) {
            snprintf(text, sizeof text, "what-if: set to %s (was %s)", now,
                     was);
            val->note = dt__arena_strdup(&sc->arena, text);
            val->loc.line = val->loc.col = 0;
            if (!val->note)
                rc = dt__error_set(err, DT_ENOMEM, "out of memory");
        }
    }
    if (lv != idx)
        dt__free(base->alloc, lv, n_levers * sizeof *lv);
    if (rc != DT_OK) {
        dt_scenario_free(sc);
        return rc;
    }
    *out = sc;
    return DT_OK;
}

size_t dt_scenario_n_whatif(const dt_scenario *sc)
{
    return sc->n_whatif;
}

const char *dt_scenario_whatif_change(const dt_scenario *sc, size_t i)
{
    return i < sc->n_whatif ? sc->whatif[i] : NULL;
}
