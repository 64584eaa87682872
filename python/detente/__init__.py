"""detente: forecasts of multi-party negotiations, in Python.

A thin binding of the C library libdetente (and libdetente-report for
charts and reports) through cffi. Results are the library's: the JSON
documents are the bytes ``detente ... --format json`` writes.

>>> import detente
>>> sc = detente.load("scenarios/anchorage-2025.yaml")
>>> fc = sc.forecast("eu")
>>> fc.points                    # issue x model DataFrame
>>> sc.analyze()                 # renders with its charts in Jupyter

See docs/python.md for a tutorial and the API reference.
"""
from ._core import (DetenteError, DetenteIOError, DetenteMemoryError,
                    ErrorDetail, InternalError, NotConvergedError,
                    OptionError, RangeError, ScenarioError, UnknownNameError,
                    build_info, version as _version)
from ._loader import LOADED as _LOADED
from .scenario import Scenario, load, parse, validate
from .results import (Analysis, Backtest, Comparison, Forecast, Game,
                      SequenceResult, Sweep, analyze, backtest, compare,
                      forecast, game, option_keys, report, sequence, sweep)
from .judgement import (Reconciliation, Record, Scores, Sobol, load_record,
                        reconcile, score, seal, sobol)
from . import charts

__version__ = _version()
#: Where the C libraries were loaded from: (where, libdetente, report lib).
library = _LOADED

__all__ = [
    "load", "parse", "validate", "Scenario", "forecast", "analyze",
    "compare", "sweep", "sequence", "game", "backtest", "report",
    "option_keys", "Forecast", "Analysis", "Comparison", "Sweep",
    "SequenceResult", "Game", "Backtest", "charts", "DetenteError",
    "ScenarioError", "OptionError", "RangeError", "UnknownNameError",
    "DetenteIOError", "DetenteMemoryError", "InternalError",
    "NotConvergedError", "ErrorDetail", "__version__", "build_info",
    "reconcile", "sobol", "seal", "load_record", "score", "Reconciliation",
    "Sobol", "Record", "Scores",
]
