"""The command line's shape: one module per command group joined without cycles, one
user-error type, one logger."""

from __future__ import annotations

import ast
from pathlib import Path

import inspect_tui

SRC = Path(inspect_tui.__file__).parent
CLI = SRC / "cli"


def imports_of(path: Path) -> set[str]:
    """Modules a file imports, relative ones spelled as written (`.common`, `..store`)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            found.add(base)
            if not node.module:  # `from . import x` imports x
                found.update(base + alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_command_modules_never_import_the_group() -> None:
    commands = [p for p in CLI.glob("*.py") if p.stem not in {"__init__", "main"}]
    assert {p.stem for p in commands} >= {"common", "roster", "rounds", "export", "bundle"}
    for path in commands:
        imported = imports_of(path)
        assert not {".main", ".", "inspect_tui.cli", "inspect_tui.cli.main"} & imported, path
    assert not (SRC / "cli.py").exists()


def test_one_user_error_class() -> None:
    defined = [
        path.relative_to(SRC)
        for path in SRC.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and node.name == "UserError"
    ]
    assert defined == [Path("errors.py")]


def test_one_place_configures_logging() -> None:
    configuring = {
        path.relative_to(SRC)
        for path in SRC.rglob("*.py")
        if any(w in path.read_text(encoding="utf-8") for w in ("basicConfig", "FileHandler("))
    }
    # The app's error dialog logs through logs.log_exception too.
    assert configuring == {Path("logs.py")}
