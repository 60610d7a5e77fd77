"""Every message the history, merge and previous-findings code asks for exists in each language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.binding import Binding

import inspect_tui.tui as tui_pkg
from inspect_tui.i18n import LANGUAGES, catalog
from inspect_tui.model import FollowUp, Progress, Verdict
from inspect_tui.tui.screens.history import HistoryScreen
from inspect_tui.tui.screens.merge import ConflictTable, MergeScreen
from inspect_tui.tui.widgets.previous_findings import PreviousFindings

# What tests/tui_followup/conftest.py applied to every test here.
pytestmark = pytest.mark.usefixtures("zh_hans", "frozen_clock")

SOURCES = ["screens/history.py", "screens/merge.py", "widgets/previous_findings.py"]
LITERAL = re.compile(r'\bt\(\s*"([^"{}]+)"')
# Keys built at run time (f-strings), listed with every value they can take.
BUILT = [
    *(f"history.what.round.{a}" for a in ("create", "import", "merge", "delete")),
    *(f"history.what.round_status.{a}" for a in ("final", "open")),
    *(f"history.what.override.{a}" for a in ("set", "clear")),
    *(f"history.what.followup.{s}" for s in ("present", "fixed", "unmarked")),
    *(f"history.entity.{e}" for e in ("finding", "override", "progress", "followup")),
    *(f"history.progress.{p.value}" for p in Progress),
    *(f"history.status.{s}" for s in ("open", "final")),
    *(f"previous.status.{s}" for s in ("unmarked", *(f.value for f in FollowUp))),
    *(f"verdict_{v.value}" for v in Verdict),
    "history.meta.narratives",
    "history.meta.category_phrases",
]


def used_keys() -> set[str]:
    folder = Path(tui_pkg.__file__).parent
    keys = set(BUILT)
    for owner in (HistoryScreen, MergeScreen, ConflictTable, PreviousFindings):
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding)
            keys |= {text for text in (binding.description, binding.tooltip) if text}
    for name in SOURCES:
        keys |= set(LITERAL.findall((folder / name).read_text(encoding="utf-8")))
    return keys


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_is_translated(lang: str) -> None:
    assert len(used_keys()) > 80
    missing = sorted(k for k in used_keys() if k not in catalog(lang))
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_languages_have_the_same_keys(lang: str) -> None:
    def followup_keys(lang: str) -> set[str]:
        return {k for k in catalog(lang) if k.split(".")[0] in ("history", "merge", "previous")}

    assert followup_keys(lang) == followup_keys("en")
