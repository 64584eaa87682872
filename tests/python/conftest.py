"""Shared fixtures of the Python package's tests (run by run.py)."""
import os
import subprocess

import pytest

SRC = os.environ.get("DETENTE_SOURCE_DIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.environ.get("DETENTE_CLI") or os.path.join(SRC, "build", "detente")
SCENARIOS = [os.path.join("scenarios", f) for f in (
    "hanoi-2019.yaml", "anchorage-2025.yaml", "ec-emissions-1994.yaml",
    "ec-emissions-1994.csv")]
EC_CSV = os.path.join("scenarios", "ec-emissions-1994.csv")
ANCHORAGE = os.path.join("scenarios", "anchorage-2025.yaml")
HANOI = os.path.join("scenarios", "hanoi-2019.yaml")


@pytest.fixture(autouse=True)
def _in_source(monkeypatch):
    """Run every test from the repository root, so relative paths (which
    end up in the JSON documents) are the ones given to the CLI."""
    monkeypatch.chdir(SRC)


def cli(*args, check=True):
    """Run the detente tool; return (exit code, stdout bytes, stderr)."""
    p = subprocess.run([CLI] + list(args), capture_output=True, cwd=SRC)
    if check and p.returncode not in (0,):
        raise AssertionError("detente %s: exit %d: %s" % (
            " ".join(args), p.returncode, p.stderr.decode()))
    return p.returncode, p.stdout, p.stderr.decode()


def cli_out(*args):
    return cli(*args)[1]
