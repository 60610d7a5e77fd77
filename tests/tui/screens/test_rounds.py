"""RoundsScreen: a round created in the picker is the one opened and highlighted after."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList

from host_app import ROUND, Host
from inspect_tui.store import Store
from inspect_tui.tui.screens.rounds import RoundsScreen

# What tests/tui_screens/conftest.py applied to every test here.
pytestmark = pytest.mark.usefixtures("zh_hans", "fresh_export_session")


async def test_new_round_is_chosen_and_then_highlighted(sample_store: Store) -> None:
    app = Host(lambda: RoundsScreen(sample_store, ROUND))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#round-list", OptionList)
        assert options.get_option_at_index(options.highlighted or 0).id == ROUND
        await pilot.press("n")
        await pilot.pause()
        key = app.screen.query_one("#key", Input)
        key.value = ""
        await pilot.press(*"2017Q3", "enter")  # a key that sorts before the current one
        await pilot.pause()
    assert app.results == ["2017Q3"]
    again = Host(lambda: RoundsScreen(sample_store, "2017Q3"))
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = again.screen.query_one("#round-list", OptionList)
        assert options.highlighted is not None
        assert options.get_option_at_index(options.highlighted).id == "2017Q3"
