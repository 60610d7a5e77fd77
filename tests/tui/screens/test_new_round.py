"""The new-round dialog: template and checklist chosen, a roster CSV imported from the picker
(its errors with file, row and column, or its counts, before anything is written)."""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import ClassVar

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, RadioButton, Select, Static

from host_app import ROUND, Host
from inspect_tui.circular.template import office_template_dir
from inspect_tui.store import Store
from inspect_tui.tui import app as tui_app
from inspect_tui.tui.screens.rounds import NewRoundDialog, RoundsScreen
from inspect_tui.tui.widgets.path_suggester import complete_path

# What tests/tui_screens/conftest.py applied to every test here.
pytestmark = pytest.mark.usefixtures("zh_hans", "fresh_export_session")

TUI = Path(tui_app.__file__).parent


class StyledHost(Host):
    """The host with the app's style sheets: the dialog's layout (and its scrolling at 80×24)
    is the one the inspector sees."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [TUI / p for p in tui_app.InspectApp.CSS_PATH]


SIMPLIFIED_TEMPLATE = """\
[template]
name = "simple"
title = "简体模板"
scripts = ["zh-Hans"]

[document]
title = "关于{{ period.label }}的通报"

[[body]]
type = "paragraph"
text = "共{{ total }}个。"
"""
SAMPLES = Path(__file__).resolve().parents[3] / "samples"
BAD_CSV = "seq,kind,name,short_name\n1,special,,甲\n2,odd,乙网,乙\n3,special,丙网,丙\n"
OFFICE_CHECKLIST = """\
id = "county-office-2026"
version = 1
scripts = ["zh-Hans"]

[title]
zh-Hans = "县政府网站季度检查"

[format]
element_quote.zh-Hans = "“{}”"
element_separator.zh-Hans = "、"
unit_separator.zh-Hans = "、"

[[categories]]
id = "summary_only"
kind = "flag"
veto = "never"
names_units = false
label = { zh-Hans = "总体问题" }
body = { zh-Hans = "本季度抽查中总体存在信息更新不及时的问题。" }
item = { zh-Hans = "信息更新不及时" }
"""


async def open_dialog(pilot: Pilot[object], key: str) -> NewRoundDialog:
    await pilot.pause()
    await pilot.press("n")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, NewRoundDialog)
    dialog.query_one("#key", Input).value = key
    return dialog


def error_of(dialog: NewRoundDialog) -> str:
    return str(dialog.query_one("#error", Label).content)


async def save(pilot: Pilot[object]) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_a_template_is_chosen(sample_store: Store) -> None:
    app = Host(lambda: RoundsScreen(sample_store, ROUND))
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_dialog(pilot, "2026-04")
        select = dialog.query_one("#round-template", Select)
        assert select.value == ""  # by default: the source round's, else the district form
        labels = [str(prompt) for prompt, _ in select._options]
        assert "district-quarterly  区级季度抽查通报（三个附件）（简体、繁体）" in labels
        assert "short-form  简版抽查通报（不分节，一个附件）（简体、繁体）" in labels
        assert "city-monthly-census  市级月度普查通报（按层级，无附件）（简体、繁体）" in labels
        select.value = "city-monthly-census"
        await save(pilot)
    assert app.results == ["2026-04"]
    assert sample_store.round("2026-04").meta.template == "city-monthly-census"


async def test_a_simplified_only_template_is_refused_for_a_traditional_round(
    sample_store: Store,
) -> None:
    folder = office_template_dir(sample_store.path)
    folder.mkdir()
    (folder / "simple.toml").write_text(SIMPLIFIED_TEMPLATE, encoding="utf-8")
    app = Host(lambda: RoundsScreen(sample_store, ROUND))
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_dialog(pilot, "2018Q3")
        select = dialog.query_one("#round-template", Select)
        assert "simple  简体模板（简体）" in [str(prompt) for prompt, _ in select._options]
        select.value = "simple"
        # from 2018Q2, a round in Traditional script: its script carries over
        buttons = list(dialog.query(RadioButton))
        next(b for b in buttons if "2018Q2" in str(b.label)).value = True
        await pilot.pause()
        await save(pilot)
        assert isinstance(app.screen, NewRoundDialog)  # still open, nothing lost
        assert "模板 simple 只有 zh-Hans 的文字，本轮为 zh-Hant" in error_of(dialog)
    assert not sample_store.has_round("2018Q3")


async def test_an_office_checklist_file(sample_store: Store, tmp_path: Path) -> None:
    good = tmp_path / "county.toml"
    good.write_text(OFFICE_CHECKLIST, encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text(OFFICE_CHECKLIST.replace("version = 1", 'version = "1"'), encoding="utf-8")
    app = Host(lambda: RoundsScreen(sample_store, ROUND))
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_dialog(pilot, "2026Q2")
        shown = dialog.query_one("#checklist-result", Static)
        assert not shown.display
        dialog.query_one("#checklist-file", Input).value = str(broken)
        await pilot.pause()
        assert shown.display and str(shown.content).endswith(
            'version: must be a positive integer; got "1"'
        )
        dialog.query_one("#checklist-file", Input).value = str(good)
        await pilot.pause()
        assert str(shown.content).startswith("county-office-2026 v1: 县政府网站季度检查 (zh-Hans;")
        dialog.query_one("#checklist-file", Input).value = str(broken)
        await save(pilot)
        assert f'{broken}: version: must be a positive integer; got "1"' == error_of(dialog)
        dialog.query_one("#checklist-file", Input).value = str(good)
        await save(pilot)
    assert app.results == ["2026Q2"]
    assert sample_store.round_checklist("2026Q2").id == "county-office-2026"


async def test_roster_import_shows_errors_then_counts_then_creates(
    sample_store: Store, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    app = StyledHost(lambda: RoundsScreen(sample_store, ROUND))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, "2026Q1")
        # every input one line high (the walk's #checklist style once made this one 1fr)
        assert {
            dialog.query_one(f"#{n}").region.height for n in ("key", "title", "checklist-file")
        } == {3}
        assert not dialog.query_one("#csv-field").display  # only for the CSV choice
        dialog.query_one("#from-csv", RadioButton).value = True
        await pilot.pause()
        assert dialog.query_one("#csv-field").display
        assert app.focused is dialog.query_one("#csv", Input)
        dialog.query_one("#csv", Input).value = str(bad)
        await pilot.pause()
        result = str(dialog.query_one("#csv-result", Static).content)
        assert result.splitlines() == [
            "2 处错误，未导入：",
            'bad.csv, row 2, column "name": empty; every site needs its full name',
            'bad.csv, row 3, column "kind": "odd" is not a site kind; expected one of portal, '
            "dept, special, channel, platform (or 门户网站, 部门网站, 专项网站, 频道, 栏目, 平台)",
        ]
        # at 80×24 the dialog scrolls: the errors are brought into view under the path
        await pilot.pause()
        scroll = dialog.query_one("#new-round")
        assert scroll.scroll_y > 0
        visible = scroll.content_region
        for widget in ("#csv", "#csv-result", "#save"):
            assert visible.contains_region(dialog.query_one(widget).region), widget
        await save(pilot)
        assert isinstance(app.screen, NewRoundDialog)
        assert "bad.csv 无法导入" in error_of(dialog)
        assert len(sample_store.sites()) == 36  # nothing imported

        dialog.query_one("#csv", Input).value = str(SAMPLES / "shortform-roster.csv")
        await pilot.pause()
        assert error_of(dialog) == ""  # the refusal was about the other file
        result = str(dialog.query_one("#csv-result", Static).content)
        assert result.startswith("shortform-roster.csv：30 个站点（未分层级），UTF-8 with BOM")
        await save(pilot)
    assert app.results == ["2026Q1"]
    assert len(sample_store.round_sites("2026Q1")) == 30
    assert len(sample_store.sites()) == 30  # the file became the roster, as `roster import` does
    assert len(sample_store.round_sites(ROUND)) == 36  # earlier rounds keep their snapshot


async def test_roster_import_needs_a_path(sample_store: Store) -> None:
    app = Host(lambda: RoundsScreen(sample_store, ROUND))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, "2026Q1")
        dialog.query_one("#from-csv", RadioButton).value = True
        await pilot.pause()
        await save(pilot)
        assert error_of(dialog) == "请填写名册 CSV 文件的路径。"
    assert not sample_store.has_round("2026Q1")


async def test_an_existing_key_does_not_replace_the_roster(sample_store: Store) -> None:
    app = Host(lambda: RoundsScreen(sample_store, ROUND))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, ROUND)
        dialog.query_one("#from-csv", RadioButton).value = True
        await pilot.pause()
        dialog.query_one("#csv", Input).value = str(SAMPLES / "shortform-roster.csv")
        await pilot.pause()
        await save(pilot)
        assert ROUND in error_of(dialog)
    assert len(sample_store.sites()) == 36


async def test_the_path_completes_as_typed(tmp_path: Path, sample_store: Store) -> None:
    (tmp_path / "rosters").mkdir()
    (tmp_path / "rosters" / "office-2026.csv").write_text("x", encoding="utf-8")
    app = Host(lambda: RoundsScreen(sample_store, ROUND))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, "2026Q1")
        dialog.query_one("#from-csv", RadioButton).value = True
        await pilot.pause()
        await pilot.press(*f"{tmp_path}/ro")
        await pilot.pause()
        await pilot.press("right")  # accepts the suggestion: the folder
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        assert dialog.query_one("#csv", Input).value == f"{tmp_path}/rosters/office-2026.csv"


def test_complete_path(tmp_path: Path) -> None:
    (tmp_path / "b-folder").mkdir()
    (tmp_path / "b.csv").write_text("", encoding="utf-8")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    (tmp_path / ".b-hidden.csv").write_text("", encoding="utf-8")
    base = f"{tmp_path}/"
    assert complete_path(base + "b", (".csv",)) == base + "b-folder/"  # folders first
    assert complete_path(base + "b.", (".csv",)) == base + "b.csv"  # then the wanted files
    assert complete_path(base + "b.t", (".csv",)) == base + "b.txt"
    assert complete_path(base + "b-folder", ()) == base + "b-folder/"
    assert complete_path(base + ".b", ()) == base + ".b-hidden.csv"
    assert complete_path(base + "b.csv", ()) is None  # complete already
    assert complete_path(base + "zzz", ()) is None
    assert complete_path(base + "no/such/", ()) is None
    assert complete_path("", ()) is None


async def test_the_picker_loads_the_three_sample_families(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.sqlite", actor="tester") as store:
        app = Host(lambda: RoundsScreen(store, None))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("escape")  # an empty database offers the office screen first
            await pilot.pause()
            await pilot.press("a")
            await pilot.pause()
        assert app.results == ["2018Q1"]  # the district form opens, as before
        assert [r.key for r in store.rounds()] == [
            "2018Q1",
            "2018Q2",
            "2026-02",
            "2026-03",
            "2026Q1",
        ]


async def test_a_roster_file_fixed_meanwhile_is_read_again(
    sample_store: Store, tmp_path: Path
) -> None:
    roster = tmp_path / "office.csv"
    roster.write_text(BAD_CSV, encoding="utf-8")
    app = Host(lambda: RoundsScreen(sample_store, ROUND))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, "2026Q1")
        dialog.query_one("#from-csv", RadioButton).value = True
        await pilot.pause()
        dialog.query_one("#csv", Input).value = str(roster)
        await pilot.pause()
        assert "2 处错误" in str(dialog.query_one("#csv-result", Static).content)
        # fixed in a spreadsheet program; Enter in the path reads it again
        roster.write_text(BAD_CSV.replace(",,", ",甲网,").replace("odd", "dept"), encoding="utf-8")
        dialog.query_one("#csv", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "3 个站点" in str(dialog.query_one("#csv-result", Static).content)
        assert isinstance(app.screen, NewRoundDialog)  # Enter there does not save
        roster.write_text(
            BAD_CSV.replace(",,", ",甲网,").replace("odd", "portal"), encoding="utf-8"
        )
        await save(pilot)  # and Save imports the file as it is now
    assert app.results == ["2026Q1"]
    assert [s.kind.value for s in sample_store.round_sites("2026Q1")] == [
        "special",
        "portal",
        "special",
    ]
