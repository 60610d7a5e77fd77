"""Snapshots of the walk, help, elements dialog and round picker (pytest-textual-snapshot).

Built on a temporary copy of the sample with a fixed clock. Regenerate with
`pytest tests/tui/app/test_snapshots.py --snapshot-update` and look at the SVGs before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from app_helpers import AppFactory, walk_of

SIZES = [(120, 40), (80, 24)]
SnapCompare = Callable[..., bool]


def size_id(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


async def on_site_16(pilot: Pilot[Any]) -> None:
    """区民政局 (N000007790): four findings; record one more so the saved clock shows."""
    await pilot.pause()
    walk = walk_of(pilot.app)  # type: ignore[arg-type]
    walk.go_to_uid("N000007790")
    await pilot.pause()
    await pilot.press("5")
    await pilot.pause()


def no_blink(
    before: Callable[[Pilot[Any]], Awaitable[None]],
) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run(pilot: Pilot[Any]) -> None:
        await before(pilot)
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False
        await pilot.pause()

    return run


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_walk(
    snap_compare: SnapCompare, sample_path: Path, make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app(sample_path)
    assert snap_compare(app, terminal_size=size, run_before=on_site_16)


def test_walk_national_items_light(
    snap_compare: SnapCompare, sample_path: Path, make_app: AppFactory
) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        pilot.app.theme = "textual-light"
        await on_site_16(pilot)
        await pilot.press("g", "6")
        await pilot.pause()

    app = make_app(sample_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_help(
    snap_compare: SnapCompare, sample_path: Path, make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app(sample_path)
    assert snap_compare(app, terminal_size=size, press=["question_mark"])


def test_elements_dialog(
    snap_compare: SnapCompare, sample_path: Path, make_app: AppFactory
) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await on_site_16(pilot)
        await pilot.press("up", "up", "enter")  # 辦事指南要素不準確 is recorded: edit it
        await pilot.pause()

    app = make_app(sample_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=no_blink(before))


def test_round_picker(snap_compare: SnapCompare, sample_path: Path, make_app: AppFactory) -> None:
    app = make_app(sample_path)
    assert snap_compare(app, terminal_size=(80, 24), press=["r"])


def test_walk_in_english(
    snap_compare: SnapCompare, sample_path: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_path, lang="en")
    assert snap_compare(app, terminal_size=(80, 24), run_before=on_site_16)
