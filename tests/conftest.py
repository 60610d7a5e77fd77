"""Shared fixtures: every test gets its own database, config and data folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from inspect_tui.store import Store


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
