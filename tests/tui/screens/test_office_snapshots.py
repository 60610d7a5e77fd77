"""Snapshots of the office screen, and of the metadata form and export dialog on a round of a
new database (issue 13: inherited values as text, required fields marked, the gap list).

Regenerate after a deliberate change with `--snapshot-update` on this file, then look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from host_app import Host
from inspect_tui.roster import parse_roster
from inspect_tui.store import Store
from inspect_tui.tui.screens import export as export_screen
from inspect_tui.tui.screens.export import ExportScreen
from inspect_tui.tui.screens.office import OfficeScreen
from inspect_tui.tui.screens.round_meta import RoundMetaScreen

# What tests/tui_screens/conftest.py applied to every test here.
pytestmark = pytest.mark.usefixtures("zh_hans", "fresh_export_session")

SIZES = [(120, 40), (80, 24)]
IDS = ["120x40", "80x24"]
Snap = Any
ROSTER = Path(__file__).resolve().parents[3] / "samples" / "shortform-roster.csv"
KEY = "2026Q1"


@pytest.fixture
def new_db(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "new.sqlite", actor="tester")
    store.replace_roster(parse_roster(ROSTER.read_bytes(), ROSTER.name).sites, source="test")
    store.create_round(KEY, "关于2026年第一季度网站检查情况的通报")
    store.set_office_field("contact", "李示例")
    yield store
    store.close()


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_office_first_run(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    store = Store(tmp_path / "empty.sqlite", actor="tester")
    assert snap_compare(Host(lambda: OfficeScreen(store, first_run=True)), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_office_set(snap_compare: Snap, new_db: Store, size: tuple[int, int]) -> None:
    new_db.set_office_field("issuer", "示例市数据局")
    new_db.set_office_field("letterhead", "file")
    assert snap_compare(Host(lambda: OfficeScreen(new_db)), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_round_meta_new_round(snap_compare: Snap, new_db: Store, size: tuple[int, int]) -> None:
    assert snap_compare(Host(lambda: RoundMetaScreen(new_db, KEY)), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_round_meta_closing_section(
    snap_compare: Snap, new_db: Store, size: tuple[int, int]
) -> None:
    """Opened on a field (from the export dialog's gap list): contact inherited, phone a gap."""
    assert snap_compare(
        Host(lambda: RoundMetaScreen(new_db, KEY, focus="contact")), terminal_size=size
    )


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_export_dialog_with_gaps(
    snap_compare: Snap, new_db: Store, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    monkeypatch.setattr(export_screen, "documents_dir", lambda: Path("/home/inspector/Documents"))
    assert snap_compare(Host(lambda: ExportScreen(new_db, KEY)), terminal_size=size)
