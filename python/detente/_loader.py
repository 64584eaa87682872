"""Find libdetente and libdetente-report, load them, import the extension.

The compiled extension (detente._detente_cffi) needs libdetente.so.0 and
libdetente-report.so.0. They are loaded here first, by full path, so the
dynamic loader reuses them (it matches libraries by their soname). The
first place that has both wins:

1. ``DETENTE_LIB``: the path of libdetente.so (or of its directory); the
   report library is looked for beside it (or in ``DETENTE_REPORT_LIB``);
2. the copy bundled in the wheel (``detente/_libs``);
3. the build tree recorded when the package was built
   (``detente/_build_info.py``);
4. a build tree of the repository the package sits in (``../build-*``,
   ``../build``), when running from ``python/`` in a checkout;
5. the system's search path (ldconfig, ``LD_LIBRARY_PATH``): an installed
   prefix.
"""
import ctypes
import glob
import os

_HERE = os.path.dirname(os.path.abspath(__file__))
LIB = "libdetente.so"
REPORT = "libdetente-report.so"


def _pair_in(d):
    """(libdetente, libdetente-report) in directory d, or None."""
    for suffix in (".0", ""):
        a = os.path.join(d, LIB + suffix)
        b = os.path.join(d, REPORT + suffix)
        if os.path.exists(a) and os.path.exists(b):
            return a, b
    return None


def candidates():
    """Places to look, in order, as (description, (lib, report lib))."""
    out = []
    env = os.environ.get("DETENTE_LIB")
    if env:
        if os.path.isdir(env):
            p = _pair_in(env)
            if p:
                out.append(("DETENTE_LIB", p))
        else:
            rep = os.environ.get("DETENTE_REPORT_LIB") or os.path.join(
                os.path.dirname(env), REPORT + (".0" if env.endswith(".0") else ""))
            if not os.path.exists(rep):
                rep = os.path.join(os.path.dirname(env), REPORT)
            out.append(("DETENTE_LIB", (env, rep)))
    p = _pair_in(os.path.join(_HERE, "_libs"))
    if p:
        out.append(("bundled", p))
    try:
        from . import _build_info  # written by setup.py
        p = _pair_in(_build_info.LIB_DIR)
        if p:
            out.append(("build tree " + _build_info.LIB_DIR, p))
    except ImportError:
        pass
    repo = os.path.dirname(os.path.dirname(_HERE))
    if os.path.exists(os.path.join(repo, "include", "detente", "detente.h")):
        trees = []
        for d in glob.glob(os.path.join(repo, "build*")):
            p = _pair_in(d)
            cache = os.path.join(d, "CMakeCache.txt")
            if p and not _sanitized(cache):
                trees.append((os.path.getmtime(p[0]), d, p))
        for _, d, p in sorted(trees, reverse=True):
            out.append(("build tree " + d, p))
    out.append(("system", (LIB + ".0", REPORT + ".0")))
    return out


def _sanitized(cache):
    try:
        with open(cache, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return False
    return "DT_SANITIZE:BOOL=ON" in text or "DT_TSAN:BOOL=ON" in text


LOADED = None  # (where, lib path, report lib path)


def load():
    """Load the libraries and return the extension module (ffi, lib)."""
    global LOADED
    errors = []
    for where, (a, b) in candidates():
        try:
            ctypes.CDLL(a, mode=ctypes.RTLD_GLOBAL)
            ctypes.CDLL(b, mode=ctypes.RTLD_GLOBAL)
        except OSError as e:
            errors.append("%s: %s" % (where, e))
            continue
        LOADED = (where, a, b)
        break
    try:
        from . import _detente_cffi
    except ImportError as e:
        raise ImportError(
            "detente: cannot load libdetente (%s); tried: %s. Build the "
            "library (cmake -S . -B build && cmake --build build) and set "
            "DETENTE_LIB to build/libdetente.so, or reinstall the package"
            % (e, "; ".join(errors) or "nothing found")) from e
    return _detente_cffi.ffi, _detente_cffi.lib
