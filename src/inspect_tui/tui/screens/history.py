"""The history of a round: every stored change (who, when, what, before → after), newest first.

The store appends one audit row per change; `audit_words` puts them into words and this
screen shows them. It opens on one site's changes when given a site; a key widens it to the
whole round.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widgets import DataTable, Footer, Header, Static

from ...audit_words import Describer, HistoryRow, build_rows
from ...i18n import t
from ...store import Store
from ...text import capped, needed_widths, share_room
from ..base import LocalizedScreen

# Column caps in cells; the change column takes what is left, at least MIN_CHANGE_WIDTH.
WIDTH_CAPS = {"when": 16, "actor": 12, "site": 12, "what": 16}
MIN_CHANGE_WIDTH = 16
SCROLLBAR = 2
OTHER_LINES = 8  # header, stats, column headers, detail (3 lines), footer


class HistoryScreen(LocalizedScreen[None]):
    """The audit trail of one site (or the whole round), newest first. Escape closes it."""

    CSS_PATH = "followup.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "history.key.close", id="history.close"),
        Binding(
            "a",
            "toggle_scope",
            "history.key.toggle",
            tooltip="history.tip.toggle",
            id="history.toggle",
        ),
    ]

    whole_round: reactive[bool] = reactive(False, init=False)

    def __init__(self, store: Store, round_key: str, site_uid: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.round_key = round_key
        self.site_uid = site_uid
        rnd = store.round(round_key)
        self.round_title = rnd.title
        self.site_names = {s.uid: s.short_name or s.name for s in store.round_sites(round_key)}
        self.describer = Describer(store.round_checklist(round_key), rnd.script, self.site_names)
        self.rows: list[HistoryRow] = []
        self.total = 0
        self._laid_out_for = 0  # the screen width the table's columns were fitted to
        self.set_reactive(HistoryScreen.whole_round, site_uid is None)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="history-stats")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Static(t("history.empty"), id="history-empty")
        yield Static(id="history-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#history-table").focus()

    async def recompose(self) -> None:
        """Rebuilt in a new UI language: describe the entries again in it."""
        await super().recompose()
        self.reload()
        self.query_one("#history-table").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Opened on the whole round: there is no site to narrow it to.
        return not (action == "toggle_scope" and self.site_uid is None)

    # -- data --------------------------------------------------------------------------------

    @property
    def site_name(self) -> str:
        uid = self.site_uid or ""
        return self.site_names.get(uid, uid)

    def reload(self) -> None:
        """Read the audit trail again and fill the table."""
        site = None if self.whole_round else self.site_uid
        entries = self.store.audit(self.round_key, site)
        self.total = len(entries)
        self.rows = build_rows(entries, self.describer)
        self.title = t("history.title", round=self.round_key)
        self.sub_title = t("history.scope.round") if site is None else self.site_name
        self._fill_table()

    def _fill_table(self, *, keep_cursor: bool = False) -> None:
        table = self.query_one("#history-table", DataTable)
        cursor = table.cursor_row if keep_cursor else 0
        table.clear(columns=True)
        self._laid_out_for = self.size.width
        columns = [
            ("when", t("history.col.when")),
            ("actor", t("history.col.actor")),
            *([("site", t("history.col.site"))] if self.whole_round else []),
            ("what", t("history.col.what")),
            ("change", t("history.col.change")),
        ]
        widths = self._widths(columns)
        for (key, header), width in zip(columns, widths, strict=True):
            table.add_column(header, key=key, width=width)
        keys = [key for key, _ in columns]
        table.add_rows(self._cells(row, keys) for row in self.rows)
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))
        self.query_one("#history-empty").display = not self.rows
        self._update_stats()
        self._show_detail(table.cursor_row)

    def _widths(self, columns: Sequence[tuple[str, str]]) -> list[int]:
        """Column widths in cells: capped, and the change column gets what is left.

        A change cut short is shown whole under the table when its row is highlighted.
        """
        keys = [key for key, _ in columns]
        needs = needed_widths(
            [header for _, header in columns],
            ([getattr(r, key) for key in keys] for r in self.rows),
        )
        widths = capped(needs, [WIDTH_CAPS.get(key) for key in keys])
        # Each cell is padded by one on both sides; keep room for a vertical scrollbar when
        # the rows will not fit (the screen's height less its other lines).
        scrollbar = SCROLLBAR if len(self.rows) > self.size.height - OTHER_LINES else 0
        room = self.size.width - 2 * len(columns) - scrollbar - sum(widths[:-1])
        widths[-1:] = share_room(widths[-1:], room, MIN_CHANGE_WIDTH)
        return widths

    def on_resize(self) -> None:
        if self.rows and self.size.width != self._laid_out_for:
            self._fill_table(keep_cursor=True)

    @staticmethod
    def _cells(row: HistoryRow, keys: Sequence[str]) -> list[Text]:
        return [Text(getattr(row, key), no_wrap=True, overflow="ellipsis") for key in keys]

    def _update_stats(self) -> None:
        if self.whole_round:
            text = t("history.stats.round", count=self.total)
        else:
            text = t("history.stats.site", site=self.site_name, count=self.total)
        if self.total > len(self.rows):
            text += " · " + t("history.stats.limited", shown=len(self.rows))
        self.query_one("#history-stats", Static).update(Text(text))

    def _show_detail(self, index: int) -> None:
        detail = self.query_one("#history-detail", Static)
        if not 0 <= index < len(self.rows):
            detail.update("")
            detail.display = False
            return
        row = self.rows[index]
        parts = [row.when, row.actor, row.site, row.what]
        head = " · ".join(p for p in parts if p)
        detail.update(Text(f"{head}\n{row.change}" if row.change else head))
        detail.display = True

    @on(DataTable.RowHighlighted, "#history-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail(event.cursor_row)

    # -- actions -----------------------------------------------------------------------------

    def watch_whole_round(self) -> None:
        self.reload()

    def action_toggle_scope(self) -> None:
        if self.site_uid is not None:
            self.whole_round = not self.whole_round

    def action_close(self) -> None:
        self.dismiss(None)
