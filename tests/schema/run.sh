#!/usr/bin/env bash
# Run one command fresh and validate its JSON against a schema:
#
#   run.sh PYTHON DETENTE SRCDIR SCHEMA OUTPUT ARGS...
#
# Runs `DETENTE ARGS` in a fresh directory that links scenarios/ and
# tests/ from SRCDIR (as the golden tests do), requires exit code 0 and
# validates OUTPUT with tests/schema/validate.py against
# SRCDIR/docs/schema/SCHEMA.schema.json. OUTPUT is "-" for standard
# output, else the path of the file the command writes (relative to that
# directory).
set -u
if [ $# -lt 6 ]; then
    echo "usage: run.sh PYTHON DETENTE SRCDIR SCHEMA OUTPUT ARGS..." >&2
    exit 2
fi
python=$1 detente=$2 src=$3 schema=$4 output=$5
shift 5

work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
ln -s "$src/scenarios" "$work/scenarios"
ln -s "$src/tests" "$work/tests"
ln -s "$src/examples" "$work/examples"
mkdir "$work/o"

(cd "$work" && "$detente" "$@" >"$work/stdout" 2>"$work/stderr")
rc=$?
if [ "$rc" != 0 ]; then
    echo "FAIL: detente $* exited with $rc" >&2
    sed 's/^/  stderr| /' "$work/stderr" >&2
    exit 1
fi
if [ "$output" = - ]; then
    file=$work/stdout
else
    file=$work/$output
fi
if [ ! -s "$file" ]; then
    echo "FAIL: detente $* wrote no JSON to $output" >&2
    exit 1
fi
echo "detente $*"
exec "$python" "$src/tests/schema/validate.py" \
    "$src/docs/schema/$schema.schema.json" "$file"
