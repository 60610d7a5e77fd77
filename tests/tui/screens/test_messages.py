"""Every message the three screens show exists in every UI language; switching works."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Input, Label

from host_app import ROUND, Host
from inspect_tui import i18n
from inspect_tui.export import FORMATS
from inspect_tui.store import Store
from inspect_tui.tui.screens import round_meta, summary
from inspect_tui.tui.screens.export import ExportScreen, font_profiles
from inspect_tui.tui.widgets.summary_table import SummaryTable

# What tests/tui_screens/conftest.py applied to every test here.
pytestmark = pytest.mark.usefixtures("zh_hans", "fresh_export_session")

SOURCES = [
    Path(summary.__file__),
    Path(round_meta.__file__),
    Path(summary.__file__).parent / "export.py",
]
LITERAL = re.compile(r'(?<!id=)"((?:summary|meta|export)\.[a-z_.]+)"')  # not binding ids


def used_keys() -> set[str]:
    keys = {k for src in SOURCES for k in LITERAL.findall(src.read_text(encoding="utf-8"))}
    keys |= {f"summary.filter.{m}" for m in summary.FILTERS}
    keys |= {f"meta.section.{name}" for name, _ in round_meta.SECTIONS}
    keys |= {f"meta.field.{f.name}" for f in round_meta.FIELDS}
    keys |= {
        f"meta.hint.{f.name}"
        for f in round_meta.FIELDS
        if f.name not in round_meta.NO_EXAMPLE and f.kind == "input" and f.name != "title"
    }
    keys |= {f"meta.numerals.{n}" for n in round_meta.NUMERALS}
    keys |= {f"export.format.{fmt}" for fmt in FORMATS}
    keys |= {f"export.profile.{p}" for p in font_profiles()}
    return keys


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_catalog_has_every_key(lang: str) -> None:
    keys = used_keys()
    assert len(keys) > 80
    missing = sorted(k for k in keys if k not in i18n.catalog(lang))
    assert not missing, f"{lang} lacks {missing}"


async def test_screens_survive_a_language_switch(sample_store: Store) -> None:
    """The app recomposes the current screen when the UI language changes."""
    app = Host(lambda: summary.SummaryScreen(sample_store, ROUND))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        i18n.set_language("en")
        await app.screen.recompose()
        await pilot.pause()
        table = app.screen.query_one("#summary-table", SummaryTable)
        assert table.row_count == 14
        assert table.columns[2].label == "Verdict"


async def test_round_meta_keeps_typed_values_across_a_language_switch(sample_store: Store) -> None:
    app = Host(lambda: round_meta.RoundMetaScreen(sample_store, ROUND))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#meta-contact", Input).value = "李四"
        await pilot.pause()
        i18n.set_language("en")
        await app.screen.recompose()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, round_meta.RoundMetaScreen)
        assert screen.query_one("#meta-contact", Input).value == "李四"
        assert screen.dirty
        assert str(screen.query_one("#field-contact Label", Label).render()).startswith("Contact")


async def test_export_keeps_its_choices_across_a_language_switch(
    sample_store: Store, tmp_path: Path
) -> None:
    app = Host(lambda: ExportScreen(sample_store, ROUND))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "x.csv")
        await pilot.pause()
        i18n.set_language("zh-Hant")
        await app.screen.recompose()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert screen.chosen_format == "csv"
        assert screen.chosen_path == tmp_path / "x.csv"
        assert str(screen.query_one("#export-title", Label).render()).startswith("匯出通報")
