"""The summary's sites × categories table, drawn with Textual's line API.

`DataTable` measures and stores every cell up front: 3.5 s to open at 16,000 sites and
superlinear beyond. This table keeps the rows as they are and renders only the lines on
screen, so it opens as fast at the 84,094 sites of a national census as at 36. It has what the
summary needs and no more: a two-line header, the first columns fixed while the others scroll
sideways, a row cursor, zebra stripes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from ...text import align, fit, split_at_width
from .cursor_list import CursorList, cursor_bindings

Justify = Literal["left", "center", "right"]
HEADER_HEIGHT = 2
CELL_PADDING = 1  # blank cells either side of every column


@dataclass(frozen=True)
class TableColumn:
    label: str
    width: int  # cells of content, without the padding
    justify: Justify = "left"


@dataclass(frozen=True)
class TableCell:
    text: str
    emphasis: bool = False  # drawn in the table's --emphasis style (e.g. a 不合格 verdict)


RowSource = Callable[[int], Sequence[TableCell]]


def header_lines(label: str, width: int) -> tuple[str, str]:
    """A label on the header's two lines: cut after `width` cells, the rest (cut to fit with
    an ellipsis) below."""
    first, rest = split_at_width(label, width)
    return first, fit(rest, width, pad=False)


class SummaryTable(CursorList):
    """Rows come from a function (row index → cells), so no per-row object is built."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "summary-table--header",
        "summary-table--cursor",
        "summary-table--even",
        "summary-table--emphasis",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        *cursor_bindings(
            "summary-table",
            up="summary.key.up",
            down="summary.key.down",
            page_up="summary.key.page_up",
            page_down="summary.key.page_down",
            first="summary.key.first",
            last="summary.key.last",
        ),
        Binding("left", "sideways(-1)", "summary.key.left", show=False, id="summary-table.left"),
        Binding("right", "sideways(1)", "summary.key.right", show=False, id="summary-table.right"),
        Binding("enter", "select", "summary.key.open", show=False, id="summary-table.open"),
    ]
    HEADER_LINES = HEADER_HEIGHT
    CURSOR_CLASS = "summary-table--cursor"

    class RowSelected(Message):
        """Enter on a row."""

        def __init__(self, table: SummaryTable, row: int) -> None:
            self.table = table
            self.row = row
            super().__init__()

        @property
        def control(self) -> SummaryTable:
            return self.table

    def __init__(self, *, fixed_columns: int = 0, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fixed_columns = fixed_columns
        self.columns: list[TableColumn] = []
        self.row_count = 0
        self._cells: RowSource = lambda i: ()

    @property
    def item_count(self) -> int:
        return self.row_count

    @property
    def cursor_row(self) -> int:
        return self.cursor

    def set_rows(self, columns: Sequence[TableColumn], row_count: int, cells: RowSource) -> None:
        """Show `row_count` rows whose cells `cells(i)` gives, keeping the cursor's row number."""
        self.columns = list(columns)
        self.row_count = row_count
        self._cells = cells
        width = sum(c.width + 2 * CELL_PADDING for c in self.columns)
        self.virtual_size = Size(width, row_count + HEADER_HEIGHT)
        self.set_reactive(SummaryTable.cursor, self.clamp(self.cursor))
        self.refresh()
        self.scroll_cursor_into_view()

    def row_cells(self, i: int) -> Sequence[TableCell]:
        return self._cells(i)

    def move_cursor(self, row: int) -> None:
        self.cursor = row

    # -- actions -----------------------------------------------------------------------------

    def column_starts(self) -> list[int]:
        """Where each scrolling column starts (and the last one ends), in cells from the first."""
        starts = [0]
        for column in self.columns[self.fixed_columns :]:
            starts.append(starts[-1] + column.width + 2 * CELL_PADDING)
        return starts

    @property
    def shown_x(self) -> int:
        """The horizontal offset drawn: the scroll offset moved on to the next column start,
        so a column is shown whole or not at all (half a "不合格" reads as a stray "格")."""
        x = self.scroll_offset.x
        return next((start for start in self.column_starts() if start >= x), x)

    def action_sideways(self, direction: int) -> None:
        """Scroll by whole columns."""
        x = self.shown_x
        starts = self.column_starts()
        if direction > 0:
            target = next((s for s in starts if s > x), x)
        else:
            target = max((s for s in starts if s < x), default=0)
        self.scroll_to(x=target, animate=False, immediate=True)
        self.refresh()  # the shown offset may move even where the scroll offset cannot

    def action_select(self) -> None:
        if self.row_count:
            self.post_message(self.RowSelected(self, self.cursor))

    # -- rendering ---------------------------------------------------------------------------

    def _line_text(self, texts: Sequence[TableCell], styles: Sequence[Style | None]) -> Strip:
        """One line: the fixed columns, then the others shifted by the horizontal scroll."""
        pad = " " * CELL_PADDING
        fixed: list[Segment] = []
        moving: list[Segment] = []
        for i, column in enumerate(self.columns):
            cell = texts[i] if i < len(texts) else TableCell("")
            target = fixed if i < self.fixed_columns else moving
            text = pad + align(cell.text, column.width, column.justify) + pad
            target.append(Segment(text, styles[i] if i < len(styles) else None))
        width = self.scrollable_content_region.width
        fixed_strip = Strip(fixed)
        rest = max(0, width - fixed_strip.cell_length)
        x = self.shown_x
        moving_strip = Strip(moving).crop(x, x + rest)
        return Strip.join([fixed_strip, moving_strip])

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y < HEADER_HEIGHT:
            header = self.get_component_rich_style("summary-table--header")
            lines = [header_lines(c.label, c.width)[y] for c in self.columns]
            strip = self._line_text([TableCell(t) for t in lines], [None] * len(lines))
            style = base + header
            return strip.apply_style(style).adjust_cell_length(width, style)
        i = y - HEADER_HEIGHT + self.scroll_offset.y
        if i >= self.row_count:
            return Strip.blank(width, base)
        cells = self._cells(i)
        emphasis = self.get_component_rich_style("summary-table--emphasis", partial=True)
        strip = self._line_text(cells, [emphasis if c.emphasis else None for c in cells])
        style = base
        if i % 2:
            style = style + self.get_component_rich_style("summary-table--even")
        if cursor := self.cursor_style_for(i):
            style = style + self.get_component_rich_style(cursor)
        return strip.apply_style(style).adjust_cell_length(width, style)
