#!/bin/bash
# Browser test of reports: renders a report's index.html in headless
# Chromium, as a reader would see it, and checks that
#   1. the page loads with no console message at all (the page has no
#      script, so any console line is an error: a blocked resource, a
#      parse problem, injected markup that ran); a control page that logs
#      one error on purpose proves first that such lines are caught;
#   2. the page asks for nothing outside itself (no script, link, src,
#      import or http URL in index.html);
#   3. every chart of the report (<figure class="chart" id="chart-...">)
#      is in the DOM Chromium built, with an <svg> that draws something;
#   4. a screenshot is not blank (pixel variance, tests/browser/png_check)
#      and Chromium can print the page to a PDF.
# Usage: browser_test.sh DETENTE PNG_CHECK SOURCE_DIR
# Exit 77 (ctest SKIP_RETURN_CODE) only when Chromium is not installed.
set -u

DETENTE=$1
PNG_CHECK=$2
SRC=$3

CHROMIUM=""
for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then
        CHROMIUM=$(command -v "$c")
        break
    fi
done
if [ -z "$CHROMIUM" ]; then
    echo "SKIP: chromium is not installed (tools/install-deps test installs it)"
    exit 77
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/detente-browser.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() {
    echo "FAIL: $*"
    exit 1
}

# Every run gets a fresh profile; nothing reaches the network.
chrome() {
    local profile
    profile=$(mktemp -d "$T/profile.XXXXXX")
    timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
        --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync \
        --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@"
}

# Console messages appear in Chromium's log as INFO:CONSOLE(...)] lines.
console_lines() {
    grep -E ':CONSOLE[(:]' "$1" || true
}

# The report: a summit (every section, levers included) and a scenario
# whose every text is markup; two files, so the comparison is in too.
"$DETENTE" report "$SRC/scenarios/hanoi-2019.yaml" \
    "$SRC/tests/browser/hostile.yaml" \
    -o "$T/report" || fail "detente report exited with $?"
HTML="$T/report/index.html"
[ -s "$HTML" ] || fail "no index.html"
[ -s "$T/report/report.pdf" ] || fail "no report.pdf"

# 2. Self-contained: nothing to fetch, nothing to run.
# Scenario text is escaped, so "<tag" here is always real markup.
if grep -Eiq '<(script|link|iframe|object|embed|img|base)|@import|url\([^#]|<[a-z][^>]*[[:space:]](src|href|xlink:href)="[^#]' "$HTML"; then
    grep -Eio '.{0,30}(<(script|link|iframe|object|embed|img|base)|@import|url\([^#]|[[:space:]](src|href|xlink:href)="[^#]).{0,30}' "$HTML" | head -5
    fail "index.html refers to something outside itself or has a script"
fi

# Chromium runs in parallel (each with its own profile): the control
# page, the DOM of the report, a screenshot and a print to PDF.
printf '<!DOCTYPE html><html><head><meta charset="utf-8"><title>c</title></head><body><script>console.error("detente-control")</script></body></html>\n' \
    >"$T/control.html"
chrome --dump-dom "file://$T/control.html" >"$T/control.dom" \
    2>"$T/control.log" &
p_ctl=$!
chrome --dump-dom "file://$HTML" >"$T/dom.html" 2>"$T/dom.log" &
p_dom=$!
chrome --hide-scrollbars --window-size=1280,2400 \
    --screenshot="$T/shot.png" "file://$HTML" >/dev/null 2>"$T/shot.log" &
p_shot=$!
chrome --no-pdf-header-footer --print-to-pdf="$T/print.pdf" "file://$HTML" \
    >/dev/null 2>"$T/print.log" &
p_pdf=$!

# 1a. Control: a page that logs one error must be caught by the grep.
wait $p_ctl
console_lines "$T/control.log" | grep -q detente-control ||
    fail "the console check cannot see console errors (control page); log: $(tail -3 "$T/control.log")"

# 1b and 3. The report's page: no console line, the whole DOM.
wait $p_dom || fail "chromium could not load the page"
if [ -n "$(console_lines "$T/dom.log")" ]; then
    console_lines "$T/dom.log" | head -5
    fail "console messages while loading index.html"
fi
grep -q '<footer>' "$T/dom.html" || fail "the DOM has no footer: page incomplete"
grep -q 'sha256:' "$T/dom.html" || fail "the footer has no input hash"
if grep -qi '<script' "$T/dom.html"; then
    fail "a <script> element reached the DOM (escaping failed)"
fi
grep -q '&lt;script&gt;console.error' "$T/dom.html" ||
    fail "the hostile scenario's text is not shown as text"

ids=$(grep -o '<figure class="chart" id="[^"]*"' "$HTML" | sed 's/.*id="//; s/"$//')
n=$(printf '%s\n' "$ids" | grep -c .)
# Hanoi: 3 issues x (positions, trajectory) + levers; hostile: 1 issue x 2;
# the comparison.
[ "$n" -ge 10 ] || fail "only $n charts in index.html (expected at least 10)"
for id in $ids; do
    # The figure's markup in the DOM: from its start to </figure>.
    fig=$(awk -v id="$id" '
        index($0, "<figure class=\"chart\" id=\"" id "\"") { on = 1 }
        on { print }
        on && /<\/figure>/ { exit }' "$T/dom.html")
    [ -n "$fig" ] || fail "chart '$id' is missing from the DOM"
    printf '%s' "$fig" | grep -q '<svg' || fail "chart '$id' has no <svg>"
    k=$(printf '%s' "$fig" | grep -o '<path\|<use\|<rect\|<image' | wc -l)
    [ "$k" -ge 5 ] || fail "chart '$id' draws only $k elements"
done
echo "ok: $n charts present and non-empty in the DOM, no console messages"

# 4. Screenshot and print.
wait $p_shot || fail "chromium could not take a screenshot"
[ -s "$T/shot.png" ] || fail "no screenshot"
out=$("$PNG_CHECK" "$T/shot.png" 200) || fail "blank screenshot: $out"
set -- $out
[ "$1" = 1280 ] && [ "$2" = 2400 ] || fail "screenshot is $1 x $2, expected 1280 x 2400"
echo "ok: screenshot $1 x $2, luminance variance $3"
wait $p_pdf || fail "chromium could not print the page"
head -c 5 "$T/print.pdf" | grep -q '%PDF-' || fail "the printed page is not a PDF"
pages=$(grep -a -c '/Type */Page\b' "$T/print.pdf")
[ "$pages" -ge 3 ] || fail "the printed page has $pages pages (expected several)"
echo "ok: printed to PDF, $pages pages"
if [ -n "${DT_KEEP_SCREENSHOT:-}" ]; then
    cp "$T/shot.png" "$DT_KEEP_SCREENSHOT"
fi
exit 0
