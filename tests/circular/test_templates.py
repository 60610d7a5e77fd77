"""Circular templates: loading validates everything, one message naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspect_tui.circular.template import (
    TemplateError,
    bundled_names,
    check_template,
    list_templates,
    load_template,
    office_template_dir,
    parse_template,
)

GOOD = """\
[template]
name = "mine"
title = "我的通报"
scripts = ["zh-Hans"]
decimals = 2

[document]
title = "关于{{ period.label }}检查情况的通报"

[[body]]
type = "paragraph"
text = "共检查{{ total }}个网站，不合格{{ failed }}个，不合格率{{ fail_rate }}。"

[[body]]
type = "when"
condition = "failed > 0"

[[body.blocks]]
type = "list"
over = "failing"
numbering = "（一）"
text = "{{ item.short_name }}：{{ item.reason }}"

[[attachments]]
kind = "verdicts"
title = "检查结果"
"""


def write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_good_template_checks(tmp_path: Path) -> None:
    lines = check_template(write(tmp_path, GOOD))
    assert lines[0] == "mine: 我的通报"
    assert "attachments: verdicts" in lines


@pytest.mark.parametrize(
    ("old", "new", "needle", "expected"),
    [
        ("decimals = 2", "decimals = 2\nbroken = = 1", "broken = = 1", "not valid TOML"),
        ('type = "paragraph"', 'type = "table"', 'type = "table"', 'unknown block type "table"'),
        (
            'kind = "verdicts"',
            'kind = "pie_chart"',
            'kind = "pie_chart"',
            'unknown table kind "pie_chart"',
        ),
        (
            'numbering = "（一）"',
            'numbering = "（一）"\ncolour = "red"',
            'colour = "red"',
            'unknown key "colour"',
        ),
        ("{{ total }}", "{{ totl }}", "{{ totl }}", 'unknown variable "totl"'),
        ("{{ fail_rate }}", "{{ meta.nothing }}", "{{ meta.nothing }}", "nothing"),
        ("{{ failed }}个", "{{ failed }个", "{{ failed }个", "Jinja syntax error"),
        (
            'condition = "failed > 0"',
            'condition = "failed >"',
            'condition = "failed >"',
            "Jinja syntax error",
        ),
        (
            'condition = "failed > 0"',
            'condition = "faild > 0"',
            'condition = "faild > 0"',
            'unknown variable "faild"',
        ),
        ("{{ item.reason }}", "{{ item.why }}", "{{ item.why }}", "why"),
        ('scripts = ["zh-Hans"]', 'scripts = ["en"]', 'scripts = ["en"]', "scripts: expected"),
        (
            'numbering = "（一）"',
            'numbering = "(a)"',
            'numbering = "(a)"',
            'unknown numbering "(a)"',
        ),
    ],
)
def test_each_kind_of_error_names_file_and_line(
    tmp_path: Path, old: str, new: str, needle: str, expected: str
) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    path = write(tmp_path, text)
    with pytest.raises(TemplateError) as info:
        check_template(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}, line {line_of(text, needle)}: "), message
    assert expected in message


def test_bundled_templates_load_and_an_office_template_overrides(tmp_path: Path) -> None:
    assert {"district-quarterly", "city-monthly-census", "short-form"} <= set(bundled_names())
    office = office_template_dir(tmp_path / "inspect.db")
    assert office == tmp_path.resolve() / "templates"
    office.mkdir()
    write(
        office,
        GOOD.replace('name = "mine"', 'name = "district-quarterly"'),
        "district-quarterly.toml",
    )
    write(office, GOOD, "mine.toml")
    listed = {t.name: t for t in list_templates([office])}
    assert listed["district-quarterly"].origin == str(office / "district-quarterly.toml")
    assert listed["district-quarterly"].title == "我的通报"
    assert listed["mine"].origin == str(office / "mine.toml")
    assert load_template("district-quarterly", [office]).title == "我的通报"
    assert load_template("district-quarterly").origin == "bundled"


def test_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(TemplateError, match="district-quarterly"):
        load_template("no-such-template")


def test_the_message_catalog_imports_nothing_from_the_circular() -> None:
    import ast

    from inspect_tui import i18n

    tree = ast.parse(Path(i18n.__file__).read_text(encoding="utf-8"))
    modules = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)] + [
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    ]
    assert not [m for m in modules if "circular" in m]


# (the bundled templates are all in both scripts now: an office's own Simplified-only one)
SIMPLIFIED_ONLY = """\
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


def test_a_round_in_a_script_the_template_is_not_written_for_is_refused() -> None:
    from inspect_tui import checklist
    from inspect_tui.circular.compose import compose
    from inspect_tui.model import Round, RoundData, Script, Site, SiteKind

    site = Site(1, SiteKind.DEPT, "某局网站", "某局", code="N000000001")
    data = RoundData(Round("2026-03", "", Script.HANT), (site,), ())
    with pytest.raises(TemplateError, match="written for zh-Hans; round 2026-03 is in zh-Hant"):
        compose(data, checklist.load_default(), parse_template(SIMPLIFIED_ONLY, "simple.toml"))


@pytest.mark.parametrize(
    "expression",
    ["{{ total.__class__.__mro__ }}", "{{ meta.__class__ }}", "{{ ''.format.__globals__ }}"],
)
def test_templates_run_in_a_sandbox(tmp_path: Path, expression: str) -> None:
    """Templates are files offices pass around: no way out to Python's internals."""
    path = write(tmp_path, GOOD.replace("{{ total }}", expression, 1))
    with pytest.raises(TemplateError) as info:
        check_template(path)
    assert str(info.value).startswith(f"{path}, line {line_of(GOOD, '{{ total }}')}: ")
