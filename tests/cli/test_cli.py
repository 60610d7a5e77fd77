from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.cli import cli
from inspect_tui.store import Store


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real entry point in a subprocess: what a user sees, traceback or not."""
    return subprocess.run(
        [sys.executable, "-m", "inspect_tui", *args], capture_output=True, text=True, timeout=120
    )


def test_help_lists_the_commands() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("demo", "sample", "roster", "rounds", "export"):
        assert command in result.output


def test_sample_then_rounds_list(tmp_path: Path) -> None:
    db = str(tmp_path / "x.sqlite")
    first = run("--db", db, "sample")
    assert first.returncode == 0, first.stderr
    # one family per bundled template: district (2 quarters), city (2 months), short form
    keys = ["2018Q1", "2018Q2", "2026-02", "2026-03", "2026Q1"]
    assert first.stdout.split() == keys
    again = run("--db", db, "sample")  # idempotent
    assert again.stdout.split() == keys
    listing = run("--db", db, "rounds", "list")
    assert listing.returncode == 0
    lines = listing.stdout.strip().splitlines()
    assert [line.split("\t")[0] for line in lines] == keys
    q1, q2, _, march, short = lines
    assert q1.startswith("2018Q1\topen\t36 sites\t14 with findings\t36 done")
    assert q2.startswith("2018Q2\topen\t36 sites\t4 with findings")
    assert march.startswith("2026-03\topen\t24 sites")
    assert short.startswith("2026Q1\topen\t12 sites")  # 12 checked of a roster of 30
    with Store(Path(db)) as s:
        assert len(s.findings("2018Q1")) == 17


def test_roster_import_export_round_trip(tmp_path: Path) -> None:
    db = str(tmp_path / "x.sqlite")
    sample_csv = Path(__file__).parents[2] / "samples" / "dayawan-2018-roster.csv"
    result = run("--db", db, "roster", "import", str(sample_csv))
    assert result.returncode == 0, result.stderr
    assert "Imported 36 sites" in result.stdout
    out = tmp_path / "out.csv"
    assert run("--db", db, "roster", "export", str(out)).returncode == 0
    refused = run("--db", db, "roster", "export", str(out))
    assert refused.returncode == 1 and "already exists" in refused.stderr
    again = tmp_path / "y.sqlite"
    assert run("--db", str(again), "roster", "import", str(out)).returncode == 0


def test_broken_roster_is_one_clear_error_and_db_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite"
    sample_csv = Path(__file__).parents[2] / "samples" / "dayawan-2018-roster.csv"
    assert run("--db", str(db), "roster", "import", str(sample_csv)).returncode == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,name,short_name,code\nchannel,甲局,甲,N12\n", encoding="utf-8")
    result = run("--db", str(db), "roster", "import", str(bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "bad.csv" in result.stderr and "row 2" in result.stderr and "code" in result.stderr
    with Store(db) as s:
        assert len(s.sites()) == 36


def test_rounds_new_and_from(tmp_path: Path) -> None:
    db = str(tmp_path / "x.sqlite")
    run("--db", db, "sample")
    created = run("--db", db, "rounds", "new", "2018Q3", "--title", "第三季度", "--from", "2018Q2")
    assert created.returncode == 0, created.stderr
    assert "36 sites" in created.stdout
    dup = run("--db", db, "rounds", "new", "2018Q3")
    assert dup.returncode == 1 and "already exists" in dup.stderr and "Traceback" not in dup.stderr
    missing = run("--db", db, "rounds", "new", "2018Q4", "--from", "1999Q9")
    assert missing.returncode == 1 and 'No round "1999Q9"' in missing.stderr


def test_export_txt_and_refuse_overwrite(tmp_path: Path) -> None:
    db = str(tmp_path / "x.sqlite")
    run("--db", db, "sample")
    out = tmp_path / "c.txt"
    ok = run("--db", db, "export", "2018Q1", "-o", str(out))
    assert ok.returncode == 0, ok.stderr
    assert "惠灣管辦函〔2018〕33號" in out.read_text(encoding="utf-8")
    refused = run("--db", db, "export", "2018Q1", "-o", str(out))
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert run("--db", db, "export", "2018Q1", "-o", str(out), "--force").returncode == 0
    with Store(Path(db)) as s:
        assert len(s.exports()) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "NOPE", "-o", "{tmp}/x.txt"], 'No round "NOPE"'),
        (["export", "2018Q1", "-o", "{tmp}/no/such/folder/x.txt"], "does not exist"),
        (["--lang", "fr", "rounds", "list"], None),
    ],
)
def test_errors_are_one_line_without_traceback(
    tmp_path: Path, args: list[str], message: str | None
) -> None:
    db = str(tmp_path / "x.sqlite")
    run("--db", db, "sample")
    result = run("--db", db, *[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert "Traceback" not in result.stderr
    if message:
        assert result.returncode == 1
        assert message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_garbage_database_is_reported(tmp_path: Path) -> None:
    db = tmp_path / "garbage.sqlite"
    db.write_bytes(b"\x00garbage" * 1000)
    result = run("--db", str(db), "rounds", "list")
    assert result.returncode == 1
    assert "garbage.sqlite is not a usable inspect-tui database" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_error_exits_2() -> None:
    assert run("rounds", "new").returncode == 2
