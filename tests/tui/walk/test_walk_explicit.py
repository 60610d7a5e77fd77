"""Recording is explicit (issue 14): a note, a reword or an empty element picker never
records a problem; a note on a category with nothing recorded shows as a note."""

from __future__ import annotations

from pathlib import Path

from app_helpers import AppFactory, type_text, walk_of
from inspect_tui.store import Store
from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.elements import ElementsDialog
from inspect_tui.tui.screens.finding_editor import FindingEditor
from inspect_tui.tui.screens.walk import WalkScreen

FRESH = "2019Q1"


def line_of(walk: WalkScreen, category_id: str) -> str:
    panel = walk.panel
    y = next(
        y for y, row in enumerate(panel._rows) if row.category and row.category.id == category_id
    )
    return "".join(segment.text for segment in panel.render_line(y))


def highlight(walk: WalkScreen, category_id: str) -> None:
    walk.panel.highlight(walk.checklist.category(category_id))


async def test_a_private_note_records_no_problem(fresh_db: Path, make_app: AppFactory) -> None:
    app: InspectApp = make_app(fresh_db, round_key=FRESH)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        walk = walk_of(app)
        uid = walk.site.uid
        highlight(walk, "typo")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, FindingEditor)
        assert editor.fields == ["note"]  # nothing recorded: a note only
        await type_text(pilot, "首頁再看")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        line = line_of(walk, "typo")
        assert "[¶]" in line and "[✓]" not in line and "×1" not in line
        assert "首頁再看" in str(walk.query_one("#walk-sentence").render())
        assert not walk.rows.flagged[walk.index]
    with Store(fresh_db, actor="checker") as store:
        assert store.findings(FRESH, uid) == []  # so nothing for the circular

    app = make_app(fresh_db, round_key=FRESH)  # the note is kept
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        walk = walk_of(app)
        walk.go_to_uid(uid)
        await pilot.pause()
        assert "[¶]" in line_of(walk, "typo")
        number = [c.id for c in walk.panel.categories].index("typo") + 1
        await pilot.press(str(number))  # recorded now: the note goes with the problem
        await pilot.pause()
        assert "[✓]" in line_of(walk, "typo")
        assert walk.site_findings["typo"].note == "首頁再看"


async def test_enter_on_a_flag_with_nothing_recorded_takes_a_note(
    fresh_db: Path, make_app: AppFactory
) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        walk = walk_of(app)
        highlight(walk, "rectify_late")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FindingEditor) and app.screen.fields == ["note"]
        await type_text(pilot, "問過")
        await pilot.press("enter")
        await pilot.pause()
        assert walk.site_findings == {}


async def test_picker_saved_with_nothing_chosen_records_nothing(
    fresh_db: Path, make_app: AppFactory
) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        walk = walk_of(app)
        uid = walk.site.uid
        number = [c.id for c in walk.panel.categories].index("guide_inaccurate") + 1
        await pilot.press(str(number))
        await pilot.pause()
        assert isinstance(app.screen, ElementsDialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        assert "[ ]" in line_of(walk, "guide_inaccurate")
    with Store(fresh_db, actor="checker") as store:
        assert store.findings(FRESH, uid) == []
