"""The export log: which file (by SHA-256) was written from which round, in which status."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import clock
from .rounds import RoundsPart


class ExportsPart(RoundsPart):
    def record_export(self, key: str, path: Path, fmt: str, sha256: str) -> None:
        rnd = self.round(key)
        with self._write_lock():
            self.db.execute(
                "INSERT INTO exports (round_key, path, format, sha256, round_status, ts) VALUES (?, ?, ?, ?, ?, ?)",
                [key, str(path), fmt, sha256, rnd.status, clock.now_iso()],
            )
            self._audit("export", fmt, round_key=key, after={"path": str(path), "sha256": sha256})

    def exports(self, sha256: str | None = None) -> list[dict[str, Any]]:
        if sha256 is None:
            return self._rows("SELECT * FROM exports ORDER BY id")
        return self._rows("SELECT * FROM exports WHERE sha256 = ? ORDER BY id", [sha256])
