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
first=$(grep -A1 '^  input ' "$tmp/t.txt" | tail -1 | awk '{print $1, $2}')
[ "$first" = "position a/x" ] || fail "first row is '$first'"
grep -q '2500 model runs' "$tmp/t.txt" || fail "run count not stated"

# 4. Errors: exit 2 for options it cannot honour, 3 for nothing uncertain.
for bad in "--mpi" "--drop-each" "--format csv" "--draws 1" "--draws-out $tmp/d.csv"; do
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
