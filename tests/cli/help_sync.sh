#!/usr/bin/env bash
# `detente <command> --help` and README.md agree: every command listed by
# `detente --help` has a synopsis in README's "## Commands" block whose
# words before the first '[' are the words before the first '[' of the
# help's "usage:" line, and every command's help lists its exit codes.
# usage: help_sync.sh DETENTE README.md
set -u
detente=$1
readme=$2
block=$(sed -n '/^## Commands/,$p' "$readme" | sed -n '3,/^```$/p')
fail=0
cmds=$("$detente" --help | sed -n '/^commands:/,/^$/p' | awk 'NF>1{print $1}')
[ -n "$cmds" ] || { echo "FAIL: no commands in detente --help"; exit 1; }
head_words() { # the words before the first one starting with '['
    awk '{s=""; for(i=1;i<=NF;i++){ if(substr($i,1,1)=="[") break; s=s (s?" ":"") $i } print s}'
}
for c in $cmds; do
    help=$("$detente" "$c" --help) || { echo "FAIL: detente $c --help exits $?"; fail=1; continue; }
    usage=$(printf '%s\n' "$help" | sed -n 's/^usage: //p' | head -1 | head_words)
    readme_line=$(printf '%s\n' "$block" | grep -E "^detente $c( |$)" | head -1 | head_words)
    if [ -z "$readme_line" ]; then
        echo "FAIL: README.md's Commands block has no 'detente $c' line"; fail=1
    elif [ "$usage" != "$readme_line" ]; then
        echo "FAIL: $c: --help says '$usage', README.md says '$readme_line'"; fail=1
    fi
    printf '%s\n' "$help" | grep -q '^exit codes:' ||
        { echo "FAIL: detente $c --help lists no exit codes"; fail=1; }
done
exit $fail
