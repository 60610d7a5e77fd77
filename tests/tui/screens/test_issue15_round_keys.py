"""Issue 15 item 9 in the app: a key typed in full-width digits, with a space, is the round's
one normal form everywhere (created as 2017Q3 by the store, and that key opened)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from host_app import ROUND, Host
from inspect_tui.store import Store
from inspect_tui.tui.screens.rounds import RoundsScreen

# What tests/tui_screens/conftest.py applied to every test here.
pytestmark = pytest.mark.usefixtures("zh_hans", "fresh_export_session")


async def test_item09_app_opens_the_normalised_key(sample_store: Store) -> None:
    app = Host(lambda: RoundsScreen(sample_store, ROUND))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        key = app.screen.query_one("#key", Input)
        key.value = "２０１７q3 "
        key.focus()
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == ["2017Q3"]
    assert "2017Q3" in sample_store.round_keys()
