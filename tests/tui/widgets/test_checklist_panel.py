"""ChecklistPanel: what was recorded is never cut off, even at 80×24."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult

from host_app import ROUND
from inspect_tui.model import Finding, Qualifier, Script
from inspect_tui.store import Store
from inspect_tui.tui.widgets.checklist_panel import ChecklistPanel

# What tests/tui_screens/conftest.py applied to every test here.
pytestmark = pytest.mark.usefixtures("zh_hans", "fresh_export_session")

ELEMENTS = ("辦理條件", "辦理地點", "咨詢電話", "辦理時間", "收費標準")
Snap = Any


class PanelApp(App[None]):
    """The walk's checklist on its own, as wide as the walk gives it at `width`."""

    CSS = "ChecklistPanel { width: 1fr; height: 1fr; }"

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.checklist = store.round_checklist(ROUND)
        self.finding = Finding(
            site_uid="N000007790",
            category="guide_inaccurate",
            elements=ELEMENTS,
            qualifier=Qualifier.MOST,
        )

    def compose(self) -> ComposeResult:
        yield ChecklistPanel(self.checklist, Script.HANT, cursor=2, id="checklist")

    def on_mount(self) -> None:
        panel = self.query_one(ChecklistPanel)
        panel.set_findings({"guide_inaccurate": self.finding})


def shown_text(panel: ChecklistPanel, height: int) -> str:
    return "\n".join("".join(s.text for s in panel.render_line(y)) for y in range(height))


@pytest.mark.parametrize("width", [52, 80, 120])
async def test_recorded_elements_are_shown_whole(sample_store: Store, width: int) -> None:
    app = PanelApp(sample_store)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        panel = app.query_one(ChecklistPanel)
        text = shown_text(panel, 24)
        flat = text.replace("\n", "").replace(" ", "")
        for element in ELEMENTS:
            assert element in flat, text
        assert "…" not in text.split("辦事指南要素不準確")[1].split("錯別字")[0]
        assert panel.highlighted is not None and panel.highlighted.id == "guide_inaccurate"
        # the cursor still moves category by category over the continuation lines
        await pilot.press("down")
        assert panel.highlighted.id == "typo"


def test_checklist_panel_at_80x24(snap_compare: Snap, sample_store: Store) -> None:
    assert snap_compare(PanelApp(sample_store), terminal_size=(52, 24))
