"""The round picker: open a round, create one, or load the bundled sample."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    Footer,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Select,
    Static,
)
from textual.widgets.option_list import Option

from ... import checklist as checklist_mod
from ...checklist import ChecklistError
from ...errors import UserError
from ...i18n import t, user_text
from ...model import ROUND_KEY_RE
from ...store import RoundSummary, Store
from ..base import LocalizedModal, LocalizedScreen
from ..errors import guarded
from ..navigation import OpenOffice, open_screen
from ..widgets.path_suggester import PathSuggester

if TYPE_CHECKING:  # imported where used: the template engine is not needed to list rounds
    from ...circular.template import TemplateInfo
    from ...round_setup import RosterCheck


def suggest_key(keys: list[str]) -> str:
    """The quarter after the newest `YYYYQn` key (2018Q4 → 2019Q1), or ""."""
    quarters = [(int(m["year"]), int(m["quarter"])) for k in keys if (m := ROUND_KEY_RE.match(k))]
    if not quarters:
        return ""
    year, quarter = max(quarters)
    year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return f"{year}Q{quarter}"


@dataclass(frozen=True)
class NewRound:
    """The round the dialog created, and what to tell the user about it."""

    key: str
    notice: str = ""


# Roster errors shown in the dialog; the rest are counted ("… and 12 more").
SHOWN_ISSUES = 6
ROSTER_SOURCE = "roster"
CSV_SOURCE = "csv"


class NewRoundDialog(LocalizedModal[NewRound | None]):
    """Key, title, circular template, checklist, and where the roster snapshot comes from:
    the current roster, a previous round, or a CSV file imported here (its errors or its
    counts are shown before anything is written). Creates the round itself, so a refusal
    (template for another script, broken checklist, a bad roster file) is shown in place and
    nothing is lost."""

    CSS_PATH = "rounds.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "key_save", id="dialog.save"),
        Binding("escape", "cancel", "key_cancel", id="dialog.cancel"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__(classes="dialog-screen")
        self.store = store
        self.rounds = store.rounds()
        self.roster_size = len(store.sites())
        self.sources = [ROSTER_SOURCE, CSV_SOURCE, *[r.key for r in reversed(self.rounds)]]
        self.checked: RosterCheck | None = None  # the roster file as last read

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="new-round"):
            yield Label(t("rounds_new_title"), markup=False, classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label(t("rounds_field_key"), markup=False, classes="field-label")
                yield Input(
                    suggest_key([r.key for r in self.rounds]), placeholder="2026Q1", id="key"
                )
            with Horizontal(classes="field"):
                yield Label(t("rounds_field_title"), markup=False, classes="field-label")
                yield Input(placeholder=t("rounds_title_hint"), id="title")
            with Horizontal(classes="field"):
                yield Label(t("rounds.new.template"), markup=False, classes="field-label")
                yield Select(
                    self._template_options(), value="", allow_blank=False, id="round-template"
                )
            with Horizontal(classes="field"):
                yield Label(t("rounds.new.checklist"), markup=False, classes="field-label")
                yield Input(
                    placeholder=t("rounds.new.checklist_hint"),
                    suggester=PathSuggester((".toml",)),
                    id="checklist-file",
                )
            yield Static("", markup=False, classes="dialog-hint", id="checklist-result")
            yield Label(t("rounds_field_from"), markup=False, classes="dialog-hint")
            with RadioSet(id="from"):
                yield RadioButton(t("rounds_from_roster", count=self.roster_size), value=True)
                yield RadioButton(t("rounds.new.from_csv"), id="from-csv")
                for r in reversed(self.rounds):
                    yield RadioButton(t("rounds_from_round", round=r.key, count=r.sites))
            with Horizontal(classes="field", id="csv-field"):
                yield Label(t("rounds.new.csv"), markup=False, classes="field-label")
                yield Input(
                    placeholder=t("rounds.new.csv_hint"),
                    suggester=PathSuggester((".csv",)),
                    id="csv",
                )
            yield Static("", markup=False, classes="dialog-hint", id="csv-result")
            yield Label("", markup=False, classes="dialog-error", id="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("dlg_save"), variant="primary", id="save")
                yield Button(t("dlg_cancel"), id="cancel")

    def on_mount(self) -> None:
        # the scrolling container is not a stop of tab: focus moves between the fields, and
        # the container scrolls to show the one focused
        self.query_one("#new-round").can_focus = False
        self.query_one("#checklist-result").display = False
        self._show_csv(False)
        self.query_one("#key", Input).focus()

    def _template_options(self) -> list[tuple[str, str]]:
        from ...circular.template import list_templates, office_template_dir

        folder = office_template_dir(self.store.path)
        options = [(t("rounds.new.template_default"), "")]
        options += [
            (
                t("rounds.new.template_option", name=i.name, title=i.title, scripts=_scripts(i)),
                i.name,
            )
            for i in list_templates((folder,))
        ]
        return options

    # -- the roster file -------------------------------------------------------------------
    @property
    def source(self) -> str:
        index = self.query_one("#from", RadioSet).pressed_index
        return self.sources[max(index, 0)]

    @on(RadioSet.Changed, "#from")
    def _source_changed(self) -> None:
        self._show_csv(self.source == CSV_SOURCE)
        self.query_one("#error", Label).update("")

    def _show_csv(self, shown: bool) -> None:
        self.query_one("#csv-field").display = shown
        self.query_one("#csv-result").display = shown
        if shown:
            self.query_one("#csv", Input).focus()

    @on(Input.Changed, "#checklist-file")
    def _checklist_changed(self, event: Input.Changed) -> None:
        """As soon as the path names a file: the checklist's first line, or its one error."""
        result = self.query_one("#checklist-result", Static)
        path = Path(os.path.expanduser(event.value.strip()))
        if not (event.value.strip() and path.is_file()):
            result.update("")
            result.display = False
            return
        try:
            text, broken = checklist_mod.check_checklist(path).describe()[0], False
        except ChecklistError as exc:
            text, broken = str(exc), True
        result.update(text)
        result.set_class(broken, "dialog-error")
        result.display = True

    @on(Input.Changed, "#csv")
    def _csv_changed(self, event: Input.Changed) -> None:
        self.checked = None
        self.query_one("#error", Label).update("")  # it was about the file before
        path = Path(os.path.expanduser(event.value.strip()))
        if event.value.strip() and path.is_file():
            self._check_csv(path)  # as soon as the path names a file: no extra key
        else:
            self.query_one("#csv-result", Static).update("")

    @on(Input.Submitted, "#csv")
    def _csv_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # Enter here reads the file again (it may have been fixed); it does not save
        path = self._csv_path()
        if path is not None:
            self._check_csv(path)

    def _csv_path(self) -> Path | None:
        value = self.query_one("#csv", Input).value.strip()
        return Path(os.path.expanduser(value)) if value else None

    def _check_csv(self, path: Path) -> RosterCheck:
        from ...round_setup import check_roster_file

        checked = check_roster_file(path)
        self.checked = checked
        self.query_one("#csv-result", Static).update(describe_roster_check(checked))
        result = self.query_one("#csv-result")
        result.set_class(not checked.ok, "dialog-error")
        # at 80×24 the result is below the fold: the dialog scrolls to its end (the result,
        # then the buttons), once the result's new height is laid out
        self.call_after_refresh(self._scroll_to_end)
        return checked

    def _scroll_to_end(self) -> None:
        self.query_one("#new-round", VerticalScroll).scroll_end(animate=False, immediate=False)

    # -- save ------------------------------------------------------------------------------
    @on(Input.Submitted, "#key, #title, #checklist-file")
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        key = self.query_one("#key", Input).value.strip()
        error = self.query_one("#error", Label)
        if not key:
            error.update(t("rounds_key_required"))
            self.query_one("#key", Input).focus()
            return
        roster: RosterCheck | None = None
        if self.source == CSV_SOURCE:
            path = self._csv_path()
            if path is None:
                error.update(t("rounds.new.csv_required"))
                self.query_one("#csv", Input).focus()
                return
            # read again: what is imported is the file as it is now (it may have been fixed
            # in another program since its errors were shown)
            roster = self._check_csv(path)
            if not roster.ok:
                error.update(t("error.round.roster_invalid", file=path))
                self.call_after_refresh(self._scroll_to_end)
                return
        from ...round_setup import RoundChoices, create_round

        template = self.query_one("#round-template", Select).value
        checklist = self.query_one("#checklist-file", Input).value.strip()
        choices = RoundChoices(
            key=key,
            title=self.query_one("#title", Input).value.strip(),
            from_key=self.source if self.source not in (ROSTER_SOURCE, CSV_SOURCE) else None,
            template=template if isinstance(template, str) and template else None,
            checklist_file=Path(os.path.expanduser(checklist)) if checklist else None,
            roster=roster,
        )
        try:
            created = create_round(self.store, choices)
        except (UserError, ChecklistError) as exc:  # said in place: the dialog stays open
            error.update(user_text(exc))
            self.call_after_refresh(self._scroll_to_end)  # the message sits above the buttons
            return
        notice = (
            t("rounds.new.imported", sites=len(roster.sites), file=roster.path.name, round=key)
            if roster is not None
            else ""
        )
        self.dismiss(NewRound(created.key, notice))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def _scripts(info: TemplateInfo) -> str:
    """The scripts a template is written in, as the option says them (简体 / 繁體)."""
    return "、".join(t(f"rounds.new.script.{s}") for s in info.scripts) or "—"


def describe_roster_check(checked: RosterCheck) -> str:
    """The roster file's counts (and first warning), or its errors, each naming the file, the
    row and the column, the first SHOWN_ISSUES of them."""
    if checked.issues:
        lines = [t("rounds.new.csv_errors", count=len(checked.issues))]
        lines += list(checked.issues[:SHOWN_ISSUES])
        if len(checked.issues) > SHOWN_ISSUES:
            lines.append(t("rounds.new.csv_more", count=len(checked.issues) - SHOWN_ISSUES))
        return "\n".join(lines)
    levels = {s.level for s in checked.sites if s.level}
    warnings = (
        t("rounds.new.csv_warnings", count=len(checked.warnings), first=checked.warnings[0])
        if checked.warnings
        else ""
    )
    return t(
        "rounds.new.csv_counts",
        file=checked.path.name,
        sites=len(checked.sites),
        levels=t("rounds.new.csv_levels", count=len(levels))
        if levels
        else t("rounds.new.csv_no_levels"),
        encoding=checked.encoding or "UTF-8",
        warnings=warnings,
    )


class RoundsScreen(LocalizedScreen[str | None]):
    """Pick the round to walk. Dismisses with its key (None: keep the current one)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "key_open_round", id="rounds.open"),
        Binding("n", "new", "key_new_round", id="rounds.new"),
        Binding("a", "sample", "key_load_sample", id="rounds.sample"),
        Binding("o", "office", "key_office", id="rounds.office"),
        Binding("escape", "cancel", "key_back", id="rounds.back"),
    ]

    def __init__(self, store: Store, current: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.current = current

    def compose(self) -> ComposeResult:
        rounds = self.store.rounds()
        with Vertical(id="rounds-body"):
            yield Static(t("rounds_title"), markup=False, id="rounds-title")
            if rounds:
                options = OptionList(
                    *[Option(Text(self._describe(r)), id=r.key) for r in reversed(rounds)],
                    id="round-list",
                )
                yield options
            else:
                yield Static(t("rounds_empty"), markup=False, id="rounds-empty")
            yield Static(t("rounds_hint"), markup=False, id="rounds-hint")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        if not self.store.has_office() and not self.store.rounds():
            self.action_office()  # an empty database: the office comes first (escape skips)
        if self.query("#round-list"):
            options = self.query_one("#round-list", OptionList)
            options.focus()
            if self.current:
                try:
                    options.highlighted = options.get_option_index(self.current)
                except Exception:
                    options.highlighted = 0
            else:
                options.highlighted = 0

    def _describe(self, r: RoundSummary) -> str:
        status = t("rounds_final") if r.status == "final" else ""
        line = t(
            "rounds_line",
            round=r.key,
            title=r.title or t("walk_untitled"),
            sites=r.sites,
            done=r.done,
            flagged=r.sites_with_findings,
        )
        return f"{line} {status}".rstrip()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel" and self.current is None:
            return False  # nothing to go back to
        return action != "open" or bool(self.query("#round-list"))

    @on(OptionList.OptionSelected)
    def action_open(self) -> None:
        options = self.query_one("#round-list", OptionList)
        if options.highlighted is None:
            return
        key = options.get_option_at_index(options.highlighted).id
        self.dismiss(key)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_office(self) -> None:
        # Opened by the app: screens do not import each other (tui.navigation).
        open_screen(self.app, OpenOffice(self.store, first_run=not self.store.has_office()))

    def action_new(self) -> None:
        self.app.push_screen(NewRoundDialog(self.store), self._created)

    def _created(self, new: NewRound | None) -> None:
        if new is None:
            return
        if new.notice:
            self.notify(new.notice, timeout=6)
        self.dismiss(new.key)

    @guarded
    def action_sample(self) -> None:
        from ...sample import ALL_SAMPLE_FILES, load_sample

        keys = load_sample(self.store, ALL_SAMPLE_FILES)
        self.notify(t("rounds.sample_families", rounds="、".join(keys)), timeout=6)
        self.dismiss(keys[0])
