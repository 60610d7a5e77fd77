"""The audit log: one row per change (who, when, what, before/after), read back as history."""

from __future__ import annotations

from typing import Any

from . import chain, clock
from .codecs import AuditEntry, from_json, to_json
from .connection import StoreBase


class AuditLog(StoreBase):
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
        """Append one row, chained to the one before; always inside the change's transaction
        (which holds the write lock, so no other row can come in between)."""
        fields = (
            clock.now_iso(),
            self.actor,
            round_key,
            site_uid,
            entity,
            action,
            to_json(before),
            to_json(after),
        )
        self.db.execute(
            "INSERT INTO audit (ts, actor, round_key, site_uid, entity, action, before, after,"
            " prev_hash, change_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [*fields, chain.last_hash(self.db.conn), chain.change_hash(*fields)],
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
                before=from_json(r["before"]),
                after=from_json(r["after"]),
            )
            for r in self._rows(sql, params)
        ]

    def verify_chain(self) -> list[chain.Problem]:
        """Signs of changes made around inspect-tui (see `chain`); empty when none."""
        return chain.verify_chain(self.db.conn)

    def round_content_hash(self, key: str) -> str:
        return chain.round_content_hash(self.db.conn, key)

    def content_mark(self) -> int:
        """The id of the latest change to the records, exports aside: every write is audited,
        so this moves exactly when something a screen shows may have changed. (An export
        recorded by another connection moves `data_version` but not this.)"""
        row = self.db.execute(
            "SELECT id FROM audit WHERE entity != 'export' ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return int(row[0]) if row else 0
