#!/usr/bin/env bash
# Golden outputs: what every command prints, pinned byte for byte.
#
#   golden.sh check  DETENTE SRCDIR CASE   run CASE, compare with the goldens
#   golden.sh update DETENTE SRCDIR CASE   run CASE, rewrite its goldens
#   golden.sh list   DETENTE SRCDIR        the case names
#
# The cases are the lines of tests/golden/cases: NAME | EXIT | ARGS [| FILES].
# A case runs `detente ARGS` in a fresh directory that links scenarios/ and
# tests/ from SRCDIR (so every path in the output is relative and the same
# on every machine), and must exit with EXIT. Its goldens, in
# tests/golden/out/: NAME.out (standard output), NAME.err (standard error,
# only when there is any) and, for each FILE the command writes (relative
# to that directory), NAME.<file name>; a .pdf or .png is pinned by its
# SHA-256 (NAME.<file name>.sha256). tools/update-golden rewrites them all.
set -u

mode=${1:-}
detente=${2:-}
src=${3:-}
case_name=${4:-}
cases="$src/tests/golden/cases"
gold="$src/tests/golden/out"

if [ -z "$mode" ] || [ -z "$detente" ] || [ -z "$src" ]; then
    echo "usage: golden.sh check|update|list DETENTE SRCDIR [CASE]" >&2
    exit 2
fi

trim() {
    local s=$1
    s=${s#"${s%%[![:space:]]*}"}
    s=${s%"${s##*[![:space:]]}"}
    printf '%s' "$s"
}

if [ "$mode" = list ]; then
    grep -v '^[[:space:]]*\(#\|$\)' "$cases" | while IFS='|' read -r n _; do
        trim "$n"
        echo
    done
    exit 0
fi

line=$(grep -v '^[[:space:]]*\(#\|$\)' "$cases" |
    awk -F'|' -v n="$case_name" '{ x = $1; gsub(/^[ \t]+|[ \t]+$/, "", x); if (x == n) print }')
if [ -z "$line" ]; then
    echo "golden.sh: no case '$case_name' in $cases" >&2
    exit 2
fi
IFS='|' read -r _ want_rc args files <<<"$line"
want_rc=$(trim "$want_rc")
args=$(trim "$args")
files=$(trim "${files:-}")

work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
ln -s "$src/scenarios" "$work/scenarios"
ln -s "$src/tests" "$work/tests"
mkdir "$work/o" "$work/got"

# Word splitting of ARGS is intended: the cases hold no quoted words.
# shellcheck disable=SC2086
(cd "$work" && "$detente" $args >"$work/got/$case_name.out" 2>"$work/got/$case_name.err")
rc=$?
if [ "$rc" != "$want_rc" ]; then
    echo "FAIL $case_name: exit code $rc, expected $want_rc" >&2
    echo "  detente $args" >&2
    sed 's/^/  stderr| /' "$work/got/$case_name.err" >&2
    exit 1
fi
[ -s "$work/got/$case_name.err" ] || rm -f "$work/got/$case_name.err"
for f in $files; do
    base=$(basename "$f")
    if [ ! -f "$work/$f" ]; then
        echo "FAIL $case_name: '$f' was not written" >&2
        exit 1
    fi
    case "$base" in
    *.pdf | *.png)
        sha256sum <"$work/$f" | cut -d' ' -f1 >"$work/got/$case_name.$base.sha256"
        ;;
    *)
        cp "$work/$f" "$work/got/$case_name.$base"
        ;;
    esac
done

if [ "$mode" = update ]; then
    mkdir -p "$gold"
    rm -f "$gold/$case_name".*
    cp "$work/got/$case_name".* "$gold/"
    exit 0
fi

status=0
for g in "$gold/$case_name".*; do
    [ -e "$g" ] || continue
    b=$(basename "$g")
    if [ ! -e "$work/got/$b" ]; then
        echo "FAIL $case_name: no $b produced (golden has one)" >&2
        status=1
    fi
done
for g in "$work/got/$case_name".*; do
    b=$(basename "$g")
    if [ ! -e "$gold/$b" ]; then
        echo "FAIL $case_name: $b produced but there is no golden" >&2
        sed 's/^/  | /' "$g" | head -20 >&2
        status=1
    elif ! cmp -s "$gold/$b" "$g"; then
        echo "FAIL $case_name: $b differs from the golden (run tools/update-golden $case_name and review the diff)" >&2
        diff -u "$gold/$b" "$g" | head -60 >&2
        status=1
    fi
done
exit $status
