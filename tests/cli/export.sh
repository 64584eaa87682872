#!/bin/bash
# CLI tests of `detente export` and the multi-issue CSV table
# (docs/scenario-format.md, "The multi-issue CSV table"):
#  1. YAML -> CSV -> YAML gives the same YAML as YAML -> YAML, with each
#     delimiter (comma, semicolon, tab);
#  2. a rich scenario (red lines, bodies, outcome) exported to CSV keeps
#     the basic models' forecasts, and the CSV's last line names what it
#     left out;
#  3. the XLSX workbook read back with Debian's python3-openpyxl: inputs
#     against the YAML (read with PyYAML), the mean and median forecasts
#     recomputed by hand from the YAML, the eu/nbs forecasts, zone, deal
#     and durability against `detente forecast/analyze --format json`;
#  4. the messages: --format twice, xlsx without -o, no format.
# usage: export.sh DETENTE SOURCE_DIR
set -u
det=$1
src=$2
sc=$src/tests/cli/good/export-roundtrip.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
py=/usr/bin/python3

# 1. Round trips.
"$det" export "$sc" --format yaml -o "$tmp/ref.yaml" || fail "export yaml exited $?"
for d in comma semicolon tab; do
    "$det" export "$sc" --format csv --delimiter $d -o "$tmp/t-$d.csv" ||
        fail "export csv ($d) exited $?"
    "$det" export "$tmp/t-$d.csv" -o "$tmp/back-$d.yaml" ||
        fail "export of the $d table to yaml exited $?"
    diff -u "$tmp/ref.yaml" "$tmp/back-$d.yaml" >"$tmp/diff" ||
        { fail "YAML -> CSV ($d) -> YAML differs:"; cat "$tmp/diff"; }
done
grep -q '^usa;United States;sanctions;20;80;100;table;"on the record, 2015"$' \
    "$tmp/t-semicolon.csv" || fail "semicolon table row"
# The JSON export is the same scenario as the YAML one.
"$det" export "$sc" --format json -o "$tmp/s.json" || fail "export json exited $?"
$py - "$sc" "$tmp/s.json" <<'PY' || fail "json export"
import json, sys, yaml
y = yaml.safe_load(open(sys.argv[1]))
j = json.load(open(sys.argv[2]))
assert j["name"] == y["name"] and len(j["actors"]) == len(y["actors"])
assert j["actors"][1]["issues"]["scope"]["capability"] == 60
PY

# 2. A rich scenario: what the table drops, and the forecasts it keeps.
rich=$src/scenarios/brexit-2019.yaml
"$det" export "$rich" --format csv -o "$tmp/rich.csv" || fail "export rich csv exited $?"
tail -1 "$tmp/rich.csv" | grep -q '^## not carried by this table: .*outcome.*red_line' ||
    fail "the rich table does not say what it left out: $(tail -1 "$tmp/rich.csv")"
for f in "$rich" "$tmp/rich.csv"; do
    "$det" forecast "$f" --model mean,median,eu --format json |
        $py -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps([[i["id"], {k: m["forecast"] for k, m in i["models"].items()}] for i in d["issues"]], sort_keys=True))' \
        >"$tmp/fc-$(basename "$f").json" || fail "forecast of $f"
done
cmp -s "$tmp/fc-brexit-2019.yaml.json" "$tmp/fc-rich.csv.json" ||
    fail "forecasts of the YAML and of its CSV table differ"

# 3. The workbook.
if ! $py -c 'import openpyxl' 2>/dev/null; then
    echo "SKIP: $py cannot import openpyxl (apt-get install python3-openpyxl)"
    [ $fails -eq 0 ] && exit 77
    exit 1
fi
"$det" export "$sc" --format xlsx -o "$tmp/s.xlsx" || fail "export xlsx exited $?"
"$det" forecast "$sc" --format json >"$tmp/f.json" || fail "forecast json"
"$det" analyze "$sc" --format json >"$tmp/a.json" || fail "analyze json"
$py - "$sc" "$tmp/s.xlsx" "$tmp/f.json" "$tmp/a.json" <<'PY' || fail "xlsx values"
import json, math, sys, yaml, openpyxl
y = yaml.safe_load(open(sys.argv[1]))
wb = openpyxl.load_workbook(sys.argv[2])
fc = json.load(open(sys.argv[3]))
an = json.load(open(sys.argv[4]))
assert wb.sheetnames == ["Scenario", "Issues", "Stakes", "Forecasts",
                         "Analysis"], wb.sheetnames
num = lambda v: v["value"] if isinstance(v, dict) else v
rows = lambda n: list(wb[n].iter_rows(values_only=True))

meta = {r[0]: r[1] for r in rows("Scenario")}
assert meta["name"] == y["name"] and meta["date"] == str(y["date"]), meta
assert meta["format"] == "yaml"

iss = rows("Issues")
assert iss[0] == ("id", "name", "status_quo", "low", "high", "note")
for r, i in zip(iss[1:], y["issues"]):
    assert r[0] == i["id"] and r[1] == i["name"], r
    assert r[2] == i["status_quo"], r
    assert r[3] == i.get("low") and r[4] == i.get("high"), r

st = rows("Stakes")
assert st[0] == ("actor", "actor_name", "issue", "position", "salience",
                 "capability", "role", "note"), st[0]
got = {(r[0], r[2]): r for r in st[1:]}
for a in y["actors"]:
    for k, s in a.get("issues", {}).items():
        r = got[(a["id"], k)]
        assert r[1] == a["name"], r
        assert r[3] == num(s["position"]) and r[4] == num(s["salience"]), r
        assert r[5] == num(s.get("capability", a["capability"])), r
        assert r[6] == a.get("role", "table"), r
        assert r[7] == s.get("note"), r
    if not a.get("issues") or a.get("note"):
        r = got[(a["id"], None)]
        assert r[5] == a["capability"] and r[7] == a.get("note"), r

# Mean and median by hand: weights capability x salience of the actors
# at the table (table and mediator roles).
f = {r[0]: r for r in rows("Forecasts")}
heads = f["issue"]
for i in y["issues"]:
    pts = []
    for a in y["actors"]:
        s = a.get("issues", {}).get(i["id"])
        if s is None or a.get("role", "table") not in ("table", "mediator"):
            continue
        c = num(s.get("capability", a["capability"]))
        pts.append((num(s["position"]), c * num(s["salience"]) / 100.0))
    tot = sum(w for _, w in pts)
    mean = sum(x * w for x, w in pts) / tot
    cum, med = 0.0, None
    for x, w in sorted(pts):
        cum += w
        if cum >= tot / 2:
            med = x
            break
    r = f[i["id"]]
    assert abs(r[heads.index("mean")] - mean) < 1e-9, (r, mean)
    assert r[heads.index("median")] == med, (r, med)
# The hand values of the file (docs: sanctions 6040/136 and 20; scope 70
# and 90).
assert abs(f["sanctions"][heads.index("mean")] - 6040 / 136) < 1e-9
assert f["scope"][heads.index("mean")] == 70
assert f["sanctions"][heads.index("median")] == 20
assert f["scope"][heads.index("median")] == 90
# eu and nbs as `detente forecast` gives them (nbs n/a: an empty cell).
for iss_json in fc["issues"]:
    r = f[iss_json["id"]]
    for name, m in iss_json["models"].items():
        want = (m.get("forecast") or {}).get("point")
        cell = r[heads.index(name)]
        if want is None:
            assert cell is None, (r, name, m)
        else:
            assert abs(cell - want) < 1e-9, (r, name, m)

# Zone, deal, durability as `detente analyze` gives them.
a = {r[0]: r[1] for r in rows("Analysis") if r[0]}
assert a["zone"] == ("agreement" if an["zone"]["feasible"] else
                     "no agreement"), a
assert abs(a["surplus"] - an["zone"]["surplus"]) < 1e-9, a
assert abs(a["durability"] - an["durability"]) < 1e-9, a
for k, v in an["deal"].items():
    assert abs(a[k] - v) < 1e-6, (k, a[k], v)
PY

# 4. Messages.
msg() { # expected exit code, regex, args...
    local want=$1 re=$2
    shift 2
    "$det" "$@" >/dev/null 2>"$tmp/err"
    local got=$?
    [ $got -eq "$want" ] || fail "detente $*: exit $got, expected $want"
    grep -Eq -- "$re" "$tmp/err" || fail "detente $*: stderr '$(cat "$tmp/err")' lacks /$re/"
}
msg 2 "option .--format. given twice" export "$sc" --format csv --format yaml
msg 2 "--format xlsx writes a binary workbook: give -o OUT" export "$sc" --format xlsx
msg 2 "export needs --format" export "$sc"
msg 2 "unknown --format 'xls'" export "$sc" --format xls
msg 2 "unknown --delimiter 'pipe'" export "$sc" --format csv --delimiter pipe
msg 3 "table_mixed_row.csv:3:5: this line mixes delimiters" \
    export "$src/tests/cli/bad/table_mixed_row.csv" --format yaml
[ ! -e "$tmp/none.xlsx" ] || fail "a failed export left a file"

[ $fails -eq 0 ] && echo "ok" || exit 1
