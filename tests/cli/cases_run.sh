#!/usr/bin/env bash
# The case library (scenarios/cases, issue 16): every case validates,
# forecasts and analyzes; every number carries a note (the coding
# protocol of scenarios/cases/README.md); every case records whether a
# deal was made, so the zone verdict can be scored; and the library keeps
# at least MIN cases, so a case lost in a merge fails the test.
#   cases_run.sh DETENTE SOURCE_DIR MIN
set -u
detente=$1
src=$2
min=$3
n=0
fail=0
for f in "$src"/scenarios/cases/*.yaml; do
    [ -e "$f" ] || continue
    n=$((n + 1))
    for c in validate forecast analyze; do
        if ! "$detente" "$c" "$f" >/dev/null; then
            echo "FAIL: detente $c $f" >&2
            fail=1
        fi
    done
    notes=$("$detente" validate "$f" | sed -n 's/^ *\([0-9]*\) of \([0-9]*\) numbers carry a note$/\1 \2/p')
    set -- $notes
    if [ $# -ne 2 ] || [ "$1" != "$2" ]; then
        echo "FAIL: $f: not every number carries a note (${notes:-no count})" >&2
        fail=1
    fi
    if "$detente" analyze "$f" | grep -q 'observed not recorded'; then
        echo "FAIL: $f: outcome.agreement is not recorded" >&2
        fail=1
    fi
done
if [ "$n" -lt "$min" ]; then
    echo "FAIL: $n case(s) in scenarios/cases, expected at least $min" >&2
    fail=1
fi
[ "$fail" -eq 0 ] || exit 1
echo "$n case(s) ok"
