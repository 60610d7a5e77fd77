"""The round picker: open a round, create one, or load the bundled sample."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from ...i18n import t
from ...model import ROUND_KEY_RE
from ...store import RoundSummary, Store
from ..errors import guarded
from . import LocalizedModal, LocalizedScreen


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
    key: str
    title: str
    from_key: str | None


class NewRoundDialog(LocalizedModal[NewRound | None]):
    """Key, title, and where the roster snapshot comes from."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "key_save", id="dialog.save"),
        Binding("escape", "cancel", "key_cancel", id="dialog.cancel"),
    ]

    def __init__(self, rounds: list[RoundSummary], roster_size: int) -> None:
        super().__init__(classes="dialog-screen")
        self.rounds = rounds
        self.roster_size = roster_size

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("rounds_new_title"), markup=False, classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label(t("rounds_field_key"), markup=False, classes="field-label")
                yield Input(
                    suggest_key([r.key for r in self.rounds]), placeholder="2026Q1", id="key"
                )
            with Horizontal(classes="field"):
                yield Label(t("rounds_field_title"), markup=False, classes="field-label")
                yield Input(placeholder=t("rounds_title_hint"), id="title")
            yield Label(t("rounds_field_from"), markup=False, classes="dialog-hint")
            with RadioSet(id="from"):
                yield RadioButton(t("rounds_from_roster", count=self.roster_size), value=True)
                for r in reversed(self.rounds):
                    yield RadioButton(t("rounds_from_round", round=r.key, count=r.sites))
            yield Label("", markup=False, classes="dialog-error", id="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("dlg_save"), variant="primary", id="save")
                yield Button(t("dlg_cancel"), id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        key = self.query_one("#key", Input).value.strip()
        if not key:
            self.query_one("#error", Label).update(t("rounds_key_required"))
            self.query_one("#key", Input).focus()
            return
        index = self.query_one("#from", RadioSet).pressed_index
        sources = [None, *[r.key for r in reversed(self.rounds)]]
        title = self.query_one("#title", Input).value.strip()
        self.dismiss(NewRound(key, title, sources[max(index, 0)]))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class RoundsScreen(LocalizedScreen[str | None]):
    """Pick the round to walk. Dismisses with its key (None: keep the current one)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "key_open_round", id="rounds.open"),
        Binding("n", "new", "key_new_round", id="rounds.new"),
        Binding("a", "sample", "key_load_sample", id="rounds.sample"),
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

    def action_new(self) -> None:
        dialog = NewRoundDialog(self.store.rounds(), len(self.store.sites()))
        self.app.push_screen(dialog, self._create)

    @guarded
    def _create(self, new: NewRound | None) -> None:
        if new is None:
            return
        self.store.create_round(new.key, new.title, from_key=new.from_key)
        self.dismiss(new.key)

    @guarded
    def action_sample(self) -> None:
        from ...sample import load_sample

        keys = load_sample(self.store)
        self.notify(t("rounds_sample_loaded", round=keys[0]), timeout=4)
        self.dismiss(keys[0])
