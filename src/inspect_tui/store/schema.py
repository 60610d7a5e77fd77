"""The database schema as forward migrations (sqlite-utils `Migrations`).

Never edit a migration that has shipped: add a new one. `SCHEMA_VERSION` is the number of
migrations and is mirrored in `PRAGMA user_version`, so a file from a newer inspect-tui is
recognised before anything touches it.
"""

from __future__ import annotations

import json

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from . import chain

migrations = Migrations("inspect_tui")


def _run(db: Database, script: str) -> None:
    # One statement at a time: sqlite3's executescript() would COMMIT first and break the
    # migration's transaction. The DDL here contains no semicolons inside statements.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations(name="m001_initial")
def m001_initial(db: Database) -> None:
    _run(
        db,
        """
        CREATE TABLE sites (
            uid TEXT PRIMARY KEY,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            short_name TEXT NOT NULL,
            supervisor TEXT NOT NULL DEFAULT '',
            owner TEXT NOT NULL DEFAULT '',
            code TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE rounds (
            key TEXT PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            script TEXT NOT NULL DEFAULT 'zh-Hans',
            status TEXT NOT NULL DEFAULT 'open',
            previous_key TEXT NOT NULL DEFAULT '',
            meta TEXT NOT NULL DEFAULT '{}',
            checklist_id TEXT NOT NULL,
            checklist_source TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE round_sites (
            round_key TEXT NOT NULL REFERENCES rounds(key) ON DELETE CASCADE,
            uid TEXT NOT NULL,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            short_name TEXT NOT NULL,
            supervisor TEXT NOT NULL DEFAULT '',
            owner TEXT NOT NULL DEFAULT '',
            code TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (round_key, uid)
        );
        CREATE INDEX round_sites_seq ON round_sites(round_key, seq);
        CREATE TABLE findings (
            round_key TEXT NOT NULL,
            site_uid TEXT NOT NULL,
            category TEXT NOT NULL,
            count INTEGER,
            age TEXT NOT NULL DEFAULT '',
            elements TEXT NOT NULL DEFAULT '[]',
            qualifier TEXT NOT NULL DEFAULT '',
            scope TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT '',
            wording TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (round_key, site_uid, category),
            FOREIGN KEY (round_key, site_uid) REFERENCES round_sites(round_key, uid) ON DELETE CASCADE
        );
        CREATE TABLE verdict_overrides (
            round_key TEXT NOT NULL,
            site_uid TEXT NOT NULL,
            verdict TEXT NOT NULL,
            reason TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (round_key, site_uid),
            FOREIGN KEY (round_key, site_uid) REFERENCES round_sites(round_key, uid) ON DELETE CASCADE
        );
        CREATE TABLE progress (
            round_key TEXT NOT NULL,
            site_uid TEXT NOT NULL,
            status TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (round_key, site_uid),
            FOREIGN KEY (round_key, site_uid) REFERENCES round_sites(round_key, uid) ON DELETE CASCADE
        );
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ts TEXT NOT NULL,
            actor TEXT NOT NULL,
            round_key TEXT NOT NULL DEFAULT '',
            site_uid TEXT NOT NULL DEFAULT '',
            entity TEXT NOT NULL,
            action TEXT NOT NULL,
            before TEXT,
            after TEXT
        );
        CREATE INDEX audit_round ON audit(round_key, id);
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
    )


@migrations(name="m002_parent_and_exports")
def m002_parent_and_exports(db: Database) -> None:
    """v2: the website a channel belongs to (for attachment 1), and a record of exports."""
    _run(
        db,
        """
        ALTER TABLE sites ADD COLUMN parent TEXT NOT NULL DEFAULT '';
        ALTER TABLE round_sites ADD COLUMN parent TEXT NOT NULL DEFAULT '';
        CREATE TABLE exports (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            round_key TEXT NOT NULL,
            path TEXT NOT NULL,
            format TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            round_status TEXT NOT NULL,
            ts TEXT NOT NULL
        );
        CREATE INDEX exports_sha ON exports(sha256);
        """,
    )


@migrations(name="m003_followups")
def m003_followups(db: Database) -> None:
    """v3: findings carried over from the previous round, and what became of each one."""
    _run(
        db,
        """
        ALTER TABLE findings ADD COLUMN carried_from TEXT NOT NULL DEFAULT '';
        CREATE TABLE followups (
            round_key TEXT NOT NULL,
            site_uid TEXT NOT NULL,
            category TEXT NOT NULL,
            status TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (round_key, site_uid, category),
            FOREIGN KEY (round_key, site_uid) REFERENCES round_sites(round_key, uid) ON DELETE CASCADE
        )
        """,
    )


@migrations(name="m004_site_level")
def m004_site_level(db: Database) -> None:
    """v4: a site's administrative level (层级), free text; circular templates count and group
    by it."""
    _run(
        db,
        """
        ALTER TABLE sites ADD COLUMN level TEXT NOT NULL DEFAULT '';
        ALTER TABLE round_sites ADD COLUMN level TEXT NOT NULL DEFAULT '';
        """,
    )


@migrations(name="m005_hash_chain")
def m005_hash_chain(db: Database) -> None:
    """The audit log as a hash chain (rows written before are chained now), the content
    hash a round was finalised with, and the content hash each export was made from."""
    _run(
        db,
        """
        ALTER TABLE audit ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
        ALTER TABLE audit ADD COLUMN change_hash TEXT NOT NULL DEFAULT '';
        ALTER TABLE rounds ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
        ALTER TABLE exports ADD COLUMN content_hash TEXT NOT NULL DEFAULT ''
        """,
    )
    chain.backfill(db.conn)


@migrations(name="m006_office")
def m006_office(db: Database) -> None:
    """v6: the office's standing facts (issuer, addressees, contact …), one row per field."""
    _run(
        db,
        """
        CREATE TABLE office (
            field TEXT PRIMARY KEY,
            value TEXT NOT NULL DEFAULT ''
        )
        """,
    )


@migrations(name="m007_notes")
def m007_notes(db: Database) -> None:
    """Private notes on categories with nothing recorded get a table of their own (audited,
    undoable); they were kept in one settings row per round ("notes:<round>", JSON: site →
    category → note), which this moves over and removes."""
    _run(
        db,
        """
        CREATE TABLE private_notes (
            round_key TEXT NOT NULL,
            site_uid TEXT NOT NULL,
            category TEXT NOT NULL,
            note TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (round_key, site_uid, category),
            FOREIGN KEY (round_key, site_uid) REFERENCES round_sites(round_key, uid) ON DELETE CASCADE
        )
        """,
    )
    _move_notes_out_of_settings(db)


def _move_notes_out_of_settings(db: Database) -> None:
    rows = db.execute("SELECT key, value FROM settings WHERE key LIKE 'notes:%'").fetchall()
    for setting, text in rows:
        round_key = str(setting)[len("notes:") :]
        try:
            data = json.loads(text)
        except ValueError:
            data = {}
        for uid, categories in (data if isinstance(data, dict) else {}).items():
            for category, note in (categories if isinstance(categories, dict) else {}).items():
                known = db.execute(
                    "SELECT 1 FROM round_sites WHERE round_key = ? AND uid = ?", [round_key, uid]
                ).fetchone()
                if known and str(note).strip():
                    db.execute(
                        "INSERT OR REPLACE INTO private_notes"
                        " (round_key, site_uid, category, note, updated_at)"
                        " VALUES (?, ?, ?, ?, datetime('now'))",
                        [round_key, str(uid), str(category), str(note).strip()],
                    )
        db.execute("DELETE FROM settings WHERE key = ?", [setting])


MIGRATION_NAMES = [m.name for m in migrations._migrations]
SCHEMA_VERSION = len(MIGRATION_NAMES)

# Every table the migrations create (and sqlite-utils' record of them). A file with any other
# table belongs to another program. A new migration that adds a table adds it here
# (test_store checks the list against a fresh file).
MIGRATIONS_TABLE = "_sqlite_migrations"
TABLES = frozenset(
    {
        MIGRATIONS_TABLE,
        "sites",
        "rounds",
        "round_sites",
        "findings",
        "verdict_overrides",
        "progress",
        "audit",
        "settings",
        "exports",
        "followups",
        "office",
        "private_notes",
    }
)
