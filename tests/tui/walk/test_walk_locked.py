"""A key pressed while another program holds the database's write lock (issue 15 items 13, 14):
no 10-second freeze, no "unexpected error", a message in the UI language, nothing changed in
the walk; once the lock is gone the same key saves."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app_helpers import AppFactory, walk_of
from inspect_tui.i18n import t
from inspect_tui.model import Progress
from inspect_tui.store import Store, StoreError
from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.errors import ErrorDialog
from inspect_tui.tui.screens.walk import WalkScreen

FRESH = "2019Q1"


@contextmanager
def write_lock(path: Path) -> Iterator[sqlite3.Connection]:
    """Another program holding the write lock (as a long transaction of another tool does)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def messages(app: InspectApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_key_under_a_lock_says_so_and_changes_nothing(
    fresh_db: Path, make_app: AppFactory
) -> None:
    app = make_app(fresh_db, round_key=FRESH, lang="zh-Hant")
    async with app.run_test() as pilot:
        await pilot.pause()
        walk = walk_of(app)
        uid = walk.site.uid
        category = walk.panel.categories[0]
        with write_lock(fresh_db):
            started = time.monotonic()
            await pilot.press("1")
            await pilot.pause()
            assert time.monotonic() - started < 5  # not the scripts' 10 s
            assert not isinstance(app.screen, ErrorDialog)
            assert isinstance(app.screen, WalkScreen)
            assert t("app_store_locked") in messages(app)
            assert "資料庫正被其他程式使用" in t("app_store_locked")
            # Nothing changed, on disk or in the walk's copy.
            assert walk.site_findings == {}
            assert walk.model.status(uid) is Progress.NOT_STARTED
            assert walk.model.state(uid).findings == {}
            assert not walk.rows.flagged[walk.index]
        await pilot.press("1")  # the lock is gone: the same key saves
        await pilot.pause()
        assert category.id in walk.site_findings
        assert walk.model.status(uid) is Progress.IN_PROGRESS
    with Store(fresh_db, actor="checker") as store:
        assert [f.category for f in store.findings(FRESH, uid)] == [category.id]


async def test_a_note_under_a_lock_is_not_kept(fresh_db: Path, make_app: AppFactory) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test() as pilot:
        await pilot.pause()
        walk = walk_of(app)
        uid = walk.site.uid
        category = walk.panel.categories[0].id
        with write_lock(fresh_db):
            await pilot.pause()
            with pytest.raises(StoreError) as raised:
                walk.model.set_note(uid, category, "首頁再看")
            assert raised.value.key == "error.store.locked"
            assert walk.model.note(uid, category) == ""
