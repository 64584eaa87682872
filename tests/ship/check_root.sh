#!/bin/sh
# Checks an installed detente under ROOT (a DESTDIR or an extracted
# .deb) with prefix PREFIX and library directory LIBDIR (absolute, as
# installed): the tool's --version and a forecast, both man pages
# (rendered by man -l: no troff error), the bash completion (loads,
# completes a command), and a C program built against the installed
# library through pkg-config (PKG_CONFIG_SYSROOT_DIR maps the prefix
# into ROOT) and run against the installed shared library.
# Usage: check_root.sh ROOT PREFIX LIBDIR SRCDIR CC WORKDIR
set -eu
root=$1 prefix=$2 libdir=$3 src=$4 cc=$5 work=$6
fail() { echo "check_root: $*" >&2; exit 1; }
mkdir -p "$work"
bin=$root$prefix/bin/detente
ex=$root$prefix/share/doc/detente/examples

echo "== $bin --version"
"$bin" --version | tee "$work/version.txt"
grep -Eq '^detente [0-9]+\.[0-9]+\.[0-9]+' "$work/version.txt" ||
    fail "--version names no version"
grep -Eq '^commit: ([0-9a-f]{7,}(-dirty)?|unknown)$' "$work/version.txt" ||
    fail "--version names no commit"
grep -Eq '^built with:' "$work/version.txt" || fail "--version names no features"

echo "== detente forecast examples/hanoi-2019.yaml"
"$bin" forecast "$ex/hanoi-2019.yaml" --model mean,median >"$work/forecast.txt"
cat "$work/forecast.txt"
grep -q median "$work/forecast.txt" || fail "forecast printed no median column"
"$bin" game "$ex/games/ultimatum.efg" >/dev/null || fail "game on an example failed"

for page in man1/detente.1 man5/detente-scenario.5; do
    f=$root$prefix/share/man/$page
    [ -f "$f" ] || f=$f.gz
    [ -f "$f" ] || fail "no man page $page"
    echo "== man -l $f"
    LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$f" >"$work/page.txt" 2>"$work/page.err" ||
        fail "man -l $f failed: $(cat "$work/page.err")"
    # Any message but a narrow table cell's line it cannot fill to width
    # at 80 columns (it depends on the terminal) is a fault of the page.
    if grep -Ev "warning .*(cannot adjust|can't break) line" "$work/page.err"; then
        fail "man -l $f: troff complained (above)"
    fi
    [ "$(wc -l <"$work/page.txt")" -gt 50 ] || fail "$page is nearly empty"
done
# detente(1) documents every command the tool lists.
for c in $("$bin" --help | sed -n '/^commands:/,/^$/s/^  \([a-z]*\) .*/\1/p'); do
    LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$root$prefix/share/man/man1/detente.1"* 2>/dev/null |
        grep -q "detente $c" || fail "detente(1) lacks the command $c"
done

comp=$root$prefix/share/bash-completion/completions/detente
echo "== bash completion $comp"
[ -f "$comp" ] || fail "no bash completion"
if [ -f /usr/share/bash-completion/bash_completion ]; then
    out=$(bash -c '. /usr/share/bash-completion/bash_completion; . "$1";
        COMP_WORDS=(detente for); COMP_CWORD=1; COMP_LINE="detente for";
        COMP_POINT=${#COMP_LINE}; _detente; echo "${COMPREPLY[*]}";
        COMP_WORDS=("$2" forecast --mod); COMP_CWORD=2;
        COMP_LINE="detente forecast --mod"; COMP_POINT=${#COMP_LINE};
        _detente; echo "${COMPREPLY[*]}"' sh "$comp" "$bin")
    echo "$out"
    echo "$out" | head -1 | grep -qx forecast || fail "completion of 'for': $out"
    echo "$out" | tail -1 | grep -qx -- --model || fail "completion of '--mod': $out"
fi

echo "== a program built with pkg-config --cflags --libs libdetente"
pc=$root$libdir/pkgconfig
[ -f "$pc/libdetente.pc" ] && [ -f "$pc/libdetente-report.pc" ] ||
    fail "no pkg-config files in $pc"
flags=$(PKG_CONFIG_PATH=$pc PKG_CONFIG_SYSROOT_DIR=$root pkg-config --cflags --libs libdetente) ||
    fail "pkg-config libdetente failed"
echo "flags: $flags"
# shellcheck disable=SC2086
"$cc" -std=c17 -Wall -Werror -o "$work/use_lib" "$src/tests/ship/use_lib.c" $flags ||
    fail "cannot build against the installed library"
LD_LIBRARY_PATH=$root$libdir "$work/use_lib" "$ex/hanoi-2019.yaml" | tee "$work/use_lib.txt"
grep -q '^issue 1: mean ' "$work/use_lib.txt" || fail "the program forecast nothing"
# It ran against the installed shared library (soname libdetente.so.0).
LD_LIBRARY_PATH=$root$libdir ldd "$work/use_lib" | grep -q "libdetente.so.0 => $root$libdir/" ||
    fail "not linked against the installed libdetente.so.0"
# The report library's flags resolve too (cairo comes with them).
PKG_CONFIG_PATH=$pc PKG_CONFIG_SYSROOT_DIR=$root \
    pkg-config --exists --print-errors libdetente-report ||
    fail "pkg-config libdetente-report failed"
echo "check_root: all good"
