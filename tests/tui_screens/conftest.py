"""Fixtures for the summary, round-metadata and export screens: a sample database and a host app."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input

from inspect_tui import i18n
from inspect_tui.sample import load_sample
from inspect_tui.store import Store

ROUND = "2018Q1"


@pytest.fixture(autouse=True)
def _language() -> Iterator[None]:
    """The screens' texts in the default language, whatever another test chose."""
    before = i18n.language()
    i18n.set_language("zh-Hans")
    yield
    i18n.set_language(before)


@pytest.fixture
def sample_db(tmp_path: Path) -> Iterator[Store]:
    """A database in tmp_path holding the bundled sample (round 2018Q1, 36 sites)."""
    store = Store(tmp_path / "screens.sqlite", actor="tester")
    assert ROUND in load_sample(store)
    yield store
    store.close()


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
