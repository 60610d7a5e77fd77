"""The export service: the round read once, plain data to the renderers, files written safely."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from inspect_tui import export
from inspect_tui.cli import cli
from inspect_tui.cli.common import safe_display
from inspect_tui.export import ExportError
from inspect_tui.store import Store, StoreError


def _count_reads(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    original = store.round_data

    def counted(key: str) -> Any:
        reads.append(key)
        return original(key)

    monkeypatch.setattr(store, "round_data", counted)
    return reads


@pytest.mark.parametrize("fmt", ["docx", "txt", "csv", "json"])
def test_the_round_is_read_once(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    reads = _count_reads(sample_store, monkeypatch)
    export.export_round(sample_store, "2018Q1", tmp_path / f"c.{fmt}")
    assert reads == ["2018Q1"]


def test_csv_does_not_compose_a_circular(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_compose(*args: object) -> object:
        raise AssertionError("csv composed a circular")

    monkeypatch.setattr(export, "compose", no_compose)
    result = export.export_round(sample_store, "2018Q1", tmp_path / "f.csv")
    assert result.size > 0


def test_renderers_take_plain_data(sample_store: Store) -> None:
    data = sample_store.round_data("2018Q1")
    checklist = sample_store.round_checklist("2018Q1")
    assert export.render(data, checklist, "csv").startswith("\ufeffround,".encode())
    assert "〔2018〕" in export.render(data, checklist, "txt").decode("utf-8")


# -- writing the file: only regular files replaced, nothing unrecorded, no leftovers ----------


@pytest.mark.parametrize("kind", ["symlink", "dangling_symlink", "fifo"])
def test_force_never_replaces_a_link_or_special_file(
    sample_store: Store, tmp_path: Path, kind: str
) -> None:
    # Before: `--force` replaced the link (or, as root, the device node /dev/stdout).
    real = tmp_path / "real.txt"
    real.write_text("keep me")
    target = tmp_path / "c.txt"
    if kind == "symlink":
        target.symlink_to(real)
    elif kind == "dangling_symlink":
        target.symlink_to(tmp_path / "nowhere.txt")
    else:
        os.mkfifo(target)
    with pytest.raises(ExportError) as info:
        export.export_round(sample_store, "2018Q1", target, force=True)
    assert info.value.key == (
        "error.export.special_file" if kind == "fifo" else "error.export.symlink"
    )
    assert target.is_symlink() == (kind != "fifo")
    assert real.read_text() == "keep me"
    assert not (tmp_path / "nowhere.txt").exists()
    assert sample_store.exports() == []


def test_roster_export_refuses_a_symlink(sample_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "roster.csv"
    target.symlink_to(tmp_path / "elsewhere.csv")
    code, _, err = _cli(sample_store, "roster", "export", str(target), "--force")
    assert code == 1 and "symbolic link" in err
    assert target.is_symlink() and not (tmp_path / "elsewhere.csv").exists()


def test_a_failed_record_leaves_no_file(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(sample_store, "record_export", locked)
    out = _folder(tmp_path)
    with pytest.raises(sqlite3.OperationalError):
        export.export_round(sample_store, "2018Q1", out / "c.docx")
    assert list(out.iterdir()) == []  # neither the file nor a temporary


def test_export_with_the_database_locked_leaves_no_file(
    sample_store: Store, tmp_path: Path
) -> None:
    # Before: the file was written, then recording it failed: a circular `verify` did not know.
    sample_store.db.execute("PRAGMA busy_timeout = 200")
    out = _folder(tmp_path)
    other = sqlite3.connect(sample_store.path)
    other.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
    try:
        # The store says it in the user's words (StoreError "… is locked by another program").
        with pytest.raises(StoreError, match="locked"):
            export.export_round(sample_store, "2018Q1", out / "c.docx")
    finally:
        other.rollback()
        other.close()
    assert list(out.iterdir()) == []
    assert sample_store.exports() == []


def test_a_long_cjk_file_name_works(sample_store: Store, tmp_path: Path) -> None:
    # 80 CJK characters = 240 bytes + ".txt": legal, but the old temporary name went past 255.
    target = _folder(tmp_path) / ("测" * 80 + ".txt")
    export.export_round(sample_store, "2018Q1", target)
    assert target.read_bytes()
    assert list(target.parent.iterdir()) == [target]


def test_temporary_files_are_short_hidden_and_removed_on_any_failure(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _folder(tmp_path)
    seen: list[str] = []

    def interrupted() -> None:
        seen.extend(p.name for p in out.iterdir())
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export.write_atomic(out / ("测" * 80 + ".json"), b"{}", before_replace=interrupted)
    assert len(seen) == 1 and seen[0].startswith(".~tmp") and len(seen[0]) <= 16
    assert list(out.iterdir()) == []


def test_a_killed_exports_temporary_file_is_removed_next_time(
    sample_store: Store, tmp_path: Path
) -> None:
    left = tmp_path / ".~tmp0123abcd"  # what a SIGKILL during a write leaves
    left.write_bytes(b"partial")
    old = time.time() - export.STALE_TEMP_S - 60
    os.utime(left, (old, old))
    fresh = tmp_path / ".~tmp89abcdef"  # another export writing right now: left alone
    fresh.write_bytes(b"busy")
    unrelated = tmp_path / ".~tmp-notours"
    unrelated.write_bytes(b"x")
    os.utime(unrelated, (old, old))
    export.export_round(sample_store, "2018Q1", tmp_path / "c.json")
    assert not left.exists()
    assert fresh.exists() and unrelated.exists()


def _folder(tmp_path: Path) -> Path:
    """An output folder of its own (the database's -wal and -shm files live beside it)."""
    out = tmp_path / "out"
    out.mkdir()
    return out


def _cli(store: Store, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(store.path), *args])
    return result.exit_code, result.stdout, result.stderr


# -- what the command line prints: never a raw escape sequence ----------------------------------

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x1b[31m红\u202e\nforged\tline"


def test_safe_display_escapes_controls_and_keeps_cjk() -> None:
    shown = safe_display(HOSTILE)
    assert shown.isprintable() or "\u3000" in shown
    assert "\x1b" not in shown and "\n" not in shown and "\u202e" not in shown
    assert "\\x1b]0;pwned\\x07" in shown and "\\u202e" in shown and "红" in shown
    assert safe_display("惠州大亚湾　管委会 2018Q1") == "惠州大亚湾　管委会 2018Q1"


def test_user_text_is_printed_escaped(sample_store: Store) -> None:
    # Before: a bundle's title or a site's name cleared the screen and set the window title.
    sample_store.db.execute("UPDATE rounds SET title = ? WHERE key = '2018Q1'", [HOSTILE])
    sample_store.db.execute("UPDATE round_sites SET short_name = ?", [HOSTILE])
    sample_store.db.execute("UPDATE audit SET actor = ?", [HOSTILE])
    sample_store.db.commit()
    outputs = [
        _cli(sample_store, "rounds", "list"),
        _cli(sample_store, "report", "repeat", "--min-rounds", "1"),
        _cli(sample_store, "history", "2018Q1"),
        _cli(sample_store, "export", "2018Q1", "-o", f"/nonexistent/{HOSTILE}.txt"),
    ]
    for code, out, err in outputs:
        assert "\x1b" not in out + err and "\u202e" not in out + err, (code, out, err)
        assert "forged" not in "".join(line[:6] for line in (out + err).splitlines())
    assert "\\x1b[2J" in outputs[0][1]
    assert len(outputs[0][1].splitlines()) == 2
