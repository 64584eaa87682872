#!/bin/bash
# The progress line on stderr (docs/performance.md, "Large scenarios"):
# --progress draws it also when stderr is not a terminal, --quiet never,
# and without either it stays off a terminal; stdout is byte-identical
# with and without it, and the line is erased at the end (its last bytes
# are spaces and a carriage return, no newline).
# usage: progress.sh DETENTE SOURCE_DIR
set -u
det=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ec=$src/scenarios/ec-emissions-1994.yaml
hanoi=$src/scenarios/hanoi-2019.yaml

# forecast: the bar with the stage (the first call is always drawn: the
# mean on the only issue), stdout unchanged, erased at the end.
"$det" forecast "$ec" --model mean,eu --format json >"$tmp/plain" 2>"$tmp/plain.err" ||
    fail "forecast exits $?"
"$det" forecast "$ec" --model mean,eu --format json --progress >"$tmp/prog" \
    2>"$tmp/prog.err" || fail "forecast --progress exits $?"
cmp -s "$tmp/plain" "$tmp/prog" || fail "forecast --progress changed stdout"
[ -s "$tmp/plain.err" ] && fail "forecast wrote to stderr off a terminal"
grep -q "forecast \[" "$tmp/prog.err" || fail "forecast --progress: no bar"
grep -q "mean on issue 'emissions' (1 of 1)" "$tmp/prog.err" ||
    fail "forecast --progress: no stage"
[ "$(tail -c 1 "$tmp/prog.err" | od -An -c | tr -d ' ')" = '\r' ] ||
    fail "forecast --progress: the line is not erased at the end"
[ "$(tr -cd '\n' <"$tmp/prog.err" | wc -c)" -eq 0 ] ||
    fail "forecast --progress: a newline on stderr"
"$det" forecast "$ec" --progress --quiet >/dev/null 2>"$tmp/q.err"
[ -s "$tmp/q.err" ] && fail "forecast --progress --quiet wrote to stderr"

# analyze: the count of forecasts, stdout unchanged.
"$det" analyze "$hanoi" >"$tmp/a.plain" 2>"$tmp/a.err" || fail "analyze exits $?"
"$det" analyze "$hanoi" --progress >"$tmp/a.prog" 2>"$tmp/a.prog.err" ||
    fail "analyze --progress exits $?"
cmp -s "$tmp/a.plain" "$tmp/a.prog" || fail "analyze --progress changed stdout"
[ -s "$tmp/a.err" ] && fail "analyze wrote to stderr off a terminal"
grep -q "analyze: [0-9]* eu forecasts of one issue done" "$tmp/a.prog.err" ||
    fail "analyze --progress: no count"
"$det" analyze "$hanoi" --progress --quiet >/dev/null 2>"$tmp/aq.err"
[ -s "$tmp/aq.err" ] && fail "analyze --progress --quiet wrote to stderr"

# sweep: its bar off a terminal with --progress, stdout unchanged.
"$det" sweep "$ec" --draws 8 --seed 7 --threads 1 >"$tmp/s.plain" 2>"$tmp/s.err" ||
    fail "sweep exits $?"
"$det" sweep "$ec" --draws 8 --seed 7 --threads 1 --progress >"$tmp/s.prog" \
    2>"$tmp/s.prog.err" || fail "sweep --progress exits $?"
cmp -s "$tmp/s.plain" "$tmp/s.prog" || fail "sweep --progress changed stdout"
grep -q '\[#' "$tmp/s.err" && fail "sweep drew its bar off a terminal"
grep -q '8/8 draws' "$tmp/s.prog.err" || fail "sweep --progress: no bar"

[ $fails -eq 0 ] && echo "progress: all passed"
exit $((fails > 0))
