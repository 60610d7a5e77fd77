"""The pure core imports no Textual, SQLite or docx; the headless modules import no Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest

PURE = [
    "inspect_tui.model",
    "inspect_tui.checklist",
    "inspect_tui.circular.compose",
    "inspect_tui.circular.text",
]
HEADLESS = ["inspect_tui.store", "inspect_tui.export", "inspect_tui.roster", "inspect_tui.cli"]


def imported_after(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize("module", PURE)
def test_pure_core(module: str) -> None:
    loaded = imported_after(module)
    assert not {"textual", "sqlite3", "sqlite_utils", "docx", "lxml"} & loaded


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_modules_skip_textual(module: str) -> None:
    assert "textual" not in imported_after(module)
