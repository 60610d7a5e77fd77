"""The circular's text, read-only, wrapped by the CJK line-breaking rules.

TextArea's own soft wrap breaks wherever a line is full: "〔2015〕" split over two lines, a line
starting with "，". This pane wraps the text itself (`text.wrap_lines`, kinsoku) to its width
and wraps it again when its width changes.
"""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from ...text import wrap_lines

CURSOR_CELL = 1  # TextArea keeps a cell at the end of a line for the cursor


class CircularPreview(TextArea):
    """Call `show` with the text; the pane wraps it to fit."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            id=id,
            read_only=True,
            show_cursor=False,
            soft_wrap=False,
            highlight_cursor_line=False,
        )
        self.raw = ""
        self._wrapped_at = -1  # the width the shown text was wrapped to

    @property
    def line_width(self) -> int:
        width = self.scrollable_content_region.width - self.gutter_width - CURSOR_CELL
        return max(0, width)

    def show(self, text: str) -> None:
        self.raw = text
        self._wrapped_at = -1
        self._rewrap()

    def _rewrap(self) -> None:
        width = self.line_width
        if width <= 0 or width == self._wrapped_at:
            return  # not shown yet (narrow layout): wrapped when it gets a size
        self._wrapped_at = width
        self.load_text(wrap_lines(self.raw, width))

    def on_resize(self, event: events.Resize) -> None:
        self._rewrap()
