"""pip install ./python offline into a venv that sees the system's numpy
and pandas, then a forecast from there (the bundled libraries)."""
import os
import shutil
import subprocess
import sys

import pytest

from conftest import HANOI, SRC, cli_out


def test_pip_install_in_venv(tmp_path):
    try:
        import venv  # noqa: F401
        import ensurepip  # noqa: F401
    except ImportError:
        pytest.skip("python3-venv is not installed")
    build = os.path.dirname(os.environ["DETENTE_LIB"])
    src = tmp_path / "python"
    shutil.copytree(os.path.join(SRC, "python"), src,
                    ignore=shutil.ignore_patterns("build", "*.egg-info",
                                                  "__pycache__", "build-cffi"))
    env = dict(os.environ, DETENTE_SOURCE_DIR=SRC, DETENTE_BUILD_DIR=build)
    for k in ("PYTHONPATH", "DETENTE_LIB"):
        env.pop(k, None)
    venv_dir = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages",
                    str(venv_dir)], check=True)
    py = str(venv_dir / "bin" / "python")
    p = subprocess.run([py, "-m", "pip", "install", "--no-build-isolation",
                        "--no-index", "--no-deps", str(src)], env=env,
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
    code = ("import detente, sys; sc = detente.load(%r); "
            "sys.stdout.write(sc.forecast().to_json()); "
            "sys.stderr.write(detente.library[0])" % HANOI)
    p = subprocess.run([py, "-c", code], env=env, cwd=SRC,
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert p.stderr == "bundled"
    assert p.stdout.encode() == cli_out("forecast", HANOI, "--format", "json")
    w = subprocess.run([py, "-m", "pip", "wheel", "--no-build-isolation",
                        "--no-index", "--no-deps", "-w", str(tmp_path / "w"),
                        str(src)], env=env, capture_output=True, text=True)
    assert w.returncode == 0, w.stdout + w.stderr
    assert any(f.endswith(".whl") for f in os.listdir(tmp_path / "w"))
