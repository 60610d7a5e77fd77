"""Undo: revert this actor's latest record change, as a change of its own (history is kept)."""

from __future__ import annotations

from .codecs import AuditEntry
from .notes import NotesPart

# The audit entities undo can take back: the records of a round (and the private notes on
# it), not its metadata or status.
UNDOABLE = ("finding", "override", "progress", "followup", "note")


class UndoPart(NotesPart):
    def undo_last(self, key: str) -> AuditEntry | None:
        """Revert this actor's most recent finding/override/progress change in a round.

        The revert is itself a change with its own audit row ("undo"), so history is kept.
        Returns the entry that was undone, or None when there is nothing to undo.
        """
        self._require_open(key)
        history = self.audit(key)
        undone_ids = {
            int(e.after["undoes"])
            for e in history
            if e.action == "undo" and isinstance(e.after, dict) and "undoes" in e.after
        }
        candidates = [
            e
            for e in history
            if e.actor == self.actor
            and e.entity in UNDOABLE
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
            self._delete_finding(key, uid, category)
            if entry.before is not None:
                self._write_finding(key, entry.before)
        elif entry.entity == "override":
            self.db.execute(
                "DELETE FROM verdict_overrides WHERE round_key = ? AND site_uid = ?", [key, uid]
            )
            if entry.before is not None:
                self._write_override(key, uid, entry.before["verdict"], entry.before["reason"])
        elif entry.entity == "followup":
            self._restore_followup(key, uid, entry.before)
        elif entry.entity == "note":
            self._revert_note(key, uid, entry.before, entry.after)
        elif entry.entity == "progress":
            self._write_progress(key, uid, entry.before["status"])
