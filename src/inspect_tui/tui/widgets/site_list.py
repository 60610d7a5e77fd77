"""The site list: one line per site, drawn with Textual's line API.

Only the visible rows are rendered and the data are plain lists, so a roster of 84,094 sites
opens and scrolls as fast as one of 36 (see shared/design/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from ...model import Progress, Site
from ...text import fit
from .cursor_list import CursorList, cursor_bindings

STATUS_GLYPH = {Progress.NOT_STARTED: "○", Progress.IN_PROGRESS: "◐", Progress.DONE: "●"}
FLAG_GLYPH = "•"  # the site has findings
FAIL_GLYPH = "✗"  # the site's verdict is 不合格


class SiteRows:
    """The walk's per-site state in parallel lists, indexed by roster position."""

    def __init__(self, sites: Sequence[Site]) -> None:
        self.uids = [s.uid for s in sites]
        self.seqs = [s.seq for s in sites]
        self.names = [s.short_name or s.name for s in sites]
        self.index = {uid: i for i, uid in enumerate(self.uids)}
        self.status = [Progress.NOT_STARTED] * len(sites)
        self.flagged = [False] * len(sites)
        self.failed = [False] * len(sites)
        self.seq_width = len(str(max(self.seqs, default=0)))
        # What the jump palette searches: short name, full name and code, case-folded.
        self.haystack = [f"{s.short_name}\t{s.name}\t{s.code}".casefold() for s in sites]
        self._done = 0

    def __len__(self) -> int:
        return len(self.uids)

    @property
    def done(self) -> int:
        return self._done

    @property
    def flagged_count(self) -> int:
        return sum(self.flagged)

    @property
    def failed_count(self) -> int:
        return sum(self.failed)

    def set_status(self, i: int, status: Progress) -> None:
        self._done += (status is Progress.DONE) - (self.status[i] is Progress.DONE)
        self.status[i] = status

    def next_unfinished(self, start: int) -> int | None:
        """The first site after `start` (wrapping round) that is not done."""
        n = len(self.uids)
        for step in range(1, n + 1):
            i = (start + step) % n
            if self.status[i] is not Progress.DONE:
                return i
        return None

    def label(self, i: int) -> str:
        return f"{self.seqs[i]:>{self.seq_width}} {self.names[i]}"


class SiteList(CursorList):
    """The roster of the round; the cursor is the site being walked."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "site-list--cursor",
        "site-list--done",
        "site-list--progress",
        "site-list--todo",
        "site-list--flag",
        "site-list--fail",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        *cursor_bindings(
            "sites",
            up="key_cursor_up",
            down="key_cursor_down",
            page_up="key_page_up",
            page_down="key_page_down",
            first="key_first_site",
            last="key_last_site",
        ),
        Binding("enter", "choose", "key_choose_site", show=False, id="sites.choose"),
    ]
    CURSOR_CLASS = "site-list--cursor"
    DEFER_SCROLL = True

    class Highlighted(Message):
        """The cursor moved to another site."""

        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    class Chosen(Message):
        """Enter was pressed on a site: the walk goes on with its checklist."""

    def __init__(self, rows: SiteRows, cursor: int = 0, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = rows
        self.set_reactive(SiteList.cursor, self.clamp(cursor))

    @property
    def item_count(self) -> int:
        return len(self.rows)

    def on_mount(self) -> None:
        self.virtual_size = Size(0, len(self.rows))  # names are cut to fit: no sideways scroll
        self.call_after_refresh(self.scroll_cursor_into_view)

    def cursor_moved(self, old: int, new: int) -> None:
        self.post_message(self.Highlighted(new))

    def refresh_row(self, i: int) -> None:
        self.refresh_line(i)

    def action_choose(self) -> None:
        self.post_message(self.Chosen())

    # -- rendering -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        i = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if i >= len(self.rows):
            return Strip.blank(width, base)
        rows = self.rows
        status = rows.status[i]
        status_style = self.get_component_rich_style(
            {
                Progress.DONE: "site-list--done",
                Progress.IN_PROGRESS: "site-list--progress",
                Progress.NOT_STARTED: "site-list--todo",
            }[status],
            partial=True,
        )
        segments = [
            Segment(" "),
            Segment(STATUS_GLYPH[status], status_style),
            Segment(
                FLAG_GLYPH if rows.flagged[i] else " ",
                self.get_component_rich_style("site-list--flag", partial=True),
            ),
            Segment(
                FAIL_GLYPH if rows.failed[i] else " ",
                self.get_component_rich_style("site-list--fail", partial=True),
            ),
            Segment(" " + fit(rows.label(i), width - 5, pad=False)),
        ]
        row_style = base
        if cursor := self.cursor_style_for(i):
            row_style = base + self.get_component_rich_style(cursor)
        strip = Strip(segments).apply_style(row_style)
        return strip.adjust_cell_length(width, row_style)
