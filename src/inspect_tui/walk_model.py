"""The walk of one round as plain data: its sites, what is recorded on each, and the rules
for changing it. No Textual here: the walk screen owns one `WalkModel`, asks it to change
something, then redraws from it; the rules are tested without a terminal.

Every change goes to the store at once (one transaction and one audit row there) and then
into the model's in-memory copy of the round. A site's verdict and veto list are worked out
once per change (`state`), not once per redraw.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from .checklist import Category, CategoryKind, Checklist
from .circular.sentences import derived_rectify
from .followup_view import PreviousRound
from .model import (
    Finding,
    FollowUp,
    Narrative,
    Progress,
    Qualifier,
    Round,
    Scope,
    Script,
    Site,
    Verdict,
    VerdictOverride,
)
from .store import AuditEntry, Store
from .store.undo import UNDOABLE


def category_uses(category: Category, placeholder: str, script: Script | str) -> bool:
    """Whether the category's attachment-3 sentence has `{placeholder}` (age, detail)."""
    return "{" + placeholder + "}" in category.item[str(script)]


class Next(Enum):
    """What a key needs before anything is stored (the screen asks, then calls back)."""

    DONE = "done"  # stored (or nothing to do)
    CONFIRM_REMOVE = "confirm_remove"  # the finding carries typed text: ask before removing
    ELEMENTS = "elements"  # pick the wrong elements first
    DETAIL = "detail"  # the sentence needs a detail: type it first


@dataclass(frozen=True)
class SiteState:
    """What the walk shows about one site, worked out once per change."""

    findings: dict[str, Finding]
    derived: dict[str, Finding]  # 整改不到位 that follows from a carried-over problem
    notes: dict[str, str]  # private notes on categories with nothing recorded
    override: VerdictOverride | None
    computed: Verdict
    verdict: Verdict
    vetoes: list[Finding]

    @property
    def flagged(self) -> bool:
        return bool(self.findings)

    @property
    def failed(self) -> bool:
        return self.verdict is Verdict.FAIL


@dataclass(frozen=True)
class FindingFields:
    """What the finding editor gives back."""

    count: int | None
    age: str
    detail: str
    wording: str
    note: str


class WalkModel:
    """The round being walked, in memory, and the write rules of the walk.

    Recording is explicit: only a number, space, + or a filled-in picker or detail records a
    problem. A private note typed on a category with nothing recorded is kept apart from the
    findings (so the circular, the summary and the verdict never see it) and joins the
    finding if the problem is recorded later.
    """

    def __init__(self, store: Store, round_key: str) -> None:
        self.store = store
        self.round_key = round_key
        self.round: Round = store.round(round_key)
        self.checklist: Checklist = store.round_checklist(round_key)
        self.sites: list[Site] = store.round_sites(round_key)
        self.index = {s.uid: i for i, s in enumerate(self.sites)}
        self.findings: dict[str, dict[str, Finding]] = {}
        self.overrides: dict[str, VerdictOverride] = {}
        self.progress: dict[str, Progress] = {}
        self.notes: dict[str, dict[str, str]] = {}
        self._states: dict[str, SiteState] = {}
        # Narrative changes of this session, newest last: (audit id, narratives before).
        self._narrative_undo: list[tuple[int, tuple[Narrative, ...]]] = []
        self.previous = PreviousRound("", self.round.script, self.checklist)
        self.load()

    @property
    def script(self) -> Script:
        return self.round.script

    # -- reading ---------------------------------------------------------------------------

    def load(self) -> None:
        """Read the whole round again (at start, after a merge or another window's change)."""
        self.round = self.store.round(self.round_key)
        self.findings = {}
        for f in self.store.findings(self.round_key):
            self.findings.setdefault(f.site_uid, {})[f.category] = f
        self.overrides = {o.site_uid: o for o in self.store.overrides(self.round_key)}
        self.progress = self.store.progress(self.round_key)
        self.notes = self.store.notes(self.round_key)
        self._states = {}
        self._load_previous()

    def _load_previous(self) -> None:
        previous = self.round.previous_key
        key = previous if previous and self.store.has_round(previous) else ""
        checklist = self.store.round_checklist(key) if key else self.checklist
        self.previous = PreviousRound(key, self.round.script, checklist)
        for f in self.store.previous_findings(self.round_key):
            self.previous.by_site.setdefault(f.site_uid, []).append(f)
        self.previous.followups = self.store.followups(self.round_key)

    def reload_site(self, uid: str) -> None:
        """Read one site's records again (after a change the store made on its own)."""
        key = self.round_key
        self.findings[uid] = {f.category: f for f in self.store.findings(key, uid)}
        override = self.store.override(key, uid)
        if override is None:
            self.overrides.pop(uid, None)
        else:
            self.overrides[uid] = override
        self.progress[uid] = self.store.progress_of(key, uid)
        self._states.pop(uid, None)

    def status(self, uid: str) -> Progress:
        return self.progress.get(uid, Progress.NOT_STARTED)

    def site_findings(self, uid: str) -> dict[str, Finding]:
        return self.findings.get(uid, {})

    def state(self, uid: str) -> SiteState:
        """The site's findings, verdict and vetoes; computed once per change."""
        state = self._states.get(uid)
        if state is None:
            state = self._states[uid] = self._compute(uid)
        return state

    def _compute(self, uid: str) -> SiteState:
        found = self.findings.get(uid, {})
        override = self.overrides.get(uid)
        vetoes = self.checklist.vetoing(found.values()) if found else []
        computed = Verdict.FAIL if vetoes else Verdict.PASS
        derived = derived_rectify(found.values(), self.checklist) if found else None
        return SiteState(
            findings=found,
            notes={c: n for c, n in self.notes.get(uid, {}).items() if c not in found},
            derived={} if derived is None else {derived.category: derived},
            override=override,
            computed=computed,
            verdict=override.verdict if override is not None else computed,
            vetoes=vetoes,
        )

    def is_failed(self, uid: str) -> bool:
        """The site's verdict is 不合格 (cheap for a site with nothing recorded)."""
        override = self.overrides.get(uid)
        if override is not None:
            return override.verdict is Verdict.FAIL
        state = self._states.get(uid)
        if state is not None:
            return state.failed
        found = self.findings.get(uid)
        if not found:
            return False
        # only the verdict: the list and the start-up ask it of every site, and a full
        # SiteState each (kept in the cache) cost ~0.5 s and ~20 MB at census size
        return bool(self.checklist.vetoing(found.values()))

    # -- writing ---------------------------------------------------------------------------

    def _visit(self, uid: str) -> None:
        """Mirror the store's rule: the first record on a not-started site marks it in progress.

        The store applies the rule itself, in the record's own transaction; this only keeps the
        model's copy of the progress in step without reading it back. Like every change to the
        model's copy, it comes after the store's write returned: a write that failed (a lock
        another program holds) leaves the model as it was.
        """
        if self.status(uid) is Progress.NOT_STARTED:
            self.progress[uid] = Progress.IN_PROGRESS

    def note(self, uid: str, category: str) -> str:
        """The private note on a category with nothing recorded ("" if none)."""
        return self.notes.get(uid, {}).get(category, "")

    def set_note(self, uid: str, category: str, note: str) -> None:
        """Keep (or with "" drop) a note on a category; it records no problem."""
        note = note.strip()
        if note == self.note(uid, category):
            return
        self.store.set_note(self.round_key, uid, category, note)
        if note:
            self.notes.setdefault(uid, {})[category] = note
        else:
            self.notes.get(uid, {}).pop(category, None)
        self._states.pop(uid, None)

    def save_finding(self, finding: Finding) -> None:
        uid = finding.site_uid
        loose = self.note(uid, finding.category)
        if loose and not finding.note:  # the problem is recorded now: the note joins it
            finding = finding.with_changes(note=loose)
        self.store.set_finding(self.round_key, finding)
        self._visit(uid)
        self.findings.setdefault(uid, {})[finding.category] = finding
        if loose:
            self.set_note(uid, finding.category, "")
        self._states.pop(uid, None)

    def remove_finding(self, uid: str, category: str) -> None:
        self.store.remove_finding(self.round_key, uid, category)
        self._visit(uid)
        self.findings.get(uid, {}).pop(category, None)
        self._states.pop(uid, None)

    def toggle(self, uid: str, category: Category) -> Next:
        """Record the category's problem on the site, or take it back."""
        finding = self.site_findings(uid).get(category.id)
        if finding is not None:
            if finding.wording or finding.note or finding.detail:
                return Next.CONFIRM_REMOVE
            self.remove_finding(uid, category.id)
            return Next.DONE
        if category.kind is CategoryKind.ELEMENTS:
            return Next.ELEMENTS
        if category_uses(category, "detail", self.script):
            return Next.DETAIL
        count = 1 if category.kind is CategoryKind.COUNT else None
        self.save_finding(Finding(uid, category.id, count=count))
        return Next.DONE

    def count(self, uid: str, category: Category, step: int) -> Next:
        """One more (or one fewer) of a count category; below one the finding goes."""
        finding = self.site_findings(uid).get(category.id)
        if finding is None:
            if step > 0:
                self.save_finding(Finding(uid, category.id, count=1))
            return Next.DONE
        count = (finding.count or 1) + step
        if count >= 1:
            self.save_finding(finding.with_changes(count=count))
        elif finding.wording or finding.note:
            return Next.CONFIRM_REMOVE
        else:
            self.remove_finding(uid, category.id)
        return Next.DONE

    def has_fields(self, category: Category) -> bool:
        """Whether the category's problem has a value of its own to type (count, age, detail)."""
        return category.kind is CategoryKind.COUNT or any(
            category_uses(category, name, self.script) for name in ("age", "detail")
        )

    def save_fields(
        self, uid: str, category: Category, fields: FindingFields, *, record: bool = False
    ) -> None:
        """Store what the finding editor gave back. Unless the editor was opened to record
        the problem (`record`: its sentence needs a detail), a category with nothing
        recorded keeps only the note: a note or a reword records nothing."""
        if not record and category.id not in self.site_findings(uid):
            self.set_note(uid, category.id, fields.note)
            return
        base = self.site_findings(uid).get(category.id) or Finding(uid, category.id)
        changed = base.with_changes(
            age=fields.age, detail=fields.detail, wording=fields.wording, note=fields.note
        )
        if category.kind is CategoryKind.COUNT:
            changed = changed.with_changes(count=fields.count)
        self.save_finding(changed)

    def save_elements(
        self,
        uid: str,
        category: Category,
        elements: tuple[str, ...],
        qualifier: Qualifier,
        scope: Scope,
    ) -> Next:
        """Store what the element picker gave back. Nothing chosen records nothing (and
        takes back what was recorded, asking first if it carries typed text)."""
        current = self.site_findings(uid).get(category.id)
        if not elements:
            if current is None:
                return Next.DONE
            if current.wording or current.note or current.detail:
                return Next.CONFIRM_REMOVE
            self.remove_finding(uid, category.id)
            return Next.DONE
        base = current or Finding(uid, category.id)
        self.save_finding(base.with_changes(elements=elements, qualifier=qualifier, scope=scope))
        return Next.DONE

    def set_override(self, uid: str, verdict: Verdict | None, reason: str) -> None:
        """Set (or with None clear) the verdict override of site `uid`."""
        if verdict is None:
            self.store.clear_override(self.round_key, uid)
            self.overrides.pop(uid, None)
        else:
            self.store.set_override(self.round_key, uid, verdict, reason)
            self.overrides[uid] = VerdictOverride(uid, verdict, reason.strip())
        self._visit(uid)
        self._states.pop(uid, None)

    def mark_done(self, uid: str) -> bool:
        """Mark the site done; False if it already was."""
        if self.status(uid) is Progress.DONE:
            return False
        self.store.set_progress(self.round_key, uid, Progress.DONE)
        self.progress[uid] = Progress.DONE
        return True

    def mark_followup(self, uid: str, category: str, status: FollowUp) -> None:
        """A previous-round problem is still present (copied in as 整改不到位) or fixed."""
        self.store.mark_followup(self.round_key, uid, category, status)
        self._visit(uid)
        self.previous.followups[(uid, category)] = status
        self.reload_site(uid)  # the carried copy came or went

    # -- narrative findings (free paragraphs of section 二, kept in the round's metadata) --

    @property
    def narratives(self) -> tuple[Narrative, ...]:
        return self.round.meta.narratives

    def narratives_of(self, site: Site) -> list[str]:
        """The narrative paragraphs that name the site (by short or full name)."""
        names = [n for n in (site.short_name, site.name) if n]
        return [n.text for n in self.narratives if any(name in n.text for name in names)]

    def _set_narratives(self, narratives: tuple[Narrative, ...]) -> None:
        before = self.narratives
        if narratives == before:
            return
        self.store.update_round(
            self.round_key, meta=replace(self.round.meta, narratives=narratives)
        )
        self.round = self.store.round(self.round_key)
        entries = self.store.audit(self.round_key)
        self._narrative_undo.append((entries[-1].id if entries else 0, before))

    def add_narrative(self, text: str, category: str = "") -> None:
        text = text.strip()
        if text:
            self._set_narratives((*self.narratives, Narrative(text, category)))

    def edit_narrative(self, index: int, text: str) -> None:
        """Reword paragraph `index`; an empty text deletes it."""
        items = list(self.narratives)
        if not text.strip():
            del items[index]
        else:
            items[index] = replace(items[index], text=text.strip())
        self._set_narratives(tuple(items))

    def delete_narrative(self, index: int) -> None:
        items = list(self.narratives)
        del items[index]
        self._set_narratives(tuple(items))

    def move_narrative(self, index: int, step: int) -> int:
        """Move paragraph `index` up (-1) or down (+1); its new index."""
        items = list(self.narratives)
        to = index + step
        if not (0 <= index < len(items) and 0 <= to < len(items)):
            return index
        items[index], items[to] = items[to], items[index]
        self._set_narratives(tuple(items))
        return to

    def _latest_undoable_id(self) -> int:
        """The id of the change `Store.undo_last` would take back (0 if none)."""
        entries = self.store.audit(self.round_key)
        undone = {
            int(e.after["undoes"])
            for e in entries
            if e.action == "undo" and isinstance(e.after, dict) and "undoes" in e.after
        }
        return max(
            (
                e.id
                for e in entries
                if e.actor == self.store.actor
                and e.entity in UNDOABLE
                and e.action != "undo"
                and e.id not in undone
            ),
            default=0,
        )

    def _undo_narrative(self) -> AuditEntry | None:
        if not self._narrative_undo:
            return None
        audit_id, before = self._narrative_undo[-1]
        if audit_id < self._latest_undoable_id():
            return None  # a record was changed after it: that goes first
        self._narrative_undo.pop()
        after = self.narratives
        self.store.update_round(self.round_key, meta=replace(self.round.meta, narratives=before))
        self.round = self.store.round(self.round_key)
        return AuditEntry(
            audit_id,
            "",
            self.store.actor,
            self.round_key,
            "",
            "narrative",
            "undo",
            [n.text for n in after],
            [n.text for n in before],
        )

    def undo(self) -> AuditEntry | None:
        """Take back this inspector's last change in the round; what was undone, or None."""
        narrative = self._undo_narrative()
        if narrative is not None:
            return narrative
        entry = self.store.undo_last(self.round_key)
        if entry is None:
            return None
        if entry.entity == "followup":
            self.previous.followups = self.store.followups(self.round_key)
        if entry.site_uid in self.index:
            self.reload_site(entry.site_uid)
            notes = self.store.notes(self.round_key, entry.site_uid).get(entry.site_uid, {})
            self.notes[entry.site_uid] = notes
        return entry
