"""A list drawn with Textual's line API whose cursor is one item: the base of the site list,
the summary table and the checklist.

It owns what the three share: the `cursor` reactive kept inside the items, the keys that move
it (up/down, home/end, page up/down), scrolling so the cursor stays in view, and the
highlighted line's component class. A subclass says how many items there are, on which
virtual line an item sits, and draws its lines.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.reactive import reactive
from textual.scroll_view import ScrollView


def cursor_bindings(
    prefix: str,
    *,
    up: str,
    down: str,
    first: str,
    last: str,
    page_up: str = "",
    page_down: str = "",
) -> list[BindingType]:
    """The cursor keys with a subclass's ids (`prefix.up` …) and descriptions (catalog keys:
    the help screen lists them). Page keys only when described."""
    bindings: list[BindingType] = [
        Binding("up", "cursor(-1)", up, show=False, id=f"{prefix}.up"),
        Binding("down", "cursor(1)", down, show=False, id=f"{prefix}.down"),
    ]
    if page_up and page_down:
        bindings += [
            Binding("pageup", "page(-1)", page_up, show=False, id=f"{prefix}.page-up"),
            Binding("pagedown", "page(1)", page_down, show=False, id=f"{prefix}.page-down"),
        ]
    bindings += [
        Binding("home", "first", first, show=False, id=f"{prefix}.first"),
        Binding("end", "last", last, show=False, id=f"{prefix}.last"),
    ]
    return bindings


class CursorList(ScrollView, can_focus=True):
    """Items on lines, one of them under the cursor."""

    # Lines above the items that do not scroll away (a table's header).
    HEADER_LINES: ClassVar[int] = 0
    # The component class of the cursor's line; a subclass names its own.
    CURSOR_CLASS: ClassVar[str] = ""
    # Scroll after the next refresh rather than at once when the cursor moves (the site list,
    # whose moves also relayout the walk beside it).
    DEFER_SCROLL: ClassVar[bool] = False

    cursor: reactive[int] = reactive(0, always_update=False)

    # -- what a subclass tells ------------------------------------------------------------

    @property
    def item_count(self) -> int:
        raise NotImplementedError

    def line_of(self, item: int) -> int:
        """The virtual line (below the header) on which `item` is drawn."""
        return item

    def lines_of(self, item: int) -> int:
        """How many lines `item` takes (all of them are scrolled into view)."""
        return 1

    def cursor_moved(self, old: int, new: int) -> None:
        """Called after the cursor moved and the view scrolled: redraw, post a message."""

    # -- cursor -----------------------------------------------------------------------------

    def clamp(self, value: int) -> int:
        return max(0, min(value, self.item_count - 1))

    def validate_cursor(self, value: int) -> int:
        return self.clamp(value)

    def watch_cursor(self, old: int, new: int) -> None:
        # refresh_line takes virtual lines: the header sits above the first item.
        self.refresh_line(self.HEADER_LINES + self.line_of(old))
        self.refresh_line(self.HEADER_LINES + self.line_of(new))
        self.scroll_cursor_into_view(immediate=not self.DEFER_SCROLL)
        self.cursor_moved(old, new)

    def scroll_cursor_into_view(self, *, immediate: bool = True) -> None:
        """Scroll so that the cursor's line is shown below the header."""
        # The header is drawn over the first lines of the scrolled region: keep clear of it.
        self.scroll_to_region(
            Region(
                self.scroll_offset.x,
                self.line_of(self.cursor),
                1,
                self.HEADER_LINES + self.lines_of(self.cursor),
            ),
            animate=False,
            force=True,
            immediate=immediate,
        )

    @property
    def page_size(self) -> int:
        """Items moved by page up/down: the lines shown less one, for context."""
        return max(1, self.scrollable_content_region.height - self.HEADER_LINES - 1)

    def cursor_style_for(self, item: int) -> str:
        """The cursor's component class when `item` is under it, else ""."""
        return self.CURSOR_CLASS if item == self.cursor else ""

    # -- actions ----------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        self.cursor += step

    def action_page(self, direction: int) -> None:
        self.cursor += direction * self.page_size

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.item_count - 1
