/*
 * The scenario builder (dt_scenario_builder, scenario.h): issues, actors
 * and stakes added from plain C values, each checked as the YAML reader
 * checks it (yaml.c), then copied into a new scenario's arena in the
 * layout scenario_int.h describes.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "scenario/scenario_int.h"

/* One stake as added. */
typedef struct bd_stake {
    size_t actor, issue; /* indices */
    double x, s;         /* position and salience, 0-100 */
    double c;            /* per-issue capability, or NaN */
} bd_stake;

/*
 * Open-addressing hash set of indices (slot: index + 1, 0 = empty), so
 * that checking ids and stakes for duplicates stays linear in the size
 * of the scenario. What an index stands for (an id, an actor-issue pair)
 * is the caller's: it gives the hashes and compares.
 */
typedef struct bd_set {
    size_t *slot; /* cap slots */
    size_t cap;   /* a power of 2, or 0 */
    size_t n;     /* indices held */
} bd_set;

struct dt_scenario_builder {
    const dt_allocator *alloc; /* hook, borrowed */
    dt__arena arena;           /* strings */
    const char *name;          /* scenario name */
    double divisor;            /* salience divisor of the lines */
    dt_issue *issues;          /* n_issues of cap_issues */
    size_t n_issues, cap_issues;
    dt_actor *actors; /* n_actors of cap_actors */
    size_t n_actors, cap_actors;
    bd_stake *stakes; /* n_stakes of cap_stakes, in order added */
    size_t n_stakes, cap_stakes;
    bd_set issue_ids, actor_ids, pairs; /* duplicate checks */
};

/* ---- Small helpers ---- */

/* FNV-1a of a string. */
static size_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (size_t)(h ^ (h >> 32));
}

static size_t hash_pair(size_t a, size_t i)
{
    uint64_t h = (uint64_t)a * 0x9e3779b97f4a7c15ULL ^ (uint64_t)i;

    h = (h ^ (h >> 31)) * 0xbf58476d1ce4e5b9ULL;
    return (size_t)(h ^ (h >> 29));
}

/*
 * The index in set whose key equals the one hashing to h (eq(ud, index)
 * says whether index holds the key), or (size_t)-1; *at is the slot to
 * insert it in.
 */
static size_t set_find(const bd_set *t, size_t h,
                       int (*eq)(const void *ud, size_t idx), const void *ud,
                       size_t *at)
{
    size_t k;

    *at = 0;
    if (t->cap == 0)
        return (size_t)-1;
    for (k = h & (t->cap - 1); t->slot[k]; k = (k + 1) & (t->cap - 1))
        if (eq(ud, t->slot[k] - 1))
            return t->slot[k] - 1;
    *at = k;
    return (size_t)-1;
}

/*
 * Room for one more index (at most half full), rehashing with hash_of;
 * then *at is recomputed by the caller. DT_OK or DT_ENOMEM.
 */
static dt_status set_grow(const dt_scenario_builder *b, bd_set *t,
                          size_t (*hash_of)(const dt_scenario_builder *b,
                                            size_t idx),
                          dt_error *err)
{
    size_t cap = t->cap ? 2 * t->cap : 16, k, j;
    size_t *slot;

    if (2 * (t->n + 1) <= t->cap)
        return DT_OK;
    slot = dt__calloc(b->alloc, cap, sizeof *slot);
    if (!slot)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    for (k = 0; k < t->cap; k++) {
        if (!t->slot[k])
            continue;
        for (j = hash_of(b, t->slot[k] - 1) & (cap - 1); slot[j];
             j = (j + 1) & (cap - 1))
            ;
        slot[j] = t->slot[k];
    }
    dt__free(b->alloc, t->slot, t->cap * sizeof *t->slot);
    t->slot = slot;
    t->cap = cap;
    return DT_OK;
}

static size_t issue_hash(const dt_scenario_builder *b, size_t i)
{
    return hash_str(b->issues[i].id);
}

static size_t actor_hash(const dt_scenario_builder *b, size_t a)
{
    return hash_str(b->actors[a].id);
}

static size_t stake_hash(const dt_scenario_builder *b, size_t k)
{
    return hash_pair(b->stakes[k].actor, b->stakes[k].issue);
}

/* Key comparisons: the builder and the key being looked up. */
struct id_key {
    const dt_scenario_builder *b;
    const char *id;
};
struct pair_key {
    const dt_scenario_builder *b;
    size_t actor, issue;
};

static int issue_eq(const void *ud, size_t i)
{
    const struct id_key *k = ud;

    return strcmp(k->b->issues[i].id, k->id) == 0;
}

static int actor_eq(const void *ud, size_t a)
{
    const struct id_key *k = ud;

    return strcmp(k->b->actors[a].id, k->id) == 0;
}

static int stake_eq(const void *ud, size_t s)
{
    const struct pair_key *k = ud;

    return k->b->stakes[s].actor == k->actor &&
           k->b->stakes[s].issue == k->issue;
}

/* Room for n + 1 elements of `size` bytes in *arr (cap *cap). */
static dt_status reserve(const dt_scenario_builder *b, void **arr, size_t *cap,
                         size_t n, size_t size, dt_error *err)
{
    size_t ncap;
    void *p;

    if (n < *cap)
        return DT_OK;
    ncap = *cap ? 2 * *cap : 8;
    p = dt__realloc(b->alloc, *arr, *cap * size, ncap * size);
    if (!p)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    *arr = p;
    *cap = ncap;
    return DT_OK;
}

/* Whether s is valid UTF-8 (RFC 3629). */
static int utf8_ok(const char *s)
{
    size_t n = strlen(s), k = 0, len;

    while (k < n) {
        len = dt__utf8_len((const unsigned char *)s + k, n - k);
        if (len == 0)
            return 0;
        k += len;
    }
    return 1;
}

/* v as the shortest of %.15g and %.17g that reads back as v. */
static const char *num_text(double v, char buf[32])
{
    double back;

    snprintf(buf, 32, "%.15g", v);
    if (isfinite(v) && (!dt__parse_double(buf, &back) || back != v))
        snprintf(buf, 32, "%.17g", v);
    return buf;
}

enum bd_range { BD_PCT, BD_NONNEG };

/*
 * Check the number `key` of `what` ("issue 'x'"): finite, and in 0-100
 * (BD_PCT) or >= 0 (BD_NONNEG); the messages are the YAML reader's.
 */
static dt_status check_num(const char *what, const char *key, double v,
                           enum bd_range r, dt_error *err)
{
    char t[32];

    if (!isfinite(v))
        return dt__error_set(err, DT_ESCENARIO,
                             "%s: %s must be a finite number, got %s", what,
                             key, num_text(v, t));
    if (r == BD_PCT && !(v >= 0.0 && v <= 100.0))
        return dt__error_set(err, DT_ESCENARIO,
                             "%s: %s must be between 0 and 100, got %s", what,
                             key, num_text(v, t));
    if (r == BD_NONNEG && !(v >= 0.0))
        return dt__error_set(err, DT_ESCENARIO, "%s: %s must be >= 0, got %s",
                             what, key, num_text(v, t));
    if (r == BD_NONNEG && v > DT__VALUE_MAX)
        return dt__error_set(err, DT_ESCENARIO,
                             "%s: %s is too large: the allowed range is 0 to "
                             "%g, got %s",
                             what, key, DT__VALUE_MAX, num_text(v, t));
    return DT_OK;
}

/*
 * Check an issue's or actor's id and name (`what` is "issue" or
 * "actor"); the messages are the YAML reader's.
 */
static dt_status check_id_name(const char *what, const char *id,
                               const char *name, dt_error *err)
{
    char ex[DT__QUOTE + 4];

    if (!id)
        return dt__error_set(err, DT_ESCENARIO,
                             "%s is missing required key 'id'", what);
    if (!dt__valid_id(id))
        return dt__error_set(err, DT_ESCENARIO,
                             "invalid %s id '%s' (use letters, digits, '_', "
                             "'.' and '-')",
                             what, dt__excerpt(id, ex));
    if (!name)
        return dt__error_set(err, DT_ESCENARIO,
                             "%s '%s' is missing required key 'name'", what,
                             dt__excerpt(id, ex));
    if (!utf8_ok(name))
        return dt__error_set(err, DT_ESCENARIO,
                             "%s '%s': name is not valid UTF-8", what,
                             dt__excerpt(id, ex));
    return DT_OK;
}

/* ---- The builder ---- */

dt_status dt_scenario_builder_new(const char *name, const dt_allocator *alloc,
                                  dt_scenario_builder **out, dt_error *err)
{
    dt_scenario_builder *b;

    *out = NULL;
    if (!name)
        return dt__error_set(err, DT_ESCENARIO,
                             "scenario is missing required key 'name'");
    if (!utf8_ok(name))
        return dt__error_set(err, DT_ESCENARIO,
                             "the scenario's name is not valid UTF-8");
    b = dt__calloc(alloc, 1, sizeof *b);
    if (!b)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    b->alloc = alloc;
    dt__arena_init(&b->arena, alloc);
    b->divisor = 100.0;
    b->name = dt__arena_strdup(&b->arena, name);
    if (!b->name) {
        dt_scenario_builder_free(b);
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    }
    *out = b;
    return DT_OK;
}

void dt_scenario_builder_free(dt_scenario_builder *b)
{
    if (!b)
        return;
    dt__free(b->alloc, b->issues, b->cap_issues * sizeof *b->issues);
    dt__free(b->alloc, b->actors, b->cap_actors * sizeof *b->actors);
    dt__free(b->alloc, b->stakes, b->cap_stakes * sizeof *b->stakes);
    dt__free(b->alloc, b->issue_ids.slot,
             b->issue_ids.cap * sizeof *b->issue_ids.slot);
    dt__free(b->alloc, b->actor_ids.slot,
             b->actor_ids.cap * sizeof *b->actor_ids.slot);
    dt__free(b->alloc, b->pairs.slot, b->pairs.cap * sizeof *b->pairs.slot);
    dt__arena_release(&b->arena);
    dt__free(b->alloc, b, sizeof *b);
}

/* Whether one more issue or actor keeps the scenario within the cap. */
static dt_status check_size(size_t na, size_t ni, dt_error *err)
{
    if (ni > 0 && na > DT__MAX_CELLS / ni)
        return dt__error_set(err, DT_ESCENARIO,
                             "scenario is too large (%zu actors x %zu issues)",
                             na, ni);
    return DT_OK;
}

dt_status dt_scenario_builder_add_issue(dt_scenario_builder *b, const char *id,
                                        const char *name, double status_quo,
                                        size_t *index, dt_error *err)
{
    struct id_key key;
    char what[DT__QUOTE + 16], ex[DT__QUOTE + 4];
    size_t at, first;
    dt_issue *is;
    dt_status rc;

    rc = check_id_name("issue", id, name, err);
    if (rc != DT_OK)
        return rc;
    snprintf(what, sizeof what, "issue '%s'", dt__excerpt(id, ex));
    if (!isnan(status_quo)) {
        rc = check_num(what, "status_quo", status_quo, BD_PCT, err);
        if (rc != DT_OK)
            return rc;
    }
    key.b = b;
    key.id = id;
    first = set_find(&b->issue_ids, hash_str(id), issue_eq, &key, &at);
    if (first != (size_t)-1)
        return dt__error_set(err, DT_ESCENARIO,
                             "duplicate issue id '%s' (first at index %zu)",
                             dt__excerpt(id, ex), first);
    rc = check_size(b->n_actors, b->n_issues + 1, err);
    if (rc == DT_OK)
        rc = reserve(b, (void **)&b->issues, &b->cap_issues, b->n_issues,
                     sizeof *b->issues, err);
    if (rc == DT_OK)
        rc = set_grow(b, &b->issue_ids, issue_hash, err);
    if (rc != DT_OK)
        return rc;
    is = &b->issues[b->n_issues];
    memset(is, 0, sizeof *is);
    is->id = dt__arena_strdup(&b->arena, id);
    is->name = dt__arena_strdup(&b->arena, name);
    if (!is->id || !is->name)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    is->has_status_quo = !isnan(status_quo);
    is->status_quo.v = is->has_status_quo ? status_quo : 0.0;
    set_find(&b->issue_ids, hash_str(id), issue_eq, &key, &at);
    b->issue_ids.slot[at] = b->n_issues + 1;
    b->issue_ids.n++;
    if (index)
        *index = b->n_issues;
    b->n_issues++;
    return DT_OK;
}

dt_status dt_scenario_builder_add_actor(dt_scenario_builder *b, const char *id,
                                        const char *name, dt_role role,
                                        double capability, size_t *index,
                                        dt_error *err)
{
    struct id_key key;
    char what[DT__QUOTE + 16], ex[DT__QUOTE + 4];
    size_t at, first;
    dt_actor *ac;
    dt_status rc;

    rc = check_id_name("actor", id, name, err);
    if (rc != DT_OK)
        return rc;
    if (role != DT_ROLE_TABLE && role != DT_ROLE_EXCLUDED &&
        role != DT_ROLE_RATIFIER && role != DT_ROLE_MEDIATOR)
        return dt__error_set(err, DT_EINVAL,
                             "actor '%s': role must be DT_ROLE_TABLE, "
                             "DT_ROLE_EXCLUDED, DT_ROLE_RATIFIER or "
                             "DT_ROLE_MEDIATOR, got %d",
                             dt__excerpt(id, ex), (int)role);
    snprintf(what, sizeof what, "actor '%s'", dt__excerpt(id, ex));
    rc = check_num(what, "capability", capability, BD_NONNEG, err);
    if (rc != DT_OK)
        return rc;
    key.b = b;
    key.id = id;
    first = set_find(&b->actor_ids, hash_str(id), actor_eq, &key, &at);
    if (first != (size_t)-1)
        return dt__error_set(err, DT_ESCENARIO,
                             "duplicate actor id '%s' (first at index %zu)",
                             dt__excerpt(id, ex), first);
    rc = check_size(b->n_actors + 1, b->n_issues, err);
    if (rc == DT_OK)
        rc = reserve(b, (void **)&b->actors, &b->cap_actors, b->n_actors,
                     sizeof *b->actors, err);
    if (rc == DT_OK)
        rc = set_grow(b, &b->actor_ids, actor_hash, err);
    if (rc != DT_OK)
        return rc;
    ac = &b->actors[b->n_actors];
    memset(ac, 0, sizeof *ac);
    ac->id = dt__arena_strdup(&b->arena, id);
    ac->name = dt__arena_strdup(&b->arena, name);
    if (!ac->id || !ac->name)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    ac->role = role;
    ac->capability.v = capability;
    set_find(&b->actor_ids, hash_str(id), actor_eq, &key, &at);
    b->actor_ids.slot[at] = b->n_actors + 1;
    b->actor_ids.n++;
    if (index)
        *index = b->n_actors;
    b->n_actors++;
    return DT_OK;
}

dt_status dt_scenario_builder_add_stake(dt_scenario_builder *b, size_t actor,
                                        size_t issue, double position,
                                        double salience, double capability,
                                        dt_error *err)
{
    struct pair_key key;
    char what[2 * DT__QUOTE + 48], ex[DT__QUOTE + 4], ex2[DT__QUOTE + 4];
    size_t at;
    bd_stake *st;
    dt_status rc;

    if (actor >= b->n_actors)
        return dt__error_set(err, DT_EINVAL,
                             "no actor %zu (the builder has %zu)", actor,
                             b->n_actors);
    if (issue >= b->n_issues)
        return dt__error_set(err, DT_EINVAL,
                             "no issue %zu (the builder has %zu)", issue,
                             b->n_issues);
    snprintf(what, sizeof what, "stake of actor '%s' in issue '%s'",
             dt__excerpt(b->actors[actor].id, ex),
             dt__excerpt(b->issues[issue].id, ex2));
    rc = check_num(what, "position", position, BD_PCT, err);
    if (rc == DT_OK)
        rc = check_num(what, "salience", salience, BD_PCT, err);
    if (rc == DT_OK && !isnan(capability))
        rc = check_num(what, "capability", capability, BD_NONNEG, err);
    if (rc != DT_OK)
        return rc;
    key.b = b;
    key.actor = actor;
    key.issue = issue;
    if (set_find(&b->pairs, hash_pair(actor, issue), stake_eq, &key, &at) !=
        (size_t)-1)
        return dt__error_set(err, DT_ESCENARIO, "duplicate %s", what);
    rc = reserve(b, (void **)&b->stakes, &b->cap_stakes, b->n_stakes,
                 sizeof *b->stakes, err);
    if (rc == DT_OK)
        rc = set_grow(b, &b->pairs, stake_hash, err);
    if (rc != DT_OK)
        return rc;
    st = &b->stakes[b->n_stakes];
    st->actor = actor;
    st->issue = issue;
    st->x = position;
    st->s = salience;
    st->c = capability;
    set_find(&b->pairs, hash_pair(actor, issue), stake_eq, &key, &at);
    b->pairs.slot[at] = b->n_stakes + 1;
    b->pairs.n++;
    b->n_stakes++;
    return DT_OK;
}

dt_status dt_scenario_builder_set_salience_divisor(dt_scenario_builder *b,
                                                   double divisor,
                                                   dt_error *err)
{
    char t[32];

    if (!(isfinite(divisor) && divisor > 0.0))
        return dt__error_set(err, DT_EINVAL,
                             "the salience divisor must be finite and > 0, "
                             "got %s",
                             num_text(divisor, t));
    b->divisor = divisor;
    return DT_OK;
}

/* ---- Finishing ---- */

/* s copied into the scenario's arena (NULL stays NULL). */
static int copy_str(dt_scenario *sc, const char **s)
{
    if (!*s)
        return 1;
    *s = dt__arena_strdup(&sc->arena, *s);
    return *s != NULL;
}

/* The scenario's tables from the builder's (checked already). */
static dt_status fill(const dt_scenario_builder *b, dt_scenario *sc,
                      dt_error *err)
{
    size_t na = b->n_actors, ni = b->n_issues, k;
    dt_stake *st;
    int ok = 1;

    sc->name = b->name;
    sc->salience_divisor = b->divisor;
    sc->n_issues = ni;
    sc->n_actors = na;
    sc->issues = dt__arena_alloc(&sc->arena, ni * sizeof *sc->issues);
    sc->actors = dt__arena_alloc(&sc->arena, na * sizeof *sc->actors);
    sc->stakes = dt__arena_alloc(&sc->arena, na * ni * sizeof *sc->stakes);
    st = dt__arena_alloc(&sc->arena, (b->n_stakes + 1) * sizeof *st);
    if (!sc->issues || !sc->actors || !sc->stakes || !st ||
        !copy_str(sc, &sc->name))
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    memcpy(sc->issues, b->issues, ni * sizeof *sc->issues);
    memcpy(sc->actors, b->actors, na * sizeof *sc->actors);
    for (k = 0; k < ni; k++)
        ok = ok && copy_str(sc, &sc->issues[k].id) &&
             copy_str(sc, &sc->issues[k].name);
    for (k = 0; k < na; k++)
        ok = ok && copy_str(sc, &sc->actors[k].id) &&
             copy_str(sc, &sc->actors[k].name);
    if (!ok)
        return dt__error_set(err, DT_ENOMEM, "out of memory");
    for (k = 0; k < b->n_stakes; k++) {
        const bd_stake *s = &b->stakes[k];

        st[k].position.v = s->x;
        st[k].salience.v = s->s;
        st[k].has_capability = !isnan(s->c);
        st[k].capability.v = st[k].has_capability ? s->c : 0.0;
        sc->stakes[s->actor * ni + s->issue] = &st[k];
    }
    return DT_OK;
}

dt_status dt_scenario_builder_finish(const dt_scenario_builder *b,
                                     dt_scenario **out, dt_error *err)
{
    dt_scenario *sc = NULL;
    size_t i, a;
    dt_status rc;

    *out = NULL;
    if (b->n_issues == 0)
        return dt__error_set(err, DT_ESCENARIO, "the issue list is empty");
    if (b->n_actors == 0)
        return dt__error_set(err, DT_ESCENARIO, "the actor list is empty");
    rc = dt__scenario_new(b->alloc, "", &sc, err);
    if (rc == DT_OK)
        rc = fill(b, sc, err);
    if (rc != DT_OK)
        goto fail;
    for (i = 0; i < b->n_issues; i++) {
        for (a = 0; a < b->n_actors; a++)
            if (sc->stakes[a * b->n_issues + i])
                break;
        if (a == b->n_actors) {
            char ex[DT__QUOTE + 4];

            rc = dt__error_set(err, DT_ESCENARIO,
                               "no actor has a stake in issue '%s'",
                               dt__excerpt(b->issues[i].id, ex));
            goto fail;
        }
    }
    rc = dt__scenario_slots(sc, err);
    if (rc != DT_OK)
        goto fail;
    *out = sc;
    return DT_OK;
fail:
    dt_scenario_free(sc);
    return rc;
}
