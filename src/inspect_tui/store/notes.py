"""Private notes: an inspector's note on a category of a site with nothing recorded there.

A note is not a finding: the circular, the summary, the verdict and bundles never see it. It
is still a change to the round, so it is audited like a finding (entity "note", before and
after) and undo takes it back. Once the category's problem is recorded, the note joins the
finding (the walk moves it there) and leaves this table.
"""

from __future__ import annotations

from typing import Any

from . import clock
from .records import RecordsPart


class NotesPart(RecordsPart):
    def notes(self, key: str, site_uid: str | None = None) -> dict[str, dict[str, str]]:
        """site uid → category → note, for a round (or one site of it)."""
        sql = "SELECT site_uid, category, note FROM private_notes WHERE round_key = ?"
        params: list[Any] = [key]
        if site_uid is not None:
            sql += " AND site_uid = ?"
            params.append(site_uid)
        out: dict[str, dict[str, str]] = {}
        for uid, category, note in self.db.execute(sql + " ORDER BY rowid", params).fetchall():
            out.setdefault(str(uid), {})[str(category)] = str(note)
        return out

    def set_note(self, key: str, site_uid: str, category: str, note: str) -> None:
        """Keep `note` on the category (an empty note removes it); one audited change."""
        self._require_open(key)
        note = note.strip()
        current = self.notes(key, site_uid).get(site_uid, {}).get(category)
        if (current or "") == note:
            return
        with self._write_lock():
            self._write_note(key, site_uid, category, note)
            self._audit(
                "note",
                "set" if note else "delete",
                round_key=key,
                site_uid=site_uid,
                before=None if current is None else {"category": category, "note": current},
                after={"category": category, "note": note} if note else None,
            )

    def _write_note(self, key: str, site_uid: str, category: str, note: str) -> None:
        self.db.execute(
            "DELETE FROM private_notes WHERE round_key = ? AND site_uid = ? AND category = ?",
            [key, site_uid, category],
        )
        if note:
            self.db.execute(
                "INSERT INTO private_notes (round_key, site_uid, category, note, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [key, site_uid, category, note, clock.now_iso()],
            )

    def _revert_note(self, key: str, site_uid: str, entry_before: Any, entry_after: Any) -> None:
        """Undo of a note change: put back what was there before."""
        state = entry_before or entry_after
        category = str(state["category"])
        self._write_note(key, site_uid, category, str((entry_before or {}).get("note", "")))
