"""The hash chain: changes made around inspect-tui (plain SQL) are found (issue 15 item 10)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from inspect_tui.model import Finding, FollowUp, Progress, Site, SiteKind, Verdict
from inspect_tui.store import Store, round_content_hash, verify_chain
from inspect_tui.store.schema import MIGRATION_NAMES, SCHEMA_VERSION, migrations

SITES = [Site(1, SiteKind.CHANNEL, "甲", "甲"), Site(2, SiteKind.CHANNEL, "乙", "乙")]
A, B = SITES[0].uid, SITES[1].uid


@pytest.fixture
def s(tmp_path: Path) -> Store:
    """Two rounds with every kind of record; 2026Q1 final and exported."""
    store = Store(tmp_path / "c.sqlite", actor="t")
    store.replace_roster(SITES)
    store.create_round("2026Q1")
    store.set_finding("2026Q1", Finding(A, "typo", count=2))
    store.set_override("2026Q1", B, Verdict.FAIL, "rule")
    store.set_progress("2026Q1", A, Progress.DONE)
    store.finalise("2026Q1")
    store.record_export("2026Q1", Path("q1.docx"), "docx", "ab" * 32)
    store.create_round("2026Q2", from_key="2026Q1")
    store.mark_followup("2026Q2", A, "typo", FollowUp.PRESENT)
    store.set_finding("2026Q2", Finding(B, "dead_link", count=1))
    store.undo_last("2026Q2")
    return store


def _sql(store: Store, sql: str, params: list[object] | None = None) -> None:
    """What anyone with the file and the sqlite3 shell can do."""
    conn = sqlite3.connect(store.path)
    conn.execute(sql, params or [])
    conn.commit()
    conn.close()


def test_untouched_file_verifies(s: Store) -> None:
    assert verify_chain(s) == []


def test_sql_update_of_a_final_rounds_finding(s: Store) -> None:
    _sql(s, "UPDATE findings SET count = 20 WHERE round_key = '2026Q1'")
    problems = verify_chain(s)
    assert [(p.kind, p.where) for p in problems] == [("round", "2026Q1")]
    assert "changed after it was finalised" in str(problems[0])


def test_sql_update_that_also_fixes_the_stored_content_hash(s: Store) -> None:
    _sql(s, "UPDATE findings SET count = 20 WHERE round_key = '2026Q1'")
    _sql(
        s,
        "UPDATE rounds SET content_hash = ? WHERE key = '2026Q1'",
        [round_content_hash(s, "2026Q1")],
    )
    details = {p.detail for p in verify_chain(s)}
    assert "its sealed content hash was edited" in details
    assert "its records changed after it was finalised" in details


def test_sql_insert_into_exports(s: Store) -> None:
    _sql(
        s,
        "INSERT INTO exports (round_key, path, format, sha256, round_status, ts)"
        " VALUES ('2026Q1', 'forged.docx', 'docx', ?, 'final', '2026-01-01')",
        ["cd" * 32],
    )
    problems = verify_chain(s)
    assert [(p.kind, p.detail) for p in problems] == [("export", "not in the audit log")]


def test_sql_edit_of_an_audit_row(s: Store) -> None:
    _sql(s, "UPDATE audit SET actor = 'someone else' WHERE id = 3")
    assert [(p.where, p.detail) for p in verify_chain(s)] == [("3", "its change was edited")]


def test_sql_delete_of_an_audit_row(s: Store) -> None:
    _sql(s, "DELETE FROM audit WHERE id = 3")
    problems = verify_chain(s)
    assert [(p.where, p.detail) for p in problems] == [
        ("4", "a row before it was removed, added or changed")
    ]


def test_sql_finalise_without_the_log(s: Store) -> None:
    _sql(s, "UPDATE rounds SET status = 'final' WHERE key = '2026Q2'")
    assert [(p.kind, p.where) for p in verify_chain(s)] == [("round", "2026Q2")]


def test_reopen_change_finalise_makes_old_exports_stale(s: Store) -> None:
    (old,) = s.exports()
    assert s.export_is_current(old)
    s.reopen("2026Q1", "correction")
    s.set_finding("2026Q1", Finding(A, "typo", count=3))
    s.finalise("2026Q1")
    assert verify_chain(s) == []
    assert not s.export_is_current(s.exports()[0])
    s.record_export("2026Q1", Path("q1b.docx"), "docx", "ef" * 32)
    assert s.export_is_current(s.exports()[-1])


def test_content_hash_ignores_timestamps(s: Store, tmp_path: Path) -> None:
    other = Store(tmp_path / "o.sqlite", actor="u")
    other.replace_roster(SITES)
    other.create_round("2026Q1")
    other.set_finding("2026Q1", Finding(A, "typo", count=2))
    other.set_override("2026Q1", B, Verdict.FAIL, "rule")
    other.set_progress("2026Q1", A, Progress.DONE)
    assert round_content_hash(other, "2026Q1") == round_content_hash(s, "2026Q1")


def test_old_file_upgrades_with_its_history_chained(tmp_path: Path) -> None:
    path = tmp_path / "unchained.sqlite"
    db = Database(sqlite3.connect(path))
    chained = MIGRATION_NAMES.index("m005_hash_chain")
    migrations.apply(db, stop_before="m005_hash_chain")
    db.execute(f"PRAGMA user_version = {chained}")
    for i in range(3):
        db.execute(
            "INSERT INTO audit (ts, actor, entity, action, after) VALUES (?, 'old', 'roster',"
            " 'replace', ?)",
            [f"2020-01-0{i + 1}", f'{{"sites": {i}}}'],
        )
    db.conn.commit()
    db.close()
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert verify_chain(s) == []
        s.replace_roster(SITES)
        assert verify_chain(s) == []
    conn = sqlite3.connect(path)
    conn.execute("UPDATE audit SET after = '{\"sites\": 99}' WHERE id = 2")
    conn.commit()
    conn.close()
    with Store(path) as s:
        assert [p.where for p in verify_chain(s)] == ["2"]
