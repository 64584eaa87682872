"""Results: forecasts, analyses, comparisons, sweeps, games, backtests,
reports. Each result object owns its C memory (freed when it is
garbage-collected), keeps what it was computed from alive, and gives the
library's JSON document (:meth:`to_json`, the bytes the command line
writes), its text (:meth:`text`), pandas views and charts."""
from __future__ import annotations

import json
import math
import os
import secrets
import shutil
import tempfile
from typing import (Any, Dict, List, Optional, Sequence as Seq, Union)

from ._core import (DetenteIOError, NotConvergedError, OptionError,
                    ScenarioError, UnknownNameError, check, collect, cstr,
                    doc_text, error_from, ffi, lib, run_slices, unknown,
                    NPOS)
from .scenario import PathLike, Scenario, load

SEED_MAX = 9007199254740991  # 2^53 - 1, as the command line


def _draw_seed() -> int:
    """A seed as the command line draws one: short enough to retype."""
    return secrets.randbelow(1000000)


def _check_seed(seed) -> int:
    """The seed given (checked as ``--seed``), or one drawn when None."""
    if seed is None:
        return _draw_seed()
    if not 0 <= int(seed) <= SEED_MAX:
        raise OptionError("--seed expects an integer from 0 to %d, got %s"
                          % (SEED_MAX, seed))
    return int(seed)


def _check_threads(threads) -> int:
    """The thread count given (checked as ``--threads``), or the cores
    when None."""
    if threads is None:
        return int(lib.pydt_ncpu())
    if not 1 <= int(threads) <= 64:
        raise OptionError("--threads must be between 1 and 64, got %s"
                          % threads)
    return int(threads)


def _model_names() -> List[str]:
    p = lib.dt_forecast_model_names()
    out, i = [], 0
    while p[i] != ffi.NULL:
        out.append(ffi.string(p[i]).decode())
        i += 1
    return out


def _opt_keys() -> Dict[str, Any]:
    keys = {}
    for i in range(lib.dt_forecast_n_keys()):
        k = lib.dt_forecast_key(i)
        choices = []
        if k.choices != ffi.NULL:
            j = 0
            while k.choices[j] != ffi.NULL:
                choices.append(ffi.string(k.choices[j]).decode())
                j += 1
        keys[ffi.string(k.name).decode()] = (int(k.kind), choices)
    return keys


_KEYS: Optional[Dict[str, Any]] = None


def option_keys() -> Dict[str, str]:
    """The forecast's option keys (keyword arguments of
    :meth:`Scenario.forecast`) with their one-line help."""
    out = {}
    for i in range(lib.dt_forecast_n_keys()):
        k = lib.dt_forecast_key(i)
        out[ffi.string(k.name).decode().replace("-", "_")] = \
            ffi.string(k.help).decode()
    return out


def _option_value(name: str, v: Any, kind: int, choices: List[str]):
    """Keyword value -> the text the command line would pass (None: not
    given)."""
    if kind == 3:  # a flag
        return "on" if v else None
    if isinstance(v, bool):
        if "on" in choices:
            return "on" if v else "off"
        raise OptionError("%s expects %s, got %r" % (
            name, " or ".join(choices) or "a value", v))
    if isinstance(v, float):
        return repr(v)
    return str(v)


def _split_models(models) -> List[str]:
    if models is None:
        return []
    if isinstance(models, str):
        models = [models]
    out: List[str] = []
    for m in models:
        for p in str(m).split(","):
            if p and p not in out:
                out.append(p)
    return out


# ======================================================================
# Forecast
# ======================================================================

def forecast(scenario: Scenario, models=None, *, preset: Optional[str] = None,
             trajectory: bool = False, require_convergence: bool = False,
             **options: Any) -> "Forecast":
    """See :meth:`Scenario.forecast`."""
    global _KEYS
    if _KEYS is None:
        _KEYS = _opt_keys()
    names = _split_models(models)
    known = _model_names()
    for m in names:
        if m not in known and m != "all":
            raise unknown("model", m, known + ["all"])
    if len(names) > 16:
        raise OptionError("--model: too many models")
    keys, vals = [], []
    for k, v in options.items():
        name = k if k in _KEYS else k.replace("_", "-")
        if name not in _KEYS:
            raise unknown("option", k, [n.replace("-", "_") for n in _KEYS])
        text = _option_value(name, v, *_KEYS[name])
        if text is not None:
            keys.append(ffi.new("char[]", name.encode()))
            vals.append(ffi.new("char[]", text.encode()))
    cm = [ffi.new("char[]", m.encode()) for m in names]
    marr = ffi.new("char *[]", cm) if cm else ffi.NULL
    karr = ffi.new("char *[]", keys) if keys else ffi.NULL
    varr = ffi.new("char *[]", vals) if vals else ffi.NULL
    pre = ffi.new("char[]", preset.encode()) if preset else ffi.NULL
    out = ffi.new("dt_forecast **")
    acc = ffi.new("double **")
    err = ffi.new("dt_error *")
    st = lib.pydt_forecast(scenario._ptr, marr, len(cm), pre, karr, varr,
                           len(keys), 1, out, acc, err)
    accp = ffi.gc(acc[0], lib.free) if acc[0] != ffi.NULL else None
    if st != 0:
        raise error_from(st, err)
    fc = Forecast(scenario, ffi.gc(out[0], lib.dt_forecast_free), accp,
                  preset, trajectory)
    if require_convergence and not fc.converged:
        raise NotConvergedError(
            "a model did not converge (see the stop reasons)")
    return fc


class Forecast:
    """The forecast of every issue by every model run (dt_forecast).

    ``points`` (issue x model), ``stops``, ``trajectory(model)``,
    ``offers``, ``to_json()`` (identical bytes to ``detente forecast
    --format json``), ``text()``, ``plot(kind)``; renders in Jupyter.
    """

    def __init__(self, scenario: Scenario, ptr, acc, preset, trajectory):
        self.scenario = scenario
        self._ptr = ptr
        self._acc = acc  # smp's accommodation matrix, borrowed by the run
        self.preset = preset
        self._trajectory = trajectory

    @property
    def models(self) -> List[str]:
        """Model names as run ("all" expanded)."""
        return [ffi.string(lib.dt_forecast_model_name(self._ptr, m)).decode()
                for m in range(lib.dt_forecast_n_models(self._ptr))]

    @property
    def converged(self) -> bool:
        """Whether every run stopped because it converged."""
        return bool(lib.dt_forecast_converged(self._ptr))

    def _model(self, model: Optional[str]) -> int:
        names = self.models
        if model is None:
            return 0
        if model not in names:
            raise unknown("model", model, names, " in this forecast")
        return names.index(model)

    def _issue(self, issue: Union[None, str, int]) -> int:
        ids = self.scenario.issues
        if issue is None:
            if len(ids) != 1:
                raise OptionError("name an issue: %s" % ", ".join(ids))
            return 0
        if isinstance(issue, int):
            return issue
        if issue not in ids:
            raise unknown("issue", issue, ids)
        return ids.index(issue)

    @property
    def points(self) -> "pandas.DataFrame":
        """The forecast of each model (columns) on each issue (rows)."""
        import numpy as np
        import pandas as pd
        ni, nm = lib.dt_forecast_n_issues(self._ptr), \
            lib.dt_forecast_n_models(self._ptr)
        a = np.empty((ni, nm))
        for i in range(ni):
            for m in range(nm):
                a[i, m] = lib.dt_forecast_result(self._ptr, i, m).point
        return pd.DataFrame(a, index=pd.Index(self.scenario.issues,
                                               name="issue"),
                            columns=pd.Index(self.models, name="model"))

    @property
    def stops(self) -> "pandas.DataFrame":
        """Per issue and model: point, mean, median, why the run stopped
        ("converged", "cycle", "round_cap"), rounds and cycle period."""
        import pandas as pd
        rows = []
        for i, iss in enumerate(self.scenario.issues):
            for m, mod in enumerate(self.models):
                r = lib.dt_forecast_result(self._ptr, i, m)
                rows.append((iss, mod, r.point, r.mean, r.median,
                             ffi.string(lib.dt_stop_str(r.stop)).decode(),
                             int(r.rounds),
                             int(r.period) if r.period else None))
        return pd.DataFrame(rows, columns=[
            "issue", "model", "point", "mean", "median", "stop", "rounds",
            "period"]).set_index(["issue", "model"])

    def trajectory(self, model: Optional[str] = None,
                   issue: Union[None, str, int] = None) -> "pandas.DataFrame":
        """Positions round by round (rows, round 0 = the inputs) of every
        actor who bargains (columns), with the weighted ``mean`` and
        ``median`` of each round, for one model (default: the first) on
        one issue (required when the scenario has several). The values
        are copied from the library's trace."""
        import numpy as np
        import pandas as pd
        m = self._model(model)
        i = self._issue(issue)
        tr = lib.dt_forecast_trace(self._ptr, i, m)
        line = lib.dt_forecast_line(self._ptr, i)
        ids = [ffi.string(line.ids[k]).decode() for k in range(line.n)]
        if tr == ffi.NULL:
            return pd.DataFrame(columns=ids + ["mean", "median"])
        nr, n = int(tr.rounds), int(tr.n)
        x = np.frombuffer(ffi.buffer(tr.x, nr * n * 8), dtype=np.float64)
        df = pd.DataFrame(x.reshape(nr, n).copy(), columns=ids,
                          index=pd.RangeIndex(nr, name="round"))
        df["mean"] = np.frombuffer(ffi.buffer(tr.mean, nr * 8)).copy()
        df["median"] = np.frombuffer(ffi.buffer(tr.median, nr * 8)).copy()
        df.columns.name = "actor"
        return df

    @property
    def offers(self) -> "pandas.DataFrame":
        """Every offer the expected-utility model executed: issue, model,
        round, receiver (who moved), proposer, type, from, to and the two
        expected utilities."""
        import pandas as pd
        rows = []
        n = ffi.new("size_t *")
        for i, iss in enumerate(self.scenario.issues):
            line = lib.dt_forecast_line(self._ptr, i)
            for m, mod in enumerate(self.models):
                of = lib.dt_forecast_offers(self._ptr, i, m, n)
                for k in range(n[0]):
                    o = of[k].offer
                    rows.append((
                        iss, mod, int(of[k].round),
                        ffi.string(line.ids[o.receiver]).decode(),
                        ffi.string(line.ids[o.proposer]).decode(),
                        ffi.string(lib.dt_eu_class_str(o.type)).decode(),
                        getattr(o, "from"), o.to, o.eu_receiver, o.eu_proposer))
        return pd.DataFrame(rows, columns=[
            "issue", "model", "round", "receiver", "proposer", "type", "from",
            "to", "eu_receiver", "eu_proposer"])

    def _doc_opts(self):
        o = ffi.new("dt_doc_opts *")
        o.rounds = 1 if self._trajectory else 0
        self._pre = ffi.new("char[]", self.preset.encode()) \
            if self.preset else ffi.NULL
        o.preset = self._pre
        return o

    def to_json(self) -> str:
        """The forecast's JSON document (schema detente-forecast/1): the
        same bytes as ``detente forecast FILE --format json`` with the
        same models and options."""
        return collect(lib.dt_forecast_write_json, self._ptr,
                       self._doc_opts()).decode("utf-8")

    def to_dict(self) -> Dict[str, Any]:
        return json.loads(self.to_json())

    def text(self, format: str = "text", trajectory: Optional[bool] = None
             ) -> str:
        """What ``detente forecast`` prints (``format``: text, markdown,
        csv, html); ``trajectory`` adds the rounds."""
        o = self._doc_opts()
        if trajectory is not None:
            o.rounds = 1 if trajectory else 0
        return doc_text(lib.dt_forecast_doc, (self._ptr,), format, o)

    def plot(self, kind: str = "trajectory", path: Optional[PathLike] = None,
             **kw: Any) -> Optional[str]:
        """``trajectory`` (one model's rounds; ``model=``) or
        ``positions``; SVG text, or a PNG/SVG/PDF file at ``path``. See
        :func:`detente.charts.plot`."""
        from . import charts
        return charts.forecast_plot(self, kind, path, **kw)

    def __repr__(self) -> str:
        return "<detente.Forecast of %r, models %s>" % (
            self.scenario.name, ", ".join(self.models))

    def _repr_html_(self) -> str:
        from . import charts
        return charts.forecast_html(self)


# ======================================================================
# Analysis
# ======================================================================

_WEIGHTS = {"equal": 0, "capability": 1}


def _analysis_opts(model, weights):
    o = ffi.new("dt_analysis_opts *")
    lib.pydt_init_analysis_opts(o)
    if model is not None:
        t = lib.dt_model_find(model.encode())
        if t == ffi.NULL:
            raise unknown("model", model, ["eu", "mean", "median"])
        o.model = t
    if weights not in _WEIGHTS:
        raise unknown("weights", weights, list(_WEIGHTS))
    o.weights = _WEIGHTS[weights]
    return o


def analyze(scenario: Scenario, model: Optional[str] = None, *,
            levers: Optional[Seq[str]] = None, pairs: bool = False,
            weights: str = "equal") -> "Analysis":
    """See :meth:`Scenario.analyze`. The same as ``detente analyze FILE
    [--model M] [--lever ID ...] [--pairs] [--weights W]``."""
    o = _analysis_opts(model, weights)
    keep = []
    if levers:
        idx = []
        for lv in ([levers] if isinstance(levers, str) else levers):
            k = lib.dt_scenario_lever_index(scenario._ptr, lv.encode())
            if k == NPOS:
                raise unknown("lever", lv, scenario.levers,
                              " in scenario '%s'" % scenario.name)
            idx.append(k)
        arr = ffi.new("size_t[]", idx)
        keep.append(arr)
        o.levers = arr
        o.n_levers = len(idx)
    o.pairs = 1 if pairs else 0
    out = ffi.new("dt_analysis **")
    err = ffi.new("dt_error *")
    st = lib.dt_analyze(scenario._ptr, o, out, err)
    if st != 0:
        raise error_from(st, err, "cannot analyse '%s': " % (
            scenario.path or scenario.name))
    return Analysis(scenario, ffi.gc(out[0], lib.dt_analysis_free))


class Analysis:
    """The summit analysis of a scenario (dt_analyze): ``forecasts``,
    ``zone``, ``deal``, ``stakeholders``, ``levers`` (DataFrames and
    dicts read from the library's JSON), ``to_json()`` (``detente
    analyze --format json``), ``text()``, ``plot(kind)``."""

    def __init__(self, scenario: Scenario, ptr):
        self.scenario = scenario
        self._ptr = ptr
        self._dict: Optional[Dict[str, Any]] = None

    def to_json(self) -> str:
        return collect(lib.dt_analysis_write_json, self.scenario._ptr,
                       self._ptr, ffi.NULL).decode("utf-8")

    def to_dict(self) -> Dict[str, Any]:
        if self._dict is None:
            self._dict = json.loads(self.to_json())
        return self._dict

    def text(self, format: str = "text") -> str:
        """What ``detente analyze`` prints."""
        return doc_text(lib.dt_analysis_doc, (self.scenario._ptr, self._ptr),
                        format)

    @property
    def forecasts(self) -> "pandas.DataFrame":
        """Per issue (rows): the table's forecast, everyone's, their gap,
        the Nash deal and the proposal (deal, else the zone's point)."""
        import pandas as pd
        d = self.to_dict()
        cols = {k: d[k] for k in ("table_forecast", "full_forecast", "gap",
                                  "deal", "proposal")
                if isinstance(d.get(k), dict)}
        df = pd.DataFrame(cols, index=self.scenario.issues, dtype=float)
        df.index.name = "issue"
        return df

    @property
    def zone(self) -> Dict[str, Any]:
        """The zone of agreement among the table actors (feasible,
        surplus, verdict, binding red lines...)."""
        return self.to_dict().get("zone", {})

    @property
    def durability(self) -> Optional[float]:
        return self.to_dict().get("durability")

    @property
    def stakeholders(self) -> "pandas.DataFrame":
        import pandas as pd
        st = self.to_dict().get("stakeholders", [])
        if isinstance(st, dict):
            return pd.DataFrame.from_dict(st, orient="index")
        df = pd.DataFrame(st)
        return df.set_index("id") if "id" in df.columns else df

    @property
    def levers(self) -> "pandas.DataFrame":
        """Every lever (and pair) studied with what it changes, strongest
        first."""
        import pandas as pd
        rows = self.to_dict().get("levers", [])
        flat = [{k: v for k, v in r.items() if not isinstance(v, (dict, list))}
                for r in rows]
        return pd.DataFrame(flat)

    def plot(self, kind: str = "positions", path: Optional[PathLike] = None,
             **kw: Any) -> Optional[str]:
        """``positions`` (actors, forecasts, deal, red lines) or
        ``levers`` (tornado chart)."""
        from . import charts
        return charts.analysis_plot(self, kind, path, **kw)

    def __repr__(self) -> str:
        return "<detente.Analysis of %r>" % self.scenario.name

    def _repr_html_(self) -> str:
        from . import charts
        return charts.analysis_html(self)


# ======================================================================
# Comparison
# ======================================================================

def compare(scenarios: Seq[Union[Scenario, PathLike]],
            model: Optional[str] = None, *,
            weights: str = "equal") -> "Comparison":
    """Scenarios side by side (``detente compare A B ...``): paths or
    :class:`Scenario` objects. Each is analysed (model, weights)."""
    scs = [s if isinstance(s, Scenario) else load(s) for s in scenarios]
    if not scs:
        raise OptionError("compare takes one or more scenarios")
    o = _analysis_opts(model, weights)
    ans = []
    err = ffi.new("dt_error *")
    for s in scs:
        out = ffi.new("dt_analysis **")
        st = lib.dt_analyze(s._ptr, o, out, err)
        if st != 0:
            raise error_from(st, err, "cannot analyse '%s': " % (
                s.path or s.name))
        ans.append(ffi.gc(out[0], lib.dt_analysis_free))
    sarr = ffi.new("dt_scenario *[]", [s._ptr for s in scs])
    aarr = ffi.new("dt_analysis *[]", ans)
    out = ffi.new("dt_compare **")
    check(lib.dt_compare_new(sarr, aarr, len(scs), out, err), err)
    c = Comparison(scs, ans, ffi.gc(out[0], lib.dt_compare_free))
    return c


class Comparison:
    """Scenarios side by side (dt_compare): ``table`` (rows x scenarios),
    ``to_json()`` (``detente compare --format json``), ``text()``,
    ``plot()``."""

    def __init__(self, scenarios, analyses, ptr):
        self.scenarios = scenarios
        self._analyses = analyses
        self._ptr = ptr

    @property
    def table(self) -> "pandas.DataFrame":
        """One row per dimension (index: the row key), one column per
        scenario (its name); None where a scenario lacks the row."""
        import pandas as pd
        p = self._ptr
        nr, ns = lib.dt_compare_n_rows(p), lib.dt_compare_n_scenarios(p)
        keys = [cstr(lib.dt_compare_key(p, i)) for i in range(nr)]
        data = [[cstr(lib.dt_compare_cell(p, i, j)) for j in range(ns)]
                for i in range(nr)]
        cols = [s.name for s in self.scenarios]
        if len(set(cols)) != len(cols):
            cols = ["%d: %s" % (j + 1, c) for j, c in enumerate(cols)]
        df = pd.DataFrame(data, index=pd.Index(keys, name="key"),
                          columns=cols)
        df.insert(0, "label", [cstr(lib.dt_compare_label(p, i))
                               for i in range(nr)])
        return df

    def to_json(self) -> str:
        return collect(lib.dt_compare_write_json, self._ptr,
                       ffi.NULL).decode("utf-8")

    def to_dict(self) -> Dict[str, Any]:
        return json.loads(self.to_json())

    def text(self, format: str = "text") -> str:
        return doc_text(lib.dt_compare_doc, (self._ptr,), format)

    def plot(self, kind: str = "compare", path: Optional[PathLike] = None,
             **kw: Any) -> Optional[str]:
        from . import charts
        return charts.compare_plot(self, kind, path, **kw)

    def __repr__(self) -> str:
        return "<detente.Comparison of %s>" % ", ".join(
            repr(s.name) for s in self.scenarios)

    def _repr_html_(self) -> str:
        from . import charts
        return charts.compare_html(self)


# ======================================================================
# Sweep
# ======================================================================

_ANALYSIS = {"auto": 0, "off": 1, "on": 2}


def sweep(scenario: Scenario, draws: int = 1000, seed: Optional[int] = None,
          threads: Optional[int] = None, *,
          models: Union[str, Seq[str]] = "eu", analysis: str = "auto",
          drop_each: bool = False, progress: bool = False,
          memory: int = 1 << 30,
          estimates: Optional[Seq[PathLike]] = None) -> "Sweep":
    """A Monte Carlo sensitivity sweep, as ``detente sweep FILE --draws N
    --seed S --threads T [--model M] [--analysis A] [--drop-each]
    [--memory BYTES]``.

    ``memory`` (bytes, default 1 GiB as on the command line; 0 keeps
    every draw) bounds the draws kept whole (:attr:`Sweep.n_kept`): the
    others are folded into exact sums, so counts, means, sds and
    probabilities cover every draw while quantiles, influence and
    :attr:`Sweep.draws` use the kept ones (docs/analysis.md, "Memory").

    ``estimates``: analysts' estimates files (``--estimates``): the
    numbers they estimated are drawn from the analysts' mixture
    (docs/judgement.md).

    ``seed`` defaults to one drawn at random (recorded in the result:
    :attr:`Sweep.seed`); ``threads`` to the available cores. The draws
    run in slices of about a quarter second, with the GIL released, so
    Ctrl-C raises :class:`KeyboardInterrupt` between two slices (the
    partial sweep is freed). ``progress=True`` shows a ``tqdm`` bar when
    tqdm is installed.
    """
    draws = int(draws)
    if draws < 1:
        raise OptionError("--draws must be at least 1, got %d" % draws)
    if int(memory) < 0:
        raise OptionError("--memory expects a number of bytes, got %s"
                          % memory)
    names = _split_models(models) or ["eu"]
    types = []
    for m in names:
        t = lib.dt_model_find(m.encode())
        if t == ffi.NULL:
            raise unknown("model", m, ["mean", "median", "eu", "nbs"])
        types.append(t)
    if analysis not in _ANALYSIS:
        raise unknown("analysis mode", analysis, list(_ANALYSIS))
    seed = _check_seed(seed)
    if threads is None:
        threads = min(int(lib.pydt_ncpu()), draws)
    elif _check_threads(threads) > draws:
        raise OptionError("--threads %d is more than --draws %d" % (
            threads, draws))
    tarr = ffi.new("dt_model_type *[]", types)
    o = ffi.new("dt_sweep_opts *")
    lib.pydt_init_sweep_opts(o)
    o.models = tarr
    o.n_models = len(types)
    o.seed = int(seed)
    o.n_draws = draws
    o.threads = int(threads)
    o.analysis = _ANALYSIS[analysis]
    o.drop_each = 1 if drop_each else 0
    o.memory = int(memory)
    est = None
    if estimates:
        from .judgement import _Estimates
        est = _Estimates(scenario, estimates)
        lib.pydt_sweep_opts_set_estimates(o, est._ptr)
    out = ffi.new("dt_sweep **")
    err = ffi.new("dt_error *")
    check(lib.dt_sweep_new(scenario._ptr, o, out, err), err)
    s = Sweep(scenario, ffi.gc(out[0], lib.dt_sweep_free), tarr, names)
    s._est = est  # the sweep reads the estimates while it runs
    run_slices(lambda b, e: check(lib.dt_sweep_run(s._ptr, b, e, err), err),
               draws, 4 * int(threads), progress, "sweep", "draws")
    check(lib.dt_sweep_reduce(s._ptr, err), err)
    return s


class Sweep:
    """A finished sweep (dt_sweep): ``draws`` (one row per draw, a column
    per uncertain input and per output), ``summary``, ``influence``,
    ``p_zone``, ``p_red_line``, ``to_json()`` (``detente sweep --format
    json`` with the same seed), ``draws_csv()`` (``--draws-out``),
    ``text()``, ``plot()``."""

    def __init__(self, scenario: Scenario, ptr, types, names):
        self.scenario = scenario
        self._ptr = ptr
        self._types = types
        self.models = names
        self._draws = None

    @property
    def seed(self) -> int:
        return int(lib.dt_sweep_seed(self._ptr))

    @property
    def n_draws(self) -> int:
        return int(lib.dt_sweep_n_draws(self._ptr))

    @property
    def n_kept(self) -> int:
        """Draws kept whole (the first ones; all of them unless
        ``memory`` was too small to hold them)."""
        return int(lib.dt_sweep_n_kept(self._ptr))

    @property
    def inputs(self) -> List[str]:
        """Labels of the uncertain inputs ("position usa/nato", ...)."""
        p = self._ptr
        return [ffi.string(lib.dt_sweep_get_input(p, j).label).decode()
                for j in range(lib.dt_sweep_n_inputs(p))]

    @property
    def outputs(self) -> List[str]:
        """Labels of the per-draw results ("forecast eu/nato", ...)."""
        p = self._ptr
        return [ffi.string(lib.dt_sweep_get_output(p, k).label).decode()
                for k in range(lib.dt_sweep_n_outputs(p))]

    @property
    def draws(self) -> "pandas.DataFrame":
        """Every draw kept (rows, index ``draw``; :attr:`n_kept` of
        them): the drawn inputs, then the
        outputs (NaN where a result is undefined). Each column is copied
        once from the library's buffer into one Fortran-ordered array,
        which the DataFrame uses without a second copy."""
        if self._draws is None:
            import numpy as np
            import pandas as pd
            p = self._ptr
            n = int(lib.dt_sweep_n_kept(p))
            ni, no = lib.dt_sweep_n_inputs(p), lib.dt_sweep_n_outputs(p)
            a = np.empty((n, ni + no), dtype=np.float64, order="F")
            for j in range(ni):
                a[:, j] = np.frombuffer(
                    ffi.buffer(lib.dt_sweep_input_draws(p, j), 8 * n),
                    dtype=np.float64)
            for k in range(no):
                a[:, ni + k] = np.frombuffer(
                    ffi.buffer(lib.dt_sweep_output_draws(p, k), 8 * n),
                    dtype=np.float64)
            self._draws = pd.DataFrame(a, columns=self.inputs + self.outputs,
                                       index=pd.RangeIndex(n, name="draw"),
                                       copy=False)
        return self._draws

    @property
    def summary(self) -> "pandas.DataFrame":
        """Per output: n (finite draws), the 5, 25, 50, 75 and 95 %
        quantiles (type 7), mean and sd."""
        import pandas as pd
        p = self._ptr
        rows = []
        for k in range(lib.dt_sweep_n_outputs(p)):
            s = lib.dt_sweep_output_stats(p, k)
            rows.append([int(s.n)] + [s.q[i] for i in range(5)] +
                        [s.mean, s.sd])
        return pd.DataFrame(rows, index=pd.Index(self.outputs, name="output"),
                            columns=["n", "5%", "25%", "50%", "75%", "95%",
                                     "mean", "sd"])

    @property
    def influence(self) -> "pandas.DataFrame":
        """Spearman rank correlation of each input (columns) with each
        output (rows); NaN where undefined."""
        import numpy as np
        import pandas as pd
        p = self._ptr
        no, ni = lib.dt_sweep_n_outputs(p), lib.dt_sweep_n_inputs(p)
        a = np.empty((no, ni))
        for k in range(no):
            for j in range(ni):
                a[k, j] = lib.dt_sweep_influence(p, k, j)
        return pd.DataFrame(a, index=pd.Index(self.outputs, name="output"),
                            columns=pd.Index(self.inputs, name="input"))

    @property
    def p_zone(self) -> float:
        """Share of draws with a zone of agreement (NaN without analysis)."""
        return float(lib.dt_sweep_p_zone(self._ptr))

    @property
    def p_red_line(self) -> "pandas.Series":
        """Per actor, the share of draws whose proposal crosses one of its
        red lines."""
        import pandas as pd
        acts = self.scenario.actors
        return pd.Series([lib.dt_sweep_p_red_line(self._ptr, a)
                          for a in range(len(acts))], index=acts,
                         name="p_red_line")

    def _doc_opts(self):
        o = ffi.new("dt_doc_opts *")
        path = self.scenario.path
        self._file = ffi.new("char[]", path.encode()) if path else ffi.NULL
        o.file = self._file
        return o

    def to_json(self) -> str:
        """The sweep's JSON (``detente sweep FILE --draws N --seed S
        --format json``, same bytes for any thread count)."""
        return collect(lib.dt_sweep_write_json, self._ptr,
                       self._doc_opts()).decode("utf-8")

    def to_dict(self) -> Dict[str, Any]:
        return json.loads(self.to_json())

    def draws_csv(self) -> str:
        """Every draw as CSV (``--draws-out``)."""
        return collect(lib.dt_sweep_write_draws_csv, self._ptr).decode()

    def text(self, format: str = "text") -> str:
        return doc_text(lib.dt_sweep_doc, (self._ptr,), format,
                        self._doc_opts())

    def plot(self, kind: str = "distribution",
             path: Optional[PathLike] = None, **kw: Any) -> Optional[str]:
        from . import charts
        return charts.sweep_plot(self, kind, path, **kw)

    def __repr__(self) -> str:
        return "<detente.Sweep of %r: %d draws, seed %d>" % (
            self.scenario.name, self.n_draws, self.seed)

    def _repr_html_(self) -> str:
        from . import charts
        return charts.sweep_html(self)


# ======================================================================
# Games
# ======================================================================

def sequence(scenario: Scenario, plans: Optional[Seq[str]] = None,
             sweeps: Optional[Seq[str]] = None, *, seed: int = 1,
             draws: int = 100000) -> "SequenceResult":
    """``detente sequence FILE [--plans A,B] [--sweep P=L:H:N ...]
    [--seed S] [--draws N]``: the staged deal, threats and ratification
    games of the scenario, with sweeps and thresholds."""
    o = ffi.new("dt_games_sequence_opts *")
    lib.pydt_init_sequence_opts(o)
    o.seed = int(seed)
    o.draws = int(draws)
    keep = []
    if plans:
        if isinstance(plans, str):
            plans = [p for p in plans.split(",") if p]
        cs = [ffi.new("char[]", p.encode()) for p in plans]
        keep.append(cs)
        arr = ffi.new("char *[]", cs)
        keep.append(arr)
        o.plans = arr
        o.n_plans = len(cs)
    err = ffi.new("dt_error *")
    if sweeps:
        if isinstance(sweeps, str):
            sweeps = [sweeps]
        sw = ffi.new("dt_games_sequence_sweep[]", len(sweeps))
        for i, text in enumerate(sweeps):
            st = lib.dt_games_sequence_sweep_parse(text.encode(), sw + i, err)
            if st != 0:
                raise error_from(st, err, "--")
        keep.append(sw)
        o.sweeps = sw
        o.n_sweeps = len(sweeps)
    out = ffi.new("dt_games_sequence **")
    st = lib.dt_games_sequence_new(scenario._ptr, o, out, err)
    if st != 0:
        raise error_from(st, err, "--" if st == lib.DT_EINVAL else "")
    return SequenceResult(scenario, ffi.gc(out[0], lib.dt_games_sequence_free))


class SequenceResult:
    """A scenario's games (dt_games_sequence): ``to_json()`` (``detente
    sequence --format json``), ``to_dict()``, ``text()``."""

    def __init__(self, scenario, ptr):
        self.scenario = scenario
        self._ptr = ptr

    def to_json(self) -> str:
        return collect(lib.dt_games_sequence_write_json, self._ptr,
                       ffi.NULL).decode("utf-8")

    def to_dict(self) -> Dict[str, Any]:
        return json.loads(self.to_json())

    def text(self, format: str = "text") -> str:
        return doc_text(lib.dt_games_sequence_doc, (self._ptr,), format)

    def __repr__(self) -> str:
        return "<detente.Sequence of %r>" % self.scenario.name

    def _repr_html_(self) -> str:
        import html
        return "<pre>%s</pre>" % html.escape(self.text())


def game(efg_path: PathLike, qre: Union[None, float, Seq[float]] = None
         ) -> "Game":
    """Solve a game tree in Gambit's .efg format (``detente game FILE
    [--qre LAMBDA]``): the subgame-perfect equilibrium, or with ``qre``
    (one lambda >= 0, or one per player) the logit QRE."""
    p = os.fspath(efg_path)
    out = ffi.new("dt_game **")
    err = ffi.new("dt_error *")
    check(lib.dt_game_load_efg(p.encode(), ffi.NULL, out, err), err)
    g = ffi.gc(out[0], lib.dt_game_free)
    prp = ffi.new("dt_game_profile **")
    if qre is not None:
        np_ = int(g.n_players)
        lam = [float(qre)] if isinstance(qre, (int, float)) else \
            [float(x) for x in qre]
        if len(lam) not in (1, np_) or not all(x >= 0 for x in lam):
            raise OptionError("--qre takes one lambda >= 0 or one per player "
                              "(%d)" % np_)
        lam = lam * np_ if len(lam) == 1 else lam
        st = lib.dt_game_qre(g, ffi.new("double[]", lam), prp, err)
    else:
        st = lib.dt_game_spe(g, prp, err)
    check(st, err)
    return Game(p, g, ffi.gc(prp[0], lib.dt_game_profile_free))


class Game:
    """A solved .efg game: ``to_json()`` (``detente game --format
    json``), ``to_gambit()`` (``--format gambit``), ``to_dict()``,
    ``text()``."""

    def __init__(self, path, g, pr):
        self.path = path
        self._g = g
        self._pr = pr

    def to_json(self) -> str:
        return collect(lib.dt_game_write_json, self._g, self._pr,
                       ffi.NULL).decode("utf-8")

    def to_gambit(self) -> str:
        return collect(lib.dt_game_write_profile, self._g,
                       self._pr).decode("utf-8")

    def to_dict(self) -> Dict[str, Any]:
        return json.loads(self.to_json())

    def text(self, format: str = "text") -> str:
        return doc_text(lib.dt_game_doc, (self._g, self._pr), format)

    def __repr__(self) -> str:
        return "<detente.Game %s>" % self.path

    def _repr_html_(self) -> str:
        import html
        return "<pre>%s</pre>" % html.escape(self.text())


# ======================================================================
# Backtest
# ======================================================================

def backtest(deu_csv: PathLike, models: Union[None, str, Seq[str]] = None, *,
             capability: str = "council", folds: int = 10,
             bootstrap: int = 1000, seed: Optional[int] = None,
             level: float = 0.8, draws: int = 0,
             position_sd: float = 5.0, salience_sd: float = 10.0,
             force: bool = False) -> "Backtest":
    """Score the models on EU decisions with known outcomes (``detente
    backtest FILE [--models M] [--capability C] [--folds K] [--bootstrap
    B] [--seed S] [--level L] [--draws N] [--position-sd X]
    [--salience-sd X]``). ``capability``: "council", "equal" or the path
    of a table of capabilities. ``draws``: measurement-error draws per
    issue, which give the CRPS and the draws' coverage. ``force`` reads
    the file as DEU even when its header does not look like it (``--data
    deu``)."""
    p = os.fspath(deu_csv)
    if not force:
        try:
            with open(p, "rb") as f:
                first = f.readline(8191)
        except OSError:
            first = None
        if first is not None and not lib.dt_deu_is_header(first):
            raise ScenarioError(
                "'%s' is not in the DEU wide format (no columns prnr, isnr, "
                "outcome and p_<actor>); use force=True to force it" % p)
    err = ffi.new("dt_error *")
    dp = ffi.new("dt_deu **")
    check(lib.dt_deu_load(p.encode(), ffi.NULL, dp, err), err)
    d = ffi.gc(dp[0], lib.dt_deu_free)
    o = ffi.new("dt_backtest_opts *")
    lib.pydt_init_backtest_opts(o)
    keep: List[Any] = []
    table = None
    if capability in (None, "council"):
        o.capability = lib.DT_CAPABILITY_COUNCIL
    elif capability == "equal":
        o.capability = lib.DT_CAPABILITY_EQUAL
    else:
        tp = ffi.new("double **")
        cap = os.fspath(capability)
        check(lib.dt_deu_capability_load(d, cap.encode(), tp, err), err)
        table = ffi.gc(tp[0], lambda v, d=d: lib.dt_deu_capability_free(d, v))
        o.capability = lib.DT_CAPABILITY_TABLE
        o.cap_table = table
        src = ffi.new("char[]", cap.encode())
        keep.append(src)
        o.capability_source = src
    names = [m for m in _split_models(models) if m != "all"]
    if names:
        cs = [ffi.new("char[]", m.encode()) for m in names]
        arr = ffi.new("char *[]", cs + [ffi.NULL])
        keep += [cs, arr]
        o.models = arr
    o.folds = int(folds)
    o.bootstrap = int(bootstrap)
    o.seed = _draw_seed() if seed is None else int(seed)
    o.level = float(level)
    o.draws = int(draws)
    o.position_sd = float(position_sd)
    o.salience_sd = float(salience_sd)
    out = ffi.new("dt_backtest **")
    check(lib.dt_backtest_run(d, o, out, err), err)
    return Backtest(p, d, table, ffi.gc(out[0], lib.dt_backtest_free),
                    int(o.seed))


class Backtest:
    """A backtest (dt_backtest): ``scores`` (a DataFrame), ``to_json()``
    (``detente backtest --format json``), ``text()``."""

    def __init__(self, path, deu, table, ptr, seed):
        self.path = path
        self._deu = deu
        self._table = table
        self._ptr = ptr
        self.seed = seed

    def _doc_opts(self):
        o = ffi.new("dt_doc_opts *")
        self._file = ffi.new("char[]", self.path.encode())
        o.file = self._file
        return o

    def to_json(self) -> str:
        return collect(lib.dt_backtest_write_json, self._ptr,
                       self._doc_opts()).decode("utf-8")

    def to_dict(self) -> Dict[str, Any]:
        return json.loads(self.to_json())

    @property
    def scores(self) -> "pandas.DataFrame":
        """Per model: n, MAE, median and root mean squared error, the
        difference from the compromise model with its interval, interval
        coverage and width, hit rates, minimum detectable differences and
        the CRPS of the draws (``crps_*``); the scores per voting rule
        stay in ``to_dict()``'s ``by_rule``."""
        import pandas as pd
        rows = []
        for m in self.to_dict().get("models", []):
            r = {k: v for k, v in m.items() if not isinstance(v, (dict, list))}
            for k in ("diff_vs_mean", "interval", "crps"):
                for kk, vv in (m.get(k) or {}).items():
                    if not isinstance(vv, dict):
                        r["%s_%s" % (k, kk)] = vv
            rows.append(r)
        df = pd.DataFrame(rows)
        return df.set_index("name") if "name" in df.columns else df

    def text(self, format: str = "text") -> str:
        return doc_text(lib.dt_backtest_doc, (self._ptr,), format,
                        self._doc_opts())

    def __repr__(self) -> str:
        return "<detente.Backtest %s, seed %d>" % (self.path, self.seed)

    def _repr_html_(self) -> str:
        return self.scores.to_html()


# ======================================================================
# Report
# ======================================================================

def report(paths: Seq[PathLike], out_dir: PathLike, *,
           models: Union[None, str, Seq[str]] = None, draws: int = 0,
           seed: Optional[int] = None, threads: Optional[int] = None,
           force: bool = False) -> str:
    """Write a briefing (``detente report FILES -o DIR``): DIR/index.html
    and DIR/report.pdf, written into a temporary directory moved into
    place. An existing DIR is replaced only with ``force``. Returns the
    directory. The footer's command line is the equivalent ``detente
    report`` command, so the report is the one the tool would write."""
    from . import charts  # noqa: F401  (needs libdetente-report)
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files = [os.fspath(p) for p in paths]
    out = os.fspath(out_dir)
    if os.path.lexists(out):
        if not os.path.isdir(out) or os.path.islink(out):
            raise DetenteIOError("'%s' exists and is not a directory; not "
                                 "replacing it" % out)
        if not force:
            raise DetenteIOError("'%s' exists; use force=True to replace it"
                                 % out)
    scs = [load(f) for f in files]
    blobs = []
    for f in files:
        with open(f, "rb") as fh:
            blobs.append(fh.read())
    ins = ffi.new("dt_report_input[]", len(files))
    keep: List[Any] = []
    for i, f in enumerate(files):
        ins[i].scenario = scs[i]._ptr
        b = ffi.from_buffer(blobs[i])
        keep.append(b)
        ins[i].bytes = b
        ins[i].len = len(blobs[i])
        lab = ffi.new("char[]", f.encode())
        keep.append(lab)
        ins[i].label = lab
    o = ffi.new("dt_report_opts *")
    lib.pydt_init_report_opts(o)
    names = _split_models(models)
    argv = ["report"] + files + ["-o", out]
    if force:
        argv.append("--force")
    if names:
        types = []
        for m in names:
            t = lib.dt_model_find(m.encode())
            if t == ffi.NULL:
                raise unknown("model", m, ["mean", "median", "eu", "nbs"])
            types.append(t)
        tarr = ffi.new("dt_model_type *[]", types)
        keep.append(tarr)
        o.models = tarr
        o.n_models = len(types)
        argv += ["--model", ",".join(names)]
    if draws:
        o.draws = int(draws)
        o.has_seed = 1
        o.seed = _draw_seed() if seed is None else int(seed)
        o.threads = int(threads or lib.pydt_ncpu())
        argv += ["--draws", str(int(draws)), "--seed", str(int(o.seed))]
    cmd = ffi.new("char[]", _command_line(argv).encode())
    o.command = cmd
    rp = ffi.new("dt_report **")
    err = ffi.new("dt_error *")
    check(lib.dt_report_new(ins, len(files), o, rp, err), err,
          "cannot make the report: ")
    rep = ffi.gc(rp[0], lib.dt_report_free)
    html_ = collect(lib.dt_report_write_html, rep)
    pdf = collect(lib.dt_report_write_pdf, rep)
    parent = os.path.dirname(os.path.abspath(out))
    tmp = tempfile.mkdtemp(prefix="." + os.path.basename(out) + ".tmp-",
                           dir=parent)
    try:
        with open(os.path.join(tmp, "index.html"), "wb") as f:
            f.write(html_)
        with open(os.path.join(tmp, "report.pdf"), "wb") as f:
            f.write(pdf)
        os.chmod(tmp, 0o755)
        if os.path.lexists(out):
            old = tempfile.mkdtemp(prefix="." + os.path.basename(out) +
                                   ".old-", dir=parent)
            os.rmdir(old)
            os.rename(out, old)
            os.rename(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, out)
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        raise DetenteIOError("cannot write '%s': %s" % (out, e)) from e
    return out


def _command_line(argv: List[str]) -> str:
    """As src/cli/cmd_report.c writes it: words quoted when needed."""
    plain = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                "0123456789-_./=:,+@%")
    words = ["detente"]
    for w in argv:
        if w and all(c in plain for c in w):
            words.append(w)
        else:
            words.append("'" + w.replace("'", "'\\''") + "'")
    return " ".join(words)
