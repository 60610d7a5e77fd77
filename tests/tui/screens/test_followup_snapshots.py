"""Snapshots of the history and merge screens and the previous-findings widget at 80×24.

Regenerate after a deliberate change with `pytest tests/tui/screens/test_followup_snapshots.py --snapshot-update`,
then look at the SVGs (snapshot_report.html on failure) before committing them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from host_app import Q2, Host, WidgetHost
from inspect_tui.store import Store
from inspect_tui.tui.screens.history import HistoryScreen
from inspect_tui.tui.screens.merge import MergeScreen

from .test_merge import write_bundles

# What tests/tui_followup/conftest.py applied to every test here.
pytestmark = pytest.mark.usefixtures("zh_hans", "frozen_clock")

SIZE = (80, 24)
MINZHENG = "N000007790"
Snap = Any  # pytest-textual-snapshot's snap_compare fixture


def test_history_site(snap_compare: Snap, sample_store: Store) -> None:
    app = Host(lambda: HistoryScreen(sample_store, Q2, MINZHENG))
    assert snap_compare(app, terminal_size=SIZE)


def test_history_round(snap_compare: Snap, sample_store: Store) -> None:
    app = Host(lambda: HistoryScreen(sample_store, Q2, MINZHENG))
    assert snap_compare(app, press=["a"], terminal_size=SIZE)


def test_merge_conflicts(
    snap_compare: Snap, sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_bundles(sample_store, tmp_path)
    monkeypatch.chdir(tmp_path)  # relative paths: the same on every machine
    app = Host(lambda: MergeScreen(sample_store, [Path("zhang.json"), Path("li.json")]))
    assert snap_compare(app, press=["down", "3"], terminal_size=SIZE)


def test_merge_invalid_bundle(
    snap_compare: Snap, sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, li = write_bundles(sample_store, tmp_path)
    doc = json.loads(li.read_text(encoding="utf-8"))
    doc["findings"][0]["category"] = "tpyo"
    li.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = Host(lambda: MergeScreen(sample_store, [Path("zhang.json"), Path("li.json")]))
    assert snap_compare(app, terminal_size=SIZE)


def test_merge_no_paths(snap_compare: Snap, sample_store: Store) -> None:
    assert snap_compare(Host(lambda: MergeScreen(sample_store, [])), terminal_size=SIZE)


def test_previous_findings(snap_compare: Snap, sample_store: Store) -> None:
    assert snap_compare(WidgetHost(sample_store, Q2, MINZHENG), terminal_size=SIZE)
