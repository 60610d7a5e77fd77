"""The layer contracts of docs/architecture.md ([tool.importlinter] in pyproject.toml) hold.

`lint-imports` runs in a subprocess (it reads pyproject.toml from the repository root and
prints one line per contract); the test fails with its report. The second test proves the
contracts can fail: it copies the package, plants one forbidden import per contract, and checks
that exactly that contract breaks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "inspect_tui"


def lint_imports(
    cwd: Path, *args: str, pythonpath: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if pythonpath is not None:
        # Ahead of the editable install's path entry, so grimp reads the scratch copy.
        env["PYTHONPATH"] = str(pythonpath)
    code = "from importlinter.cli import lint_imports_command; lint_imports_command()"
    return subprocess.run(
        [sys.executable, "-c", code, "--no-cache", "--no-logo", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_layer_contracts_are_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


# (file in the package, line appended to it, contract that must break)
BAD_IMPORTS = [
    ("model.py", "import sqlite3", "pure-core"),
    ("circular/compose.py", "import textual", "pure-core"),
    ("roster.py", "import docx", "formats"),
    ("walk_model.py", "from inspect_tui.tui import app", "headless"),
    ("circular/docx.py", "from inspect_tui import store", "renderers"),
    ("tui/widgets/choice.py", "from inspect_tui.store import Store", "widgets"),
    ("tui/screens/help.py", "from inspect_tui.tui.screens import summary", "screens"),
    # Issue 11: screens open each other through the app; widgets take plain data; no cycle
    # between tui.errors and the screens' base.
    ("tui/screens/export.py", "from inspect_tui.tui.screens import office", "screens"),
    ("tui/widgets/previous_findings.py", "from inspect_tui import walk_model", "widgets"),
    ("tui/base.py", "from inspect_tui.tui import errors", "no-cycles"),
    ("store/clock.py", "from inspect_tui.cli import main", "cli-on-top"),
    ("textfill.py", "from inspect_tui import i18n", "no-cycles"),
]


@pytest.mark.parametrize(("path", "line", "contract"), BAD_IMPORTS)
def test_a_planted_import_breaks_its_contract(
    tmp_path: Path, path: str, line: str, contract: str
) -> None:
    shutil.copytree(
        PACKAGE, tmp_path / "src" / "inspect_tui", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    planted = tmp_path / "src" / "inspect_tui" / path
    planted.write_text(planted.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = lint_imports(tmp_path, "--contract", contract, pythonpath=tmp_path / "src")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
