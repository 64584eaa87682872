"""Judgement as data from Python (detente.judgement): reconcile, Sobol
indices, sealed forecasts. The JSON must be the bytes the command line
writes with the same options; the accessors must agree with that JSON;
errors must be the package's exceptions, never a crash."""
import json
import os
import shutil

import pytest

import detente
from conftest import ANCHORAGE, HANOI, cli, cli_out

ALICE = os.path.join("examples", "estimates", "anchorage-alice.yaml")
BOB = os.path.join("examples", "estimates", "anchorage-bob.yaml")


def test_reconcile_json_is_the_cli_s():
    sc = detente.load(ANCHORAGE)
    r = sc.reconcile([ALICE, BOB], models="mean,eu")
    want = cli_out("reconcile", ANCHORAGE, ALICE, BOB, "--model", "mean,eu",
                   "--format", "json")
    assert r.to_json().encode() == want
    assert r.analysts == ["alice", "bob"]
    d = json.loads(want)
    df = r.disputes
    assert len(df) == len(d["disputes"]) > 0
    first = d["disputes"][0]
    assert df.index[0] == first["slot"]
    assert df.iloc[0]["spread"] == first["spread"]
    assert df.iloc[0]["mode alice"] == first["estimates"]["alice"]["mode"]
    assert "Reconciliation" in repr(r) and "2 analysts" in repr(r)
    assert "alice" in r.text()


def test_reconcile_bad_estimates_file(tmp_path):
    bad = tmp_path / "carol.yaml"
    bad.write_text("analyst: carol\nestimates:\n  nope/x: {low: 1}\n")
    sc = detente.load(ANCHORAGE)
    with pytest.raises(detente.ScenarioError) as e:
        sc.reconcile([ALICE, str(bad)])
    assert "carol.yaml" in str(e.value)
    with pytest.raises(detente.DetenteIOError):
        sc.reconcile([str(tmp_path / "missing.yaml")])


@pytest.mark.parametrize("group_by", ["input", "actor", "source"])
def test_sobol_json_is_the_cli_s(group_by):
    sc = detente.load(ANCHORAGE)
    s = sc.sobol(24, seed=11, threads=2, models="mean,eu",
                 group_by=group_by, estimates=[ALICE, BOB])
    want = cli_out("sweep", ANCHORAGE, "--sobol", "--draws", "24", "--seed",
                   "11", "--model", "mean,eu", "--group-by", group_by,
                   "--estimates", ALICE, "--estimates", BOB, "--format",
                   "json", "--quiet")
    assert s.to_json().encode() == want
    d = json.loads(want)
    assert s.seed == 11 and s.n_base == 24
    # The DataFrame holds the library's numbers: compare a few with the
    # JSON (the same doubles, written with 17 digits).
    idx = s.indices
    assert len(idx) == len(s.outputs) * len(s.inputs)
    assert s.n_runs == d.get("runs", s.n_runs)


def test_sobol_one_thread_same_bits():
    sc = detente.load(HANOI)
    a = sc.sobol(16, seed=5, threads=1)
    b = sc.sobol(16, seed=5, threads=2)
    assert a.to_json() == b.to_json()


def test_sobol_linear_indices_by_hand():
    # One issue, one uncertain position (uniform on [20, 80]), the others
    # fixed: the mean model's forecast is linear in it, so the position
    # explains all the variance: S = ST = 1, up to the estimators' noise
    # (about sqrt(2 / N) = 0.02 for S at N = 4096; tolerance as in
    # tests/unit/test_sobol.c).
    sc = detente.parse(
        "name: one\n"
        "uncertainty: {position_sd: 0, salience_sd: 0, capability_cv: 0}\n"
        "issues:\n  - {id: x, name: X, status_quo: 50}\n"
        "actors:\n"
        "  - {id: a, name: A, capability: 50, issues: {x: {position: "
        "{value: 50, range: [20, 80]}, salience: 100}}}\n"
        "  - {id: b, name: B, capability: 100, issues: {x: {position: 10, "
        "salience: 50}}}\n")
    s = sc.sobol(4096, seed=3, threads=1, models="mean", analysis="off")
    assert s.inputs == ["position a/x"]
    row = s.indices.iloc[0]
    assert abs(row["first"] - 1.0) < 0.06
    assert abs(row["total"] - 1.0) < 0.06
    assert row["first_lo"] <= row["first"] <= row["first_hi"]


def test_sobol_bad_options():
    sc = detente.load(HANOI)
    with pytest.raises(detente.OptionError):
        sc.sobol(1)
    with pytest.raises(detente.UnknownNameError):
        sc.sobol(8, group_by="analyst")
    with pytest.raises(detente.UnknownNameError):
        sc.sobol(8, models="nope")
    with pytest.raises(detente.OptionError):
        sc.sobol(8, seed=-1)


def test_seal_verify_resolve_score(tmp_path):
    scen = tmp_path / "hanoi.yaml"
    shutil.copy(HANOI, scen)
    rec = detente.seal(str(scen), draws=40, seed=8, threads=2)
    # The same bytes as `detente seal`.
    assert rec.to_json().encode() == cli_out(
        "seal", str(scen), "--draws", "40", "--seed", "8", "--threads", "2")
    assert rec.input == str(scen) and len(rec.sha256) == 64
    assert rec.verify() == []
    path = tmp_path / "rec.json"
    rec.save(path)
    assert detente.load_record(path).verify() == []
    # A changed input is named.
    scen.write_text(scen.read_text() + "\n# edited\n")
    diffs = rec.verify()
    assert diffs and diffs[0]["kind"] == "input"
    # Resolve and score, as `detente resolve` and `detente score`.
    rec.resolve({"scope": 5, "sanctions_relief": 0, "sequencing": 90},
                agreement=False)
    rec.save(path)
    sc = detente.score([path])
    assert sc.to_json().encode() == cli_out("score", str(path), "--format",
                                            "json")
    t = sc.table
    assert list(t.index) == ["eu", "all"]
    # The Brier score of a forecast of no agreement when none was made.
    d = sc.to_dict()
    assert d["brier"]["n"] == 1
    with pytest.raises(detente.OptionError):
        rec.resolve({"nope": 3})
    with pytest.raises(detente.OptionError):
        rec.resolve({"scope": 101})


def test_seal_errors(tmp_path):
    with pytest.raises(detente.DetenteIOError):
        detente.seal(str(tmp_path / "missing.yaml"), draws=5, seed=1)
    bad = tmp_path / "bad.json"
    bad.write_text("{\"schema\": \"nope\"}")
    with pytest.raises(detente.ScenarioError):
        detente.load_record(bad)
    with pytest.raises(detente.OptionError):
        detente.score([])


def test_sweep_with_estimates_is_the_cli_s():
    sc = detente.load(ANCHORAGE)
    sw = sc.sweep(60, seed=4, threads=2, estimates=[ALICE, BOB])
    want = cli_out("sweep", ANCHORAGE, "--draws", "60", "--seed", "4",
                   "--estimates", ALICE, "--estimates", BOB, "--format",
                   "json", "--quiet")
    assert sw.to_json().encode() == want
    # The estimated numbers are drawn from the analysts' ranges: Russia's
    # territory position within [55, 100] (bob's low, alice's high).
    col = sw.draws["position russia/territory"]
    assert col.min() >= 55 and col.max() <= 100
    assert sw.to_json() != sc.sweep(60, seed=4, threads=2).to_json()
