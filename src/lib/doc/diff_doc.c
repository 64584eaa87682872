/*
 * The document of a diff of two scenario versions (dt_diff_doc, diff.h):
 * a summary, the inputs that changed, then the results that moved,
 * largest first, each with the inputs that moved it alone and the rest.
 */
#include <math.h>
#include <string.h>

#include "doc/doc_int.h"

#include <detente/diff.h>

/* Inputs named per move in the text (the CSV has them all). */
#define SHOWN 3

static const char *how_word(dt_diff_how how)
{
    switch (how) {
    case DT_DIFF_ALONE:
        return "value";
    case DT_DIFF_NOTE_ONLY:
        return "note only";
    case DT_DIFF_ADDED:
        return "added";
    case DT_DIFF_REMOVED:
        return "removed";
    }
    return "?";
}

/* A result's value in its unit. */
static const char *value_text(dt_doc *d, const dt_diff_move *m, double v,
                              const char *text)
{
    switch (m->kind) {
    case DT_DIFF_ZONE:
        return text ? text : "n/a";
    case DT_DIFF_DURABILITY:
        return isfinite(v) ? dt_doc_fmt(d, "%.1f%%", 100.0 * v) : "n/a";
    case DT_DIFF_SPOILERS:
        if (!isfinite(v))
            return "n/a";
        return text && *text ? dt_doc_fmt(d, "%.0f (%s)", v, text)
                             : dt_doc_fmt(d, "%.0f", v);
    case DT_DIFF_LEVER_RANK:
        return dt_doc_num(d, "%.0f", v, "n/a");
    case DT_DIFF_DEAL:
    case DT_DIFF_FORECAST:
    case DT_DIFF_SURPLUS:
        break;
    }
    return dt_doc_num(d, "%.2f", v, "n/a");
}

/* A change (new - old, or an effect) in the result's unit. */
static const char *delta_text(dt_doc *d, dt_diff_kind kind, double x)
{
    if (isnan(x))
        return "appears or vanishes";
    switch (kind) {
    case DT_DIFF_ZONE:
        return x > 0 ? "opens" : x < 0 ? "closes" : "same verdict";
    case DT_DIFF_DURABILITY:
        return dt_doc_fmt(d, "%+.1f pp", 100.0 * x);
    case DT_DIFF_SPOILERS:
    case DT_DIFF_LEVER_RANK:
        return dt_doc_fmt(d, "%+.0f", x);
    case DT_DIFF_DEAL:
    case DT_DIFF_FORECAST:
    case DT_DIFF_SURPLUS:
        break;
    }
    return dt_doc_fmt(d, "%+.2f", x);
}

static const char *change_text(dt_doc *d, const dt_diff_move *m)
{
    if (isnan(m->old_value))
        return "appears";
    if (isnan(m->new_value))
        return "vanishes";
    if (m->kind == DT_DIFF_SPOILERS && m->new_value == m->old_value)
        return "others";
    return delta_text(d, m->kind, m->new_value - m->old_value);
}

/* Whether a change as written reads as zero ("+0.00", "-0.0 pp"). */
static int reads_zero(const char *s)
{
    int zero = 0;

    for (; *s; s++)
        if (*s >= '1' && *s <= '9')
            return 0;
        else if (*s == '0')
            zero = 1;
    return zero;
}

/*
 * "x.i.position +5.00; y.capability -1.00; 2 more" (at most `max`;
 * effects that read as zero at this precision are left out).
 */
static const char *shares_text(dt_doc *d, const dt_diff *df,
                               const dt_diff_move *m, size_t max)
{
    const char *s = "";
    size_t k, shown = 0, more = 0;

    if (!m->shares)
        return "n/a (only the second version has it)";
    for (k = 0; k < m->n_shares; k++) {
        const char *e = delta_text(d, m->kind, m->shares[k].effect);

        if (!e || reads_zero(e))
            continue;
        if (shown == max) {
            more++;
            continue;
        }
        s = dt_doc_fmt(d, "%s%s%s %s", s, shown ? "; " : "",
                       df->inputs[m->shares[k].input].id, e);
        shown++;
    }
    if (shown == 0)
        return "none alone";
    if (more)
        s = dt_doc_fmt(d, "%s; %zu more", s, more);
    return s;
}

static const char *rest_text(dt_doc *d, const dt_diff_move *m)
{
    if (isnan(m->rest))
        return "n/a";
    if (m->rest == 0.0)
        return "0";
    return delta_text(d, m->kind, m->rest);
}

static const char *note_text(dt_doc *d, const dt_diff_input *in)
{
    const char *o = in->old_note ? in->old_note : "";
    const char *n = in->new_note ? in->new_note : "";

    if (in->how == DT_DIFF_REMOVED) /* the slot is gone, not its note */
        return "";
    if (in->how == DT_DIFF_ADDED || strcmp(o, n) == 0)
        return n;
    if (!*o)
        return dt_doc_fmt(d, "new note: %s", n);
    if (!*n)
        return dt_doc_fmt(d, "note dropped (was: %s)", o);
    return dt_doc_fmt(d, "%s (was: %s)", n, o);
}

/* Text layout of table t: each column as wide as its widest cell, cut at
 * its wrap width (then wrapped), numbers right-aligned. */
static void layout(dt_doc *d, size_t t, const unsigned *wrap)
{
    const dt_doc_block *b = t == DT_DOC_NONE ? NULL : dt_doc_block_at(d, t);
    dt_doc_col col[8];
    size_t r, c;

    if (!b || !b->cells || b->cols > 8)
        return;
    for (c = 0; c < b->cols; c++) {
        size_t w = 0;

        for (r = 0; r < b->rows; r++) {
            const char *s = b->cells[r * b->cols + c];
            size_t n = s ? strlen(s) : 0;

            if (n > w)
                w = n;
        }
        if (wrap[c] && w > wrap[c])
            w = wrap[c];
        col[c].sep = c ? "  " : "";
        col[c].width = c + 1 < b->cols ? (unsigned)w : 0;
        col[c].right = b->num && b->num[c];
    }
    dt_doc_columns(d, t, col);
    dt_doc_wrap(d, t, wrap);
}

static void inputs_table(dt_doc *d, const dt_diff *df, int sub)
{
    static const char *const keys[] = {"slot", "kind",   "old",
                                       "new",  "change", "note"};
    static const unsigned wrap[] = {0, 0, 0, 0, 0, 48};
    size_t k, t;

    dt_doc_heading(d, sub ? 3 : 2, sub ? NULL : "diff-inputs",
                   "Inputs that changed");
    dt_doc_gap(d, 1, 0);
    t = dt_doc_table(d, df->n_inputs + 1, 6, NULL);
    dt_doc_gap(d, 1, 2);
    for (k = 0; k < 6; k++)
        dt_doc_cell(d, t, 0, k, "%s", keys[k]);
    dt_doc_keys(d, t, keys);
    dt_doc_numeric(d, t, 2);
    dt_doc_numeric(d, t, 3);
    for (k = 0; k < df->n_inputs; k++) {
        const dt_diff_input *in = &df->inputs[k];

        dt_doc_cell(d, t, k + 1, 0, "%s", in->id);
        dt_doc_cell(d, t, k + 1, 1, "%s", dt_slot_kind_name(in->kind));
        dt_doc_cell(d, t, k + 1, 2, "%s",
                    dt_doc_num(d, "%g", in->old_value, "-"));
        dt_doc_cell(d, t, k + 1, 3, "%s",
                    dt_doc_num(d, "%g", in->new_value, "-"));
        dt_doc_cell(d, t, k + 1, 4, "%s", how_word(in->how));
        dt_doc_cell(d, t, k + 1, 5, "%s", note_text(d, in));
    }
    layout(d, t, wrap);
}

static void moves_table(dt_doc *d, const dt_diff *df, size_t max, int sub)
{
    static const char *const keys[] = {"result", "old",    "new",
                                       "change", "inputs", "rest"};
    static const unsigned wrap[] = {0, 24, 24, 0, 44, 0};
    size_t k, t;

    dt_doc_heading(d, sub ? 3 : 2, sub ? NULL : "diff-moves",
                   "Results that moved, largest first");
    dt_doc_gap(d, 1, 0);
    t = dt_doc_table(d, df->n_moves + 1, 6, NULL);
    dt_doc_gap(d, 1, 2);
    dt_doc_cell(d, t, 0, 0, "%s", "result");
    dt_doc_cell(d, t, 0, 1, "%s", "old");
    dt_doc_cell(d, t, 0, 2, "%s", "new");
    dt_doc_cell(d, t, 0, 3, "%s", "change");
    dt_doc_cell(d, t, 0, 4, "%s", "moved by (each input alone)");
    dt_doc_cell(d, t, 0, 5, "%s", "rest");
    dt_doc_keys(d, t, keys);
    for (k = 0; k < df->n_moves; k++) {
        const dt_diff_move *m = &df->moves[k];

        dt_doc_cell(d, t, k + 1, 0, "%s", m->id);
        dt_doc_cell(d, t, k + 1, 1, "%s",
                    value_text(d, m, m->old_value, m->old_text));
        dt_doc_cell(d, t, k + 1, 2, "%s",
                    value_text(d, m, m->new_value, m->new_text));
        dt_doc_cell(d, t, k + 1, 3, "%s", change_text(d, m));
        dt_doc_cell(d, t, k + 1, 4, "%s", shares_text(d, df, m, max));
        dt_doc_cell(d, t, k + 1, 5, "%s", rest_text(d, m));
    }
    layout(d, t, wrap);
}

dt_status dt_diff_doc(const dt_diff *df, const dt_doc_opts *o, dt_doc *d,
                      dt_error *err)
{
    size_t k, structural = 0, notes = 0;
    int sub = o && o->section;

    if (sub)
        dt_doc_heading(d, 2, NULL,
                       dt_doc_fmt(d, "What changed: %s -> %s",
                                  dt_scenario_name(df->a),
                                  dt_scenario_name(df->b)));
    else {
        dt_doc_set_title(d, dt_doc_fmt(d, "diff: %s -> %s",
                                       dt_scenario_name(df->a),
                                       dt_scenario_name(df->b)));
        dt_doc_heading(d, 1, "diff", dt_doc_title(d));
    }
    dt_doc_paraf(d, DT_DOC_STYLE_TEXT, "first: %s; second: %s",
                 dt_scenario_path(df->a), dt_scenario_path(df->b));
    dt__doc_whatif(d, df->b);
    for (k = 0; k < df->n_inputs; k++) {
        structural += df->inputs[k].how == DT_DIFF_ADDED ||
                      df->inputs[k].how == DT_DIFF_REMOVED;
        notes += df->inputs[k].how == DT_DIFF_NOTE_ONLY;
    }
    if (df->n_inputs == 0 && df->n_moves == 0)
        dt_doc_para(d, DT_DOC_STYLE_TEXT,
                    "No input changed and no result moved.");
    else
        dt_doc_paraf(
            d, DT_DOC_STYLE_TEXT,
            "%zu input%s changed (%zu number%s, each applied alone to the "
            "first version; %zu note%s only; %zu added or removed); %zu of "
            "%zu results moved. Models: %zu forecast model%s; analysis %s.",
            df->n_inputs, df->n_inputs == 1 ? "" : "s", df->n_alone,
            df->n_alone == 1 ? "" : "s", notes, notes == 1 ? "" : "s",
            structural, df->n_moves, df->n_results, df->n_models,
            df->n_models == 1 ? "" : "s",
            df->analysed_a && df->analysed_b ? "of both versions"
            : df->analysed_a                 ? "of the first version only"
            : df->analysed_b                 ? "of the second version only"
                             : "of neither (no table actor or no-deal terms)");
    if (df->n_moves && df->n_inputs == 0)
        dt_doc_para(d, DT_DOC_STYLE_TEXT,
                    "No parameter slot changed: the moves come from changes "
                    "without a slot (red lines, roles, levers, the models' "
                    "options).");
    if (df->n_moves)
        dt_doc_para(d, DT_DOC_STYLE_TEXT,
                    "'moved by' gives what each changed input alone does to "
                    "the first version's result; 'rest' is what they leave "
                    "unexplained (their interactions, added or removed "
                    "actors and stakes, changes without a slot).");
    if (df->n_inputs)
        inputs_table(d, df, sub);
    if (df->n_moves)
        moves_table(d, df, SHOWN, sub);
    return dt_doc_status(d, err);
}
