"""Screens open other screens through the app (`tui/navigation.py`, issue 11): each request
opens its screen, the callback gets what the screen dismissed with, and an app that cannot
open requests is refused loudly rather than silently doing nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from app_helpers import SAMPLE_KEY, AppFactory
from inspect_tui.tui.navigation import (
    OpenExport,
    OpenHistory,
    OpenMerge,
    OpenOffice,
    OpenRoundMeta,
    OpenSummary,
    Request,
    open_screen,
)
from inspect_tui.tui.screens.export import ExportScreen
from inspect_tui.tui.screens.history import HistoryScreen
from inspect_tui.tui.screens.merge import MergeScreen
from inspect_tui.tui.screens.office import OfficeScreen
from inspect_tui.tui.screens.round_meta import RoundMetaScreen
from inspect_tui.tui.screens.summary import SummaryScreen

CASES: list[tuple[str, type[Any]]] = [
    ("summary", SummaryScreen),
    ("meta", RoundMetaScreen),
    ("export", ExportScreen),
    ("office", OfficeScreen),
    ("history", HistoryScreen),
    ("merge", MergeScreen),
]


def request(name: str, app: Any) -> Request:
    store = app.store
    return {
        "summary": OpenSummary(store, SAMPLE_KEY),
        "meta": OpenRoundMeta(store, SAMPLE_KEY, focus="period"),
        "export": OpenExport(store, SAMPLE_KEY),
        "office": OpenOffice(store, focus="issuer"),
        "history": OpenHistory(store, SAMPLE_KEY),
        "merge": OpenMerge(store),
    }[name]


@pytest.mark.parametrize(("name", "screen_class"), CASES)
async def test_a_request_opens_its_screen_and_calls_back(
    sample_path: Path, make_app: AppFactory, name: str, screen_class: type[Any]
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        before = app.screen
        returned: list[object] = []
        open_screen(app, request(name, app), returned.append)
        await pilot.pause()
        assert isinstance(app.screen, screen_class)
        app.screen.dismiss("marker")
        await pilot.pause()
        assert app.screen is before
        assert returned == ["marker"]


def test_an_app_without_open_request_is_refused() -> None:
    with pytest.raises(TypeError, match="cannot open screens"):
        open_screen(App(), OpenMerge(store=None))  # type: ignore[arg-type]
