"""ruff and mypy are part of the suite, so a red lint is a red build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    path = BIN / name
    if path.exists():
        return str(path)
    found = shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed (pip install -e '.[dev]')")
    return found


PATHS = [p for p in ("src", "tests", "benchmarks", "scripts") if (ROOT / p).exists()]


@pytest.mark.parametrize(
    "args",
    [["ruff", "check", *PATHS], ["ruff", "format", "--check", *PATHS], ["mypy"]],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_static(args: list[str]) -> None:
    result = subprocess.run(
        [tool(args[0]), *args[1:]], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
