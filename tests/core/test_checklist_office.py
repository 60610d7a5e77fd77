"""An office's own checklist (issue 13 item 5): declared scripts only, optional tables,
bodies without {units}, and one-line errors naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspect_tui import checklist
from inspect_tui.checklist import ChecklistError, check_checklist
from inspect_tui.model import Finding, Script

SIMPLIFIED_ONLY = """\
id = "county-office-2026"
version = 1
scripts = ["zh-Hans"]

[title]
zh-Hans = "县政府网站季度检查"

[format]
element_quote.zh-Hans = "“{}”"
element_separator.zh-Hans = "、"
unit_separator.zh-Hans = "、"

[[elements]]
id = "hours"
core = true
zh-Hans = "办理时间"

[[categories]]
id = "column_stale"
kind = "count"
veto = "count>=10"
age = { zh-Hans = "1年" }
label = { zh-Hans = "栏目长期未更新" }
body = { zh-Hans = "部分网站栏目长期未更新，涉及：{units}。" }
item = { zh-Hans = "发现{count}个栏目超过{age}未更新" }

[[categories]]
id = "summary_only"
kind = "flag"
veto = "never"
names_units = false
label = { zh-Hans = "总体问题" }
body = { zh-Hans = "本季度抽查中总体存在信息更新不及时的问题。" }
item = { zh-Hans = "信息更新不及时" }
"""


def write(tmp_path: Path, text: str, name: str = "office.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_simplified_only_checklist_passes(tmp_path: Path) -> None:
    cl = check_checklist(write(tmp_path, SIMPLIFIED_ONLY))
    assert [c.id for c in cl.categories] == ["column_stale", "summary_only"]
    assert cl.scripts == ("zh-Hans",)
    assert cl.supports(Script.HANS) and not cl.supports(Script.HANT)
    assert cl.qualifiers == {} and cl.scopes == {}
    assert not cl.category("summary_only").names_units
    stale = Finding("s", "column_stale", count=3)
    assert cl.problem_sentence(stale, Script.HANS) == "发现3个栏目超过1年未更新"
    # An undeclared script reads the declared one's text instead of failing.
    assert cl.category("column_stale").label(Script.HANT) == "栏目长期未更新"
    assert cl.element_names(Script.HANT) == ["办理时间"]


def test_bundled_checklist_still_declares_both_scripts() -> None:
    cl = checklist.load_default()
    assert cl.scripts == ("zh-Hans", "zh-Hant")
    assert all(c.names_units for c in cl.categories)


BROKEN = [
    pytest.param(
        'label = { zh-Hans = "栏目长期未更新" }',
        'label = { zh-Hant = "欄目長期未更新" }',
        "categories[0] (column_stale).label.zh-Hans: missing or empty",
        id="missing-label-in-declared-script",
    ),
    pytest.param(
        'veto = "count>=10"',
        'veto = "count>=10"\nvetoo = "never"',
        "categories[0] (column_stale).vetoo: unknown key; expected one of id, kind, veto",
        id="unknown-key",
    ),
    pytest.param(
        "发现{count}个栏目",
        "发现{number}个栏目",
        "categories[0] (column_stale).item.zh-Hans: unknown placeholder {number}; allowed:",
        id="bad-placeholder",
    ),
    pytest.param(
        'id = "summary_only"',
        'id = "column_stale"',
        'categories[1].id: duplicate id "column_stale"',
        id="duplicate-category-id",
    ),
    pytest.param(
        "version = 1",
        'version = "1"',
        'version: must be a positive integer; got "1"',
        id="wrong-type",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), BROKEN)
def test_broken_checklists_give_one_clear_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in SIMPLIFIED_ONLY
    path = write(tmp_path, SIMPLIFIED_ONLY.replace(old, new, 1))
    with pytest.raises(ChecklistError) as info:
        check_checklist(path)
    text = str(info.value)
    assert text.startswith(f"{path}: ")
    assert message in text
    assert "\n" not in text


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('scripts = ["zh-Hans"]', 'scripts = ["zh-TW"]', "scripts: must be a non-empty array"),
        ('scripts = ["zh-Hans"]', "scripts = []", "scripts: must be a non-empty array"),
        (
            "names_units = false\n",
            "",
            "categories[1] (summary_only).body.zh-Hans: must contain {units}",
        ),
        (
            "names_units = false",
            'names_units = "no"',
            'names_units: must be true or false; got "no"',
        ),
        ("core = true", "core = 1", "elements[0].core: must be true or false; got 1"),
        ("[title]", '[titel]\nzh-Hans = "x"\n[title]', "titel: unknown key"),
        (
            'label = { zh-Hans = "总体问题" }',
            'label = { zh-Hans = "总体问题", zh-TW = "總體" }',
            "label.zh-TW: unknown key",
        ),
        (
            'item = { zh-Hans = "信息更新不及时" }',
            'item = { zh-Hans = "{qualifier}信息更新不及时" }',
            "qualifiers: missing; needed because categories[1] (summary_only).item uses {qualifier}",
        ),
        (
            'unit_separator.zh-Hans = "、"',
            'unit_separator.zh-Hans = "、"\nunit_separator.zh-Hant = "，"',
            None,
        ),
        ('id = "hours"', 'id = "hours"\nzh-Hant = "{0}"', None),
    ],
)
def test_more_errors_and_variations(
    tmp_path: Path, old: str, new: str, message: str | None
) -> None:
    assert old in SIMPLIFIED_ONLY
    path = write(tmp_path, SIMPLIFIED_ONLY.replace(old, new, 1))
    if message is None:
        check_checklist(path)
        return
    with pytest.raises(ChecklistError) as info:
        check_checklist(path)
    assert str(info.value).startswith(f"{path}: ") and message in str(info.value)
    assert "\n" not in str(info.value)


def test_undeclared_script_text_is_still_checked(tmp_path: Path) -> None:
    text = SIMPLIFIED_ONLY.replace(
        'item = { zh-Hans = "信息更新不及时" }',
        'item = { zh-Hans = "信息更新不及时", zh-Hant = "{count:>40000000}" }',
    )
    with pytest.raises(ChecklistError, match=r"item\.zh-Hant: placeholder"):
        check_checklist(write(tmp_path, text))


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(ChecklistError, match=r"missing\.toml: cannot read"):
        check_checklist(tmp_path / "missing.toml")
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes(SIMPLIFIED_ONLY.encode("gb18030"))
    with pytest.raises(ChecklistError, match=r"gbk\.toml: not UTF-8"):
        check_checklist(gbk)
    with pytest.raises(ChecklistError, match="not valid TOML"):
        check_checklist(write(tmp_path, "id = [\n", "bad.toml"))


def test_describe_lists_the_categories(tmp_path: Path) -> None:
    lines = check_checklist(write(tmp_path, SIMPLIFIED_ONLY)).describe()
    assert lines[0].startswith("county-office-2026 v1: 县政府网站季度检查 (zh-Hans; 2 categories")
    assert lines[1].split() == ["column_stale", "count", "veto", "count>=10", "栏目长期未更新"]
    assert "(names no units)" in lines[2]
    bundled = checklist.load_default()
    assert len(bundled.describe("zh-Hant")) == 1 + len(bundled.categories)


def test_hostile_unknown_key_is_shown_escaped_and_short(tmp_path: Path) -> None:
    key = '"\\u001b]0;pwned\\u0007' + "x" * 500 + '"'
    with pytest.raises(ChecklistError) as info:
        check_checklist(
            write(tmp_path, SIMPLIFIED_ONLY.replace("version = 1", f"{key} = 1\nversion = 1"))
        )
    text = str(info.value)
    assert "\x1b" not in text and "\x07" not in text and "\\u001b" in text
    assert "unknown key" in text and len(text) < 300 + len(str(tmp_path))
