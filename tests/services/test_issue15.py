"""Issue 15, finished and wired: the store, the command line and the bundle code agree.

The index of all fifteen items and their tests is the table in docs/reliability.md;
`test_every_test_named_in_the_issue15_table_exists` keeps it from rotting.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui import bundle as bundle_mod
from inspect_tui.bundle_store import bundle_from_store, import_bundle
from inspect_tui.cli.main import cli
from inspect_tui.model import Finding, FollowUp, RoundMeta, Site, SiteKind, Verdict
from inspect_tui.store import Store, StoreError

ROOT = Path(__file__).parents[2]


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def sample_db(tmp_path: Path, name: str = "a.sqlite") -> Path:
    db = tmp_path / name
    code, _, err = invoke("--db", str(db), "sample")
    assert code == 0, err
    return db


# -- item 3: follow-up marks reach the database --------------------------------------------


def test_item03_followups_survive_export_then_import(tmp_path: Path) -> None:
    db = sample_db(tmp_path)
    with Store(db) as s:
        marks = s.followups("2018Q2")
    assert FollowUp.PRESENT in marks.values() and FollowUp.FIXED in marks.values()
    out = tmp_path / "q2.json"
    assert invoke("--db", str(db), "bundle", "export", "2018Q2", "-o", str(out))[0] == 0
    other = tmp_path / "b.sqlite"
    assert invoke("--db", str(other), "sample")[0] == 0
    with Store(other) as s:
        s.delete_round("2018Q2")
    code, _, err = invoke("--db", str(other), "bundle", "import", str(out))
    assert code == 0, err
    with Store(other) as s:
        assert s.followups("2018Q2") == marks


def test_item03_followups_survive_a_merge_into_the_local_round(sample_store: Store) -> None:
    from inspect_tui.bundle_store import write_merge
    from inspect_tui.merge_plan import MergePlan

    marks = sample_store.followups("2018Q2")
    theirs = bundle_from_store(sample_store, "2018Q2", "李四")
    local = bundle_from_store(sample_store, "2018Q2", "tester (local)")
    plan = MergePlan.build([local, theirs], [Path("local"), Path("li.json")], local=True)
    assert not plan.unresolved
    with sample_store.db.conn:
        sample_store.db.execute("DELETE FROM followups WHERE round_key = '2018Q2'")
    write_merge(sample_store, local, plan.merge(), "merge", existed=True)
    assert sample_store.followups("2018Q2") == marks


# -- item 1: the command line lists same-inspector conflicts by party ----------------------


def _bundle_file(db: Path, path: Path, inspector: str, count: int) -> Path:
    with Store(db) as s:
        doc = json.loads(bundle_mod.dump(bundle_from_store(s, "2018Q1", inspector)))
    doc["findings"][0]["count"] = count
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_item01_cli_merge_same_inspector_lists_conflicts_by_party(tmp_path: Path) -> None:
    db = sample_db(tmp_path)
    a = _bundle_file(db, tmp_path / "zhang.json", "张三", 7)
    b = _bundle_file(db, tmp_path / "li.json", "张三", 8)
    fresh = tmp_path / "fresh.sqlite"
    code, _, err = invoke("--db", str(fresh), "bundle", "merge", str(a), str(b))
    assert code == 1
    assert "1 conflicts" in err and "'张三 (zhang.json)'" in err and "'张三 (li.json)'" in err
    assert "张三 (zhang.json): " in err  # the conflict line names the parties the same way
    code, _, err = invoke(
        "--db", str(fresh), "bundle", "merge", str(a), str(b), "--prefer", "张三 (li.json)"
    )
    assert code == 0, err
    first = json.loads(b.read_text("utf-8"))["findings"][0]
    with Store(fresh) as s:
        found = s.finding("2018Q1", first["site_uid"], first["category"])
    assert found is not None and found.count == 8


# -- item 5: --encoding on the command line --------------------------------------------------


BIG5_ROSTER = "類型,全稱,簡稱\r\n部門網站,區旅遊局,旅遊局\r\n部門網站,區工貿局,工貿局\r\n"


def test_item05_cli_roster_import_big5_with_encoding(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite"
    csv = tmp_path / "big5.csv"
    csv.write_bytes(BIG5_ROSTER.encode("big5"))
    code, _, err = invoke("--db", str(db), "--create", "roster", "import", str(csv))
    assert code == 1
    assert "UTF-8" in err and "GB18030" in err and "big5" in err.lower()
    code, _, err = invoke(
        "--db", str(db), "--create", "roster", "import", str(csv), "--encoding", "big5"
    )
    assert code == 0, err
    with Store(db) as s:
        assert [site.name for site in s.sites()] == ["區旅遊局", "區工貿局"]


# -- item 9: one normal form for round keys, at the store and on the command line ------------


@pytest.mark.parametrize("key", ["2018Q1 ", "２０１８Q1", "２０１８Ｑ１", "2018q1"])
def test_item09_store_lookalike_keys_are_the_same_round(sample_store: Store, key: str) -> None:
    with pytest.raises(StoreError, match="already exists"):
        sample_store.create_round(key, "x")
    assert sample_store.round_keys().count("2018Q1") == 1


@pytest.mark.parametrize("key", ["2018\u200bQ1", "../../tmp/x", "2018Q1\nforged", "a b"])
def test_item09_store_refuses_keys_of_no_normal_form(sample_store: Store, key: str) -> None:
    before = sample_store.round_keys()
    with pytest.raises(StoreError) as info:
        sample_store.create_round(key, "x")
    assert info.value.key == "error.store.invalid_text"
    assert sample_store.round_keys() == before


@pytest.mark.parametrize(
    "key", ["2017-09", "2017H2", "2017", "spring-check", "2017-09-01..2017-10-15"]
)
def test_item09_every_period_form_is_a_key(sample_store: Store, key: str) -> None:
    assert sample_store.create_round(key, "x").key == key


def test_item09_store_normalises_the_new_key(sample_store: Store) -> None:
    assert sample_store.create_round("２０１９q3 ", "x", from_key="2018Q2 ").key == "2019Q3"
    assert sample_store.round("2019Q3").previous_key == "2018Q2"


def test_item09_cli_keys_are_normalised_or_refused(tmp_path: Path) -> None:
    db = sample_db(tmp_path)
    code, _, err = invoke("--db", str(db), "rounds", "new", "２０１８Q1")
    assert code == 1 and "already exists" in err
    code, _, err = invoke("--db", str(db), "rounds", "new", "2018\u200bQ1")
    assert code == 2 and "not a round key" in err
    code, _, err = invoke("--db", str(db), "history", "２０１８q1 ")
    assert code == 0, err
    code, _, err = invoke("--db", str(db), "rounds", "new", "2017-09", "--from", "２０１８Q2")
    assert code == 0 and "warning" not in err, err
    with Store(db) as s:
        assert s.round("2017-09").previous_key == "2018Q2"


# -- one validation for every way text enters (items 6, 7 at the store) ---------------------


@pytest.mark.parametrize(
    "bad", ["evil\x1b]0;pwned\x07", "right\u202eleft", "x" * 1001], ids=["escape", "bidi", "long"]
)
def test_item07_store_refuses_hostile_text_every_way_in(sample_store: Store, bad: str) -> None:
    s = sample_store
    uid = s.round_sites("2018Q1")[0].uid
    verdict = next(iter(Verdict))
    attempts = [
        ("round title", lambda: s.update_round("2018Q1", title=bad)),
        ("round title", lambda: s.create_round("2030Q1", bad)),
        ("finding element", lambda: s.set_finding("2018Q1", Finding(uid, "typo", elements=(bad,)))),
        ("finding age", lambda: s.set_finding("2018Q1", Finding(uid, "typo", age=bad))),
        ("override reason", lambda: s.set_override("2018Q1", uid, verdict, "ok " + bad * 100)),
        ("site name", lambda: s.replace_roster([Site(1, SiteKind.DEPT, bad, "x")])),
        (
            "round doc_number",
            lambda: s.update_round("2018Q1", meta=RoundMeta(doc_number=bad * 101)),
        ),
    ]
    before = (s.round("2018Q1"), s.findings("2018Q1"), s.overrides("2018Q1"), s.sites())
    keys = s.round_keys()
    for field, attempt in attempts:
        with pytest.raises(StoreError) as info:
            attempt()
        assert info.value.key == "error.store.invalid_text"
        assert info.value.params["field"] == field
    assert (s.round("2018Q1"), s.findings("2018Q1"), s.overrides("2018Q1"), s.sites()) == before
    assert s.round_keys() == keys


def test_item07_multiline_fields_keep_newlines_but_not_escapes(sample_store: Store) -> None:
    uid = sample_store.round_sites("2018Q1")[0].uid
    sample_store.set_finding("2018Q1", Finding(uid, "typo", detail="line one\nline two"))
    with pytest.raises(StoreError, match="finding detail"):
        sample_store.set_finding("2018Q1", Finding(uid, "typo", detail="x\x1b[2J"))


def test_item07_cli_text_goes_through_the_store_check(tmp_path: Path) -> None:
    db = sample_db(tmp_path)
    code, _, err = invoke("--db", str(db), "rounds", "new", "2030Q1", "--title", "a\x1b[31mb")
    assert code == 1
    assert "round title" in err and "U+001B" in err and "\x1b" not in err
    with Store(db) as s:
        assert not s.has_round("2030Q1")


def test_item06_bundle_import_still_passes_the_store_check(sample_store: Store) -> None:
    """What the bundle reader accepts the store accepts: a round's own bundle imports."""
    b = bundle_mod.parse(bundle_mod.dump(bundle_from_store(sample_store, "2018Q1")), "x.json")
    sample_store.delete_round("2018Q1")
    import_bundle(sample_store, b, "x.json")
    assert sample_store.has_round("2018Q1")


# -- the index -------------------------------------------------------------------------------


def _issue15_table() -> dict[int, list[str]]:
    text = (ROOT / "docs" / "reliability.md").read_text("utf-8")
    section = text.split("## Issue 15", 1)[1].split("\n## ", 1)[0]
    rows: dict[int, list[str]] = {}
    for line in section.splitlines():
        m = re.match(r"\|\s*(\d+)\s*\|[^|]*\|([^|]*)\|", line)
        if m:
            rows[int(m[1])] = re.findall(r"`([^`]+)`", m[2])
    return rows


def test_every_issue15_item_is_in_the_table() -> None:
    assert sorted(_issue15_table()) == list(range(1, 16))


def test_every_test_named_in_the_issue15_table_exists() -> None:
    """Each reference is `tests/file.py::name` (or `name` in the last file named); a name
    ending in `*` stands for at least one test with that prefix."""
    for item, refs in _issue15_table().items():
        tests = [r for r in refs if "test_" in r]
        assert tests, f"item {item} names no test"
        current: Path | None = None
        for ref in tests:
            path, _, name = ref.rpartition("::")
            if path:
                current = ROOT / path
            assert current is not None and current.is_file(), f"item {item}: {ref}"
            if not name:
                continue
            source = current.read_text("utf-8")
            prefix = name.rstrip("*")
            pattern = rf"^(async )?def {re.escape(prefix)}" + ("" if name.endswith("*") else r"\(")
            assert re.search(pattern, source, re.M), f"item {item}: {ref} not in {current.name}"


# -- item 10: verify recomputes the export and checks the chain ------------------------------


def _final_export(tmp_path: Path) -> tuple[Path, Path]:
    from inspect_tui.export import export_round

    db = sample_db(tmp_path)
    with Store(db) as s:
        s.finalise("2018Q1")
        out = tmp_path / "q1.txt"
        export_round(s, "2018Q1", out)
    return db, out


def _sql(db: Path, sql: str, params: list[object] | None = None) -> None:
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute(sql, params or [])
    conn.commit()
    conn.close()


def test_item10_untouched_export_verifies(tmp_path: Path) -> None:
    db, out = _final_export(tmp_path)
    code, stdout, err = invoke("--db", str(db), "verify", str(out))
    assert code == 0, err
    assert "identical to the txt export of round 2018Q1 (final)" in stdout


def test_item10_sql_insert_into_exports_does_not_verify(tmp_path: Path) -> None:
    import hashlib

    db, _ = _final_export(tmp_path)
    forged = tmp_path / "forged.txt"
    forged.write_text("某区政府网站检查情况的通报（伪造）", encoding="utf-8")
    with Store(db) as s:
        content = s.exports()[0]["content_hash"]
    _sql(
        db,
        "INSERT INTO exports (round_key, path, format, sha256, round_status, ts, content_hash)"
        " VALUES ('2018Q1', ?, 'txt', ?, 'final', '2026-01-01', ?)",
        [str(forged), hashlib.sha256(forged.read_bytes()).hexdigest(), content],
    )
    code, _, err = invoke("--db", str(db), "verify", str(forged))
    assert code == 1
    assert "not in the audit log" in err and "does not verify" in err


def test_item10_forged_log_with_recomputed_chain_still_fails_on_rendering(tmp_path: Path) -> None:
    """Even a log forged through the store itself (a valid chain) cannot make another file
    verify: the round's records render to different bytes."""
    import hashlib

    db, _ = _final_export(tmp_path)
    forged = tmp_path / "forged.txt"
    forged.write_text("伪造的通报", encoding="utf-8")
    with Store(db) as s:
        s.record_export("2018Q1", forged, "txt", hashlib.sha256(forged.read_bytes()).hexdigest())
    code, _, err = invoke("--db", str(db), "verify", str(forged))
    assert code == 1 and "do not render to it" in err


def test_item10_sql_update_of_a_final_rounds_finding_fails_verify(tmp_path: Path) -> None:
    from inspect_tui.export import export_round

    db, out = _final_export(tmp_path)
    _sql(db, "UPDATE findings SET count = 99 WHERE round_key = '2018Q1'")
    code, _, err = invoke("--db", str(db), "verify", str(out))
    assert code == 1 and "changed after it was finalised" in err
    with Store(db) as s:  # the export made after the edit does not verify either
        export_round(s, "2018Q1", tmp_path / "after.txt")
    code, _, err = invoke("--db", str(db), "verify", str(tmp_path / "after.txt"))
    assert code == 1 and "outside inspect-tui" in err


def test_item10_reopen_change_finalise_old_file_fails_verify(tmp_path: Path) -> None:
    from inspect_tui.export import export_round

    db, out = _final_export(tmp_path)
    with Store(db) as s:
        s.reopen("2018Q1", "文号有误")
        s.update_round("2018Q1", title="更正后的标题")
        s.finalise("2018Q1")
        export_round(s, "2018Q1", tmp_path / "new.txt")
    code, _, err = invoke("--db", str(db), "verify", str(out))
    assert code == 1 and "records changed since" in err
    code, _, err = invoke("--db", str(db), "verify", str(tmp_path / "new.txt"))
    assert code == 0, err


def test_item10_font_profile_is_recorded_so_docx_verifies(tmp_path: Path) -> None:
    from inspect_tui.circular.fonts import PROFILES

    db = sample_db(tmp_path)
    other = next(p for p in PROFILES if p != "gb2312")
    out = tmp_path / "q1.docx"
    code, _, err = invoke("--db", str(db), "export", "2018Q1", "-o", str(out), "--fonts", other)
    assert code == 0, err
    code, _, err = invoke("--db", str(db), "verify", str(out))
    assert code == 0, err


# -- item 2: doctor on the command line --------------------------------------------------------


def test_item02_cli_doctor_restore_leaves_a_locked_file(tmp_path: Path) -> None:
    import sqlite3

    db = sample_db(tmp_path)
    with Store(db) as s:
        s.finalise("2018Q1")  # a backup exists
        s.create_round("2019Q1", "newer than the backup")
    before = db.read_bytes()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code, out, err = invoke("--db", str(db), "doctor", "--restore")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 1 and "locked" in out + err and "nothing was restored" in err
    assert db.read_bytes() == before
    with Store(db) as s:
        assert s.has_round("2019Q1")


def test_item02_cli_doctor_restore_prints_the_undo(tmp_path: Path) -> None:
    db = sample_db(tmp_path)
    with Store(db) as s:
        s.finalise("2018Q1")
    db.write_bytes(db.read_bytes()[:1000])
    code, out, err = invoke("--db", str(db), "doctor")
    assert code == 1 and "damaged" in out and "--restore" in err
    code, out, err = invoke("--db", str(db), "doctor", "--restore")
    assert code == 0, err
    assert "To undo: mv -f" in out and ".replaced-" in out


def test_item10_cli_doctor_reports_tampering(tmp_path: Path) -> None:
    db, _ = _final_export(tmp_path)
    _sql(db, "UPDATE findings SET count = 99 WHERE round_key = '2018Q1'")
    code, out, err = invoke("--db", str(db), "doctor")
    assert code == 1
    assert "tampering: round 2018Q1: its records changed after it was finalised" in out
    assert "outside inspect-tui" in err


# -- item 15: a killed pre-migration backup leaves no partial backup -------------------------


def test_item15_backup_cut_short_leaves_no_partial_backup(sample_store: Store) -> None:
    import sqlite3

    from inspect_tui.store import backup, doctor

    real = sample_store.db.conn

    class DiesMidCopy:
        def backup(self, dest: sqlite3.Connection) -> None:
            def boom(*_: object) -> None:
                raise OSError(28, "No space left on device")

            real.backup(dest, pages=1, progress=boom)

    with pytest.raises(OSError):
        backup.make_backup(DiesMidCopy(), sample_store.path, "before-schema-9")  # type: ignore[arg-type]
    assert backup.backups(sample_store.path) == []
    assert list(backup.backup_dir(sample_store.path).iterdir()) == []
    # What a SIGKILL leaves (the hidden partial) is never a backup doctor would restore.
    left = backup.backup_dir(sample_store.path) / ".x-before-schema-9.sqlite.partial"
    left.write_bytes(b"SQLite format 3\x00")
    assert backup.backups(sample_store.path) == [] and doctor.good_backups(sample_store.path) == []
    made = backup.make_backup(real, sample_store.path, "final")
    assert backup.backups(sample_store.path) == [made]


def test_item10_export_from_before_the_chain_says_so(tmp_path: Path) -> None:
    db, out = _final_export(tmp_path)
    _sql(db, "UPDATE exports SET content_hash = ''")  # as m005 left rows it could not know
    code, _, err = invoke("--db", str(db), "verify", str(out))
    assert code == 1 and "export the round again" in err


def test_item10_sql_update_of_an_exports_made_from_hash_fails_verify(tmp_path: Path) -> None:
    """After reopen → change → finalise, pointing the old file's row at the new records."""
    db, out = _final_export(tmp_path)
    with Store(db) as s:
        s.reopen("2018Q1", "文号有误")
        s.update_round("2018Q1", title="更正后的标题")
        s.finalise("2018Q1")
        current = s.round_content_hash("2018Q1")
    _sql(db, "UPDATE exports SET content_hash = ?", [current])
    code, _, err = invoke("--db", str(db), "verify", str(out))
    assert code == 1 and "export 1: not in the audit log" in err
