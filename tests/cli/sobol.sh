#!/bin/bash
# CLI tests of detente sweep --sobol (docs/sobol.md) on a small scenario
# whose mean-model forecast is linear in three uniform positions, so the
# Sobol indices are known in closed form (computed below by hand, not
# taken from detente's output), plus determinism across thread counts,
# the text table, and option errors.
# usage: sobol.sh DETENTE SOURCE_DIR
set -u
det=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# Mean-model weights c s/100: a 50, b 50, c 25 of 125, so the forecast is
# 0.4 Xa + 0.4 Xb + 0.2 Xc; Xa ~ U(20, 80) (var 300), Xb ~ U(0, 40) and
# Xc ~ U(60, 100) (var 133.33): contributions 48, 21.33, 5.33 of 74.67.
cat >"$tmp/lin.yaml" <<'Y'
name: linear
uncertainty: {position_sd: 0, salience_sd: 0, capability_cv: 0}
issues:
  - {id: x, name: X, status_quo: 50}
actors:
  - id: a
    name: A
    capability: 50
    issues: {x: {position: {value: 50, range: [20, 80]}, salience: 100}}
  - id: b
    name: B
    capability: 100
    issues: {x: {position: {value: 10, range: [0, 40]}, salience: 50}}
  - id: c
    name: C
    capability: 25
    issues: {x: {position: {value: 90, range: [60, 100]}, salience: 100}}
Y

# 1. JSON against the analytic indices. N = 4096: the estimators' sd is
#    at most 0.016 (tests/unit/sobol_se.py); tolerance 0.06.
"$det" sweep "$tmp/lin.yaml" --sobol --draws 4096 --seed 5 --model mean \
    --analysis off --threads 1 --format json >"$tmp/j1.json" 2>"$tmp/err" ||
    fail "sweep --sobol exited $?: $(cat "$tmp/err")"
python3 - "$tmp/j1.json" <<'PY' || fail "indices"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "detente-sobol/1", d["schema"]
assert d["base_rows"] == 4096 and d["runs"] == 4096 * 5, (d["base_rows"], d["runs"])
assert d["inputs"] == ["position a/x", "position b/x", "position c/x"], d["inputs"]
(o,) = d["outputs"]
assert o["output"] == "forecast mean/x", o["output"]
tot = 48 + 64 / 3 + 16 / 3
want = {"position a/x": 48 / tot, "position b/x": (64 / 3) / tot,
        "position c/x": (16 / 3) / tot}
assert abs(o["variance"] - tot) < 0.05 * tot, o["variance"]
assert [x["input"] for x in o["indices"]] == list(want), o["indices"]
for x in o["indices"]:
    for k in ("first", "total"):
        e = x[k]
        assert abs(e["est"] - want[x["input"]]) < 0.06, (x, want)
        assert e["lo"] <= e["est"] <= e["hi"], e
PY

# 1b. Grouped: by actor each actor has one input, so the groups' indices
#     are the inputs' (same analytic values); by issue all three inputs
#     are one group, which explains all of the variance (1).
"$det" sweep "$tmp/lin.yaml" --sobol --draws 4096 --seed 5 --model mean \
    --analysis off --threads 1 --format json --group-by actor >"$tmp/ga.json" 2>"$tmp/err" ||
    fail "sweep --sobol --group-by actor exited $?: $(cat "$tmp/err")"
"$det" sweep "$tmp/lin.yaml" --sobol --draws 4096 --seed 5 --model mean \
    --analysis off --threads 1 --format json --group-by issue >"$tmp/gi.json" 2>"$tmp/err" ||
    fail "sweep --sobol --group-by issue exited $?: $(cat "$tmp/err")"
python3 - "$tmp/ga.json" "$tmp/gi.json" <<'PY' || fail "grouped indices"
import json, sys
a = json.load(open(sys.argv[1]))
i = json.load(open(sys.argv[2]))
assert a["group_by"] == "actor" and a["inputs"] == ["a", "b", "c"], a["inputs"]
tot = 48 + 64 / 3 + 16 / 3
want = {"a": 48 / tot, "b": (64 / 3) / tot, "c": (16 / 3) / tot}
for x in a["outputs"][0]["indices"]:
    for k in ("first", "total"):
        assert abs(x[k]["est"] - want[x["input"]]) < 0.06, (x, want)
assert i["group_by"] == "issue" and i["inputs"] == ["x"], i["inputs"]
assert a["runs"] == 4096 * 5 and i["runs"] == 4096 * 3, (a["runs"], i["runs"])
(x,) = i["outputs"][0]["indices"]
for k in ("first", "total"):
    assert abs(x[k]["est"] - 1.0) < 0.06, x
PY
"$det" sweep "$tmp/lin.yaml" --draws 10 --group-by actor >/dev/null 2>&1
[ $? -eq 2 ] || fail "--group-by without --sobol is not a usage error"

# 1c. By source (docs/sobol.md "Groups"): two analysts estimate a's
#     position, alice triangular(20, 30, 40), bob triangular(60, 70, 80),
#     equal weights. The mixture's variance splits into the analysts'
#     disagreement, 0.5 * 0.5 * (70 - 30)^2 = 400, and the range within
#     each, (20^2 + 30^2 + 40^2 - 20*30 - 20*40 - 30*40) / 18 = 50/3;
#     b's and c's uniform positions stay as written. Forecast
#     0.4 Xa + 0.4 Xb + 0.2 Xc: disagreement 0.16 * 400 = 64, ranges
#     0.16 * 50/3 = 8/3, the other inputs 0.16 * 400/3 + 0.04 * 400/3
#     = 80/3; total 280/3. The model is additive: S = ST.
for who in alice:20:30:40 bob:60:70:80; do
    IFS=: read -r name lo mo hi <<<"$who"
    printf 'analyst: %s\nshape: triangular\nestimates:\n  a.x.position: {low: %s, mode: %s, high: %s}\n' \
        "$name" "$lo" "$mo" "$hi" >"$tmp/$name.yaml"
done
"$det" sweep "$tmp/lin.yaml" --sobol --draws 4096 --seed 5 --model mean \
    --analysis off --threads 2 --format json --group-by source \
    --estimates "$tmp/alice.yaml" --estimates "$tmp/bob.yaml" >"$tmp/gs.json" 2>"$tmp/err" ||
    fail "sweep --sobol --group-by source exited $?: $(cat "$tmp/err")"
python3 - "$tmp/gs.json" <<'PY' || fail "indices by source"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["group_by"] == "source", d["group_by"]
assert d["inputs"] == ["analysts' disagreement", "ranges within analysts",
                       "inputs without estimates"], d["inputs"]
assert d["runs"] == 4096 * 5, d["runs"]
tot = 280 / 3
want = {"analysts' disagreement": 64 / tot, "ranges within analysts": (8 / 3) / tot,
        "inputs without estimates": (80 / 3) / tot}
(o,) = d["outputs"]
assert abs(o["variance"] - tot) < 0.05 * tot, o["variance"]
for x in o["indices"]:
    for k in ("first", "total"):
        assert abs(x[k]["est"] - want[x["input"]]) < 0.06, (x, want)
PY
"$det" sweep "$tmp/lin.yaml" --sobol --draws 10 --seed 5 --model mean \
    --analysis off --group-by source >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" = 2 ] || fail "--group-by source without estimates: exit $rc, want 2"
grep -q 'estimates' "$tmp/err" || fail "--group-by source without estimates: $(cat "$tmp/err")"

# 1d. By model: mean and median drawn with probability 1/2 each, only a's
#     position uncertain, Xa ~ U(20, 80) (mean 50, variance 300). Mean
#     forecast 0.4 Xa + 22 (b at 10, c at 90), median forecast Xa (a
#     holds the weighted median: b 50 < 62.5 < b + a 100). With M the
#     model: V = (0.16*300 + 300)/2 + (42 - 50)^2/4 = 190;
#     S_M = 16/190; ST_M = E[(22 - 0.6 Xa)^2]/4 / V = (64 + 108)/4/190;
#     S_inputs = Var(0.7 Xa + 11)/V = 147/190; ST_inputs = 174/190.
sed 's/{value: 10, range: \[0, 40\]}/10/; s/{value: 90, range: \[60, 100\]}/90/' \
    "$tmp/lin.yaml" >"$tmp/one.yaml"
"$det" sweep "$tmp/one.yaml" --sobol --draws 4096 --seed 5 --model mean,median \
    --analysis off --threads 2 --format json --group-by model >"$tmp/gm.json" 2>"$tmp/err" ||
    fail "sweep --sobol --group-by model exited $?: $(cat "$tmp/err")"
python3 - "$tmp/gm.json" <<'PY' || fail "indices by model"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["group_by"] == "model" and d["inputs"] == ["model choice", "inputs"], d["inputs"]
outs = {o["output"]: o for o in d["outputs"]}
o = outs["forecast (model drawn)/x"]
assert abs(o["variance"] - 190) < 0.05 * 190, o["variance"]
want = {"model choice": (16 / 190, 43 / 190), "inputs": (147 / 190, 174 / 190)}
for x in o["indices"]:
    s1, st = want[x["input"]]
    assert abs(x["first"]["est"] - s1) < 0.06, (x, s1)
    assert abs(x["total"]["est"] - st) < 0.06, (x, st)
# Each model's own forecast does not depend on the draw of the model.
for name in ("forecast mean/x", "forecast median/x"):
    ix = {x["input"]: x for x in outs[name]["indices"]}
    assert ix["model choice"]["total"]["est"] == 0, ix
PY
"$det" sweep "$tmp/one.yaml" --sobol --draws 10 --seed 5 --model mean \
    --analysis off --group-by model >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" = 2 ] || fail "--group-by model with one model: exit $rc, want 2"

# 2. Same seed, two threads: the same bytes.
"$det" sweep "$tmp/lin.yaml" --sobol --draws 4096 --seed 5 --model mean \
    --analysis off --threads 2 --format json >"$tmp/j2.json" 2>/dev/null ||
    fail "threads 2 exited $?"
cmp -s "$tmp/j1.json" "$tmp/j2.json" || fail "JSON differs between 1 and 2 threads"
#    With the summit analysis (on by default when the scenario allows it):
#    its outputs are decomposed too, and also the same for any thread count.
for t in 1 2; do
    "$det" sweep "$tmp/lin.yaml" --sobol --draws 40 --seed 8 --model mean \
        --threads $t --format json >"$tmp/a$t.json" 2>/dev/null ||
        fail "analysis, threads $t exited $?"
done
cmp -s "$tmp/a1.json" "$tmp/a2.json" || fail "analysis: JSON differs between 1 and 2 threads"
python3 - "$tmp/a1.json" <<'PY' || fail "analysis outputs"
import json, sys
d = json.load(open(sys.argv[1]))
names = [o["output"] for o in d["outputs"]]
assert d["analysis"] is True and d["runs"] == 40 * 5, d["runs"]
for want in ("forecast mean/x", "deal x", "durability", "zone"):
    assert want in names, names
PY

# 3. The text table, to a file: ranked by ST, a first.
"$det" sweep "$tmp/lin.yaml" --sobol --draws 500 --seed 5 --model mean \
    -o "$tmp/t.txt" 2>/dev/null || fail "table exited $?"
grep -q '^forecast mean/x (variance' "$tmp/t.txt" || fail "no output heading"
first=$(grep -A1 '^ *input ' "$tmp/t.txt" | head -2 | tail -1 | awk '{print $1, $2}')
[ "$first" = "position a/x" ] || fail "first row is '$first'"
grep -q '2500 model runs' "$tmp/t.txt" || fail "run count not stated"

# 4. Errors: exit 2 for options it cannot honour, 3 for nothing uncertain.
for bad in "--drop-each" "--format csv" "--draws 1" "--draws-out $tmp/d.csv"; do
    # shellcheck disable=SC2086
    "$det" sweep "$tmp/lin.yaml" --sobol $bad >/dev/null 2>"$tmp/err"
    rc=$?
    [ "$rc" = 2 ] || fail "--sobol $bad: exit $rc, want 2"
    grep -q 'sobol' "$tmp/err" || fail "--sobol $bad: message names no --sobol: $(cat "$tmp/err")"
done
sed 's/uncertainty: .*/uncertainty: {position_sd: 0, salience_sd: 0, capability_cv: 0}/; s/{value: \([0-9]*\), range: \[[0-9, ]*\]}/\1/' \
    "$tmp/lin.yaml" >"$tmp/fixed.yaml"
"$det" sweep "$tmp/fixed.yaml" --sobol --draws 10 --seed 1 >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" = 3 ] || fail "no uncertain input: exit $rc, want 3"
grep -q 'no uncertain input' "$tmp/err" || fail "no uncertain input: $(cat "$tmp/err")"

[ "$fails" = 0 ] && echo "ok"
exit "$fails"
