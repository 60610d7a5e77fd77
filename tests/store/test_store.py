from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from inspect_tui.model import Finding, Progress, RoundMeta, Site, SiteKind, Verdict
from inspect_tui.store import RoundFinal, RoundNotFound, SchemaTooNew, Store, StoreError
from inspect_tui.store.schema import MIGRATION_NAMES, SCHEMA_VERSION, migrations

SITES = [
    Site(
        1,
        SiteKind.CHANNEL,
        "大亚湾民政局",
        "区民政局",
        code="N000007790",
        parent="大亚湾区门户网站",
    ),
    Site(
        2, SiteKind.PLATFORM, "网上办事大厅大亚湾分厅", "区工贸局（网上办事大厅）", owner="区工贸局"
    ),
]


@pytest.fixture
def round_store(store: Store) -> Store:
    store.replace_roster(SITES, source="test")
    store.create_round("2026Q1", "第一季度")
    return store


def test_pragmas(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.schema_version == SCHEMA_VERSION == len(MIGRATION_NAMES)


def test_every_change_writes_one_audit_row(round_store: Store) -> None:
    s = round_store
    # A visited site: the first record on a site not started also marks it (its own row).
    s.set_progress("2026Q1", "N000007790", Progress.IN_PROGRESS)
    n = len(s.audit())
    steps = [
        lambda: s.set_finding("2026Q1", Finding("N000007790", "typo", count=1)),
        lambda: s.set_finding("2026Q1", Finding("N000007790", "typo", count=2)),
        lambda: s.remove_finding("2026Q1", "N000007790", "typo"),
        lambda: s.set_override("2026Q1", "N000007790", Verdict.FAIL, "office rule"),
        lambda: s.clear_override("2026Q1", "N000007790"),
        lambda: s.set_progress("2026Q1", "N000007790", Progress.DONE),
        lambda: s.update_round("2026Q1", meta=RoundMeta(doc_number="X函〔2026〕1号")),
    ]
    for step in steps:
        step()
        entries = s.audit()
        assert len(entries) == n + 1
        n += 1
        assert entries[-1].actor == "tester"
    # No-op changes write nothing.
    s.set_progress("2026Q1", "N000007790", Progress.DONE)
    assert len(s.audit()) == n


def test_audit_keeps_before_and_after(round_store: Store) -> None:
    s = round_store
    s.set_finding("2026Q1", Finding("N000007790", "typo", count=1))
    s.set_finding("2026Q1", Finding("N000007790", "typo", count=3))
    last = s.audit("2026Q1", "N000007790")[-1]
    assert last.before["count"] == 1 and last.after["count"] == 3


def test_findings_persist_across_connections(round_store: Store, db_path: Path) -> None:
    round_store.set_finding(
        "2026Q1", Finding("N000007790", "guide_inaccurate", elements=("办理时间", "办理地点"))
    )
    with Store(db_path) as other:
        (f,) = other.findings("2026Q1")
        assert f.elements == ("办理时间", "办理地点")


def test_round_snapshot_survives_roster_change(round_store: Store) -> None:
    round_store.replace_roster([SITES[0]], source="smaller roster")
    assert [s.name for s in round_store.round_sites("2026Q1")] == [s.name for s in SITES]
    assert len(round_store.sites()) == 1


def test_round_from_previous_carries_roster_checklist_and_meta(round_store: Store) -> None:
    s = round_store
    s.update_round("2026Q1", meta=RoundMeta(issuer="区政务公开办", contact="张三"))
    s.replace_roster([SITES[0]])
    nxt = s.create_round("2026Q2", "第二季度", from_key="2026Q1")
    assert nxt.previous_key == "2026Q1"
    assert nxt.meta.issuer == "区政务公开办"
    assert len(s.round_sites("2026Q2")) == 2
    assert s.round_checklist("2026Q2").source == s.round_checklist("2026Q1").source


def test_duplicate_and_missing_rounds(round_store: Store) -> None:
    with pytest.raises(StoreError, match="already exists"):
        round_store.create_round("2026Q1")
    with pytest.raises(RoundNotFound, match='No round "1999Q1"'):
        round_store.round("1999Q1")


def test_override_needs_reason(round_store: Store) -> None:
    with pytest.raises(StoreError, match="reason"):
        round_store.set_override("2026Q1", "N000007790", Verdict.FAIL, "  ")


def test_undo_reverts_last_change_and_is_audited(round_store: Store) -> None:
    s = round_store
    s.set_finding("2026Q1", Finding("N000007790", "typo", count=1))
    s.set_finding("2026Q1", Finding("N000007790", "typo", count=2))
    s.set_progress("2026Q1", "N000007790", Progress.DONE)
    assert s.undo_last("2026Q1") is not None
    assert s.progress_of("2026Q1", "N000007790") is Progress.IN_PROGRESS
    s.undo_last("2026Q1")
    assert s.finding("2026Q1", "N000007790", "typo") == Finding("N000007790", "typo", count=1)
    s.undo_last("2026Q1")
    assert s.finding("2026Q1", "N000007790", "typo") is None
    # Last, the visit the first finding made.
    assert s.progress_of("2026Q1", "N000007790") is Progress.IN_PROGRESS
    s.undo_last("2026Q1")
    assert s.progress_of("2026Q1", "N000007790") is Progress.NOT_STARTED
    assert s.undo_last("2026Q1") is None
    assert [e.action for e in s.audit("2026Q1")][-4:] == ["undo"] * 4


UID = "N000007790"


@pytest.mark.parametrize(
    "record",
    [
        lambda s: s.set_finding("2026Q1", Finding(UID, "typo", count=1)),
        lambda s: s.set_override("2026Q1", UID, Verdict.FAIL, "office rule"),
    ],
    ids=["finding", "override"],
)
def test_first_record_marks_the_site_in_progress(round_store: Store, record: Any) -> None:
    s = round_store
    n = len(s.audit())
    record(s)
    assert s.progress_of("2026Q1", UID) is Progress.IN_PROGRESS
    visit, change = s.audit()[n:]
    # The visit's row first, so undo takes back the record, then the visit.
    assert (visit.entity, visit.before, visit.after) == (
        "progress",
        {"status": "not_started"},
        {"status": "in_progress"},
    )
    assert change.entity != "progress"
    # A site already in progress (or done) is left as it is, with no extra row.
    s.set_progress("2026Q1", UID, Progress.DONE)
    n = len(s.audit())
    s.set_finding("2026Q1", Finding(UID, "typo", count=5))
    assert s.progress_of("2026Q1", UID) is Progress.DONE
    assert len(s.audit()) == n + 1


def test_visit_and_record_are_one_transaction(round_store: Store) -> None:
    # The record fails (a count SQLite cannot store): the visit goes with it.
    s = round_store
    n = len(s.audit())
    with pytest.raises(OverflowError):  # too big for SQLite's INTEGER
        s.set_finding("2026Q1", Finding(UID, "typo", count=2**70))
    assert s.progress_of("2026Q1", UID) is Progress.NOT_STARTED
    assert len(s.audit()) == n


def test_final_round_refuses_edits(round_store: Store) -> None:
    round_store.set_status("2026Q1", "final")
    with pytest.raises(RoundFinal, match="final"):
        round_store.set_finding("2026Q1", Finding("N000007790", "typo", count=1))


def test_upgrade_from_v1_file(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite"
    db = Database(sqlite3.connect(path))
    migrations.apply(db, stop_before=MIGRATION_NAMES[1])
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO sites (uid, seq, kind, name, short_name) VALUES ('N000007790', 1, 'channel', '大亚湾民政局', '区民政局')"
    )
    db.conn.commit()
    assert "parent" not in db["sites"].columns_dict
    db.close()
    with Store(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.sites()[0].name == "大亚湾民政局"
        assert s.sites()[0].parent == ""
        s.create_round("2026Q1")
        assert s.exports() == []


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    with Store(path):
        pass
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(SchemaTooNew, match="newer inspect-tui"):
        Store(path)
    assert path.read_bytes() == before


def test_garbage_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "garbage.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=r"garbage\.sqlite is not a usable inspect-tui database"):
        Store(path)


def test_failed_write_leaves_nothing(round_store: Store) -> None:
    # A finding for a site not in the round violates the foreign key: nothing is written.
    n = len(round_store.audit())
    with pytest.raises(sqlite3.IntegrityError):
        round_store.set_finding("2026Q1", Finding("not-a-site", "typo", count=1))
    assert round_store.findings("2026Q1") == []
    assert len(round_store.audit()) == n


def test_write_round_carries_follow_up_marks(round_store: Store) -> None:
    # A bundle's follow-up marks survive import and merge (issue 15 item 3, store part).
    from inspect_tui.model import FollowUp, Round

    s = round_store
    marks = {(UID, "typo"): FollowUp.FIXED}
    common = {
        "checklist_id": "x",
        "checklist_source": s.checklist_source("2026Q1")[1],
        "sites": SITES,
        "findings": [],
        "overrides": [],
        "progress": {},
        "source": "test",
    }
    s.write_round(Round("2026Q2", "", previous_key="2026Q1"), followups=marks, **common)
    assert s.followups("2026Q2") == marks
    s.write_round(Round("2026Q2", ""), replace_contents=True, **common)
    assert s.followups("2026Q2") == marks  # not given: left as they were
    s.write_round(Round("2026Q2", ""), replace_contents=True, followups={}, **common)
    assert s.followups("2026Q2") == {}
