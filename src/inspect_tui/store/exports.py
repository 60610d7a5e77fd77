"""The export log: which file (by SHA-256) was written from which round, in which status."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import chain, clock
from .rounds import RoundsPart


class ExportsPart(RoundsPart):
    def record_export(
        self, key: str, path: Path, fmt: str, sha256: str, *, profile: str = ""
    ) -> None:
        """Log a written file, with the content hash of the records it was made from, so a
        file verifies only while those records are unchanged (`chain`). The font profile goes
        into the audit row: `verify` renders the file again with it."""
        rnd = self.round(key)
        with self._write_lock():
            content = chain.round_content_hash(self.db.conn, key)
            self.db.execute(
                "INSERT INTO exports (round_key, path, format, sha256, round_status, ts,"
                " content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [key, str(path), fmt, sha256, rnd.status, clock.now_iso(), content],
            )
            self._audit(
                "export",
                fmt,
                round_key=key,
                after={
                    "path": str(path),
                    "sha256": sha256,
                    "content_hash": content,
                    **({"profile": profile} if profile else {}),
                },
            )

    def export_is_current(self, export: dict[str, Any]) -> bool:
        """Was this export (a row of `exports()`) made from the round's records as they are
        now? False once they changed (reopen, edit, finalise again) or were tampered with."""
        made_from = str(export.get("content_hash") or "")
        key = str(export["round_key"])
        return (
            bool(made_from)
            and self.has_round(key)
            and (chain.round_content_hash(self.db.conn, key) == made_from)
        )

    def exports(self, sha256: str | None = None) -> list[dict[str, Any]]:
        if sha256 is None:
            return self._rows("SELECT * FROM exports ORDER BY id")
        return self._rows("SELECT * FROM exports WHERE sha256 = ? ORDER BY id", [sha256])
