"""Issue 13: the export dialog lists the same gaps as `inspect-tui export`, each line jumps
to where it is fixed, and exporting anyway is a second, explicit choice that writes a draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import Input, OptionList

from host_app import Host
from inspect_tui.cli import cli
from inspect_tui.export_check import round_gaps
from inspect_tui.roster import parse_roster
from inspect_tui.store import Store
from inspect_tui.tui.screens.export import ExportScreen
from inspect_tui.tui.screens.office import OfficeScreen
from inspect_tui.tui.screens.round_meta import RoundMetaScreen

# What tests/tui_screens/conftest.py applied to every test here.
pytestmark = pytest.mark.usefixtures("zh_hans", "fresh_export_session")

ROSTER = Path(__file__).resolve().parents[3] / "samples" / "shortform-roster.csv"
KEY = "2026Q1"


@pytest.fixture
def new_round(tmp_path: Path) -> Store:
    store = Store(tmp_path / "new.sqlite", actor="tester")
    store.replace_roster(parse_roster(ROSTER.read_bytes(), ROSTER.name).sites, source="test")
    store.create_round(KEY, "关于2026年第一季度网站检查情况的通报")
    yield store
    store.close()


def host(store: Store) -> Host:
    return Host(lambda: ExportScreen(store, KEY))


def cli_gap_fields(store: Store, tmp_path: Path) -> list[str]:
    result = CliRunner().invoke(
        cli, ["--db", str(store.path), "export", KEY, "-o", str(tmp_path / "x.docx")]
    )
    assert result.exit_code == 1
    return [line.split()[1] for line in result.output.splitlines() if line.startswith("gap:")]


async def test_dialog_lists_the_command_lines_gaps(new_round: Store, tmp_path: Path) -> None:
    app = host(new_round)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#export-gaps", OptionList)
        gaps = round_gaps(new_round, KEY)
        assert options.option_count == len(gaps) > 10
        texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert texts[0] == "主送机关未填"
        assert any("联系电话" in text for text in texts)
        fields = [g.field for g in gaps if g.kind == "field"]
        cli_fields = cli_gap_fields(new_round, tmp_path)
        assert fields == cli_fields[: len(fields)]
        assert len(cli_fields) == len(gaps)  # "nothing recorded" is a line of both


async def test_export_is_refused_and_the_draft_is_a_second_choice(
    new_round: Store, tmp_path: Path
) -> None:
    target = tmp_path / "circular.txt"
    app = host(new_round)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not target.exists() and isinstance(app.screen, ExportScreen)
        await pilot.press("ctrl+d")
        for _ in range(50):
            await pilot.pause(0.05)
            if target.exists():
                break
        text = target.read_text(encoding="utf-8")
        assert "【待填：发文机关】" in text and "【待填：抽查时间】" in text


async def test_a_gap_jumps_to_its_field(new_round: Store) -> None:
    app = host(new_round)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        options = screen.query_one("#export-gaps", OptionList)
        period = next(i for i, g in enumerate(screen.gaps) if g.field == "period")
        options.focus()
        options.highlighted = period
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RoundMetaScreen)
        assert app.screen.focused is app.screen.query_one("#meta-period")
        app.screen.query_one("#meta-period", Input).value = "3月2日至3月13日"
        await pilot.press("ctrl+s", "escape")
        await pilot.pause()
        assert app.screen is screen
        assert "period" not in [g.field for g in screen.gaps]  # checked again on return
        issuer = next(i for i, g in enumerate(screen.gaps) if g.field == "issuer")
        options.highlighted = issuer
        options.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OfficeScreen)
        assert app.screen.focused is app.screen.query_one("#office-issuer")


async def test_refused_export_leads_to_the_first_gap(new_round: Store) -> None:
    """ctrl+s with gaps: nothing written, the list focused; enter goes to the first gap."""
    app = host(new_round)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.gaps[0].field == "addressees"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#export-gaps")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OfficeScreen)
        assert app.screen.focused is app.screen.query_one("#office-addressees")


async def test_a_site_gap_goes_to_the_walk(new_round: Store) -> None:
    app = host(new_round)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        empty = next(i for i, g in enumerate(screen.gaps) if g.kind == "empty")
        options = screen.query_one("#export-gaps", OptionList)
        options.focus()
        options.highlighted = empty
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [new_round.round_sites(KEY)[0].uid]
