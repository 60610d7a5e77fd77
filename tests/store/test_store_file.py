"""The database file itself: another program's file, locks, folders, read-only files."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli.test_cli import run
from inspect_tui.store import Store, StoreError
from inspect_tui.store.schema import TABLES


def _state(path: Path) -> tuple[bytes, str, int, list[str]]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master ORDER BY name")]
    finally:
        conn.close()
    return path.read_bytes(), mode, version, names


def _foreign(path: Path, *, table: bool, version: int) -> Path:
    conn = sqlite3.connect(path)
    if table:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('keep me')")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return path


def test_fresh_file_has_exactly_the_known_tables(tmp_path: Path) -> None:
    with Store(tmp_path / "x.sqlite") as s:
        names = {
            r[0]
            for r in s.db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
    assert names == TABLES


@pytest.mark.parametrize(
    ("table", "version"),
    [(True, 0), (True, 7), (False, 2)],
    ids=["other-tables", "other-tables-and-version", "version-without-our-mark"],
)
def test_another_programs_file_is_refused_untouched(
    tmp_path: Path, table: bool, version: int
) -> None:
    path = _foreign(tmp_path / "other.db", table=table, version=version)
    before = _state(path)
    with pytest.raises(StoreError, match=r"other\.db is not an inspect-tui database"):
        Store(path)
    assert _state(path) == before
    assert not path.with_name("other.db-wal").exists()


def test_read_command_on_another_programs_file(tmp_path: Path) -> None:
    path = _foreign(tmp_path / "other.db", table=True, version=7)
    before = _state(path)
    out = run("--db", str(path), "rounds", "list")
    assert out.returncode == 1
    assert "not an inspect-tui database" in out.stderr and "Traceback" not in out.stderr
    assert _state(path) == before


def test_our_own_file_still_opens_and_upgrades(tmp_path: Path) -> None:
    path = tmp_path / "ours.sqlite"
    with Store(path) as s:
        s.set_setting("a", "b")
    with Store(path) as s:
        assert s.get_setting("a") == "b"


@pytest.fixture
def short_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """A lock 'held longer than the busy timeout' without waiting ten seconds."""
    from inspect_tui.store import connection

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_S", 0.2)


def _hold_lock(path: Path) -> sqlite3.Connection:
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    return other


def test_a_held_lock_is_a_one_line_error(tmp_path: Path, short_timeout: None) -> None:
    from inspect_tui.model import Site, SiteKind

    path = tmp_path / "x.sqlite"
    s = Store(path)
    s.replace_roster([Site(1, SiteKind.CHANNEL, "甲", "甲")])
    other = _hold_lock(path)
    try:
        with pytest.raises(StoreError) as caught:
            s.create_round("2026Q1")
        assert str(caught.value) == (
            f"The database {path} is locked by another program; close it and try again."
        )
        with pytest.raises(StoreError, match="locked by another program"):
            s.ensure_writable()
        assert s.round_keys() == []  # reads still work, nothing was half written
    finally:
        other.rollback()
        other.close()
    s.create_round("2026Q1")  # the lock gone, the same store writes again
    s.close()


def test_a_lock_while_opening_is_a_one_line_error(tmp_path: Path, short_timeout: None) -> None:
    path = tmp_path / "x.sqlite"
    conn = sqlite3.connect(path)  # an empty file: opening it creates the tables (a write)
    conn.close()
    other = _hold_lock(path)
    try:
        with pytest.raises(StoreError, match="locked by another program"):
            Store(path)
    finally:
        other.rollback()
        other.close()


def test_a_folder_as_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(StoreError, match="is a folder, not a database file"):
        Store(tmp_path)
    monkeypatch.setenv("INSPECT_TUI_DB", str(tmp_path))
    out = run("rounds", "list")
    assert out.returncode == 1 and "is a folder" in out.stderr
    assert "unexpected" not in out.stderr.lower() and "Traceback" not in out.stderr


def test_parent_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    with pytest.raises(StoreError, match="Cannot open the database"):
        Store(tmp_path / "plain" / "x.sqlite")


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[Path]:
    import shutil
    import subprocess

    path = tmp_path / "x.sqlite"
    Store(path).close()
    if shutil.which("chattr") is None:
        pytest.skip("no chattr")
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("cannot make a file immutable here (not root, or the file system)")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def test_an_immutable_file_is_a_clear_error(immutable: Path) -> None:
    before = immutable.read_bytes()
    with pytest.raises(StoreError, match="is read-only"):
        Store(immutable)
    out = run("--db", str(immutable), "rounds", "list")
    assert out.returncode == 1 and "is read-only" in out.stderr
    assert "Traceback" not in out.stderr
    assert immutable.read_bytes() == before


def test_a_file_made_read_only_while_open(tmp_path: Path) -> None:
    # The store was opened, then the file could no longer be written: a write says so.
    from inspect_tui.model import Site, SiteKind

    path = tmp_path / "x.sqlite"
    with Store(path) as s:
        s.db.conn.execute("PRAGMA query_only = ON")  # SQLite's own read-only refusal
        with pytest.raises(StoreError, match="is read-only"):
            s.replace_roster([Site(1, SiteKind.CHANNEL, "甲", "甲")])
