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
from ...text import cell_width
from ..base import LocalizedScreen

Section = tuple[str, Sequence[BindingType]]
KEY_MIN_WIDTH = 8  # cells of the key column at least


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
        sections = [(title, self.rows(bindings)) for title, bindings in self.sections()]
        # One key column width for every section (in cells: ⏎ and CJK keys count right), so
        # the descriptions start in the same column all the way down.
        key_width = max([KEY_MIN_WIDTH, *(cell_width(r[0]) for _, rows in sections for r in rows)])
        with VerticalScroll(id="help-body"):
            yield Static(t("help_title"), markup=False, id="help-title")
            yield Static(t("help_howto"), markup=False, id="help-howto")
            for title, rows in sections:
                yield Static(title, markup=False, classes="help-section")
                yield Static(self._table(rows, key_width), classes="help-keys")
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
        """(keys, what they do, binding id) for each binding; 1–9 collapsed into one row.

        The id is for tests and keymaps; the screen shows only the keys and the description.
        """
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

    @staticmethod
    def _table(rows: Sequence[tuple[str, str, str]], key_width: int) -> Table:
        table = Table(box=None, show_header=False, expand=True, pad_edge=False)
        table.add_column(no_wrap=True, style="bold", width=key_width)
        table.add_column(ratio=1)
        for keys, description, _id in rows:
            table.add_row(keys, description)
        return table

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, step: int) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_relative(y=step, animate=False)
