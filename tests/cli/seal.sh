#!/bin/bash
# CLI tests of detente seal, verify, resolve and score (docs/judgement.md
# "Sealed forecasts"): seal then verify succeeds (exit 0); a changed
# input, version or seed is named by verify (exit 6); resolve refuses an
# unknown issue; score's JSON holds the absolute error recomputed here
# from the record (Python), and the SHA-256 is checked with sha256sum.
# usage: seal.sh DETENTE SOURCE_DIR
set -u
det=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

cp "$src/scenarios/hanoi-2019.yaml" "$tmp/h.yaml"
cd "$tmp" || exit 1

# 1. Seal, then verify: reproduced bit for bit.
"$det" seal h.yaml --model eu,mean --draws 60 --seed 7 -o rec.json 2>err ||
    fail "seal exited $?"
grep -q "seed 7" err || fail "seal does not print its seed"
want=$(sha256sum h.yaml | cut -d' ' -f1)
python3 - "$want" <<'PY' || fail "record's hash, options or shape"
import json, sys
r = json.load(open("rec.json"))
assert r["schema"] == "detente-seal/1"
assert r["input"]["sha256"] == sys.argv[1], r["input"]
assert r["options"]["seed"] == 7 and r["options"]["draws"] == 60
assert r["options"]["models"] == ["eu", "mean"]
for f in r["forecasts"]:
    d = f["draws"]
    assert d == sorted(d) and len(d) == f["n"] <= 60
    assert f["interval"][0] <= f["median"] <= f["interval"][1]
assert set(r["seal"]["sections"]) == {"input", "detente", "options",
                                      "forecasts", "analysis", "rubric"}
PY
out=$("$det" verify rec.json)
rc=$?
[ $rc -eq 0 ] || fail "verify of a fresh record exited $rc: $out"
echo "$out" | grep -q "reproduced bit for bit" || fail "verify says: $out"

# 2. A changed seed is named (options section and the seed now read).
sed 's/"seed": 7/"seed": 8/' rec.json >seed.json
out=$("$det" verify seed.json)
rc=$?
[ $rc -eq 6 ] || fail "verify of an edited seed exited $rc"
echo "$out" | grep -q "^  options: .*seed 8" || fail "seed not named: $out"
echo "$out" | grep -q "^  result: forecast eu/" || fail "results not named"

# 3. A changed version is named.
sed 's/"version": "[^"]*"/"version": "0.0.1"/' rec.json >ver.json
out=$("$det" verify ver.json)
rc=$?
[ $rc -eq 6 ] || fail "verify of an edited version exited $rc"
echo "$out" | grep -q "^  version: sealed by detente 0.0.1" ||
    fail "version not named: $out"

# 4. A changed input is named, with both hashes.
sed -i '0,/value: 90$/s//value: 80/' h.yaml
cmp -s h.yaml "$src/scenarios/hanoi-2019.yaml" && fail "input not changed"
out=$("$det" verify rec.json)
rc=$?
[ $rc -eq 6 ] || fail "verify of a changed input exited $rc"
echo "$out" | grep -q "^  input: h.yaml has SHA-256 .*the record sealed $want" ||
    fail "input not named: $out"
cp "$src/scenarios/hanoi-2019.yaml" h.yaml

# 5. Resolve (in place), verify still succeeds, score by hand.
"$det" resolve rec.json --observed scope=40 --observed sanctions_relief=20 \
    --agreement no || fail "resolve exited $?"
"$det" verify rec.json >/dev/null || fail "verify after resolve exited $?"
"$det" resolve rec.json --observed nope=3 2>err
rc=$?
[ $rc -eq 2 ] || fail "unknown issue exited $rc"
grep -q "unknown issue 'nope'" err || fail "unknown issue message"
"$det" score rec.json --format json -o score.json || fail "score exited $?"
python3 <<'PY' || fail "score values"
import json
r = json.load(open("rec.json"))
s = json.load(open("score.json"))
obs = {"scope": 40.0, "sanctions_relief": 20.0}
for m in s["models"]:
    errs = [abs(f["forecast"] - obs[f["issue"]]) for f in r["forecasts"]
            if f["model"] == m["model"] and f["issue"] in obs]
    assert m["n"] == len(errs) == 2, m
    assert abs(m["mae"] - sum(errs) / len(errs)) < 1e-12, (m, errs)
    cov = [f["interval"][0] <= obs[f["issue"]] <= f["interval"][1]
           for f in r["forecasts"] if f["model"] == m["model"]
           and f["issue"] in obs]
    assert abs(m["coverage"] - sum(cov) / len(cov)) < 1e-12
p = r["rubric"]["agreement"]["forecast"]
assert s["brier"]["n"] == 1 and abs(s["brier"]["score"] - p * p) < 1e-12
PY
"$det" score rec.json >table.txt || fail "score table exited $?"
grep -q "Brier" table.txt || fail "score table lacks the Brier score"

# 6. Not a record: exit 3 with the file named.
echo '{"schema": "detente-sweep/1"}' >other.json
"$det" verify other.json 2>err
rc=$?
[ $rc -eq 3 ] || fail "verify of another document exited $rc"
grep -q "other.json" err || fail "bad record not named: $(cat err)"

[ $fails -eq 0 ] && echo "seal: all checks passed"
exit $((fails > 0))
