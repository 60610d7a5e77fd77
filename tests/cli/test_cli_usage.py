"""The command line used the wrong way: no terminal, a mistyped --db, bad choices, a wrong
extension, a reader that goes away. Each ends with one line and a clear exit code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.cli import cli
from inspect_tui.sample import load_sample
from inspect_tui.store import Store


@pytest.fixture
def sample_db(tmp_path: Path) -> str:
    db = tmp_path / "s.sqlite"
    with Store(db) as store:
        load_sample(store)
    return str(db)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_the_app_refuses_to_start_without_a_terminal(tmp_path: Path) -> None:
    # Before: the app started on a pipe, never exited and kept a core busy (timeout here).
    result = subprocess.run(
        [sys.executable, "-m", "inspect_tui", "--db", str(tmp_path / "x.sqlite")],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "terminal" in result.stderr and "Traceback" not in result.stderr


def test_demo_refuses_without_a_terminal_too() -> None:
    code, _, err = invoke("demo")
    assert code == 2 and "terminal" in err


def test_db_in_a_missing_folder_is_refused_unless_create(tmp_path: Path) -> None:
    db = tmp_path / "typo" / "x.sqlite"
    code, _, err = invoke("--db", str(db), "rounds", "list")
    assert code == 2 and "--create" in err and str(tmp_path / "typo") in err
    assert not db.parent.exists()
    code, out, _ = invoke("--db", str(db), "--create", "rounds", "list")
    assert code == 0 and "No rounds yet" in out
    assert db.is_file()


def test_the_default_data_folder_is_still_created(tmp_path: Path) -> None:
    # conftest points INSPECT_TUI_DB at a data folder that does not exist yet.
    code, out, _ = invoke("rounds", "list")
    assert code == 0 and "No rounds yet" in out


@pytest.mark.parametrize(
    "args",
    [
        ["--lang", "xx", "rounds", "list"],
        ["export", "2018Q1", "-o", "{tmp}/c.docx", "--fonts", "xx"],
        ["export", "2018Q1", "-o", "{tmp}/c.docx", "--format", "xlsx"],
        ["rounds", "new", "2026Q1", "--script", "xx"],
    ],
)
def test_choices_are_checked(sample_db: str, tmp_path: Path, args: list[str]) -> None:
    code, _, err = invoke("--db", sample_db, *[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert code == 2 and ("xx" in err or "xlsx" in err)
    assert not (tmp_path / "c.docx").exists()


@pytest.mark.parametrize(
    ("name", "fmt", "suggested"),
    [
        ("x.doc", None, "x.docx"),
        ("x.xlsx", None, "x.docx"),
        ("x.foo", None, "x.docx"),
        ("x.txt", "docx", "x.docx"),
        ("x.doc", "pdf", "x.pdf"),
    ],
)
def test_a_wrong_extension_is_refused_naming_the_right_one(
    sample_db: str, tmp_path: Path, name: str, fmt: str | None, suggested: str
) -> None:
    extra = ["--format", fmt] if fmt else []
    code, _, err = invoke("--db", sample_db, "export", "2018Q1", "-o", str(tmp_path / name), *extra)
    assert code == 1 and suggested in err
    assert len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == [Path(sample_db)]


@pytest.mark.parametrize(("name", "fmt"), [("x.TXT", "txt"), ("x", "docx"), ("x.json", "json")])
def test_the_format_follows_a_known_extension(
    sample_db: str, tmp_path: Path, name: str, fmt: str
) -> None:
    code, out, _ = invoke("--db", sample_db, "export", "2018Q1", "-o", str(tmp_path / name))
    assert code == 0 and f"({fmt}," in out


def test_a_closed_pipe_ends_quietly(sample_db: str) -> None:
    # `inspect-tui history … | head -1`: the reader is gone before most lines are written.
    proc = subprocess.Popen(
        [sys.executable, "-m", "inspect_tui", "--db", sample_db, "history", "2018Q1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, err
    assert err == ""
