"""The walk's records and the keys that change them: findings, counts, wordings, elements and
verdict overrides of the current site.

`WalkScreen` (walk.py) builds on this with the layout, navigation and the other screens; it
supplies `_changed`, which redraws after a stored change. Every change goes to the store at
once and then into the screen's in-memory copy of the round.
"""

from __future__ import annotations

from typing import Any

from ...checklist import Category, CategoryKind, Checklist
from ...circular.compose import derived_rectify
from ...i18n import t
from ...model import Finding, Progress, Round, Site, Verdict, VerdictOverride
from ...store import Store
from ..widgets.checklist_panel import ChecklistPanel, uses
from ..widgets.site_list import SiteList, SiteRows
from . import LocalizedScreen
from .dialogs import (
    ConfirmDialog,
    ElementsDialog,
    ElementsResult,
    FindingEditor,
    FindingFields,
    OverrideDialog,
    OverrideResult,
    guarded,
)


class WalkRecords(LocalizedScreen[None]):
    """The round in memory (set up by `WalkScreen.__init__`) and the editing actions."""

    store: Store
    round_key: str
    round: Round
    checklist: Checklist
    sites: list[Site]
    rows: SiteRows
    findings: dict[str, dict[str, Finding]]
    overrides: dict[str, VerdictOverride]

    def _changed(self, uid: str) -> None:
        """Redraw after a stored change to site `uid` (the walk's layout does it)."""
        raise NotImplementedError

    # -- the current site ------------------------------------------------------------------

    @property
    def site_list(self) -> SiteList:
        return self.query_one(SiteList)

    @property
    def panel(self) -> ChecklistPanel:
        return self.query_one(ChecklistPanel)

    @property
    def index(self) -> int:
        return self.site_list.cursor

    @property
    def site(self) -> Site:
        return self.sites[self.index]

    @property
    def site_findings(self) -> dict[str, Finding]:
        return self.findings.get(self.site.uid, {})

    @property
    def derived_findings(self) -> dict[str, Finding]:
        """What the circular adds to the current site's findings (整改不到位 when a problem
        of the previous round is still present), by category."""
        derived = derived_rectify(self.site_findings.values(), self.checklist)
        return {} if derived is None else {derived.category: derived}

    def _update_marks(self, i: int) -> None:
        uid = self.rows.uids[i]
        found = self.findings.get(uid)
        override = self.overrides.get(uid)
        self.rows.flagged[i] = bool(found)
        if not found and override is None:  # nothing recorded passes (most sites of a census)
            self.rows.failed[i] = False
            return
        verdict = self.checklist.verdict((found or {}).values(), override)
        self.rows.failed[i] = verdict is Verdict.FAIL

    # -- writing ---------------------------------------------------------------------------

    def _visit(self, uid: str) -> None:
        """Recording something on a site that was not started marks it in progress."""
        i = self.rows.index[uid]
        if self.rows.status[i] is Progress.NOT_STARTED:
            self.store.set_progress(self.round_key, uid, Progress.IN_PROGRESS)
            self.rows.set_status(i, Progress.IN_PROGRESS)

    def save_finding(self, finding: Finding) -> None:
        uid = finding.site_uid
        self._visit(uid)
        self.store.set_finding(self.round_key, finding)
        self.findings.setdefault(uid, {})[finding.category] = finding
        self._update_marks(self.rows.index[uid])
        self._changed(uid)

    def remove_finding(self, uid: str, category: str) -> None:
        self._visit(uid)
        self.store.remove_finding(self.round_key, uid, category)
        self.findings.get(uid, {}).pop(category, None)
        self._update_marks(self.rows.index[uid])
        self._changed(uid)

    # -- checklist actions -----------------------------------------------------------------

    @guarded
    def action_toggle_number(self, number: int) -> None:
        categories = self.panel.categories
        if not 1 <= number <= min(9, len(categories)):
            self.app.bell()
            return
        category = categories[number - 1]
        self.panel.highlight(category)
        self.toggle(category)

    @guarded
    def action_toggle_highlighted(self) -> None:
        category = self.panel.highlighted
        if category is not None:
            self.toggle(category)

    @guarded
    def toggle(self, category: Category) -> None:
        uid = self.site.uid
        finding = self.site_findings.get(category.id)
        if finding is not None:
            if finding.wording or finding.note or finding.detail:
                self._confirm_remove(uid, category)
            else:
                self.remove_finding(uid, category.id)
            return
        script = self.round.script
        if category.kind is CategoryKind.ELEMENTS:
            self._edit_elements(category)
        elif uses(category, "detail", script):
            self._edit_fields(category, focus="detail")
        elif category.kind is CategoryKind.COUNT:
            self.save_finding(Finding(uid, category.id, count=1))
        else:
            self.save_finding(Finding(uid, category.id))

    def _confirm_remove(self, uid: str, category: Category) -> None:
        label = category.label(self.round.script)

        @guarded
        def answer(screen: WalkRecords, yes: bool | None) -> None:
            if yes:
                screen.remove_finding(uid, category.id)

        self.app.push_screen(
            ConfirmDialog(t("walk_confirm_remove", label=label)), lambda yes: answer(self, yes)
        )

    @guarded
    def action_count(self, step: int) -> None:
        category = self.panel.highlighted
        if category is None or category.kind is not CategoryKind.COUNT:
            self.notify(t("walk_not_a_count"), severity="warning", timeout=3)
            return
        uid = self.site.uid
        finding = self.site_findings.get(category.id)
        if finding is None:
            if step > 0:
                self.save_finding(Finding(uid, category.id, count=1))
            return
        count = (finding.count or 1) + step
        if count >= 1:
            self.save_finding(finding.with_changes(count=count))
        elif finding.wording or finding.note:
            self._confirm_remove(uid, category)
        else:
            self.remove_finding(uid, category.id)

    @guarded
    def action_edit(self) -> None:
        category = self.panel.highlighted
        if category is None:
            return
        if category.kind is CategoryKind.ELEMENTS:
            self._edit_elements(category)
        else:
            self._edit_fields(category)

    @guarded
    def action_wording(self) -> None:
        category = self.panel.highlighted
        if category is not None:
            self._edit_fields(category, focus="wording")

    def _edit_fields(self, category: Category, focus: str = "") -> None:
        uid = self.site.uid
        script = self.round.script
        finding = self.site_findings.get(category.id)
        sample = finding or Finding(uid, category.id, count=1)
        editor = FindingEditor(
            category.label(script),
            finding,
            count=category.kind is CategoryKind.COUNT,
            age=uses(category, "age", script),
            detail=uses(category, "detail", script),
            default_age=category.age.get(str(script), ""),
            sentence=self.checklist.problem_sentence(sample.with_changes(wording=""), script),
            focus=focus,
        )

        @guarded
        def done(screen: WalkRecords, fields: FindingFields | None) -> None:
            if fields is None:
                return
            base = screen.findings.get(uid, {}).get(category.id) or Finding(uid, category.id)
            changes: dict[str, Any] = {
                "age": fields.age,
                "detail": fields.detail,
                "wording": fields.wording,
                "note": fields.note,
            }
            if category.kind is CategoryKind.COUNT:
                changes["count"] = fields.count
            screen.save_finding(base.with_changes(**changes))

        self.app.push_screen(editor, lambda fields: done(self, fields))

    def _edit_elements(self, category: Category) -> None:
        uid = self.site.uid
        script = self.round.script
        dialog = ElementsDialog(
            category.label(script),
            self.checklist.element_names(script),
            self.site_findings.get(category.id),
            lambda name: self.checklist.fold_element(name, script),
        )

        @guarded
        def done(screen: WalkRecords, result: ElementsResult | None) -> None:
            if result is None:
                return
            base = screen.findings.get(uid, {}).get(category.id) or Finding(uid, category.id)
            screen.save_finding(
                base.with_changes(
                    elements=result.elements, qualifier=result.qualifier, scope=result.scope
                )
            )

        self.app.push_screen(dialog, lambda result: done(self, result))

    @guarded
    def action_override(self) -> None:
        uid = self.site.uid
        computed = self.checklist.computed_verdict(self.site_findings.values())
        dialog = OverrideDialog(self.site.short_name, computed, self.overrides.get(uid))

        @guarded
        def done(screen: WalkRecords, result: OverrideResult | None) -> None:
            if result is None:
                return
            screen.set_override(uid, result.verdict, result.reason)

        self.app.push_screen(dialog, lambda result: done(self, result))

    def set_override(self, uid: str, verdict: Verdict | None, reason: str) -> None:
        """Set (or with None clear) the verdict override of site `uid`."""
        self._visit(uid)
        if verdict is None:
            self.store.clear_override(self.round_key, uid)
            self.overrides.pop(uid, None)
        else:
            self.store.set_override(self.round_key, uid, verdict, reason)
            self.overrides[uid] = VerdictOverride(uid, verdict, reason.strip())
        self._update_marks(self.rows.index[uid])
        self._changed(uid)
