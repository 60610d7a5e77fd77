"""InspectApp: opens on the walk of the last round used, or on the round picker.

`run_app` is what the CLI calls; tests build `InspectApp` on a temporary database and may
inject a clock so that the "saved HH:MM:SS" line is stable in snapshots.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path, PurePath
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from .. import i18n
from ..checklist import ChecklistError
from ..i18n import t, user_text
from ..settings import Settings
from ..store import Store, StoreError
from .navigation import (
    OnClose,
    OpenExport,
    OpenHistory,
    OpenMerge,
    OpenOffice,
    OpenRoundMeta,
    OpenSummary,
    Request,
)
from .screens.help import HelpScreen, Section
from .screens.rounds import RoundsScreen
from .screens.walk import Clock, WalkScreen
from .widgets.checklist_panel import ChecklistPanel
from .widgets.previous_findings import PreviousFindings
from .widgets.site_list import SiteList

LAST_ROUND = "last_round"
PLAIN_KEY_ACTIONS = {"quit_key", "rounds", "language", "help"}
# How long a key waits for another program's write lock before saying so (a script waits 10 s;
# a key press must not freeze the screen that long).
APP_BUSY_TIMEOUT_S = 0.5
LANGUAGE_NAMES = {"zh-Hans": "简体中文", "zh-Hant": "繁體中文", "en": "English"}


def screen_for(request: Request) -> Screen[Any]:
    """The screen a `tui.navigation` request asks for. Screens never import each other; they
    ask the app (`open_request`), and this is the one place that knows every screen.

    The screens are imported when first asked for: they bring in the template engine, the
    export service and their forms, which the walk's start-up does not need (~0.2 s)."""
    from .screens.export import ExportScreen
    from .screens.history import HistoryScreen
    from .screens.merge import MergeScreen
    from .screens.office import OfficeScreen
    from .screens.round_meta import RoundMetaScreen
    from .screens.summary import SummaryScreen

    match request:
        case OpenSummary(store, key):
            return SummaryScreen(store, key)
        case OpenRoundMeta(store, key, focus):
            return RoundMetaScreen(store, key, focus=focus)
        case OpenExport(store, key):
            return ExportScreen(store, key)
        case OpenOffice(store, focus, first_run):
            return OfficeScreen(store, focus=focus, first_run=first_run)
        case OpenHistory(store, key, uid):
            return HistoryScreen(store, key, uid)
        case OpenMerge(store):
            return MergeScreen(store, [])


class InspectApp(App[None]):
    """Keyboard-driven spot checks of government websites."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "app.tcss",
        "dialogs.tcss",
        "screens/followup.tcss",
        "screens/jump.tcss",
    ]
    # ctrl+p is the site jump, not Textual's English command list (and no "^p palette" in
    # the footers): the app's own commands all have keys of their own.
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "key_help", tooltip="tip_help", id="app.help"),
        Binding("q", "quit_key", "key_quit", tooltip="tip_quit", id="app.quit"),
        Binding("ctrl+q", "quit", "key_quit", show=False, priority=True, id="app.quit-now"),
        Binding("r", "rounds", "key_rounds", show=False, id="app.rounds"),
        Binding("l", "language", "key_language", show=False, id="app.language"),
        Binding("ctrl+p", "jump", "key_jump", show=False, id="app.jump"),
    ]

    def __init__(
        self,
        store: Store,
        round_key: str | None = None,
        *,
        lang: str | None = None,
        clock: Clock = datetime.now,
        settings: Settings | None = None,
    ) -> None:
        self.settings = settings or Settings.load()
        try:
            i18n.set_language(lang or self.settings.language or i18n.DEFAULT_LANGUAGE)
        except ValueError:
            i18n.set_language(i18n.DEFAULT_LANGUAGE)
        super().__init__()
        self.store = store
        self.requested_round = round_key
        self.clock = clock
        self.title = t("app_title")

    # -- start -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        key = self._start_round()
        if key is None:
            self.push_screen(RoundsScreen(self.store), self._round_chosen)
        else:
            self.open_round(key)

    def _start_round(self) -> str | None:
        keys = self.store.round_keys()
        if self.requested_round:
            if self.requested_round in keys:
                return self.requested_round
            self.notify(
                t("app_round_missing", round=self.requested_round), severity="warning", timeout=6
            )
        last = self.store.get_setting(LAST_ROUND)
        if last in keys:
            return last
        return keys[-1] if keys else None

    @property
    def walk(self) -> WalkScreen | None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, WalkScreen):
                return screen
        return None

    def open_round(self, key: str, start_uid: str | None = None) -> None:
        """Show the walk of round `key` (replacing the walk shown now, if any)."""
        try:
            walk = WalkScreen(self.store, key, clock=self.clock, start_uid=start_uid)
            self.store.set_setting(LAST_ROUND, key)
        except (StoreError, ChecklistError) as exc:
            self.notify(user_text(exc), title=t("app_error_title"), severity="error", timeout=8)
            if self.walk is None and not isinstance(self.screen, RoundsScreen):
                self.push_screen(RoundsScreen(self.store), self._round_chosen)
            return
        if isinstance(self.screen, WalkScreen):
            self.switch_screen(walk)
        else:
            self.push_screen(walk)

    def _round_chosen(self, key: str | None) -> None:
        if key is not None:
            self.open_round(key)
        elif self.walk is None:
            self.exit()  # the picker was closed with nothing to go back to

    def open_request(self, request: Request, on_close: OnClose | None = None) -> None:
        """Open the screen a screen asked for (`tui.navigation.Navigator`)."""
        self.push_screen(screen_for(request), on_close)

    # -- global actions --------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Plain-letter app keys do nothing while a dialog is open (ctrl+q still quits)."""
        return not (action in PLAIN_KEY_ACTIONS and isinstance(self.screen, ModalScreen))

    def action_quit_key(self) -> None:
        self.exit()

    def action_rounds(self) -> None:
        if isinstance(self.screen, RoundsScreen):
            return
        current = self.walk.round_key if self.walk else None
        self.push_screen(RoundsScreen(self.store, current), self._round_chosen)

    def action_jump(self) -> None:
        """ctrl+p: the walk's site jump (on the walk only; elsewhere it does nothing)."""
        walk = self.walk
        if walk is not None and self.screen is walk:
            walk.action_jump()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.help_sections))

    def help_sections(self) -> list[Section]:
        return [
            (t("help_section_walk"), WalkScreen.BINDINGS),
            (t("help_section_checklist"), ChecklistPanel.BINDINGS),
            (t("help_section_sites"), SiteList.BINDINGS),
            (t("help_section_app"), self.BINDINGS),
            (t("help_section_rounds"), RoundsScreen.BINDINGS),
            (t("help_section_previous"), PreviousFindings.BINDINGS),
        ]

    def action_language(self, lang: str = "") -> None:
        """Switch the UI language (cycling when none is given) and remember it."""
        langs = list(i18n.LANGUAGES)
        if not lang:
            lang = langs[(langs.index(i18n.language()) + 1) % len(langs)]
        i18n.set_language(lang)
        self.settings.language = i18n.language()
        self._save_settings()
        self.title = t("app_title")
        walk = self.walk
        if walk is not None and self.screen is walk:
            uid = walk.site.uid if walk.sites else None
            replacement = WalkScreen(
                self.store,
                walk.round_key,
                clock=self.clock,
                start_uid=uid,
                show_national=walk.show_national,
            )
            replacement.saved_at = walk.saved_at
            replacement._site_index = walk._site_index  # same round, same index
            self.switch_screen(replacement)
        else:
            self.screen.refresh_bindings()
            self.call_later(self.screen.recompose)
        self.notify(t("app_language_set", language=LANGUAGE_NAMES[i18n.language()]), timeout=3)

    # -- settings --------------------------------------------------------------------------

    def _theme_changed(self, _theme: object) -> None:
        if self.settings.theme != self.theme:
            self.settings.theme = self.theme
            self._save_settings()

    def _save_settings(self) -> None:
        try:
            self.settings.save()
        except OSError as exc:
            self.notify(t("app_settings_not_saved", error=str(exc)), severity="warning")


def run_app(db_path: Path, round_key: str | None = None, lang: str | None = None) -> int:
    """Run the app on the database at `db_path`; the exit code for the CLI."""
    store = Store(db_path, busy_timeout=APP_BUSY_TIMEOUT_S)
    try:
        app = InspectApp(store, round_key, lang=lang)
        app.run()
        return app.return_code or 0
    finally:
        store.close()
