"""Build of the detente Python package (see pyproject.toml).

Compiles the cffi extension detente._detente_cffi against the headers in
include/ and the shared libraries of a build tree (found by
detente_build.find_detente: DETENTE_BUILD_DIR or DETENTE_LIB, else the
newest non-sanitizer build*/ of the repository, else an installed
prefix), records that build tree in detente/_build_info.py and, unless
DETENTE_BUNDLE=0, copies libdetente.so.0 and libdetente-report.so.0 into
the package (detente/_libs) so the wheel works without the build tree.
"""
import os
import shutil
import sys

from setuptools import setup
from setuptools.command.build_py import build_py

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import detente_build  # noqa: E402

SRC, INC, LIB_DIR = detente_build.find_detente()


def version():
    v = None
    for d in (SRC, os.environ.get("DETENTE_SOURCE_DIR")):
        if d and os.path.exists(os.path.join(d, "CMakeLists.txt")):
            v = detente_build._cmake_version(d)
            if v:
                return v
    return "0.0.0"


class BuildPy(build_py):
    def run(self):
        super().run()
        pkg = os.path.join(self.build_lib, "detente")
        os.makedirs(pkg, exist_ok=True)
        with open(os.path.join(pkg, "_build_info.py"), "w") as f:
            f.write("# Written by setup.py: where the package was built.\n"
                    "LIB_DIR = %r\nINCLUDE_DIR = %r\n" % (LIB_DIR, INC))
        if os.environ.get("DETENTE_BUNDLE", "1") != "0":
            libs = os.path.join(pkg, "_libs")
            os.makedirs(libs, exist_ok=True)
            for name in ("libdetente.so.0", "libdetente-report.so.0"):
                src = os.path.join(LIB_DIR, name)
                if os.path.exists(src):
                    shutil.copy2(os.path.realpath(src),
                                 os.path.join(libs, name))


setup(
    version=version(),
    cffi_modules=["detente_build.py:make_ffi"],
    cmdclass={"build_py": BuildPy},
    zip_safe=False,
)
