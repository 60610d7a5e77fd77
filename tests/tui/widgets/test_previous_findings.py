"""PreviousFindings: last round's problems of a site, marked still present or fixed."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from host_app import Q1, Q2, WidgetHost
from inspect_tui.model import FollowUp, Progress
from inspect_tui.store import Store

# What tests/tui_followup/conftest.py applied to every test here.
pytestmark = pytest.mark.usefixtures("zh_hans", "frozen_clock")

MINZHENG = "N000007790"  # 區民政局: column_stale, guide_missing, guide_inaccurate, typo
ZHAOSHANG = "N000007787"  # 區招商局: nothing found in 2018Q1


def prompts(app: WidgetHost) -> list[str]:
    option_list = app.widget.option_list
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


async def test_mark_present_and_fixed(q2_db: Store) -> None:
    app = WidgetHost(q2_db, Q2, MINZHENG)
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        widget = app.widget
        assert [f.category for f in widget.findings] == [
            "column_stale",
            "guide_missing",
            "guide_inaccurate",
            "typo",
        ]
        assert all(p.startswith("○ 待核对") for p in prompts(app))
        assert "發現1個應更新欄目超過1年未更新" in prompts(app)[0]
        title = str(widget.query_one(".previous-title", Static).render())
        assert title == "上轮（2018Q1）问题 4 个，已跟进 0 个"
        shown = {key: b.binding.description for key, b in app.screen.active_bindings.items()}
        assert shown["c"] == "仍存在" and shown["x"] == "已整改"  # in the footer, translated

        await pilot.press("c")  # column_stale: still present, copied into 2018Q2
        (carried,) = q2_db.findings(Q2, MINZHENG)
        assert (carried.category, carried.count, carried.carried_from) == (
            "column_stale",
            1,
            Q1,
        )
        assert q2_db.followups(Q2) == {(MINZHENG, "column_stale"): FollowUp.PRESENT}
        assert widget.option_list.highlighted == 1  # on to the next problem
        assert prompts(app)[0].startswith("● 仍存在")
        changes = app.widget_screen.changes
        assert [(m.site_uid, m.category, m.status) for m in changes] == [
            (MINZHENG, "column_stale", FollowUp.PRESENT)
        ]

        await pilot.press("x")  # guide_missing: fixed, nothing copied
        assert q2_db.followups(Q2)[(MINZHENG, "guide_missing")] is FollowUp.FIXED
        assert [f.category for f in q2_db.findings(Q2, MINZHENG)] == ["column_stale"]

        await pilot.press("up", "up", "x")  # column_stale after all fixed: the copy goes
        assert q2_db.findings(Q2, MINZHENG) == []
        assert q2_db.followups(Q2)[(MINZHENG, "column_stale")] is FollowUp.FIXED
        assert prompts(app)[0].startswith("✓ 已整改")
        assert len(changes) == 3
        title = str(widget.query_one(".previous-title", Static).render())
        assert title.endswith("已跟进 2 个")
        assert q2_db.audit(Q2)[-1].entity == "followup"


async def test_set_site_and_reload(q2_db: Store) -> None:
    app = WidgetHost(q2_db, Q2, MINZHENG)
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        widget = app.widget
        await pilot.press("c")
        widget.set_site(ZHAOSHANG)
        await pilot.pause()
        assert widget.findings == []
        assert widget.has_class("-empty")
        assert prompts(app) == ["本站上轮（2018Q1）没有问题。"]
        assert not widget.query_one(".previous-title").display
        assert not app.screen.active_bindings["c"].enabled  # dimmed in the footer
        await pilot.press("c", "x")  # nothing to mark: no change
        assert len(app.widget_screen.changes) == 1

        widget.set_site(MINZHENG)
        await pilot.pause()
        assert prompts(app)[0].startswith("● 仍存在")
        app.widget_screen.model.undo()  # e.g. u on the walk
        widget.reload()
        await pilot.pause()
        assert prompts(app)[0].startswith("○ 待核对")
        assert q2_db.findings(Q2, MINZHENG) == []


async def test_sample_second_round_shows_marks(sample_store: Store) -> None:
    app = WidgetHost(sample_store, Q2, MINZHENG)
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        assert [p[:5] for p in prompts(app)] == ["✓ 已整改", "● 仍存在", "✓ 已整改", "✓ 已整改"]


async def test_first_round_has_nothing_to_follow_up(sample_store: Store) -> None:
    app = WidgetHost(sample_store, Q1, MINZHENG)
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        widget = app.widget
        assert not widget.has_previous_round
        assert widget.has_class("-no-previous")
        assert prompts(app) == ["没有上一轮，无需跟进。"]


async def test_final_round_refuses_marks(q2_db: Store) -> None:
    q2_db.finalise(Q2)
    app = WidgetHost(q2_db, Q2, MINZHENG)
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert q2_db.followups(Q2) == {}
        assert app.widget_screen.changes == []
        assert any("已定稿" in n.message for n in app._notifications)
        assert prompts(app)[0].startswith("○ 待核对")


async def test_marking_starts_the_site(q2_db: Store) -> None:
    app = WidgetHost(q2_db, Q2, MINZHENG)
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        assert q2_db.progress_of(Q2, MINZHENG) is Progress.NOT_STARTED
        await pilot.press("x")
        assert q2_db.progress_of(Q2, MINZHENG) is Progress.IN_PROGRESS
        assert [e.entity for e in q2_db.audit(Q2, MINZHENG)][-2:] == ["progress", "followup"]
        q2_db.undo_last(Q2)  # the mark goes first, the visit stays
        assert q2_db.followups(Q2) == {}
        assert q2_db.progress_of(Q2, MINZHENG) is Progress.IN_PROGRESS
