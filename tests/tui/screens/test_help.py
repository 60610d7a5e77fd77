"""HelpScreen: keys and what they do in people's words, aligned across sections."""

from __future__ import annotations

import pytest
from rich.console import Console
from rich.table import Table
from textual.binding import Binding, BindingType
from textual.widgets import Static

from host_app import Host
from inspect_tui.text import cell_width
from inspect_tui.tui.screens.help import HelpScreen

# What tests/tui_screens/conftest.py applied to every test here.
pytestmark = pytest.mark.usefixtures("zh_hans", "fresh_export_session")

SECTIONS: list[tuple[str, list[BindingType]]] = [
    (
        "逐站检查",
        [
            Binding("up", "cursor(-1)", "key_cursor_up", id="sites.up"),
            Binding("enter", "choose", "key_choose_site", id="sites.choose"),
        ],
    ),
    (
        "站点列表",
        [
            Binding("pageup", "page(-1)", "key_page_up", id="sites.page-up"),
            Binding("home", "first", "key_first_site", id="sites.first"),
        ],
    ),
]


def lines_of(table: Table) -> list[str]:
    console = Console(width=100, record=True, color_system=None)
    console.print(table)
    return [line.rstrip() for line in console.export_text().splitlines() if line.strip()]


async def test_help_shows_descriptions_in_aligned_columns() -> None:
    app = Host(lambda: HelpScreen(lambda: SECTIONS))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        tables = [w.content for w in app.screen.query(".help-keys").results(Static)]
        assert len(tables) == 2 and all(isinstance(t, Table) for t in tables)
        lines = [line for t in tables if isinstance(t, Table) for line in lines_of(t)]
        assert len(lines) == 4
        text = "\n".join(lines)
        for _, bindings in SECTIONS:
            for b in bindings:
                assert isinstance(b, Binding) and b.id and b.id not in text
        assert "上一个站点" in text and "key_" not in text
        # every description starts in the same column, whatever the keys' widths
        starts = set()
        for line in lines:
            _keys, _, rest = line.partition("  ")
            starts.add(cell_width(line) - cell_width(rest.lstrip()))
        assert len(starts) == 1, lines
