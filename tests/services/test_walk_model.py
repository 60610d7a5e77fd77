"""The walk model on its own (no Textual, no Pilot): the write rules of the walk."""

from __future__ import annotations

import subprocess
import sys

import pytest

from inspect_tui.model import Finding, FollowUp, Progress, Verdict
from inspect_tui.store import Store
from inspect_tui.walk_model import FindingFields, Next, WalkModel

Q1, Q2 = "2018Q1", "2018Q2"
MINZHENG = "N000007790"  # 2018Q1: column_stale, guide_missing, guide_inaccurate, typo
ZHAOSHANG = "N000007787"  # nothing found in 2018Q1


@pytest.fixture
def fresh(sample_store: Store) -> WalkModel:
    """An untouched 2018Q2 made from the sample's 2018Q1."""
    sample_store.delete_round(Q2)
    sample_store.create_round(Q2, "第二季度", from_key=Q1)
    return WalkModel(sample_store, Q2)


def on_disk(model: WalkModel, uid: str) -> dict[str, Finding]:
    return {f.category: f for f in model.store.findings(model.round_key, uid)}


def test_imports_no_textual() -> None:
    code = "import sys, inspect_tui.walk_model; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_toggle_records_and_takes_back(fresh: WalkModel) -> None:
    typo = fresh.checklist.category("typo")
    assert fresh.toggle(ZHAOSHANG, typo) is Next.DONE
    assert fresh.site_findings(ZHAOSHANG)["typo"].count == 1
    assert on_disk(fresh, ZHAOSHANG) == fresh.site_findings(ZHAOSHANG)
    assert fresh.toggle(ZHAOSHANG, typo) is Next.DONE
    assert fresh.site_findings(ZHAOSHANG) == {} == on_disk(fresh, ZHAOSHANG)


def test_toggle_asks_for_what_it_needs(fresh: WalkModel) -> None:
    checklist = fresh.checklist
    assert fresh.toggle(ZHAOSHANG, checklist.category("guide_inaccurate")) is Next.ELEMENTS
    assert fresh.site_findings(ZHAOSHANG) == {}
    typo = checklist.category("typo")
    fresh.save_finding(Finding(ZHAOSHANG, "typo", count=2, note="首页"))
    assert fresh.toggle(ZHAOSHANG, typo) is Next.CONFIRM_REMOVE  # typed text: ask first
    assert "typo" in on_disk(fresh, ZHAOSHANG)


def test_first_record_marks_the_site_in_progress(fresh: WalkModel) -> None:
    assert fresh.status(ZHAOSHANG) is Progress.NOT_STARTED
    fresh.toggle(ZHAOSHANG, fresh.checklist.category("typo"))
    assert fresh.status(ZHAOSHANG) is Progress.IN_PROGRESS
    assert fresh.store.progress_of(Q2, ZHAOSHANG) is Progress.IN_PROGRESS


def test_counts_up_and_down(fresh: WalkModel) -> None:
    typo = fresh.checklist.category("typo")
    assert fresh.count(ZHAOSHANG, typo, -1) is Next.DONE  # nothing to take from
    assert fresh.site_findings(ZHAOSHANG) == {}
    fresh.count(ZHAOSHANG, typo, 1)
    fresh.count(ZHAOSHANG, typo, 1)
    assert on_disk(fresh, ZHAOSHANG)["typo"].count == 2
    fresh.count(ZHAOSHANG, typo, -1)
    fresh.count(ZHAOSHANG, typo, -1)  # below one: gone
    assert on_disk(fresh, ZHAOSHANG) == {}


def test_editor_fields_are_stored(fresh: WalkModel) -> None:
    stale = fresh.checklist.category("column_stale")
    fresh.save_fields(ZHAOSHANG, stale, FindingFields(3, "2年", "", "", "看过首页"), record=True)
    got = on_disk(fresh, ZHAOSHANG)["column_stale"]
    assert (got.count, got.age, got.note) == (3, "2年", "看过首页")


def test_a_note_or_a_reword_records_nothing(fresh: WalkModel) -> None:
    typo = fresh.checklist.category("typo")
    fresh.save_fields(ZHAOSHANG, typo, FindingFields(None, "", "", "改写", "再看一遍"))
    assert on_disk(fresh, ZHAOSHANG) == {} == fresh.site_findings(ZHAOSHANG)
    state = fresh.state(ZHAOSHANG)
    assert state.notes == {"typo": "再看一遍"} and state.verdict is Verdict.PASS
    assert WalkModel(fresh.store, Q2).note(ZHAOSHANG, "typo") == "再看一遍"  # kept on disk
    fresh.toggle(ZHAOSHANG, typo)  # recorded after all: the note joins the finding
    assert on_disk(fresh, ZHAOSHANG)["typo"].note == "再看一遍"
    assert fresh.state(ZHAOSHANG).notes == {}
    assert fresh.note(ZHAOSHANG, "typo") == ""


def test_picker_with_nothing_chosen_records_nothing(fresh: WalkModel) -> None:
    from inspect_tui.model import Qualifier, Scope

    inaccurate = fresh.checklist.category("guide_inaccurate")
    none, no_scope = Qualifier.NONE, Scope.NONE
    assert fresh.save_elements(ZHAOSHANG, inaccurate, (), none, no_scope) is Next.DONE
    assert on_disk(fresh, ZHAOSHANG) == {}
    fresh.save_elements(ZHAOSHANG, inaccurate, ("办理时间",), none, no_scope)
    assert on_disk(fresh, ZHAOSHANG)["guide_inaccurate"].elements == ("办理时间",)
    fresh.save_elements(ZHAOSHANG, inaccurate, (), none, no_scope)  # all unticked: gone
    assert on_disk(fresh, ZHAOSHANG) == {}


def test_verdict_and_vetoes_follow_each_change(fresh: WalkModel) -> None:
    stale = fresh.checklist.category("column_stale")
    fresh.save_finding(Finding(ZHAOSHANG, "column_stale", count=9))
    state = fresh.state(ZHAOSHANG)
    assert (state.verdict, state.vetoes) == (Verdict.PASS, [])
    assert fresh.state(ZHAOSHANG) is state  # worked out once, not per look
    fresh.count(ZHAOSHANG, stale, 1)  # ten: a single veto
    state = fresh.state(ZHAOSHANG)
    assert state.verdict is Verdict.FAIL and state.failed
    assert [f.category for f in state.vetoes] == ["column_stale"]
    fresh.set_override(ZHAOSHANG, Verdict.PASS, "复核后恢复")
    state = fresh.state(ZHAOSHANG)
    assert (state.computed, state.verdict) == (Verdict.FAIL, Verdict.PASS)
    fresh.set_override(ZHAOSHANG, None, "")
    assert fresh.state(ZHAOSHANG).verdict is Verdict.FAIL
    assert fresh.store.override(Q2, ZHAOSHANG) is None


def test_done_and_undo(fresh: WalkModel) -> None:
    assert fresh.mark_done(ZHAOSHANG) is True
    assert fresh.mark_done(ZHAOSHANG) is False  # already done: nothing written
    assert fresh.store.progress_of(Q2, ZHAOSHANG) is Progress.DONE
    fresh.toggle(ZHAOSHANG, fresh.checklist.category("typo"))
    entry = fresh.undo()
    assert entry is not None and entry.entity == "finding"
    assert fresh.site_findings(ZHAOSHANG) == {}
    assert fresh.state(ZHAOSHANG).findings == {}
    entry = fresh.undo()
    assert entry is not None and entry.entity == "progress"
    assert fresh.status(ZHAOSHANG) is Progress.NOT_STARTED


def test_followup_marks_carry_the_problem_and_undo(fresh: WalkModel) -> None:
    previous = fresh.previous
    assert previous.key == Q1
    assert [f.category for f in previous.unreviewed(MINZHENG)] == [
        "column_stale",
        "guide_missing",
        "guide_inaccurate",
        "typo",
    ]
    fresh.mark_followup(MINZHENG, "column_stale", FollowUp.PRESENT)
    assert fresh.site_findings(MINZHENG)["column_stale"].carried_from == Q1
    assert "rectify_late" in fresh.state(MINZHENG).derived  # 整改不到位 follows
    assert fresh.status(MINZHENG) is Progress.IN_PROGRESS
    assert previous.status(MINZHENG, "column_stale") is FollowUp.PRESENT
    assert len(previous.unreviewed(MINZHENG)) == 3
    fresh.undo()
    assert previous.status(MINZHENG, "column_stale") is None
    assert fresh.site_findings(MINZHENG) == {}
    assert fresh.status(MINZHENG) is Progress.IN_PROGRESS  # the mark goes first, the visit stays


def test_narratives_add_edit_move_delete_and_undo(fresh: WalkModel) -> None:
    site = fresh.sites[fresh.index[ZHAOSHANG]]
    fresh.add_narrative(f"{site.short_name}未按時整改。")
    fresh.add_narrative("另一段。")
    assert [n.text for n in fresh.store.round(Q2).meta.narratives] == [
        f"{site.short_name}未按時整改。",
        "另一段。",
    ]
    assert fresh.narratives_of(site) == [f"{site.short_name}未按時整改。"]
    assert fresh.move_narrative(1, -1) == 0
    assert [n.text for n in fresh.narratives] == ["另一段。", f"{site.short_name}未按時整改。"]
    fresh.edit_narrative(0, "改過的一段。")
    fresh.toggle(ZHAOSHANG, fresh.checklist.category("typo"))  # a record after the edits
    fresh.delete_narrative(0)
    assert len(fresh.narratives) == 1

    entry = fresh.undo()  # newest first: the deletion
    assert entry is not None and entry.entity == "narrative"
    assert fresh.store.round(Q2).meta.narratives[0].text == "改過的一段。"
    entry = fresh.undo()  # then the record, and the visit it made
    assert entry is not None and entry.entity == "finding"
    entry = fresh.undo()
    assert entry is not None and entry.entity == "progress"
    entry = fresh.undo()  # then the rewording
    assert entry is not None and entry.entity == "narrative"
    assert fresh.narratives[0].text == "另一段。"
