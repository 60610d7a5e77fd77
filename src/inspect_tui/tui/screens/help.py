"""Help: a short how-to and every key binding, in the UI language."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from ...i18n import t
from . import LocalizedScreen

Section = tuple[str, Sequence[BindingType]]


def binding_rows(bindings: Iterable[BindingType]) -> list[Binding]:
    return [b for b in bindings if isinstance(b, Binding) and b.description]


class HelpScreen(LocalizedScreen[None]):
    """All bindings of the app, grouped by where they work."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "key_close", id="help.close"),
        Binding("up", "scroll(-1)", "key_scroll_up", show=False, id="help.up"),
        Binding("down", "scroll(1)", "key_scroll_down", show=False, id="help.down"),
    ]

    def __init__(self, sections: Callable[[], Sequence[Section]]) -> None:
        super().__init__()
        self.sections = sections  # called at each compose, so a language switch relabels them

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(t("help_title"), markup=False, id="help-title")
            yield Static(t("help_howto"), markup=False, id="help-howto")
            for title, bindings in self.sections():
                yield Static(title, markup=False, classes="help-section")
                yield Static(self._table(bindings), classes="help-keys")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def _keys(self, binding: Binding) -> str:
        keys = [k.strip() for k in binding.key.split(",") if k.strip()]
        return " / ".join(
            self.app.get_key_display(Binding(k, binding.action, key_display=binding.key_display))
            for k in keys
        )

    def rows(self, bindings: Sequence[BindingType]) -> list[tuple[str, str, str]]:
        """(keys, what they do, binding id) for each binding; 1–9 collapsed into one row."""
        rows: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        for binding in binding_rows(bindings):
            if binding.id and binding.id in seen:
                continue
            if binding.id:
                seen.add(binding.id)
            keys = self._keys(binding)
            if binding.id and binding.id.startswith("walk.toggle-"):
                if binding.id != "walk.toggle-1":
                    continue
                keys = "1 … 9"
            rows.append((keys, t(binding.tooltip or binding.description), binding.id or ""))
        return rows

    def _table(self, bindings: Sequence[BindingType]) -> Table:
        table = Table(box=None, show_header=False, expand=True, pad_edge=False)
        table.add_column(no_wrap=True, style="bold", min_width=8)
        table.add_column(ratio=1)
        table.add_column(style="dim", no_wrap=True)
        for row in self.rows(bindings):
            table.add_row(*row)
        return table

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, step: int) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_relative(y=step, animate=False)
