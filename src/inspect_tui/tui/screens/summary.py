"""The round summary: every site against the categories found in the round, and the circular.

The table lists the round's sites with one column per category that has any finding (labels
in the round's script) plus the verdict; keys filter it to the sites with findings or the
不合格 ones. The preview pane shows the circular's text exactly as `export --format txt`
writes it. On a narrow terminal the two take turns (p); on a wide one they sit side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar, Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Footer, Header, Static

from ...checklist import CategoryKind, Checklist
from ...circular.blocks import Circular
from ...circular.compose import format_rate
from ...circular.text import render_text
from ...circular.wording import load_wording
from ...errors import UserError
from ...export import ComposeInputs, compose_inputs, compose_round
from ...i18n import t
from ...model import Finding, RoundData, Verdict
from ...store import Store
from ...text import cell_width, fit, widest
from ..base import LocalizedScreen
from ..widgets.circular_preview import CircularPreview
from ..widgets.summary_table import Justify, SummaryTable, TableCell, TableColumn

FilterMode = Literal["all", "findings", "fail"]
FILTERS: tuple[FilterMode, ...] = ("all", "findings", "fail")
FLAG_MARK = "✓"
SITE_COLUMN_MAX = 24  # cells; longer names end with "…" (the walk screen shows them whole)
OVERRIDE_MARK = "*"


@dataclass(frozen=True)
class Column:
    category: str
    label: str


@dataclass(frozen=True, slots=True)
class SiteRow:
    """One table row: a site, its verdict and one cell per column category."""

    uid: str
    seq: int
    name: str
    verdict: Verdict
    overridden: bool
    cells: tuple[str, ...]

    @property
    def has_findings(self) -> bool:
        return any(self.cells)


@dataclass(frozen=True)
class SummaryModel:
    columns: tuple[Column, ...]
    rows: tuple[SiteRow, ...]
    verdict_labels: dict[str, str]

    def visible(self, mode: FilterMode) -> list[SiteRow]:
        if mode == "findings":
            return [r for r in self.rows if r.has_findings]
        if mode == "fail":
            return [r for r in self.rows if r.verdict is Verdict.FAIL]
        return list(self.rows)

    def verdict_text(self, row: SiteRow) -> str:
        return self.verdict_labels[row.verdict.value] + (OVERRIDE_MARK if row.overridden else "")

    def column_widths(self, headers: Sequence[str]) -> list[int]:
        """Cells needed by each column (seq, site, verdict, categories) for all rows.

        Category labels are long and their cells short, so a long category label wraps onto
        the header's second line: half its width, rounded up to whole CJK characters.
        """
        widths = [cell_width(h) for h in headers[:3]]
        widths += [w if w <= 8 else (w + 3) // 4 * 2 for w in map(cell_width, headers[3:])]
        site_max = max(SITE_COLUMN_MAX, widths[1])
        # Column by column over distinct values: at census size (84,094 rows) cell by cell
        # was 0.9 s on every filter change.
        columns = [
            {str(r.seq) for r in self.rows},
            {r.name for r in self.rows},
            {self.verdict_text(r) for r in self.rows},
            *({r.cells[i] for r in self.rows} for i in range(len(self.columns))),
        ]
        widths = [widest(values, w) for w, values in zip(widths, columns, strict=True)]
        widths[1] = min(widths[1], site_max)
        return widths

    @property
    def failed(self) -> int:
        return sum(1 for r in self.rows if r.verdict is Verdict.FAIL)

    @property
    def with_findings(self) -> int:
        return sum(1 for r in self.rows if r.has_findings)


def cell_text(finding: Finding, kind: CategoryKind | None) -> str:
    """Count categories show the count, element categories the number of elements, flags ✓."""
    if kind is CategoryKind.COUNT and finding.count:
        return str(finding.count)
    if kind is CategoryKind.ELEMENTS and finding.elements:
        return str(len(finding.elements))
    return FLAG_MARK


def build_model(data: RoundData, checklist: Checklist) -> SummaryModel:
    """The table's content (pure): columns in checklist order, rows in roster order."""
    script = data.round.script
    found = {f.category for f in data.findings}
    columns = [Column(c.id, c.label(script)) for c in checklist.categories if c.id in found]
    # Categories unknown to the round's checklist still get a column: nothing is hidden.
    columns += [Column(cat, cat) for cat in sorted(found - {c.category for c in columns})]
    index = {c.category: i for i, c in enumerate(columns)}
    kinds = {c.id: c.kind for c in checklist.categories}
    by_site = data.findings_by_site
    overrides = data.override_by_site
    rows = []
    for site in sorted(data.sites, key=lambda s: s.seq):
        findings = by_site.get(site.uid, [])
        cells = [""] * len(columns)
        for f in findings:
            cells[index[f.category]] = cell_text(f, kinds.get(f.category))
        override = overrides.get(site.uid)
        rows.append(
            SiteRow(
                uid=site.uid,
                seq=site.seq,
                name=site.short_name or site.name,
                verdict=checklist.verdict(findings, override),
                overridden=override is not None,
                cells=tuple(cells),
            )
        )
    labels = load_wording(script).section("verdicts")
    return SummaryModel(
        columns=tuple(columns),
        rows=tuple(rows),
        verdict_labels={v.value: str(labels[v.value]) for v in Verdict},
    )


# A census-sized circular is 250,000 lines, mostly attachment rows: composing its text takes
# memory and a soft-wrapping TextArea takes seconds to wrap it, again on every resize. The
# preview is for reading the wording, so each attachment shows its first rows only.
PREVIEW_MAX_ROWS = 1000  # per attachment


def _first_rows(circular: Circular, limit: int) -> tuple[Circular, int]:
    """`circular` with at most `limit` table rows per attachment, and the number of rows of
    all its attachments (the cut ones included)."""
    attachments = []
    total = 0
    for attachment in circular.attachments:
        budget = limit
        tables = []
        for table in attachment.tables:
            total += len(table.rows)
            if budget > 0:
                tables.append(replace(table, rows=table.rows[:budget]))
                budget -= len(table.rows)
        attachments.append(replace(attachment, tables=tuple(tables)))
    return replace(circular, attachments=tuple(attachments)), total


STATS_SEPARATOR = " · "


def stats_line(counts: str, showing: str, width: int) -> str:
    """The counts and the filter shown, on one line of `width` cells: when it is too narrow
    the counts are cut ("…"), never what the table is showing."""
    line = counts + STATS_SEPARATOR + showing
    if width <= 0 or cell_width(line) <= width:
        return line
    room = width - cell_width(STATS_SEPARATOR + showing)
    return fit(counts, room, pad=False) + STATS_SEPARATOR + showing if room > 0 else showing


def preview_text(data: RoundData, checklist: Checklist, inputs: ComposeInputs | None = None) -> str:
    """The circular's text as exported (render_text), without page breaks; with
    at most PREVIEW_MAX_ROWS rows per attachment and, if rows were left out, a note saying
    where they are. `inputs` (previous round, office templates, population) as the export
    reads them, so the preview is the exported circular."""
    circular, total = _first_rows(
        compose_round(data, checklist, inputs or ComposeInputs()), PREVIEW_MAX_ROWS
    )
    text = render_text(circular).replace("\f", "")
    shown = sum(len(t.rows) for a in circular.attachments for t in a.tables)
    if shown < total:
        note = t("summary.preview_cut", limit=PREVIEW_MAX_ROWS, total=total)
        text = text.rstrip("\n") + "\n\n" + note + "\n"
    return text


class SummaryScreen(LocalizedScreen[str | None]):
    """Sites × categories with findings, verdicts and a live preview of the circular.

    Dismisses with the uid of the site chosen with enter (or o), or None on escape.
    """

    CSS_PATH = "screens.tcss"
    # Screen declares this as an instance variable, so it cannot be annotated ClassVar here.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "summary.key.close", id="summary.close"),
        Binding("a", "filter('all')", "summary.key.all", id="summary.filter_all"),
        Binding("f", "filter('findings')", "summary.key.findings", id="summary.filter_findings"),
        Binding("n", "filter('fail')", "summary.key.fail", id="summary.filter_fail"),
        Binding("p", "toggle_preview", "summary.key.preview", id="summary.preview"),
        Binding("o", "open_site", "summary.key.open", id="summary.open_site"),
    ]

    filter_mode: reactive[FilterMode] = reactive[FilterMode]("all", init=False)
    show_preview: reactive[bool] = reactive(False, init=False)

    def __init__(self, store: Store, round_key: str) -> None:
        super().__init__()
        self.store = store
        self.round_key = round_key
        self.model = SummaryModel((), (), {})
        self._visible: list[SiteRow] = []
        self._mark: int | None = None  # the store's content mark when last read
        self._generation = 0  # of the data read: a preview shows only the latest
        self._columns: list[TableColumn] = []  # fitted to all rows when the round is read
        self._stats_width = 0  # the width the stats line was fitted to

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary-stats")
        with Horizontal(id="summary-body"):
            with Vertical(id="summary-table-pane"):
                yield SummaryTable(id="summary-table", fixed_columns=2)
                yield Static(t("summary.empty"), id="summary-empty")
            yield CircularPreview(id="summary-preview")
        yield Static(t("summary.legend_override"), id="summary-legend")
        yield Footer()

    def on_screen_resume(self) -> None:
        # Shown for the first time, or back from another screen that may have changed the round.
        self.reload()

    async def recompose(self) -> None:
        """Rebuilt in a new UI language: fill the new widgets, keeping filter and pane."""
        await super().recompose()
        self.reload(force=True)
        self.query_one("#summary-preview" if self.show_preview else "#summary-table").focus()

    # -- data --------------------------------------------------------------------------------

    def reload(self, *, force: bool = False) -> None:
        """Read the round again; refresh the table and the preview when it has changed."""
        mark = self.store.content_mark()
        if mark == self._mark and not force:
            return
        self._mark = mark
        data = self.store.round_data(self.round_key)
        checklist = self.store.round_checklist(self.round_key)
        self.title = t("summary.title", round=self.round_key)
        self.sub_title = data.round.title
        self.model = build_model(data, checklist)
        self._columns = self._fit_columns()
        self._generation += 1
        # the store is read here, on the UI thread (its connection belongs to it)
        self._load_preview(data, checklist, compose_inputs(self.store, data), self._generation)
        self.query_one("#summary-legend").display = any(r.overridden for r in self.model.rows)
        self._fill_table()

    @work(thread=True, exclusive=True, group="summary-preview")
    def _load_preview(
        self, data: RoundData, checklist: Checklist, inputs: ComposeInputs, generation: int
    ) -> None:
        """Compose the circular off the UI thread: 1.5 s at census size (the data are frozen
        values, safe to read from a thread)."""
        try:
            text = preview_text(data, checklist, inputs)
        except UserError as exc:  # e.g. the round's template file broken since: say so
            text = str(exc)
        self.app.call_from_thread(self._show_preview, generation, text)

    def _show_preview(self, generation: int, text: str) -> None:
        if generation == self._generation:  # not the preview of a round since reloaded
            self.query_one("#summary-preview", CircularPreview).show(text)

    def _fit_columns(self) -> list[TableColumn]:
        """Columns with widths fitted to every row (not only the ones shown), so that they do
        not jump when the filter changes; once per reading of the round (and per language)."""
        headers = [
            t("summary.col.seq"),
            t("summary.col.site"),
            t("summary.col.verdict"),
            *(c.label for c in self.model.columns),
        ]
        justify: list[Justify] = ["right", "left", "left"]
        justify.extend("center" for _ in self.model.columns)
        widths = self.model.column_widths(headers)
        return [TableColumn(*spec) for spec in zip(headers, widths, justify, strict=True)]

    def _fill_table(self) -> None:
        self._visible = self.model.visible(self.filter_mode)
        self.table.set_rows(self._columns, len(self._visible), self._cells)
        self.query_one("#summary-empty").display = not self._visible
        self._update_stats()

    @property
    def table(self) -> SummaryTable:
        return self.query_one("#summary-table", SummaryTable)

    def _cells(self, i: int) -> list[TableCell]:
        """Row i of the table as shown; called only for the rows on screen."""
        row = self._visible[i]
        verdict = TableCell(self.model.verdict_text(row), emphasis=row.verdict is Verdict.FAIL)
        return [
            TableCell(str(row.seq)),
            TableCell(row.name),
            verdict,
            *(TableCell(cell) for cell in row.cells),
        ]

    def _update_stats(self) -> None:
        rows = self.model.rows
        passed = len(rows) - self.model.failed
        counts = t(
            "summary.stats",
            sites=len(rows),
            with_findings=self.model.with_findings,
            failed=self.model.failed,
            rate=format_rate(passed, len(rows)),
        )
        showing = t(
            "summary.showing",
            filter=t(f"summary.filter.{self.filter_mode}"),
            shown=len(self._visible),
        )
        stats = self.query_one("#summary-stats", Static)
        self._stats_width = stats.content_region.width
        stats.update(Text(stats_line(counts, showing, self._stats_width)))

    def on_resize(self) -> None:
        if self._mark is not None and self._stats_width != self.size.width - 2:
            self.call_after_refresh(self._update_stats)

    @property
    def visible_uids(self) -> list[str]:
        """The uids of the rows shown, in table order."""
        return [r.uid for r in self._visible]

    # -- reactives ---------------------------------------------------------------------------

    def watch_filter_mode(self) -> None:
        if self._mark is not None:
            self._fill_table()

    def watch_show_preview(self, show: bool) -> None:
        self.set_class(show, "-preview")
        target = "#summary-preview" if show else "#summary-table"
        self.query_one(target).focus()

    # -- actions -----------------------------------------------------------------------------

    def action_filter(self, mode: str) -> None:
        for known in FILTERS:
            if known == mode:
                self.filter_mode = known

    def action_toggle_preview(self) -> None:
        self.show_preview = not self.show_preview

    def action_open_site(self) -> None:
        row = self.table.cursor_row
        if self._visible and 0 <= row < len(self._visible):
            self.dismiss(self._visible[row].uid)

    def action_close(self) -> None:
        self.dismiss(None)

    @on(SummaryTable.RowSelected, "#summary-table")
    def _row_selected(self, event: SummaryTable.RowSelected) -> None:
        event.stop()
        self.action_open_site()
