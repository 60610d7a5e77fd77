"""ExportScreen: format and path, overwrite confirmation, errors in the dialog, the worker."""

from __future__ import annotations

import importlib.util
import json
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, RadioButton, RadioSet, Select, Static

from host_app import ROUND, Host
from inspect_tui import export as export_mod
from inspect_tui.circular.fonts import DEFAULT_PROFILE
from inspect_tui.export import ExportError, ExportResult
from inspect_tui.i18n import t
from inspect_tui.paths import documents_dir
from inspect_tui.settings import Settings
from inspect_tui.store import Store
from inspect_tui.tui.screens import export as screen_mod
from inspect_tui.tui.screens.export import ExportScreen, human_size, with_format

# What tests/tui_screens/conftest.py applied to every test here.
pytestmark = pytest.mark.usefixtures("zh_hans", "fresh_export_session")

TITLE = "關于2018年第一季度政府網站（頻道或平臺）抽查情況的通報"
HAS_DOCX = importlib.util.find_spec("inspect_tui.circular.docx") is not None


def host(store: Store) -> Host:
    return Host(lambda: ExportScreen(store, ROUND))


class SettingsHost(Host):
    """A host app with saved settings, as the real app has."""

    def __init__(self, store: Store, font_profile: str) -> None:
        super().__init__(lambda: ExportScreen(store, ROUND))
        self.settings = Settings(font_profile=font_profile)


def profile_shown(app: Host) -> bool:
    return bool(dialog(app).query_one("#export-profile-row").display)


async def test_focus_starts_on_the_format_list(sample_store: Store) -> None:
    app = host(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, RadioSet)
        path = dialog(app).query_one("#export-path", Input).value
        await pilot.press("down", "enter")  # the next format, chosen by keys alone
        await pilot.pause()
        assert dialog(app).chosen_format == "pdf"
        assert dialog(app).query_one("#export-path", Input).value == path[:-4] + "pdf"


async def test_fonts_shown_only_for_docx_and_pdf(sample_store: Store) -> None:
    app = host(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for fmt in ("docx", "txt", "csv", "json", "pdf"):
            dialog(app).query_one(f"#format-{fmt}", RadioButton).value = True
            await pilot.pause()
            assert profile_shown(app) == (fmt in ("docx", "pdf")), fmt


async def test_default_fonts_are_the_command_lines(sample_store: Store) -> None:
    # A Traditional round: the app used to pick "windows" while `export` wrote gb2312.
    app = host(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert dialog(app).chosen_profile == DEFAULT_PROFILE.name


@pytest.mark.parametrize("saved", ["windows", "gb2312"])
async def test_saved_font_setting_is_read(sample_store: Store, saved: str) -> None:
    app = SettingsHost(sample_store, saved)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert dialog(app).chosen_profile == saved


async def test_last_format_and_fonts_are_remembered(sample_store: Store, tmp_path: Path) -> None:
    app = SettingsHost(sample_store, "gb2312")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        dialog(app).query_one("#format-txt", RadioButton).value = True
        dialog(app).query_one("#export-profile", Select).value = "windows"
        await export_to(app, pilot, tmp_path / "one.txt")
        assert not isinstance(app.screen, ExportScreen)
    again = SettingsHost(sample_store, "gb2312")
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert dialog(again).chosen_format == "txt"
        assert dialog(again).chosen_path_text.endswith("2018Q1-通報.txt")
        assert dialog(again).chosen_profile == "windows"
        assert not profile_shown(again)
        await pilot.press("enter")  # the highlight starts on the remembered format: kept
        await pilot.pause()
        assert dialog(again).chosen_format == "txt"


def dialog(app: Host) -> ExportScreen:
    assert isinstance(app.screen, ExportScreen)
    return app.screen


def message(app: Host) -> str:
    widget = dialog(app).query_one("#export-message", Static)
    return str(widget.render()) if widget.display else ""


async def settle(app: Host, pilot: Pilot[None]) -> None:
    """Wait for the export worker to finish (it may fail: that is what some tests check)."""
    await pilot.pause()
    while any(w.is_running for w in app.workers):
        await pilot.pause(0.02)
    await pilot.pause()


async def export_to(app: Host, pilot: Pilot[None], path: Path) -> None:
    dialog(app).query_one("#export-path", Input).value = str(path)
    await pilot.pause()
    await pilot.press("ctrl+s")
    await settle(app, pilot)


@pytest.mark.parametrize("fmt", ["txt", "csv", "json"])
async def test_writes_the_chosen_format(sample_store: Store, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"circular.{fmt}"
    app = host(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        dialog(app).query_one("#export-path", Input).value = str(target)
        await pilot.pause()
        assert dialog(app).chosen_format == fmt  # the radio follows the typed extension
        await pilot.press("tab", "enter")  # from the format list to the file name, enter
        await settle(app, pilot)
        assert not isinstance(app.screen, ExportScreen)
    [result] = app.results
    assert isinstance(result, ExportResult)
    assert (result.path, result.format, result.size) == (target, fmt, target.stat().st_size)
    text = target.read_text(encoding="utf-8")
    if fmt == "txt":
        assert text.startswith(TITLE)
    elif fmt == "json":
        assert json.loads(text)
    else:
        assert "N000007783" in text
    assert sample_store.exports()[-1]["sha256"] == result.sha256


@pytest.mark.skipif(not HAS_DOCX, reason="circular/docx.py (the docx renderer) is not there yet")
async def test_writes_a_docx(sample_store: Store, tmp_path: Path) -> None:
    import docx

    target = tmp_path / "circular.docx"
    app = host(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert dialog(app).chosen_format == "docx"
        await export_to(app, pilot, target)
    [result] = app.results
    assert isinstance(result, ExportResult) and result.format == "docx"
    paragraphs = [p.text.replace("\n", "") for p in docx.Document(str(target)).paragraphs]
    assert TITLE in paragraphs  # the renderer may break the title over lines


async def test_default_path_and_extension_follow_the_format(sample_store: Store) -> None:
    app = host(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        path = dialog(app).query_one("#export-path", Input)
        # the sample round is in Traditional script: so is the file's name
        assert path.value == str(documents_dir() / "2018Q1-通報.docx")
        dialog(app).query_one("#format-csv", RadioButton).value = True
        await pilot.pause()
        assert path.value == str(documents_dir() / "2018Q1-通報.csv")
    assert with_format("/a/b.notes", "txt") == "/a/b.notes"  # an unknown extension stays
    assert with_format("/a/b", "txt") == "/a/b.txt"


async def test_existing_file_needs_confirmation(sample_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "circular.txt"
    target.write_text("old", encoding="utf-8")
    app = host(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await export_to(app, pilot, target)
        assert dialog(app).confirming
        assert message(app) == t("export.exists", path=str(target))
        await pilot.press("n")  # keep the file
        assert not dialog(app).confirming
        assert target.read_text(encoding="utf-8") == "old"
        await pilot.press("ctrl+s")
        assert dialog(app).confirming
        await pilot.press("y")
        await settle(app, pilot)
    [result] = app.results
    assert isinstance(result, ExportResult)
    assert target.read_text(encoding="utf-8").startswith(TITLE)


async def test_missing_folder_is_reported_in_the_dialog(
    sample_store: Store, tmp_path: Path
) -> None:
    target = tmp_path / "no-such-folder" / "circular.txt"
    app = host(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await export_to(app, pilot, target)
        assert message(app) == t("export.no_folder", folder=str(target.parent))
        assert not target.exists() and app.results == []


async def test_missing_extension_is_added_and_the_error_stays(
    sample_store: Store, tmp_path: Path
) -> None:
    target = tmp_path / "no-such-folder" / "report"
    app = host(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await export_to(app, pilot, target)
        assert dialog(app).query_one("#export-path", Input).value == str(target) + ".docx"
        assert message(app) == t("export.no_folder", folder=str(target.parent))


async def test_never_overwrites_the_database(sample_store: Store) -> None:
    app = host(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await export_to(app, pilot, Path(sample_store.path))
        assert message(app) == t("export.is_database", path=str(sample_store.path))
        assert not dialog(app).confirming


async def test_export_error_is_shown(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> ExportResult:
        raise ExportError("PDF export needs LibreOffice (soffice), which is not installed.")

    monkeypatch.setattr(screen_mod, "export_round", refuse)
    app = host(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await export_to(app, pilot, tmp_path / "circular.pdf")
        assert message(app).startswith("PDF export needs LibreOffice")
        assert not dialog(app).running
        assert not dialog(app).query_one("#export-form").disabled


async def test_unexpected_error_is_one_short_line(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: object, **kwargs: object) -> ExportResult:
        raise RuntimeError("renderer crashed\nTraceback (most recent call last): ...")

    monkeypatch.setattr(screen_mod, "export_round", crash)
    app = host(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await export_to(app, pilot, tmp_path / "circular.txt")
        shown = message(app)
        assert shown == t("export.failed", error="RuntimeError: renderer crashed")
        assert "Traceback" not in shown


async def test_worker_uses_its_own_connection(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Store] = []

    def spy(store: Store, *args: object, **kwargs: object) -> ExportResult:
        seen.append(store)
        return export_mod.export_round(store, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(screen_mod, "export_round", spy)
    app = host(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await export_to(app, pilot, tmp_path / "circular.txt")
    [store] = seen
    assert store is not sample_store and store.path == sample_store.path and store.actor == "tester"
    assert isinstance(app.results[0], ExportResult)


async def test_escape_cancels(sample_store: Store) -> None:
    app = host(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
    assert app.results == [None]


def test_human_size() -> None:
    assert [human_size(n) for n in (512, 10787, 3 * 1024 * 1024)] == ["512 B", "10.5 KB", "3.0 MB"]


async def test_progress_is_shown_while_the_worker_runs(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def slow(store: Store, *args: object, **kwargs: object) -> ExportResult:
        release.wait(10)
        return export_mod.export_round(store, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(screen_mod, "export_round", slow)
    app = host(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        dialog(app).query_one("#export-path", Input).value = str(tmp_path / "circular.txt")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = dialog(app)
        assert screen.running
        assert screen.query_one("#export-progress").display
        assert screen.query_one("#export-form").disabled
        await pilot.press("escape")  # ignored while the file is being written
        assert app.screen is screen
        release.set()
        await settle(app, pilot)
    assert isinstance(app.results[0], ExportResult)
