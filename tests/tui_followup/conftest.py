"""Fixtures for the history and merge screens and the previous-findings widget.

The store's clock is frozen (one second per change from 2018-06-25 02:00 UTC) and the local
time zone is Asia/Shanghai, so the times the history shows are the same on every run.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path, PurePath
from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Footer, Static

import inspect_tui.tui.screens as screens_pkg
from host_app import Host as Host  # shared; the tests import it from here
from inspect_tui import i18n
from inspect_tui.sample import load_sample
from inspect_tui.store import Store
from inspect_tui.store import clock as store_clock
from inspect_tui.tui.base import LocalizedScreen
from inspect_tui.tui.errors import guarded
from inspect_tui.tui.widgets.previous_findings import PreviousFindings
from inspect_tui.walk_model import WalkModel

Q1, Q2 = "2018Q1", "2018Q2"
START = datetime(2018, 6, 25, 2, 0, tzinfo=UTC)
FOLLOWUP_TCSS = Path(screens_pkg.__file__).parent / "followup.tcss"


@pytest.fixture(autouse=True)
def _language() -> Iterator[None]:
    """The texts in the default language, whatever another test chose."""
    before = i18n.language()
    i18n.set_language("zh-Hans")
    yield
    i18n.set_language(before)


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Audit timestamps one second apart from a fixed start; local time is UTC+8."""
    ticks = count()
    monkeypatch.setattr(
        store_clock,
        "now_iso",
        lambda: (START + timedelta(seconds=next(ticks))).isoformat(timespec="milliseconds"),
    )
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def sample_db(tmp_path: Path) -> Iterator[Store]:
    """The bundled sample: 2018Q1 and 2018Q2 (made from 2018Q1, its follow-ups marked)."""
    store = Store(tmp_path / "followup.sqlite", actor="tester")
    assert load_sample(store) == [Q1, Q2]
    yield store
    store.close()


@pytest.fixture
def q2_db(sample_db: Store) -> Store:
    """The sample's 2018Q1 plus an untouched 2018Q2 made from it: nothing followed up yet."""
    sample_db.delete_round(Q2)
    sample_db.create_round(Q2, "第二季度", from_key=Q1)
    return sample_db


class WidgetScreen(LocalizedScreen[None]):
    """Stands in for the walk: a line above, the widget, a footer; stores the marks the
    widget posts through a walk model, as the walk does, and records the stored ones."""

    def __init__(self, store: Store, round_key: str, site_uid: str | None) -> None:
        super().__init__()
        self.model = WalkModel(store, round_key)
        self.site_uid = site_uid
        self.changes: list[PreviousFindings.Marked] = []

    def compose(self) -> ComposeResult:
        yield Static("walk", id="above")
        yield PreviousFindings(self.model.previous, self.site_uid, id="previous")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PreviousFindings).option_list.focus()

    @guarded
    def on_previous_findings_marked(self, message: PreviousFindings.Marked) -> None:
        self.model.mark_followup(message.site_uid, message.category, message.status)
        message.widget.marked()
        self.changes.append(message)


class WidgetHost(App[None]):
    CSS_PATH: ClassVar[list[str | PurePath]] = [FOLLOWUP_TCSS]

    def __init__(self, store: Store, round_key: str, site_uid: str | None) -> None:
        super().__init__()
        self.widget_screen = WidgetScreen(store, round_key, site_uid)

    async def on_mount(self) -> None:
        await self.push_screen(self.widget_screen)

    @property
    def widget(self) -> PreviousFindings:
        return self.widget_screen.query_one(PreviousFindings)
