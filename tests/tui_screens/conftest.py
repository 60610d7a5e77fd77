"""Fixtures for the summary, round-metadata and export screens: a sample database and a host app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from host_app import Host as Host  # shared; the tests import it from here
from inspect_tui import i18n
from inspect_tui.sample import load_sample
from inspect_tui.store import Store

ROUND = "2018Q1"


@pytest.fixture(autouse=True)
def _language() -> Iterator[None]:
    """The screens' texts in the default language, whatever another test chose."""
    before = i18n.language()
    i18n.set_language("zh-Hans")
    yield
    i18n.set_language(before)


@pytest.fixture(autouse=True)
def _fresh_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """No export format or fonts remembered from another test's export."""
    from inspect_tui.tui.screens import export

    monkeypatch.setattr(export, "last_choice", None)


@pytest.fixture
def sample_db(tmp_path: Path) -> Iterator[Store]:
    """A database in tmp_path holding the bundled sample (round 2018Q1, 36 sites)."""
    store = Store(tmp_path / "screens.sqlite", actor="tester")
    assert ROUND in load_sample(store)
    yield store
    store.close()
