"""Rounds: their rows, roster snapshots, checklists, metadata and status (open / final)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace

from .. import checklist as checklist_mod
from ..checklist import Checklist
from ..model import Round, RoundMeta, Script, Site
from . import backup, chain, checks, clock
from .codecs import SITE_COLUMNS, RoundSummary, sites_from_tuples
from .exceptions import RoundFinal, RoundNotFound, StoreError
from .roster import RosterPart


class RoundsPart(RosterPart):
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
        if not key.strip():
            raise StoreError("error.store.round_key_missing")
        # One normal form (`２０１８Q1 ` is 2018Q1): never a second round beside an existing one.
        key = checks.round_key(key)
        if from_key:
            from_key = checks.round_key(from_key, where="previous round key")
        checks.text(title, "title", "round title")
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
        checks.text(rnd.title, "title", "round title")
        checks.meta(rnd.meta)
        checks.text(checklist_source.replace("\r\n", "\n"), "checklist", "round checklist")
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
                clock.now_iso(),
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
        sql = f"SELECT {SITE_COLUMNS} FROM round_sites WHERE round_key = ? ORDER BY seq"
        return sites_from_tuples(self.db.execute(sql, [key]).fetchall())

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
        checks.text(new_title, "title", "round title")
        checks.meta(new_meta)
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
        checks.text(reason, "reason", "reason")
        with self._write_lock():
            after: dict[str, str] = {"status": status, "reason": reason}
            # A final round's content is sealed by its hash, itself in the chained audit row.
            sealed = chain.round_content_hash(self.db.conn, key) if status == "final" else ""
            if sealed:
                after["content_hash"] = sealed
            self.db.execute(
                "UPDATE rounds SET status = ?, content_hash = ? WHERE key = ?",
                [status, sealed, key],
            )
            self._audit(
                "round_status",
                status,
                round_key=key,
                before={"status": rnd.status},
                after=after,
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


# Metadata that belongs to one circular only; the rest carries over to the next round.
_PER_CIRCULAR_FIELDS = ("doc_number", "period", "period_label", "deadline", "date", "note")


def carry_over(meta: RoundMeta) -> RoundMeta:
    fresh = RoundMeta()
    keep = {f: getattr(fresh, f) for f in _PER_CIRCULAR_FIELDS}
    return replace(meta, narratives=(), category_phrases=(), **keep)


def _safe_name(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)[:40]
