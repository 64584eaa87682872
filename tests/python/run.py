#!/usr/bin/python3
"""Run the Python package's tests (pytest) against a CMake build tree.

Called by ctest (tests/python/python_tests.cmake):
    run.py --source SRC --build BUILD --lib LIBDETENTE.so --cli DETENTE
           [--sanitize ON|OFF]
Compiles the cffi extension (python/detente_build.py) into
BUILD/python-pkg with a copy of the package's modules, then runs pytest
on tests/python with DETENTE_LIB pointing at the build's library.
Exit 77 (ctest SKIP) in a sanitizer build (the extension would load an
ASan/TSan library into a Python that was not built for it) or when
cffi, numpy, pandas or pytest is missing.
"""
import argparse
import os
import shutil
import subprocess
import sys

SKIP = 77


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--lib", required=True)
    ap.add_argument("--cli", required=True)
    ap.add_argument("--sanitize", default="OFF")
    ap.add_argument("pytest_args", nargs="*")
    a = ap.parse_args()
    if a.sanitize.upper() in ("ON", "1", "TRUE", "YES"):
        print("SKIP: sanitizer build (see docs/python.md, 'Tests')")
        return SKIP
    missing = []
    for mod in ("cffi", "numpy", "pandas", "pytest"):
        try:
            __import__(mod)
        except ImportError:
            missing.append(mod)
    if missing:
        print("SKIP: missing Python modules: %s (Debian: %s)" % (
            ", ".join(missing), " ".join("python3-" + m for m in missing)))
        return SKIP
    pkg = os.path.join(a.build, "python-pkg")
    dst = os.path.join(pkg, "detente")
    os.makedirs(dst, exist_ok=True)
    src = os.path.join(a.source, "python", "detente")
    for f in os.listdir(src):
        if f.endswith(".py") or f == "py.typed":
            shutil.copy2(os.path.join(src, f), os.path.join(dst, f))
    lib_dir = os.path.dirname(os.path.abspath(a.lib))
    rc = subprocess.run(
        [sys.executable, os.path.join(a.source, "python", "detente_build.py"),
         "--tmpdir", pkg, "--lib-dir", lib_dir, "--include-dir",
         os.path.join(a.source, "include")],
        stdout=subprocess.DEVNULL).returncode
    if rc != 0:
        print("cannot compile the extension (python/detente_build.py)")
        return 1
    env = dict(os.environ)
    env.update(PYTHONPATH=pkg, DETENTE_LIB=os.path.abspath(a.lib),
               DETENTE_CLI=os.path.abspath(a.cli),
               DETENTE_SOURCE_DIR=os.path.abspath(a.source),
               DETENTE_TEST_BUILD=os.path.abspath(a.build),
               PYTHONDONTWRITEBYTECODE="1")
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
           os.path.join(a.source, "tests", "python")] + a.pytest_args
    return subprocess.run(cmd, env=env, cwd=a.source).returncode


if __name__ == "__main__":
    sys.exit(main())
