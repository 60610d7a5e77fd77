"""The walk: the site list on the left, the current site's card and checklist on the right.

Every key that changes something goes to the store at once (one transaction and one audit
row there), and the screen is updated from what was stored; nothing waits for a save step.
Browsing does not write: a site counts as visited (in progress) once something is recorded
on it, and is done when `d` says so.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, ProgressBar, Static

from ...checklist import Checklist
from ...i18n import t
from ...model import Finding, Progress, Round, Site, Verdict, VerdictOverride
from ...store import Store
from ..commands import SiteJumpProvider
from ..widgets.checklist_panel import ChecklistPanel
from ..widgets.previous_findings import PreviousFindings
from ..widgets.site_card import SiteCard
from ..widgets.site_list import SiteList, SiteRows
from .dialogs import (
    guarded,
)
from .walk_edit import WalkRecords

Clock = Callable[[], datetime]

# Screens built by other parts of the app, imported when first asked for.
EXTRA_SCREENS = {
    "summary": ("inspect_tui.tui.screens.summary", "SummaryScreen"),
    "meta": ("inspect_tui.tui.screens.round_meta", "RoundMetaScreen"),
    "export": ("inspect_tui.tui.screens.export", "ExportScreen"),
}


class WalkScreen(WalkRecords):
    """Walk the round's sites one by one and record what each one gets wrong."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_site", "key_next_site", tooltip="tip_next_site", id="walk.next-site"),
        Binding(
            "p",
            "previous_site",
            "key_previous_site",
            tooltip="tip_previous_site",
            id="walk.previous-site",
        ),
        Binding(
            "f",
            "next_unfinished",
            "key_next_unfinished",
            tooltip="tip_next_unfinished",
            id="walk.next-unfinished",
        ),
        Binding(
            "d", "done_and_next", "key_done_next", tooltip="tip_done_next", id="walk.done-next"
        ),
        Binding("u,ctrl+z", "undo", "key_undo", tooltip="tip_undo", id="walk.undo"),
        Binding("slash", "jump", "key_jump", tooltip="tip_jump", id="walk.jump"),
        Binding("s", "open('summary')", "key_summary", tooltip="tip_summary", id="walk.summary"),
        Binding("e", "open('export')", "key_export", tooltip="tip_export", id="walk.export"),
        Binding("m", "open('meta')", "key_meta", show=False, id="walk.meta"),
        Binding("h", "history", "key_history", show=False, id="walk.history"),
        Binding("b", "merge", "key_merge", show=False, id="walk.merge"),
        Binding("c", "focus_previous", "key_focus_previous", show=False, id="walk.focus-previous"),
        *[
            Binding(
                str(n),
                f"toggle_number({n})",
                "key_toggle_number",
                show=False,
                id=f"walk.toggle-{n}",
            )
            for n in range(1, 10)
        ],
        Binding("space", "toggle_highlighted", "key_toggle", show=False, id="walk.toggle"),
        Binding("enter", "edit", "key_edit", show=False, id="walk.edit"),
        Binding("plus,equals_sign", "count(1)", "key_count_up", show=False, id="walk.count-up"),
        Binding("minus", "count(-1)", "key_count_down", show=False, id="walk.count-down"),
        Binding("w", "wording", "key_wording", show=False, id="walk.wording"),
        Binding("v", "override", "key_override", show=False, id="walk.override"),
        Binding("g", "national", "key_national", show=False, id="walk.national"),
        Binding("left", "focus_sites", "key_focus_sites", show=False, id="walk.focus-sites"),
        Binding(
            "right", "focus_checklist", "key_focus_checklist", show=False, id="walk.focus-checklist"
        ),
    ]

    def __init__(
        self,
        store: Store,
        round_key: str,
        *,
        clock: Clock = datetime.now,
        start_uid: str | None = None,
        show_national: bool = False,
    ) -> None:
        super().__init__()
        self.store = store
        self.round_key = round_key
        self.clock = clock
        self.show_national = show_national
        self.saved_at: datetime | None = None
        self.round: Round = store.round(round_key)
        self.checklist: Checklist = store.round_checklist(round_key)
        self.sites: list[Site] = store.round_sites(round_key)
        self.rows = SiteRows(self.sites)
        self.findings: dict[str, dict[str, Finding]] = {}
        self.overrides: dict[str, VerdictOverride] = {}
        self._load_records()
        start = self.rows.index.get(start_uid or "", -1)
        if start < 0:
            start = self.rows.next_unfinished(len(self.rows) - 1) or 0
        self._start = start

    # -- loading ---------------------------------------------------------------------------

    def _load_records(self) -> None:
        self.findings = {}
        for f in self.store.findings(self.round_key):
            self.findings.setdefault(f.site_uid, {})[f.category] = f
        self.overrides = {o.site_uid: o for o in self.store.overrides(self.round_key)}
        progress = self.store.progress(self.round_key)
        for i, uid in enumerate(self.rows.uids):
            self.rows.set_status(i, progress.get(uid, Progress.NOT_STARTED))
            self._update_marks(i)

    def _reload_site(self, uid: str) -> None:
        key = self.round_key
        self.findings[uid] = {f.category: f for f in self.store.findings(key, uid)}
        override = self.store.override(key, uid)
        if override is None:
            self.overrides.pop(uid, None)
        else:
            self.overrides[uid] = override
        i = self.rows.index[uid]
        self.rows.set_status(i, self.store.progress_of(key, uid))
        self._update_marks(i)

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="walk-top"):
            yield Static(Text(self._title_text()), id="walk-title")
            yield Static(
                Text(self._saved_text()),
                id="walk-saved",
                classes="-idle" if self.saved_at is None else "",
            )
        with Horizontal(id="walk-body"):
            with Vertical(id="walk-left"):
                yield Static(id="walk-progress-label")
                yield ProgressBar(
                    total=max(len(self.rows), 1),
                    show_eta=False,
                    show_percentage=True,
                    id="walk-progress",
                )
                yield SiteList(self.rows, self._start, id="sites")
            with Vertical(id="walk-right"):
                yield SiteCard(id="card")
                yield PreviousFindings(self.store, self.round_key, id="previous")
                yield ChecklistPanel(
                    self.checklist,
                    self.round.script,
                    show_national=self.show_national,
                    id="checklist",
                )
                yield Static(id="walk-sentence")
                yield Static(id="walk-verdict")
        yield Footer(compact=True, show_command_palette=False)

    # How often to look for changes another window made to the same file.
    EXTERNAL_CHECK_SECONDS: ClassVar[float] = 2.0

    def on_mount(self) -> None:
        self._data_version = self.store.data_version()
        self._content_mark = self.store.content_mark()
        self.set_interval(self.EXTERNAL_CHECK_SECONDS, self.check_external_changes)
        previous = self.query_one(PreviousFindings)
        previous.display = previous.has_previous_round  # a first round has nothing to follow up
        self.query_one(ChecklistPanel).focus()
        self._show_site()
        self._show_progress()
        _settle_heap()

    def _title_text(self) -> str:
        text = f"{self.round.key} · {self.round.title or t('walk_untitled')}"
        if self.round.is_final:
            text += " · " + t("walk_round_final")
        return text

    def _saved_text(self) -> str:
        if self.saved_at is None:
            return t("walk_autosave")
        return t("walk_saved_at", time=self.saved_at.strftime("%H:%M:%S"))

    # -- the current site ------------------------------------------------------------------

    def go_to(self, index: int) -> None:
        """Make site `index` (roster position) the current one."""
        self.site_list.cursor = index

    def go_to_uid(self, uid: str) -> None:
        if uid in self.rows.index:
            self.go_to(self.rows.index[uid])

    @on(SiteList.Highlighted)
    def _site_changed(self) -> None:
        self._show_site()

    @on(SiteList.Chosen)
    def _site_chosen(self) -> None:
        self.panel.focus()

    @on(ChecklistPanel.Highlighted)
    def _category_changed(self) -> None:
        self._show_sentence()

    def _show_site(self) -> None:
        if not self.sites:
            return
        self.query_one(SiteCard).show(self.site)
        self.query_one(PreviousFindings).set_site(self.site.uid)
        self.panel.set_findings(self.site_findings, self.derived_findings)
        self._show_sentence()
        self._show_verdict()

    def _show_sentence(self) -> None:
        category = self.panel.highlighted
        widget = self.query_one("#walk-sentence", Static)
        if category is None or not self.sites:
            widget.update(Text())
            return
        finding = self.site_findings.get(category.id)
        script = self.round.script
        derived = self.derived_findings.get(category.id) if finding is None else None
        if derived is not None:
            sentence = self.checklist.problem_sentence(derived, script)
            round_key = derived.carried_from
            widget.update(Text(t("walk_sentence_derived", sentence=sentence, round=round_key)))
            return
        if finding is None:
            widget.update(Text(t("walk_sentence_none", label=category.label(script)), style="dim"))
            return
        text = t("walk_sentence", sentence=self.checklist.problem_sentence(finding, script))
        if finding.note.strip():
            text += "\n" + t("walk_note", note=finding.note.strip())
        widget.update(Text(text))

    def _show_verdict(self) -> None:
        uid = self.site.uid
        found = self.site_findings.values()
        override = self.overrides.get(uid)
        verdict = self.checklist.verdict(found, override)
        label = t(f"verdict_{verdict.value}")
        widget = self.query_one("#walk-verdict", Static)
        widget.set_class(verdict is Verdict.FAIL, "-fail")
        if override is not None:
            text = t("walk_verdict_override", verdict=label, reason=override.reason)
        else:
            vetoes = self.checklist.vetoing(found)
            if vetoes:
                names = "、".join(
                    self.checklist.category(f.category).label(self.round.script) for f in vetoes
                )
                text = t("walk_verdict_veto", verdict=label, items=names)
            else:
                text = t("walk_verdict", verdict=label)
        widget.update(Text(text + "  ").append(t("walk_override_hint", hotkey="v"), style="dim"))

    def _show_progress(self) -> None:
        rows = self.rows
        self.query_one("#walk-progress-label", Static).update(
            Text(
                t(
                    "walk_progress",
                    done=rows.done,
                    total=len(rows),
                    flagged=rows.flagged_count,
                    failed=rows.failed_count,
                )
            )
        )
        self.query_one(ProgressBar).update(progress=rows.done)

    def _changed(self, uid: str) -> None:
        """Redraw after a stored change to site `uid`."""
        if self.store.data_version() == self._data_version:
            # No other window wrote since we last looked: the latest change is our own and
            # already shown, so coming back from another screen need not re-read the round.
            self._content_mark = self.store.content_mark()
        self.saved_at = self.clock()
        saved = self.query_one("#walk-saved", Static)
        saved.update(Text(self._saved_text()))
        saved.remove_class("-idle")
        i = self.rows.index[uid]
        self.site_list.refresh_row(i)
        if i == self.index:
            self._show_site()
        self._show_progress()

    # -- navigation actions ----------------------------------------------------------------

    def action_next_site(self) -> None:
        self.go_to(self.index + 1)

    def action_previous_site(self) -> None:
        self.go_to(self.index - 1)

    def action_next_unfinished(self) -> None:
        nxt = self.rows.next_unfinished(self.index)
        if nxt is None:
            self.notify(t("walk_all_done"))
        else:
            self.go_to(nxt)

    @guarded
    def action_done_and_next(self) -> None:
        uid = self.site.uid
        i = self.index
        if self.rows.status[i] is not Progress.DONE:
            self.store.set_progress(self.round_key, uid, Progress.DONE)
            self.rows.set_status(i, Progress.DONE)
            self._changed(uid)
        nxt = self.rows.next_unfinished(i)
        if nxt is None:
            self.notify(t("walk_all_done"))
        else:
            self.go_to(nxt)

    def action_jump(self) -> None:
        self.app.push_screen(
            CommandPalette(providers=[SiteJumpProvider], placeholder=t("walk_jump_placeholder"))
        )

    def action_focus_sites(self) -> None:
        self.site_list.focus()

    def action_focus_checklist(self) -> None:
        self.panel.focus()

    def action_national(self) -> None:
        self.show_national = not self.show_national
        self.panel.set_national(self.show_national)

    @guarded
    def action_undo(self) -> None:
        entry = self.store.undo_last(self.round_key)
        if entry is None:
            self.notify(t("walk_nothing_to_undo"))
            return
        uid = entry.site_uid
        self.query_one(PreviousFindings).reload()
        if uid in self.rows.index:
            self._reload_site(uid)
            self.go_to_uid(uid)
            self._changed(uid)
            name = self.rows.names[self.rows.index[uid]]
        else:
            name = uid
        self.notify(t(f"walk_undone_{entry.entity}", site=name), timeout=3)

    # -- other screens ---------------------------------------------------------------------

    def action_open(self, name: str) -> None:
        module_name, class_name = EXTRA_SCREENS[name]
        try:
            screen_class = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError):
            self.notify(t("walk_not_available"), severity="warning", timeout=4)
            return
        self.app.push_screen(screen_class(self.store, self.round_key), self._returned)

    @guarded
    def _returned(self, result: object = None) -> None:
        """Back from another screen, which may have changed the round (and may name a site
        to go to)."""
        self._refresh()
        if isinstance(result, str):
            self.go_to_uid(result)  # the list's Highlighted message shows the site

    def _refresh(self) -> bool:
        """Re-read the round's records if the store's content mark moved (a census-sized
        round takes a second to re-read: not after only looking at a summary); True if so."""
        self.round = self.store.round(self.round_key)
        self.query_one("#walk-title", Static).update(Text(self._title_text()))
        mark = self.store.content_mark()
        if mark == self._content_mark:
            return False
        self._content_mark = mark
        self._load_records()
        self.query_one(PreviousFindings).reload()
        self.site_list.refresh()
        self._show_site()
        self._show_progress()
        _settle_heap()
        return True

    # -- follow-up of the previous round ----------------------------------------------------

    @on(PreviousFindings.Changed)
    def _followup_marked(self, event: PreviousFindings.Changed) -> None:
        # The carried finding came or went, and the site may have become "in progress".
        self._reload_site(event.site_uid)
        self._changed(event.site_uid)

    def action_focus_previous(self) -> None:
        previous = self.query_one(PreviousFindings)
        if previous.findings:
            previous.option_list.focus()
        else:
            self.notify(t("walk_no_previous"), timeout=3)

    def action_history(self) -> None:
        from .history import HistoryScreen

        uid = self.site.uid if self.sites else None
        self.app.push_screen(HistoryScreen(self.store, self.round_key, uid))

    def action_merge(self) -> None:
        from .merge import MergeScreen

        self.app.push_screen(MergeScreen(self.store, []), self._returned)

    def check_external_changes(self) -> bool:
        """Re-read the round when another window saved to the same file; True if it did.

        SQLite's data_version moves only for commits made by other connections, so this is a
        cheap query every few seconds. Re-reading a census-sized round takes half a second, so
        it is done only when the records changed, not when an export was merely recorded (as
        the export screen's own worker does, on its own connection).
        """
        version = self.store.data_version()
        if version == self._data_version:
            return False
        self._data_version = version
        return self._refresh()


def _settle_heap() -> None:
    """Exempt what is loaded now from Python's cyclic garbage collector. A census-sized round
    is a few hundred thousand long-lived objects; every full collection walks all of them and
    stalls a key press for 100–200 ms. They are freed as usual (by reference counting) when
    dropped; only cyclic garbage among them would wait for the process to end."""
    gc.freeze()
