"""Last round's problems of the site being walked, and whether each is still there.

One line per finding of the previous round (its attachment-3 sentence), with its follow-up
status: not checked yet, still present (copied into this round as 整改不到位) or fixed.
The previous round's findings and this round's follow-ups are read once, so moving to
another site (`set_site`) reads nothing; `reload()` reads them again after an outside
change such as an undo.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...checklist import Checklist
from ...i18n import t, user_text
from ...model import Finding, FollowUp, Progress, Script
from ...store import Store, StoreError

UNMARKED = "unmarked"
STATUS_GLYPH = {UNMARKED: "○", FollowUp.PRESENT.value: "●", FollowUp.FIXED.value: "✓"}
STATUS_STYLE = {
    UNMARKED: "$text-muted",
    FollowUp.PRESENT.value: "bold $text-warning",
    FollowUp.FIXED.value: "$text-success",
}


class PreviousFindings(Vertical):
    """The previous round's findings for one site, each marked still present or fixed.

    Keys (when the list has focus): c still present, x fixed. Each mark is stored at once
    (autosaved, audited, undoable; a site not started becomes in progress, as with any
    record) and announced with `PreviousFindings.Changed`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "c",
            "mark_present",
            "previous.key.present",
            tooltip="previous.tip.present",
            id="previous.present",
        ),
        Binding(
            "x",
            "mark_fixed",
            "previous.key.fixed",
            tooltip="previous.tip.fixed",
            id="previous.fixed",
        ),
    ]

    class Changed(Message):
        """A previous-round finding of `site_uid` was marked; this round's findings changed."""

        def __init__(
            self, widget: PreviousFindings, site_uid: str, category: str, status: FollowUp
        ) -> None:
            self.widget = widget
            self.site_uid = site_uid
            self.category = category
            self.status = status
            super().__init__()

        @property
        def control(self) -> PreviousFindings:
            return self.widget

    def __init__(
        self,
        store: Store,
        round_key: str,
        site_uid: str | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.store = store
        self.round_key = round_key
        self.site_uid = site_uid
        rnd = store.round(round_key)
        self.script: Script = rnd.script
        previous = rnd.previous_key
        self.previous_key = previous if previous and store.has_round(previous) else ""
        # The previous round's findings are worded with the checklist they were made with.
        self.checklist: Checklist = store.round_checklist(self.previous_key or round_key)
        self._by_site: dict[str, list[Finding]] = {}
        self._followups: dict[tuple[str, str], FollowUp] = {}
        self._read()

    # -- data --------------------------------------------------------------------------------

    def _read(self) -> None:
        self._by_site = {}
        for f in self.store.previous_findings(self.round_key):
            self._by_site.setdefault(f.site_uid, []).append(f)
        self._followups = self.store.followups(self.round_key)

    @property
    def has_previous_round(self) -> bool:
        return bool(self.previous_key)

    @property
    def findings(self) -> list[Finding]:
        """The previous round's findings of the current site, as they were recorded."""
        return self._by_site.get(self.site_uid or "", [])

    def status_of(self, category: str) -> str:
        """unmarked, present or fixed."""
        status = self._followups.get((self.site_uid or "", category))
        return UNMARKED if status is None else status.value

    @property
    def highlighted(self) -> Finding | None:
        findings = self.findings
        index = self.option_list.highlighted if self.is_mounted else None
        if index is None or not 0 <= index < len(findings):
            return None
        return findings[index]

    @property
    def option_list(self) -> OptionList:
        return self.query_one(OptionList)

    # -- showing -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(classes="previous-title")
        yield OptionList(classes="previous-list")

    def on_mount(self) -> None:
        self._show(keep=False)

    def set_site(self, site_uid: str | None) -> None:
        """Show `site_uid`'s previous findings (cheap: nothing is read from the database)."""
        if site_uid == self.site_uid:
            return
        self.site_uid = site_uid
        if self.is_mounted:
            self._show(keep=False)

    def reload(self) -> None:
        """Read the previous findings and the follow-ups again (after an undo, a merge…)."""
        self._read()
        if self.is_mounted:
            self._show(keep=True)

    def _show(self, *, keep: bool) -> None:
        option_list = self.option_list
        before = option_list.highlighted
        findings = self.findings
        title = self.query_one(".previous-title", Static)
        empty = not findings
        self.set_class(empty, "-empty")
        self.set_class(not self.has_previous_round, "-no-previous")
        if not self.has_previous_round:
            message = t("previous.none_round")
        elif empty:
            message = t("previous.none_site", round=self.previous_key)
        else:
            message = ""
        self.refresh_bindings()
        if empty:
            title.display = False
            option_list.set_options([Option(Content(message), disabled=True)])
            return
        checked = sum(1 for f in findings if self.status_of(f.category) != UNMARKED)
        title.display = True
        title.update(
            t("previous.title", round=self.previous_key, count=len(findings), checked=checked)
        )
        width = max(cell_len(t(f"previous.status.{s}")) for s in STATUS_GLYPH)
        option_list.set_options([Option(self._prompt(f, width), id=f.category) for f in findings])
        if keep and before is not None:
            option_list.highlighted = min(before, len(findings) - 1)
        else:
            option_list.highlighted = 0

    def _prompt(self, finding: Finding, width: int) -> Content:
        status = self.status_of(finding.category)
        label = t(f"previous.status.{status}")
        style = STATUS_STYLE[status]
        pad = " " * (width - cell_len(label))
        return Content.assemble(
            (STATUS_GLYPH[status], style),
            " ",
            (label, style),
            pad + "  ",
            self._sentence(finding),
        )

    def _sentence(self, finding: Finding) -> str:
        if self.checklist.has(finding.category):
            return self.checklist.problem_sentence(finding, self.script)
        return finding.wording.strip() or finding.category

    # -- marking -----------------------------------------------------------------------------

    def mark_present(self) -> None:
        """The highlighted problem is still there: copy it into this round (整改不到位)."""
        self._mark(FollowUp.PRESENT)

    def mark_fixed(self) -> None:
        """The highlighted problem was put right: drop its carried copy, if any."""
        self._mark(FollowUp.FIXED)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("mark_present", "mark_fixed") and self.highlighted is None:
            return None  # shown dimmed: nothing to mark at this site
        return True

    def action_mark_present(self) -> None:
        self.mark_present()

    def action_mark_fixed(self) -> None:
        self.mark_fixed()

    def _mark(self, status: FollowUp) -> None:
        finding = self.highlighted
        uid = self.site_uid
        if finding is None or uid is None:
            self.app.bell()
            return
        try:
            # Like any record on a site, a follow-up mark makes a site not started "in
            # progress"; first, so that undo takes back the mark before the visit.
            if self.store.progress_of(self.round_key, uid) is Progress.NOT_STARTED:
                self.store.set_progress(self.round_key, uid, Progress.IN_PROGRESS)
            self.store.mark_followup(self.round_key, uid, finding.category, status)
        except StoreError as exc:
            self.notify(
                user_text(exc), title=t("previous.error_title"), severity="error", timeout=8
            )
            return
        self._followups[(uid, finding.category)] = status
        index = self.option_list.highlighted or 0
        self._show(keep=True)
        # Marked: on to the next problem, so a site's list is gone through key after key.
        self.option_list.highlighted = min(index + 1, len(self.findings) - 1)
        self.post_message(self.Changed(self, uid, finding.category, status))
