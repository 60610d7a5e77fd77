"""The history of a round: every stored change (who, when, what, before → after), newest first.

The store appends one audit row per change; this screen puts them into words. Findings are
named by their category label in the round's script and summarised by what changed
("錯別字 1 → 2"); verdicts, progress and follow-ups by their labels in the UI language.
It opens on one site's changes when given a site; a key widens it to the whole round.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widgets import DataTable, Footer, Header, Static

from ...checklist import Checklist
from ...i18n import t
from ...model import Finding, Qualifier, Scope, Script, finding_from_dict
from ...store import AuditEntry, Store
from . import LocalizedScreen

# The newest rows shown; a round of 84,094 sites has hundreds of thousands of changes.
MAX_ROWS = 2000
TEXT_CLIP = 16  # cells of a typed text (wording, note, reason) shown in a summary
NOTHING = "—"
ARROW = " → "
# The finding fields a summary shows, in reading order.
FINDING_FIELDS = (
    "count",
    "age",
    "scope",
    "qualifier",
    "elements",
    "detail",
    "wording",
    "note",
    "carried_from",
)
# Column caps in cells; the change column takes what is left, at least MIN_CHANGE_WIDTH.
WIDTH_CAPS = {"when": 16, "actor": 12, "site": 12, "what": 16}
MIN_CHANGE_WIDTH = 16
SCROLLBAR = 2
OTHER_LINES = 8  # header, stats, column headers, detail (3 lines), footer


def clip(text: str, width: int = TEXT_CLIP) -> str:
    """`text` on one line, cut with an ellipsis to at most `width` cells (CJK count double)."""
    text = " ".join(text.split())
    if cell_len(text) <= width:
        return text
    out: list[str] = []
    used = 0
    for ch in text:
        used += cell_len(ch)
        if used > width - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def local_time(ts: str) -> str:
    """An audit timestamp (UTC, ISO 8601) in the computer's local time, to the minute."""
    try:
        moment = datetime.fromisoformat(ts)
    except ValueError:
        return ts
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def category_label(checklist: Checklist | None, category: str, script: Script | str) -> str:
    if checklist is not None and checklist.has(category):
        return checklist.category(category).label(script)
    return category


def finding_value(
    finding: Finding,
    checklist: Checklist | None,
    script: Script | str,
    fields: Iterable[str] = FINDING_FIELDS,
) -> str:
    """What a finding records, briefly: `2`, `1年`, `多數 “辦理時間”`, `表述“…”`."""
    s = str(script)
    parts: list[str] = []
    for name in fields:
        if name == "count" and finding.count is not None:
            parts.append(str(finding.count))
        elif name == "age" and finding.age:
            parts.append(finding.age)
        elif name == "scope" and finding.scope is not Scope.NONE:
            scopes = checklist.scopes if checklist else {}
            parts.append(scopes.get(finding.scope.value, {}).get(s, finding.scope.value))
        elif name == "qualifier" and finding.qualifier is not Qualifier.NONE:
            qualifiers = checklist.qualifiers if checklist else {}
            parts.append(
                qualifiers.get(finding.qualifier.value, {}).get(s, finding.qualifier.value)
            )
        elif name == "elements" and finding.elements:
            if checklist is not None:
                parts.append(checklist.quote_elements(finding.elements, s))
            else:
                parts.append("、".join(finding.elements))
        elif name == "detail" and finding.detail.strip():
            parts.append(clip(finding.detail))
        elif name == "wording" and finding.wording.strip():
            parts.append(t("history.field.wording", text=clip(finding.wording)))
        elif name == "note" and finding.note.strip():
            parts.append(t("history.field.note", text=clip(finding.note)))
        elif name == "carried_from" and finding.carried_from:
            parts.append(t("history.field.carried", round=finding.carried_from))
    return " ".join(parts)


@dataclass(frozen=True)
class HistoryRow:
    """One audit entry in words."""

    id: int
    when: str
    actor: str
    site: str
    what: str
    change: str


class Describer:
    """Puts a round's audit entries into words (category labels in the round's script)."""

    def __init__(
        self, checklist: Checklist | None, script: Script | str, site_names: Mapping[str, str]
    ) -> None:
        self.checklist = checklist
        self.script = str(script)
        self.site_names = site_names

    def row(self, entry: AuditEntry) -> HistoryRow:
        what, change = self.describe(entry)
        return HistoryRow(
            id=entry.id,
            when=local_time(entry.ts),
            actor=entry.actor,
            site=self.site_names.get(entry.site_uid, entry.site_uid),
            what=what,
            change=change,
        )

    def describe(self, entry: AuditEntry) -> tuple[str, str]:
        """(what was done, before → after) for one entry."""
        if entry.action == "undo":
            after = entry.after if isinstance(entry.after, dict) else {}
            _, change = self._change(entry.entity, entry.before, after.get("state"))
            noun = t(f"history.entity.{entry.entity}")
            return t("history.what.undo", what=noun), change
        what, change = self._change(entry.entity, entry.before, entry.after, entry.action)
        return what, change

    # -- per entity --------------------------------------------------------------------------

    def _change(self, entity: str, before: Any, after: Any, action: str = "") -> tuple[str, str]:
        if entity == "finding":
            return self._finding(before, after)
        if entity == "override":
            verb = "set" if after is not None else "clear"
            return t(f"history.what.override.{verb}"), self._verdict(
                before
            ) + ARROW + self._verdict(after)
        if entity == "progress":
            return t("history.what.progress"), self._progress(before) + ARROW + self._progress(
                after
            )
        if entity == "followup":
            return self._followup(before, after)
        if entity == "round":
            return t(f"history.what.round.{action}"), self._round(action, after)
        if entity == "round_meta":
            return t("history.what.round_meta"), self._meta(before, after)
        if entity == "round_status":
            return t(f"history.what.round_status.{action}"), self._status(before, after)
        if entity == "export":
            path = after.get("path", "") if isinstance(after, dict) else ""
            return t("history.what.export", format=action), PurePath(path).name
        return f"{entity} {action}".strip(), clip(f"{_plain(before)}{ARROW}{_plain(after)}", 60)

    def _finding(self, before: Any, after: Any) -> tuple[str, str]:
        old = _finding_of(before)
        new = _finding_of(after)
        if new is not None and old is None:
            return t("history.what.finding.added"), NOTHING + ARROW + self._labelled(new)
        if old is not None and new is None:
            return t("history.what.finding.removed"), self._labelled(old) + ARROW + NOTHING
        if old is None or new is None:
            return t("history.what.finding.changed"), ""
        label = category_label(self.checklist, new.category, self.script)
        changed = [name for name in FINDING_FIELDS if getattr(old, name) != getattr(new, name)]
        was = self._value(old, changed) or NOTHING
        now = self._value(new, changed) or NOTHING
        return t("history.what.finding.changed"), f"{label} {was}{ARROW}{now}"

    def _labelled(self, finding: Finding) -> str:
        label = category_label(self.checklist, finding.category, self.script)
        return f"{label} {self._value(finding)}".strip()

    def _value(self, finding: Finding, fields: Sequence[str] = FINDING_FIELDS) -> str:
        return finding_value(finding, self.checklist, self.script, fields)

    def _verdict(self, state: Any) -> str:
        if not isinstance(state, dict) or "verdict" not in state:
            return t("history.verdict.computed")
        label = t(f"verdict_{state['verdict']}")
        reason = str(state.get("reason", "")).strip()
        return (
            t("history.verdict.with_reason", verdict=label, reason=clip(reason))
            if reason
            else label
        )

    def _progress(self, state: Any) -> str:
        status = state.get("status") if isinstance(state, dict) else None
        return t(f"history.progress.{status or 'not_started'}")

    def _followup(self, before: Any, after: Any) -> tuple[str, str]:
        state = after if isinstance(after, dict) else before if isinstance(before, dict) else {}
        label = category_label(self.checklist, str(state.get("category", "")), self.script)
        was = _followup_status(before)
        now = _followup_status(after)
        what = (
            t(f"history.what.followup.{now}")
            if now != "unmarked"
            else t("history.what.followup.unmarked")
        )
        change = f"{label} {t(f'previous.status.{was}')}{ARROW}{t(f'previous.status.{now}')}"
        return what, change

    def _round(self, action: str, after: Any) -> str:
        data = after if isinstance(after, dict) else {}
        if action == "create":
            text = t("history.round.sites", sites=data.get("sites", 0))
            if data.get("from"):
                text += t("history.round.from", round=data["from"])
            return text
        if action in ("import", "merge"):
            return t(
                "history.round.contents",
                findings=data.get("findings", 0),
                sites=data.get("sites", 0),
                source=clip(str(data.get("source", "")), 40),
            )
        return ""

    def _meta(self, before: Any, after: Any) -> str:
        old = before if isinstance(before, dict) else {}
        new = after if isinstance(after, dict) else {}
        names: list[str] = []
        if old.get("title") != new.get("title"):
            names.append(_field_name("title"))
        old_meta = old.get("meta") or {}
        new_meta = new.get("meta") or {}
        for name in sorted(set(old_meta) | set(new_meta)):
            if old_meta.get(name) != new_meta.get(name):
                names.append(_field_name(name))
        return t("history.meta.fields", fields="、".join(names)) if names else ""

    def _status(self, before: Any, after: Any) -> str:
        was = before.get("status", "") if isinstance(before, dict) else ""
        data = after if isinstance(after, dict) else {}
        text = t(f"history.status.{was}") + ARROW + t(f"history.status.{data.get('status', '')}")
        reason = str(data.get("reason", "")).strip()
        return t("history.status.reason", change=text, reason=clip(reason)) if reason else text


def _finding_of(state: Any) -> Finding | None:
    if not isinstance(state, dict) or "category" not in state:
        return None
    try:
        return finding_from_dict(state)
    except (KeyError, TypeError, ValueError):
        return None


def _followup_status(state: Any) -> str:
    status = state.get("status") if isinstance(state, dict) else None
    return status if status in ("present", "fixed") else "unmarked"


def _field_name(name: str) -> str:
    """A round-metadata field's label, as the metadata screen names it."""
    key = (
        f"history.meta.{name}"
        if name in ("narratives", "category_phrases")
        else f"meta.field.{name}"
    )
    label = t(key)
    return name if label == key else label


def _plain(value: Any) -> str:
    return NOTHING if value is None else str(value)


def build_rows(
    entries: Sequence[AuditEntry], describer: Describer, limit: int = MAX_ROWS
) -> list[HistoryRow]:
    """The newest `limit` entries in words, newest first."""
    newest = sorted(entries, key=lambda e: e.id, reverse=True)[:limit]
    return [describer.row(e) for e in newest]


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
        widths = []
        for key, header in columns:
            need = max([cell_len(header), *(cell_len(getattr(r, key)) for r in self.rows)])
            widths.append(min(WIDTH_CAPS.get(key, need), need))
        # Each cell is padded by one on both sides; keep room for a vertical scrollbar when
        # the rows will not fit (the screen's height less its other lines).
        scrollbar = SCROLLBAR if len(self.rows) > self.size.height - OTHER_LINES else 0
        room = self.size.width - 2 * len(columns) - scrollbar
        widths[-1] = max(MIN_CHANGE_WIDTH, min(widths[-1], room - sum(widths[:-1])))
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
