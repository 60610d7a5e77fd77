"""HistoryScreen: the audit trail in words, newest first, one site or the whole round."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from host_app import Q2, Host
from inspect_tui import i18n
from inspect_tui.audit_words import Describer, build_rows
from inspect_tui.model import Finding, FollowUp, Verdict
from inspect_tui.store import Store
from inspect_tui.text import clip
from inspect_tui.tui.screens.history import HistoryScreen

# What tests/tui_followup/conftest.py applied to every test here.
pytestmark = pytest.mark.usefixtures("zh_hans", "frozen_clock")

MINZHENG = "N000007790"  # 區民政局: four findings in 2018Q1, followed up in 2018Q2
LVYOU = "N000007777"  # 區旅遊局: a typo found in 2018Q2


def host(store: Store, site: str | None = MINZHENG) -> Host:
    return Host(lambda: HistoryScreen(store, Q2, site))


def scope_of(screen: HistoryScreen) -> str:
    return "round" if screen.whole_round else "site"


def table_of(app: Host) -> DataTable[object]:
    return app.screen.query_one("#history-table", DataTable)


def column(app: Host, key: str) -> list[str]:
    table = table_of(app)
    return [str(cell) for cell in table.get_column(key)]


async def test_lists_site_changes_newest_first_and_toggles_round(sample_store: Store) -> None:
    site_ids = [e.id for e in sample_store.audit(Q2, MINZHENG)]
    round_ids = [e.id for e in sample_store.audit(Q2)]
    app = host(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert [r.id for r in screen.rows] == sorted(site_ids, reverse=True)
        assert table_of(app).row_count == len(site_ids) == 5
        assert [c.key.value for c in table_of(app).ordered_columns] == [
            "when",
            "actor",
            "what",
            "change",
        ]
        # Newest first: the site was marked done after its follow-ups.
        assert column(app, "what")[0] == "进度"
        assert column(app, "change")[0] == "未开始 → 已完成"
        # The frozen clock's 02:0x UTC, in local time (UTC+8).
        assert all(when.startswith("2018-06-25 10:0") for when in column(app, "when"))
        assert "上轮问题仍存在" in column(app, "what")
        assert "辦事指南要素類別缺失 待核对 → 仍存在" in column(app, "change")
        stats = str(screen.query_one("#history-stats", Static).render())
        assert "區民政局" in stats and "5" in stats

        await pilot.press("a")
        assert scope_of(screen) == "round"
        assert [r.id for r in screen.rows] == sorted(round_ids, reverse=True)
        assert table_of(app).row_count == len(round_ids)
        assert "site" in [c.key.value for c in table_of(app).ordered_columns]
        assert column(app, "what")[-1] == "新建本轮"
        assert column(app, "change")[-1] == "站点 36 个，名单取自 2018Q1"

        await pilot.press("a")
        assert scope_of(screen) == "site"
        assert table_of(app).row_count == 5

        await pilot.press("escape")
        assert app.results == [None]


async def test_describes_changes_in_words(sample_store: Store) -> None:
    typo = sample_store.finding(Q2, LVYOU, "typo")
    assert typo is not None and typo.count == 2
    sample_store.set_finding(Q2, typo.with_changes(count=3))
    sample_store.set_finding(Q2, typo.with_changes(count=3, note="首页通知"))
    sample_store.set_override(Q2, LVYOU, Verdict.FAIL, "首页大面积错别字")
    sample_store.clear_override(Q2, LVYOU)
    sample_store.remove_finding(Q2, LVYOU, "typo")
    sample_store.undo_last(Q2)
    app = host(sample_store, LVYOU)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        rows = list(zip(column(app, "what"), column(app, "change"), strict=True))
        assert rows[:6] == [
            ("撤销问题记录", "— → 錯別字 3 备注“首页通知”"),
            ("删除问题", "錯別字 3 备注“首页通知” → —"),
            ("取消改判", "不合格（首页大面积错别字） → 自动判定"),
            ("人工改判", "自动判定 → 不合格（首页大面积错别字）"),
            ("修改问题", "錯別字 — → 备注“首页通知”"),
            ("修改问题", "錯別字 2 → 3"),
        ]


async def test_whole_round_has_no_site_toggle(sample_store: Store) -> None:
    app = host(sample_store, None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert screen.whole_round
        assert "a" not in screen.active_bindings  # nothing to narrow to
        await pilot.press("a")
        assert screen.whole_round
        assert screen.sub_title == "整轮"


async def test_highlighted_row_is_shown_in_full(sample_store: Store) -> None:
    app = host(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down")
        detail = str(app.screen.query_one("#history-detail", Static).render())
        assert "2018-06-25 10:01 · tester · 區民政局 · 上轮问题已整改" in detail
        assert "辦事指南要素不準確 待核对 → 已整改" in detail


def test_followup_undo_and_unknown_entries(sample_store: Store) -> None:
    sample_store.mark_followup(Q2, MINZHENG, "typo", FollowUp.PRESENT)
    sample_store.undo_last(Q2)
    describer = Describer(sample_store.round_checklist(Q2), "zh-Hant", {})
    rows = build_rows(sample_store.audit(Q2, MINZHENG), describer)
    assert (rows[0].what, rows[0].change) == ("撤销跟进标记", "錯別字 仍存在 → 已整改")
    assert (rows[1].what, rows[1].change) == ("上轮问题仍存在", "錯別字 已整改 → 仍存在")
    assert rows[0].site == MINZHENG  # no name known: the uid
    assert build_rows(sample_store.audit(Q2), describer, limit=3)[0].id == rows[0].id
    assert len(build_rows(sample_store.audit(Q2), describer, limit=3)) == 3


def test_clip_counts_cells() -> None:
    assert clip("短") == "短"
    assert clip("一二三四五六七八九十", 9) == "一二三四…"
    assert clip("a  b\nc", 10) == "a b c"


def test_finding_added_reads_as_nothing_to_finding(sample_store: Store) -> None:
    sample_store.set_finding(Q2, Finding(LVYOU, "site_unreachable"))
    describer = Describer(sample_store.round_checklist(Q2), "zh-Hant", {LVYOU: "區旅遊局"})
    row = build_rows(sample_store.audit(Q2, LVYOU), describer)[0]
    assert (row.what, row.change, row.site) == ("新增问题", "— → 站點無法訪問", "區旅遊局")


async def test_language_switch_redescribes(sample_store: Store) -> None:
    app = host(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await pilot.press("a")
        i18n.set_language("en")
        await screen.recompose()
        await pilot.pause()
        assert screen.whole_round
        assert column(app, "what")[0] == "Progress"
        assert column(app, "change")[0] == "not started → done"
        assert "辦事指南要素類別缺失 to check → still present" in column(app, "change")
