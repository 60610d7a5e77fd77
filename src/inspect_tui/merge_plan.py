"""A merge of bundles in the making: the parties, their conflicts and the choices made so far.

Pure (no Textual, no SQLite): the app's merge screen and `inspect-tui bundle merge` both build
one with `MergePlan.build` from bundles already read and validated (the local round first,
when there is one), record choices per conflict or per party, and call `merge()` for the
result to write. Each bundle is one party, named by `bundle.party_labels`: two bundles by one
inspector (two laptops with one login name) are two parties whose differences are conflicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import bundle as bundle_mod
from . import checklist as checklist_mod
from .bundle import Bundle, Conflict, MergeResult
from .checklist import Checklist, ChecklistError
from .model import Finding, VerdictOverride

VERDICT_ENTRY = "verdict"  # the entry of a conflict over the verdict override


@dataclass
class MergePlan:
    """The bundles to merge (the local round first, when there is one) and the choices made."""

    files: list[Path]
    bundles: list[Bundle]
    local: bool
    conflicts: tuple[Conflict, ...]
    merged_silently: int
    checklist: Checklist | None
    labels: list[str] = field(default_factory=list)
    choices: dict[tuple[str, str], str] = field(default_factory=dict)
    _findings: dict[str, dict[tuple[str, str], Finding]] = field(default_factory=dict, repr=False)
    _overrides: dict[str, dict[str, VerdictOverride]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, bundles: Sequence[Bundle], files: Sequence[Path], *, local: bool) -> MergePlan:
        """Find the conflicts (BundleError when the bundles cannot be merged at all)."""
        bundles = list(bundles)
        result = bundle_mod.merge(bundles)
        try:
            checklist: Checklist | None = checklist_mod.parse(
                bundles[0].checklist_source, bundles[0].source
            )
        except ChecklistError:
            checklist = None
        return cls(
            files=list(files),
            bundles=bundles,
            local=local,
            conflicts=result.conflicts,
            merged_silently=result.merged_silently,
            checklist=checklist,
            labels=bundle_mod.party_labels(bundles),
        )

    @property
    def key(self) -> str:
        return self.bundles[0].key

    @property
    def inspectors(self) -> list[str]:
        """The parties' names, one per bundle and all different (see `party_labels`)."""
        return list(self.labels)

    @property
    def unresolved(self) -> list[Conflict]:
        return [c for c in self.conflicts if (c.site_uid, c.entry) not in self.choices]

    def chosen(self, conflict: Conflict) -> str | None:
        return self.choices.get((conflict.site_uid, conflict.entry))

    def candidates(self, conflict: Conflict) -> list[str]:
        """The parties who checked the conflict's site, in bundle order."""
        return [name for name in self.labels if name in conflict.values]

    def choose(self, conflict: Conflict, party: str) -> bool:
        if party not in conflict.values:
            return False
        self.choices[(conflict.site_uid, conflict.entry)] = party
        return True

    def prefer(self, party: str) -> int:
        """`party` wins every conflict it takes part in; returns how many rows changed."""
        changed = 0
        for c in self.conflicts:
            if party in c.values and self.chosen(c) != party:
                self.choose(c, party)
                changed += 1
        return changed

    def merge(self, prefer: str | None = None) -> MergeResult:
        return bundle_mod.merge(self.bundles, prefer=prefer, choices=self.choices)

    # -- what each party recorded --------------------------------------------------------------

    def bundle_of(self, party: str) -> Bundle:
        return self.bundles[self.labels.index(party)]

    def finding(self, conflict: Conflict, party: str) -> Finding | None:
        if party not in self._findings:  # indexed once per party: rows are drawn often
            self._findings[party] = {
                (f.site_uid, f.category): f for f in self.bundle_of(party).findings
            }
        return self._findings[party].get((conflict.site_uid, conflict.entry))

    def override(self, conflict: Conflict, party: str) -> VerdictOverride | None:
        if party not in self._overrides:
            self._overrides[party] = {o.site_uid: o for o in self.bundle_of(party).overrides}
        return self._overrides[party].get(conflict.site_uid)


__all__ = ["VERDICT_ENTRY", "MergePlan"]
