"""Backups of the database (SQLite backup API).

Backups sit beside the database in `<name>.backups/`, are taken before a schema migration
and when a round is finalised, and are rotated (the newest `KEEP` are kept). Checking and
restoring them is `doctor`'s job.
"""

from __future__ import annotations

import contextlib
import sqlite3
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
