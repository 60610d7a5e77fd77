"""SummaryScreen: the table of sites × categories, its filters, the circular preview."""

from __future__ import annotations

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, TextArea

from inspect_tui.model import Finding
from inspect_tui.store import Store
from inspect_tui.tui.screens.summary import SummaryScreen, build_model, preview_text

from .conftest import ROUND, Host

TITLE = "關于2018年第一季度政府網站（頻道或平臺）抽查情況的通報"


def host(store: Store) -> Host:
    return Host(lambda: SummaryScreen(store, ROUND))


def shown(widget: Widget) -> bool:
    return bool(widget.display)


def table_of(app: Host) -> DataTable[object]:
    return app.screen.query_one("#summary-table", DataTable)


async def test_filters_count_rows(sample_db: Store) -> None:
    app = host(sample_db)
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


async def test_failed_filter_lists_vetoed_sites(sample_db: Store) -> None:
    # 站点无法访问 is a single-veto item: the site fails.
    sample_db.set_finding(ROUND, Finding(site_uid="N000007777", category="site_unreachable"))
    app = host(sample_db)
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


async def test_columns_use_the_rounds_script(sample_db: Store) -> None:
    app = host(sample_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        labels = [str(c.label) for c in table_of(app).columns.values()]
        # The sample round is in traditional script; only categories with findings appear.
        assert labels[3:] == [
            "應更新欄目長期未更新",
            "辦事指南要素類別缺失",
            "辦事指南要素不準確",
            "錯別字",
        ]
        assert str(table_of(app).get_row_at(0)[2]) == "合格"


def test_cells_show_counts_elements_and_flags(sample_db: Store) -> None:
    sample_db.set_finding(ROUND, Finding(site_uid="N000007777", category="rectify_late"))
    model = build_model(sample_db.round_data(ROUND), sample_db.round_checklist(ROUND))
    columns = [c.category for c in model.columns]
    rows = {r.uid: r for r in model.rows}
    assert rows["N000007785"].cells[columns.index("guide_missing")] == "5"  # count
    assert rows["N000007775"].cells[columns.index("guide_inaccurate")] == "2"  # elements
    assert rows["N000007777"].cells[columns.index("rectify_late")] == "✓"  # flag
    assert not rows["N000007780"].has_findings


async def test_preview_shows_the_circular(sample_db: Store) -> None:
    app = host(sample_db)
    async with app.run_test(size=(80, 24)) as pilot:
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


async def test_wide_terminal_shows_both_panes(sample_db: Store) -> None:
    app = host(sample_db)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#summary-preview").display
        assert app.screen.query_one("#summary-table-pane").display


def test_preview_is_the_exported_text(sample_db: Store) -> None:
    from inspect_tui.circular.compose import compose
    from inspect_tui.circular.text import render_text

    data, checklist = sample_db.round_data(ROUND), sample_db.round_checklist(ROUND)
    exported = render_text(compose(data, checklist)).replace("\f", "")
    # Only the leading indent differs (drawn so that soft wrapping keeps it with its line).
    assert preview_text(data, checklist).replace("\u2800\u2800", "\u3000") == exported


async def test_escape_closes_and_enter_opens_a_site(sample_db: Store) -> None:
    app = host(sample_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f", "down", "enter")
        assert app.results == ["N000007776"]  # the second site with findings
        assert not isinstance(app.screen, SummaryScreen)
    app = host(sample_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        assert app.results == [None]


async def test_reloads_when_shown_again(sample_db: Store) -> None:
    app = host(sample_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        sample_db.set_finding(ROUND, Finding(site_uid="N000007777", category="typo", count=2))
        await app.push_screen(Screen())
        app.pop_screen()
        await pilot.pause()
        assert table_of(app).row_count == 15
