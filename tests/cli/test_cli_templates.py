"""`templates list|show|check`, `checklist check` and `rounds new --template --checklist`:
an office chooses its circular's shape and its checklist from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from core.test_checklist_office import SIMPLIFIED_ONLY
from inspect_tui.circular.template import _bundled_text, office_template_dir
from inspect_tui.cli import cli
from inspect_tui.sample import load_sample
from inspect_tui.store import Store

# An office's own template written in Simplified only: a Traditional round is refused.
SIMPLIFIED_TEMPLATE = """\
[template]
name = "simple"
title = "简体模板"
scripts = ["zh-Hans"]

[document]
title = "关于{{ period.label }}的通报"

[[body]]
type = "paragraph"
text = "共{{ total }}个。"
"""


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "office.sqlite"
    with Store(path) as store:
        load_sample(store)
    return path


def own_template(db: Path, name: str, text: str) -> Path:
    folder = office_template_dir(db)
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- templates list / show / check ---------------------------------------------------------
def test_list_names_title_and_origin(db: Path) -> None:
    result = run(db, "templates", "list")
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [r[0] for r in rows] == ["city-monthly-census", "district-quarterly", "short-form"]
    assert {r[2] for r in rows} == {"bundled"}
    assert rows[2][1] == "简版抽查通报（不分节，一个附件）"
    # the scripts each has texts for: a Traditional round cannot use the Simplified-only ones
    assert {r[3] for r in rows} == {"zh-Hans,zh-Hant"}  # all three in both scripts


def test_an_office_template_overrides_the_bundled_one_in_the_list(db: Path) -> None:
    text = _bundled_text("short-form").replace(
        'title = "简版抽查通报（不分节，一个附件）"', 'title = "本办简版通报"'
    )
    path = own_template(db, "short-form", text)
    own_template(db, "mine", text.replace('name = "short-form"', 'name = "mine"'))
    rows = [line.split("\t") for line in run(db, "templates", "list").stdout.splitlines()]
    by_name = {r[0]: r for r in rows}
    assert by_name["short-form"][1:] == ["本办简版通报", f"office {path}", "zh-Hans,zh-Hant"]
    assert by_name["mine"][2].startswith("office ")
    assert by_name["district-quarterly"][2] == "bundled"


def test_show_describes_blocks_and_attachments(db: Path) -> None:
    result = run(db, "templates", "show", "city-monthly-census")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "heading numbered 一、: 总体情况" in out
    assert "only when problems > 0:" in out
    assert "attachments: none" in out
    short = run(db, "templates", "show", "short-form").stdout
    assert "1. table problems: {{ period.label }}抽查存在问题的网站名单" in short


def test_show_source_prints_the_file(db: Path) -> None:
    result = run(db, "templates", "show", "short-form", "--source")
    assert result.stdout == _bundled_text("short-form")


def test_show_unknown_name_is_one_line(db: Path) -> None:
    result = run(db, "templates", "show", "nope")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "no template of that name; known: city-monthly-census" in result.stderr


def test_check_a_good_file(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "good.toml"
    path.write_text(_bundled_text("district-quarterly"), encoding="utf-8")
    result = run(db, "templates", "check", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("district-quarterly: ")
    assert result.stdout.splitlines()[-1] == f"{path}: OK"


BROKEN_TEMPLATES = [
    pytest.param('[template]\nname = "x', "not valid TOML", id="toml-syntax"),
    pytest.param(
        lambda t: t.replace('type = "paragraph"', 'type = "paragraf"', 1),
        'unknown block type "paragraf"',
        id="block-type",
    ),
    pytest.param(
        lambda t: t.replace('kind = "problems"', 'kind = "problem"'),
        "problem",
        id="table-kind",
    ),
    pytest.param(
        lambda t: t.replace("{{ meta.requirements }}", "{{ meta.requirements }"),
        "Jinja",
        id="jinja-syntax",
    ),
    pytest.param(
        lambda t: t.replace("{{ sample }}", "{{ sampel }}", 1),
        "sampel",
        id="undefined-variable",
    ),
]


@pytest.mark.parametrize(("broken", "words"), BROKEN_TEMPLATES)
def test_check_exits_1_with_one_line_per_broken_template(
    tmp_path: Path, db: Path, broken: object, words: str
) -> None:
    source = _bundled_text("short-form")
    text = broken(source) if callable(broken) else str(broken)
    assert text != source
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    result = run(db, "templates", "check", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    line = result.stderr
    assert line.count("\n") == 1 and line.startswith(f"inspect-tui: {path}, line ")
    assert words.lower() in line.lower()
    assert "Traceback" not in result.output


# -- checklist check -----------------------------------------------------------------------
def test_checklist_check_prints_the_categories(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "county.toml"
    path.write_text(SIMPLIFIED_ONLY, encoding="utf-8")
    result = run(db, "checklist", "check", str(path))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("county-office-2026 v1: 县政府网站季度检查 (zh-Hans; 2 categories")
    assert "column_stale" in lines[1] and "summary_only" in lines[2]


def test_checklist_check_broken_is_one_line(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "county.toml"
    path.write_text(SIMPLIFIED_ONLY.replace("version = 1", 'version = "1"'), encoding="utf-8")
    result = run(db, "checklist", "check", str(path))
    assert result.exit_code == 1
    assert result.stderr == f'inspect-tui: {path}: version: must be a positive integer; got "1"\n'


# -- rounds new --template / --checklist ---------------------------------------------------
def test_rounds_new_with_a_bundled_template(db: Path) -> None:
    result = run(db, "rounds", "new", "2026-04", "--template", "city-monthly-census")
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        assert store.round("2026-04").meta.template == "city-monthly-census"


def test_rounds_new_with_a_template_file_keeps_its_absolute_path(
    tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mine.toml").write_text(_bundled_text("short-form"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run(db, "rounds", "new", "2026Q1", "--template", "mine.toml").exit_code == 0
    with Store(db) as store:
        assert store.round("2026Q1").meta.template == str(tmp_path / "mine.toml")


def test_rounds_new_with_an_office_template_keeps_its_name(db: Path) -> None:
    own_template(db, "mine", _bundled_text("short-form").replace("short-form", "mine"))
    assert run(db, "rounds", "new", "2026Q1", "--template", "mine").exit_code == 0
    with Store(db) as store:
        assert store.round("2026Q1").meta.template == "mine"


def test_rounds_new_from_a_round_changes_only_the_template(db: Path) -> None:
    args = ("rounds", "new", "2018Q3", "--from", "2018Q2", "--template")
    result = run(db, *args, "district-quarterly")
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        meta = store.round("2018Q3").meta
        assert meta.template == "district-quarterly" != store.round("2018Q2").meta.template
        assert meta.issuer == store.round("2018Q2").meta.issuer  # the rest carried over
    # the script comes from the round carried over: 2018Q2 is in Traditional
    new_from_q2 = ("rounds", "new", "2018Q4", "--from", "2018Q2", "--template")
    own_template(db, "simple", SIMPLIFIED_TEMPLATE)
    refused = run(db, *new_from_q2, "simple")
    assert refused.exit_code == 1 and "the round is in zh-Hant" in refused.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--template", "nope"], "no template of that name"),
        (["--template", "simple", "--script", "zh-Hant"], "written for zh-Hans only"),
    ],
)
def test_rounds_new_refuses_a_template_it_cannot_use(db: Path, args: list[str], words: str) -> None:
    own_template(db, "simple", SIMPLIFIED_TEMPLATE)
    result = run(db, "rounds", "new", "2026Q1", *args)
    assert result.exit_code == 1
    assert words in result.stderr and result.stderr.count("\n") == 1
    with Store(db) as store:
        assert not store.has_round("2026Q1")


def test_rounds_new_with_an_office_checklist(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "county.toml"
    path.write_text(SIMPLIFIED_ONLY, encoding="utf-8")
    result = run(db, "rounds", "new", "2026Q1", "--checklist", str(path))
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        assert store.round_checklist("2026Q1").id == "county-office-2026"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--script", "zh-Hant"], "labels for zh-Hans only; the round is in zh-Hant"),
        (["--from", "2018Q2"], "keeps 2018Q2's checklist"),
    ],
)
def test_rounds_new_refuses_a_checklist_it_cannot_use(
    tmp_path: Path, db: Path, args: list[str], words: str
) -> None:
    path = tmp_path / "county.toml"
    path.write_text(SIMPLIFIED_ONLY, encoding="utf-8")
    result = run(db, "rounds", "new", "2026Q1", "--checklist", str(path), *args)
    assert result.exit_code == 1
    assert words in result.stderr and result.stderr.count("\n") == 1
    with Store(db) as store:
        assert not store.has_round("2026Q1")


@pytest.mark.parametrize(
    ("key", "warned"), [("2026-04", False), ("2026H1", False), ("spring", True)]
)
def test_rounds_new_warns_only_for_a_key_of_no_period(db: Path, key: str, warned: bool) -> None:
    result = run(db, "rounds", "new", key)
    assert result.exit_code == 0, result.output
    assert ("warning:" in result.stderr) is warned
