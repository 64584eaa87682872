#!/bin/bash
# CLI tests of --lever and --set (docs/analysts-loop.md), on the shipped
# Anchorage scenario. Expected values are recomputed here in Python from
# the YAML itself (PyYAML), not taken from detente's output.
# usage: whatif.sh DETENTE SOURCE_DIR
set -u
det=$1
src=$2
sc=$src/scenarios/anchorage-2025.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# 1. forecast --lever aid_freeze --set russia.territory.position=80:
#    the median and mean forecasts of territory recomputed by hand from
#    the file: aid_freeze scales Ukraine's capability by 0.6.
"$det" forecast "$sc" --model median --format json --lever aid_freeze \
    --set russia.territory.position=80 >"$tmp/f.json" ||
    fail "forecast --lever --set exited $?"
python3 - "$sc" "$tmp/f.json" <<'PY' || fail "forecast values"
import json, sys, yaml
sc = yaml.safe_load(open(sys.argv[1]))
out = json.load(open(sys.argv[2]))
num = lambda v: v["value"] if isinstance(v, dict) else v
pts = []
for a in sc["actors"]:
    st = a["issues"]["territory"]
    c = num(st.get("capability", a["capability"]))
    if a["id"] == "ukraine":
        c *= 0.6                      # lever aid_freeze: capability x 0.6
    x = 80.0 if a["id"] == "russia" else num(st["position"])
    pts.append((x, c * num(st["salience"]) / 100.0))
tot = sum(w for _, w in pts)
mean = sum(x * w for x, w in pts) / tot
cum, med = 0.0, None
for x, w in sorted(pts):
    cum += w
    if cum >= tot / 2:
        med = x
        break
iss = [i for i in out["issues"] if i["id"] == "territory"][0]
r = iss["models"]["median"]["forecast"]
assert abs(r["point"] - med) < 1e-9, (r["point"], med)
assert abs(r["mean"] - mean) < 1e-9, (r["mean"], mean)
assert out["whatif"] == [
    "lever aid_freeze (Freeze US military aid to Ukraine)",
    "russia.territory.position = 80 (was 100)"], out["whatif"]
print("median", med, "mean", mean)
PY

# 2. The text output names what was applied.
"$det" forecast "$sc" --model median --set usa.no_deal.cost=10 \
    --set ukraine.capability=15 >"$tmp/f.txt" || fail "forecast text"
grep -q '^what-if: usa.no_deal.cost = 10 (was 5); ukraine.capability = 15 (was 30)$' \
    "$tmp/f.txt" || fail "forecast text does not name the overrides"

# 3. An unknown slot: exit 2 and the closest ids.
"$det" forecast "$sc" --set russia.territory.positon=80 2>"$tmp/e" >/dev/null
rc=$?
[ $rc -eq 2 ] || fail "unknown slot exit $rc"
grep -q "unknown slot 'russia.territory.positon' (did you mean russia.territory.position," \
    "$tmp/e" || fail "unknown slot message: $(cat "$tmp/e")"
"$det" forecast "$sc" --set russia.territory=80 2>"$tmp/e" >/dev/null
grep -q "did you mean russia.territory.position, russia.territory.salience" \
    "$tmp/e" || fail "prefix suggestion: $(cat "$tmp/e")"
"$det" forecast "$sc" --lever aid_frezee 2>"$tmp/e" >/dev/null
[ $? -eq 2 ] || fail "unknown lever exit"
grep -q "unknown lever 'aid_frezee' (did you mean aid_freeze?)" "$tmp/e" ||
    fail "unknown lever message: $(cat "$tmp/e")"
"$det" forecast "$sc" --set ukraine.capability=-3 2>"$tmp/e" >/dev/null
[ $? -eq 2 ] || fail "out-of-range exit"
grep -q "ukraine.capability: -3 is not a valid value (expected a number >= 0)" \
    "$tmp/e" || fail "range message: $(cat "$tmp/e")"
"$det" forecast "$sc" --set usa.no_deal.cost 2>"$tmp/e" >/dev/null
[ $? -eq 2 ] || fail "no '=' exit"
grep -q "expected SLOT=VALUE" "$tmp/e" || fail "no '=' message"

# 4. analyze --set usa.no_deal.cost=10: the JSON names it and the US's
#    no-deal utility falls by exactly 5 (cost 5 -> 10).
"$det" analyze "$sc" --format json >"$tmp/a0.json" || fail "analyze"
"$det" analyze "$sc" --format json --set usa.no_deal.cost=10 \
    --apply-lever aid_freeze >"$tmp/a1.json" || fail "analyze --set"
python3 - "$tmp/a1.json" <<'PY' || fail "analyze whatif"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["whatif"] == [
    "lever aid_freeze (Freeze US military aid to Ukraine)",
    "usa.no_deal.cost = 10 (was 5)"], d["whatif"]
PY

# 5. sweep, plot and report take the same options and name them.
"$det" sweep "$sc" --draws 8 --seed 1 --threads 1 --quiet --format json \
    --set russia.territory.position=80 >"$tmp/s.json" 2>/dev/null ||
    fail "sweep --set"
grep -q '"russia.territory.position = 80 (was 100)"' "$tmp/s.json" ||
    fail "sweep json does not name the override"
"$det" plot positions "$sc" --set russia.territory.position=80 \
    -o "$tmp/p.svg" || fail "plot --set"
"$det" plot positions "$sc" --set nope=1 -o "$tmp/q.svg" 2>/dev/null
[ $? -eq 2 ] || fail "plot unknown slot"
[ ! -e "$tmp/q.svg" ] || fail "plot wrote a file after an error"
"$det" report "$sc" --no-analysis --lever aid_freeze -o "$tmp/rep" \
    >/dev/null 2>&1 || fail "report --lever"
grep -rq "What-if: lever aid_freeze" "$tmp/rep" ||
    fail "report does not name the lever"

# 6. vary: two table actors at 100 and 0 around a status quo of 50; some
#    deal beats no deal for both exactly when west's no-deal cost is > 0
#    (east's is 0), so over -10..10 in 5 steps the zone opens between 0
#    and 5 and nowhere else.
cat >"$tmp/z.yaml" <<'YAML'
name: Z
issues:
  - {id: i, name: I, status_quo: 50}
actors:
  - id: east
    name: East
    capability: 10
    no_deal: {cost: 0}
    issues:
      i: {position: 100, salience: 50}
  - id: west
    name: West
    capability: 10
    no_deal: {cost: 0}
    issues:
      i: {position: 0, salience: 50}
YAML
"$det" vary "$tmp/z.yaml" west.no_deal.cost=-10:10:5 --model mean \
    >"$tmp/v.txt" || fail "vary exited $?"
grep -q "The zone opens between west.no_deal.cost = 0 and 5." "$tmp/v.txt" ||
    fail "vary flip sentence: $(cat "$tmp/v.txt")"
[ "$(grep -c -- '<- opens' "$tmp/v.txt")" -eq 1 ] || fail "vary flip mark"
grep -Eq '^ +5 +agreement possible +<- opens' "$tmp/v.txt" ||
    fail "vary marks the wrong step"
"$det" vary "$tmp/z.yaml" west.nodeal.cost=-10:10:5 2>"$tmp/e" >/dev/null
[ $? -eq 2 ] || fail "vary unknown slot exit"
grep -q "did you mean west.no_deal.cost" "$tmp/e" || fail "vary suggestion"
"$det" vary "$tmp/z.yaml" west.no_deal.cost=1:2 2>/dev/null >/dev/null
[ $? -eq 2 ] || fail "vary bad range exit"
"$det" vary "$sc" russia.territory.position=50:100:3 --format csv \
    --lever aid_freeze >"$tmp/v.csv" || fail "vary csv"

# 7. vary as JSON: with equal capability and salience the mean model's
#    forecast is the average of the two positions, x/2 when east's position
#    is x and west's 0; the zone opens at the step where west's no-deal
#    cost becomes 5 (section 6).
"$det" vary "$tmp/z.yaml" east.i.position=0:100:3 --model mean \
    --format json >"$tmp/v.json" || fail "vary json exited $?"
/usr/bin/python3 - "$tmp/v.json" <<'PY' || fail "vary json values"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "detente-vary/1" and d["slot"] == "east.i.position"
assert [s["value"] for s in d["steps"]] == [0, 50, 100]
assert [s["forecasts"]["i"]["mean"] for s in d["steps"]] == [0, 25, 50]
assert d["as_written"] == 100 and d["models"] == ["mean"]
PY
"$det" vary "$tmp/z.yaml" west.no_deal.cost=-10:10:5 --model mean \
    --format json >"$tmp/v2.json" || fail "vary json 2 exited $?"
/usr/bin/python3 - "$tmp/v2.json" <<'PY' || fail "vary json flips"
import json, sys
d = json.load(open(sys.argv[1]))
assert [s["flip"] for s in d["steps"]] == [None, None, None, "opens", None]
assert [s["zone"] for s in d["steps"]][3:] == ["agreement"] * 2
PY

[ $fails -eq 0 ] && echo "all whatif CLI tests passed"
exit $((fails > 0))
