"""SummaryScreen: the table of sites × categories, its filters, the circular preview."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static, TextArea

from host_app import ROUND, Host
from inspect_tui.checklist import Checklist
from inspect_tui.i18n import t
from inspect_tui.model import Finding, RoundData
from inspect_tui.store import Store
from inspect_tui.text import NO_LINE_END, NO_LINE_START, cell_width
from inspect_tui.tui.screens.summary import SummaryScreen, build_model, preview_text, stats_line
from inspect_tui.tui.widgets.summary_table import SummaryTable

# What tests/tui_screens/conftest.py applied to every test here.
pytestmark = pytest.mark.usefixtures("zh_hans", "fresh_export_session")

TITLE = "關于2018年第一季度政府網站（頻道或平臺）抽查情況的通報"


def host(store: Store) -> Host:
    return Host(lambda: SummaryScreen(store, ROUND))


def shown(widget: Widget) -> bool:
    return bool(widget.display)


def table_of(app: Host) -> SummaryTable:
    return app.screen.query_one("#summary-table", SummaryTable)


async def test_filters_count_rows(sample_store: Store) -> None:
    app = host(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert table_of(app).row_count == 36
        await pilot.press("f")
        assert table_of(app).row_count == 14
        await pilot.press("n")
        assert table_of(app).row_count == 0  # every site of the sample passed
        assert app.screen.query_one("#summary-empty").display
        await pilot.press("a")
        assert table_of(app).row_count == 36
        assert not app.screen.query_one("#summary-empty").display


async def test_failed_filter_lists_vetoed_sites(sample_store: Store) -> None:
    # 站点无法访问 is a single-veto item: the site fails.
    sample_store.set_finding(ROUND, Finding(site_uid="N000007777", category="site_unreachable"))
    app = host(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        await pilot.press("n")
        assert screen.visible_uids == ["N000007777"]
        await pilot.press("f")
        assert table_of(app).row_count == 15
        stats = str(screen.query_one("#summary-stats").render())
        assert "不合格 1 个" in stats and "97.2%" in stats


async def test_columns_use_the_rounds_script(sample_store: Store) -> None:
    app = host(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        labels = [c.label for c in table_of(app).columns]
        # The sample round is in traditional script; only categories with findings appear.
        assert labels[3:] == [
            "應更新欄目長期未更新",
            "辦事指南要素類別缺失",
            "辦事指南要素不準確",
            "錯別字",
        ]
        assert table_of(app).row_cells(0)[2].text == "合格"


def test_cells_show_counts_elements_and_flags(sample_store: Store) -> None:
    sample_store.set_finding(ROUND, Finding(site_uid="N000007777", category="rectify_late"))
    model = build_model(sample_store.round_data(ROUND), sample_store.round_checklist(ROUND))
    columns = [c.category for c in model.columns]
    rows = {r.uid: r for r in model.rows}
    assert rows["N000007785"].cells[columns.index("guide_missing")] == "5"  # count
    assert rows["N000007775"].cells[columns.index("guide_inaccurate")] == "2"  # elements
    assert rows["N000007777"].cells[columns.index("rectify_late")] == "✓"  # flag
    assert not rows["N000007780"].has_findings


async def test_preview_shows_the_circular(sample_store: Store) -> None:
    app = host(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()  # the preview is composed off the UI thread
        await pilot.pause()
        preview = app.screen.query_one("#summary-preview", TextArea)
        assert not shown(preview)
        await pilot.press("p")
        assert shown(preview) and preview.has_focus
        assert not app.screen.query_one("#summary-table-pane").display
        assert preview.text.startswith(TITLE)
        assert "惠灣管辦函〔2018〕33號" in preview.text
        assert "\f" not in preview.text
        await pilot.press("p")
        assert not shown(preview) and table_of(app).has_focus


async def test_wide_terminal_shows_both_panes(sample_store: Store) -> None:
    app = host(sample_store)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#summary-preview").display
        assert app.screen.query_one("#summary-table-pane").display


@pytest.mark.parametrize("width", [80, 100, 120])
async def test_preview_wraps_by_cjk_rules(sample_store: Store, width: int) -> None:
    app = host(sample_store)
    async with app.run_test(size=(width, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("p")
        await pilot.pause()
        preview = app.screen.query_one("#summary-preview", TextArea)
        lines = preview.text.split("\n")
        assert len(lines) > len(preview_text(*_round(sample_store)).split("\n"))  # wrapped
        assert "國辦發〔2015〕15號" in preview.text.replace("\n", "") and any(
            "〔2015〕" in line for line in lines
        )
        assert not [line for line in lines if line[:1] in NO_LINE_START]
        assert not [line for line in lines if line[-1:] in NO_LINE_END]
        room = preview.scrollable_content_region.width
        assert all(cell_width(line) < room for line in lines)


def _round(store: Store) -> tuple[RoundData, Checklist]:
    return store.round_data(ROUND), store.round_checklist(ROUND)


def test_preview_is_the_exported_text(sample_store: Store) -> None:
    from inspect_tui.circular.compose import compose
    from inspect_tui.circular.text import render_text

    data, checklist = sample_store.round_data(ROUND), sample_store.round_checklist(ROUND)
    exported = render_text(compose(data, checklist)).replace("\f", "")
    # Only the leading indent differs (drawn so that soft wrapping keeps it with its line).
    assert preview_text(data, checklist) == exported


async def test_escape_closes_and_enter_opens_a_site(sample_store: Store) -> None:
    app = host(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f", "down", "enter")
        assert app.results == ["N000007776"]  # the second site with findings
        assert not isinstance(app.screen, SummaryScreen)
    app = host(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        assert app.results == [None]


async def test_reloads_when_shown_again(sample_store: Store) -> None:
    app = host(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        sample_store.set_finding(ROUND, Finding(site_uid="N000007777", category="typo", count=2))
        await app.push_screen(Screen())
        app.pop_screen()
        await pilot.pause()
        assert table_of(app).row_count == 15


async def test_categories_scroll_sideways_while_seq_and_site_stay(sample_store: Store) -> None:
    app = host(sample_store)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = table_of(app)

        def line(y: int) -> str:
            return "".join(segment.text for segment in table.render_line(y))

        before = line(2)  # the first row under the two header lines
        assert "區工貿局" in before and "合格" in before
        await pilot.press("right")
        await pilot.pause()
        assert table.scroll_offset.x > 0
        after = line(2)
        assert after.split()[:2] == before.split()[:2]  # 序號 and the site stay in place
        assert "合格" not in after  # the verdict column scrolled out of view
        await pilot.press("left")
        await pilot.pause()
        assert line(2) == before


async def test_table_draws_only_the_rows_on_screen() -> None:
    """100,000 rows: the table asks for the cells of the visible rows only."""
    from textual.app import App, ComposeResult

    from inspect_tui.tui.widgets.summary_table import TableCell, TableColumn

    asked: list[int] = []

    def cells(i: int) -> list[TableCell]:
        asked.append(i)
        return [TableCell(str(i + 1)), TableCell(f"站點{i + 1}")]

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield SummaryTable(id="summary-table", fixed_columns=1)

        def on_mount(self) -> None:
            columns = [TableColumn("序號", 6, "right"), TableColumn("網站", 20)]
            self.query_one(SummaryTable).set_rows(columns, 100_000, cells)
            self.query_one(SummaryTable).focus()

    app = One()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert asked and max(asked) < 20
        await pilot.press("end")
        await pilot.pause()
        table = app.query_one(SummaryTable)
        assert table.cursor_row == 99_999
        assert 99_999 in asked and len(set(asked)) < 50


def test_long_preview_is_cut_with_a_note(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspect_tui.tui.screens import summary

    data, checklist = sample_store.round_data(ROUND), sample_store.round_checklist(ROUND)
    whole = preview_text(data, checklist)
    assert "最多列出" not in whole  # the sample is shown whole
    monkeypatch.setattr(summary, "PREVIEW_MAX_ROWS", 5)
    cut = preview_text(data, checklist)

    def table_lines(text: str) -> list[str]:
        return [line for line in text.split("\n") if " | " in line]

    # 附件一 has two tables (35 + 1 rows), 附件二 36 rows, 附件三 14: the first 5 of each
    assert len(table_lines(whole)) == 4 + 86
    assert len(table_lines(cut)) == 3 + 15  # 附件一's second table is left out
    assert table_lines(cut)[:6] == table_lines(whole)[:6]
    assert cut.rstrip().endswith("附件全部 86 行见导出的通报。")


@settings(max_examples=200, deadline=None)
@given(
    label=st.text(alphabet=st.sampled_from("應更新欄目abc 12（）…錯別字"), max_size=30),
    width=st.integers(min_value=1, max_value=20),
    justify=st.sampled_from(["left", "center", "right"]),
)
def test_header_lines_and_cells_fit_their_column(label: str, width: int, justify: str) -> None:
    from rich.cells import cell_len

    from inspect_tui.text import align
    from inspect_tui.tui.widgets.summary_table import header_lines

    first, second = header_lines(label, width)
    assert cell_len(first) <= width and cell_len(second) <= width
    assert label.startswith(first)
    if cell_len(label) <= width:
        assert (first, second) == (label, "")
    else:
        assert second and (label == first + second or second.endswith("…"))
    cell = align(label, width, justify)
    assert cell_len(cell) == width


async def test_sideways_scroll_shows_whole_columns(sample_store: Store) -> None:
    # 站点无法访问 is a single-veto item: the site's verdict is 不合格, a wide word that a
    # scroll by cells used to cut to a stray "格".
    sample_store.set_finding(ROUND, Finding(site_uid="N000007777", category="site_unreachable"))
    app = host(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = table_of(app)
        await pilot.press("right")
        await pilot.pause()
        assert table.shown_x in table.column_starts() and table.shown_x > 0
        lines = ["".join(seg.text for seg in table.render_line(y)) for y in range(24)]
        assert not [line for line in lines if "格" in line and "合格" not in line]
        # the first column still shown after the scroll is shown whole, header and all
        first = table.columns[table.fixed_columns + table.column_starts().index(table.shown_x)]
        assert first.label[: first.width // 2] in lines[0]
        await pilot.press("left")
        await pilot.pause()
        assert table.shown_x == 0


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
async def test_filter_label_fits_at_80_columns(sample_store: Store, lang: str) -> None:
    from inspect_tui import i18n

    i18n.set_language(lang)
    app = host(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        for key, mode in (("f", "findings"), ("n", "fail"), ("a", "all")):
            await pilot.press(key)
            await pilot.pause()
            stats = screen.query_one("#summary-stats", Static)
            line = str(stats.render())
            showing = t("summary.showing", filter=t(f"summary.filter.{mode}"), shown=0)
            assert showing.split("0")[0] in line, line  # the filter's name is never cut
            assert cell_width(line) <= stats.content_region.width


@given(
    counts=st.text(alphabet=st.sampled_from("站点有问题 36·%ab"), max_size=60),
    width=st.integers(min_value=0, max_value=90),
)
def test_stats_line_keeps_the_filter(counts: str, width: int) -> None:
    showing = "显示：有问题的站点（14）"
    line = stats_line(counts, showing, width)
    assert line.endswith(showing)
    if width >= cell_width(" · " + showing):
        assert cell_width(line) <= max(width, cell_width(showing))
