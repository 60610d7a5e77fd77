"""Backups of the database (SQLite backup API) and the checks behind `inspect-tui doctor`.

Backups sit beside the database in `<name>.backups/`, are taken before a schema migration
and when a round is finalised, and are rotated (the newest `KEEP` are kept). Nothing here
opens a damaged file for writing: checks use read-only connections.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

KEEP = 10
SQLITE_HEADER = b"SQLite format 3\x00"


def backup_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".backups")


def make_backup(conn: sqlite3.Connection, db_path: Path, reason: str) -> Path:
    """Copy the open database consistently (even mid-WAL) into the backup folder."""
    folder = backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{db_path.stem}-{stamp}-{reason}.sqlite"
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    rotate(folder)
    return target


def backups(db_path: Path) -> list[Path]:
    """Backups of this database, newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.sqlite"), key=lambda p: p.name, reverse=True)


def rotate(folder: Path, keep: int = KEEP) -> None:
    for old in sorted(folder.glob("*.sqlite"), key=lambda p: p.name, reverse=True)[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()


@dataclass(frozen=True)
class Health:
    path: Path
    ok: bool
    problem: str  # empty when ok
    schema_version: int | None = None


def check(path: Path, known_version: int) -> Health:
    """Is this file a healthy inspect-tui database? Read-only; never changes the file."""
    if not path.exists():
        return Health(path, False, "the file does not exist")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        return Health(path, False, f"cannot be read: {exc.strerror}")
    if path.stat().st_size == 0:
        return Health(path, False, "the file is empty")
    if header != SQLITE_HEADER:
        return Health(path, False, "not an SQLite database (damaged or another kind of file)")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return Health(path, False, f"cannot be opened: {exc}")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            return Health(path, False, "damaged: " + "; ".join(rows[:3]), version)
        if version > known_version:
            return Health(
                path, False, f"written by a newer inspect-tui (schema {version})", version
            )
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if version and "rounds" not in tables:
            return Health(path, False, "not an inspect-tui database (no rounds table)", version)
        return Health(path, True, "", version)
    except sqlite3.DatabaseError as exc:
        return Health(path, False, f"damaged: {exc}")
    finally:
        conn.close()


def restore(db_path: Path, source: Path) -> Path:
    """Put `source` in place of the database; the current file is kept aside, not deleted.

    Returns where the replaced file was moved.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = db_path.with_name(f"{db_path.name}.replaced-{stamp}")
    if db_path.exists():
        os.replace(db_path, aside)
    for suffix in ("-wal", "-shm"):
        stale = db_path.with_name(db_path.name + suffix)
        if stale.exists():
            os.replace(stale, aside.with_name(aside.name + suffix))
    tmp = db_path.with_name(db_path.name + ".restoring")
    shutil.copyfile(source, tmp)
    os.replace(tmp, db_path)
    return aside
