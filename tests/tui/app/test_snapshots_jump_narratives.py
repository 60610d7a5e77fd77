"""Snapshots of the site jump and the narratives dialog at 120×40 and 80×24 (issue 14 item 8).

Regenerate with `pytest tests/tui/app/test_snapshots_jump_narratives.py --snapshot-update` and look
at the SVGs before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from app_helpers import AppFactory, type_text

SIZES = [(120, 40), (80, 24)]
SnapCompare = Callable[..., bool]


def size_id(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


async def steady(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_jump_simplified_on_a_traditional_roster(
    snap_compare: SnapCompare, sample_path: Path, make_app: AppFactory, size: tuple[int, int]
) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        await type_text(pilot, "环")  # 环 alone: 區環保局 and 區環衛局 both
        await steady(pilot)

    assert snap_compare(make_app(sample_path), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_jump_opened(
    snap_compare: SnapCompare, sample_path: Path, make_app: AppFactory, size: tuple[int, int]
) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("slash")
        await steady(pilot)

    assert snap_compare(make_app(sample_path), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_jump_nothing_found(
    snap_compare: SnapCompare, sample_path: Path, make_app: AppFactory, size: tuple[int, int]
) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "zzq")
        await steady(pilot)

    assert snap_compare(make_app(sample_path), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_narratives_dialog(
    snap_compare: SnapCompare, sample_path: Path, make_app: AppFactory, size: tuple[int, int]
) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("t")
        await steady(pilot)

    assert snap_compare(make_app(sample_path), terminal_size=size, run_before=before)
