"""MergeScreen: bundles read and checked, each conflict's winner chosen by key, one write."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from host_app import Q2, Host
from inspect_tui import bundle as bundle_mod
from inspect_tui import i18n
from inspect_tui.bundle_store import bundle_from_store
from inspect_tui.model import Verdict, VerdictOverride
from inspect_tui.store import Store
from inspect_tui.tui.screens.merge import MergeScreen, split_paths

# What tests/tui_followup/conftest.py applied to every test here.
pytestmark = pytest.mark.usefixtures("zh_hans", "frozen_clock")

LVYOU = "N000007777"  # 區旅遊局: typo ×2 in 2018Q2
GONGMAO = "N000007775"  # 區工貿局


def write_bundles(store: Store, folder: Path) -> tuple[Path, Path]:
    """张三's bundle is the round as it is; 李四 counted 3 typos and failed 區工貿局."""
    zhang = bundle_from_store(store, Q2, "张三")
    findings = tuple(
        f.with_changes(count=3) if (f.site_uid, f.category) == (LVYOU, "typo") else f
        for f in zhang.findings
    )
    li = replace(
        zhang,
        inspector="李四",
        findings=findings,
        overrides=(VerdictOverride(GONGMAO, Verdict.FAIL, "辦事指南大面積失效"),),
        bundle_id=bundle_mod.new_bundle_id(),
    )
    a, b = folder / "zhang.json", folder / "li.json"
    a.write_bytes(bundle_mod.dump(zhang, exported_at="2018-06-25T00:00:00+00:00"))
    b.write_bytes(bundle_mod.dump(li, exported_at="2018-06-25T00:00:00+00:00"))
    return a, b


def message_of(app: Host) -> str:
    return str(app.screen.query_one("#merge-message", Static).render())


def table_of(app: Host) -> DataTable[object]:
    return app.screen.query_one("#merge-table", DataTable)


def snapshot(path: Path) -> tuple[object, ...]:
    """Everything a merge could change, read with a fresh connection."""
    with Store(path, actor="checker") as s:
        return (
            s.round_keys(),
            s.findings(Q2),
            s.overrides(Q2),
            s.progress(Q2),
            len(s.audit()),
        )


async def test_choose_each_conflict_and_apply(sample_store: Store, tmp_path: Path) -> None:
    a, b = write_bundles(sample_store, tmp_path)
    app = Host(lambda: MergeScreen(sample_store, [a, b]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MergeScreen)
        plan = screen.plan
        assert plan is not None and plan.local
        assert plan.inspectors == ["tester（本机）", "张三", "李四"]
        assert [(c.site_uid, c.entry) for c in plan.conflicts] == [
            (GONGMAO, "verdict"),
            (LVYOU, "typo"),
        ]
        assert table_of(app).row_count == 2
        assert "冲突 2 处" in message_of(app) and "还有 2 处冲突未选定" in message_of(app)

        await pilot.press("ctrl+s")  # not yet: nothing is written
        assert "还剩 2 处" in message_of(app)
        assert app.results == []

        await pilot.press("right")  # 工貿局's verdict: the first inspector (local, no override)
        assert plan.chosen(plan.conflicts[0]) == "tester（本机）"
        await pilot.press("left")  # wraps round to 李四
        await pilot.press("left")  # then 张三
        assert plan.chosen(plan.conflicts[0]) == "张三"
        await pilot.press("down", "3")  # 旅遊局's typo: 李四's count
        assert plan.chosen(plan.conflicts[1]) == "李四"
        assert "每处冲突都已选定" in message_of(app)

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == [True]

    with Store(sample_store.path, actor="checker") as fresh:
        typo = fresh.finding(Q2, LVYOU, "typo")
        assert typo is not None and typo.count == 3
        assert fresh.override(Q2, GONGMAO) is None
        assert len(fresh.findings(Q2)) == len(sample_store.findings(Q2))
        merged = [e for e in fresh.audit(Q2) if (e.entity, e.action) == ("round", "merge")]
        assert merged[-1].after["source"] == "merge of zhang.json, li.json"


async def test_prefer_one_inspector_for_all_into_a_new_round(
    sample_store: Store, tmp_path: Path
) -> None:
    a, b = write_bundles(sample_store, tmp_path)
    with Store(tmp_path / "other.sqlite", actor="wang") as other:
        app = Host(lambda: MergeScreen(other, [a, b]))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, MergeScreen)
            assert screen.plan is not None and not screen.plan.local
            assert screen.plan.inspectors == ["张三", "李四"]
            assert "合并后新建本轮" in message_of(app)
            await pilot.press("a")  # no choice on this row yet: nothing to apply to all
            assert screen.plan.unresolved
            await pilot.press("2", "a")
            assert not screen.plan.unresolved
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.results == [True]
    with Store(tmp_path / "other.sqlite") as fresh:
        assert fresh.round_keys() == [Q2]
        typo = fresh.finding(Q2, LVYOU, "typo")
        assert typo is not None and typo.count == 3
        override = fresh.override(Q2, GONGMAO)
        assert override is not None and override.verdict is Verdict.FAIL


async def test_invalid_bundle_is_named_and_nothing_is_written(
    sample_store: Store, tmp_path: Path
) -> None:
    a, b = write_bundles(sample_store, tmp_path)
    doc = json.loads(b.read_text(encoding="utf-8"))
    doc["findings"][0]["category"] = "tpyo"
    b.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = snapshot(sample_store.path)
    app = Host(lambda: MergeScreen(sample_store, [a, b]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MergeScreen)
        assert screen.plan is None
        text = message_of(app)
        assert "li.json: findings[0].category: unknown category 'tpyo'" in text
        assert "未写入任何内容" in text
        assert screen.query_one("#merge-message").has_class("-error")
        assert not table_of(app).display
        await pilot.press("ctrl+s")
        await pilot.press("escape")
        assert app.results == [False]
    assert snapshot(sample_store.path) == before


async def test_missing_file_and_same_bundle_twice_are_errors(
    sample_store: Store, tmp_path: Path
) -> None:
    a, _ = write_bundles(sample_store, tmp_path)
    before = snapshot(sample_store.path)
    app = Host(lambda: MergeScreen(sample_store, [a, tmp_path / "nope.json"]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "nope.json：无法读取文件" in message_of(app)
        screen = app.screen
        assert isinstance(screen, MergeScreen)
        screen.load([a, a])
        await pilot.pause()
        assert "zhang.json 和 zhang.json 是同一份数据包" in message_of(app)
        assert screen.plan is None
    assert snapshot(sample_store.path) == before


async def test_final_round_is_not_replaced(sample_store: Store, tmp_path: Path) -> None:
    a, b = write_bundles(sample_store, tmp_path)
    sample_store.finalise(Q2)
    before = snapshot(sample_store.path)
    app = Host(lambda: MergeScreen(sample_store, [a, b]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("1", "down", "1", "ctrl+s")
        await pilot.pause()
        assert "已定稿" in message_of(app) and "未写入任何内容" in message_of(app)
        assert app.results == []
    assert snapshot(sample_store.path) == before


async def test_paths_typed_when_started_without_any(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_bundles(sample_store, tmp_path)
    monkeypatch.chdir(tmp_path)
    app = Host(lambda: MergeScreen(sample_store, []))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MergeScreen)
        assert isinstance(app.focused, Input)
        assert "输入要合并的数据包文件" in message_of(app)
        await pilot.press("ctrl+s")
        assert app.results == []
        await pilot.press(*"zhang.json, li.json", "enter")
        await pilot.pause()
        assert screen.plan is not None and len(screen.plan.conflicts) == 2
        assert table_of(app).has_focus


def test_split_paths() -> None:
    assert split_paths("a.json, b.json c.json") == [Path("a.json"), Path("b.json"), Path("c.json")]
    assert split_paths("\"my files/a b.json\",'c d.json'") == [
        Path("my files/a b.json"),
        Path("c d.json"),
    ]
    assert split_paths(" , ") == []


async def test_language_switch_keeps_choices(sample_store: Store, tmp_path: Path) -> None:
    a, b = write_bundles(sample_store, tmp_path)
    app = Host(lambda: MergeScreen(sample_store, [a, b]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MergeScreen)
        await pilot.press("2")
        i18n.set_language("en")  # as the app's language switch does
        await screen.recompose()
        await pilot.pause()
        assert screen.plan is not None and len(screen.plan.unresolved) == 1
        assert "1 conflicts without a winner" in message_of(app)
        labels = [str(c.label) for c in table_of(app).ordered_columns]
        assert labels[1:4] == ["Site", "Item", "1 tester（本机）"]  # a name, as loaded


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda doc: "[" * 100_000 + "]" * 100_000, "li.json: nested too deeply"),
        (
            lambda doc: json.dumps(doc).replace('"version": 2', '"version": ' + "9" * 5000, 1),
            "li.json: the number 9999",
        ),
        (
            lambda doc: json.dumps(
                {
                    **doc,
                    "sites": [
                        *doc["sites"],
                        {"kind": "dept", "name": "外来局", "short_name": "外来"},
                    ],
                    "progress": {**doc["progress"], "name:外来局": "done"},
                }
            ),
            "li.json: site 'name:外来局' is not in the round's roster",
        ),
    ],
    ids=["deep", "huge-number", "extra-site"],
)
async def test_item12_hostile_bundles_are_shown_not_crashed(
    sample_store: Store,
    tmp_path: Path,
    make,  # type: ignore[no-untyped-def]
    expected: str,
) -> None:
    a, b = write_bundles(sample_store, tmp_path)
    b.write_text(make(json.loads(b.read_text(encoding="utf-8"))), encoding="utf-8")
    before = snapshot(sample_store.path)
    app = Host(lambda: MergeScreen(sample_store, [a, b]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MergeScreen)
        assert screen.plan is None
        assert expected in message_of(app)
        await pilot.press("ctrl+s")
        await pilot.press("escape")
        assert app.results == [False]
    assert snapshot(sample_store.path) == before


async def test_item01_same_inspector_bundles_are_two_columns(
    sample_store: Store, tmp_path: Path
) -> None:
    a, b = write_bundles(sample_store, tmp_path)
    doc = json.loads(b.read_text(encoding="utf-8"))
    doc["inspector"] = "张三"  # both laptops exported under one login name
    b.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    app = Host(lambda: MergeScreen(sample_store, [a, b]))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MergeScreen) and screen.plan is not None
        labels = screen.plan.inspectors
        assert "张三 (zhang.json)" in labels and "张三 (li.json)" in labels
        assert len(screen.plan.conflicts) >= 2
