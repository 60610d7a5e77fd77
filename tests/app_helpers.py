"""Helpers shared by the app tests (imported as `app_helpers`; tests/ is on the path)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import datetime

from textual import events
from textual.pilot import Pilot

from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.walk import WalkScreen

AppFactory = Callable[..., InspectApp]

FIXED_TIME = datetime(2018, 4, 2, 9, 30, 15)
SAMPLE_KEY = "2018Q1"


def walk_of(app: InspectApp) -> WalkScreen:
    screen = app.screen
    assert isinstance(screen, WalkScreen), f"expected the walk, got {type(screen).__name__}"
    return screen


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type `text` into the focused widget, one key per character.

    Pilot.press cannot deliver characters like “ ” 、 (it loses them on the way from key
    name back to character), so those go in as the key events a terminal would send.
    """
    for ch in text:
        if ch.isalnum():
            await pilot.press(ch)
        else:
            name = unicodedata.name(ch, ch).lower().replace(" ", "_").replace("-", "_")
            pilot.app.post_message(events.Key(name, ch))
            await pilot.pause()
