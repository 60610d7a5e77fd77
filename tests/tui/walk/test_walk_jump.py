"""The site jump (`/` and ctrl+p): what an inspector types finds the site (issue 14 item 4).

The sample roster is in Traditional script (區環保局); a second small roster in Simplified
checks the other direction.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer, Label

from app_helpers import AppFactory, type_text, walk_of
from inspect_tui.model import Site, SiteKind
from inspect_tui.store import Store
from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.jump import SiteJumpDialog
from inspect_tui.tui.screens.walk import WalkScreen


async def jump(pilot: Pilot[None], app: InspectApp, query: str, key: str = "slash") -> list[str]:
    """Open the jump with `key`, type `query`; the short names listed."""
    await pilot.press(key)
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, SiteJumpDialog)
    await type_text(pilot, query)
    await pilot.pause()
    return [dialog.index.sites[i].short_name for i in dialog.matches]


async def go(pilot: Pilot[None], app: InspectApp, query: str, key: str = "slash") -> str:
    """Jump to the first match of `query`; the short name of the site the walk shows then."""
    await jump(pilot, app, query, key)
    await pilot.press("enter")
    await pilot.pause()
    return walk_of(app).site.short_name


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("环保", "區環保局"),  # Simplified typed, Traditional roster
        ("環保", "區環保局"),
        ("hbj", "區環保局"),  # pinyin initials
        ("huanbao", "區環保局"),  # full pinyin
        ("16", "區民政局"),  # list number
        ("N000007790", "區民政局"),  # site code
        ("n000007790", "區民政局"),
    ],
)
async def test_jump_finds_what_an_inspector_types(
    sample_path: Path, make_app: AppFactory, query: str, expected: str
) -> None:
    app = make_app(sample_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert await go(pilot, app, query) == expected
        assert isinstance(app.screen, WalkScreen)
        assert walk_of(app).panel.has_focus  # ready to record on the site jumped to


async def test_simplified_roster_is_found_by_traditional_text(
    tmp_path: Path, make_app: AppFactory
) -> None:
    path = tmp_path / "simplified.sqlite"
    sites = [
        Site(1, SiteKind.DEPT, "某市交通运输局", "市交通局", code="S1"),
        Site(2, SiteKind.DEPT, "某市生态环境局", "市环保局", code="S2"),
    ]
    with Store(path, actor="tester") as store:
        store.replace_roster(sites, source="test")
        store.create_round("2026Q1", "test")
    app = make_app(path, round_key="2026Q1")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert await go(pilot, app, "環保") == "市环保局"
        assert await go(pilot, app, "交通運輸") == "市交通局"


async def test_ctrl_p_opens_the_site_jump(sample_path: Path, make_app: AppFactory) -> None:
    app = make_app(sample_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert await go(pilot, app, "hbj", key="ctrl+p") == "區環保局"


async def test_no_match_is_said_in_the_ui_language(sample_path: Path, make_app: AppFactory) -> None:
    app = make_app(sample_path, lang="zh-Hant")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert await jump(pilot, app, "zzzzqqq") == []
        status = str(app.screen.query_one("#jump-status", Label).render())
        assert status == "沒有找到相符的站點"
        await pilot.press("enter")  # nothing to go to: the dialog stays
        await pilot.pause()
        assert isinstance(app.screen, SiteJumpDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)


async def test_arrow_keys_choose_among_the_matches(sample_path: Path, make_app: AppFactory) -> None:
    app = make_app(sample_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        names = await jump(pilot, app, "街道")
        assert names[:3] == ["澳頭街道辦", "西區街道辦", "霞涌街道辦"]
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert walk_of(app).site.short_name == "霞涌街道辦"


async def test_no_english_palette_anywhere(sample_path: Path, make_app: AppFactory) -> None:
    app = make_app(sample_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        for key in ("", "s"):  # the walk, then the summary (a screen of another owner)
            if key:
                await pilot.press(key)
                await pilot.pause()
            footer = app.screen.query_one(Footer)
            rendered = " ".join(str(w.render()) for w in footer.query("*"))
            assert "palette" not in rendered
        assert not app.ENABLE_COMMAND_PALETTE


async def test_the_index_is_built_once_per_round(sample_path: Path, make_app: AppFactory) -> None:
    app = make_app(sample_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        walk = walk_of(app)
        assert walk._site_index is None  # nothing built before the first jump (start-up cost)
        await jump(pilot, app, "hbj")
        index = walk.site_index
        assert index._pinyin is not None  # built by the first letters-only query
        await pilot.press("escape")
        await pilot.pause()
        await jump(pilot, app, "16")
        assert app.screen.index is index  # type: ignore[attr-defined]
