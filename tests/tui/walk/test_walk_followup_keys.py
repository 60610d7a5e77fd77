"""Follow-up keys on the walk (issue 14): c / x mark at once, the focus goes back to the
checklist, the previous-round panel takes focus only where it has problems, and d asks
before closing a site whose previous problems are not checked yet."""

from __future__ import annotations

from pathlib import Path

from app_helpers import AppFactory, walk_of
from inspect_tui.model import FollowUp, Progress
from inspect_tui.store import Store
from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.confirm import ConfirmDialog
from inspect_tui.tui.widgets.checklist_panel import ChecklistPanel

FRESH = "2019Q1"  # made from 2018Q1
GONGMAO = "N000007775"  # 2018Q1: guide_inaccurate
GONGYONG = "N000007776"  # 2018Q1: column_stale
LVYOU = "N000007777"  # nothing in 2018Q1


def followups(path: Path) -> dict[tuple[str, str], FollowUp]:
    with Store(path, actor="checker") as store:
        return store.followups(FRESH)


async def test_first_c_marks_and_focus_stays_on_the_checklist(
    fresh_db: Path, make_app: AppFactory
) -> None:
    app: InspectApp = make_app(fresh_db, round_key=FRESH)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        walk = walk_of(app)
        walk.go_to_uid(GONGMAO)
        await pilot.pause()
        assert isinstance(app.focused, ChecklistPanel)
        await pilot.press("c")  # one key: marked, not merely focused
        await pilot.pause()
        assert followups(fresh_db) == {(GONGMAO, "guide_inaccurate"): FollowUp.PRESENT}
        assert isinstance(app.focused, ChecklistPanel)
        assert "guide_inaccurate" in walk.site_findings  # carried over
        await pilot.press("enter")  # the checklist answers at once
        await pilot.pause()
        assert app.screen is not walk  # the highlighted category's editor opened
        await pilot.press("escape")
        await pilot.pause()

        walk.go_to_uid(GONGYONG)
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert followups(fresh_db)[(GONGYONG, "column_stale")] is FollowUp.FIXED
        assert isinstance(app.focused, ChecklistPanel)


async def test_marking_in_the_panel_gives_the_focus_back(
    fresh_db: Path, make_app: AppFactory
) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        walk = walk_of(app)
        walk.go_to_uid(GONGMAO)
        await pilot.pause()
        option_list = walk.previous.option_list
        option_list.focus()
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert followups(fresh_db) == {(GONGMAO, "guide_inaccurate"): FollowUp.FIXED}
        assert isinstance(app.focused, ChecklistPanel)

        option_list.focus()  # on a site with nothing to follow up, the panel lets go
        await pilot.pause()
        walk.go_to_uid(LVYOU)
        await pilot.pause()
        assert isinstance(app.focused, ChecklistPanel)
        assert not option_list.can_focus
        await pilot.press("c")  # nothing to mark: a word, no change
        await pilot.pause()
        assert len(followups(fresh_db)) == 1


async def test_done_asks_while_previous_problems_are_unchecked(
    fresh_db: Path, make_app: AppFactory
) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        walk = walk_of(app)
        walk.go_to_uid(GONGMAO)
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is walk and walk.site.uid == GONGMAO
        assert walk.model.status(GONGMAO) is Progress.NOT_STARTED
        await pilot.press("c", "d")  # checked: done without a question
        await pilot.pause()
        assert app.screen is walk
        assert walk.model.status(GONGMAO) is Progress.DONE
        assert walk.site.uid != GONGMAO

        walk.go_to_uid(LVYOU)  # nothing from the previous round: no question
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is walk and walk.model.status(LVYOU) is Progress.DONE
