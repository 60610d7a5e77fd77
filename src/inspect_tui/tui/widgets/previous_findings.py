"""Last round's problems of the site being walked, and whether each is still there.

One line per finding of the previous round (its attachment-3 sentence), with its follow-up
status: not checked yet, still present (copied into this round as 整改不到位) or fixed.
The widget only shows and asks: the data come from the walk model (a `PreviousRound`, plain
data from `followup_view`, read once, so moving to another site reads nothing), and a mark is
posted as `PreviousFindings.Marked` for the screen to store. It imports no store path.
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

from ...followup_view import PreviousRound
from ...i18n import t
from ...model import Finding, FollowUp

UNMARKED = "unmarked"
STATUS_GLYPH = {UNMARKED: "○", FollowUp.PRESENT.value: "●", FollowUp.FIXED.value: "✓"}
STATUS_STYLE = {
    UNMARKED: "$text-muted",
    FollowUp.PRESENT.value: "bold $text-warning",
    FollowUp.FIXED.value: "$text-success",
}


class PreviousFindings(Vertical):
    """The previous round's findings for one site, each marked still present or fixed.

    Keys (when the list has focus): c still present, x fixed. A mark is posted as
    `PreviousFindings.Marked`; whoever stores it calls `marked()` to show it and move on.
    The list takes focus only when the site has previous problems.
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

    class Marked(Message):
        """The inspector marked a previous-round finding of `site_uid` (not stored yet)."""

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
        previous: PreviousRound,
        site_uid: str | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.previous = previous
        self.site_uid = site_uid

    # -- data --------------------------------------------------------------------------------

    @property
    def previous_key(self) -> str:
        return self.previous.key

    @property
    def has_previous_round(self) -> bool:
        return bool(self.previous.key)

    @property
    def findings(self) -> list[Finding]:
        """The previous round's findings of the current site, as they were recorded."""
        return self.previous.findings(self.site_uid or "")

    def status_of(self, category: str) -> str:
        """unmarked, present or fixed."""
        status = self.previous.status(self.site_uid or "", category)
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

    def set_previous(self, previous: PreviousRound) -> None:
        """Show newly read data (after an undo, a merge, another window's change…)."""
        self.previous = previous
        self.reload()

    def reload(self) -> None:
        """Show the marks again, keeping the highlighted line."""
        if self.is_mounted:
            self._show(keep=True)

    def marked(self) -> None:
        """The highlighted mark was stored: show it and move on to the next problem, so a
        site's list is gone through key after key."""
        index = self.option_list.highlighted or 0
        self._show(keep=True)
        findings = self.findings
        after = [
            i
            for i in range(index + 1, len(findings))
            if self.status_of(findings[i].category) == UNMARKED
        ]
        self.option_list.highlighted = after[0] if after else min(index + 1, len(findings) - 1)

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
        option_list.can_focus = not empty  # nothing to mark: Tab and clicks pass it by
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
        if self.previous.checklist.has(finding.category):
            return self.previous.checklist.problem_sentence(finding, self.previous.script)
        return finding.wording.strip() or finding.category

    # -- marking -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("mark_present", "mark_fixed") and self.highlighted is None:
            return None  # shown dimmed: nothing to mark at this site
        return True

    def action_mark_present(self) -> None:
        """The highlighted problem is still there: to be copied into this round (整改不到位)."""
        self.mark(FollowUp.PRESENT)

    def action_mark_fixed(self) -> None:
        """The highlighted problem was put right: its carried copy, if any, is to go."""
        self.mark(FollowUp.FIXED)

    def mark(self, status: FollowUp) -> None:
        """Ask for the highlighted problem to be marked `status`."""
        finding = self.highlighted
        uid = self.site_uid
        if finding is None or uid is None:
            self.app.bell()
            return
        self.post_message(self.Marked(self, uid, finding.category, status))
