"""Scenarios: loading, building from Python data, writing, what-ifs."""
from __future__ import annotations

import json
import math
import os
import re
from typing import (TYPE_CHECKING, Any, Dict, Iterable, List, Mapping,
                    Optional, Sequence, Union)

from ._core import (ErrorDetail, ScenarioError, DetenteIOError, check,
                    collect, cstr, doc_text, error_from, ffi, format_location,
                    lib, unknown, write_atomic, NPOS)

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    from .results import (Analysis, Forecast, Sequence as SequenceResult,
                          Sweep)

PathLike = Union[str, "os.PathLike[str]"]

_FORMATS = {0: "yaml", 1: "csv", 2: "ktab-csv", 3: "ktab-xml", 4: "table-csv"}
# Role names of the actor table (scenario.h, dt_role).
_ROLES = {"table": lib.DT_ROLE_TABLE, "excluded": lib.DT_ROLE_EXCLUDED,
          "ratifier": lib.DT_ROLE_RATIFIER, "mediator": lib.DT_ROLE_MEDIATOR}


def _raise_load(st, err, diags, path) -> None:
    errs = [ErrorDetail(ffi.string(e.file).decode("utf-8", "replace"),
                        int(e.line), int(e.col),
                        ffi.string(e.msg).decode("utf-8", "replace"))
            for e in (diags.e[i] for i in range(diags.n))]
    if st == lib.DT_EIO:
        raise error_from(st, err)
    if st != lib.DT_ESCENARIO or not errs:
        raise error_from(st, err)
    text = "\n".join(str(e) for e in errs)
    first = errs[0]
    raise ScenarioError(first.message, file=first.file, line=first.line,
                        column=first.column, errors=errs, text=text)


def _load_ptr(path: str, data: Optional[bytes] = None, fmt: int = 0,
              counting: bool = False):
    diags = ffi.new("pydt_diags *")
    err = ffi.new("dt_error *")
    out = ffi.new("dt_scenario **")
    try:
        bpath = path.encode("utf-8")
        if data is None:
            st = lib.pydt_load(bpath, ffi.NULL, 0, 0, 0, counting, diags, out,
                               err)
        else:
            st = lib.pydt_load(bpath, data, len(data), fmt, 1, counting, diags,
                               out, err)
        if st != 0:
            _raise_load(st, err, diags, path)
        return out[0]
    finally:
        lib.pydt_diags_free(diags)


def load(path: PathLike, *, _count_allocations: bool = False) -> "Scenario":
    """Load a scenario file: YAML (detente's format), the classic one-issue
    CSV actor table, KTAB's CSV or KTAB's XML, chosen by extension as the
    command line does.

    Raises :class:`ScenarioError` (every error with file, line, column and
    message, the lines ``detente validate`` prints) or
    :class:`DetenteIOError` when the file cannot be read.

    >>> sc = detente.load("scenarios/hanoi-2019.yaml")
    """
    p = os.fspath(path)
    return Scenario._wrap(_load_ptr(p, counting=_count_allocations))


def validate(path: PathLike) -> str:
    """Check a scenario file as ``detente validate FILE`` does: return its
    summary (the same text) or raise :class:`ScenarioError` with every
    error."""
    return load(path).validate()


def parse(text: Union[str, bytes], name: str = "scenario.yaml",
          format: Optional[str] = None) -> "Scenario":
    """A scenario from text in memory; ``name`` is used in messages and,
    for CSV, as the issue id; ``format`` ('yaml', 'csv', 'ktab-csv',
    'ktab-xml', 'table-csv') defaults to what the name's extension says."""
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    if format is None:
        ext = os.path.splitext(name)[1].lower()
        format = {".csv": "csv", ".xml": "ktab-xml"}.get(ext, "yaml")
        if format == "csv" and data.split(b"\n", 2)[1:2] and \
                data.split(b"\n", 2)[1].startswith(b"Actor,Description"):
            format = "ktab-csv"
        elif format == "csv":
            lines = [ln for ln in data.lstrip(b"\xef\xbb\xbf").splitlines()
                     if ln.strip()]
            heads = [c.strip(b' "\r').lower()
                     for c in re.split(rb"[,;\t]", lines[0])] if lines else []
            if lines and (lines[0].lstrip().startswith(b"#") or
                          b"issue" in heads):
                format = "table-csv"
    codes = {v: k for k, v in _FORMATS.items()}
    if format not in codes:
        raise unknown("format", format, list(codes))
    return Scenario._wrap(_load_ptr(name, data, codes[format]))


class Scenario:
    """An immutable scenario: issues, actors, their positions, saliences
    and capabilities, red lines, levers and the recorded outcome.

    Create one with :func:`detente.load`, :meth:`from_dict`,
    :meth:`from_frame` or :func:`detente.parse`. What-ifs
    (:meth:`set`, :meth:`with_levers`) return new scenarios. A scenario
    may be shared between threads; the C memory is freed when the
    object is garbage-collected.
    """

    __slots__ = ("_ptr", "__weakref__")

    def __init__(self, *args, **kwargs):
        raise TypeError("use detente.load(), Scenario.from_dict() or "
                        "Scenario.from_frame()")

    @classmethod
    def _wrap(cls, ptr) -> "Scenario":
        self = object.__new__(cls)
        self._ptr = ffi.gc(ptr, lib.dt_scenario_free)
        return self

    # ------------------------------------------------------------------
    # Construction from Python data
    # ------------------------------------------------------------------

    @classmethod
    def from_dict(cls, d: Mapping[str, Any],
                  name: str = "dict") -> "Scenario":
        """A scenario from a dict with the YAML format's keys (what
        :meth:`to_dict` returns; docs/scenario-format.md): ``name``,
        ``issues``, ``actors`` with their ``stakes``, and optionally
        ``levers``, ``outcome``, ``uncertainty`` and the game sections. A
        number may be plain or ``{"value": v, "note": "...", "sd": s}``.

        The dict is converted to the format's YAML by the library and
        read as a file would be, so the errors are the reader's, with the
        line and column in that YAML (:meth:`to_yaml` of a valid scenario
        shows the layout). Raises :class:`ScenarioError`.
        """
        text = json.dumps(d, ensure_ascii=False, allow_nan=False).encode()
        yaml = collect(lib.dt_scenario_yaml_from_json, text, len(text),
                       name.encode())
        return cls._wrap(_load_ptr(name, yaml, 0))

    @classmethod
    def from_frame(cls, df: "pandas.DataFrame", name: str = "frame",
                   status_quo: Optional[Mapping[str, float]] = None
                   ) -> "Scenario":
        """A scenario from a table with one row per actor and issue:
        columns ``actor``, ``issue``, ``position``, ``salience`` (0-100),
        ``capability`` and ``role`` ("table", "excluded", "ratifier" or
        "mediator"; default
        "table"). Optional columns: ``actor_name``, ``issue_name`` and
        ``status_quo`` (per issue; or the ``status_quo`` mapping).

        Issues and actors keep the order of their first row. An actor's
        capability is the one of its first row; a row with another value
        overrides it on that issue. Built with the library's scenario
        builder (dt_scenario_builder_*), checked as a file would be:
        raises :class:`ScenarioError` naming the row's actor and issue.
        """
        need = ["actor", "issue", "position", "salience", "capability"]
        missing = [c for c in need if c not in df.columns]
        if missing:
            raise ScenarioError("the frame lacks column%s %s (expected %s)" % (
                "s" if len(missing) > 1 else "", ", ".join(missing),
                ", ".join(need + ["role"])))
        err = ffi.new("dt_error *")
        bp = ffi.new("dt_scenario_builder **")
        check(lib.pydt_builder_new(name.encode(), 0, bp, err), err)
        b = ffi.gc(bp[0], lib.dt_scenario_builder_free)
        idx = ffi.new("size_t *")
        issues: Dict[str, int] = {}
        actors: Dict[str, int] = {}
        caps: Dict[str, float] = {}
        cols = {c: df[c].tolist() for c in df.columns}
        n = len(df)
        roles = cols.get("role", ["table"] * n)
        sq_col = cols.get("status_quo")
        for r in range(n):
            iss = str(cols["issue"][r])
            if iss not in issues:
                sq = math.nan
                if status_quo and iss in status_quo:
                    sq = float(status_quo[iss])
                elif sq_col is not None and sq_col[r] is not None:
                    sq = float(sq_col[r])
                nm = str(cols["issue_name"][r]) if "issue_name" in cols else iss
                check(lib.dt_scenario_builder_add_issue(
                    b, iss.encode(), nm.encode(), sq, idx, err), err)
                issues[iss] = idx[0]
        for r in range(n):
            act = str(cols["actor"][r])
            if act not in actors:
                role = str(roles[r] if roles[r] is not None else "table")
                if role not in _ROLES:
                    raise ScenarioError("actor '%s': role must be table, "
                                        "excluded, ratifier or mediator, "
                                        "got '%s'" % (act, role))
                nm = str(cols["actor_name"][r]) if "actor_name" in cols else act
                cap = float(cols["capability"][r])
                check(lib.dt_scenario_builder_add_actor(
                    b, act.encode(), nm.encode(),
                    _ROLES[role], cap, idx, err), err)
                actors[act] = idx[0]
                caps[act] = cap
            cap = float(cols["capability"][r])
            over = math.nan if cap == caps[act] else cap
            check(lib.dt_scenario_builder_add_stake(
                b, actors[act], issues[str(cols["issue"][r])],
                float(cols["position"][r]), float(cols["salience"][r]), over,
                err), err)
        out = ffi.new("dt_scenario **")
        check(lib.dt_scenario_builder_finish(b, out, err), err)
        return cls._wrap(out[0])

    # ------------------------------------------------------------------
    # What the scenario holds
    # ------------------------------------------------------------------

    @property
    def name(self) -> str:
        return cstr(lib.dt_scenario_name(self._ptr)) or ""

    @property
    def date(self) -> Optional[str]:
        return cstr(lib.dt_scenario_date(self._ptr))

    @property
    def description(self) -> Optional[str]:
        return cstr(lib.dt_scenario_description(self._ptr))

    @property
    def path(self) -> str:
        """The path it was loaded from, as given ("" when built in code)."""
        return cstr(lib.dt_scenario_path(self._ptr)) or ""

    @property
    def format(self) -> str:
        """'yaml', 'csv', 'ktab-csv', 'ktab-xml' or 'table-csv'."""
        return _FORMATS[int(lib.dt_scenario_format_of(self._ptr))]

    @property
    def issues(self) -> List[str]:
        """Issue ids, in scenario order."""
        p = self._ptr
        return [ffi.string(lib.dt_scenario_issue(p, i).id).decode()
                for i in range(lib.dt_scenario_n_issues(p))]

    @property
    def actors(self) -> List[str]:
        """Actor ids, in scenario order."""
        p = self._ptr
        return [ffi.string(lib.dt_scenario_actor(p, a).id).decode()
                for a in range(lib.dt_scenario_n_actors(p))]

    @property
    def levers(self) -> List[str]:
        """Lever ids, in file order."""
        p = self._ptr
        return [ffi.string(lib.dt_scenario_lever(p, k).id).decode()
                for k in range(lib.dt_scenario_n_levers(p))]

    @property
    def slots(self) -> List[str]:
        """Parameter slot ids ("usa.sanctions_relief.position", ...): every
        number :meth:`set` can change, in the library's fixed order."""
        p = self._ptr
        buf = ffi.new("char[512]")
        out = []
        for k in range(lib.dt_scenario_n_slots(p)):
            lib.dt_scenario_slot_id(p, k, buf, 512)
            out.append(ffi.string(buf).decode())
        return out

    def get(self, slot: str) -> float:
        """The value of a parameter slot."""
        k = self._slot(slot)
        s = ffi.new("dt_slot *")
        lib.dt_scenario_slot(self._ptr, k, s)
        return float(s.value.v)

    def _slot(self, slot: str) -> int:
        k = lib.dt_scenario_slot_find(self._ptr, slot.encode())
        if k == NPOS:
            raise unknown("slot", slot, self.slots,
                          " in scenario '%s'" % self.name)
        return k

    def __repr__(self) -> str:
        return "<detente.Scenario %r: %d issues, %d actors%s>" % (
            self.name, len(self.issues), len(self.actors),
            ", " + self.path if self.path else "")

    def to_frame(self) -> "pandas.DataFrame":
        """One row per actor and issue where the actor has a stake: actor,
        issue, position, salience (0-100), capability (the effective one:
        the stake's override, else the actor's), role, actor_name,
        issue_name, status_quo. :meth:`from_frame` reads it back."""
        import pandas as pd
        p = self._ptr
        rows = []
        ni = lib.dt_scenario_n_issues(p)
        for a in range(lib.dt_scenario_n_actors(p)):
            ac = lib.dt_scenario_actor(p, a)
            for i in range(ni):
                st = lib.dt_scenario_stake(p, a, i)
                if st == ffi.NULL:
                    continue
                iss = lib.dt_scenario_issue(p, i)
                rows.append((
                    ffi.string(ac.id).decode(), ffi.string(iss.id).decode(),
                    st.position.v, st.salience.v,
                    st.capability.v if st.has_capability else ac.capability.v,
                    ffi.string(lib.dt_role_name(ac.role)).decode(),
                    ffi.string(ac.name).decode(),
                    ffi.string(iss.name).decode(),
                    iss.status_quo.v if iss.has_status_quo else math.nan))
        return pd.DataFrame(rows, columns=[
            "actor", "issue", "position", "salience", "capability", "role",
            "actor_name", "issue_name", "status_quo"])

    def to_dict(self) -> Dict[str, Any]:
        """Everything the YAML format can hold, as a dict with its keys
        (the library's scenario JSON, dt_scenario_write_json)."""
        return json.loads(self.to_json())

    def to_json(self) -> str:
        """The scenario as the library's JSON (keys of the YAML format)."""
        return collect(lib.dt_scenario_write_json, self._ptr).decode("utf-8")

    def to_yaml(self, path: Optional[PathLike] = None) -> Optional[str]:
        """Write the scenario as YAML in detente's format (notes, spreads,
        levers and game sections kept; dt_scenario_write_yaml). Returns
        the text when ``path`` is None, else writes the file (atomically:
        a temporary file renamed over it) and returns None."""
        data = collect(lib.dt_scenario_write_yaml, self._ptr)
        if path is None:
            return data.decode("utf-8")
        write_atomic(path, data)
        return None

    def validate(self, format: str = "text") -> str:
        """The summary ``detente validate`` prints for this scenario: name,
        date, issues, actors, levers, how many numbers carry a note. A
        scenario object is always valid (loading checks it); to check a
        file use :func:`detente.validate`, which raises
        :class:`ScenarioError`."""
        return doc_text(lib.dt_scenario_doc, (self._ptr,), format)

    # ------------------------------------------------------------------
    # What-ifs
    # ------------------------------------------------------------------

    def with_levers(self, levers: Union[str, Iterable[str]]) -> "Scenario":
        """A new scenario with the levers applied in order (ids; repeats
        allowed): dt_scenario_apply_levers."""
        if isinstance(levers, str):
            levers = [levers]
        ids = list(levers)
        idx = []
        for lv in ids:
            k = lib.dt_scenario_lever_index(self._ptr, lv.encode())
            if k == NPOS:
                raise unknown("lever", lv, self.levers,
                              " in scenario '%s'" % self.name)
            idx.append(k)
        arr = ffi.new("size_t[]", idx or [0])
        out = ffi.new("dt_scenario **")
        err = ffi.new("dt_error *")
        check(lib.dt_scenario_apply_levers(self._ptr, arr, len(idx), out, err),
              err)
        return Scenario._wrap(out[0])

    def set(self, slot: Union[str, Mapping[str, float]],
            value: Optional[float] = None) -> "Scenario":
        """A what-if: a clone with one number changed (or several, given a
        mapping ``{slot: value}``), through the library's parameter slots
        (ids as in :attr:`slots`, e.g. ``"dprk.scope.position"``).

        Raises :class:`UnknownNameError` (listing close matches) for an
        unknown slot and :class:`RangeError` for a value outside the
        slot's range."""
        changes = dict(slot) if isinstance(slot, Mapping) else {slot: value}
        ks = [(self._slot(s), float(v)) for s, v in changes.items()]
        out = ffi.new("dt_scenario **")
        err = ffi.new("dt_error *")
        check(lib.dt_scenario_clone(self._ptr, out, err), err)
        clone = Scenario._wrap(out[0])
        for k, v in ks:
            check(lib.dt_scenario_slot_set(clone._ptr, k, v, err), err)
        return clone

    # ------------------------------------------------------------------
    # Computations (see detente.results)
    # ------------------------------------------------------------------

    def forecast(self, models: Union[None, str, Sequence[str]] = None, *,
                 preset: Optional[str] = None, trajectory: bool = False,
                 require_convergence: bool = False,
                 **options: Any) -> "Forecast":
        """Forecast every issue with the models named (default: every
        one-issue model, like ``detente forecast``): ``"eu"``,
        ``["mean", "eu"]``, ``"eu,smp"``, ``"all"``.

        ``preset`` is an expected-utility preset ("paper",
        "scholz-replication"); keyword options are the command's option
        keys with ``_`` for ``-``: ``rounds=10``, ``Q=0.9``,
        ``exact_rounds=True``, ``denominator="global"``,
        ``smp_vote="Binary"``, ``seed=3``, ``threads=2``... (applied after
        the preset). ``trajectory`` adds the rounds to :meth:`~Forecast.text`.
        Results are those of ``detente forecast FILE --model ... --format
        json``, byte for byte (:meth:`~Forecast.to_json`).
        """
        from .results import forecast
        return forecast(self, models, preset=preset, trajectory=trajectory,
                        require_convergence=require_convergence, **options)

    def analyze(self, model: Optional[str] = None, *,
                levers: Optional[Sequence[str]] = None, pairs: bool = False,
                weights: str = "equal") -> "Analysis":
        """The summit analysis (``detente analyze``): table versus
        everyone, the zone of agreement, the Nash deal, support and
        durability, and what each lever changes."""
        from .results import analyze
        return analyze(self, model, levers=levers, pairs=pairs,
                       weights=weights)

    def sweep(self, draws: int = 1000, seed: Optional[int] = None,
              threads: Optional[int] = None, *,
              models: Union[str, Sequence[str]] = "eu",
              analysis: str = "auto", drop_each: bool = False,
              progress: bool = False, memory: int = 1 << 30,
              estimates: Optional[Sequence[PathLike]] = None) -> "Sweep":
        """A Monte Carlo sensitivity sweep (``detente sweep``); see
        :func:`detente.results.sweep`."""
        from .results import sweep
        return sweep(self, draws, seed, threads, models=models,
                     analysis=analysis, drop_each=drop_each,
                     progress=progress, memory=memory, estimates=estimates)

    def sobol(self, draws: int = 1024, seed: Optional[int] = None,
              threads: Optional[int] = None, *,
              models: Union[str, Sequence[str]] = "eu",
              analysis: str = "auto", group_by: str = "input",
              estimates: Optional[Sequence[PathLike]] = None,
              progress: bool = False) -> "Sobol":
        """First-order and total Sobol indices of every sweep output
        (``detente sweep --sobol``); see :func:`detente.judgement.sobol`."""
        from .judgement import sobol
        return sobol(self, draws, seed, threads, models=models,
                     analysis=analysis, group_by=group_by,
                     estimates=estimates, progress=progress)

    def reconcile(self, estimates: Sequence[PathLike], *,
                  models: Union[None, str, Sequence[str]] = None
                  ) -> "Reconciliation":
        """Where the analysts' estimates files disagree and whether it
        matters (``detente reconcile``); see
        :func:`detente.judgement.reconcile`."""
        from .judgement import reconcile
        return reconcile(self, estimates, models=models)

    def sequence(self, plans: Optional[Sequence[str]] = None,
                 sweeps: Optional[Sequence[str]] = None, *, seed: int = 1,
                 draws: int = 100000) -> "SequenceResult":
        """The scenario's games (``detente sequence``): staged deal,
        threats, ratification and their sweeps."""
        from .results import sequence
        return sequence(self, plans, sweeps, seed=seed, draws=draws)

    def plot(self, kind: str = "positions", path: Optional[PathLike] = None,
             **kw: Any) -> Optional[str]:
        """A chart of the scenario: ``positions`` (with every one-issue
        model's forecast and the analysis's deal), ``trajectory`` (eu's
        rounds), ``levers``. See :func:`detente.charts.plot`."""
        from . import charts
        return charts.scenario_plot(self, kind, path, **kw)

    def _repr_html_(self) -> str:
        from . import charts
        return charts.scenario_html(self)
