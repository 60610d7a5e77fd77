"""benchmarks/ keeps working: the synthetic data at a tiny size, and every figure at 36 sites.

No timing assertions: how fast this machine is is not under test here, only that the benchmark
code runs and prints what docs/performance.md quotes.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from inspect_tui import checklist
from inspect_tui.model import SiteKind, code_is_valid
from inspect_tui.roster import parse_roster
from inspect_tui.store import Store

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
FIGURE_LINE = re.compile(r"^(\S+)\s+(-?[0-9.]+|nan)\s+(s|ms|us|MB|KB|x|rows)$")


def load(name: str, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    return module


def test_synthetic_roster_is_deterministic_and_imports(monkeypatch: pytest.MonkeyPatch) -> None:
    synth = load("synth", monkeypatch)
    sites = synth.make_sites(120)
    assert sites == synth.make_sites(120)
    assert sites != synth.make_sites(120, seed=7)
    assert [s.seq for s in sites] == list(range(1, 121))
    assert len({s.name for s in sites}) == 120
    codes = [s.code for s in sites if s.code]
    assert len(set(codes)) == len(codes) and all(code_is_valid(c) for c in codes)
    assert {SiteKind.PORTAL, SiteKind.DEPT, SiteKind.CHANNEL} <= {s.kind for s in sites}

    parsed = parse_roster(synth.roster_csv(120), "synthetic.csv")
    assert parsed.sites == sites

    cl = checklist.load_default()
    findings = synth.make_findings(sites, cl)
    basic = {c.id for c in cl.categories if c.group == "basic"}
    assert findings and {f.category for f in findings} <= basic
    flagged = len({f.site_uid for f in findings})
    assert 0.2 * len(sites) < flagged < 0.6 * len(sites)
    assert Counter(f.category for f in findings)["guide_inaccurate"] > 0


def test_synthetic_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    synth = load("synth", monkeypatch)
    path = synth.build_db(tmp_path / "round.sqlite", 36)
    with Store(path, actor="tester") as store:
        data = store.round_data(synth.ROUND_KEY)
        assert len(data.sites) == 36
        assert data.findings and data.overrides


def test_runner_prints_every_figure(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = load("run", monkeypatch)
    assert run.main(["--smoke", "--workdir", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    figures = {}
    for line in lines:
        if line.startswith("#"):
            continue
        match = FIGURE_LINE.match(line)
        assert match, f"not a figure line: {line!r}"
        figures[match[1]] = float(match[2])
    missing = [name for name in run.figure_names(run.PLANS["smoke"]) if name not in figures]
    assert not missing, f"figures not printed: {missing}"
    assert any(line.startswith("# target") for line in lines)
