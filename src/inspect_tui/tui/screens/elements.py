"""The element picker: which guide elements are wrong, how many guides, which items.

Typing filters the elements (from the list too: the first letter moves to the filter line);
enter on the filter ticks the element it names or the first match, or adds a new one. The
list shows every element (none hidden below the fold at 120×40), and Tab goes from the list
straight to 程度 and 范围, whose labels are in the round's script (the circular prints them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, SelectionList
from textual.widgets.selection_list import Selection

from ...i18n import t
from ...model import Finding, Qualifier, Scope
from ..base import LocalizedModal, highlight_pressed

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
        Binding("down", "focus_list", "key_cursor_down", show=False, id="dialog.to-list"),
    ]

    def __init__(
        self,
        title: str,
        vocabulary: Sequence[str],
        finding: Finding | None,
        fold: Callable[[str], str],
        *,
        qualifier_labels: Mapping[Qualifier, str] | None = None,
        scope_labels: Mapping[Scope, str] | None = None,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        current = finding.elements if finding else ()
        self.options = list(vocabulary) + [e for e in current if e not in vocabulary]
        self.current = current
        self.chosen: list[str] = list(current)  # in the order ticked
        self.qualifier = finding.qualifier if finding else Qualifier.NONE
        self.scope = finding.scope if finding else Scope.NONE
        self.fold = fold
        self.qualifier_labels = dict(qualifier_labels or {})
        self.scope_labels = dict(scope_labels or {})

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog elements"):
            yield Label(self.title_text, markup=False, classes="dialog-title")
            yield Label(t("dlg_elements_hint_filter"), markup=False, classes="dialog-hint")
            yield Label("", markup=False, classes="dialog-hint", id="chosen")
            yield Input(placeholder=t("dlg_filter_element"), id="filter", select_on_focus=False)
            yield SelectionList[str](id="elements")
            with Horizontal(classes="field choice"):
                yield Label(t("dlg_qualifier"), markup=False, classes="field-label")
                with RadioSet(id="qualifier", classes="inline"):
                    for q in QUALIFIERS:
                        label = self.qualifier_labels.get(q) or t(f"qualifier_{q.value or 'none'}")
                        yield RadioButton(label, q is self.qualifier)
            with Horizontal(classes="field choice"):
                yield Label(t("dlg_scope"), markup=False, classes="field-label")
                with RadioSet(id="scope", classes="inline"):
                    for sc in SCOPES:
                        label = self.scope_labels.get(sc) or t(f"scope_{sc.value or 'none'}")
                        yield RadioButton(label, sc is self.scope)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("dlg_save"), variant="primary", id="save")
                yield Button(t("dlg_cancel"), id="cancel")

    @property
    def element_list(self) -> SelectionList[str]:
        return self.query_one("#elements", SelectionList)

    def on_mount(self) -> None:
        self._show("")
        self.element_list.focus()
        for radio_set in self.query(RadioSet):
            highlight_pressed(radio_set)

    # -- the list and its filter -------------------------------------------------------------

    def _matches(self, text: str) -> list[str]:
        needle = text.strip().casefold()
        if not needle:
            return list(self.options)
        folded = self.fold(text).casefold()
        return [o for o in self.options if needle in o.casefold() or folded in o.casefold()]

    def _show(self, text: str) -> None:
        elements = self.element_list
        elements.clear_options()
        elements.add_options([Selection(o, o) for o in self._matches(text)])
        shown = set(self._matches(text))
        with elements.prevent(SelectionList.SelectedChanged):
            for e in self.chosen:  # selecting in the chosen order keeps that order
                if e in shown:
                    elements.select(e)
        if elements.option_count:
            elements.highlighted = 0
        self._show_chosen()

    def _show_chosen(self) -> None:
        self.query_one("#chosen", Label).update(
            t("dlg_elements_chosen", elements="、".join(self.chosen) or "—")
        )

    @on(SelectionList.SelectionToggled, "#elements")
    def _toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        value = event.selection.value
        if value in self.element_list.selected:
            if value not in self.chosen:
                self.chosen.append(value)
        elif value in self.chosen:
            self.chosen.remove(value)
        self._show_chosen()

    def on_key(self, event: events.Key) -> None:
        # Type-to-filter: a letter typed in the list goes to the filter line.
        if (
            self.focused is self.element_list
            and event.is_printable
            and event.character
            and event.character != " "
        ):
            event.stop()
            event.prevent_default()
            box = self.query_one("#filter", Input)
            box.focus()
            box.insert_text_at_cursor(event.character)

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted, "#filter")
    def _pick(self, event: Input.Submitted) -> None:
        """Tick the element the filter names (or its first match), or add a new one."""
        text = event.value
        name = self.fold(text)
        event.input.clear()
        if not name:
            self._show("")
            self.element_list.focus()
            return
        if name not in self.options:
            matches = self._matches(text)
            if matches:
                name = matches[0]
            else:
                self.options.append(name)
        if name not in self.chosen:
            self.chosen.append(name)
        self._show("")
        self.element_list.focus()

    def action_focus_list(self) -> None:
        self.element_list.focus()

    # -- result --------------------------------------------------------------------------------

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        qualifier = self.query_one("#qualifier", RadioSet).pressed_index
        scope = self.query_one("#scope", RadioSet).pressed_index
        self.dismiss(
            ElementsResult(
                elements=tuple(self.chosen),
                qualifier=QUALIFIERS[max(qualifier, 0)],
                scope=SCOPES[max(scope, 0)],
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
