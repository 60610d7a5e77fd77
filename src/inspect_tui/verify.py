"""`verify`: is this file an export of a round's records as they are now, with the log intact?

A file verifies only when all of these hold (issue 15 item 10):

1. its SHA-256 is in the export log (`exports`), and that row is in the audit log
   (`store.chain.verify_chain` finds no export row that was inserted by hand);
2. the hash chain over the audit log is unbroken, and no final round's records changed
   after it was finalised (`verify_chain`);
3. the round's records are the ones the export was made from (`Store.export_is_current`:
   a reopen → change → finalise makes older files stale);
4. rendering the round's current records again (same format and font profile) gives the
   same bytes: a forged log, even with a recomputed chain, cannot make another file verify.

Step 4 needs the renderer of that format: a PDF without LibreOffice is checked by 1–3 only,
and says so. Not pure (it renders), but no Textual: the command line calls it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from .errors import UserError
from .store import Problem, Store


@dataclass(frozen=True)
class Match:
    """One export log row with this file's hash, and what was found about it."""

    export: dict[str, Any]
    current: bool  # made from the round's records as they are now
    rendered: bool | None  # rendering again gave the same bytes (None: could not render)
    render_error: str = ""

    @property
    def ok(self) -> bool:
        return self.current and self.rendered is not False


@dataclass(frozen=True)
class Report:
    sha256: str
    matches: tuple[Match, ...]
    problems: tuple[Problem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems and any(m.ok for m in self.matches)


def verify_bytes(store: Store, data: bytes) -> Report:
    digest = hashlib.sha256(data).hexdigest()
    problems = tuple(store.verify_chain())
    matches = []
    for row in store.exports(digest):
        current = store.export_is_current(row)
        rendered: bool | None = None
        error = ""
        if current:  # stale exports are not rendered: their records are gone anyway
            rendered, error = _render_again(store, row, digest)
        matches.append(Match(row, current, rendered, error))
    return Report(digest, tuple(matches), problems)


def _render_again(store: Store, row: dict[str, Any], digest: str) -> tuple[bool | None, str]:
    from .export import export_bytes

    key, fmt = str(row["round_key"]), str(row["format"])
    try:
        payload = export_bytes(store, key, fmt, _profile(store, row))
    except UserError as exc:  # no LibreOffice for a PDF, a template gone: say so
        return None, str(exc)
    return hashlib.sha256(payload).hexdigest() == digest, ""


def _profile(store: Store, row: dict[str, Any]) -> str:
    """The font profile the export was made with (in its audit row; "" = the default)."""
    for entry in reversed(store.audit(str(row["round_key"]))):
        after = entry.after if isinstance(entry.after, dict) else {}
        if (
            entry.entity == "export"
            and after.get("sha256") == row["sha256"]
            and after.get("path") == row["path"]
        ):
            return str(after.get("profile", ""))
    return ""


__all__ = ["Match", "Report", "verify_bytes"]
