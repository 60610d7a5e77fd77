"""Nothing lost, nothing broken: kills, two writers, damaged files, failing exports, hostile text.

The figures these tests produce are summarised in docs/reliability.md.
"""

from __future__ import annotations

import io
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli.test_cli import run
from inspect_tui.export import ExportError, export_round
from inspect_tui.model import Finding, RoundMeta
from inspect_tui.store import Store, StoreError, backup, doctor

KILL_TRIALS = 50

WRITER = textwrap.dedent(
    """
    import sys
    from inspect_tui.model import Finding
    from inspect_tui.store import Store
    store = Store(sys.argv[1], actor=sys.argv[2])
    uids = [s.uid for s in store.round_sites("2018Q1")]
    for i in range(int(sys.argv[3])):
        uid = uids[i % len(uids)]
        store.set_finding("2018Q1", Finding(uid, "typo", count=i + 1, note=sys.argv[2]))
        print(f"ack {uid} {i + 1}", flush=True)  # printed only after the commit returned
    """
)


def _sample_db(tmp_path: Path) -> Path:
    db = tmp_path / "r.sqlite"
    assert run("--db", str(db), "sample").returncode == 0
    return db


def test_sigkill_loses_no_acknowledged_change(tmp_path: Path) -> None:
    db = _sample_db(tmp_path)
    rng = random.Random(20180402)
    acked_total = 0
    for trial in range(KILL_TRIALS):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), f"t{trial}", "100000"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        acked: dict[str, int] = {}
        deadline = time.monotonic() + rng.uniform(0.1, 0.5)
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            _, uid, count = line.split()
            acked[uid] = int(count)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        acked_total += len(acked)
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        with Store(db) as s:
            saved = {f.site_uid: f for f in s.findings("2018Q1") if f.category == "typo"}
        for uid, count in acked.items():
            # The writer may have committed a later change than the last ack it printed.
            assert saved[uid].note == f"t{trial}" and saved[uid].count >= count, (trial, uid)
    assert acked_total > KILL_TRIALS  # the trials really did write


def test_two_instances_share_one_file(tmp_path: Path) -> None:
    db = _sample_db(tmp_path)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), name, "150"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("甲", "乙")
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert "locked" not in err
        assert len(out.splitlines()) == 150
    with Store(db) as s:
        actors = {
            e.actor
            for e in s.audit("2018Q1")
            if e.entity == "finding" and e.after and e.after.get("category") == "typo"
        }
    assert {"甲", "乙"} <= actors


def test_backups_before_upgrade_and_on_finalise(
    tmp_path: Path, store: Store, db_path: Path
) -> None:
    from inspect_tui.sample import load_sample

    load_sample(store)
    assert backup.backups(db_path) == []
    store.finalise("2018Q1")
    (made,) = backup.backups(db_path)
    assert "final-2018Q1" in made.name
    assert doctor.diagnose(made).ok
    with Store(made) as copy:
        assert len(copy.findings("2018Q1")) == 17
    for _ in range(12):
        backup.make_backup(store.db.conn, db_path, "test")
    assert len(backup.backups(db_path)) == backup.KEEP


def test_doctor_restores_the_newest_good_backup(tmp_path: Path) -> None:
    db = _sample_db(tmp_path)
    assert run("--db", str(db), "rounds", "finalise", "2018Q1").returncode == 0
    healthy = run("--db", str(db), "doctor")
    assert healthy.returncode == 0 and f"{db}: ok" in healthy.stdout
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3])  # a battery died mid-copy
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    opened = run("--db", str(db), "rounds", "list")
    assert opened.returncode == 1 and "Traceback" not in opened.stderr
    assert "doctor" in opened.stderr
    diagnosis = run("--db", str(db), "doctor")
    assert diagnosis.returncode == 1 and "--restore" in diagnosis.stderr
    restored = run("--db", str(db), "doctor", "--restore")
    assert restored.returncode == 0, restored.stderr
    listing = run("--db", str(db), "rounds", "list")
    assert listing.returncode == 0 and "2018Q1\tfinal" in listing.stdout
    assert list(tmp_path.glob("r.sqlite.replaced-*"))  # the damaged file was kept, not deleted


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b"garbage" * 100, "not an SQLite database"),
        (b"SQLite format 3\x00" + b"\xff" * 5000, "damaged"),
    ],
)
def test_damaged_files_are_diagnosed(tmp_path: Path, content: bytes, problem: str) -> None:
    db = tmp_path / "bad.sqlite"
    db.write_bytes(content)
    health = doctor.diagnose(db)
    assert not health.ok and problem in health.detail
    if not content:
        Store(db).close()  # an empty file is simply a new database
        return
    with pytest.raises(StoreError):
        Store(db)
    assert db.read_bytes() == content  # nothing touched it


def test_missing_folder_and_existing_file(sample_store: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export_round(sample_store, "2018Q1", tmp_path / "nope" / "x.docx")
    target = tmp_path / "x.txt"
    target.write_text("keep me")
    with pytest.raises(ExportError, match="already exists"):
        export_round(sample_store, "2018Q1", target)
    assert target.read_text() == "keep me"
    assert sample_store.exports() == []


def test_unwritable_folder(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, for whom chmod does not bite: simulate the OS refusing the write.
    import inspect_tui.export as export_mod

    real_open = os.open

    def refuse(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
        if Path(path).name.startswith(export_mod.TEMP_PREFIX):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(ExportError, match=r"Cannot write in .*Permission denied"):
        export_round(sample_store, "2018Q1", tmp_path / "x.docx")
    assert list(tmp_path.iterdir()) == [p for p in tmp_path.iterdir() if p.suffix != ".docx"]
    assert sample_store.exports() == []


DISK_FULL = textwrap.dedent(
    """
    import resource, signal, sys
    from pathlib import Path
    from inspect_tui.export import ExportError, export_round
    from inspect_tui.store import Store
    store = Store(sys.argv[1])
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))
    try:
        export_round(store, "2018Q1", Path(sys.argv[2]))
    except ExportError as exc:
        print("ERROR", exc)
    """
)


def test_disk_full_leaves_no_partial_file(tmp_path: Path) -> None:
    db = _sample_db(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "circular.docx"
    result = subprocess.run(
        [sys.executable, "-c", DISK_FULL, str(db), str(target)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.startswith("ERROR Could not write"), result.stdout + result.stderr
    assert list(out_dir.iterdir()) == []  # neither the file nor a temporary leftover
    with Store(db) as s:
        assert s.exports() == []


def test_target_held_open_is_replaced_atomically(sample_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "c.txt"
    target.write_text("old")
    with target.open("rb") as holder:
        export_round(sample_store, "2018Q1", target, force=True)
        assert holder.read() == b"old"  # the reader keeps a consistent old file
    assert "惠灣管辦函" in target.read_text(encoding="utf-8")


TEXT = st.text(st.characters(codec="utf-8"), max_size=300) | st.sampled_from(
    [
        "\x00\x01\x0b\x0c\x1f",
        "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
        "ﷺ‮مرحبا‬",
        "😀" * 50,
        "长" * 10_000,
        "\uffff\ufffe",
    ]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc_number=TEXT, issuer=TEXT, requirements=TEXT, wording=TEXT, note=TEXT, title=TEXT)
def test_hostile_text_always_exports_a_readable_docx(
    sample_store: Store,
    doc_number: str,
    issuer: str,
    requirements: str,
    wording: str,
    note: str,
    title: str,
) -> None:
    from docx import Document

    from inspect_tui.circular.compose import compose
    from inspect_tui.circular.docx import render_docx

    rnd = sample_store.round("2018Q1")
    meta = replace(
        rnd.meta, doc_number=doc_number, issuer=issuer, requirements=requirements, note=note
    )
    data = sample_store.round_data("2018Q1")
    data = replace(
        data,
        round=replace(rnd, title=title, meta=meta),
        findings=(*data.findings, Finding("N000007777", "typo", count=1, wording=wording)),
    )
    blob = render_docx(compose(data, sample_store.round_checklist("2018Q1")))
    reopened = Document(io.BytesIO(blob))
    assert len(reopened.tables) >= 3


def test_round_meta_with_hostile_text_round_trips_the_store(store: Store) -> None:
    from inspect_tui.sample import load_sample

    load_sample(store)
    long_text = "字符😀" + "长" * 10_000  # emoji and long CJK text are kept as they are
    store.update_round("2018Q1", meta=RoundMeta(doc_number=long_text))
    assert store.round("2018Q1").meta.doc_number == long_text
    # Control and bidi characters are refused at the store, whichever way they come
    # (issue 15: one validation for every way text enters), naming the field.
    for weird in ("\x00控制", "字\x1f符", "\u202e😀"):
        with pytest.raises(StoreError, match="round doc_number"):
            store.update_round("2018Q1", meta=RoundMeta(doc_number=weird))
    assert store.round("2018Q1").meta.doc_number == long_text
    assert os.path.getsize(store.path) > 0


APP_DRIVER = textwrap.dedent(
    """
    import asyncio, sys
    from inspect_tui.store import Store
    from inspect_tui.tui.app import InspectApp

    async def main() -> None:
        store = Store(sys.argv[1], actor="kill-test")
        app = InspectApp(store, "2018Q1")
        async with app.run_test() as pilot:
            await pilot.pause()
            screen = app.screen
            while True:
                uid = screen.site.uid
                if store.finding("2018Q1", uid, "typo") is not None:  # keep expectations simple
                    await pilot.press("n")
                    await pilot.pause()
                    continue
                for key, count in (("4", 1), ("plus", 2), ("plus", 3)):
                    before = screen.saved_at
                    await pilot.press(key)
                    await pilot.pause()
                    assert screen.saved_at is not before, "the screen did not show a save"
                    print(f"ack {uid} {count}", flush=True)
                await pilot.press("n")
                await pilot.pause()

    asyncio.run(main())
    """
)
APP_KILL_TRIALS = 50


def test_sigkill_while_keying_in_the_app_loses_nothing_shown_as_saved(tmp_path: Path) -> None:
    """The app, driven headless by keys, killed at random moments: what it showed as saved is there."""
    import shutil

    template = _sample_db(tmp_path)
    rng = random.Random(33)
    acked_total = 0
    for trial in range(APP_KILL_TRIALS):
        db = tmp_path / f"trial{trial}.sqlite"
        shutil.copyfile(template, db)
        proc = subprocess.Popen(
            [sys.executable, "-c", APP_DRIVER, str(db)], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        acked: list[tuple[str, int]] = []
        first = proc.stdout.readline()  # wait until the app is up and has saved once
        assert first.startswith("ack"), first
        acked.append((first.split()[1], int(first.split()[2])))
        deadline = time.monotonic() + rng.uniform(0.05, 0.6)
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            acked.append((line.split()[1], int(line.split()[2])))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        acked_total += len(acked)
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        with Store(db) as s:
            typo = {f.site_uid: f.count for f in s.findings("2018Q1") if f.category == "typo"}
        last_uid, _ = acked[-1]
        for uid, count in dict(acked).items():
            saved = typo.get(uid)
            assert saved is not None, (trial, uid)
            # The key after the last acknowledged one may have been saved too.
            assert saved == count or (uid == last_uid and saved >= count), (
                trial,
                uid,
                saved,
                count,
            )
    assert acked_total >= APP_KILL_TRIALS
