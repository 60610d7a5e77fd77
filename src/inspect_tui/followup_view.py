"""The previous round as the walk shows it: last round's findings of every site and this
round's follow-up marks. Plain data (no store, no Textual), so the previous-findings widget
can take it without importing the walk model, which talks to the store."""

from __future__ import annotations

from dataclasses import dataclass, field

from .checklist import Checklist
from .model import Finding, FollowUp, Script


@dataclass
class PreviousRound:
    """Last round's findings of every site and this round's follow-up marks (read once)."""

    key: str  # "" for a first round
    script: Script
    checklist: Checklist  # the one the previous findings were worded with
    by_site: dict[str, list[Finding]] = field(default_factory=dict)
    followups: dict[tuple[str, str], FollowUp] = field(default_factory=dict)

    def findings(self, uid: str) -> list[Finding]:
        return self.by_site.get(uid, [])

    def status(self, uid: str, category: str) -> FollowUp | None:
        return self.followups.get((uid, category))

    def unreviewed(self, uid: str) -> list[Finding]:
        """The site's previous problems not yet marked still present or fixed."""
        return [f for f in self.findings(uid) if (uid, f.category) not in self.followups]
