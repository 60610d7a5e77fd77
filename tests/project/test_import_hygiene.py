"""The pure core imports no Textual, SQLite or docx; the headless modules import no Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest

# The second line of defence behind tests/project/test_layers.py: what really loads at run time
# (import-linter reads the source; this catches imports made by name, e.g. importlib).
# Keep in step with the "pure-core" and "formats" contracts in pyproject.toml.
PURE = [
    "inspect_tui.model",
    "inspect_tui.checklist",
    "inspect_tui.text",
    "inspect_tui.audit_words",
    "inspect_tui.validate",
    "inspect_tui.site_search",
    "inspect_tui.periods",
    "inspect_tui.textfill",
    "inspect_tui.merge_plan",
    "inspect_tui.followup_view",
    "inspect_tui.meta_validation",
    "inspect_tui.i18n",
    "inspect_tui.errors",
    "inspect_tui.bundle",
    "inspect_tui.roster",
    "inspect_tui.circular.compose",
    "inspect_tui.circular.template",
    "inspect_tui.circular.templated",
    "inspect_tui.circular.template_model",
    "inspect_tui.circular.sentences",
    "inspect_tui.meta_fields",
    "inspect_tui.preflight",
    "inspect_tui.office_fields",
    "inspect_tui.circular.figures",
    "inspect_tui.circular.blocks",
    "inspect_tui.circular.text",
    "inspect_tui.circular.wording",
]
HEADLESS = [
    "inspect_tui.store",
    "inspect_tui.export",
    "inspect_tui.roster",
    "inspect_tui.cli",
    "inspect_tui.walk_model",
    "inspect_tui.bundle_store",
    "inspect_tui.sample",
]


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
