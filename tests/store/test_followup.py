"""Quarter after quarter: carry-over, follow-up of the previous round, sealing and verifying."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.test_cli import run
from inspect_tui.circular.compose import compose
from inspect_tui.circular.text import render_text
from inspect_tui.export import export_round
from inspect_tui.model import FollowUp, Progress
from inspect_tui.store import RoundFinal, Store, StoreError


@pytest.fixture
def q2(sample_store: Store) -> Store:
    """The sample 2018Q1 plus an empty 2018Q2 made from it (the sample's own 2018Q2 is dropped)."""
    sample_store.delete_round("2018Q2")
    sample_store.create_round("2018Q2", "第二季度", from_key="2018Q1")
    return sample_store


def test_carry_over_keeps_standing_metadata_only(q2: Store) -> None:
    prev, new = q2.round("2018Q1").meta, q2.round("2018Q2").meta
    assert (
        new.issuer == prev.issuer
        and new.contact == prev.contact
        and new.requirements == prev.requirements
    )
    assert new.doc_number == "" and new.date == "" and new.period == "" and new.narratives == ()
    assert q2.round("2018Q2").previous_key == "2018Q1"
    assert [s.uid for s in q2.round_sites("2018Q2")] == [s.uid for s in q2.round_sites("2018Q1")]


def test_previous_findings_are_shown_per_site(q2: Store) -> None:
    prev = q2.previous_findings("2018Q2", "N000007790")
    assert [f.category for f in prev] == [
        "column_stale",
        "guide_missing",
        "guide_inaccurate",
        "typo",
    ]
    assert q2.findings("2018Q2") == []


def test_still_present_copies_and_fixed_removes(q2: Store) -> None:
    q2.mark_followup("2018Q2", "N000007790", "guide_missing", FollowUp.PRESENT)
    (f,) = q2.findings("2018Q2")
    assert (f.category, f.count, f.carried_from) == ("guide_missing", 6, "2018Q1")
    q2.mark_followup("2018Q2", "N000007790", "guide_missing", FollowUp.FIXED)
    assert q2.findings("2018Q2") == []
    assert q2.followups("2018Q2")[("N000007790", "guide_missing")] is FollowUp.FIXED
    q2.undo_last("2018Q2")
    assert q2.findings("2018Q2")[0].carried_from == "2018Q1"
    with pytest.raises(StoreError, match="no typo finding"):
        q2.mark_followup("2018Q2", "N000007776", "typo", FollowUp.PRESENT)


def test_rectification_paragraph_and_attachment3(q2: Store) -> None:
    q2.mark_followup("2018Q2", "N000007790", "guide_missing", FollowUp.PRESENT)
    q2.mark_followup("2018Q2", "name:網上辦事大廳大亞灣分廳", "guide_inaccurate", FollowUp.PRESENT)
    q2.mark_followup("2018Q2", "N000007776", "column_stale", FollowUp.FIXED)
    text = render_text(compose(q2.round_data("2018Q2"), q2.round_checklist("2018Q2")))
    assert (
        "存在整改不到位不及時問題。根據抽查結果，上季度抽查發現的問題整改不到位的單位有：區民政局、區工貿局（網上辦事大廳大亞灣分廳）。"
        in text
    )
    assert (
        "1.辦事指南缺少6要素（上季度已發現，未整改） 2.上季度問題整改不到位、未及時提交整改報告"
        in text
    )
    assert "區公用事業局" not in text.split("附件三")[-1]


def test_generated_paragraph_is_editable(q2: Store) -> None:
    from dataclasses import replace

    q2.mark_followup("2018Q2", "N000007790", "guide_missing", FollowUp.PRESENT)
    meta = replace(
        q2.round("2018Q2").meta, category_phrases=(("rectify_late", "以下單位未整改：{units}。"),)
    )
    q2.update_round("2018Q2", meta=meta)
    text = render_text(compose(q2.round_data("2018Q2"), q2.round_checklist("2018Q2")))
    assert "以下單位未整改：區民政局。" in text


def test_sample_second_round_shows_follow_up(sample_store: Store) -> None:
    text = render_text(
        compose(sample_store.round_data("2018Q2"), sample_store.round_checklist("2018Q2"))
    )
    assert "整改不到位的單位有：區民政局、區工貿局（網上辦事大廳大亞灣分廳）" in text
    assert "網站抽查合格率為97.2%" in text  # 區執法局: 12 stale columns, a single veto


def test_finalise_refuses_edits_until_reopened_with_reason(q2: Store) -> None:
    q2.finalise("2018Q1")
    with pytest.raises(RoundFinal, match="reopen"):
        q2.set_progress("2018Q1", "N000007775", Progress.IN_PROGRESS)
    with pytest.raises(StoreError, match="reason"):
        q2.reopen("2018Q1", " ")
    q2.reopen("2018Q1", "文号有误")
    q2.set_progress("2018Q1", "N000007775", Progress.IN_PROGRESS)
    statuses = [(e.action, e.after) for e in q2.audit("2018Q1") if e.entity == "round_status"]
    # Finalising seals the round's content hash in its audit row (the hash chain).
    assert len(statuses[0][1].pop("content_hash")) == 64
    assert statuses == [
        ("final", {"status": "final", "reason": ""}),
        ("open", {"status": "open", "reason": "文号有误"}),
    ]


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_final_round_exports_are_byte_identical_and_verifiable(tmp_path: Path, fmt: str) -> None:
    db = tmp_path / "x.sqlite"
    run("--db", str(db), "sample")
    assert run("--db", str(db), "rounds", "finalise", "2018Q1").returncode == 0
    a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    with Store(db) as s:
        export_round(s, "2018Q1", a)
        export_round(s, "2018Q1", b)
    assert a.read_bytes() == b.read_bytes()
    ok = run("--db", str(db), "verify", str(a))
    assert ok.returncode == 0 and "round 2018Q1 (final)" in ok.stdout
    changed = tmp_path / f"changed.{fmt}"
    data = bytearray(a.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one byte changed in the middle
    changed.write_bytes(bytes(data))
    bad = run("--db", str(db), "verify", str(changed))
    assert bad.returncode == 1 and "matches no export" in bad.stderr


def test_history_command(tmp_path: Path) -> None:
    db = str(tmp_path / "x.sqlite")
    run("--db", db, "sample")
    out = run("--db", db, "history", "2018Q1", "--site", "N000007790")
    assert out.returncode == 0
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 5  # four findings and the progress mark
    assert all("\tfinding set N000007790\t" in line or "progress set" in line for line in lines)
    missing = run("--db", db, "history", "1999Q1")
    assert missing.returncode == 1 and 'No round "1999Q1"' in missing.stderr


def test_repeat_offenders_report(tmp_path: Path) -> None:
    db = str(tmp_path / "x.sqlite")
    run("--db", db, "sample")
    out = run("--db", db, "report", "repeat").stdout
    assert (
        "區民政局\t2 rounds\t2018Q1: column_stale, guide_missing, guide_inaccurate, typo; 2018Q2: guide_missing*"
        in out
    )


def test_a_follow_up_mark_makes_the_site_in_progress(q2: Store) -> None:
    # The rule lives in the store: the app's own call before it is no longer needed.
    uid = "N000007790"
    assert q2.progress_of("2018Q2", uid) is Progress.NOT_STARTED
    q2.mark_followup("2018Q2", uid, "guide_missing", FollowUp.FIXED)
    assert q2.progress_of("2018Q2", uid) is Progress.IN_PROGRESS
    q2.undo_last("2018Q2")  # the mark
    assert q2.followups("2018Q2") == {}
    assert q2.progress_of("2018Q2", uid) is Progress.IN_PROGRESS
    q2.undo_last("2018Q2")  # then the visit
    assert q2.progress_of("2018Q2", uid) is Progress.NOT_STARTED
