"""The connection to one database file: pragmas, migrations, the write lock.

WAL journaling and a busy timeout let two windows share the file; every change runs inside
`_write_lock`, one short transaction.
"""

from __future__ import annotations

import getpass
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from sqlite_utils import Database

from .. import backup
from .exceptions import SchemaTooNew, StoreError
from .schema import MIGRATIONS_TABLE, SCHEMA_VERSION, TABLES, migrations

BUSY_TIMEOUT_S = 10.0


class StoreBase:
    """The open file; the parts of the `Store` build on it."""

    def __init__(self, path: Path | str, actor: str | None = None) -> None:
        self.path = Path(path)
        self.actor = actor or _default_actor()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_S)
        self.db = Database(conn)
        try:
            self._prepare()
        except sqlite3.DatabaseError as exc:
            conn.close()
            if "readonly" in str(exc) or "read-only" in str(exc):
                raise StoreError("error.store.read_only", path=self.path) from exc
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
        self.db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
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
        names = {
            str(r[0])
            for r in self.db.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
                " AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
        }
        ours = MIGRATIONS_TABLE in names and bool(
            self.db.execute(
                f"SELECT 1 FROM {MIGRATIONS_TABLE} WHERE migration_set = ? LIMIT 1",
                [migrations.name],
            ).fetchone()
        )
        # A newer inspect-tui may have added tables: only its version is checked (SchemaTooNew).
        strangers = names - TABLES if version <= SCHEMA_VERSION else set()
        if strangers or (version and not ours):
            raise StoreError("error.store.foreign", path=self.path)

    def migrate(self, stop_before: str | None = None) -> None:
        with self._write_lock():
            migrations.apply(self.db, stop_before=stop_before)
            applied = len(migrations.applied(self.db))
            self.db.execute(f"PRAGMA user_version = {applied}")

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        # BEGIN IMMEDIATE takes the write lock up front, so two instances queue on the busy
        # timeout instead of failing with "database is locked" half-way through.
        self.db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.conn.execute("ROLLBACK")
            raise
        else:
            self.db.conn.execute("COMMIT")

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


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers, some Windows services)
        return "inspector"
