"""Pilot tests of the walk: navigation, recording findings, undo, jump, override, language.

Every change is checked through a second, fresh Store on the same file: what the screen says
was saved must be on disk before the next key.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, RadioSet, SelectionList

from app_helpers import SAMPLE_KEY, AppFactory, walk_of
from inspect_tui.model import Progress, Qualifier, Scope, Verdict
from inspect_tui.settings import Settings
from inspect_tui.store import Store
from inspect_tui.tui.errors import ErrorDialog
from inspect_tui.tui.screens.elements import ElementsDialog
from inspect_tui.tui.screens.help import HelpScreen
from inspect_tui.tui.screens.override import OverrideDialog
from inspect_tui.tui.screens.rounds import RoundsScreen
from inspect_tui.tui.screens.walk import WalkScreen

FRESH = "2019Q1"


def on_disk(path: Path) -> Store:
    return Store(path, actor="checker")


# -- start -------------------------------------------------------------------------------------


async def test_opens_the_last_round_used(sample_path: Path, make_app: AppFactory) -> None:
    with on_disk(sample_path) as store:
        store.set_setting("last_round", SAMPLE_KEY)
    app = make_app(sample_path, round_key=None)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert walk_of(app).round_key == SAMPLE_KEY


async def test_opens_the_newest_round_without_a_last_one(
    fresh_db: Path, make_app: AppFactory
) -> None:
    app = make_app(fresh_db, round_key=None)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert walk_of(app).round_key == FRESH
    with on_disk(fresh_db) as store:
        assert store.get_setting("last_round") == FRESH


async def test_empty_database_offers_the_sample(tmp_path: Path, make_app: AppFactory) -> None:
    app = make_app(tmp_path / "empty.sqlite", round_key=None)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "OfficeScreen"  # issue 13: the office comes first
        await pilot.press("escape")
        assert isinstance(app.screen, RoundsScreen)
        await pilot.press("a")
        await pilot.pause()
        assert walk_of(app).round_key == SAMPLE_KEY
        assert len(walk_of(app).rows) == 36


async def test_round_picker_creates_a_round_from_a_previous_one(
    sample_path: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RoundsScreen)
        await pilot.press("n")
        await pilot.pause()
        key = app.screen.query_one("#key", Input)
        key.value = ""
        await pilot.press(*"2020Q3", "enter")
        await pilot.pause()
        walk = walk_of(app)
        assert walk.round_key == "2020Q3"
        assert walk.rows.done == 0
    with on_disk(sample_path) as store:
        assert len(store.round_sites("2020Q3")) == 36


# -- navigation --------------------------------------------------------------------------------


async def test_next_previous_unfinished_and_done(fresh_db: Path, make_app: AppFactory) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test() as pilot:
        await pilot.pause()
        walk = walk_of(app)
        assert walk.index == 0
        await pilot.press("n", "n")
        assert walk.index == 2
        await pilot.press("p")
        assert walk.index == 1
        # Sites 0 and 1 have a problem of 2018Q1 not followed up: d asks first (issue 14).
        await pilot.press("d", "y")  # site 1 done, on to the next unfinished: 2
        await pilot.pause()
        assert walk.index == 2
        await pilot.press("p", "p")
        assert walk.index == 0
        await pilot.press("d", "y")  # site 0 done; 1 is done too, so on to 2
        await pilot.pause()
        assert walk.index == 2
        await pilot.press("p", "f")
        assert walk.index == 2
        assert walk.rows.done == 2
        assert "2/36" in str(walk.query_one("#walk-progress-label").render())
    with on_disk(fresh_db) as store:
        progress = store.progress(FRESH)
        sites = store.round_sites(FRESH)
        assert progress == {sites[0].uid: Progress.DONE, sites[1].uid: Progress.DONE}


async def test_site_list_keys_move_the_current_site(fresh_db: Path, make_app: AppFactory) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test() as pilot:
        await pilot.pause()
        walk = walk_of(app)
        await pilot.press("left", "down", "down", "end")
        await pilot.pause()
        assert walk.index == 35
        assert "網上辦事大廳" in str(walk.query_one("#card").render())
        await pilot.press("home", "enter")
        assert walk.index == 0
        assert app.focused is walk.panel


# -- recording ---------------------------------------------------------------------------------


async def test_number_key_toggles_a_finding(fresh_db: Path, make_app: AppFactory) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test() as pilot:
        await pilot.pause()
        walk = walk_of(app)
        uid = walk.site.uid
        await pilot.press("1")
        await pilot.pause()
        with on_disk(fresh_db) as store:
            finding = store.finding(FRESH, uid, "column_stale")
            assert finding is not None and finding.count == 1
            assert store.progress_of(FRESH, uid) is Progress.IN_PROGRESS
        assert "09:30:15" in str(walk.query_one("#walk-saved").render())
        assert walk.rows.flagged[0]
        await pilot.press("1")
        await pilot.pause()
        with on_disk(fresh_db) as store:
            assert store.finding(FRESH, uid, "column_stale") is None


async def test_count_plus_minus(fresh_db: Path, make_app: AppFactory) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test() as pilot:
        await pilot.pause()
        uid = walk_of(app).site.uid
        await pilot.press("2", "plus", "plus")
        await pilot.pause()
        with on_disk(fresh_db) as store:
            finding = store.finding(FRESH, uid, "guide_missing")
            assert finding is not None and finding.count == 3
        await pilot.press("minus")
        await pilot.pause()
        with on_disk(fresh_db) as store:
            finding = store.finding(FRESH, uid, "guide_missing")
            assert finding is not None and finding.count == 2
        await pilot.press("minus", "minus")
        await pilot.pause()
        with on_disk(fresh_db) as store:
            assert store.finding(FRESH, uid, "guide_missing") is None


async def test_count_typed_in_the_editor(fresh_db: Path, make_app: AppFactory) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test() as pilot:
        await pilot.pause()
        uid = walk_of(app).site.uid
        await pilot.press("down", "enter")  # guide_missing, not yet recorded: the editor
        await pilot.pause()
        await pilot.press("backspace", "1", "2", "enter")
        await pilot.pause()
        with on_disk(fresh_db) as store:
            finding = store.finding(FRESH, uid, "guide_missing")
            assert finding is not None and finding.count == 12
        await pilot.press("enter", "backspace", "backspace", "0", "enter")
        await pilot.pause()
        assert "#error" and str(app.screen.query_one("#error").render())  # refused
        await pilot.press("escape")


async def test_elements_for_guide_inaccurate(fresh_db: Path, make_app: AppFactory) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        uid = walk_of(app).site.uid
        await pilot.press("3")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ElementsDialog)
        options = dialog.options
        hours, place = options.index("辦理時間"), options.index("辦理地點")
        # 辦理時間 first, then 辦理地點: the order chosen is the order recorded.
        await pilot.press("home", *["down"] * hours, "space")
        await pilot.press("home", *["down"] * place, "space")
        # Typed in the list: the filter line takes it; enter ticks what it names.
        await pilot.press(*"辦理地址", "enter")  # folds to 辦理地點: already ticked
        await pilot.press(*"聯系方式", "enter")  # a custom element
        await pilot.press("tab", "right", "enter")  # qualifier: 多數
        await pilot.press("tab", "right", "right", "right", "enter")  # scope: both
        assert dialog.query_one("#qualifier", RadioSet).pressed_index == 1
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
    with on_disk(fresh_db) as store:
        finding = store.finding(FRESH, uid, "guide_inaccurate")
    assert finding is not None
    assert finding.elements == ("辦理時間", "辦理地點", "聯系方式")
    assert finding.qualifier is Qualifier.MOST
    assert finding.scope is Scope.BOTH


async def test_elements_dialog_keeps_recorded_order(
    sample_path: Path, make_app: AppFactory
) -> None:
    app = make_app(sample_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        walk = walk_of(app)
        walk.go_to_uid("name:網上辦事大廳大亞灣分廳")
        await pilot.press("down", "down", "enter")  # guide_inaccurate, recorded: edit it
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ElementsDialog)
        assert dialog.query_one("#elements", SelectionList).selected == ["辦理地點", "辦理時間"]
        await pilot.press("escape")


async def test_wording_and_note(fresh_db: Path, make_app: AppFactory) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test() as pilot:
        await pilot.pause()
        walk = walk_of(app)
        uid = walk.site.uid
        await pilot.press("4", "w")
        await pilot.pause()
        await pilot.press(*"發現一個錯字", "tab", *"首頁", "enter")
        await pilot.pause()
        with on_disk(fresh_db) as store:
            finding = store.finding(FRESH, uid, "typo")
        assert finding is not None
        assert (finding.wording, finding.note) == ("發現一個錯字", "首頁")
        assert "發現一個錯字" in str(walk.query_one("#walk-sentence").render())


async def test_undo(fresh_db: Path, make_app: AppFactory) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test() as pilot:
        await pilot.pause()
        walk = walk_of(app)
        uid = walk.site.uid
        await pilot.press("1", "n", "u")
        await pilot.pause()
        assert walk.site.uid == uid  # undo goes back to the site it changed
        with on_disk(fresh_db) as store:
            assert store.finding(FRESH, uid, "column_stale") is None
        assert not walk.rows.flagged[0]


async def test_national_items_and_veto(fresh_db: Path, make_app: AppFactory) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test() as pilot:
        await pilot.pause()
        walk = walk_of(app)
        assert len(walk.panel.categories) == 5
        await pilot.press("g")
        categories = walk.panel.categories
        assert len(categories) == 19
        assert categories[5].veto.threshold is not None  # single-veto items first
        await pilot.press("6")  # site_unreachable: always a veto
        await pilot.pause()
        assert walk.rows.failed[0]
        assert "1" in str(walk.query_one("#walk-progress-label").render())
        assert walk.query_one("#walk-verdict").has_class("-fail")


# -- jump --------------------------------------------------------------------------------------


async def test_jump_by_code(sample_path: Path, make_app: AppFactory) -> None:
    app = make_app(sample_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        walk = walk_of(app)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"N000007790")
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert walk.site.uid == "N000007790"


# -- verdict override --------------------------------------------------------------------------


async def test_override_needs_a_reason(fresh_db: Path, make_app: AppFactory) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test() as pilot:
        await pilot.pause()
        walk = walk_of(app)
        uid = walk.site.uid
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, OverrideDialog)
        await pilot.press("down", "down", "enter")  # 不合格
        await pilot.press("tab", "enter")  # no reason
        await pilot.pause()
        assert isinstance(app.screen, OverrideDialog)
        assert "理由" in str(app.screen.query_one("#error").render())
        with on_disk(fresh_db) as store:
            assert store.override(FRESH, uid) is None
        await pilot.press(*"首頁打不開", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        with on_disk(fresh_db) as store:
            override = store.override(FRESH, uid)
        assert override is not None
        assert (override.verdict, override.reason) == (Verdict.FAIL, "首頁打不開")
        assert walk.rows.failed[0]
        assert "首頁打不開" in str(walk.query_one("#walk-verdict").render())
        # Back to the computed verdict: no reason needed.
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("up", "up", "enter", "ctrl+s")
        await pilot.pause()
        with on_disk(fresh_db) as store:
            assert store.override(FRESH, uid) is None


# -- errors ------------------------------------------------------------------------------------


async def test_store_errors_become_notifications(fresh_db: Path, make_app: AppFactory) -> None:
    with on_disk(fresh_db) as store:
        store.set_status(FRESH, "final", "sealed for the test")
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        # in the UI language, not the store's English
        assert any(f"检查轮次“{FRESH}”已定稿" in m for m in messages), messages
        assert isinstance(app.screen, WalkScreen)
    with on_disk(fresh_db) as store:
        assert store.findings(FRESH) == []


async def test_unexpected_errors_show_a_dialog_and_a_log(
    fresh_db: Path, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test() as pilot:
        await pilot.pause()

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(app.store, "set_finding", broken)
        await pilot.press("1")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ErrorDialog)
        assert dialog.log_path is not None
        assert "disk on fire" in dialog.log_path.read_text(encoding="utf-8")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)


# -- language ----------------------------------------------------------------------------------


def footer_text(app: object) -> str:
    from textual.widgets import Footer

    from inspect_tui.tui.app import InspectApp

    assert isinstance(app, InspectApp)
    footer = app.screen.query_one(Footer)
    return " ".join(str(key.render()) for key in footer.children)


async def test_language_switch(sample_path: Path, make_app: AppFactory) -> None:
    app = make_app(sample_path, lang="zh-Hans")
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        assert "下一站" in footer_text(app)
        assert "标识码" in str(walk_of(app).query_one("#card").render())
        await pilot.press("l")
        await pilot.pause()
        assert "標識碼" in str(walk_of(app).query_one("#card").render())
        await pilot.press("l")
        await pilot.pause()
        assert "Next" in footer_text(app)
        assert "code" in str(walk_of(app).query_one("#card").render())
        # Category labels follow the round's script, not the UI language.
        assert "應更新欄目長期未更新" in walk_of(app).panel.render_line(0).text
    assert Settings.load().language == "en"


async def test_language_parameter_wins(sample_path: Path, make_app: AppFactory) -> None:
    app = make_app(sample_path, lang="en")
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        assert "Undo" in footer_text(app)


# -- other screens and help --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "module", "name"),
    [
        ("s", "inspect_tui.tui.screens.summary", "SummaryScreen"),
        ("m", "inspect_tui.tui.screens.round_meta", "RoundMetaScreen"),
        ("e", "inspect_tui.tui.screens.export", "ExportScreen"),
    ],
)
async def test_other_screens_open_and_return(
    sample_path: Path, make_app: AppFactory, key: str, module: str, name: str
) -> None:
    screen_class = getattr(pytest.importorskip(module), name)
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        walk = walk_of(app)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, screen_class)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is walk


async def test_help_lists_every_binding(sample_path: Path, make_app: AppFactory) -> None:
    from inspect_tui.tui.widgets.checklist_panel import ChecklistPanel
    from inspect_tui.tui.widgets.site_list import SiteList

    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        ids = {
            row[2] for _, bindings in help_screen.sections() for row in help_screen.rows(bindings)
        }
        bindings = [*WalkScreen.BINDINGS, *ChecklistPanel.BINDINGS, *SiteList.BINDINGS]
        bindings += [*type(app).BINDINGS, *RoundsScreen.BINDINGS]
        for binding in bindings:
            assert not isinstance(binding, tuple)
            assert binding.id and binding.description, binding
            if binding.id.startswith("walk.toggle-") and binding.id != "walk.toggle-1":
                continue
            assert binding.id in ids
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)


async def test_plain_app_keys_wait_while_a_dialog_is_open(
    fresh_db: Path, make_app: AppFactory
) -> None:
    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("3")  # the elements dialog (its list has the focus)
        await pilot.pause()
        await pilot.press("q", "r", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, ElementsDialog)
        assert app.is_running
        await pilot.press("escape", "q")
        await pilot.pause()
        assert not app.is_running


async def test_sees_changes_made_by_another_window(fresh_db: Path, make_app: AppFactory) -> None:
    from inspect_tui.model import Finding

    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test() as pilot:
        await pilot.pause()
        walk = walk_of(app)
        uid = walk.site.uid
        assert walk.check_external_changes() is False
        with on_disk(fresh_db) as other:  # a second instance on the same file
            other.set_finding(FRESH, Finding(uid, "typo", count=4))
        assert walk.check_external_changes() is True
        await pilot.pause()
        assert walk.findings[uid]["typo"].count == 4
        assert walk.check_external_changes() is False
        with on_disk(fresh_db) as other:  # an export recorded elsewhere changes no record
            other.record_export(FRESH, fresh_db.parent / "x.docx", "docx", "0" * 64)
        reads = []
        walk._load_records = lambda: reads.append(1)  # type: ignore[method-assign]
        assert walk.check_external_changes() is False
        assert reads == []
        with on_disk(fresh_db) as other:
            other.remove_finding(FRESH, uid, "typo")
        assert walk.check_external_changes() is True
        assert reads == [1]


async def test_back_from_a_screen_rereads_the_round_only_if_it_changed(
    fresh_db: Path, make_app: AppFactory
) -> None:
    from inspect_tui.model import Finding
    from inspect_tui.tui.screens.summary import SummaryScreen

    app = make_app(fresh_db, round_key=FRESH)
    async with app.run_test() as pilot:
        await pilot.pause()
        walk = walk_of(app)
        reads: list[int] = []
        load = walk._load_records

        def counted() -> None:
            reads.append(1)
            load()

        walk._load_records = counted  # type: ignore[method-assign]
        await pilot.press("1")  # the walk's own change: already on screen
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert walk_of(app) is walk and reads == []
        uid = walk.site.uid
        await pilot.press("s")
        await pilot.pause()
        walk.store.set_finding(FRESH, Finding(uid, "typo", count=3))  # another screen's write
        await pilot.press("escape")
        await pilot.pause()
        assert reads == [1]
        assert walk.findings[uid]["typo"].count == 3


async def test_rectify_that_follows_from_a_carried_problem_is_shown_as_automatic(
    sample_path: Path, make_app: AppFactory
) -> None:
    """2018Q2: 區民政局's 办事指南要素缺失 is still present, so the circular names it under
    整改不到位; the walk shows that tick too, marked automatic, and a key records it."""
    app = make_app(sample_path, round_key="2018Q2")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        walk = walk_of(app)
        panel = walk.panel
        rectify = next(c for c in panel.categories if c.id == "rectify_late")
        number = panel.categories.index(rectify) + 1

        def rectify_line() -> str:
            y = next(y for y, row in enumerate(panel._rows) if row.category is rectify)
            return "".join(segment.text for segment in panel.render_line(y))

        walk.go_to_uid("N000007790")
        await pilot.pause()
        assert "rectify_late" not in walk.site_findings
        assert "[✓]" in rectify_line() and "自动" in rectify_line()
        panel.highlight(rectify)
        await pilot.pause()
        sentence = str(walk.query_one("#walk-sentence").render())
        assert "2018Q1" in sentence and "自动" in sentence

        await pilot.press(str(number))  # recorded by hand: no longer automatic
        await pilot.pause()
        assert "rectify_late" in walk.site_findings
        assert "[✓]" in rectify_line() and "自动" not in rectify_line()

        walk.go_to_uid("N000007787")  # 區招商局: nothing carried over
        await pilot.pause()
        assert "[ ]" in rectify_line()
