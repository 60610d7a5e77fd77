"""Backups of the database (SQLite backup API).

Backups sit beside the database in `<name>.backups/`, are taken before a schema migration
and when a round is finalised, and are rotated (the newest `KEEP` are kept). Checking and
restoring them is `doctor`'s job.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

KEEP = 10
SQLITE_HEADER = b"SQLite format 3\x00"
# A backup is made under a hidden temporary name and renamed when complete, so a copy cut
# short (SIGKILL, power cut, disk full) is never listed as a backup nor restored by doctor.
PARTIAL_SUFFIX = ".partial"
STALE_PARTIAL_S = 600.0  # one left by a killed process is removed by a later backup


def backup_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".backups")


def make_backup(conn: sqlite3.Connection, db_path: Path, reason: str) -> Path:
    """Copy the open database consistently (even mid-WAL) into the backup folder."""
    folder = backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{db_path.stem}-{stamp}-{reason}.sqlite"
    partial = folder / f".{target.name}{PARTIAL_SUFFIX}"
    _remove_stale_partials(folder)
    try:
        dest = sqlite3.connect(partial)
        try:
            conn.backup(dest)
        finally:
            dest.close()
        with partial.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    rotate(folder)
    return target


def _remove_stale_partials(folder: Path) -> None:
    cutoff = time.time() - STALE_PARTIAL_S
    for old in folder.glob(f".*{PARTIAL_SUFFIX}"):
        with contextlib.suppress(OSError):
            if old.stat().st_mtime < cutoff:
                old.unlink()


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
