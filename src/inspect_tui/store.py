"""The one SQLite file that holds the roster, the rounds and every finding.

Every change is one short transaction that also appends one audit row (who, when, what,
before/after), so a change the caller was told about is on disk, and the history of a round
can always be read back. WAL journaling and a busy timeout let two windows share the file.
"""

from __future__ import annotations

import getpass
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from . import backup
from . import checklist as checklist_mod
from .checklist import Checklist
from .errors import UserError
from .model import (
    Finding,
    FollowUp,
    Progress,
    Qualifier,
    Round,
    RoundData,
    RoundMeta,
    Scope,
    Script,
    Site,
    SiteKind,
    Verdict,
    VerdictOverride,
    finding_from_dict,
    finding_to_dict,
    site_to_dict,
)
from .schema import MIGRATION_NAMES, SCHEMA_VERSION, migrations

BUSY_TIMEOUT_S = 10.0


class StoreError(UserError):
    """A problem with the database a user can act on; the message says what and what to do."""


class RoundNotFound(StoreError):
    pass


class RoundFinal(StoreError):
    pass


class SchemaTooNew(StoreError):
    pass


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class RoundSummary:
    key: str
    title: str
    status: str
    sites: int
    sites_with_findings: int
    done: int
    created_at: str


@dataclass(frozen=True)
class AuditEntry:
    id: int
    ts: str
    actor: str
    round_key: str
    site_uid: str
    entity: str
    action: str
    before: Any
    after: Any


def _site_row(site: Site) -> dict[str, Any]:
    return {"uid": site.uid, **site_to_dict(site)}


def _site_from_row(row: dict[str, Any]) -> Site:
    return Site(
        seq=int(row["seq"]),
        kind=SiteKind(row["kind"]),
        name=row["name"],
        short_name=row["short_name"],
        supervisor=row["supervisor"],
        owner=row["owner"],
        code=row["code"],
        url=row["url"],
        parent=row.get("parent", "") or "",
        level=row.get("level", "") or "",
    )


# The read paths below turn rows into values directly from tuples: at 84,094 sites, building a
# dict per row and looking enums up by calling them costs more than the query itself. They give
# exactly what `_site_from_row` and `finding_from_dict` would.
_SITE_COLUMNS = "seq, kind, name, short_name, supervisor, owner, code, url, parent, level"
_FINDING_COLUMNS = (
    "site_uid, category, count, age, elements, qualifier, scope, detail, wording, note,"
    " carried_from"
)
_KINDS = {k.value: k for k in SiteKind}
_QUALIFIERS = {q.value: q for q in Qualifier}
_SCOPES = {s.value: s for s in Scope}
_PROGRESS = {p.value: p for p in Progress}


def _sites_from_tuples(rows: Iterable[Sequence[Any]]) -> list[Site]:
    kinds = _KINDS
    return [
        Site(
            int(seq),
            kinds[kind] if kind in kinds else SiteKind(kind),
            name,
            short_name,
            supervisor,
            owner,
            code,
            url,
            parent or "",
            level or "",
        )
        for seq, kind, name, short_name, supervisor, owner, code, url, parent, level in rows
    ]


def _finding_from_values(
    uid: Any,
    category: Any,
    count: Any,
    age: Any,
    elements: Any,
    qualifier: Any,
    scope: Any,
    detail: Any,
    wording: Any,
    note: Any,
    carried_from: Any,
) -> Finding:
    """`finding_from_dict` for one row of `_FINDING_COLUMNS`."""
    if elements == "[]":
        items: tuple[str, ...] = ()
    else:
        if isinstance(elements, str):
            elements = json.loads(elements)
        items = tuple(str(e) for e in elements)
    qualifier = qualifier or ""
    scope = scope or ""
    return Finding(
        site_uid=str(uid),
        category=str(category),
        count=int(count) if count is not None else None,
        age=str(age or ""),
        elements=items,
        qualifier=_QUALIFIERS[qualifier] if qualifier in _QUALIFIERS else Qualifier(qualifier),
        scope=_SCOPES[scope] if scope in _SCOPES else Scope(scope),
        detail=str(detail or ""),
        wording=str(wording or ""),
        note=str(note or ""),
        carried_from=str(carried_from or ""),
    )


class Store:
    """Access to one inspect-tui database file. Use one Store per thread."""

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

    # -- lifecycle -------------------------------------------------------------------------

    def _prepare(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
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

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def data_version(self) -> int:
        """Changes when another connection (another window) commits to the file."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def content_mark(self) -> int:
        """The id of the latest change to the records, exports aside: every write is audited,
        so this moves exactly when something a screen shows may have changed. (An export
        recorded by another connection moves `data_version` but not this.)"""
        row = self.db.execute(
            "SELECT id FROM audit WHERE entity != 'export' ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return int(row[0]) if row else 0

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    # -- audit -----------------------------------------------------------------------------

    def _audit(
        self,
        entity: str,
        action: str,
        *,
        round_key: str = "",
        site_uid: str = "",
        before: Any = None,
        after: Any = None,
    ) -> None:
        self.db.execute(
            "INSERT INTO audit (ts, actor, round_key, site_uid, entity, action, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                now_iso(),
                self.actor,
                round_key,
                site_uid,
                entity,
                action,
                None if before is None else json.dumps(before, ensure_ascii=False),
                None if after is None else json.dumps(after, ensure_ascii=False),
            ],
        )

    def audit(self, round_key: str | None = None, site_uid: str | None = None) -> list[AuditEntry]:
        where, params = [], []
        if round_key is not None:
            where.append("round_key = ?")
            params.append(round_key)
        if site_uid is not None:
            where.append("site_uid = ?")
            params.append(site_uid)
        sql = (
            "SELECT * FROM audit"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY id"
        )
        return [
            AuditEntry(
                id=r["id"],
                ts=r["ts"],
                actor=r["actor"],
                round_key=r["round_key"],
                site_uid=r["site_uid"],
                entity=r["entity"],
                action=r["action"],
                before=None if r["before"] is None else json.loads(r["before"]),
                after=None if r["after"] is None else json.loads(r["after"]),
            )
            for r in self._rows(sql, params)
        ]

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.db.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # -- settings --------------------------------------------------------------------------

    def get_setting(self, key: str, default: str = "") -> str:
        rows = self._rows("SELECT value FROM settings WHERE key = ?", [key])
        return str(rows[0]["value"]) if rows else default

    def set_setting(self, key: str, value: str) -> None:
        with self._write_lock():
            self.db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    # -- roster ----------------------------------------------------------------------------

    def sites(self) -> list[Site]:
        return _sites_from_tuples(
            self.db.execute(f"SELECT {_SITE_COLUMNS} FROM sites ORDER BY seq").fetchall()
        )

    def replace_roster(self, sites: Sequence[Site], source: str = "") -> None:
        """Replace the whole roster in one transaction. Rounds keep their own snapshot."""
        before = len(self.sites())
        with self._write_lock():
            self.db.execute("DELETE FROM sites")
            self._insert_sites("sites", sites)
            self._audit(
                "roster",
                "replace",
                before={"sites": before},
                after={"sites": len(sites), "source": source},
            )

    def _insert_sites(
        self, table: str, sites: Sequence[Site], round_key: str | None = None
    ) -> None:
        # One executemany: a 84,094-site roster is one statement, not 84,094 round trips.
        columns = list(_site_row(Site(0, SiteKind.CHANNEL, "", "")))
        prefix = [] if round_key is None else ["round_key"]
        sql = (
            f"INSERT INTO {table} ({', '.join(prefix + columns)})"
            f" VALUES ({', '.join('?' * (len(prefix) + len(columns)))})"
        )
        head = [] if round_key is None else [round_key]
        self.db.conn.executemany(sql, ([*head, *_site_row(s).values()] for s in sites))

    # -- rounds ----------------------------------------------------------------------------

    def round_keys(self) -> list[str]:
        return [r["key"] for r in self._rows("SELECT key FROM rounds ORDER BY created_at, key")]

    def rounds(self) -> list[RoundSummary]:
        rows = self._rows(
            """
            SELECT r.key, r.title, r.status, r.created_at,
              (SELECT COUNT(*) FROM round_sites s WHERE s.round_key = r.key) AS sites,
              (SELECT COUNT(DISTINCT f.site_uid) FROM findings f WHERE f.round_key = r.key) AS hit,
              (SELECT COUNT(*) FROM progress p WHERE p.round_key = r.key AND p.status = 'done') AS done
            FROM rounds r ORDER BY r.created_at, r.key
            """
        )
        return [
            RoundSummary(
                key=r["key"],
                title=r["title"],
                status=r["status"],
                sites=r["sites"],
                sites_with_findings=r["hit"],
                done=r["done"],
                created_at=r["created_at"],
            )
            for r in rows
        ]

    def has_round(self, key: str) -> bool:
        return bool(self._rows("SELECT 1 FROM rounds WHERE key = ?", [key]))

    def round(self, key: str) -> Round:
        rows = self._rows("SELECT * FROM rounds WHERE key = ?", [key])
        if not rows:
            raise self._no_round(key)
        r = rows[0]
        return Round(
            key=r["key"],
            title=r["title"],
            script=Script(r["script"]),
            status=r["status"],
            previous_key=r["previous_key"],
            meta=RoundMeta.from_dict(json.loads(r["meta"])),
        )

    def create_round(
        self,
        key: str,
        title: str = "",
        *,
        script: Script = Script.HANS,
        from_key: str | None = None,
        checklist: Checklist | None = None,
        sites: Sequence[Site] | None = None,
        meta: RoundMeta | None = None,
    ) -> Round:
        """A new round whose roster snapshot is `sites`, the current roster, or `from_key`'s.

        From a previous round the roster snapshot, checklist, script and metadata carry over.
        """
        key = key.strip()
        if not key:
            raise StoreError("error.store.round_key_missing")
        if self.has_round(key):
            raise StoreError("error.store.round_exists", key=key)
        if from_key:
            prev = self.round(from_key)
            snapshot = list(self.round_sites(from_key)) if sites is None else list(sites)
            checklist_id, source = self.checklist_source(from_key)
            script = prev.script
            meta = meta or carry_over(prev.meta)
        else:
            cl = checklist or checklist_mod.load_default()
            checklist_id, source = cl.id, cl.source
            snapshot = list(self.sites()) if sites is None else list(sites)
            meta = meta or RoundMeta()
        if not snapshot:
            raise StoreError("error.store.roster_empty")
        with self._write_lock():
            self._insert_round(
                Round(key, title, script, previous_key=from_key or "", meta=meta),
                checklist_id,
                source,
                snapshot,
            )
            self._audit(
                "round",
                "create",
                round_key=key,
                after={"title": title, "from": from_key or "", "sites": len(snapshot)},
            )
        return self.round(key)

    def _insert_round(
        self, rnd: Round, checklist_id: str, checklist_source: str, sites: Sequence[Site]
    ) -> None:
        """The round's row and its roster snapshot (inside the caller's transaction)."""
        self.db.execute(
            "INSERT INTO rounds (key, title, script, status, previous_key, meta, checklist_id,"
            " checklist_source, created_at) VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?)",
            [
                rnd.key,
                rnd.title,
                rnd.script.value,
                rnd.previous_key,
                json.dumps(rnd.meta.to_dict(), ensure_ascii=False),
                checklist_id,
                checklist_source,
                now_iso(),
            ],
        )
        self._insert_sites("round_sites", sites, round_key=rnd.key)

    def delete_round(self, key: str) -> None:
        self._require_open(key)
        with self._write_lock():
            for table in ("findings", "verdict_overrides", "progress", "round_sites"):
                self.db.execute(f"DELETE FROM {table} WHERE round_key = ?", [key])
            self.db.execute("DELETE FROM rounds WHERE key = ?", [key])
            self._audit("round", "delete", round_key=key)

    def _no_round(self, key: str) -> RoundNotFound:
        known = ", ".join(self.round_keys())
        if not known:
            return RoundNotFound("error.store.no_round_yet", key=key, file=self.path.name)
        return RoundNotFound("error.store.no_round", key=key, file=self.path.name, known=known)

    def checklist_source(self, key: str) -> tuple[str, str]:
        rows = self._rows("SELECT checklist_id, checklist_source FROM rounds WHERE key = ?", [key])
        if not rows:
            raise self._no_round(key)
        return rows[0]["checklist_id"], rows[0]["checklist_source"]

    def round_checklist(self, key: str) -> Checklist:
        """The checklist this round was created with (its snapshot, not today's file)."""
        checklist_id, source = self.checklist_source(key)
        return checklist_mod.parse(source, f"{checklist_id} (snapshot of round {key})")

    def round_sites(self, key: str) -> list[Site]:
        sql = f"SELECT {_SITE_COLUMNS} FROM round_sites WHERE round_key = ? ORDER BY seq"
        return _sites_from_tuples(self.db.execute(sql, [key]).fetchall())

    def round_data(self, key: str) -> RoundData:
        return RoundData(
            round=self.round(key),
            sites=tuple(self.round_sites(key)),
            findings=tuple(self.findings(key)),
            overrides=tuple(self.overrides(key)),
        )

    def _require_open(self, key: str) -> Round:
        rnd = self.round(key)
        if rnd.is_final:
            raise RoundFinal("error.store.round_final", key=key)
        return rnd

    def update_round(
        self, key: str, *, title: str | None = None, meta: RoundMeta | None = None
    ) -> None:
        rnd = self._require_open(key)
        new_title = rnd.title if title is None else title
        new_meta = rnd.meta if meta is None else meta
        if new_title == rnd.title and new_meta == rnd.meta:
            return
        with self._write_lock():
            self.db.execute(
                "UPDATE rounds SET title = ?, meta = ? WHERE key = ?",
                [new_title, json.dumps(new_meta.to_dict(), ensure_ascii=False), key],
            )
            self._audit(
                "round_meta",
                "update",
                round_key=key,
                before={"title": rnd.title, "meta": rnd.meta.to_dict()},
                after={"title": new_title, "meta": new_meta.to_dict()},
            )

    def set_status(self, key: str, status: str, reason: str = "") -> None:
        rnd = self.round(key)
        with self._write_lock():
            self.db.execute("UPDATE rounds SET status = ? WHERE key = ?", [status, key])
            self._audit(
                "round_status",
                status,
                round_key=key,
                before={"status": rnd.status},
                after={"status": status, "reason": reason},
            )

    # -- findings --------------------------------------------------------------------------

    def findings(self, key: str, site_uid: str | None = None) -> list[Finding]:
        columns = ", ".join(f"f.{c.strip()}" for c in _FINDING_COLUMNS.split(","))
        sql = f"SELECT {columns} FROM findings f JOIN round_sites s ON s.round_key = f.round_key AND s.uid = f.site_uid WHERE f.round_key = ?"
        params: list[Any] = [key]
        if site_uid is not None:
            sql += " AND f.site_uid = ?"
            params.append(site_uid)
        sql += " ORDER BY s.seq, f.rowid"
        return [_finding_from_values(*r) for r in self.db.execute(sql, params).fetchall()]

    def finding(self, key: str, site_uid: str, category: str) -> Finding | None:
        rows = self._rows(
            "SELECT * FROM findings WHERE round_key = ? AND site_uid = ? AND category = ?",
            [key, site_uid, category],
        )
        return finding_from_dict(rows[0]) if rows else None

    def set_finding(self, key: str, finding: Finding) -> None:
        """Insert or replace one finding (one transaction, one audit row)."""
        self._require_open(key)
        before = self.finding(key, finding.site_uid, finding.category)
        if before == finding:
            return
        data = finding_to_dict(finding)
        with self._write_lock():
            self._write_finding(key, data)
            self._audit(
                "finding",
                "set",
                round_key=key,
                site_uid=finding.site_uid,
                before=None if before is None else finding_to_dict(before),
                after=data,
            )

    def _write_finding(self, key: str, data: dict[str, Any]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO findings (round_key, site_uid, category, count, age, elements,"
            " qualifier, scope, detail, wording, note, carried_from, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                key,
                data["site_uid"],
                data["category"],
                data["count"],
                data["age"],
                json.dumps(data["elements"], ensure_ascii=False),
                data["qualifier"],
                data["scope"],
                data["detail"],
                data["wording"],
                data["note"],
                data.get("carried_from", ""),
                now_iso(),
            ],
        )

    def remove_finding(self, key: str, site_uid: str, category: str) -> None:
        self._require_open(key)
        before = self.finding(key, site_uid, category)
        if before is None:
            return
        with self._write_lock():
            self.db.execute(
                "DELETE FROM findings WHERE round_key = ? AND site_uid = ? AND category = ?",
                [key, site_uid, category],
            )
            self._audit(
                "finding",
                "remove",
                round_key=key,
                site_uid=site_uid,
                before=finding_to_dict(before),
            )

    # -- verdict overrides -----------------------------------------------------------------

    def overrides(self, key: str) -> list[VerdictOverride]:
        return [
            VerdictOverride(
                site_uid=r["site_uid"], verdict=Verdict(r["verdict"]), reason=r["reason"]
            )
            for r in self._rows("SELECT * FROM verdict_overrides WHERE round_key = ?", [key])
        ]

    def override(self, key: str, site_uid: str) -> VerdictOverride | None:
        for o in self.overrides(key):
            if o.site_uid == site_uid:
                return o
        return None

    def set_override(self, key: str, site_uid: str, verdict: Verdict, reason: str) -> None:
        reason = reason.strip()
        if not reason:
            raise StoreError("error.store.override_reason")
        self._require_open(key)
        before = self.override(key, site_uid)
        with self._write_lock():
            self.db.execute(
                "INSERT OR REPLACE INTO verdict_overrides (round_key, site_uid, verdict, reason, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [key, site_uid, verdict.value, reason, now_iso()],
            )
            self._audit(
                "override",
                "set",
                round_key=key,
                site_uid=site_uid,
                before=None
                if before is None
                else {"verdict": before.verdict.value, "reason": before.reason},
                after={"verdict": verdict.value, "reason": reason},
            )

    def clear_override(self, key: str, site_uid: str) -> None:
        self._require_open(key)
        before = self.override(key, site_uid)
        if before is None:
            return
        with self._write_lock():
            self.db.execute(
                "DELETE FROM verdict_overrides WHERE round_key = ? AND site_uid = ?",
                [key, site_uid],
            )
            self._audit(
                "override",
                "clear",
                round_key=key,
                site_uid=site_uid,
                before={"verdict": before.verdict.value, "reason": before.reason},
            )

    # -- progress --------------------------------------------------------------------------

    def progress(self, key: str) -> dict[str, Progress]:
        rows = self.db.execute(
            "SELECT site_uid, status FROM progress WHERE round_key = ?", [key]
        ).fetchall()
        known = _PROGRESS
        return {uid: known[s] if s in known else Progress(s) for uid, s in rows}

    def set_progress(self, key: str, site_uid: str, status: Progress) -> None:
        self._require_open(key)
        before = self.progress_of(key, site_uid)
        if before is status:
            return
        with self._write_lock():
            self.db.execute(
                "INSERT OR REPLACE INTO progress (round_key, site_uid, status, updated_at) VALUES (?, ?, ?, ?)",
                [key, site_uid, status.value, now_iso()],
            )
            self._audit(
                "progress",
                "set",
                round_key=key,
                site_uid=site_uid,
                before={"status": before.value},
                after={"status": status.value},
            )

    def progress_of(self, key: str, site_uid: str) -> Progress:
        rows = self._rows(
            "SELECT status FROM progress WHERE round_key = ? AND site_uid = ?", [key, site_uid]
        )
        return Progress(rows[0]["status"]) if rows else Progress.NOT_STARTED

    # -- undo ------------------------------------------------------------------------------

    def undo_last(self, key: str) -> AuditEntry | None:
        """Revert this actor's most recent finding/override/progress change in a round.

        The revert is itself a change with its own audit row ("undo"), so history is kept.
        Returns the entry that was undone, or None when there is nothing to undo.
        """
        self._require_open(key)
        undone_ids = {
            int(e.after["undoes"])
            for e in self.audit(key)
            if e.action == "undo" and isinstance(e.after, dict) and "undoes" in e.after
        }
        candidates = [
            e
            for e in self.audit(key)
            if e.actor == self.actor
            and e.entity in ("finding", "override", "progress", "followup")
            and e.action != "undo"
            and e.id not in undone_ids
        ]
        if not candidates:
            return None
        entry = candidates[-1]
        with self._write_lock():
            self._revert(key, entry)
            self._audit(
                entry.entity,
                "undo",
                round_key=key,
                site_uid=entry.site_uid,
                before=entry.after,
                after={"undoes": entry.id, "state": entry.before},
            )
        return entry

    def _revert(self, key: str, entry: AuditEntry) -> None:
        uid = entry.site_uid
        if entry.entity == "finding":
            category = (entry.after or entry.before)["category"]
            self.db.execute(
                "DELETE FROM findings WHERE round_key = ? AND site_uid = ? AND category = ?",
                [key, uid, category],
            )
            if entry.before is not None:
                self._write_finding(key, entry.before)
        elif entry.entity == "override":
            self.db.execute(
                "DELETE FROM verdict_overrides WHERE round_key = ? AND site_uid = ?", [key, uid]
            )
            if entry.before is not None:
                self.db.execute(
                    "INSERT INTO verdict_overrides (round_key, site_uid, verdict, reason, updated_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [key, uid, entry.before["verdict"], entry.before["reason"], now_iso()],
                )
        elif entry.entity == "followup":
            self._restore_followup(key, uid, entry.before)
        elif entry.entity == "progress":
            self.db.execute(
                "INSERT OR REPLACE INTO progress (round_key, site_uid, status, updated_at) VALUES (?, ?, ?, ?)",
                [key, uid, entry.before["status"], now_iso()],
            )

    # -- follow-up of the previous round ---------------------------------------------------

    def previous_findings(self, key: str, site_uid: str | None = None) -> list[Finding]:
        """The findings of the round this one was created from (empty for a first round)."""
        prev = self.round(key).previous_key
        if not prev or not self.has_round(prev):
            return []
        return self.findings(prev, site_uid)

    def followups(self, key: str) -> dict[tuple[str, str], FollowUp]:
        return {
            (r["site_uid"], r["category"]): FollowUp(r["status"])
            for r in self._rows("SELECT * FROM followups WHERE round_key = ?", [key])
        }

    def _followup_state(self, key: str, uid: str, category: str) -> dict[str, Any]:
        rows = self._rows(
            "SELECT status FROM followups WHERE round_key = ? AND site_uid = ? AND category = ?",
            [key, uid, category],
        )
        current = self.finding(key, uid, category)
        return {
            "category": category,
            "status": rows[0]["status"] if rows else None,
            "finding": None if current is None else finding_to_dict(current),
        }

    def mark_followup(self, key: str, site_uid: str, category: str, status: FollowUp) -> None:
        """Record that a previous-round problem is still present (copied in) or fixed."""
        rnd = self._require_open(key)
        previous = {f.category: f for f in self.previous_findings(key, site_uid)}
        if category not in previous:
            raise StoreError("error.store.no_previous_finding", category=category)
        before = self._followup_state(key, site_uid, category)
        current = self.finding(key, site_uid, category)
        if status is FollowUp.PRESENT:
            base = current or previous[category]
            finding: Finding | None = base.with_changes(carried_from=rnd.previous_key)
        elif current is not None and current.carried_from:
            finding = None  # fixed: the carried copy goes; a new finding typed this round stays
        else:
            finding = current
        after = {
            "category": category,
            "status": status.value,
            "finding": None if finding is None else finding_to_dict(finding),
        }
        if after == before:
            return
        with self._write_lock():
            self._restore_followup(key, site_uid, after)
            self._audit(
                "followup",
                status.value,
                round_key=key,
                site_uid=site_uid,
                before=before,
                after=after,
            )

    def _restore_followup(self, key: str, uid: str, state: dict[str, Any]) -> None:
        category = state["category"]
        self.db.execute(
            "DELETE FROM followups WHERE round_key = ? AND site_uid = ? AND category = ?",
            [key, uid, category],
        )
        if state["status"] is not None:
            self.db.execute(
                "INSERT INTO followups (round_key, site_uid, category, status, updated_at) VALUES (?, ?, ?, ?, ?)",
                [key, uid, category, state["status"], now_iso()],
            )
        self.db.execute(
            "DELETE FROM findings WHERE round_key = ? AND site_uid = ? AND category = ?",
            [key, uid, category],
        )
        if state["finding"] is not None:
            self._write_finding(key, state["finding"])

    # -- whole-round writes (bundles) ------------------------------------------------------

    def write_round(
        self,
        rnd: Round,
        *,
        checklist_id: str,
        checklist_source: str,
        sites: Sequence[Site],
        findings: Sequence[Finding],
        overrides: Sequence[VerdictOverride],
        progress: dict[str, Progress],
        source: str,
        replace_contents: bool = False,
    ) -> None:
        """Create a round with all its contents, or replace an open round's contents.

        One transaction: on any error (a constraint, a full disk) nothing is written.
        """
        exists = self.has_round(rnd.key)
        if exists and not replace_contents:
            raise StoreError("error.store.round_exists_merge", key=rnd.key)
        if exists:
            self._require_open(rnd.key)
        with self._write_lock():
            if exists:
                for table in ("findings", "verdict_overrides", "progress"):
                    self.db.execute(f"DELETE FROM {table} WHERE round_key = ?", [rnd.key])
            else:
                self._insert_round(rnd, checklist_id, checklist_source, sites)
            for f in findings:
                self._write_finding(rnd.key, finding_to_dict(f))
            for o in overrides:
                self.db.execute(
                    "INSERT INTO verdict_overrides (round_key, site_uid, verdict, reason, updated_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [rnd.key, o.site_uid, o.verdict.value, o.reason, now_iso()],
                )
            for uid, status in progress.items():
                self.db.execute(
                    "INSERT INTO progress (round_key, site_uid, status, updated_at) VALUES (?, ?, ?, ?)",
                    [rnd.key, uid, status.value, now_iso()],
                )
            self._audit(
                "round",
                "merge" if exists else "import",
                round_key=rnd.key,
                after={
                    "source": source,
                    "findings": len(findings),
                    "overrides": len(overrides),
                    "sites": len(sites),
                },
            )

    # -- sealing ---------------------------------------------------------------------------

    def finalise(self, key: str) -> None:
        rnd = self.round(key)
        if rnd.is_final:
            raise StoreError("error.store.already_final", key=key)
        self.set_status(key, "final")
        backup.make_backup(self.db.conn, self.path, f"final-{_safe_name(key)}")

    def reopen(self, key: str, reason: str) -> None:
        if not reason.strip():
            raise StoreError("error.store.reopen_reason")
        if not self.round(key).is_final:
            raise StoreError("error.store.not_final", key=key)
        self.set_status(key, "open", reason.strip())

    # -- exports ---------------------------------------------------------------------------

    def record_export(self, key: str, path: Path, fmt: str, sha256: str) -> None:
        rnd = self.round(key)
        with self._write_lock():
            self.db.execute(
                "INSERT INTO exports (round_key, path, format, sha256, round_status, ts) VALUES (?, ?, ?, ?, ?, ?)",
                [key, str(path), fmt, sha256, rnd.status, now_iso()],
            )
            self._audit("export", fmt, round_key=key, after={"path": str(path), "sha256": sha256})

    def exports(self, sha256: str | None = None) -> list[dict[str, Any]]:
        if sha256 is None:
            return self._rows("SELECT * FROM exports ORDER BY id")
        return self._rows("SELECT * FROM exports WHERE sha256 = ? ORDER BY id", [sha256])


# Metadata that belongs to one circular only; the rest carries over to the next round.
_PER_CIRCULAR_FIELDS = ("doc_number", "period", "period_label", "deadline", "date", "note")


def carry_over(meta: RoundMeta) -> RoundMeta:
    fresh = RoundMeta()
    keep = {f: getattr(fresh, f) for f in _PER_CIRCULAR_FIELDS}
    return replace(meta, narratives=(), category_phrases=(), **keep)


def _safe_name(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)[:40]


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers, some Windows services)
        return "inspector"


__all__ = [
    "MIGRATION_NAMES",
    "AuditEntry",
    "RoundFinal",
    "RoundNotFound",
    "RoundSummary",
    "SchemaTooNew",
    "Store",
    "StoreError",
]
