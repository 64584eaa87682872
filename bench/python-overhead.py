#!/usr/bin/python3
"""Calling overhead of the Python package (docs/performance.md, "Python
calling overhead"): the EC 1994 forecast (eu, scholz-replication preset,
every round kept) from Python against the same calls in C, in one run.

The C side is pydt_bench_forecast in the extension: the calls
detente.Scenario.forecast makes (options, dt_forecast_new, free) in a C
loop. The Python side is sc.forecast(...) (and, separately, with the
points read into a DataFrame and the JSON written). Prints the medians of
`repeat` batches and the ratios.

    PYTHONPATH=build/python-pkg DETENTE_LIB=build/libdetente.so \\
        /usr/bin/python3 bench/python-overhead.py [--n 2000] [--repeat 7]
"""
import argparse
import os
import statistics
import sys
import time

import detente
from detente._core import ffi, lib


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000, help="forecasts per batch")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--scenario", default=os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
        "scenarios", "ec-emissions-1994.csv"))
    a = ap.parse_args()
    sc = detente.load(a.scenario)
    models = ffi.new("char[]", b"eu")
    marr = ffi.new("char *[]", [models])
    preset = ffi.new("char[]", b"scholz-replication")

    def c_batch():
        return lib.pydt_bench_forecast(sc._ptr, marr, 1, preset, a.n)

    def py_batch():
        t = time.perf_counter()
        for _ in range(a.n):
            sc.forecast("eu", preset="scholz-replication")
        return (time.perf_counter() - t) / a.n

    def py_points_batch():
        t = time.perf_counter()
        for _ in range(a.n // 10):
            sc.forecast("eu", preset="scholz-replication").points
        return (time.perf_counter() - t) / (a.n // 10)

    def py_json_batch():
        t = time.perf_counter()
        for _ in range(a.n // 10):
            sc.forecast("eu", preset="scholz-replication").to_json()
        return (time.perf_counter() - t) / (a.n // 10)

    c_batch(), py_batch()  # warm up
    res = {"C": [], "Python": [], "Python + .points": [],
           "Python + .to_json()": []}
    for _ in range(a.repeat):
        res["C"].append(c_batch())
        res["Python"].append(py_batch())
        res["Python + .points"].append(py_points_batch())
        res["Python + .to_json()"].append(py_json_batch())
    c = statistics.median(res["C"])
    print("EC 1994, eu, scholz-replication: %d forecasts x %d batches, "
          "detente %s, Python %s" % (a.n, a.repeat, detente.__version__,
                                     sys.version.split()[0]))
    print("%-22s %12s %8s" % ("calls", "us/forecast", "ratio"))
    for k, v in res.items():
        m = statistics.median(v)
        print("%-22s %12.1f %8.2f" % (k, m * 1e6, m / c))


if __name__ == "__main__":
    main()
