"""The checklist of the current site: one line per category, the highlighted one edited by keys.

The basic group is always shown; the national group (单项否决 items first) sits behind a
toggle line. The first nine visible categories carry their number key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from ...checklist import Category, Checklist
from ...i18n import t
from ...model import Finding, Script
from ...text import cell_width, finding_marks, fit, wrap_cjk
from .cursor_list import CursorList, cursor_bindings


def visible_categories(checklist: Checklist, show_national: bool) -> list[Category]:
    """Basic categories in checklist order; then, when shown, national ones, vetoes first."""
    basic = [c for c in checklist.categories if c.group == "basic"]
    if not show_national:
        return basic
    national = [c for c in checklist.categories if c.group != "basic"]
    national.sort(key=lambda c: (c.veto.threshold is None, c.order))
    return basic + national


def uses(category: Category, placeholder: str, script: Script | str) -> bool:
    """Whether the category's attachment-3 sentence has `{placeholder}` (age, detail)."""
    return "{" + placeholder + "}" in category.item[str(script)]


@dataclass(frozen=True)
class _Row:
    category: Category | None  # None: the national-group toggle line
    number: int | None = None
    more: str = ""  # a continuation line: more of the recorded value, under the label


HEAD_CELLS = 8  # " 1 [✓] " and the veto mark: where the label starts
VALUE_GAP = "  "  # between the label and what was recorded


class ChecklistPanel(CursorList):
    """The categories of the round's checklist for the site being walked."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "checklist-panel--cursor",
        "checklist-panel--found",
        "checklist-panel--derived",
        "checklist-panel--veto",
        "checklist-panel--vetoed",
        "checklist-panel--toggle",
    }
    BINDINGS: ClassVar[list[BindingType]] = cursor_bindings(
        "checklist",
        up="key_category_up",
        down="key_category_down",
        first="key_category_first",
        last="key_category_last",
    )
    CURSOR_CLASS = "checklist-panel--cursor"

    class Highlighted(Message):
        def __init__(self, category: Category | None) -> None:
            self.category = category
            super().__init__()

    def __init__(
        self,
        checklist: Checklist,
        script: Script,
        *,
        show_national: bool = False,
        cursor: int = 0,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.checklist = checklist
        self.script = str(script)
        self.show_national = show_national
        self.findings: Mapping[str, Finding] = {}
        self.derived: Mapping[str, Finding] = {}
        self.notes: Mapping[str, str] = {}  # notes on categories with nothing recorded
        self.vetoing: set[str] = set()
        self.categories = visible_categories(checklist, show_national)
        self._rows = self._build_rows()
        self.national_count = sum(1 for c in checklist.categories if c.group != "basic")
        self.set_reactive(ChecklistPanel.cursor, self.clamp(cursor))

    # -- state -----------------------------------------------------------------------------

    def _build_rows(self) -> list[_Row]:
        rows: list[_Row] = []
        numbered = {c.id: n for n, c in enumerate(self.categories[:9], start=1)}
        basic = [c for c in self.categories if c.group == "basic"]
        for c in basic:
            rows += self._category_rows(c, numbered.get(c.id))
        if any(c.group != "basic" for c in self.checklist.categories):
            rows.append(_Row(None))
        for c in self.categories:
            if c.group != "basic":
                rows += self._category_rows(c, numbered.get(c.id))
        return rows

    def _category_rows(self, category: Category, number: int | None) -> list[_Row]:
        """The category's line and, when what was recorded does not fit beside its label,
        continuation lines with all of it (a narrow terminal must not hide the elements)."""
        row = _Row(category, number)
        value = self._value(category)
        width = self.scrollable_content_region.width if self.is_mounted else 0
        room = width - HEAD_CELLS
        if not value or room <= 0:
            return [row]
        label = cell_width(category.label(self.script))
        if label + cell_width(VALUE_GAP + value) <= room:
            return [row]
        return [
            row,
            *(_Row(category, number, more=line) for line in wrap_cjk(value, room, prefer="、 ")),
        ]

    def _value(self, category: Category) -> str:
        finding = self.findings.get(category.id)
        if finding is not None:
            return finding_marks(finding, category, self.checklist, self.script)
        if self.derived.get(category.id) is not None:
            return t("walk_derived")
        return ""

    def _relayout(self) -> None:
        """Rows again (continuation lines depend on the findings and the width)."""
        self._rows = self._build_rows()
        self.virtual_size = Size(self.size.width, len(self._rows))
        self.refresh()

    def on_resize(self) -> None:
        self._relayout()

    def set_findings(
        self, findings: Mapping[str, Finding], derived: Mapping[str, Finding] | None = None
    ) -> None:
        """The site's recorded findings, and those that follow from them (`derived`: shown
        ticked but marked automatic, e.g. 整改不到位 when a problem was carried over)."""
        self.findings = findings
        self.derived = derived or {}
        self.vetoing = {f.category for f in self.checklist.vetoing(findings.values())}
        self._relayout()

    def set_national(self, show: bool) -> None:
        current = self.highlighted
        self.show_national = show
        self.categories = visible_categories(self.checklist, show)
        self._relayout()
        if current is not None and current in self.categories:
            self.set_reactive(ChecklistPanel.cursor, self.categories.index(current))
        else:
            self.set_reactive(ChecklistPanel.cursor, self.clamp(self.cursor))
        self.refresh()
        self.post_message(self.Highlighted(self.highlighted))

    @property
    def highlighted(self) -> Category | None:
        return self.categories[self.cursor] if self.categories else None

    def highlight(self, category: Category) -> None:
        if category in self.categories:
            self.cursor = self.categories.index(category)

    # -- cursor ----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._rows))

    @property
    def item_count(self) -> int:
        return len(self.categories)

    def line_of(self, item: int) -> int:
        if not self.categories:
            return 0
        category = self.categories[self.clamp(item)]
        for y, row in enumerate(self._rows):
            if row.category is category:
                return y
        return 0

    def lines_of(self, item: int) -> int:
        if not self.categories:
            return 1
        category = self.categories[self.clamp(item)]
        return sum(1 for row in self._rows if row.category is category)

    def cursor_moved(self, old: int, new: int) -> None:
        self.refresh()  # the labels of both lines change style
        self.post_message(self.Highlighted(self.highlighted))

    # -- rendering -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        i = y + self.scroll_offset.y
        if i >= len(self._rows):
            return Strip.blank(width, base)
        row = self._rows[i]
        if row.category is None:
            return self._toggle_line(width, base)
        if row.more:
            return self._more_line(row, width, base)
        return self._category_line(row, width, base)

    def _more_line(self, row: _Row, width: int, base: Style) -> Strip:
        style = base
        if self.highlighted is row.category:
            style = base + self.get_component_rich_style(self.CURSOR_CLASS)
        text = " " * HEAD_CELLS + fit(row.more, width - HEAD_CELLS, pad=False)
        return Strip([Segment(text)]).apply_style(style).adjust_cell_length(width, style)

    def _continued(self, category: Category) -> bool:
        return any(row.more for row in self._rows if row.category is category)

    def _toggle_line(self, width: int, base: Style) -> Strip:
        arrow = "▾" if self.show_national else "▸"
        text = f" {arrow} " + t("walk_national_toggle", count=self.national_count, hotkey="g")
        style = base + self.get_component_rich_style("checklist-panel--toggle", partial=True)
        return Strip([Segment(fit(text, width), style)])

    def _category_line(self, row: _Row, width: int, base: Style) -> Strip:
        category = row.category
        assert category is not None
        finding = self.findings.get(category.id)
        derived = None if finding is not None else self.derived.get(category.id)
        is_cursor = self.highlighted is category
        row_style = base
        if is_cursor:
            row_style = base + self.get_component_rich_style(self.CURSOR_CLASS)
        number = f"{row.number}" if row.number else " "
        box = "[✓]" if finding is not None or derived is not None else "[ ]"
        if box == "[ ]" and category.id in self.notes:  # a note, not a problem
            box = "[¶]"
        veto = "⚑" if category.veto.threshold is not None else " "
        head = f" {number} {box} "
        value = ""
        if finding is not None:
            value = finding_marks(finding, category, self.checklist, self.script)
        elif derived is not None:
            value = t("walk_derived")
        elif category.id in self.notes:
            value = t("walk_note_mark")
        label = category.label(self.script)
        room = width - cell_width(head) - 1  # the veto mark
        if self._continued(category):
            value = ""  # shown whole on the lines below
        if value:
            # The label keeps its length as long as the value still gets a few cells.
            label = fit(label, max(4, room - min(cell_width(value), 12) - 2), pad=False)
        else:
            label = fit(label, room, pad=False)
        if category.id in self.vetoing:
            label_style = self.get_component_rich_style("checklist-panel--vetoed", partial=True)
        elif finding is not None:
            label_style = self.get_component_rich_style("checklist-panel--found", partial=True)
        elif derived is not None:
            label_style = self.get_component_rich_style("checklist-panel--derived", partial=True)
        else:
            label_style = Style()
        if is_cursor:  # the cursor's colours win; keep only the emphasis
            label_style = Style(bold=label_style.bold)
        segments = [
            Segment(head),
            Segment(veto, self.get_component_rich_style("checklist-panel--veto", partial=True)),
            Segment(label, label_style),
        ]
        if value:
            rest = room - cell_width(label) - 2
            if rest > 0:
                segments.append(Segment("  " + fit(value, rest, pad=False)))
        strip = Strip(segments).apply_style(row_style)
        return strip.adjust_cell_length(width, row_style)


def category_numbers(categories: Sequence[Category]) -> dict[int, Category]:
    return dict(enumerate(categories[:9], start=1))
