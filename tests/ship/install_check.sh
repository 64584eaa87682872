#!/bin/sh
# ctest install_tree: `cmake --install` of this build into a scratch
# DESTDIR (what `make install DESTDIR=...` runs), the checks of
# check_root.sh on it, then the uninstall target removes every file.
# Skipped (77) in sanitizer builds: a program linked to an ASan library
# without ASan itself cannot start.
# Usage: install_check.sh BUILD SRCDIR PREFIX LIBDIR CC SANITIZE
set -eu
build=$1 src=$2 prefix=$3 libdir=$4 cc=$5 san=$6
[ "$san" = OFF ] || { echo "skipped in sanitizer builds"; exit 77; }
work=$build/ship-check
dest=$work/root
rm -rf "$work"
mkdir -p "$work"
# cmake --install records what it wrote in BUILD/install_manifest.txt,
# which `make uninstall` reads: keep the user's own.
manifest=$build/install_manifest.txt
[ -f "$manifest" ] && cp "$manifest" "$work/manifest.saved"
restore() {
    if [ -f "$work/manifest.saved" ]; then cp "$work/manifest.saved" "$manifest"
    else rm -f "$manifest"; fi
}
trap restore EXIT

DESTDIR=$dest cmake --install "$build" >"$work/install.log"
# Every kind of file is there, the shared libraries with their soname.
for f in bin/detente include/detente/detente.h include/detente/report.h \
    share/man/man1/detente.1 share/man/man5/detente-scenario.5 \
    share/bash-completion/completions/detente \
    share/doc/detente/examples/hanoi-2019.yaml; do
    [ -e "$dest$prefix/$f" ] || { echo "not installed: $prefix/$f" >&2; exit 1; }
done
for l in libdetente libdetente-report; do
    for f in $l.a $l.so $l.so.0; do
        [ -e "$dest$libdir/$f" ] || { echo "not installed: $libdir/$f" >&2; exit 1; }
    done
    so=$(readelf -d "$dest$libdir/$l.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
    [ "$so" = "$l.so.0" ] || { echo "$l.so has soname '$so'" >&2; exit 1; }
done

sh "$src/tests/ship/check_root.sh" "$dest" "$prefix" "$libdir" "$src" "$cc" "$work"

DESTDIR=$dest cmake --build "$build" --target uninstall >"$work/uninstall.log"
left=$(find "$dest" -type f -o -type l)
[ -z "$left" ] || { echo "make uninstall left: $left" >&2; exit 1; }
[ ! -d "$dest$prefix/include/detente" ] || { echo "uninstall left include/detente" >&2; exit 1; }
echo "install_check: install, use and uninstall all good"
