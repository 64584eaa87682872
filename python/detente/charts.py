"""Charts: the library's five charts (libdetente-report, cairo and pango;
docs/charts.md) rendered into memory as SVG, PNG or PDF, and the HTML
each result shows in Jupyter."""
from __future__ import annotations

import html
import itertools
import os
from typing import Any, List, Optional, Sequence

from ._core import (DetenteIOError, OptionError, check, error_from, ffi, lib,
                    unknown)

KINDS = ["trajectory", "positions", "levers", "distribution", "compare"]
FORMATS = {"png": 0, "svg": 1, "pdf": 2}
_ids = itertools.count(1)


class _Item:
    """One dt_chart_input and what keeps its pointers alive."""

    def __init__(self, scenario, forecast=None, analysis=None, sweep=None):
        self.keep: List[Any] = [scenario, forecast, analysis, sweep]
        self.scenario = scenario
        self.forecast = forecast
        self.analysis = analysis
        self.sweep = sweep

    def fill(self, inp) -> None:
        lib.pydt_init_chart_input(inp)
        inp.sc = self.scenario._ptr
        if self.forecast is not None:
            n = ffi.new("size_t *")
            runs = ffi.gc(lib.pydt_forecast_chart_runs(self.forecast._ptr, n),
                          lib.free)
            self.keep.append(runs)
            inp.runs = runs
            inp.n_runs = n[0]
        if self.analysis is not None:
            inp.analysis = self.analysis._ptr
        if self.sweep is not None:
            dp = ffi.new("dt_chart_dists **")
            err = ffi.new("dt_error *")
            check(lib.dt_chart_sweep_dists(self.sweep._ptr, dp, err), err)
            dists = ffi.gc(dp[0], lib.dt_chart_dists_free)
            n = ffi.new("size_t *")
            inp.dists = lib.dt_chart_dists_get(dists, n)
            inp.n_dists = n[0]
            self.keep.append(dists)


def render(kind: str, items: Sequence[_Item], format: str = "svg", *,
           width: float = 1000, height: float = 700,
           issue: Optional[str] = None, model: Optional[str] = None,
           title: Optional[str] = None, caption: Optional[str] = None,
           font: Optional[str] = None, svg_id: Optional[str] = None) -> bytes:
    """Render chart ``kind`` of the items as ``format`` ('svg', 'png',
    'pdf') and return the bytes (dt_chart_render into memory)."""
    if kind not in KINDS:
        raise unknown("chart kind", kind, KINDS)
    if format not in FORMATS:
        raise unknown("chart format", format, list(FORMATS))
    err = ffi.new("dt_error *")
    fnt = ffi.new("char[]", font.encode()) if font else ffi.NULL
    check(lib.dt_chart_font_check(fnt, err), err, "cannot draw charts: ")
    ins = ffi.new("dt_chart_input[]", len(items))
    for k, it in enumerate(items):
        it.fill(ins + k)
    o = ffi.new("dt_chart_opts *")
    lib.pydt_init_chart_opts(o)
    o.width = float(width)
    o.height = float(height)
    keep = [fnt]

    def s(v):
        c = ffi.new("char[]", v.encode())
        keep.append(c)
        return c
    if issue is not None:
        k = lib.dt_scenario_issue_index(items[0].scenario._ptr, issue.encode())
        if k == ffi.cast("size_t", -1):
            raise unknown("issue", issue, items[0].scenario.issues)
        o.issue = k
    if model is not None:
        o.model = s(model)
    if title is not None:
        o.title = s(title)
    if caption is not None:
        o.caption = s(caption)
    o.font = fnt
    o.svg_id = s(svg_id if svg_id is not None else "dt%d-" % next(_ids))
    kd = ffi.new("dt_chart_kind *")
    lib.dt_chart_kind_from_name(kind.encode(), kd)
    buf = ffi.new("pydt_buf *")
    try:
        st = lib.pydt_chart_render(kd[0], ins, len(items), o,
                                   FORMATS[format], buf, err)
        check(st, err, "cannot draw the %s chart: " % kind)
        return ffi.unpack(buf.p, buf.n)
    finally:
        lib.pydt_buf_free(buf)


def _out(kind: str, items, path, format: Optional[str], **kw):
    """SVG text (path None), or write a file as its extension or format
    says."""
    if path is None:
        fmt = format or "svg"
        data = render(kind, items, fmt, **kw)
        return data.decode("utf-8") if fmt == "svg" else data
    p = os.fspath(path)
    fmt = format or os.path.splitext(p)[1].lstrip(".").lower()
    if fmt not in FORMATS:
        raise OptionError("cannot tell the format of '%s' from its extension "
                          "(use .png, .svg or .pdf, or format=)" % p)
    data = render(kind, items, fmt, **kw)
    try:
        with open(p, "wb") as f:
            f.write(data)
    except OSError as e:
        raise DetenteIOError("cannot write '%s': %s" % (p, e.strerror),
                             file=p) from e
    return None


def plot(kind: str, items: Sequence[_Item], path=None,
         format: Optional[str] = None, **kw):
    """The chart as SVG text when ``path`` is None (or bytes for
    ``format='png'`` / ``'pdf'``), else written to ``path`` (PNG, SVG or
    PDF by extension). Keywords: width, height (pixels or points,
    >= 160), issue (an issue id: one panel), model (trajectory: whose
    rounds), title, caption, font."""
    return _out(kind, items, path, format, **kw)


def _default_runs(scenario):
    return scenario.forecast()


def _analysis_or_none(scenario):
    from ._core import DetenteError
    try:
        return scenario.analyze()
    except DetenteError:
        return None


def scenario_plot(sc, kind, path=None, format=None, **kw):
    if kind == "trajectory":
        it = _Item(sc, forecast=sc.forecast(kw.get("model") or "eu"))
    elif kind == "positions":
        it = _Item(sc, forecast=sc.forecast(), analysis=_analysis_or_none(sc))
    elif kind == "levers":
        it = _Item(sc, analysis=sc.analyze())
    elif kind == "distribution":
        return sc.sweep(draws=kw.pop("draws", 1000), seed=kw.pop("seed", 1)) \
            .plot(kind, path, format=format, **kw)
    elif kind == "compare":
        it = _Item(sc, forecast=sc.forecast(), analysis=_analysis_or_none(sc))
    else:
        raise unknown("chart kind", kind, KINDS)
    return _out(kind, [it], path, format, **kw)


def forecast_plot(fc, kind, path=None, format=None, **kw):
    if kind not in KINDS:
        raise unknown("chart kind", kind, KINDS)
    if kind not in ("trajectory", "positions", "compare"):
        raise OptionError("a forecast draws the trajectory, positions or "
                          "compare chart, not '%s'" % kind)
    if kind == "trajectory" and kw.get("model") is None:
        kw["model"] = fc.models[0]
    return _out(kind, [_Item(fc.scenario, forecast=fc)], path, format, **kw)


def analysis_plot(an, kind, path=None, format=None, **kw):
    if kind not in ("positions", "levers", "compare"):
        raise OptionError("an analysis draws the positions, levers or "
                          "compare chart, not '%s'" % kind)
    fc = an.scenario.forecast() if kind != "levers" else None
    return _out(kind, [_Item(an.scenario, forecast=fc, analysis=an)], path,
                format, **kw)


def sweep_plot(sw, kind, path=None, format=None, **kw):
    if kind != "distribution":
        raise OptionError("a sweep draws the distribution chart, not '%s'"
                          % kind)
    kw.setdefault("caption", "%d draws, seed %d" % (sw.n_draws, sw.seed))
    return _out(kind, [_Item(sw.scenario, sweep=sw)], path, format, **kw)


def compare_plot(cmp, kind="compare", path=None, format=None, **kw):
    if kind != "compare":
        raise OptionError("a comparison draws the compare chart")
    items = [_Item(s, analysis=a) for s, a in
             zip(cmp.scenarios, _analyses(cmp))]
    return _out(kind, items, path, format, **kw)


class _An:
    def __init__(self, ptr):
        self._ptr = ptr


def _analyses(cmp):
    return [_An(p) for p in cmp._analyses]


# ----------------------------------------------------------------------
# Jupyter
# ----------------------------------------------------------------------

def _svg(kind, items, **kw) -> str:
    try:
        return render(kind, items, "svg", width=kw.pop("width", 760),
                      height=kw.pop("height", 480), **kw).decode("utf-8")
    except Exception as e:  # a chart the data cannot draw: say why
        return "<p><em>%s chart: %s</em></p>" % (kind, html.escape(str(e)))


def _page(title: str, parts: List[str]) -> str:
    return ('<div class="detente"><h4>%s</h4>%s</div>'
            % (html.escape(title), "\n".join(parts)))


def scenario_html(sc) -> str:
    df = sc.to_frame()
    return _page("Scenario: %s" % sc.name, [
        df[["actor", "issue", "position", "salience", "capability",
            "role"]].to_html(index=False),
        _svg("positions", [_Item(sc)])])


def forecast_html(fc) -> str:
    parts = [fc.points.to_html(float_format="%.2f")]
    parts.append(_svg("positions", [_Item(fc.scenario, forecast=fc)]))
    for m in fc.models:
        if m in ("eu", "smp"):
            parts.append(_svg("trajectory", [_Item(fc.scenario, forecast=fc)],
                              model=m))
            break
    return _page("Forecast: %s" % fc.scenario.name, parts)


def analysis_html(an) -> str:
    fc = an.scenario.forecast()
    parts = ["<pre>%s</pre>" % html.escape(an.text())]
    parts.append(_svg("positions", [_Item(an.scenario, forecast=fc,
                                          analysis=an)]))
    if an.scenario.levers:
        parts.append(_svg("levers", [_Item(an.scenario, analysis=an)]))
    return _page("Analysis: %s" % an.scenario.name, parts)


def sweep_html(sw) -> str:
    return _page("Sweep: %s (%d draws, seed %d)" % (
        sw.scenario.name, sw.n_draws, sw.seed), [
        sw.summary.to_html(float_format="%.3f"),
        _svg("distribution", [_Item(sw.scenario, sweep=sw)],
             caption="%d draws, seed %d" % (sw.n_draws, sw.seed))])


def compare_html(cmp) -> str:
    items = [_Item(s, analysis=a) for s, a in
             zip(cmp.scenarios, _analyses(cmp))]
    return _page("Comparison", [cmp.table.to_html(),
                                _svg("compare", items)])
