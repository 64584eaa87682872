#!/bin/bash
# --phase all on forecast and analyze (docs/scenario-format.md, "Phases"):
# every phase in turn, each scored against its own observed outcome.
# usage: phases_all.sh DETENTE SOURCE_DIR
set -u
det=$1
src=$2
sc=$src/tests/cli/good/phases.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$det" forecast "$sc" --phase all --model mean >"$tmp/f.txt" || fail "forecast --phase all exited $?"
n=$(grep -c '^Phase [0-9] of 3: ' "$tmp/f.txt")
[ "$n" -eq 3 ] || fail "forecast --phase all: $n phase headings, expected 3"
# Phase one, issue x, by hand: A 10 x 60 = 600 at 80, B 30 x 60 = 1800
# at 35, C 20 x 60 = 1200 at 50: 171000 / 3600 = 47.50; observed 30.
sed -n '/^Phase 1 of 3/,/^Phase 2 of 3/p' "$tmp/f.txt" >"$tmp/p1"
grep -Eq '^  mean +47\.50 ' "$tmp/p1" || fail "phase one's mean forecast on x is not 47.50"
grep -Eq '^  mean +17\.50 +17\.50$' "$tmp/p1" || fail "phase one's error against 30 is not 17.50"

"$det" analyze "$sc" --phase all >"$tmp/a.txt" || fail "analyze --phase all exited $?"
n=$(grep -c '^Phase [0-9] of 3: ' "$tmp/a.txt")
[ "$n" -eq 3 ] || fail "analyze --phase all: $n phase headings, expected 3"

"$det" forecast "$sc" --phase all --format json >/dev/null 2>"$tmp/e"
rc=$?
[ $rc -eq 2 ] || fail "--phase all --format json: exit $rc, expected 2"
grep -q 'one phase at a time' "$tmp/e" || fail "--phase all --format json message: $(cat "$tmp/e")"
"$det" analyze "$src/scenarios/hanoi-2019.yaml" --phase all >/dev/null 2>"$tmp/e"
rc=$?
[ $rc -eq 2 ] || fail "--phase all without phases: exit $rc, expected 2"
grep -q 'has no phases' "$tmp/e" || fail "no-phases message: $(cat "$tmp/e")"

[ $fails -eq 0 ] && echo "phases_all: all checks passed"
exit $((fails > 0))
