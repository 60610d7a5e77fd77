"""The finding editor: count, period, detail, wording override and private note."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label

from ...i18n import t
from ...model import Finding
from ...walk_model import FindingFields
from ..base import LocalizedModal

__all__ = ["FindingEditor", "FindingFields"]


class FindingEditor(LocalizedModal[FindingFields | None]):
    """Count, period, detail, wording override and private note of one finding."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "key_save", id="dialog.save"),
        Binding("escape", "cancel", "key_cancel", id="dialog.cancel"),
    ]

    def __init__(
        self,
        title: str,
        finding: Finding | None,
        *,
        count: bool,
        age: bool,
        detail: bool,
        default_age: str,
        sentence: str,
        focus: str = "",
        note_only: bool = False,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.finding = finding
        # Nothing recorded on the category: only a note, which records nothing.
        self.note_only = note_only
        self.fields = (
            ["note"]
            if note_only
            else [
                name
                for name, wanted in (("count", count), ("age", age), ("detail", detail))
                if wanted
            ]
            + ["wording", "note"]
        )
        self.default_age = default_age
        self.sentence = sentence
        self.focus_field = focus if focus in self.fields else self.fields[0]

    def compose(self) -> ComposeResult:
        f = self.finding
        with Vertical(classes="dialog editor"):
            yield Label(self.title_text, markup=False, classes="dialog-title")
            for name in self.fields:
                with Horizontal(classes="field"):
                    yield Label(t(f"dlg_field_{name}"), markup=False, classes="field-label")
                    if name == "count":
                        value = str(f.count if f and f.count is not None else 1)
                        yield Input(value, type="integer", id="count")
                    elif name == "age":
                        yield Input(f.age if f else "", placeholder=self.default_age, id="age")
                    elif name == "detail":
                        yield Input(f.detail if f else "", id="detail")
                    elif name == "wording":
                        # The sentence the circular will print, to reword in place.
                        yield Input(
                            (f.wording if f else "") or self.sentence,
                            placeholder=t("dlg_wording_hint"),
                            id="wording",
                        )
                    else:
                        yield Input(f.note if f else "", placeholder=t("dlg_note_hint"), id="note")
            hint = (
                t("dlg_note_only")
                if self.note_only
                else t("dlg_standard_sentence", sentence=self.sentence)
            )
            yield Label(hint, markup=False, classes="dialog-hint")
            yield Label("", markup=False, classes="dialog-error", id="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("dlg_save"), variant="primary", id="save")
                yield Button(t("dlg_cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one(f"#{self.focus_field}", Input).focus()

    def _wording(self) -> str:
        """The reworded sentence; "" when it is still the standard one (which then follows
        the count or period changed here, and the template)."""
        wording = self._value("wording")
        return "" if wording == self.sentence.strip() else wording

    def _value(self, name: str) -> str:
        if name not in self.fields:
            return ""
        return self.query_one(f"#{name}", Input).value.strip()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        count: int | None = None
        if "count" in self.fields:
            try:
                count = int(self._value("count"))
            except ValueError:
                count = 0
            if count < 1:
                self.query_one("#error", Label).update(t("dlg_count_invalid"))
                self.query_one("#count", Input).focus()
                return
        self.dismiss(
            FindingFields(
                count=count,
                age=self._value("age"),
                detail=self._value("detail"),
                wording=self._wording(),
                note=self._value("note"),
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
