"""The walk: the site list on the left, the current site's card and checklist on the right.

Every key that changes something goes to the store at once (one transaction and one audit
row there), and the screen is updated from what was stored; nothing waits for a save step.
Browsing does not write: a site counts as visited (in progress) once something is recorded
on it, and is done when `d` says so.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, ProgressBar, Static

from ...checklist import Category, CategoryKind, Checklist
from ...i18n import t
from ...model import Finding, FollowUp, Progress, Round, Site
from ...site_search import SiteIndex
from ...store import Store
from ...walk_model import FindingFields, Next, WalkModel
from ..base import LocalizedScreen
from ..errors import guarded
from ..navigation import (
    OpenExport,
    OpenHistory,
    OpenMerge,
    OpenOffice,
    OpenRoundMeta,
    OpenSummary,
    Request,
    open_screen,
)
from ..widgets.checklist_panel import ChecklistPanel
from ..widgets.previous_findings import PreviousFindings
from ..widgets.site_card import SiteCard
from ..widgets.site_list import SiteList, SiteRows
from .confirm import ConfirmDialog
from .elements import ElementsResult
from .jump import SiteJumpDialog
from .narratives import NarrativesDialog
from .override import OverrideResult
from .walk_edit import elements_dialog, finding_editor, override_dialog
from .walk_text import progress_text, sentence_text, title_text, verdict_text

Clock = Callable[[], datetime]

# Screens the walk opens on the round (`action_open`), by the app: the walk imports none of
# them (`tui.navigation`).
EXTRA_SCREENS: dict[str, Callable[[Store, str], Request]] = {
    "summary": OpenSummary,
    "meta": OpenRoundMeta,
    "export": OpenExport,
    "office": lambda store, _key: OpenOffice(store),
}


class WalkScreen(LocalizedScreen[None]):
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
        Binding("o", "open('office')", "key_office", show=False, id="walk.office"),
        Binding("h", "history", "key_history", show=False, id="walk.history"),
        Binding("b", "merge", "key_merge", show=False, id="walk.merge"),
        Binding(
            "c",
            "mark_previous('present')",
            "key_previous_present",
            show=False,
            id="walk.previous-present",
        ),
        Binding(
            "x",
            "mark_previous('fixed')",
            "key_previous_fixed",
            show=False,
            id="walk.previous-fixed",
        ),
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
        Binding("t", "narratives", "key_narratives", show=False, id="walk.narratives"),
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
        self.model = WalkModel(store, round_key)
        self.rows = SiteRows(self.model.sites)
        self._load_records()
        start = self.rows.index.get(start_uid or "", -1)
        if start < 0:
            start = self.rows.next_unfinished(len(self.rows) - 1) or 0
        self._start = start
        self._site_index: SiteIndex[Site] | None = None
        self._index_lock = threading.Lock()

    # -- the model, as the screen shows it -------------------------------------------------

    @property
    def round(self) -> Round:
        return self.model.round

    @property
    def checklist(self) -> Checklist:
        return self.model.checklist

    @property
    def sites(self) -> list[Site]:
        return self.model.sites

    @property
    def findings(self) -> dict[str, dict[str, Finding]]:
        return self.model.findings

    @property
    def site_list(self) -> SiteList:
        return self.query_one(SiteList)

    @property
    def panel(self) -> ChecklistPanel:
        return self.query_one(ChecklistPanel)

    @property
    def previous(self) -> PreviousFindings:
        return self.query_one(PreviousFindings)

    @property
    def index(self) -> int:
        return self.site_list.cursor

    @property
    def site(self) -> Site:
        return self.sites[self.index]

    @property
    def site_findings(self) -> dict[str, Finding]:
        return self.model.site_findings(self.site.uid)

    # -- loading ---------------------------------------------------------------------------

    def _load_records(self) -> None:
        """Copy the model's per-site marks into the site list's rows (after a full read)."""
        for i, uid in enumerate(self.rows.uids):
            self.rows.set_status(i, self.model.status(uid))
            self._update_marks(i)

    def _update_marks(self, i: int) -> None:
        uid = self.rows.uids[i]
        self.rows.flagged[i] = bool(self.model.findings.get(uid))
        self.rows.failed[i] = self.model.is_failed(uid)

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="walk-top"):
            yield Static(Text(title_text(self.round)), id="walk-title")
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
                yield PreviousFindings(self.model.previous, id="previous")
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
        self.query_one(SiteCard).show(self.site, self.model.narratives_of(self.site))
        previous = self.previous
        previous.set_site(self.site.uid)
        if previous.option_list.has_focus and not previous.findings:
            self.panel.focus()  # nothing to mark here: the panel does not keep the focus
        state = self.model.state(self.site.uid)
        self.panel.notes = state.notes
        self.panel.set_findings(state.findings, state.derived)
        self._show_sentence()
        self._show_verdict()

    def _show_sentence(self) -> None:
        category = self.panel.highlighted
        widget = self.query_one("#walk-sentence", Static)
        if category is None or not self.sites:
            widget.update(Text())
            return
        widget.update(sentence_text(self.model, self.model.state(self.site.uid), category))

    def _show_verdict(self) -> None:
        state = self.model.state(self.site.uid)
        widget = self.query_one("#walk-verdict", Static)
        widget.set_class(state.failed, "-fail")
        widget.update(verdict_text(self.model, state))

    def _show_progress(self) -> None:
        self.query_one("#walk-progress-label", Static).update(progress_text(self.rows))
        self.query_one(ProgressBar).update(progress=self.rows.done)

    def _changed(self, uid: str) -> None:
        """Redraw after a stored change to site `uid`."""
        if self.store.data_version() == self._data_version:
            # No other window wrote since we last looked: the latest change is our own and
            # already shown, so coming back from another screen need not re-read the round.
            self._content_mark = self.store.content_mark()
        self._show_saved()
        i = self.rows.index[uid]
        self.rows.set_status(i, self.model.status(uid))
        self._update_marks(i)
        self.site_list.refresh_row(i)
        if i == self.index:
            self._show_site()
        self._show_progress()

    def _show_saved(self) -> None:
        """Something was stored just now: say when."""
        self.saved_at = self.clock()
        saved = self.query_one("#walk-saved", Static)
        saved.update(Text(self._saved_text()))
        saved.remove_class("-idle")

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
        unreviewed = self.model.previous.unreviewed(uid)
        if unreviewed and self.model.status(uid) is not Progress.DONE:

            @guarded
            def answer(screen: WalkScreen, yes: bool | None) -> None:
                if yes and screen.sites and screen.site.uid == uid:
                    screen._done_and_next()

            message = t("walk_confirm_done_unreviewed", count=len(unreviewed))
            self.app.push_screen(ConfirmDialog(message), lambda yes: answer(self, yes))
            return
        self._done_and_next()

    def _done_and_next(self) -> None:
        uid = self.site.uid
        i = self.index
        if self.model.mark_done(uid):
            self._changed(uid)
        nxt = self.rows.next_unfinished(i)
        if nxt is None:
            self.notify(t("walk_all_done"))
        else:
            self.go_to(nxt)

    @property
    def site_index(self) -> SiteIndex[Site]:
        """The round's search index, built once, on the first jump: building it on mount cost
        every walk ~0.5 s of CPU and ~60 MB (pinyin tables, OpenCC) at census size, and held
        the GIL while the first keys were being pressed. Pinyin is added on the first
        letters-only query (site_search). The lock keeps two callers from building it twice."""
        with self._index_lock:
            if self._site_index is None:
                self._site_index = SiteIndex(self.sites)
            return self._site_index

    def action_jump(self) -> None:
        if not self.sites:
            return

        def chosen(index: int | None) -> None:
            if index is not None:
                self.go_to(index)
                self.panel.focus()

        self.app.push_screen(SiteJumpDialog(self.site_index, self.index), chosen)

    def action_focus_sites(self) -> None:
        self.site_list.focus()

    def action_focus_checklist(self) -> None:
        self.panel.focus()

    def action_national(self) -> None:
        self.show_national = not self.show_national
        self.panel.set_national(self.show_national)

    @guarded
    def action_undo(self) -> None:
        entry = self.model.undo()
        if entry is None:
            self.notify(t("walk_nothing_to_undo"))
            return
        uid = entry.site_uid
        self.previous.reload()
        if entry.entity == "narrative" and self.sites:
            self._show_site()
        if uid in self.rows.index:
            self.go_to_uid(uid)
            self._changed(uid)
            name = self.rows.names[self.rows.index[uid]]
        else:
            name = uid
        self.notify(t(f"walk_undone_{entry.entity}", site=name), timeout=3)

    # -- recording on the current site -----------------------------------------------------

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
        self._follow(uid, category, self.model.toggle(uid, category))

    @guarded
    def action_count(self, step: int) -> None:
        category = self.panel.highlighted
        if category is None or category.kind is not CategoryKind.COUNT:
            self.notify(t("walk_not_a_count"), severity="warning", timeout=3)
            return
        uid = self.site.uid
        self._follow(uid, category, self.model.count(uid, category, step))

    def _follow(self, uid: str, category: Category, nxt: Next) -> None:
        """Redraw after the model's step, or ask what it needs first."""
        if nxt is Next.DONE:
            self._changed(uid)
        elif nxt is Next.CONFIRM_REMOVE:
            self._confirm_remove(uid, category)
        elif nxt is Next.ELEMENTS:
            self._edit_elements(category)
        else:
            self._edit_fields(category, focus="detail", record=True)

    def _confirm_remove(self, uid: str, category: Category) -> None:
        label = category.label(self.round.script)

        @guarded
        def answer(screen: WalkScreen, yes: bool | None) -> None:
            if yes:
                screen.model.remove_finding(uid, category.id)
                screen._changed(uid)

        self.app.push_screen(
            ConfirmDialog(t("walk_confirm_remove", label=label)), lambda yes: answer(self, yes)
        )

    @guarded
    def action_edit(self) -> None:
        category = self.panel.highlighted
        if category is None:
            return
        if category.kind is CategoryKind.ELEMENTS:
            self._edit_elements(category)
        else:
            # enter records a problem only through a field of its own (a count, a period, a
            # detail); on any other category with nothing recorded it takes a note.
            self._edit_fields(category, record=self.model.has_fields(category))

    @guarded
    def action_wording(self) -> None:
        category = self.panel.highlighted
        if category is not None:
            self._edit_fields(category, focus="wording")

    def _edit_fields(self, category: Category, focus: str = "", *, record: bool = False) -> None:
        uid = self.site.uid
        editor = finding_editor(self.model, uid, category, focus, record=record)

        @guarded
        def done(screen: WalkScreen, fields: FindingFields | None) -> None:
            if fields is not None:
                screen.model.save_fields(uid, category, fields, record=record)
                screen._changed(uid)

        self.app.push_screen(editor, lambda fields: done(self, fields))

    def _edit_elements(self, category: Category) -> None:
        uid = self.site.uid
        dialog = elements_dialog(self.model, uid, category)

        @guarded
        def done(screen: WalkScreen, result: ElementsResult | None) -> None:
            if result is not None:
                nxt = screen.model.save_elements(
                    uid, category, result.elements, result.qualifier, result.scope
                )
                screen._follow(uid, category, nxt)

        self.app.push_screen(dialog, lambda result: done(self, result))

    @guarded
    def action_override(self) -> None:
        uid = self.site.uid
        dialog = override_dialog(self.model, self.site)

        @guarded
        def done(screen: WalkScreen, result: OverrideResult | None) -> None:
            if result is not None:
                screen.model.set_override(uid, result.verdict, result.reason)
                screen._changed(uid)

        self.app.push_screen(dialog, lambda result: done(self, result))

    # -- other screens ---------------------------------------------------------------------

    def action_open(self, name: str) -> None:
        open_screen(self.app, EXTRA_SCREENS[name](self.store, self.round_key), self._returned)

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
        self.model.round = self.store.round(self.round_key)
        self.query_one("#walk-title", Static).update(Text(title_text(self.round)))
        mark = self.store.content_mark()
        if mark == self._content_mark:
            return False
        self._content_mark = mark
        self.model.load()
        self._load_records()
        self.previous.set_previous(self.model.previous)
        self.site_list.refresh()
        self._show_site()
        self._show_progress()
        _settle_heap()
        return True

    # -- follow-up of the previous round ----------------------------------------------------

    @on(PreviousFindings.Marked)
    @guarded
    def _followup_marked(self, event: PreviousFindings.Marked) -> None:
        self._mark_followup(event.site_uid, event.category, event.status)

    def _mark_followup(self, uid: str, category: str, status: FollowUp) -> None:
        # The carried finding comes or goes, and the site may become "in progress".
        self.model.mark_followup(uid, category, status)
        self.previous.marked()
        self.panel.focus()  # back to the checklist: marking is one key, not a mode
        self._changed(uid)

    @guarded
    def action_mark_previous(self, status: str) -> None:
        """c / x on the walk: mark the previous round's highlighted problem at once."""
        finding = self.previous.highlighted
        if finding is None:
            self.notify(t("walk_no_previous"), timeout=3)
            return
        self._mark_followup(self.site.uid, finding.category, FollowUp(status))

    def action_narratives(self) -> None:
        name = self.site.short_name if self.sites else ""
        before = self.model.narratives

        def closed(_result: object = None) -> None:
            if self.model.narratives != before:
                self._show_saved()  # each change was stored as it was made
            if self.sites:
                self._show_site()

        self.app.push_screen(NarrativesDialog(self.model, name), closed)

    def action_history(self) -> None:
        uid = self.site.uid if self.sites else None
        open_screen(self.app, OpenHistory(self.store, self.round_key, uid))

    def action_merge(self) -> None:
        open_screen(self.app, OpenMerge(self.store), self._returned)

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
