#!/usr/bin/env bash
# One check per command-line message (issue 15, item 7): each case runs
# `detente ARGS...` in the source tree and wants an exit code and an
# extended regex that a line of stderr matches (or, with "out:", stdout).
# usage: messages.sh DETENTE SOURCE_DIR
set -u
detente=$1
cd "$2" || exit 1
S=scenarios/hanoi-2019.yaml
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
# check CODE REGEX ARGS...
check() {
    local want=$1 re=$2 where=err
    shift 2
    case $re in out:*) where=out; re=${re#out:} ;; esac
    "$detente" "$@" >"$tmp/out" 2>"$tmp/err"
    local code=$?
    if [ "$code" != "$want" ] || ! grep -Eq -e "$re" "$tmp/$where"; then
        echo "FAIL: detente $* (exit $code, wanted $want and /$re/ in std$where)"
        sed 's/^/  | /' "$tmp/err"
        fail=1
    fi
}
# -o without a value (last argument, or followed by an option)
check 2 "option '-o' needs a value" forecast $S -o
check 2 "option '--out' needs a value" analyze $S --out
check 2 "option '-o' needs a value \(the output file\), got the option '--format'" \
    forecast $S -o --format json
# an empty value
check 2 "option '--model' needs a value, got an empty string" forecast $S --model ""
check 2 "option '--model' needs a value, got an empty string" forecast $S --model=
# --format (and -o) at most once
check 2 "option '--format' given twice" forecast $S --format json --format csv
check 2 "option '-o/--out' given twice" forecast $S -o "$tmp/a" --out "$tmp/b"
# out-of-range numbers are out of range, not "not a whole number"
check 2 "--rounds is out of range: at most 4294967295, got '99999999999'" \
    forecast $S --rounds 99999999999
check 2 "--draws is out of range: at most [0-9]+, got '99999999999999999999'" \
    sweep $S --draws 99999999999999999999
check 2 "--width is out of range: at most 4294967295" \
    plot positions $S -o "$tmp/p.png" --width 99999999999
check 2 "--draws expects a whole number, got '1.5'" sweep $S --draws 1.5
# --threads 0
check 2 "--threads must be between 1 and 64, got 0" sweep $S --threads 0
check 2 "--threads must be at least 1" report $S -o "$tmp/r" --threads 0
check 2 "threads must be between 1 and 64, got '0'" forecast $S --model smp --threads 0
# /proc paths: one message, not one per line of the file
check 3 "/proc/self/status:1:1: this is not a detente scenario" validate /proc/self/status
check 4 "cannot read '/proc'" validate /proc
# game on a scenario points to sequence
check 3 "run 'detente sequence $S'" game $S
# analyze --model: what the help says
check 2 "unknown model 'nbs' \(expected eu, mean or median\)" analyze $S --model nbs
# plot compare needs two files, as its help says
check 2 "plot compare takes two or more scenario FILEs" plot compare $S -o "$tmp/c.png"
# plot vary takes FILE and SLOT=LO:HI:STEPS, as detente vary
check 2 "plot vary takes a scenario FILE and SLOT=LO:HI:STEPS" plot vary $S -o "$tmp/v.png"
check 2 "A.x.position: 200 is not a valid value" plot vary tests/cli/good/phases.yaml A.x.position=0:200:3 -o "$tmp/v.png"
# folded (>) text does not break compare's columns: the name ends its line
check 0 "out:^scenario +Folded name here +Hanoi summit" compare tests/cli/msg/folded.yaml $S
# unknown options
check 2 "unknown option '--bogus'; see 'detente forecast --help'" forecast $S --bogus
check 2 "unknown option '-x'; see 'detente sweep --help'" sweep $S -x
# detente new: the scaffold validates; an existing file is kept
check 0 "out:^name: Talks$" new --issues "a=Issue A,b" --actors "x=X,y,z:excluded" --name Talks
"$detente" new --issues "a=Issue A,b" --actors "x=X,y,z:excluded" -o "$tmp/new.yaml" &&
    check 0 "out:2 issues, 3 actors \(2 at the table, 1 excluded\)" validate "$tmp/new.yaml" &&
    check 0 "out:17 of 17 numbers carry a note" validate "$tmp/new.yaml" ||
    { echo "FAIL: detente new -o"; fail=1; }
check 4 "'$tmp/new.yaml' exists; use --force to replace it" new --issues a --actors x,y -o "$tmp/new.yaml"
"$detente" new --issues a --actors x,y -o "$tmp/new.yaml" --force &&
    check 0 "out:1 issue, 2 actors" validate "$tmp/new.yaml" ||
    { echo "FAIL: detente new --force"; fail=1; }
check 2 "unknown role 'observer' for actor 'x'" new --issues a --actors "x:observer"
check 3 "invalid issue id 'bad id'" new --issues "bad id" --actors x
check 2 "new needs --issues and --actors" new --issues a
exit $fail
