"""Results equal to the command line's JSON, byte for byte."""
import os

import pytest

import detente
from conftest import (ANCHORAGE, CLI, EC_CSV, HANOI, SCENARIOS, SRC, cli,
                      cli_out)

FORECASTS = [
    ((), {}, []),
    (("eu",), {"preset": "scholz-replication"},
     ["--model", "eu", "--preset", "scholz-replication"]),
    (("mean,median", "nbs"), {}, ["--model", "mean,median", "--model", "nbs"]),
    (("eu",), {"rounds": 7, "Q": 0.9, "denominator": "global",
               "cycle_detect": False},
     ["--model", "eu", "--rounds", "7", "--Q", "0.9", "--denominator",
      "global", "--cycle-detect", "off"]),
    (("eu",), {"exact_rounds": True, "rounds": 3},
     ["--model", "eu", "--exact-rounds", "--rounds", "3"]),
    (("smp", "exchange"), {"smp_vote": "Binary", "seed": 3},
     ["--model", "smp,exchange", "--smp-vote", "Binary", "--seed", "3"]),
    (("all", "smp"), {}, ["--model", "all,smp"]),
]


@pytest.mark.parametrize("path", SCENARIOS)
@pytest.mark.parametrize("case", range(len(FORECASTS)))
def test_forecast_json(path, case):
    models, kw, args = FORECASTS[case]
    sc = detente.load(path)
    fc = sc.forecast(list(models) or None, **kw)
    rc, out, err = cli("forecast", path, "--format", "json", *args,
                       check=False)
    assert rc == 0, err
    assert fc.to_json().encode() == out


@pytest.mark.parametrize("path", SCENARIOS)
def test_forecast_text_and_csv(path):
    fc = detente.load(path).forecast("eu,mean", trajectory=True)
    assert fc.text() == cli_out("forecast", path, "--model", "eu,mean",
                                "--trajectory").decode()
    assert fc.text("markdown") == cli_out(
        "forecast", path, "--model", "eu,mean", "--trajectory", "--format",
        "markdown").decode()
    assert fc.text("csv") == cli_out(
        "forecast", path, "--model", "eu,mean", "--trajectory", "--format",
        "csv").decode()


@pytest.mark.parametrize("path", [HANOI, ANCHORAGE])
def test_analyze_json(path):
    sc = detente.load(path)
    assert sc.analyze().to_json().encode() == cli_out(
        "analyze", path, "--format", "json")
    lv = sc.levers[:2]
    an = sc.analyze("mean", levers=lv, pairs=True, weights="capability")
    args = ["--model", "mean", "--pairs", "--weights", "capability"]
    for x in lv:
        args += ["--lever", x]
    assert an.to_json().encode() == cli_out("analyze", path, "--format",
                                            "json", *args)
    assert sc.analyze().text() == cli_out("analyze", path).decode()


def test_analyze_error_is_the_cli_message():
    with pytest.raises(detente.ScenarioError) as e:
        detente.load(EC_CSV).analyze()
    rc, _, err = cli("analyze", EC_CSV, check=False)
    assert rc == 3
    assert err.strip() == "detente: " + str(e.value)


def test_compare_json():
    c = detente.compare([HANOI, ANCHORAGE])
    assert c.to_json().encode() == cli_out("compare", HANOI, ANCHORAGE,
                                           "--format", "json")
    assert c.text("csv") == cli_out("compare", HANOI, ANCHORAGE, "--format",
                                    "csv").decode()
    t = c.table
    assert list(t.columns[1:]) == [detente.load(HANOI).name,
                                   detente.load(ANCHORAGE).name]
    assert "agreement" in t.index


@pytest.mark.parametrize("path", [HANOI, ANCHORAGE])
def test_sweep_json(path):
    s = detente.load(path).sweep(draws=300, seed=11, threads=2)
    assert s.seed == 11
    assert s.to_json().encode() == cli_out(
        "sweep", path, "--draws", "300", "--seed", "11", "--format", "json",
        "--quiet")
    # Same bytes for any thread count, and the drawn values.
    s1 = detente.load(path).sweep(draws=300, seed=11, threads=1,
                                  drop_each=True, models="eu,mean")
    assert s1.to_json().encode() == cli_out(
        "sweep", path, "--draws", "300", "--seed", "11", "--format", "json",
        "--quiet", "--threads", "1", "--drop-each", "--model", "eu,mean")


def test_sweep_memory_json():
    # 40 KiB keeps a few dozen of Anchorage's 300 draws: the rest are
    # streamed into exact sums, as on the command line.
    s = detente.load(ANCHORAGE).sweep(draws=300, seed=11, threads=2,
                                      memory=40 * 1024)
    assert 0 < s.n_kept < 300
    assert len(s.draws) == s.n_kept
    assert s.to_json().encode() == cli_out(
        "sweep", ANCHORAGE, "--draws", "300", "--seed", "11", "--format",
        "json", "--quiet", "--memory", "40K")


def test_sweep_draws_csv(tmp_path):
    s = detente.load(HANOI).sweep(draws=50, seed=3)
    out = tmp_path / "d.csv"
    cli("sweep", HANOI, "--draws", "50", "--seed", "3", "--quiet",
        "--draws-out", str(out))
    assert s.draws_csv().encode() == out.read_bytes()


def test_sequence_json():
    path = os.path.join("tests", "game", "sequence-example.yaml")
    sq = detente.load(path).sequence(draws=2000)
    assert sq.to_json().encode() == cli_out("sequence", path, "--format",
                                            "json", "--draws", "2000")
    assert sq.text() == cli_out("sequence", path, "--draws", "2000").decode()


@pytest.mark.parametrize("efg", ["centipede.efg", "entry.efg",
                                 "ultimatum.efg"])
def test_game_json(efg):
    path = os.path.join("tests", "game", efg)
    assert detente.game(path).to_json().encode() == cli_out(
        "game", path, "--format", "json")
    assert detente.game(path, qre=1.5).to_json().encode() == cli_out(
        "game", path, "--format", "json", "--qre", "1.5")
    assert detente.game(path).to_gambit().encode() == cli_out(
        "game", path, "--format", "gambit")


def test_backtest_json():
    path = os.path.join("tests", "data", "deu3", "issues-dev.csv")
    b = detente.backtest(path, models="mean,median", folds=3, bootstrap=50,
                         seed=5)
    assert b.to_json().encode() == cli_out(
        "backtest", path, "--models", "mean,median", "--folds", "3",
        "--bootstrap", "50", "--seed", "5", "--format", "json")
    assert set(b.scores.index) == {"mean", "median"}
    b = detente.backtest(path, models="mean,exchange", folds=3, bootstrap=20,
                         seed=5, draws=2, position_sd=4.5)
    assert b.to_json().encode() == cli_out(
        "backtest", path, "--models", "mean,exchange", "--folds", "3",
        "--bootstrap", "20", "--seed", "5", "--draws", "2",
        "--position-sd", "4.5", "--format", "json")
    assert b.scores.loc["exchange", "crps_mean"] > 0


def test_validate_text():
    for path in SCENARIOS:
        assert detente.validate(path) == cli_out("validate", path).decode()


def test_report_same_page(tmp_path):
    out = tmp_path / "py"
    detente.report([HANOI], str(out))
    assert (out / "report.pdf").read_bytes()[:5] == b"%PDF-"
    ref = tmp_path / "cli"
    # The footer names the command: run the tool with the same words.
    rc, _, err = cli("report", HANOI, "-o", str(ref), check=False)
    assert rc == 0, err
    page = (out / "index.html").read_text()
    want = (ref / "index.html").read_text().replace(str(ref), str(out))
    assert page == want
    with pytest.raises(detente.DetenteIOError):
        detente.report([HANOI], str(out))
    detente.report([HANOI], str(out), force=True)
