"""Moved: backups are `inspect_tui.store.backup`, checks and restore `inspect_tui.store.doctor`.

Kept only for the `doctor` command in cli_records (cli engineer's file) until it calls
`store.doctor.diagnose` / `store.doctor.restore` itself; `check` and `restore` are that
module's safe versions, so even this old path never replaces a file that is only locked or
read-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .store import doctor
from .store.backup import KEEP, SQLITE_HEADER, backup_dir, backups, make_backup, rotate
from .store.exceptions import StoreError


@dataclass(frozen=True)
class Health:
    path: Path
    ok: bool
    problem: str  # empty when ok
    schema_version: int | None = None


def check(path: Path, known_version: int) -> Health:
    d = doctor.diagnose(path, known_version)
    return Health(path, d.ok, d.detail, d.schema_version)


def restore(db_path: Path, source: Path) -> Path:
    """Returns where the replaced file was kept; refuses (StoreError) a file not damaged."""
    result = doctor.restore(db_path, source)
    if not result.restored:
        raise StoreError("error.doctor.healthy", path=db_path)
    return result.kept or db_path


__all__ = [
    "KEEP",
    "SQLITE_HEADER",
    "Health",
    "backup_dir",
    "backups",
    "check",
    "make_backup",
    "restore",
    "rotate",
]
