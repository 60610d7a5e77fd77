"""Merging inspectors' bundles of one round, choosing the winner of each conflict by key.

The same merge as `inspect-tui bundle merge`: the bundles are read and validated first (an
invalid one is named with its field, and nothing is written); when the round is already in
the database its own entries take part as one more inspector, "<login> (local)". Entries
the inspectors agree on merge silently; each conflict is a row where the user picks whose
entry wins (←/→ or the inspector's number), or takes one inspector for every row. Once no
conflict is left, ctrl+s writes the round in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from ... import bundle as bundle_mod
from ...bundle import Bundle, BundleError, Conflict
from ...bundle_store import bundle_from_store, write_merge
from ...checklist import Checklist
from ...i18n import t, user_text
from ...merge_plan import VERDICT_ENTRY, MergePlan
from ...model import Finding, VerdictOverride
from ...store import Store, StoreError
from ...text import category_label, clip, finding_value
from ..base import LocalizedScreen

FIXED_CAPS = (1, 12, 14)  # cells of the mark, site and item columns at most
MIN_INSPECTOR_WIDTH = 8
SCROLLBAR = 2

CHOSEN, CANDIDATE = "●", "○"
_PATH_TOKEN = re.compile(r'"([^"]*)"|\'([^\']*)\'|([^\s,]+)')


def split_paths(text: str) -> list[Path]:
    """Paths typed in one line, separated by commas or spaces; quote a path with spaces."""
    paths = []
    for m in _PATH_TOKEN.finditer(text):
        token = next(g for g in m.groups() if g is not None)
        if token.strip():
            paths.append(Path(token.strip()).expanduser())
    return paths


def read_bundles(paths: list[Path]) -> list[Bundle]:
    """Read and validate every file; BundleError names the first bad file (and field)."""
    if not paths:
        raise BundleError(t("merge.error.no_files"))
    bundles = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise BundleError(
                t("merge.error.read", file=path.name, error=exc.strerror or str(exc))
            ) from None
        bundles.append(bundle_mod.parse(data, path.name))
    return bundles


def _value(plan: MergePlan, conflict: Conflict, party: str, *, full: bool = False) -> str:
    """What `party` recorded for the entry, in words; typed text cut short unless `full`."""
    if conflict.entry == VERDICT_ENTRY:
        return _override_text(plan.override(conflict, party), full)
    b = plan.bundle_of(party)
    return _finding_text(plan.finding(conflict, party), plan.checklist, b, full)


def _entry_label(plan: MergePlan, conflict: Conflict) -> str:
    if conflict.entry == VERDICT_ENTRY:
        return t("merge.entry.verdict")
    return category_label(plan.checklist, conflict.entry, plan.bundles[0].script)


def _site_label(plan: MergePlan, conflict: Conflict, names: dict[str, str]) -> str:
    """The site's short name, as in the walk's site list."""
    if not names:
        names.update(
            {s.uid: s.short_name or s.name for b in reversed(plan.bundles) for s in b.sites}
        )
    return names.get(conflict.site_uid, conflict.site_name)


def _override_text(o: VerdictOverride | None, full: bool) -> str:
    if o is None:
        return t("merge.value.no_override")
    label = t(f"verdict_{o.verdict.value}")
    return t("merge.value.override", verdict=label, reason=o.reason if full else clip(o.reason))


def _finding_text(f: Finding | None, checklist: Checklist | None, b: Bundle, full: bool) -> str:
    if f is None:
        return t("merge.value.no_finding")
    if full and f.wording.strip():
        return checklist.problem_sentence(f, b.script) if checklist else f.wording
    return finding_value(f, checklist, b.script) or t("merge.value.found")


def one_line(text: str, style: str = "") -> Text:
    """A cell that ends with "…" when its column is too narrow."""
    return Text(text, style=style, no_wrap=True, overflow="ellipsis")


def fit_widths(headers: Sequence[str], rows: Sequence[Sequence[Text]], width: int) -> list[int]:
    """Column widths that fit `width` cells: site and item capped, inspectors share the rest.

    A cell cut short is shown in full below the table when its row is highlighted.
    """
    needs = [
        max([cell_len(header), *(cell_len(row[i].plain) for row in rows)])
        for i, header in enumerate(headers)
    ]
    fixed = [min(need, cap) for need, cap in zip(needs[:3], FIXED_CAPS, strict=True)]
    # Each cell is padded by one on both sides; keep room for the vertical scrollbar.
    left = width - 2 * len(headers) - SCROLLBAR - sum(fixed)
    inspectors = needs[3:]
    shares = [0] * len(inspectors)
    for k, i in enumerate(sorted(range(len(inspectors)), key=lambda i: inspectors[i])):
        fair = left // (len(inspectors) - k)
        shares[i] = max(MIN_INSPECTOR_WIDTH, min(inspectors[i], fair))
        left -= shares[i]
    return fixed + shares


def plan_merge(store: Store, paths: list[Path]) -> MergePlan:
    """Read the bundles, add the local round, and find the conflicts (nothing is written).

    Two bundles by one inspector are two parties (named "inspector (file)"): their
    differences are conflicts like any others, never one side dropped.
    """
    bundles = read_bundles(paths)
    key = bundles[0].key
    local = store.has_round(key)
    if local:
        bundles.insert(
            0, bundle_from_store(store, key, inspector=t("merge.local", actor=store.actor))
        )
    twice = bundle_mod.same_bundle(bundles)
    if twice is not None:
        raise BundleError(
            t("merge.error.same_bundle", first=twice[0].source, second=twice[1].source)
        )
    return MergePlan.build(bundles, paths, local=local)


class ConflictTable(DataTable[Text]):
    """The conflicts, one per row; keys on a row choose whose entry wins."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "screen.step(-1)", "merge.key.previous", show=False, id="merge.previous"),
        Binding(
            "right",
            "screen.step(1)",
            "merge.key.choose",
            key_display="←→",
            tooltip="merge.tip.choose",
            id="merge.next",
        ),
        Binding(
            "1",
            "screen.pick(1)",
            "merge.key.pick",
            key_display="1-9",
            tooltip="merge.tip.pick",
            id="merge.pick-1",
        ),
        *[
            Binding(str(n), f"screen.pick({n})", "merge.key.pick", show=False, id=f"merge.pick-{n}")
            for n in range(2, 10)
        ],
        Binding("a", "screen.prefer_row", "merge.key.all", tooltip="merge.tip.all", id="merge.all"),
    ]


class MergeScreen(LocalizedScreen[bool]):
    """Merge bundles into this database, choosing each conflict's winner.

    Dismisses True once the merge is written, False when closed without writing.
    """

    CSS_PATH = "followup.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "merge.key.close", id="merge.close"),
        Binding("ctrl+s", "apply", "merge.key.apply", tooltip="merge.tip.apply", id="merge.apply"),
    ]

    def __init__(self, store: Store, paths: list[Path]) -> None:
        super().__init__()
        self.store = store
        self.paths = list(paths)
        self.plan: MergePlan | None = None
        self.error = ""
        self._laid_out_for = 0  # the screen width the table's columns were fitted to
        self._site_names: dict[str, str] = {}  # site uid → short name, for the table

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="merge-files"):
            yield Label(t("merge.paths.label"), id="merge-paths-label")
            yield Input(
                value=", ".join(str(p) for p in self.paths),
                placeholder=t("merge.paths.placeholder"),
                id="merge-paths",
            )
        yield Static(id="merge-message")
        yield ConflictTable(id="merge-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="merge-legend")
        yield Static(id="merge-detail")
        yield Footer()

    def on_mount(self) -> None:
        if self.paths:
            self.load(self.paths)
        else:
            self._show()
            self.query_one("#merge-paths").focus()

    async def recompose(self) -> None:
        """Rebuilt in a new UI language: the bundles and choices made so far stay."""
        await super().recompose()
        self._show()

    # -- loading -----------------------------------------------------------------------------

    def load(self, paths: list[Path]) -> None:
        """Read and check the bundles at `paths`; list their conflicts. Writes nothing."""
        self.paths = list(paths)
        self.plan = None
        self.error = ""
        self._site_names = {}
        try:
            self.plan = plan_merge(self.store, self.paths)
        except (BundleError, StoreError) as exc:
            self.error = user_text(exc)
        self._show()
        if self.plan is not None and self.plan.conflicts:
            self.query_one("#merge-table").focus()

    @on(Input.Submitted, "#merge-paths")
    def _paths_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.load(split_paths(event.value))

    # -- showing -----------------------------------------------------------------------------

    def _show(self) -> None:
        plan = self.plan
        self.title = t("merge.title", round=plan.key) if plan else t("merge.title_empty")
        self.sub_title = ""
        table = self.query_one("#merge-table", ConflictTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        self._laid_out_for = self.size.width
        table.display = plan is not None and bool(plan.conflicts)
        if plan is not None:
            headers = [
                " ",
                t("merge.col.site"),
                t("merge.col.entry"),
                *(f"{n} {name}" for n, name in enumerate(plan.inspectors, start=1)),
            ]
            rows = [self._cells(plan, c) for c in plan.conflicts]
            widths = fit_widths(headers, rows, self.size.width)
            for key, header, width in zip(self._keys(plan), headers, widths, strict=True):
                table.add_column(header, key=key, width=width)
            for i, cells in enumerate(rows):
                table.add_row(*cells, key=str(i))
            if plan.conflicts:
                table.move_cursor(row=min(max(cursor, 0), len(plan.conflicts) - 1))
        self._show_message()
        self._show_legend()
        self._show_detail()

    def on_resize(self) -> None:
        if self.plan is not None and self.size.width != self._laid_out_for:
            self._show()

    @staticmethod
    def _keys(plan: MergePlan) -> list[str]:
        return ["mark", "site", "entry", *(f"i{n}" for n in range(1, len(plan.inspectors) + 1))]

    def _show_detail(self) -> None:
        """The highlighted conflict in full: site, item and every inspector's entry."""
        detail = self.query_one("#merge-detail", Static)
        current = self.current
        plan = self.plan
        detail.display = current is not None
        if current is None or plan is None:
            return
        conflict = current[1]
        values = " · ".join(
            f"{n} {name}：{_value(plan, conflict, name, full=True)}"
            for n, name in enumerate(plan.inspectors, start=1)
            if name in conflict.values
        )
        detail.update(Text(f"{conflict.site_name} · {_entry_label(plan, conflict)} — {values}"))

    @on(DataTable.RowHighlighted, "#merge-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _cells(self, plan: MergePlan, conflict: Conflict) -> list[Text]:
        chosen = plan.chosen(conflict)
        theme = self.app.current_theme
        mark = (
            Text("✓", style=theme.success or "green")
            if chosen
            else Text("?", style=f"bold {theme.warning or 'yellow'}")
        )
        cells = [
            mark,
            one_line(_site_label(plan, conflict, self._site_names)),
            one_line(_entry_label(plan, conflict)),
        ]
        for name in plan.inspectors:
            if name not in conflict.values:
                cells.append(Text(""))
                continue
            value = _value(plan, conflict, name)
            if name == chosen:
                style = f"bold {theme.success or 'green'}"
                cells.append(one_line(f"{CHOSEN} {value}", style))
            else:
                style = "" if chosen is None else "dim"
                cells.append(one_line(f"{CANDIDATE} {value}", style))
        return cells

    def _refresh_row(self, index: int) -> None:
        plan = self.plan
        if plan is None:
            return
        table = self.query_one("#merge-table", ConflictTable)
        cells = self._cells(plan, plan.conflicts[index])
        for key, cell in zip(self._keys(plan), cells, strict=True):
            table.update_cell(str(index), key, cell)
        self._show_message()
        self._show_detail()

    def _show_message(self, note: str = "", *, error: bool = False) -> None:
        message = self.query_one("#merge-message", Static)
        plan = self.plan
        for cls in ("-error", "-ready", "-pending"):
            message.remove_class(cls)
        if self.error or error:
            message.add_class("-error")
            text = note or self.error
            if not note:
                text += "\n" + t("merge.nothing_written")
        elif plan is None:
            text = t("merge.status.empty")
        else:
            left = len(plan.unresolved)
            lines = [
                t(
                    "merge.status.loaded",
                    round=plan.key,
                    bundles=len(plan.files),
                    conflicts=len(plan.conflicts),
                    silent=plan.merged_silently,
                )
            ]
            lines.append(
                t("merge.status.local" if plan.local else "merge.status.new", round=plan.key)
            )
            if left:
                message.add_class("-pending")
                lines.append(note or t("merge.status.pending", left=left, n=len(plan.inspectors)))
            else:
                message.add_class("-ready")
                ready = "merge.status.ready" if plan.conflicts else "merge.status.no_conflicts"
                lines.append(note or t(ready, round=plan.key))
            text = "\n".join(lines)
        message.update(Text(text))

    def _show_legend(self) -> None:
        legend = self.query_one("#merge-legend", Static)
        plan = self.plan
        legend.display = plan is not None and bool(plan.conflicts)
        if plan is not None:
            legend.update(Text(t("merge.legend", chosen=CHOSEN, candidate=CANDIDATE)))

    # -- choosing ----------------------------------------------------------------------------

    @property
    def current(self) -> tuple[int, Conflict] | None:
        plan = self.plan
        if plan is None or not plan.conflicts:
            return None
        row = self.query_one("#merge-table", ConflictTable).cursor_row
        if not 0 <= row < len(plan.conflicts):
            return None
        return row, plan.conflicts[row]

    def action_step(self, step: int) -> None:
        """Choose the next (or previous) inspector's entry on the highlighted row."""
        current = self.current
        if current is None or self.plan is None:
            return
        index, conflict = current
        candidates = self.plan.candidates(conflict)
        chosen = self.plan.chosen(conflict)
        if chosen is None:
            position = 0 if step > 0 else len(candidates) - 1
        else:
            position = (candidates.index(chosen) + step) % len(candidates)
        self.plan.choose(conflict, candidates[position])
        self._refresh_row(index)

    def action_pick(self, number: int) -> None:
        """Choose inspector `number` (as numbered in the column headers) on the highlighted row."""
        current = self.current
        plan = self.plan
        if current is None or plan is None:
            return
        index, conflict = current
        if not 1 <= number <= len(plan.inspectors) or not plan.choose(
            conflict, plan.inspectors[number - 1]
        ):
            self.app.bell()
            return
        self._refresh_row(index)

    def action_prefer_row(self) -> None:
        """The inspector chosen on the highlighted row wins every conflict they take part in."""
        current = self.current
        plan = self.plan
        if current is None or plan is None:
            return
        chosen = plan.chosen(current[1])
        if chosen is None:
            self.app.bell()
            self._show_message(t("merge.need_row_choice"))
            return
        plan.prefer(chosen)
        self._show()
        self._show_message(t("merge.preferred", inspector=chosen) if not plan.unresolved else "")

    # -- writing -----------------------------------------------------------------------------

    def action_apply(self) -> None:
        plan = self.plan
        if plan is None:
            self.app.bell()
            if not self.error:  # an error in the bundles stays on show
                self._show_message(t("merge.status.empty"), error=True)
            return
        left = plan.unresolved
        if left:
            self.app.bell()
            self._show_message(t("merge.need_choices", left=len(left)))
            return
        try:
            result = plan.merge()
            if result.conflicts:  # every conflict has a choice: cannot happen, but never write
                raise BundleError(t("merge.need_choices", left=len(result.conflicts)))
            write_merge(
                self.store,
                plan.bundles[0],
                result,
                "merge of " + ", ".join(f.name for f in plan.files),
                existed=plan.local,
            )
        except (BundleError, StoreError) as exc:
            self.app.bell()
            self._show_message(user_text(exc) + "\n" + t("merge.nothing_written"), error=True)
            return
        self.app.notify(
            t("merge.done", bundles=len(plan.files), round=plan.key, findings=len(result.findings)),
            timeout=5,
        )
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)
