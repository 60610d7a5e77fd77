"""Narrative findings from the walk (issue 14 item 2): add, edit, reorder, delete, shown on
the site card of the unit they name, in the circular, and undone with u."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from app_helpers import AppFactory, type_text, walk_of
from inspect_tui.circular.compose import compose
from inspect_tui.circular.text import render_text
from inspect_tui.store import Store
from inspect_tui.tui.screens.confirm import ConfirmDialog, TextPrompt
from inspect_tui.tui.screens.narratives import NarrativesDialog
from inspect_tui.tui.screens.walk import WalkScreen
from inspect_tui.tui.widgets.site_card import SiteCard

FRESH = "2019Q1"


def narratives(path: Path) -> list[str]:
    with Store(path, actor="checker") as store:
        return [n.text for n in store.round(FRESH).meta.narratives]


async def test_add_edit_delete_and_undo_a_narrative(fresh_db: Path, make_app: AppFactory) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        walk = walk_of(app)
        name = walk.site.short_name
        assert narratives(fresh_db) == []
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, NarrativesDialog)
        await pilot.press("a")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        assert prompt.query_one(Input).value == name  # starts with the site being walked
        await pilot.press("end")
        await type_text(pilot, "未按時整改")
        await pilot.press("enter")
        await pilot.pause()
        assert narratives(fresh_db) == [f"{name}未按時整改"]
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("end", *["backspace"] * len(name))
        await type_text(pilot, "另有一段")
        await pilot.press("enter", "ctrl+up")  # the new one first
        await pilot.pause()
        assert narratives(fresh_db) == ["另有一段", f"{name}未按時整改"]
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y", "escape")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        assert narratives(fresh_db) == [f"{name}未按時整改"]
        card = str(walk.query_one(SiteCard).render())
        assert f"{name}未按時整改" in card  # shown on the walk, on the unit it names

        await pilot.press("u")  # the deletion is taken back
        await pilot.pause()
        assert narratives(fresh_db) == ["另有一段", f"{name}未按時整改"]
        with Store(fresh_db, actor="checker") as store:
            data = store.round_data(FRESH)
            text = render_text(compose(data, store.round_checklist(FRESH)))
        assert "另有一段" in text and f"{name}未按時整改" in text


async def test_a_narrative_change_shows_the_saved_time(
    fresh_db: Path, make_app: AppFactory
) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        walk = walk_of(app)
        await pilot.press("t", "escape")  # looked, changed nothing
        await pilot.pause()
        assert walk.saved_at is None
        await pilot.press("t", "a")
        await pilot.pause()
        await type_text(pilot, "另有一段")
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert walk.saved_at is not None
        assert walk.query_one("#walk-saved").has_class("-idle") is False
