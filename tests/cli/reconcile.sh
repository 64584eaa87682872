#!/bin/bash
# CLI tests of detente reconcile and sweep --estimates (docs/judgement.md)
# on the shipped Anchorage scenario and the two example analysts. The
# expected forecasts are recomputed here in Python from the YAML files
# (PyYAML), not taken from detente's output.
# usage: reconcile.sh DETENTE SOURCE_DIR
set -u
det=$1
src=$2
sc=$src/scenarios/anchorage-2025.yaml
alice=$src/examples/estimates/anchorage-alice.yaml
bob=$src/examples/estimates/anchorage-bob.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# 1. The mean-model forecast of territory with each analyst's mode of
#    russia.territory.position alone, the spread and the move.
"$det" reconcile "$sc" "$alice" "$bob" --model mean --format json \
    >"$tmp/r.json" || fail "reconcile exited $?"
python3 - "$sc" "$alice" "$bob" "$tmp/r.json" <<'PY' || fail "reconcile values"
import json, sys, yaml
sc = yaml.safe_load(open(sys.argv[1]))
est = {e["analyst"]: e for e in (yaml.safe_load(open(p)) for p in sys.argv[2:4])}
out = json.load(open(sys.argv[4]))
num = lambda v: v["value"] if isinstance(v, dict) else v
def mean(russia_pos):
    pts = []
    for a in sc["actors"]:
        st = a["issues"]["territory"]
        c = num(st.get("capability", a["capability"]))
        x = russia_pos if a["id"] == "russia" else num(st["position"])
        pts.append((x, c * num(st["salience"]) / 100.0))
    return sum(x * w for x, w in pts) / sum(w for _, w in pts)
slot = "russia.territory.position"
d = [x for x in out["disputes"] if x["slot"] == slot][0]
modes = {k: est[k]["estimates"][slot]["mode"] for k in est}
for k, m in modes.items():
    got = d["estimates"][k]["result"]["forecasts"]["territory"]["mean"]
    assert abs(got - mean(m)) < 1e-9, (k, got, mean(m))
    assert d["estimates"][k]["mode"] == m
assert abs(d["spread"] - abs(modes["alice"] - modes["bob"]) / 100) < 1e-12
assert abs(d["largest_move"] - abs(mean(95) - mean(70))) < 1e-9, d["largest_move"]
assert out["disputes"][0]["slot"] == slot, "most disputed first"
# Alice estimated russia.capability alone: not a dispute.
assert all(x["slot"] != "russia.capability" for x in out["disputes"])
print("mean with alice", mean(modes["alice"]), "with bob", mean(modes["bob"]))
PY

# 2. A bad estimates file: exit 3, file:line:col and the closest slot.
printf 'analyst: carol\nestimates:\n  russia.territory.positon: {low: 1, mode: 2, high: 3}\n' \
    >"$tmp/carol.yaml"
"$det" reconcile "$sc" "$alice" "$tmp/carol.yaml" >/dev/null 2>"$tmp/e"
rc=$?
[ $rc -eq 3 ] || fail "bad estimates file: exit $rc, expected 3"
grep -q "carol.yaml:3:3: unknown slot 'russia.territory.positon'; did you mean 'russia.territory.position'" \
    "$tmp/e" || fail "bad estimates message: $(cat "$tmp/e")"

# 3. Fewer than one estimates file: usage error.
"$det" reconcile "$sc" >/dev/null 2>&1
rc=$?
[ $rc -eq 2 ] || fail "reconcile without estimates: exit $rc, expected 2"

# 4. sweep --estimates: same output for 1 and 2 threads; the inputs
#    estimated are drawn from the analysts' mixture, inside their ranges.
for t in 1 2; do
    "$det" sweep "$sc" --draws 200 --seed 5 --threads $t --quiet \
        --estimates "$alice" --estimates "$bob" --format json \
        -o "$tmp/s$t.json" 2>/dev/null || fail "sweep --estimates --threads $t"
done
cmp -s "$tmp/s1.json" "$tmp/s2.json" || fail "sweep --estimates differs between 1 and 2 threads"
python3 - "$tmp/s1.json" <<'PY' || fail "sweep --estimates inputs"
import json, sys
d = json.load(open(sys.argv[1]))
mix = {i["input"]: i for i in d["inputs"] if i["distribution"] == "analysts"}
p = mix["position russia/territory"]
assert (p["low"], p["high"]) == (55, 100), p   # bob's low, alice's high
assert "capability russia" in mix              # alice's alone
PY

[ $fails -eq 0 ] && echo "reconcile: all checks passed"
exit $((fails > 0))
