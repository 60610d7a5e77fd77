"""The walk's dialogs as an inspector types them (issue 14): the element picker filters and
shows every element, reword starts from the sentence, the override keeps its reason."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, RadioButton, RadioSet, SelectionList

from app_helpers import AppFactory, type_text, walk_of
from inspect_tui.model import Verdict
from inspect_tui.store import Store
from inspect_tui.tui.screens.elements import ElementsDialog
from inspect_tui.tui.screens.finding_editor import FindingEditor
from inspect_tui.tui.screens.override import OverrideDialog
from inspect_tui.tui.screens.walk import WalkScreen

FRESH = "2019Q1"  # a Traditional-script round; the UI is Simplified


def number_of(walk: WalkScreen, category_id: str) -> str:
    return str([c.id for c in walk.panel.categories].index(category_id) + 1)


async def test_element_picker_filters_and_shows_every_element(
    fresh_db: Path, make_app: AppFactory
) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        walk = walk_of(app)
        uid = walk.site.uid
        await pilot.press(number_of(walk, "guide_inaccurate"))
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ElementsDialog)
        elements = dialog.query_one("#elements", SelectionList)
        assert len(dialog.options) > 9
        assert elements.size.height >= len(dialog.options)  # none below the fold

        last = dialog.options[-1]
        await type_text(pilot, last[:2])  # typed in the list: it filters
        await pilot.pause()
        shown = [elements.get_option_at_index(i).value for i in range(elements.option_count)]
        assert last in shown and len(shown) < len(dialog.options)
        await pilot.press("enter")
        await pilot.pause()
        assert dialog.chosen == [last]
        assert elements.option_count == len(dialog.options)  # the filter is cleared

        await pilot.press("tab")  # from the list straight to 程度
        assert dialog.focused is dialog.query_one("#qualifier", RadioSet)
        labels = [str(b.label) for b in dialog.query_one("#qualifier").query(RadioButton)]
        assert "多數" in labels and "个别" not in labels  # the round's script
        await pilot.press("right", "enter", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
    with Store(fresh_db, actor="checker") as store:
        finding = store.finding(FRESH, uid, "guide_inaccurate")
    assert finding is not None and finding.elements == (last,)


async def test_reword_starts_from_the_standard_sentence(
    fresh_db: Path, make_app: AppFactory
) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        walk = walk_of(app)
        uid = walk.site.uid
        await pilot.press(number_of(walk, "typo"), "w")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, FindingEditor)
        wording = editor.query_one("#wording", Input)
        assert wording.value == "發現1個錯別字"
        await pilot.press("ctrl+s")  # unchanged: still the standard sentence, not a rewording
        await pilot.pause()
        assert walk.site_findings["typo"].wording == ""
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("end", "backspace", "backspace", "backspace")
        await type_text(pilot, "錯字")
        await pilot.press("enter")
        await pilot.pause()
    with Store(fresh_db, actor="checker") as store:
        finding = store.finding(FRESH, uid, "typo")
    assert finding is not None and finding.wording == "發現1個錯字"


async def test_override_keeps_its_reason_through_tab(fresh_db: Path, make_app: AppFactory) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        walk = walk_of(app)
        uid = walk.site.uid
        await pilot.press("v")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, OverrideDialog)
        await pilot.press("down", "down", "enter", "ctrl+s")  # 不合格, no reason: refused
        await pilot.pause()
        assert "理由" in str(dialog.query_one("#error").render())
        await pilot.press("tab")  # one Tab too many: on to 保存
        await type_text(pilot, "首頁打不開")
        await pilot.pause()
        assert dialog.query_one("#reason", Input).value == "首頁打不開"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
    with Store(fresh_db, actor="checker") as store:
        override = store.override(FRESH, uid)
    assert override is not None and (override.verdict, override.reason) == (
        Verdict.FAIL,
        "首頁打不開",
    )
