"""Judgement as data (docs/judgement.md): several analysts' estimates and
where they disagree (``reconcile``), the variance decomposition of a
sweep (``sobol``), and sealed forecasts that are verified, resolved and
scored (``seal``, ``Record``, ``score``). Each is one call of the C
library, as the command line makes it, so the JSON is the same bytes as
``detente reconcile``, ``detente sweep --sobol``, ``detente seal`` and
``detente score`` with the same options."""
from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional, Sequence as Seq, Union

from ._core import (OptionError, check, collect, doc_text, error_from, ffi,
                    lib, run_slices, unknown, write_atomic)
from .results import _check_seed, _check_threads
from .scenario import PathLike, Scenario

_ANALYSIS = {"auto": 0, "off": 1, "on": 2}
_GROUP_BY = ["input", "actor", "issue", "source", "model"]


def _models(models) -> List[str]:
    if models is None:
        return []
    if isinstance(models, str):
        models = models.split(",")
    return [m.strip() for m in models if m and m.strip()]


class _Estimates:
    """The analysts' estimates files for one scenario (dt_estimates)."""

    def __init__(self, scenario: Scenario, files: Seq[PathLike]):
        if isinstance(files, (str, os.PathLike)):
            files = [files]
        files = [os.fspath(f) for f in files]
        if not files:
            raise OptionError("estimates: give at least one file")
        err = ffi.new("dt_error *")
        out = ffi.new("dt_estimates **")
        check(lib.dt_estimates_new(scenario._ptr, out, err), err)
        self._ptr = ffi.gc(out[0], lib.dt_estimates_free)
        self.scenario = scenario  # outlives the estimates
        for f in files:
            check(lib.dt_estimates_add_file(self._ptr, f.encode(), err), err)

    @property
    def analysts(self) -> List[str]:
        return [ffi.string(lib.dt_estimates_analyst(self._ptr, k)).decode()
                for k in range(lib.dt_estimates_n_analysts(self._ptr))]


# ======================================================================
# Reconcile
# ======================================================================

def reconcile(scenario: Scenario, estimates: Seq[PathLike], *,
              models: Union[None, str, Seq[str]] = None) -> "Reconciliation":
    """``detente reconcile FILE ESTIMATES... [--model LIST]``: the numbers
    on which the analysts disagree most, and how much each disagreement
    moves the forecasts, the Nash deal and the zone verdict."""
    est = _Estimates(scenario, estimates)
    names = _models(models)
    keep = [ffi.new("char[]", m.encode()) for m in names]
    arr = ffi.new("char *[]", keep) if keep else ffi.NULL
    o = ffi.new("dt_vary_opts *")
    lib.pydt_init_vary_opts(o)
    if keep:
        o.models = arr
        o.n_models = len(keep)
    out = ffi.new("dt_reconcile **")
    err = ffi.new("dt_error *")
    st = lib.dt_reconcile_new(scenario._ptr, est._ptr, o, out, err)
    if st != 0:
        raise error_from(st, err, "--" if st == lib.DT_EINVAL else "")
    return Reconciliation(scenario, est,
                          ffi.gc(out[0], lib.dt_reconcile_free))


class Reconciliation:
    """Where the analysts disagree: ``analysts``, ``disputes`` (a
    DataFrame, most disputed first), ``to_json()`` (``detente reconcile
    --format json``), ``text()``."""

    def __init__(self, scenario, est, ptr):
        self.scenario = scenario
        self._est = est
        self._ptr = ptr
        self._dict = None

    @property
    def analysts(self) -> List[str]:
        return self._est.analysts

    def to_json(self) -> str:
        return collect(lib.dt_reconcile_write_json, self._ptr,
                       ffi.NULL).decode("utf-8")

    def to_dict(self) -> Dict[str, Any]:
        if self._dict is None:
            self._dict = json.loads(self.to_json())
        return self._dict

    @property
    def disputes(self) -> "pandas.DataFrame":
        """One row per number estimated by two analysts or more, most
        disputed first (index ``slot``): the value as written, the spread
        of the analysts' modes relative to the scale, whether their
        ranges overlap, the largest forecast move between two analysts
        (and where), the Nash deal's move, whether the zone verdict
        splits, then each analyst's mode (``mode ANALYST``, NaN when that
        analyst gave none)."""
        import pandas as pd
        rows = []
        for it in self.to_dict()["disputes"]:
            row = {k: v for k, v in it.items()
                   if not isinstance(v, (list, dict))}
            for a in self.analysts:
                e = it.get("estimates", {}).get(a)
                row["mode " + a] = e["mode"] if e else float("nan")
            rows.append(row)
        df = pd.DataFrame(rows)
        return df.set_index("slot") if rows else df

    def text(self, format: str = "text") -> str:
        return doc_text(lib.dt_reconcile_doc, (self._ptr,), format)

    def __repr__(self) -> str:
        return "<detente.Reconciliation of %r: %d analysts, %d disputed>" % (
            self.scenario.name, len(self.analysts), int(self._ptr.n_items))


# ======================================================================
# Sobol indices
# ======================================================================

def sobol(scenario: Scenario, draws: int = 1024, seed: Optional[int] = None,
          threads: Optional[int] = None, *,
          models: Union[str, Seq[str]] = "eu", analysis: str = "auto",
          group_by: str = "input", estimates: Optional[Seq[PathLike]] = None,
          progress: bool = False) -> "Sobol":
    """First-order and total Sobol indices of every sweep output, as
    ``detente sweep FILE --sobol --draws N --seed S [--model M]
    [--analysis A] [--group-by G] [--estimates F ...]`` (docs/sobol.md).
    ``draws`` is the number N of base rows: the models run N (k + 2)
    times for k inputs (or groups). The rows run in slices with the GIL
    released, so Ctrl-C raises :class:`KeyboardInterrupt` between two
    slices; the result does not depend on ``threads``."""
    draws = int(draws)
    if draws < 2:
        raise OptionError("--sobol needs --draws of at least 2 base rows, "
                          "got %d" % draws)
    names = _models(models) or ["eu"]
    types = []
    for m in names:
        t = lib.dt_model_find(m.encode())
        if t == ffi.NULL:
            from .results import _model_names
            raise unknown("model", m, _model_names())
        types.append(t)
    if analysis not in _ANALYSIS:
        raise unknown("analysis mode", analysis, list(_ANALYSIS))
    if group_by not in _GROUP_BY:
        raise unknown("--group-by", group_by, _GROUP_BY)
    seed = _check_seed(seed)
    threads = _check_threads(threads)
    est = _Estimates(scenario, estimates) if estimates else None
    tarr = ffi.new("dt_model_type *[]", types)
    so = ffi.new("dt_sweep_opts *")
    lib.pydt_init_sweep_opts(so)
    so.models = tarr
    so.n_models = len(types)
    so.analysis = _ANALYSIS[analysis]
    if est is not None:
        lib.pydt_sweep_opts_set_estimates(so, est._ptr)
    o = ffi.new("dt_sobol_opts *")
    lib.pydt_init_sobol_opts(o)
    o.seed = seed
    o.n_base = draws
    o.threads = threads
    o.group_by = _GROUP_BY.index(group_by)
    out = ffi.new("dt_sobol **")
    err = ffi.new("dt_error *")
    st = lib.dt_sobol_scenario_new(scenario._ptr, so, o, out, err)
    if st != 0:
        raise error_from(st, err, "--" if st == lib.DT_EINVAL else "")
    s = Sobol(scenario, ffi.gc(out[0], lib.dt_sobol_free), seed, draws,
              group_by, (tarr, est))
    run_slices(lambda b, e: check(lib.dt_sobol_compute(s._ptr, b, e, err),
                                  err),
               draws, max(1, threads), progress, "sobol", "rows")
    check(lib.dt_sobol_finish(s._ptr, err), err)
    return s


class Sobol:
    """A finished variance decomposition: ``indices`` (a DataFrame, one
    row per output and input or group), ``variance``, ``to_json()``
    (``detente sweep --sobol --format json``), ``text()``."""

    def __init__(self, scenario, ptr, seed, draws, group_by, keep):
        self.scenario = scenario
        self._ptr = ptr
        self.seed = seed
        self.n_base = draws
        self.group_by = group_by
        self._keep = keep

    @property
    def inputs(self) -> List[str]:
        """The inputs (or groups) the variance is decomposed by."""
        p = self._ptr
        return [ffi.string(lib.dt_sobol_input_label(p, j)).decode()
                for j in range(lib.dt_sobol_n_inputs(p))]

    @property
    def outputs(self) -> List[str]:
        p = self._ptr
        return [ffi.string(lib.dt_sobol_output_label(p, k)).decode()
                for k in range(lib.dt_sobol_n_outputs(p))]

    @property
    def n_runs(self) -> int:
        return int(lib.dt_sobol_n_runs(self._ptr))

    @property
    def variance(self) -> "pandas.Series":
        """Per output, the variance decomposed (NaN when undefined)."""
        import pandas as pd
        p = self._ptr
        return pd.Series([lib.dt_sobol_variance(p, k)
                          for k in range(lib.dt_sobol_n_outputs(p))],
                         index=pd.Index(self.outputs, name="output"),
                         name="variance")

    @property
    def indices(self) -> "pandas.DataFrame":
        """Per output and input (or group): first-order index S, total
        index ST, each with its bootstrap interval (95 %), as the library
        computed them (NaN where undefined)."""
        import pandas as pd
        p = self._ptr
        ins, outs, rows = self.inputs, self.outputs, []
        for k, o in enumerate(outs):
            for j, i in enumerate(ins):
                f, t = lib.dt_sobol_first(p, k, j), lib.dt_sobol_total(p, k, j)
                rows.append([o, i, f.est, f.lo, f.hi, t.est, t.lo, t.hi])
        df = pd.DataFrame(rows, columns=["output", "input", "first",
                                         "first_lo", "first_hi", "total",
                                         "total_lo", "total_hi"])
        return df.set_index(["output", "input"])

    def to_json(self) -> str:
        return collect(lib.dt_sobol_write_json, self._ptr).decode("utf-8")

    def to_dict(self) -> Dict[str, Any]:
        return json.loads(self.to_json())

    def text(self, format: str = "text") -> str:
        o = ffi.new("dt_doc_opts *")
        path = self.scenario.path
        self._file = ffi.new("char[]", path.encode()) if path else ffi.NULL
        o.file = self._file
        return doc_text(lib.dt_sobol_doc, (self._ptr,), format, o)

    def __repr__(self) -> str:
        return "<detente.Sobol of %r: %d base rows, %d runs, seed %d>" % (
            self.scenario.name, self.n_base, self.n_runs, self.seed)


# ======================================================================
# Sealed forecasts
# ======================================================================

def seal(path: PathLike, *, models: Union[None, str, Seq[str]] = None,
         draws: int = 1000, seed: Optional[int] = None,
         threads: Optional[int] = None,
         analysis: str = "auto") -> "Record":
    """``detente seal FILE [--model M] [--draws N --seed S]``: a record of
    the forecast of the scenario file at ``path`` (SHA-256 of its bytes,
    version and build, options and seed, every forecast with its
    interval, the analysis verdicts, a resolution rubric per issue).
    ``Record.save(path)`` writes it."""
    names = _models(models)
    keep = [ffi.new("char[]", m.encode()) for m in names]
    arr = ffi.new("char *[]", keep) if keep else ffi.NULL
    if int(draws) < 1:
        raise OptionError("--draws must be at least 1, got %d" % int(draws))
    if analysis not in _ANALYSIS:
        raise unknown("analysis mode", analysis, list(_ANALYSIS))
    o = ffi.new("dt_seal_opts *")
    lib.pydt_init_seal_opts(o)
    if keep:
        o.models = arr
        o.n_models = len(keep)
    o.n_draws = int(draws)
    o.seed = _check_seed(seed)
    o.threads = _check_threads(threads)
    o.analysis = _ANALYSIS[analysis]
    out = ffi.new("dt_seal **")
    err = ffi.new("dt_error *")
    st = lib.dt_seal_new(os.fspath(path).encode(), o, out, err)
    if st != 0:
        raise error_from(st, err, "--" if st == lib.DT_EINVAL else "")
    return Record(ffi.gc(out[0], lib.dt_seal_free))


def load_record(path: PathLike) -> "Record":
    """Read a sealed-forecast record (``detente seal -o RECORD.json``)."""
    out = ffi.new("dt_seal **")
    err = ffi.new("dt_error *")
    check(lib.dt_seal_load(os.fspath(path).encode(), out, err), err)
    return Record(ffi.gc(out[0], lib.dt_seal_free))


class Record:
    """A sealed forecast: ``input``, ``sha256``, ``verify()``,
    ``resolve()``, ``save()``, ``to_json()`` (the record's bytes)."""

    def __init__(self, ptr):
        self._ptr = ptr

    @property
    def input(self) -> str:
        return ffi.string(lib.dt_seal_input(self._ptr)).decode()

    @property
    def sha256(self) -> str:
        return ffi.string(lib.dt_seal_input_sha256(self._ptr)).decode()

    def to_json(self) -> str:
        return collect(lib.dt_seal_write_json, self._ptr).decode("utf-8")

    def to_dict(self) -> Dict[str, Any]:
        return json.loads(self.to_json())

    def save(self, path: PathLike) -> None:
        """Write the record to ``path`` (through a temporary file in the
        same directory, then renamed: never a partial record)."""
        write_atomic(path, self.to_json().encode("utf-8"))

    def verify(self, input: Optional[PathLike] = None,
               threads: Optional[int] = None) -> List[Dict[str, str]]:
        """Re-run the record (on ``input``, default the file recorded) and
        return its differences, each ``{"kind": "input" | "version" |
        "options" | "result" | "record", "what": ...}``: an empty list
        when the record is reproduced bit for bit (``detente verify``)."""
        chk = ffi.new("dt_seal_check *")
        err = ffi.new("dt_error *")
        inp = ffi.new("char[]", os.fspath(input).encode()) if input else \
            ffi.NULL
        check(lib.dt_seal_verify(self._ptr, inp, _check_threads(threads), chk,
                                 err), err)
        n = min(int(chk.n_diffs), int(lib.DT_SEAL_MAX_DIFFS))
        return [{"kind": ffi.string(lib.dt_seal_diff_kind_name(
                    chk.diffs[i].kind)).decode(),
                 "what": ffi.string(chk.diffs[i].what).decode()}
                for i in range(n)]

    def resolve(self, observed: Optional[Dict[str, float]] = None, *,
                agreement: Optional[bool] = None) -> "Record":
        """Record what happened (``detente resolve --observed ISSUE=V
        [--agreement yes|no]``): observed values per issue id on the
        0-100 scale, and whether an agreement was made. Returns self."""
        err = ffi.new("dt_error *")
        for issue, v in (observed or {}).items():
            check(lib.dt_seal_resolve(self._ptr, issue.encode(), float(v),
                                      err), err)
        if agreement is not None:
            check(lib.dt_seal_resolve_agreement(self._ptr,
                                                1 if agreement else 0, err),
                  err)
        return self

    def __repr__(self) -> str:
        return "<detente.Record of %r, sha256 %s...>" % (self.input,
                                                         self.sha256[:12])


def score(records: Seq[Union[Record, PathLike]]) -> "Scores":
    """``detente score RECORDS...``: absolute error, hit rates within 5
    and 10 points, CRPS of the sweep's draws and interval coverage per
    model, and the Brier score of the agreement verdict, over the
    resolved records."""
    recs = [r if isinstance(r, Record) else load_record(r) for r in records]
    if not recs:
        raise OptionError("score: give at least one record")
    arr = ffi.new("dt_seal *[]", [r._ptr for r in recs])
    out = ffi.new("dt_seal_score **")
    err = ffi.new("dt_error *")
    check(lib.dt_seal_score_new(arr, len(recs), out, err), err)
    return Scores(recs, ffi.gc(out[0], lib.dt_seal_score_free))


class Scores:
    """The scores of a ledger of records: ``table`` (a DataFrame, one row
    per model and "all"), ``to_json()`` (``detente score --format
    json``), ``text()``."""

    def __init__(self, recs, ptr):
        self._recs = recs
        self._ptr = ptr

    def to_json(self) -> str:
        return collect(lib.dt_seal_score_write_json, self._ptr).decode(
            "utf-8")

    def to_dict(self) -> Dict[str, Any]:
        return json.loads(self.to_json())

    @property
    def table(self) -> "pandas.DataFrame":
        import pandas as pd
        d = self.to_dict()
        rows = list(d["models"]) + [d["all"]]
        return pd.DataFrame(rows).set_index("model")

    def text(self, format: str = "text") -> str:
        return doc_text(lambda sc, _o, doc, err:
                        lib.dt_seal_score_doc(sc, doc, err),
                        (self._ptr,), format)
