"""Shared fixtures: every test gets its own database, config and data folders."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from itertools import count
from pathlib import Path

import pytest

from app_helpers import FIXED_TIME, SAMPLE_KEY, AppFactory
from host_app import Q1, Q2, START
from inspect_tui import i18n
from inspect_tui.sample import load_sample
from inspect_tui.store import Store
from inspect_tui.store import clock as store_clock
from inspect_tui.tui.app import APP_BUSY_TIMEOUT_S, InspectApp


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never read or write the developer's own settings, database or logs."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("INSPECT_TUI_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("INSPECT_TUI_DB", str(home / "data" / "default.sqlite"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "xdg-state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = Store(db_path, actor="tester")
    yield s
    s.close()


@pytest.fixture
def sample_store(store: Store) -> Store:
    from inspect_tui.sample import load_sample

    assert load_sample(store) == ["2018Q1", "2018Q2"]
    return store


# --- The app and its screens (were tests/tui, tui_screens and tui_followup/conftest.py) ----


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    """A database file with the bundled sample loaded (round 2018Q1, all 36 sites done)."""
    path = tmp_path / "sample.sqlite"
    with Store(path, actor="tester") as store:
        assert SAMPLE_KEY in load_sample(store)
    return path


@pytest.fixture
def fresh_db(sample_path: Path) -> Path:
    """The sample database plus an untouched round 2019Q1 on the same roster."""
    with Store(sample_path, actor="tester") as store:
        store.create_round("2019Q1", "fresh", from_key=SAMPLE_KEY)
    return sample_path


@pytest.fixture
def make_app() -> Iterator[AppFactory]:
    """Build an InspectApp on a database file (fixed clock, so the "saved HH:MM:SS" line is
    the same on every run); its store is closed after the test."""
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


@pytest.fixture
def q2_db(sample_store: Store) -> Store:
    """The sample's 2018Q1 plus an untouched 2018Q2 made from it: nothing followed up yet."""
    sample_store.delete_round(Q2)
    sample_store.create_round(Q2, "第二季度", from_key=Q1)
    return sample_store


@pytest.fixture
def zh_hans() -> Iterator[None]:
    """The texts in the default language, whatever another test chose."""
    before = i18n.language()
    i18n.set_language("zh-Hans")
    yield
    i18n.set_language(before)


@pytest.fixture
def fresh_export_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """No export format or fonts remembered from another test's export."""
    from inspect_tui.tui.screens import export

    monkeypatch.setattr(export, "last_choice", None)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Audit timestamps one second apart from a fixed start (host_app.START); local time is
    UTC+8, so the times the history shows are the same on every run."""
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
