"""The database file itself: another program's file, locks, folders, read-only files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from inspect_tui.store import Store, StoreError
from inspect_tui.store.schema import TABLES
from test_cli import run


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
