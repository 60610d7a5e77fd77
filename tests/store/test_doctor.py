"""`store.doctor`: damage is told from a lock or read-only media, and only damage is replaced."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspect_tui.model import Site, SiteKind
from inspect_tui.store import Store, StoreError, backup
from inspect_tui.store.doctor import Condition, diagnose, restore

SITES = [Site(1, SiteKind.CHANNEL, "甲", "甲"), Site(2, SiteKind.CHANNEL, "乙", "乙")]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with a backup (at finalising 2026Q1) and a round made after it."""
    path = tmp_path / "d.sqlite"
    with Store(path, actor="t") as s:
        s.replace_roster(SITES)
        s.create_round("2026Q1")
        s.finalise("2026Q1")
        s.create_round("2026Q2", from_key="2026Q1")  # not in the backup
    assert backup.backups(path)
    return path


def _keys(path: Path) -> list[str]:
    with Store(path) as s:
        return s.round_keys()


def test_healthy_file_is_ok_and_left_alone(db: Path) -> None:
    assert diagnose(db).condition is Condition.OK
    before = db.read_bytes()
    result = restore(db)
    assert not result.restored and db.read_bytes() == before


def test_write_lock_held_by_another_program(db: Path) -> None:
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        d = diagnose(db)
        assert d.condition is Condition.LOCKED and d.intact and "locked" in d.detail
        with pytest.raises(StoreError, match="not damaged: it is locked by another program"):
            restore(db)
    finally:
        other.rollback()
        other.close()
    assert _keys(db) == ["2026Q1", "2026Q2"]  # the round made since the backup is still there
    assert not list(db.parent.glob("*.replaced-*"))


def test_exclusive_lock_that_blocks_reading(db: Path) -> None:
    # Another program in exclusive locking mode with a write: even reads get "locked".
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE settings SET value = value")
    try:
        d = diagnose(db)
        assert d.condition is Condition.LOCKED, d
        with pytest.raises(StoreError, match="locked by another program"):
            restore(db)
    finally:
        other.rollback()
        other.close()
    assert _keys(db) == ["2026Q1", "2026Q2"]


@pytest.fixture
def immutable(db: Path) -> Iterator[Path]:
    if shutil.which("chattr") is None:
        pytest.skip("no chattr")
    if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
        pytest.skip("cannot make a file immutable here")
    try:
        yield db
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=False)


def test_read_only_file_is_not_damage(immutable: Path) -> None:
    d = diagnose(immutable)
    assert d.condition is Condition.READ_ONLY and d.intact
    with pytest.raises(StoreError, match="not damaged: it is read-only"):
        restore(immutable)
    assert not list(immutable.parent.glob("*.replaced-*"))


def test_damaged_file_is_replaced_kept_and_undoable(db: Path) -> None:
    data = db.read_bytes()
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    damaged = data[: len(data) // 3]
    db.write_bytes(damaged)
    d = diagnose(db)
    assert d.condition is Condition.DAMAGED and not d.intact
    result = restore(db)
    assert result.restored and result.backup == backup.backups(db)[0]
    assert result.kept is not None and result.kept.read_bytes() == damaged
    assert _keys(db) == ["2026Q1"]
    # The undo command puts the replaced file back.
    subprocess.run(result.undo, shell=True, check=True)
    assert db.read_bytes() == damaged


def test_restore_twice_keeps_both_replaced_files(db: Path) -> None:
    db.write_bytes(b"garbage" * 100)
    first = restore(db)
    db.write_bytes(b"other garbage" * 100)
    second = restore(db)
    assert first.kept != second.kept
    assert first.kept is not None and first.kept.read_bytes() == b"garbage" * 100


def test_no_good_backup(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    path.write_bytes(b"garbage" * 100)
    with pytest.raises(StoreError, match="no good backup"):
        restore(path)
    assert path.read_bytes() == b"garbage" * 100


@pytest.mark.parametrize(
    ("make", "condition"),
    [
        (lambda p: p.mkdir(), Condition.NOT_A_FILE),
        (lambda p: None, Condition.MISSING),
        (lambda p: p.write_bytes(b""), Condition.DAMAGED),
    ],
    ids=["folder", "missing", "empty"],
)
def test_other_conditions(tmp_path: Path, make: object, condition: Condition) -> None:
    path = tmp_path / "x.sqlite"
    make(path)  # type: ignore[operator]
    assert diagnose(path).condition is condition


def test_another_programs_file_is_never_replaced(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    assert diagnose(other).condition is Condition.FOREIGN
    with pytest.raises(StoreError, match="not an inspect-tui database"):
        restore(other, backup.backups(db)[0])


def test_doctor_restore_command_never_replaces_a_locked_database(db: Path) -> None:
    # Issue 15 item 2: the command called a locked file "damaged" and put an older backup in
    # its place, losing the round made since.
    from cli.test_cli import run

    other = sqlite3.connect(db, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE settings SET value = value")
    try:
        out = run("--db", str(db), "doctor", "--restore")
        assert out.returncode != 0
        assert "locked by another program" in out.stdout + out.stderr
        assert "Traceback" not in out.stderr
    finally:
        other.rollback()
        other.close()
    assert _keys(db) == ["2026Q1", "2026Q2"]
    assert not list(db.parent.glob("*.replaced-*"))


def test_diagnosis_reports_a_broken_chain(db: Path) -> None:
    assert diagnose(db).tampering == ()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE audit SET actor = 'x' WHERE id = 2")
    conn.commit()
    conn.close()
    d = diagnose(db)
    assert d.condition is Condition.OK  # sound as a file: nothing to restore
    assert [p.where for p in d.tampering] == ["2"]
