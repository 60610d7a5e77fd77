"""The hash chain over the audit log, and the content hash of a round.

Each audit row carries `prev_hash` (the hash of the row before it) and `change_hash` (of its
own change); a row's hash is sha256(prev_hash + change_hash). Finalising a round stores the
hash of its content in `rounds.content_hash` and in the audited status change, so the chain
covers it; each export row records the content hash it was made from, and its audit row too.

What this detects: an SQL UPDATE/DELETE/INSERT on records of a final round, on the audit
log (except deleting its newest rows), on `rounds.content_hash`, or an `exports` row with no
audited export (path, hash and the content hash it was made from must all match). What it does not: someone who rewrites the records AND recomputes the whole
chain (there is no secret key), or who deletes the newest audit rows together with the
changes they describe. Pure functions over a connection; no Textual, no renderers.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

GENESIS = ""


def change_hash(
    ts: str,
    actor: str,
    round_key: str,
    site_uid: str,
    entity: str,
    action: str,
    before: str | None,
    after: str | None,
) -> str:
    """The hash of one audit row's change (its columns as stored, JSON text included)."""
    text = json.dumps(
        [ts, actor, round_key, site_uid, entity, action, before, after],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def row_hash(prev_hash: str, change: str) -> str:
    return hashlib.sha256(f"{prev_hash}:{change}".encode("ascii")).hexdigest()


def last_hash(conn: sqlite3.Connection) -> str:
    """The hash of the newest audit row (GENESIS for an empty log)."""
    row = conn.execute(
        "SELECT prev_hash, change_hash FROM audit ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return GENESIS if row is None else row_hash(str(row[0]), str(row[1]))


_CHANGE_COLUMNS = "ts, actor, round_key, site_uid, entity, action, before, after"


def backfill(conn: sqlite3.Connection) -> None:
    """Chain the rows an older inspect-tui wrote (the migration that adds the columns)."""
    prev = GENESIS
    rows = conn.execute(f"SELECT id, {_CHANGE_COLUMNS} FROM audit ORDER BY id").fetchall()
    for row_id, *fields in rows:
        change = change_hash(*fields)
        conn.execute(
            "UPDATE audit SET prev_hash = ?, change_hash = ? WHERE id = ?", [prev, change, row_id]
        )
        prev = row_hash(prev, change)


def round_content_hash(conn: sqlite3.Connection, key: str) -> str:
    """The hash of everything a round holds: its row (status aside), roster snapshot,
    checklist, findings, overrides, progress and follow-up marks. Timestamps aside, so the
    same records give the same hash wherever they were typed."""

    def rows(sql: str) -> list[list[Any]]:
        return [list(r) for r in conn.execute(sql, [key]).fetchall()]

    content = {
        "round": rows(
            "SELECT key, title, script, previous_key, meta, checklist_id, checklist_source"
            " FROM rounds WHERE key = ?"
        ),
        "sites": rows(
            "SELECT uid, seq, kind, name, short_name, supervisor, owner, code, url, parent"
            " FROM round_sites WHERE round_key = ? ORDER BY uid"
        ),
        "findings": rows(
            "SELECT site_uid, category, count, age, elements, qualifier, scope, detail, wording,"
            " note, carried_from FROM findings WHERE round_key = ? ORDER BY site_uid, category"
        ),
        "overrides": rows(
            "SELECT site_uid, verdict, reason FROM verdict_overrides WHERE round_key = ?"
            " ORDER BY site_uid"
        ),
        "progress": rows(
            "SELECT site_uid, status FROM progress WHERE round_key = ? ORDER BY site_uid"
        ),
        "followups": rows(
            "SELECT site_uid, category, status FROM followups WHERE round_key = ?"
            " ORDER BY site_uid, category"
        ),
    }
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Problem:
    """One thing the chain says was changed outside inspect-tui."""

    kind: str  # "audit", "round", "export"
    where: str  # an audit row id, a round key, an export id
    detail: str  # English, for the command line and the log

    def __str__(self) -> str:
        return f"{self.kind} {self.where}: {self.detail}"


def verify_chain(conn: sqlite3.Connection) -> list[Problem]:
    """Every sign of a change made around inspect-tui (an empty list: none found)."""
    problems: list[Problem] = []
    prev = GENESIS
    sealed: dict[str, str] = {}  # round key -> the content hash its last finalise audited
    audited_exports: list[tuple[str, str, str, str, str]] = []
    rows = conn.execute(
        f"SELECT id, prev_hash, change_hash, {_CHANGE_COLUMNS} FROM audit ORDER BY id"
    ).fetchall()
    for row_id, prev_hash, stored_change, *fields in rows:
        change = change_hash(*fields)
        if prev_hash != prev:
            problems.append(
                Problem("audit", str(row_id), "a row before it was removed, added or changed")
            )
        if stored_change != change:
            problems.append(Problem("audit", str(row_id), "its change was edited"))
        prev = row_hash(str(prev_hash), str(stored_change))
        _, _, round_key, _, entity, action, _, after_text = fields
        after = _json(after_text)
        if entity == "round_status" and action == "final":
            sealed[round_key] = str(after.get("content_hash", "")) if after else ""
        elif entity == "round_status" or (entity == "round" and action == "delete"):
            sealed.pop(round_key, None)
        elif entity == "export" and after:
            audited_exports.append(
                (
                    round_key,
                    action,
                    str(after.get("path", "")),
                    str(after.get("sha256", "")),
                    str(after.get("content_hash", "")),  # what it was made from, too
                )
            )
    for key, status, stored in conn.execute(
        "SELECT key, status, content_hash FROM rounds ORDER BY key"
    ).fetchall():
        if status != "final":
            continue
        audited = sealed.get(key)
        if audited is None:
            problems.append(Problem("round", key, "final, but its finalising is not in the log"))
            continue
        if not audited:
            continue  # finalised before the chain existed: nothing to compare with
        if stored != audited:
            problems.append(Problem("round", key, "its sealed content hash was edited"))
        if round_content_hash(conn, key) != audited:
            problems.append(Problem("round", key, "its records changed after it was finalised"))
    unmatched = list(audited_exports)
    for export_id, round_key, fmt, path, sha, made_from in conn.execute(
        "SELECT id, round_key, format, path, sha256, content_hash FROM exports ORDER BY id"
    ).fetchall():
        entry = (round_key, fmt, path, sha, made_from or "")
        if entry in unmatched:
            unmatched.remove(entry)
        else:
            problems.append(Problem("export", str(export_id), "not in the audit log"))
    return problems


def _json(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
