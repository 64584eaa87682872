#!/bin/bash
# CLI tests of detente diff (docs/analysts-loop.md). Expected forecasts
# are recomputed here in Python from the YAML itself (PyYAML: the mean
# model is the capability x salience weighted mean of the positions), not
# taken from detente's output.
# usage: diff.sh DETENTE SOURCE_DIR
set -u
det=$1
src=$2
sc=$src/scenarios/anchorage-2025.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# 1. A scenario against itself: nothing changed, nothing moved, exit 0.
"$det" diff "$sc" "$sc" >"$tmp/same.txt" || fail "diff itself exited $?"
grep -q '^No input changed and no result moved.$' "$tmp/same.txt" ||
    fail "diff itself: $(cat "$tmp/same.txt")"
"$det" diff "$sc" "$sc" --format json >"$tmp/same.json" ||
    fail "diff itself json"
python3 - "$tmp/same.json" <<'PY' || fail "diff itself json content"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "detente-diff/1"
assert d["inputs"] == [] and d["moves"] == [], d
assert d["analysed"] == {"first": True, "second": True}
PY

# 2. A second version with two numbers changed (russia's territory
#    position 100 -> 80, ukraine's capability 30 -> 15): the inputs in
#    slot order, the mean forecasts of territory by hand for both versions
#    and for each change alone; effects + rest add up to the move.
python3 - "$sc" "$tmp/b.yaml" <<'PY' || fail "writing the second version"
import sys, yaml
sc = yaml.safe_load(open(sys.argv[1]))
for a in sc["actors"]:
    if a["id"] == "russia":
        st = a["issues"]["territory"]
        if isinstance(st["position"], dict):
            st["position"]["value"] = 80
        else:
            st["position"] = 80
    if a["id"] == "ukraine":
        if isinstance(a["capability"], dict):
            a["capability"]["value"] = 15
        else:
            a["capability"] = 15
yaml.safe_dump(sc, open(sys.argv[2], "w"), sort_keys=False)
PY
"$det" diff "$sc" "$tmp/b.yaml" --model mean --format json >"$tmp/d.json" ||
    fail "diff json exited $?"
python3 - "$sc" "$tmp/d.json" <<'PY' || fail "diff values"
import json, sys, yaml
sc = yaml.safe_load(open(sys.argv[1]))
d = json.load(open(sys.argv[2]))
num = lambda v: v["value"] if isinstance(v, dict) else v
def mean(issue, pos=None, cap=None):
    pts = []
    for a in sc["actors"]:
        st = a["issues"].get(issue)
        if st is None:
            continue
        c = num(st.get("capability", a["capability"]))
        if cap and a["id"] in cap and "capability" not in st:
            c = cap[a["id"]]
        x = num(st["position"])
        if pos and a["id"] in pos:
            x = pos[a["id"]]
        pts.append((x, c * num(st["salience"])))
    return sum(x * w for x, w in pts) / sum(w for _, w in pts)
ids = [i["id"] for i in d["inputs"]]
assert ids == ["russia.territory.position", "ukraine.capability"], ids
assert all(i["how"] == "value" for i in d["inputs"])
assert d["models"] == ["mean"], d["models"]
moves = {m["id"]: m for m in d["moves"]}
for issue in [i["id"] for i in sc["issues"]]:
    old = mean(issue)
    new = mean(issue, {"russia": 80} if issue == "territory" else None,
               {"ukraine": 15})
    key = "forecast.%s.mean" % issue
    if abs(new - old) <= 1e-4:
        assert key not in moves, key
        continue
    m = moves[key]
    assert abs(m["old"] - old) < 1e-9 and abs(m["new"] - new) < 1e-9, \
        (key, m["old"], old, m["new"], new)
    alone = {"ukraine.capability": mean(issue, None, {"ukraine": 15}) - old,
             "russia.territory.position":
                 (mean(issue, {"russia": 80}) - old) if issue == "territory"
                 else 0.0}
    got = {s["input"]: s["effect"] for s in m["shares"]}
    for k, v in alone.items():
        if abs(v) > 1e-4:
            assert abs(got[k] - v) < 1e-9, (key, k, got.get(k), v)
    total = sum(got.values()) + m["rest"]
    assert abs(total - (new - old)) < 2e-4, (key, total, new - old)
# Largest first.
sizes = [m["size"] for m in d["moves"]]
assert sizes == sorted(sizes, reverse=True), sizes
print("ok", len(d["moves"]), "moves")
PY

# 3. One changed input is named first, in text and Markdown, with what
#    it moved; the what-if of the second file is named under the title.
"$det" diff "$sc" "$sc" --model mean --set russia.territory.position=80 \
    >"$tmp/w.txt" || fail "diff --set exited $?"
grep -q '^what-if: russia.territory.position = 80 (was 100)$' "$tmp/w.txt" ||
    fail "diff --set does not name the what-if"
grep -Eq '^  russia\.territory\.position +position +100 +80 +value' \
    "$tmp/w.txt" || fail "diff --set input row: $(cat "$tmp/w.txt")"
grep -Eq '^  forecast\.territory\.mean .*russia\.territory\.position -' \
    "$tmp/w.txt" || fail "diff --set move row"
"$det" diff "$sc" "$sc" --model mean --set russia.territory.position=80 \
    --format markdown -o "$tmp/w.md" || fail "diff markdown -o"
grep -q '^| result | old | new | change | moved by (each input alone) | rest |$' \
    "$tmp/w.md" || fail "markdown table: $(cat "$tmp/w.md")"

# 4. The lever ranking: diff's lever places before and after agree with
#    the ranks analyze reports for each version (Russia at 40 on territory
#    drops energy_tariffs from 2nd to 5th).
"$det" analyze "$sc" --format json >"$tmp/a0.json" || fail "analyze"
"$det" analyze "$sc" --set russia.territory.position=40 --format json \
    >"$tmp/a1.json" || fail "analyze --set"
"$det" diff "$sc" "$sc" --model mean --set russia.territory.position=40 \
    --format json >"$tmp/r.json" || fail "diff lever ranks"
python3 - "$tmp/a0.json" "$tmp/a1.json" "$tmp/r.json" <<'PY' || fail "lever ranks"
import json, sys
a0, a1, d = (json.load(open(f)) for f in sys.argv[1:4])
r0 = {l["id"]: l["rank"] for l in a0["levers"]}
r1 = {l["id"]: l["rank"] for l in a1["levers"]}
moved = {m["lever"]: m for m in d["moves"] if m["kind"] == "lever_rank"}
assert moved, "no lever rank moved"
for lid in r0:
    if r0[lid] == r1[lid]:
        assert lid not in moved, lid
    else:
        m = moved[lid]
        assert (m["old"], m["new"]) == (r0[lid], r1[lid]), (lid, m)
        assert m["shares"][0]["input"] == "russia.territory.position"
assert moved["energy_tariffs"]["old"] == 2 and moved["energy_tariffs"]["new"] == 5
PY

# 5. Usage and input errors: documented exit codes, no file left behind.
"$det" diff "$sc" 2>"$tmp/e" >/dev/null
[ $? -eq 2 ] || fail "one file: exit"
grep -q "diff takes two scenario files" "$tmp/e" || fail "one file message"
"$det" diff "$sc" "$tmp/none.yaml" -o "$tmp/o.txt" 2>"$tmp/e" >/dev/null
rc=$?
[ $rc -eq 4 ] || fail "missing file: exit $rc"
[ ! -e "$tmp/o.txt" ] || fail "output written after an error"
"$det" diff "$sc" "$sc" --format yaml 2>/dev/null >/dev/null
[ $? -eq 2 ] || fail "bad format exit"
"$det" diff "$sc" "$sc" --set nope=1 2>"$tmp/e" >/dev/null
[ $? -eq 2 ] || fail "unknown slot exit"
printf 'name: x\nissues: [\n' >"$tmp/bad.yaml"
"$det" diff "$tmp/bad.yaml" "$sc" 2>"$tmp/e" >/dev/null
[ $? -eq 3 ] || fail "invalid scenario exit"
grep -q "bad.yaml:[0-9]*:[0-9]*:" "$tmp/e" || fail "invalid: no file:line:col"
"$det" diff --help | grep -q '^exit codes: 0 ok' || fail "help exit codes"

[ $fails -eq 0 ] && echo "all diff tests passed"
exit $fails
