"""The records of a round: findings, verdict overrides, progress, follow-up marks.

Each change is one transaction with its audit row. The rule "the first record on a site marks
it in progress" lives here (`_visit`), inside the record's own transaction.
"""

from __future__ import annotations

from typing import Any

from ..model import (
    Finding,
    FollowUp,
    Progress,
    RoundData,
    Verdict,
    VerdictOverride,
    finding_from_dict,
    finding_to_dict,
)
from . import checks, clock
from .codecs import (
    FINDING_COLUMNS,
    FINDING_INSERT,
    finding_from_values,
    finding_values,
    override_from_row,
    override_to_dict,
    progress_of,
)
from .exceptions import StoreError
from .rounds import RoundsPart


class RecordsPart(RoundsPart):
    def round_data(self, key: str) -> RoundData:
        return RoundData(
            round=self.round(key),
            sites=tuple(self.round_sites(key)),
            findings=tuple(self.findings(key)),
            overrides=tuple(self.overrides(key)),
        )

    def _visit(self, key: str, site_uid: str) -> None:
        """A record on a site not started marks it in progress, in the record's transaction.

        Its own audit row comes first, so undo takes back the record, then the visit.
        """
        if self.progress_of(key, site_uid) is not Progress.NOT_STARTED:
            return
        self._write_progress(key, site_uid, Progress.IN_PROGRESS.value)
        self._audit(
            "progress",
            "set",
            round_key=key,
            site_uid=site_uid,
            before={"status": Progress.NOT_STARTED.value},
            after={"status": Progress.IN_PROGRESS.value},
        )

    # -- findings --------------------------------------------------------------------------

    def findings(self, key: str, site_uid: str | None = None) -> list[Finding]:
        columns = ", ".join(f"f.{c.strip()}" for c in FINDING_COLUMNS.split(","))
        sql = f"SELECT {columns} FROM findings f JOIN round_sites s ON s.round_key = f.round_key AND s.uid = f.site_uid WHERE f.round_key = ?"
        params: list[Any] = [key]
        if site_uid is not None:
            sql += " AND f.site_uid = ?"
            params.append(site_uid)
        sql += " ORDER BY s.seq, f.rowid"
        return [finding_from_values(*r) for r in self.db.execute(sql, params).fetchall()]

    def finding(self, key: str, site_uid: str, category: str) -> Finding | None:
        rows = self._rows(
            "SELECT * FROM findings WHERE round_key = ? AND site_uid = ? AND category = ?",
            [key, site_uid, category],
        )
        return finding_from_dict(rows[0]) if rows else None

    def set_finding(self, key: str, finding: Finding, *, visit: bool = True) -> None:
        """Insert or replace one finding (one transaction, one audit row, and the visit's).

        `visit=False` for seeded data (the sample), which is not an inspector's visit.
        """
        self._require_open(key)
        before = self.finding(key, finding.site_uid, finding.category)
        if before == finding:
            return
        data = finding_to_dict(finding)
        with self._write_lock():
            if visit:
                self._visit(key, finding.site_uid)
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
        # Every finding written (the app, a bundle, a merge, a follow-up) passes the one check.
        checks.finding(finding_from_dict(data))
        self.db.execute(FINDING_INSERT, finding_values(key, data, clock.now_iso()))

    def _delete_finding(self, key: str, site_uid: str, category: str) -> None:
        self.db.execute(
            "DELETE FROM findings WHERE round_key = ? AND site_uid = ? AND category = ?",
            [key, site_uid, category],
        )

    def remove_finding(self, key: str, site_uid: str, category: str) -> None:
        self._require_open(key)
        before = self.finding(key, site_uid, category)
        if before is None:
            return
        with self._write_lock():
            self._visit(key, site_uid)
            self._delete_finding(key, site_uid, category)
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
            override_from_row(r)
            for r in self._rows("SELECT * FROM verdict_overrides WHERE round_key = ?", [key])
        ]

    def override(self, key: str, site_uid: str) -> VerdictOverride | None:
        for o in self.overrides(key):
            if o.site_uid == site_uid:
                return o
        return None

    def set_override(
        self, key: str, site_uid: str, verdict: Verdict, reason: str, *, visit: bool = True
    ) -> None:
        reason = reason.strip()
        if not reason:
            raise StoreError("error.store.override_reason")
        self._require_open(key)
        before = self.override(key, site_uid)
        with self._write_lock():
            if visit:
                self._visit(key, site_uid)
            self._write_override(key, site_uid, verdict.value, reason)
            self._audit(
                "override",
                "set",
                round_key=key,
                site_uid=site_uid,
                before=None if before is None else override_to_dict(before),
                after={"verdict": verdict.value, "reason": reason},
            )

    def _write_override(self, key: str, site_uid: str, verdict: str, reason: str) -> None:
        checks.text(reason, "reason", "override reason")
        self.db.execute(
            "INSERT OR REPLACE INTO verdict_overrides (round_key, site_uid, verdict, reason, updated_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [key, site_uid, verdict, reason, clock.now_iso()],
        )

    def clear_override(self, key: str, site_uid: str) -> None:
        self._require_open(key)
        before = self.override(key, site_uid)
        if before is None:
            return
        with self._write_lock():
            self._visit(key, site_uid)
            self.db.execute(
                "DELETE FROM verdict_overrides WHERE round_key = ? AND site_uid = ?",
                [key, site_uid],
            )
            self._audit(
                "override",
                "clear",
                round_key=key,
                site_uid=site_uid,
                before=override_to_dict(before),
            )

    # -- progress --------------------------------------------------------------------------

    def progress(self, key: str) -> dict[str, Progress]:
        rows = self.db.execute(
            "SELECT site_uid, status FROM progress WHERE round_key = ?", [key]
        ).fetchall()
        return {uid: progress_of(s) for uid, s in rows}

    def set_progress(self, key: str, site_uid: str, status: Progress) -> None:
        self._require_open(key)
        before = self.progress_of(key, site_uid)
        if before is status:
            return
        with self._write_lock():
            self._write_progress(key, site_uid, status.value)
            self._audit(
                "progress",
                "set",
                round_key=key,
                site_uid=site_uid,
                before={"status": before.value},
                after={"status": status.value},
            )

    def _write_progress(self, key: str, site_uid: str, status: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO progress (round_key, site_uid, status, updated_at) VALUES (?, ?, ?, ?)",
            [key, site_uid, status, clock.now_iso()],
        )

    def progress_of(self, key: str, site_uid: str) -> Progress:
        rows = self._rows(
            "SELECT status FROM progress WHERE round_key = ? AND site_uid = ?", [key, site_uid]
        )
        return Progress(rows[0]["status"]) if rows else Progress.NOT_STARTED

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

    def mark_followup(
        self, key: str, site_uid: str, category: str, status: FollowUp, *, visit: bool = True
    ) -> None:
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
            if visit:
                self._visit(key, site_uid)
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
                [key, uid, category, state["status"], clock.now_iso()],
            )
        self._delete_finding(key, uid, category)
        if state["finding"] is not None:
            self._write_finding(key, state["finding"])
