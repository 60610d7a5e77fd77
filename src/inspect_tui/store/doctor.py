"""`doctor`: tell a damaged database from one that is only locked or read-only, and restore a
backup only in place of a damaged (or missing) file, keeping the file it replaces.

Nothing here writes to the file it diagnoses: checks use read-only connections, and the lock
probe takes and drops a write lock without writing. A file that opens is never replaced.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from . import backup
from .chain import Problem, verify_chain
from .connection import is_foreign
from .exceptions import StoreError
from .schema import MIGRATION_NAMES, SCHEMA_VERSION

# The schema version from which audit rows are chained.
CHAIN_VERSION = MIGRATION_NAMES.index("m005_hash_chain") + 1


class Condition(StrEnum):
    OK = "ok"
    MISSING = "missing"  # no file: a backup may be put there
    DAMAGED = "damaged"  # the only condition a restore replaces
    LOCKED = "locked"  # another program holds it: busy, not damaged
    READ_ONLY = "read_only"  # read-only media, permissions, or an immutable file
    UNREADABLE = "unreadable"  # this user may not read it
    TOO_NEW = "too_new"  # written by a newer inspect-tui
    FOREIGN = "foreign"  # another program's SQLite file
    NOT_A_FILE = "not_a_file"  # a folder or a device


@dataclass(frozen=True)
class Diagnosis:
    path: Path
    condition: Condition
    detail: str  # English, for the command line and the log; empty when ok
    schema_version: int | None = None
    # The content passed SQLite's integrity check (so a locked or read-only file can be
    # healthy, and a read-only backup is still a good one).
    intact: bool = False
    # What the hash chain says was changed around inspect-tui (the file itself is sound).
    tampering: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.condition is Condition.OK

    @property
    def replaceable(self) -> bool:
        """May a restore put a backup here? Only in place of damage or of nothing."""
        return self.condition in (Condition.DAMAGED, Condition.MISSING)

    def describe(self) -> str:
        return "ok" if self.ok else self.detail


@dataclass(frozen=True)
class RestoreResult:
    restored: bool  # False: the file was healthy and left alone
    diagnosis: Diagnosis  # of the file before
    backup: Path | None = None  # what was put in place
    kept: Path | None = None  # where the replaced file went (None: there was none)
    undo: str = ""  # a shell command that puts the replaced file back


def diagnose(path: Path, known_version: int = SCHEMA_VERSION) -> Diagnosis:
    """What state is this database file in? Never changes the file."""
    path = Path(path)
    if not path.exists():
        return Diagnosis(path, Condition.MISSING, "the file does not exist")
    if not path.is_file():
        return Diagnosis(path, Condition.NOT_A_FILE, "not a file (a folder or a device)")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(backup.SQLITE_HEADER))
    except OSError as exc:
        return Diagnosis(path, Condition.UNREADABLE, f"cannot be read: {exc.strerror}")
    if path.stat().st_size == 0:
        return Diagnosis(path, Condition.DAMAGED, "damaged: the file is empty")
    if header != backup.SQLITE_HEADER:
        return Diagnosis(
            path, Condition.DAMAGED, "damaged: not an SQLite database (or another kind of file)"
        )
    writable = _writable(path)
    content = _check_content(path, known_version, immutable=False)
    if content.condition is Condition.DAMAGED and not writable:
        # On read-only media SQLite may fail to open its shared-memory file: read the main
        # file as immutable before calling it damaged.
        content = _check_content(path, known_version, immutable=True)
    if content.condition is not Condition.OK:
        return content
    if not writable:
        return Diagnosis(
            path,
            Condition.READ_ONLY,
            "healthy but read-only (read-only media, permissions, or an immutable file)",
            content.schema_version,
            intact=True,
            tampering=content.tampering,
        )
    if _write_locked(path):
        return Diagnosis(
            path,
            Condition.LOCKED,
            "healthy but locked by another program (close it and try again)",
            content.schema_version,
            intact=True,
            tampering=content.tampering,
        )
    return content


def _check_content(path: Path, known_version: int, *, immutable: bool) -> Diagnosis:
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=0.5)
    except sqlite3.Error as exc:
        return Diagnosis(path, Condition.DAMAGED, f"damaged: cannot be opened ({exc})")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            return Diagnosis(path, Condition.DAMAGED, "damaged: " + "; ".join(rows[:3]), version)
        if version > known_version:
            return Diagnosis(
                path,
                Condition.TOO_NEW,
                f"written by a newer inspect-tui (schema {version})",
                version,
                intact=True,
            )
        if is_foreign(conn, version):
            return Diagnosis(
                path,
                Condition.FOREIGN,
                "not an inspect-tui database (another program's file)",
                version,
                intact=True,
            )
        tampering = tuple(verify_chain(conn)) if version >= CHAIN_VERSION else ()
        return Diagnosis(path, Condition.OK, "", version, intact=True, tampering=tampering)
    except sqlite3.DatabaseError as exc:
        if _is_lock(exc):
            return Diagnosis(
                path, Condition.LOCKED, "locked by another program (close it and try again)"
            )
        return Diagnosis(path, Condition.DAMAGED, f"damaged: {exc}")
    finally:
        conn.close()


def _writable(path: Path) -> bool:
    # The folder too: SQLite writes its journal (-wal, -shm) beside the file.
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _write_locked(path: Path) -> bool:
    """Does another connection hold the write lock? Takes it and lets go; writes nothing."""
    try:
        conn = sqlite3.connect(str(path), timeout=0, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        return _is_lock(exc)
    finally:
        conn.close()


def _is_lock(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def good_backups(path: Path, known_version: int = SCHEMA_VERSION) -> list[tuple[Path, Diagnosis]]:
    """Every backup of this database with its diagnosis, newest first."""
    return [(b, diagnose(b, known_version)) for b in backup.backups(path)]


_REFUSALS = {
    Condition.OK: "error.doctor.healthy",
    Condition.LOCKED: "error.doctor.locked",
    Condition.READ_ONLY: "error.doctor.read_only",
    Condition.UNREADABLE: "error.doctor.unreadable",
    Condition.TOO_NEW: "error.doctor.too_new",
    Condition.FOREIGN: "error.doctor.foreign",
    Condition.NOT_A_FILE: "error.doctor.not_a_file",
}


def restore(
    path: Path, source: Path | None = None, known_version: int = SCHEMA_VERSION
) -> RestoreResult:
    """Put a good backup (`source`, or the newest good one) in place of a damaged or missing
    database. The replaced file (and its -wal/-shm) is moved aside, never deleted.

    A healthy file is left alone (`restored=False`). A file that is locked, read-only,
    unreadable, too new, another program's or not a file is refused with a StoreError that
    says which and what to do; so is a restore with no good backup.
    """
    path = Path(path)
    before = diagnose(path, known_version)
    if before.ok:
        return RestoreResult(False, before)
    if not before.replaceable:
        raise StoreError(_REFUSALS[before.condition], path=path, problem=before.detail)
    if source is None:
        good = [b for b, d in good_backups(path, known_version) if _usable_backup(d)]
        if not good:
            raise StoreError("error.doctor.no_backup", path=path, problem=before.detail)
        source = good[0]
    elif not _usable_backup(diagnose(source, known_version)):
        raise StoreError("error.doctor.bad_backup", path=path, backup=source)
    if not os.access(path.parent, os.W_OK):
        raise StoreError("error.doctor.read_only", path=path, problem="read-only folder")
    kept = _keep_aside(path) if before.condition is not Condition.MISSING else None
    tmp = path.with_name(path.name + ".restoring")
    try:
        shutil.copyfile(source, tmp)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StoreError("error.doctor.restore_failed", path=path, error=exc.strerror) from exc
    undo = ""
    if kept is not None:
        undo = f'mv -f "{kept}" "{path}"'
        for suffix in ("-wal", "-shm"):
            if kept.with_name(kept.name + suffix).exists():
                undo += f' && mv -f "{kept}{suffix}" "{path}{suffix}"'
    return RestoreResult(True, before, source, kept, undo)


def _usable_backup(d: Diagnosis) -> bool:
    # A backup on read-only media or locked is still good to copy from.
    return d.intact and d.condition in (Condition.OK, Condition.READ_ONLY, Condition.LOCKED)


def _keep_aside(path: Path) -> Path:
    """Move the file (and its -wal/-shm) to a new name beside it; never over another file."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.name}.replaced-{stamp}")
    n = 1
    while aside.exists():
        aside = path.with_name(f"{path.name}.replaced-{stamp}-{n}")
        n += 1
    try:
        os.replace(path, aside)
        for suffix in ("-wal", "-shm"):
            stale = path.with_name(path.name + suffix)
            if stale.exists():
                os.replace(stale, aside.with_name(aside.name + suffix))
    except OSError as exc:
        raise StoreError("error.doctor.restore_failed", path=path, error=exc.strerror) from exc
    return aside
