"""The binding's plumbing: the extension, exceptions, output buffers."""
from __future__ import annotations

import difflib
from typing import Callable, List, NamedTuple, Optional, Sequence

from . import _loader

ffi, lib = _loader.load()

# The library leaves GSL's process-wide error handler alone (detente.h);
# like the detente tool, this package turns GSL's abort into status codes.
lib.pydt_gsl_off()

WRITE = ffi.addressof(lib, "pydt_buf_write")
NPOS = ffi.cast("size_t", -1)
SIZE_MAX = int(NPOS)


# ----------------------------------------------------------------------
# Exceptions
# ----------------------------------------------------------------------

class ErrorDetail(NamedTuple):
    """One diagnostic: the file, 1-based line and column (0 when unknown)
    and the message, as the library reports it."""
    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return format_location(self.file, self.line, self.column, self.message)


def format_location(file: str, line: int, column: int, message: str) -> str:
    """``FILE:LINE:COL: MESSAGE`` leaving out the parts that are unknown,
    as dt_error_format and the command line write it."""
    parts = []
    if file:
        parts.append(file)
    if line:
        parts.append(str(line))
        if column:
            parts.append(str(column))
    return ":".join(parts) + (": " if parts else "") + message


class DetenteError(Exception):
    """Base class of every error raised by detente.

    Attributes: ``status`` (the library's status name, e.g. ``"invalid
    scenario"``), ``code`` (its number), ``message``, ``file``, ``line``
    and ``column`` (0 when unknown), ``errors`` (every diagnostic, a list
    of :class:`ErrorDetail`; one entry unless a file had several errors).
    """

    code = 0

    def __init__(self, message: str, *, file: str = "", line: int = 0,
                 column: int = 0, code: Optional[int] = None,
                 errors: Optional[List[ErrorDetail]] = None,
                 text: Optional[str] = None):
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        if code is not None:
            self.code = code
        self.errors = errors if errors is not None else [
            ErrorDetail(file, line, column, message)]
        self._text = text if text is not None else format_location(
            file, line, column, message)
        super().__init__(self._text)

    @property
    def status(self) -> str:
        return ffi.string(lib.dt_status_str(self.code)).decode()

    def __str__(self) -> str:
        return self._text


class ScenarioError(DetenteError, ValueError):
    """Invalid scenario (or data file): every error with file, line, column
    and message; ``str()`` is what ``detente validate`` prints, one line
    per error."""
    code = 3


class OptionError(DetenteError, ValueError):
    """An invalid argument or option value (the library's DT_EINVAL)."""
    code = 2


class RangeError(DetenteError, ValueError):
    """A value out of its range (DT_ERANGE), e.g. a slot set to 120."""
    code = 6


class UnknownNameError(DetenteError, KeyError):
    """An unknown slot, lever, issue, actor, model or option name; the
    message lists the close matches."""
    code = 2

    def __str__(self) -> str:  # KeyError would quote the message
        return self._text


class DetenteIOError(DetenteError, OSError):
    """A file could not be read or written (DT_EIO)."""
    code = 4

    def __str__(self) -> str:
        return self._text


class DetenteMemoryError(DetenteError, MemoryError):
    """The library ran out of memory (DT_ENOMEM)."""
    code = 5


class InternalError(DetenteError):
    """An internal error of the library (DT_EINTERNAL): please report it."""
    code = 7


class NotConvergedError(DetenteError):
    """A model stopped on a cycle or the round cap, and convergence was
    required (``forecast(..., require_convergence=True)``)."""
    code = 1


_BY_CODE = {1: NotConvergedError, 2: OptionError, 3: ScenarioError,
            4: DetenteIOError, 5: DetenteMemoryError, 6: RangeError,
            7: InternalError}


def error_from(st: int, err, prefix: str = "") -> DetenteError:
    """The exception for status st and the dt_error * err."""
    cls = _BY_CODE.get(int(st), DetenteError)
    msg = ffi.string(err.msg).decode("utf-8", "replace")
    f = ffi.string(err.file).decode("utf-8", "replace")
    line, col = int(err.line), int(err.col)
    text = prefix + format_location(f, line, col, msg)
    return cls(msg, file=f, line=line, column=col, code=int(st), text=text)


def check(st, err, prefix: str = "") -> None:
    if st != 0:
        raise error_from(st, err, prefix)


def unknown(what: str, name: str, known: Sequence[str],
            where: str = "") -> UnknownNameError:
    close = difflib.get_close_matches(name, list(known), n=5, cutoff=0.5)
    msg = "unknown %s '%s'%s" % (what, name, where)
    if close:
        msg += "; did you mean %s?" % ", ".join("'%s'" % c for c in close)
    elif known and len(known) <= 30:
        msg += " (expected %s)" % ", ".join(known)
    return UnknownNameError(msg)


# ----------------------------------------------------------------------
# Output through the library's writers
# ----------------------------------------------------------------------

def collect(fn: Callable, *args) -> bytes:
    """Call a library writer fn(*args, write, ud, err) and return what it
    wrote, collected in C memory and copied once."""
    buf = ffi.new("pydt_buf *")
    err = ffi.new("dt_error *")
    try:
        st = fn(*args, WRITE, buf, err)
        check(st, err)
        return ffi.unpack(buf.p, buf.n) if buf.n else b""
    finally:
        lib.pydt_buf_free(buf)


DOC_FORMATS = {"text": "DT_DOC_TEXT", "table": "DT_DOC_TEXT",
               "markdown": "DT_DOC_MARKDOWN", "csv": "DT_DOC_CSV",
               "html": None}


def doc_text(build: Callable, args: tuple, fmt: str = "text",
             opts=None) -> str:
    """Build a result document with build(*args, opts, doc, err) and
    write it as text, markdown, csv or html (a page)."""
    if fmt not in DOC_FORMATS:
        raise unknown("format", fmt, list(DOC_FORMATS))
    err = ffi.new("dt_error *")
    dp = ffi.new("dt_doc **")
    check(lib.dt_doc_new(ffi.NULL, dp, err), err)
    d = dp[0]
    try:
        if opts is None:
            opts = ffi.new("dt_doc_opts *")
        check(build(*args, opts, d, err), err)
        if fmt == "html":
            out = collect(lib.dt_doc_write_html, d)
        else:
            out = collect(lib.dt_doc_write, d, getattr(lib, DOC_FORMATS[fmt]))
        return out.decode("utf-8")
    finally:
        lib.dt_doc_free(d)


def write_atomic(path, data: bytes) -> None:
    """Write data to path through a temporary file in the same directory,
    renamed over it: never a partial file. Raises DetenteIOError."""
    import os
    p = os.fspath(path)
    tmp = "%s.tmp-%d" % (p, os.getpid())
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, p)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise DetenteIOError("cannot write '%s': %s" % (p, e.strerror),
                             file=p) from e


def run_slices(step: Callable, total: int, chunk: int, progress: bool,
               desc: str, unit: str) -> None:
    """Call step(begin, end) over [0, total) in slices that start at
    ``chunk`` items and double while a slice takes under 1/8 s (the C
    call releases the GIL, so Ctrl-C raises KeyboardInterrupt between two
    slices); with progress, a tqdm bar when tqdm is installed."""
    import time
    bar = None
    if progress:
        try:
            from tqdm.auto import tqdm
            bar = tqdm(total=total, unit=unit, desc=desc)
        except ImportError:
            bar = None
    d = 0
    try:
        while d < total:
            e = min(total, d + chunk)
            t1 = time.monotonic()
            step(d, e)
            if bar is not None:
                bar.update(e - d)
            d = e
            if time.monotonic() - t1 < 0.125 and chunk < 65536:
                chunk *= 2
    finally:
        if bar is not None:
            bar.close()


def cstr(p) -> Optional[str]:
    return None if p == ffi.NULL else ffi.string(p).decode("utf-8")


def version() -> str:
    """The C library's version, "MAJOR.MINOR.PATCH"."""
    return ffi.string(lib.dt_version()).decode()


def build_info() -> dict:
    """What the C library was built from and with: {"version", "commit",
    "features"}, as `detente --version` prints them (commit "unknown"
    outside a git checkout; features among "mpi", "report", "serve")."""
    return {"version": version(),
            "commit": ffi.string(lib.dt_build_commit()).decode(),
            "features": ffi.string(lib.dt_build_features()).decode().split()}


def allocation_counts():
    """(live bytes, live blocks, blocks ever allocated) of the counting
    allocator used by ``load(..., _count_allocations=True)`` (tests)."""
    a = ffi.new("size_t[3]")
    lib.pydt_alloc_counts(a, a + 1, a + 2)
    return int(a[0]), int(a[1]), int(a[2])
