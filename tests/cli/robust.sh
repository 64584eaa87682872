#!/bin/bash
# CLI tests of the sweep's robustness summaries and `sweep --oat` (issue
# 15 item 5; docs/analysis.md "Robustness" and "One at a time") on a
# three-actor scenario whose mean-model forecast is worked out by hand:
# weights w = capability x salience / 100: a 50 (position X), b 50 at 10,
# c 25 x S/100 at 90 (S c's salience), so
#     f(X, S) = (50 X + 500 + 22.5 S) / (100 + S/4).
# a's position is uniform on [20, 80] (value 50), S uniform on [60, 100]
# (value 100). As written f = 42. One at a time (by hand):
#     a at 20: 3750/125 = 30, at 80: 6750/125 = 54, swing 24;
#     c at 60: 4350/115 = 37.826087, at 100: 42, swing 4.173913.
# usage: robust.sh DETENTE
set -u
det=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

cat >"$tmp/three.yaml" <<'YAML'
name: three
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
    issues: {x: {position: 10, salience: 50}}
  - id: c
    name: C
    capability: 25
    issues: {x: {position: 90, salience: {value: 100, range: [60, 100]}}}
YAML

# 1. --oat --format json: the swings and ranking by hand.
"$det" sweep "$tmp/three.yaml" --oat --model mean --analysis off \
    --format json >"$tmp/oat.json" || fail "sweep --oat exited $?"
python3 - "$tmp/oat.json" <<'PY' || fail "oat values"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "detente-oat/1", d["schema"]
r = [x for x in d["results"] if x["result"] == "forecast mean/x"][0]
assert abs(r["base"] - 42) < 1e-9, r["base"]
rk = r["ranking"]
assert rk[0]["input"] == "position a/x", rk[0]
assert abs(rk[0]["at_low"] - 30) < 1e-9 and abs(rk[0]["at_high"] - 54) < 1e-9
assert abs(rk[0]["swing"] - 24) < 1e-9
assert rk[1]["input"] == "salience c/x", rk[1]
assert abs(rk[1]["at_low"] - 4350 / 115) < 1e-9
assert abs(rk[1]["swing"] - (42 - 4350 / 115)) < 1e-9
ins = {i["input"]: i for i in d["inputs"]}
assert ins["position a/x"]["low"] == 20 and ins["position a/x"]["high"] == 80
assert ins["position a/x"]["end_rule"] == "range"
PY

# 2. --oat as a table: the ranking and the as-written value.
"$det" sweep "$tmp/three.yaml" --oat --model mean --analysis off \
    >"$tmp/oat.txt" || fail "sweep --oat (table) exited $?"
grep -q "forecast mean/x (as written: 42.00)" "$tmp/oat.txt" ||
    fail "oat table: no as-written line"
grep -A2 "forecast mean/x" "$tmp/oat.txt" | tail -1 |
    grep -Eq "position a/x +20.00 +30.00 +80.00 +54.00 +24.00" ||
    fail "oat table: first row is not a's position with swing 24"

# 3. The sweep table shows the as-written value (42.00) beside the
#    quantiles; with a's position normal(0, 10) truncated at 0 and S
#    fixed at 100 (f = 0.4 X + 22, every draw above 22) the as-written
#    22 lies below the 5 % quantile (22 + 0.4 x 10 x 0.0627): fragile.
"$det" sweep "$tmp/three.yaml" --model mean --analysis off --draws 400 \
    --seed 3 --quiet >"$tmp/sw.txt" 2>/dev/null || fail "sweep exited $?"
grep -Eq "^  x +mean +400 +42.00 " "$tmp/sw.txt" ||
    fail "sweep table: no as-written 42.00"
grep -E "^  x +mean" "$tmp/sw.txt" | grep -q fragile &&
    fail "sweep table: 42 (the median) flagged fragile"
sed -e 's/position: {value: 50, range: \[20, 80\]}/position: {value: 0, sd: 10}/' \
    -e 's/salience: {value: 100, range: \[60, 100\]}/salience: 100/' \
    "$tmp/three.yaml" >"$tmp/edge.yaml"
"$det" sweep "$tmp/edge.yaml" --model mean --analysis off --draws 400 \
    --seed 3 --quiet >"$tmp/edge.txt" 2>/dev/null || fail "sweep edge exited $?"
grep -Eq "^  x +mean +400 +22.00 .* fragile$" "$tmp/edge.txt" ||
    fail "sweep table: as-written 22 not flagged fragile"
"$det" sweep "$tmp/edge.yaml" --model mean --analysis off --draws 400 \
    --seed 3 --quiet --format json >"$tmp/edge.json" 2>/dev/null ||
    fail "sweep edge json exited $?"
python3 - "$tmp/edge.json" <<'PY' || fail "sweep json flags"
import json, sys
d = json.load(open(sys.argv[1]))
f = d["issues"][0]["forecast"]["mean"]
assert abs(f["base"] - 22) < 1e-9 and f["flags"][0] == "fragile", f
assert 0 < f["bimodality"] < 1, f
PY

# 4. Options that need draws are refused with --oat (usage, exit 2).
for opt in --drop-each "--draws-out $tmp/d.csv" "--checkpoint $tmp/c" \
    "--format csv"; do
    # shellcheck disable=SC2086
    "$det" sweep "$tmp/three.yaml" --oat $opt >/dev/null 2>"$tmp/err"
    rc=$?
    [ $rc = 2 ] || fail "--oat $opt exited $rc, expected 2"
    grep -q -- "--oat runs no draws" "$tmp/err" ||
        fail "--oat $opt: message: $(cat "$tmp/err")"
done

[ $fails = 0 ] && echo "robust: all checks passed"
exit $((fails > 0))
