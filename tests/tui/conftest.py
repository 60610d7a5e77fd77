"""Fixtures for the app's Pilot and snapshot tests: sample databases and an app factory.

Every app gets a fixed clock, so the "saved HH:MM:SS" line is the same on every run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from inspect_tui.sample import load_sample
from inspect_tui.store import Store
from inspect_tui.tui.app import APP_BUSY_TIMEOUT_S, InspectApp
from tui.helpers import FIXED_TIME, SAMPLE_KEY, AppFactory


@pytest.fixture
def sample_db(tmp_path: Path) -> Path:
    """A database with the bundled sample loaded (round 2018Q1, all 36 sites done)."""
    path = tmp_path / "sample.sqlite"
    with Store(path, actor="tester") as store:
        assert SAMPLE_KEY in load_sample(store)
    return path


@pytest.fixture
def fresh_db(sample_db: Path) -> Path:
    """The sample database plus an untouched round 2019Q1 on the same roster."""
    with Store(sample_db, actor="tester") as store:
        store.create_round("2019Q1", "fresh", from_key=SAMPLE_KEY)
    return sample_db


@pytest.fixture
def make_app() -> Iterator[AppFactory]:
    """Build an InspectApp on a database file; its store is closed after the test."""
    stores: list[Store] = []

    def factory(
        path: Path, round_key: str | None = SAMPLE_KEY, lang: str = "zh-Hans"
    ) -> InspectApp:
        store = Store(path, actor="tester", busy_timeout=APP_BUSY_TIMEOUT_S)  # as run_app does
        stores.append(store)
        return InspectApp(store, round_key, lang=lang, clock=lambda: FIXED_TIME)

    yield factory
    for store in stores:
        store.close()
