"""The verdict override: the site's verdict set by hand, with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from ...i18n import t
from ...model import Verdict, VerdictOverride
from ..base import LocalizedModal, highlight_pressed


@dataclass(frozen=True)
class OverrideResult:
    verdict: Verdict | None  # None: back to the computed verdict
    reason: str


class OverrideDialog(LocalizedModal[OverrideResult | None]):
    """Set the site's verdict by hand; a reason is required."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "key_save", id="dialog.save"),
        Binding("escape", "cancel", "key_cancel", id="dialog.cancel"),
    ]

    CHOICES = (None, Verdict.PASS, Verdict.FAIL)

    def __init__(self, site_name: str, computed: Verdict, current: VerdictOverride | None) -> None:
        super().__init__(classes="dialog-screen")
        self.site_name = site_name
        self.computed = computed
        self.current = current

    def compose(self) -> ComposeResult:
        chosen = self.current.verdict if self.current else None
        with Vertical(classes="dialog"):
            yield Label(
                t("dlg_override_title", site=self.site_name), markup=False, classes="dialog-title"
            )
            with RadioSet(id="verdict"):
                computed = t(f"verdict_{self.computed.value}")
                yield RadioButton(t("dlg_override_computed", verdict=computed), chosen is None)
                yield RadioButton(t("verdict_pass"), chosen is Verdict.PASS)
                yield RadioButton(t("verdict_fail"), chosen is Verdict.FAIL)
            yield Label(t("dlg_override_reason"), markup=False, classes="dialog-hint")
            yield Input(
                self.current.reason if self.current else "", id="reason", select_on_focus=False
            )
            yield Label("", markup=False, classes="dialog-error", id="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("dlg_save"), variant="primary", id="save")
                yield Button(t("dlg_cancel"), id="cancel")

    def on_mount(self) -> None:
        highlight_pressed(self.query_one("#verdict", RadioSet))

    def on_key(self, event: events.Key) -> None:
        # Text typed anywhere in the dialog is the reason: after the "reason required"
        # error a Tab too many must not send it to a button and lose it.
        reason = self.query_one("#reason", Input)
        if self.focused is reason or not event.is_printable or not event.character:
            return
        if event.character == " ":
            return  # space still presses a button or a radio button
        event.stop()
        event.prevent_default()
        reason.focus()
        reason.insert_text_at_cursor(event.character)

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        index = self.query_one("#verdict", RadioSet).pressed_index
        verdict = self.CHOICES[max(index, 0)]
        reason = self.query_one("#reason", Input).value.strip()
        if verdict is not None and not reason:
            self.query_one("#error", Label).update(t("dlg_override_needs_reason"))
            self.query_one("#reason", Input).focus()
            return
        self.dismiss(OverrideResult(verdict, reason))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
