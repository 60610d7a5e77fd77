"""The connection to one database file: pragmas, migrations, the write lock.

WAL journaling and a busy timeout let two windows share the file; every change runs inside
`_write_lock`, one short transaction.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from sqlite_utils import Database

from . import backup
from .exceptions import SchemaTooNew, StoreError
from .schema import MIGRATIONS_TABLE, SCHEMA_VERSION, TABLES, migrations

BUSY_TIMEOUT_S = 10.0


class StoreBase:
    """The open file; the parts of the `Store` build on it."""

    def __init__(
        self, path: Path | str, actor: str | None = None, *, busy_timeout: float = BUSY_TIMEOUT_S
    ) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout  # the app waits less than a script: a key must not hang
        self.actor = actor or _default_actor()
        _check_path(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(self.path), timeout=self.busy_timeout)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError("error.store.cannot_open", path=self.path, error=_reason(exc)) from exc
        self.db = Database(conn)
        try:
            self._prepare()
        except sqlite3.DatabaseError as exc:
            conn.close()
            _raise_file_error(exc, self.path)
            raise StoreError("error.store.unusable", path=self.path, error=exc) from exc
        except StoreError:
            conn.close()
            raise

    def _prepare(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        # Before anything writes (pragmas, migrations): another program's file is left as it is.
        self._refuse_foreign(version)
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(
                "error.store.schema_too_new", path=self.path, version=version, known=SCHEMA_VERSION
            )
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        self.db.execute("PRAGMA journal_mode = WAL")
        # WAL with synchronous=FULL: a change is durable once its transaction returns.
        self.db.execute("PRAGMA synchronous = FULL")
        if version < SCHEMA_VERSION:
            if version > 0:
                # An upgrade rewrites tables: keep the file as it was, in case.
                backup.make_backup(self.db.conn, self.path, f"before-schema-{SCHEMA_VERSION}")
            self.migrate()

    def _refuse_foreign(self, version: int) -> None:
        """Refuse a file another program made: tables not ours, or a version without our mark."""
        if is_foreign(self.db.conn, version):
            raise StoreError("error.store.foreign", path=self.path)

    def migrate(self, stop_before: str | None = None) -> None:
        with self._write_lock():
            migrations.apply(self.db, stop_before=stop_before)
            applied = len(migrations.applied(self.db))
            self.db.execute(f"PRAGMA user_version = {applied}")

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        # BEGIN IMMEDIATE takes the write lock up front, so two instances queue on the busy
        # timeout instead of failing with "database is locked" half-way through. A lock held
        # longer than that, or a file that cannot be written, is a one-line error, not a crash.
        try:
            self.db.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            _raise_file_error(exc, self.path)
            raise
        try:
            yield
        except BaseException as exc:
            self.db.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                _raise_file_error(exc, self.path)
            raise
        else:
            try:
                self.db.conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if self.db.conn.in_transaction:
                    self.db.conn.execute("ROLLBACK")
                _raise_file_error(exc, self.path)
                raise

    def ensure_writable(self) -> None:
        """Raise the lock / read-only StoreError now, before work that must be recorded after
        (an export writes its file, then records it): take the write lock and let it go."""
        with self._write_lock():
            pass

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.db.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def data_version(self) -> int:
        """Changes when another connection (another window) commits to the file."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])


def is_foreign(conn: sqlite3.Connection, version: int) -> bool:
    """Another program's file: tables not ours, or a non-zero version without our migration
    record. Reads only. (A newer inspect-tui may add tables: then only its version counts.)"""
    names = {
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
            " AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    }
    ours = MIGRATIONS_TABLE in names and bool(
        conn.execute(
            f"SELECT 1 FROM {MIGRATIONS_TABLE} WHERE migration_set = ? LIMIT 1", [migrations.name]
        ).fetchone()
    )
    strangers = names - TABLES if version <= SCHEMA_VERSION else set()
    return bool(strangers) or (version != 0 and not ours)


def _check_path(path: Path) -> None:
    """Refuse, before SQLite sees them, a folder and a file this user cannot write."""
    if path.is_dir():
        raise StoreError("error.store.is_folder", path=path)
    # os.access also sees an immutable file (chattr +i), even for root.
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StoreError("error.store.read_only", path=path)


def _raise_file_error(exc: sqlite3.Error, path: Path) -> None:
    """Say in the user's words SQLite's errors about the file (a lock, read-only); else return."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        raise StoreError("error.store.locked", path=path) from exc
    if "readonly" in text or "read-only" in text:
        raise StoreError("error.store.read_only", path=path) from exc


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers, some Windows services)
        return "inspector"
