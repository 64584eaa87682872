#!/bin/sh
# Self-test of tools/include-circles on the fixtures beside this script:
# it must find the one circle (alpha: one.c two.c, not three.c or five.c) and the
# one include of another module's private header, and exit 1.
#   tests/tools/include_circles.sh SOURCE_DIR [PYTHON3]
set -u
src=${1:?usage: include_circles.sh SOURCE_DIR [PYTHON3]}
py=${2:-python3}
out=$("$py" "$src/tools/include-circles" \
    "$src/tests/tools/include-circles/lib")
rc=$?
echo "$out"
fail=0
check() {
    if ! printf '%s\n' "$out" | grep -qF -- "$1"; then
        echo "FAIL: missing: $1"
        fail=1
    fi
}
check "error: a circle in $src/tests/tools/include-circles/lib/alpha: one.c two.c"
check "  one.c -> two.c: alpha_two"
check "  two.c -> one.c: alpha_one"
check "b.c:2 includes another module's private header \"alpha/alpha_int.h\""
check "include-circles: 2 problem(s)"
if printf '%s\n' "$out" | grep -q "three.c\|five.c\|beta_int.h"; then
    echo "FAIL: three.c, five.c or beta_int.h reported"
    fail=1
fi
if [ "$rc" -ne 1 ]; then
    echo "FAIL: exit status $rc, expected 1"
    fail=1
fi
[ "$fail" -eq 0 ] && echo "include-circles self-test: ok"
exit "$fail"
