"""Base classes of every screen and dialog: they translate their key bindings.

Binding descriptions and tooltips are message keys (`key_next_site`), translated when the
footer, the help screen or the palette asks for them, so switching the UI language needs
no new bindings. Here, not in `screens/__init__`, so that `tui.errors` (whose ErrorDialog is a
LocalizedModal) and the screens (which use `tui.errors.guarded`) both build on it without a cycle.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from textual.binding import ActiveBinding, Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import RadioSet

from ..i18n import t

ResultT = TypeVar("ResultT")


def translate_binding(binding: Binding) -> Binding:
    description = t(binding.description) if binding.description else ""
    tooltip = t(binding.tooltip) if binding.tooltip else ""
    if description == binding.description and tooltip == binding.tooltip:
        return binding
    return replace(binding, description=description, tooltip=tooltip)


def translate_bindings(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    return {
        key: ActiveBinding(
            a.node, translate_binding(a.binding), a.enabled, t(a.tooltip) if a.tooltip else ""
        )
        for key, a in bindings.items()
    }


class LocalizedScreen(Screen[ResultT]):
    """A screen whose footer shows its bindings in the current UI language."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translate_bindings(super().active_bindings)


class LocalizedModal(ModalScreen[ResultT]):
    """A modal dialog whose footer shows its bindings in the current UI language."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translate_bindings(super().active_bindings)


def highlight_pressed(radio_set: RadioSet) -> None:
    """Put the radio set's keyboard cursor on its pressed button (Textual starts at the first)."""
    for _ in range(max(radio_set.pressed_index, 0)):
        radio_set.action_next_button()
