"""A bare app that pushes one screen: how the screen tests run a screen on its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.screen import Screen
from textual.widgets import Input

from inspect_tui.tui.app import screen_for
from inspect_tui.tui.navigation import OnClose, Request


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
