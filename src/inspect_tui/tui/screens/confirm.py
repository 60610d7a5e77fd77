"""Yes/no and one-line-of-text dialogs."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label

from ...i18n import t
from ..base import LocalizedModal

T = TypeVar("T")


class ConfirmDialog(LocalizedModal[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "key_yes", id="dialog.yes"),
        Binding("n,escape", "answer(False)", "key_no", id="dialog.no"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__(classes="dialog-screen")
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.message, markup=False, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("yes") + " (y)", variant="warning", id="yes")
                yield Button(t("no") + " (n)", id="no")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class TextPrompt(LocalizedModal[str | None]):
    """One line of text; enter accepts, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "key_cancel", id="dialog.cancel")
    ]

    def __init__(
        self, title: str, value: str = "", placeholder: str = "", *, required: bool = False
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.required = required

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, markup=False, classes="dialog-title")
            yield Input(self.value, placeholder=self.placeholder, id="value")
            yield Label("", markup=False, classes="dialog-error", id="error")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        if self.required and not event.value.strip():
            self.query_one("#error", Label).update(t("dlg_required"))
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDiscardScreen(LocalizedModal[bool]):
    """Asks whether to discard unsaved changes: True to discard, False to keep editing."""

    CSS_PATH = "screens.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "meta.discard.yes_key", id="meta.discard.yes"),
        Binding("n,escape", "answer(False)", "meta.discard.no_key", id="meta.discard.no"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="discard-dialog"):
            yield Label(t("meta.discard.question"), id="discard-question")
            with Horizontal(id="discard-buttons"):
                yield Button(t("meta.discard.yes"), id="discard-yes", variant="error")
                yield Button(t("meta.discard.no"), id="discard-no", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#discard-no").focus()

    def action_answer(self, discard: bool) -> None:
        self.dismiss(discard)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "discard-yes")


def close_unless_unsaved(screen: Screen[T], dirty: bool, result: T) -> None:
    """Dismiss a form with `result`, asking first (ConfirmDiscardScreen) when it has unsaved
    changes; the office and round-metadata forms close this way."""
    if not dirty:
        screen.dismiss(result)
        return

    def discard(answer: bool | None) -> None:
        if answer:
            screen.dismiss(result)

    screen.app.push_screen(ConfirmDiscardScreen(), discard)
