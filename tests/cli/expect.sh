#!/usr/bin/env bash
# CLI test runner: runs `DETENTE validate INPUT` and checks its exit code
# and stderr against EXPECT (line 1: exit code; every further line: an
# extended regex some stderr line must match). Without EXPECT the run must
# exit 0 with an empty stderr. Prints what it got on failure.
set -u

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: expect.sh DETENTE INPUT [EXPECT]" >&2
    exit 2
fi
detente=$1
input=$2
expect=${3:-}

out=$(mktemp) && err=$(mktemp) || exit 1
trap 'rm -f "$out" "$err"' EXIT

"$detente" validate "$input" >"$out" 2>"$err"
code=$?

fail() {
    echo "FAIL: detente validate $input" >&2
    echo "  $1" >&2
    echo "  exit code: $code" >&2
    echo "  stderr:" >&2
    sed 's/^/    | /' "$err" >&2
    echo "  stdout:" >&2
    sed 's/^/    | /' "$out" >&2
    exit 1
}

if [ -z "$expect" ]; then
    [ "$code" -eq 0 ] || fail "expected exit code 0"
    [ ! -s "$err" ] || fail "expected an empty stderr"
    exit 0
fi

want_code=$(sed -n 1p "$expect")
[ "$code" = "$want_code" ] || fail "expected exit code $want_code"
n=0
while IFS= read -r re; do
    n=$((n + 1))
    [ "$n" -eq 1 ] && continue
    [ -n "$re" ] || continue
    grep -Eq -e "$re" "$err" || fail "no stderr line matches: $re"
done <"$expect"
[ "$n" -ge 2 ] || fail "$expect has no regex on line 2"
exit 0
