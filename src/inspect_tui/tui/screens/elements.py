"""The element picker: which guide elements are wrong, how many guides, which items."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, SelectionList
from textual.widgets.selection_list import Selection

from ...i18n import t
from ...model import Finding, Qualifier, Scope
from . import LocalizedModal, highlight_pressed

QUALIFIERS = (Qualifier.NONE, Qualifier.MOST, Qualifier.SOME, Qualifier.FEW)
SCOPES = (Scope.NONE, Scope.LEGAL, Scope.PERSONAL, Scope.BOTH)


@dataclass(frozen=True)
class ElementsResult:
    elements: tuple[str, ...]
    qualifier: Qualifier
    scope: Scope


class ElementsDialog(LocalizedModal[ElementsResult | None]):
    """Which guide elements are wrong (kept in the order chosen), how many guides, which items."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "key_save", id="dialog.save"),
        Binding("escape", "cancel", "key_cancel", id="dialog.cancel"),
    ]

    def __init__(
        self,
        title: str,
        vocabulary: Sequence[str],
        finding: Finding | None,
        fold: Callable[[str], str],
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        current = finding.elements if finding else ()
        self.options = list(vocabulary) + [e for e in current if e not in vocabulary]
        self.current = current
        self.qualifier = finding.qualifier if finding else Qualifier.NONE
        self.scope = finding.scope if finding else Scope.NONE
        self.fold = fold

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog elements"):
            yield Label(self.title_text, markup=False, classes="dialog-title")
            yield Label(t("dlg_elements_hint"), markup=False, classes="dialog-hint")
            yield Label(
                t("dlg_elements_chosen", elements="、".join(self.current) or "—"),
                markup=False,
                classes="dialog-hint",
                id="chosen",
            )
            yield SelectionList[str](*[Selection(o, o) for o in self.options], id="elements")
            yield Input(placeholder=t("dlg_custom_element"), id="custom")
            with Horizontal(classes="field choice"):
                yield Label(t("dlg_qualifier"), markup=False, classes="field-label")
                with RadioSet(id="qualifier", classes="inline"):
                    for q in QUALIFIERS:
                        yield RadioButton(t(f"qualifier_{q.value or 'none'}"), q is self.qualifier)
            with Horizontal(classes="field choice"):
                yield Label(t("dlg_scope"), markup=False, classes="field-label")
                with RadioSet(id="scope", classes="inline"):
                    for s in SCOPES:
                        yield RadioButton(t(f"scope_{s.value or 'none'}"), s is self.scope)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("dlg_save"), variant="primary", id="save")
                yield Button(t("dlg_cancel"), id="cancel")

    def on_mount(self) -> None:
        elements = self.query_one("#elements", SelectionList)
        for e in self.current:  # selecting in the recorded order keeps that order
            elements.select(e)
        elements.focus()
        for radio_set in self.query(RadioSet):
            highlight_pressed(radio_set)

    @on(SelectionList.SelectedChanged)
    def _show_chosen(self) -> None:
        chosen: SelectionList[str] = self.query_one("#elements", SelectionList)
        self.query_one("#chosen", Label).update(
            t("dlg_elements_chosen", elements="、".join(chosen.selected) or "—")
        )

    @on(Input.Submitted, "#custom")
    def _add_custom(self, event: Input.Submitted) -> None:
        name = self.fold(event.value)
        event.input.clear()
        if not name:
            return
        elements: SelectionList[str] = self.query_one("#elements", SelectionList)
        if name not in self.options:
            self.options.append(name)
            elements.add_option(Selection(name, name))
        elements.select(name)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        elements: SelectionList[str] = self.query_one("#elements", SelectionList)
        qualifier = self.query_one("#qualifier", RadioSet).pressed_index
        scope = self.query_one("#scope", RadioSet).pressed_index
        self.dismiss(
            ElementsResult(
                elements=tuple(elements.selected),
                qualifier=QUALIFIERS[max(qualifier, 0)],
                scope=SCOPES[max(scope, 0)],
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
