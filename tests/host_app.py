"""A bare app that pushes one screen: how the screen tests run a screen on its own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

import inspect_tui.tui.screens as screens_pkg
from inspect_tui.store import Store
from inspect_tui.tui.app import screen_for
from inspect_tui.tui.base import LocalizedScreen
from inspect_tui.tui.errors import guarded
from inspect_tui.tui.navigation import OnClose, Request
from inspect_tui.tui.widgets.previous_findings import PreviousFindings
from inspect_tui.walk_model import WalkModel


class Host(App[None]):
    """A bare app that pushes one screen and records what it dismisses with."""

    TITLE = "inspect-tui"

    def __init__(self, make_screen: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.results: list[Any] = []

    async def on_mount(self) -> None:
        await self.push_screen(self.make_screen(), self.results.append)
        # A blinking cursor would make snapshots depend on timing.
        for widget in self.screen.query(Input):
            widget.cursor_blink = False

    def open_request(self, request: Request, on_close: OnClose | None = None) -> None:
        """Screens open other screens through the app (`tui.navigation`), as in InspectApp."""
        self.push_screen(screen_for(request), on_close)


# --- Constants and hosts of the screen tests (were tui_screens, tui_followup/conftest.py) --

ROUND = "2018Q1"
Q1, Q2 = "2018Q1", "2018Q2"
START = datetime(2018, 6, 25, 2, 0, tzinfo=UTC)  # the frozen_clock fixture starts here
FOLLOWUP_TCSS = Path(screens_pkg.__file__).parent / "followup.tcss"


class WidgetScreen(LocalizedScreen[None]):
    """Stands in for the walk: a line above, the widget, a footer; stores the marks the
    widget posts through a walk model, as the walk does, and records the stored ones."""

    def __init__(self, store: Store, round_key: str, site_uid: str | None) -> None:
        super().__init__()
        self.model = WalkModel(store, round_key)
        self.site_uid = site_uid
        self.changes: list[PreviousFindings.Marked] = []

    def compose(self) -> ComposeResult:
        yield Static("walk", id="above")
        yield PreviousFindings(self.model.previous, self.site_uid, id="previous")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PreviousFindings).option_list.focus()

    @guarded
    def on_previous_findings_marked(self, message: PreviousFindings.Marked) -> None:
        self.model.mark_followup(message.site_uid, message.category, message.status)
        message.widget.marked()
        self.changes.append(message)


class WidgetHost(App[None]):
    CSS_PATH: ClassVar[list[str | PurePath]] = [FOLLOWUP_TCSS]

    def __init__(self, store: Store, round_key: str, site_uid: str | None) -> None:
        super().__init__()
        self.widget_screen = WidgetScreen(store, round_key, site_uid)

    async def on_mount(self) -> None:
        await self.push_screen(self.widget_screen)

    @property
    def widget(self) -> PreviousFindings:
        return self.widget_screen.query_one(PreviousFindings)
