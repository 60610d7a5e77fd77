"""Snapshots of the summary, metadata and export screens on the sample round.

Regenerate after a deliberate change with `pytest tests/tui/screens/test_snapshots.py --snapshot-update`, then
look at the SVGs (snapshot_report.html on failure) before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from host_app import ROUND, Host
from inspect_tui.model import Finding
from inspect_tui.store import Store
from inspect_tui.tui.screens import export as export_screen
from inspect_tui.tui.screens.export import ExportScreen
from inspect_tui.tui.screens.round_meta import RoundMetaScreen
from inspect_tui.tui.screens.summary import SummaryScreen

# What tests/tui_screens/conftest.py applied to every test here.
pytestmark = pytest.mark.usefixtures("zh_hans", "fresh_export_session")

SIZES = [(120, 40), (80, 24)]
Snap = Any  # pytest-textual-snapshot's snap_compare fixture


async def _preview_ready(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()  # the preview is composed off the UI thread
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_summary(snap_compare: Snap, sample_store: Store, size: tuple[int, int]) -> None:
    app = Host(lambda: SummaryScreen(sample_store, ROUND))
    assert snap_compare(app, terminal_size=size, run_before=_preview_ready)


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_summary_scrolled_sideways(
    snap_compare: Snap, sample_store: Store, size: tuple[int, int]
) -> None:
    # a 不合格 verdict: the widest word a sideways scroll can cut
    sample_store.set_finding(ROUND, Finding(site_uid="N000007777", category="site_unreachable"))
    app = Host(lambda: SummaryScreen(sample_store, ROUND))
    assert snap_compare(app, press=["f", "right"], terminal_size=size, run_before=_preview_ready)


def test_summary_preview(snap_compare: Snap, sample_store: Store) -> None:
    app = Host(lambda: SummaryScreen(sample_store, ROUND))
    assert snap_compare(app, press=["p"], terminal_size=(80, 24), run_before=_preview_ready)


def test_summary_side_by_side(snap_compare: Snap, sample_store: Store) -> None:
    app = Host(lambda: SummaryScreen(sample_store, ROUND))
    assert snap_compare(app, press=["f"], terminal_size=(160, 30), run_before=_preview_ready)


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_round_meta(snap_compare: Snap, sample_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(Host(lambda: RoundMetaScreen(sample_store, ROUND)), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_round_meta_numerals(
    snap_compare: Snap, sample_store: Store, size: tuple[int, int]
) -> None:
    async def focus_numerals(pilot: Pilot[None]) -> None:
        pilot.app.screen.query_one("#meta-attachment_numerals").focus()
        await pilot.pause()
        await pilot.press("left")  # the highlight moves; nothing opens over the footer

    app = Host(lambda: RoundMetaScreen(sample_store, ROUND))
    assert snap_compare(app, run_before=focus_numerals, terminal_size=size)


def test_round_meta_invalid(snap_compare: Snap, sample_store: Store) -> None:
    async def type_bad_values(pilot: Pilot[None]) -> None:
        pilot.app.screen.query_one("#meta-doc_number", Input).value = "惠灣管辦函[2018]第34"
        await pilot.pause()
        await pilot.press("ctrl+s")

    app = Host(lambda: RoundMetaScreen(sample_store, ROUND))
    assert snap_compare(app, run_before=type_bad_values, terminal_size=(80, 24))


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_export_dialog(
    snap_compare: Snap, sample_store: Store, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    monkeypatch.setattr(export_screen, "documents_dir", lambda: Path("/home/inspector/Documents"))
    app = Host(lambda: ExportScreen(sample_store, ROUND))
    assert snap_compare(app, terminal_size=size)


def test_export_dialog_text_format(
    snap_compare: Snap, sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_screen, "documents_dir", lambda: Path("/home/inspector/Documents"))
    app = Host(lambda: ExportScreen(sample_store, ROUND))
    # down to pdf, down to txt, enter: no font row for plain text
    assert snap_compare(app, press=["down", "down", "enter"], terminal_size=(80, 24))
