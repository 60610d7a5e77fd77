"""The site jump (`/` and ctrl+p on the walk): type, see the matching sites, enter goes there.

What matches is `site_search.SiteIndex`'s business (Simplified and Traditional both ways,
pinyin initials and full pinyin, list numbers, codes); this dialog only shows its answer.
The walk builds the index once per round and hands it in.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ...i18n import t
from ...model import Site
from ...site_search import SiteIndex
from ..base import LocalizedModal

LIMIT = 50  # matches listed; the best come first, so more would only be scrolled past
TEXT_WIDTH = 70  # cells of a match line in the 76-cell dialog (border, padding, scrollbar)


def _clip(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text
    out = ""
    for ch in text:
        if cell_len(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def match_line(site: Site, width: int) -> Text:
    """`  16 区环保局  惠州大亚湾经济技术开发区环境保护局 · N000007775`, clipped to `width`."""
    head = f"{site.seq:>4} {site.short_name}"
    tail = " · ".join(x for x in (site.name, site.code) if x and x != site.short_name)
    line = Text(_clip(head, width))
    room = width - cell_len(line.plain) - 2
    if tail and room > 4:
        line.append("  " + _clip(tail, room), style="dim")
    return line


class SiteJumpDialog(LocalizedModal[int | None]):
    """Dismissed with the chosen site's roster position, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "key_cancel", id="jump.cancel"),
        Binding("down", "move(1)", "key_jump_down", show=False, id="jump.down"),
        Binding("up", "move(-1)", "key_jump_up", show=False, id="jump.up"),
        Binding("pagedown", "move(10)", "key_jump_down", show=False, id="jump.page-down"),
        Binding("pageup", "move(-10)", "key_jump_up", show=False, id="jump.page-up"),
    ]

    def __init__(self, index: SiteIndex[Site], current: int = 0) -> None:
        super().__init__(classes="dialog-screen")
        self.index = index
        self.current = current
        self.matches: list[int] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog jump-dialog"):
            yield Label(t("jump_title"), markup=False, classes="dialog-title")
            yield Input(placeholder=t("walk_jump_placeholder"), id="jump-query")
            yield Label("", markup=False, classes="dialog-hint", id="jump-status")
            yield OptionList(id="jump-results")

    @property
    def results(self) -> OptionList:
        return self.query_one("#jump-results", OptionList)

    def on_mount(self) -> None:
        self._show("")
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _query_changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, query: str) -> None:
        sites = self.index.sites
        if query.strip():
            self.matches = [m.index for m in self.index.search(query, limit=LIMIT)]
        else:  # nothing typed yet: the sites from the current one on
            self.matches = [(self.current + k) % len(sites) for k in range(min(LIMIT, len(sites)))]
        found = self.matches
        # Before the first layout the list has no size yet: the dialog is 76 cells wide.
        shown = self.results.size.width
        width = shown - 2 if shown > 20 else TEXT_WIDTH
        options = self.results
        options.clear_options()
        options.add_options([Option(match_line(sites[i], width)) for i in found])
        options.set_class(not found, "-empty")
        status = self.query_one("#jump-status", Label)
        if not found:
            status.update(t("jump_no_matches"))
        elif not query.strip():
            status.update(t("jump_hint"))
        else:
            status.update(
                t("jump_count", count=len(found), more="+" if len(found) >= LIMIT else "")
            )
        if found:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        options = self.results
        if not self.matches:
            return
        now = options.highlighted or 0
        options.highlighted = max(0, min(now + step, len(self.matches) - 1))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        chosen = self.results.highlighted
        if chosen is None or not self.matches:
            self.app.bell()
            return
        self.dismiss(self.matches[chosen])

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.matches[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
