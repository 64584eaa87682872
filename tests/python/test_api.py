"""The Python API: scenarios, frames, what-ifs, errors, charts, memory,
threads, interrupts."""
import gc
import math
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pandas as pd
import pytest

import detente
from detente import _core
from conftest import ANCHORAGE, EC_CSV, HANOI, SCENARIOS, SRC, cli


def test_version_is_the_library_s():
    import re
    with open(os.path.join(SRC, "CMakeLists.txt")) as f:
        v = re.search(r"project\(detente VERSION ([0-9.]+)", f.read()).group(1)
    assert detente.__version__ == v
    assert detente.library is not None


def test_build_info_is_the_tool_s():
    info = detente.build_info()
    lines = cli("--version")[1].decode().splitlines()
    assert lines[0] == "detente " + info["version"]
    assert lines[1] == "commit: " + info["commit"]
    assert lines[2] == "built with: " + " ".join(info["features"])
    assert "report" in info["features"]


def test_load_and_accessors():
    sc = detente.load(HANOI)
    assert sc.path == HANOI
    assert sc.format == "yaml"
    assert sc.issues == ["scope", "sanctions_relief", "sequencing"]
    assert sc.actors[:2] == ["usa", "dprk"]
    assert "dprk.scope.position" in sc.slots
    assert sc.get("dprk.scope.position") == pytest.approx(
        float(sc.to_frame().query("actor == 'dprk' and issue == 'scope'")
              ["position"].iloc[0]))
    assert "Scenario" in repr(sc) or "detente.Scenario" in repr(sc)
    assert detente.load(EC_CSV).format == "csv"


def test_table_csv_format():
    """The multi-issue CSV table (docs/scenario-format.md): recognised by
    name and content, with ';' detected; extra columns kept in notes."""
    text = ("#issue;x;X;10\n"
            "actor;issue;position;salience;capability;source\n"
            "a;x;20;80;100;Reuters\n"
            "b;x;90;90;40;\n")
    sc = detente.parse(text, "t.csv")
    assert sc.format == "table-csv"
    assert sc.issues == ["x"] and sc.actors == ["a", "b"]
    assert sc.get("b.x.position") == 90.0
    assert sc.get("a.capability") == 100.0
    plain = detente.parse("actor,issue,position,salience,capability\n"
                          "a,x,20,80,1\n", "u.csv")
    assert plain.format == "table-csv"


def test_forecast_views():
    fc = detente.load(HANOI).forecast("mean,eu")
    p = fc.points
    assert list(p.columns) == ["mean", "eu"]
    assert list(p.index) == ["scope", "sanctions_relief", "sequencing"]
    assert p.loc["sequencing", "eu"] == 95.0
    d = fc.to_dict()
    for i, iss in enumerate(d["issues"]):
        for m in ("mean", "eu"):
            assert iss["models"][m]["forecast"]["point"] == p.iloc[i][m]
    tr = fc.trajectory("eu", "sequencing")
    assert tr.index.name == "round" and tr.iloc[0]["dprk"] == 5.0
    assert (tr.iloc[-1][["usa", "dprk", "china", "rok"]] == 95.0).all()
    rounds = d["issues"][2]["models"]["eu"]["rounds"]
    assert len(tr) == len(rounds)
    assert tr["mean"].tolist() == [r["mean"] for r in rounds]
    of = fc.offers
    assert set(of["model"]) == {"eu"}
    assert of.iloc[0]["type"] in ("confrontation", "compromise",
                                  "capitulation")
    st = fc.stops
    assert st.loc[("sequencing", "eu"), "stop"] == "converged"
    assert fc.converged
    with pytest.raises(detente.OptionError):
        fc.trajectory("eu")  # three issues: name one


def test_option_keys_and_errors():
    keys = detente.option_keys()
    assert "rounds" in keys and "smp_vote" in keys
    sc = detente.load(HANOI)
    with pytest.raises(detente.UnknownNameError) as e:
        sc.forecast("eu", roundz=3)
    assert "rounds" in str(e.value)
    with pytest.raises(detente.OptionError) as e:
        sc.forecast("eu", rounds="many")
    assert "rounds" in str(e.value)
    with pytest.raises(detente.OptionError):
        sc.forecast("eu", Q=1.5)
    with pytest.raises(detente.UnknownNameError) as e:
        sc.forecast("eux")
    assert "'eu'" in str(e.value)
    with pytest.raises(detente.OptionError):
        sc.forecast("eu", preset="nope")
    with pytest.raises(detente.NotConvergedError):
        detente.load(EC_CSV).forecast("eu", preset="scholz-replication",
                                      require_convergence=True)


def test_scenario_error_is_what_the_cli_prints(tmp_path):
    bad = os.path.join("tests", "cli", "bad", "bad_role.yaml")
    with pytest.raises(detente.ScenarioError) as e:
        detente.load(bad)
    ex = e.value
    assert (ex.file, ex.line, ex.column) == (bad, 19, 11)
    assert "role must be" in ex.message
    rc, _, err = cli("validate", bad, check=False)
    assert rc == 3
    lines = err.splitlines()
    assert str(ex) == "\n".join(lines[:-1])  # the last line is the summary
    assert isinstance(ex, ValueError) and isinstance(ex, detente.DetenteError)
    assert ex.status == "invalid scenario"
    # Several errors: all of them, in file order.
    many = tmp_path / "many.yaml"
    many.write_text(textwrap.dedent("""\
        name: two errors
        issues:
          - {id: a, name: A, status_quo: 500}
        actors:
          - id: x
            name: X
            role: observer
            capability: 1
            stakes:
              a: {position: 10, salience: 50}
        """))
    with pytest.raises(detente.ScenarioError) as e:
        detente.load(str(many))
    rc, _, err = cli("validate", str(many), check=False)
    assert len(e.value.errors) >= 2
    assert str(e.value).splitlines() == err.splitlines()[:-1]


def test_io_error():
    with pytest.raises(detente.DetenteIOError) as e:
        detente.load("no/such/file.yaml")
    assert isinstance(e.value, OSError)
    rc, _, err = cli("validate", "no/such/file.yaml", check=False)
    assert rc == 4 and err.strip() == "detente: " + str(e.value)


def test_error_classes_by_status():
    err = _core.ffi.new("dt_error *")
    for code, cls in [(1, detente.NotConvergedError),
                      (2, detente.OptionError), (3, detente.ScenarioError),
                      (4, detente.DetenteIOError),
                      (5, detente.DetenteMemoryError),
                      (6, detente.RangeError), (7, detente.InternalError)]:
        err.msg = b"m"
        err.file = b"f.yaml"
        err.line, err.col = 2, 3
        ex = _core.error_from(code, err)
        assert type(ex) is cls and ex.code == code
        assert str(ex) == "f.yaml:2:3: m"
    assert issubclass(detente.DetenteMemoryError, MemoryError)


def test_set_and_slots():
    sc = detente.load(HANOI)
    w = sc.set("dprk.scope.position", 40)
    assert w.get("dprk.scope.position") == 40.0
    assert sc.get("dprk.scope.position") != 40.0  # the origin is unchanged
    w2 = sc.set({"dprk.scope.position": 40, "usa.capability": 50})
    assert w2.get("usa.capability") == 50.0
    # The what-if forecasts as the edited file does.
    path = os.path.join(os.environ.get("DETENTE_TEST_BUILD", "/tmp"),
                        "py-whatif.yaml")
    w.to_yaml(path)
    assert w.forecast().points.equals(detente.load(path).forecast().points)
    with pytest.raises(detente.UnknownNameError) as e:
        sc.set("dprk.scop.position", 1)
    assert "dprk.scope.position" in str(e.value)
    assert isinstance(e.value, KeyError)
    with pytest.raises(detente.RangeError) as e:
        sc.set("dprk.scope.position", 120)
    assert "dprk.scope.position" in str(e.value)


def test_with_levers():
    sc = detente.load(HANOI)
    lv = sc.levers[0]
    w = sc.with_levers([lv])
    assert w.name == sc.name
    assert not w.forecast().points.equals(sc.forecast().points) or True
    with pytest.raises(detente.UnknownNameError):
        sc.with_levers(["sanction"])


def test_yaml_and_dict_round_trip(tmp_path):
    for path in SCENARIOS:
        sc = detente.load(path)
        text = sc.to_yaml()
        again = detente.parse(text, "again.yaml")
        assert again.to_yaml() == text
        assert again.forecast().points.equals(sc.forecast().points)
        d = sc.to_dict()
        back = detente.Scenario.from_dict(d)
        assert back.to_dict() == d
        assert back.forecast().points.equals(sc.forecast().points)
    p = tmp_path / "x.yaml"
    assert detente.load(HANOI).to_yaml(str(p)) is None
    assert p.read_text() == detente.load(HANOI).to_yaml()


def test_from_dict_errors():
    d = detente.load(HANOI).to_dict()
    d["actors"][0]["role"] = "observer"
    with pytest.raises(detente.ScenarioError) as e:
        detente.Scenario.from_dict(d)
    assert e.value.line > 0 and "role" in e.value.message


def test_frame_round_trip():
    for path in SCENARIOS:
        sc = detente.load(path)
        if sc.format != "yaml":
            continue
        df = sc.to_frame()
        assert list(df.columns[:6]) == ["actor", "issue", "position",
                                        "salience", "capability", "role"]
        back = detente.Scenario.from_frame(df, name=sc.name)
        pd.testing.assert_frame_equal(back.to_frame(), df)
        pd.testing.assert_frame_equal(back.forecast().points,
                                      sc.forecast().points)


def test_from_frame_minimal_and_errors():
    df = pd.DataFrame({
        "actor": ["eu", "eu", "us", "us"],
        "issue": ["tariffs", "quotas", "tariffs", "quotas"],
        "position": [60, 20, 10, 80], "salience": [70, 40, 90, 50],
        "capability": [80, 80, 100, 100],
        "role": ["table"] * 4})
    sc = detente.Scenario.from_frame(df, name="trade",
                                     status_quo={"tariffs": 30})
    assert sc.issues == ["tariffs", "quotas"]
    assert sc.forecast("mean").points.loc["tariffs", "mean"] == pytest.approx(
        (60 * 80 * 0.7 + 10 * 100 * 0.9) / (80 * 0.7 + 100 * 0.9))
    bad = df.copy()
    bad.loc[0, "position"] = 150
    with pytest.raises(detente.ScenarioError) as e:
        detente.Scenario.from_frame(bad)
    assert "eu" in str(e.value)
    with pytest.raises(detente.ScenarioError):
        detente.Scenario.from_frame(df.drop(columns=["salience"]))


def test_sweep_frames():
    s = detente.load(ANCHORAGE).sweep(draws=200, seed=4, threads=2)
    d = s.draws
    assert d.shape == (200, len(s.inputs) + len(s.outputs))
    assert d.index.name == "draw"
    # One block, the array filled from the library's buffers (no 2nd copy).
    assert d._mgr.nblocks == 1
    assert np.shares_memory(d._mgr.blocks[0].values, d.to_numpy())
    summ = s.summary
    col = s.outputs[0]
    assert summ.loc[col, "mean"] == pytest.approx(d[col].mean())
    assert summ.loc[col, "50%"] == pytest.approx(d[col].quantile(0.5))
    inf = s.influence
    assert inf.shape == (len(s.outputs), len(s.inputs))
    assert 0 <= s.p_zone <= 1
    js = s.to_dict()
    assert js["seed"] == 4
    assert len(s.p_red_line) == len(s.scenario.actors)


def test_sweep_draws_copied_once():
    import tracemalloc
    s = detente.load(HANOI).sweep(draws=20000, seed=1, analysis="off")
    n = s.n_draws * (len(s.inputs) + len(s.outputs)) * 8
    tracemalloc.start()
    d = s.draws
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert d.shape[0] == 20000
    assert peak < 1.5 * n, (peak, n)


def test_sweep_progress_with_tqdm():
    pytest.importorskip("tqdm")
    s = detente.load(HANOI).sweep(draws=64, seed=2, progress=True)
    assert s.n_draws == 64


def test_sweep_errors():
    sc = detente.load(HANOI)
    with pytest.raises(detente.OptionError):
        sc.sweep(draws=0)
    with pytest.raises(detente.OptionError):
        sc.sweep(draws=10, threads=20)
    with pytest.raises(detente.OptionError) as e:
        detente.load(EC_CSV).sweep(draws=20, seed=1)
    rc, _, err = cli("sweep", EC_CSV, "--draws", "20", "--seed", "1",
                     "--quiet", check=False)
    assert rc == 2 and "detente: " + str(e.value) in err


def test_interrupt_sweep():
    code = textwrap.dedent("""\
        import sys, time, detente
        sc = detente.load(%r)
        print("ready", flush=True)
        try:
            sc.sweep(draws=10**7, seed=1, threads=1)
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            sys.exit(0)
        print("finished", flush=True)
        """ % ANCHORAGE)
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, cwd=SRC)
    assert p.stdout.readline().strip() == "ready"
    time.sleep(1.0)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    assert out.strip() == "interrupted"


def test_threads_same_results():
    sc = detente.load(ANCHORAGE)
    want = sc.forecast("all,smp,exchange").to_json()
    got = [None] * 4
    errors = []

    def run(k):
        try:
            for _ in range(5):
                got[k] = sc.forecast("all,smp,exchange").to_json()
        except Exception as e:  # pragma: no cover
            errors.append(e)
    ts = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors
    assert got == [want] * 4


def _rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def test_no_leak_10000_cycles():
    gc.collect()
    base = _core.allocation_counts()
    assert base[:2] == (0, 0)
    for _ in range(1000):  # warm up caches and allocator pools
        detente.load(HANOI, _count_allocations=True).forecast("eu").points
    gc.collect()
    assert _core.allocation_counts()[:2] == (0, 0)
    rss0 = _rss_kb()
    for _ in range(10000):
        sc = detente.load(HANOI, _count_allocations=True)
        fc = sc.forecast("eu")
        fc.to_json()
        del sc, fc
    gc.collect()
    live_bytes, live_blocks, total = _core.allocation_counts()
    assert (live_bytes, live_blocks) == (0, 0)
    assert total > 10000
    assert _rss_kb() - rss0 < 8 * 1024  # KiB


def test_charts(tmp_path):
    sc = detente.load(ANCHORAGE)
    fc = sc.forecast("eu,mean")
    svg = fc.plot("trajectory", model="eu")
    assert "<svg" in svg[:500]
    assert "</svg>" in svg[-100:]
    fc.plot("positions", str(tmp_path / "p.png"))
    assert (tmp_path / "p.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    an = sc.analyze()
    an.plot("levers", str(tmp_path / "l.pdf"))
    assert (tmp_path / "l.pdf").read_bytes()[:5] == b"%PDF-"
    assert "<svg" in an.plot("positions", width=600, height=400)
    s = sc.sweep(draws=100, seed=1)
    assert "<svg" in s.plot()
    assert "<svg" in detente.compare([HANOI, ANCHORAGE]).plot()
    assert "<svg" in sc.plot("positions")
    for obj in (sc, fc, an, s, detente.compare([HANOI, ANCHORAGE])):
        h = obj._repr_html_()
        assert "<svg" in h, type(obj)
    with pytest.raises(detente.UnknownNameError):
        fc.plot("pie")
    with pytest.raises(detente.OptionError):
        fc.plot("positions", str(tmp_path / "p.gif"))
    with pytest.raises(detente.OptionError):  # too small
        fc.plot("positions", width=10, height=10)


def test_chart_same_bytes_as_plot(tmp_path):
    out = tmp_path / "t.svg"
    cli("plot", "trajectory", HANOI, "--model", "eu", "-o", str(out))
    fc = detente.load(HANOI).forecast("eu")
    py = tmp_path / "py.svg"
    fc.plot("trajectory", str(py), svg_id="")
    assert py.read_bytes() == out.read_bytes()


def test_analysis_views():
    sc = detente.load(ANCHORAGE)
    an = sc.analyze()
    f = an.forecasts
    d = an.to_dict()
    assert list(f.index) == sc.issues
    for iss in sc.issues:
        assert f.loc[iss, "table_forecast"] == d["table_forecast"][iss]
    assert "feasible" in an.zone
    assert len(an.levers) == len(sc.levers)
    assert set(an.stakeholders.index) == set(sc.actors)
    assert an.text() == cli("analyze", ANCHORAGE)[1].decode()
