"""Whole-round writes: a round imported or merged from a bundle, all or nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..model import Finding, FollowUp, Progress, Round, Site, VerdictOverride, finding_to_dict
from . import checks, clock
from .exceptions import StoreError
from .records import RecordsPart


class ImportsPart(RecordsPart):
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
        followups: Mapping[tuple[str, str], FollowUp] | None = None,
    ) -> None:
        """Create a round with all its contents, or replace an open round's contents.

        `followups` ((site uid, category) -> mark): given, they are written too (replacing
        the round's own); None leaves the round's follow-up marks as they are.
        One transaction: on any error (a constraint, a full disk) nothing is written.
        """
        rnd = replace(rnd, key=checks.round_key(rnd.key))
        exists = self.has_round(rnd.key)
        if exists and not replace_contents:
            raise StoreError("error.store.round_exists_merge", key=rnd.key)
        if exists:
            self._require_open(rnd.key)
        with self._write_lock():
            if exists:
                tables = ["findings", "verdict_overrides", "progress"]
                if followups is not None:
                    tables.append("followups")
                for table in tables:
                    self.db.execute(f"DELETE FROM {table} WHERE round_key = ?", [rnd.key])
            else:
                self._insert_round(rnd, checklist_id, checklist_source, sites)
            for f in findings:
                self._write_finding(rnd.key, finding_to_dict(f))
            for o in overrides:
                checks.text(o.reason, "reason", "override reason")
                self.db.execute(
                    "INSERT INTO verdict_overrides (round_key, site_uid, verdict, reason, updated_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [rnd.key, o.site_uid, o.verdict.value, o.reason, clock.now_iso()],
                )
            for uid, status in progress.items():
                self.db.execute(
                    "INSERT INTO progress (round_key, site_uid, status, updated_at) VALUES (?, ?, ?, ?)",
                    [rnd.key, uid, status.value, clock.now_iso()],
                )
            for (uid, category), mark in (followups or {}).items():
                self.db.execute(
                    "INSERT INTO followups (round_key, site_uid, category, status, updated_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [rnd.key, uid, category, mark.value, clock.now_iso()],
                )
            summary: dict[str, object] = {
                "source": source,
                "findings": len(findings),
                "overrides": len(overrides),
                "sites": len(sites),
            }
            if followups is not None:
                summary["followups"] = len(followups)
            self._audit("round", "merge" if exists else "import", round_key=rnd.key, after=summary)
