from __future__ import annotations

import tomllib

import pytest

from inspect_tui import checklist
from inspect_tui.checklist import ChecklistError, VetoRule
from inspect_tui.model import Finding, Qualifier, Scope, Script, Verdict, VerdictOverride

SOURCE = checklist.load_default().source


def test_default_checklist_order_starts_with_the_seeds_five() -> None:
    cl = checklist.load_default()
    ids = [c.id for c in cl.categories]
    assert ids[:5] == ["column_stale", "guide_missing", "guide_inaccurate", "typo", "rectify_late"]
    assert {
        "site_unreachable",
        "home_stale",
        "severe_error",
        "reply_overdue",
        "blank_column",
    } <= set(ids)
    national = [c for c in cl.categories if c.group == "national"]
    # Single-veto items come before deduction items in the national group.
    vetoes = [c.veto.threshold is not None for c in national]
    assert vetoes == sorted(vetoes, reverse=True)


def _broken(mutate: str, replacement: str) -> str:
    assert mutate in SOURCE
    return SOURCE.replace(mutate, replacement, 1)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'veto = "count>=10"',
            'veto = "sometimes"',
            'categories[0] (column_stale).veto: expected never, always or count>=K; got "sometimes"',
        ),
        ('id = "column_stale"', 'id = "Column Stale"', "categories[0].id"),
        (
            'kind = "count"',
            'kind = "number"',
            "categories[0] (column_stale).kind: must be flag, count or elements",
        ),
        ('id = "guide_missing"', 'id = "column_stale"', 'duplicate id "column_stale"'),
        (
            "发现{count}个错别字",
            "发现{cnt}个错别字",
            "categories[3] (typo).item.zh-Hans: unknown placeholder {cnt}",
        ),
        (
            "中发现错别字的单位有：{units}。",
            "中发现错别字的单位。",
            "categories[3] (typo).body.zh-Hans: must contain {units}",
        ),
        (
            'label = { zh-Hans = "错别字", zh-Hant = "錯別字" }',
            'label = { zh-Hans = "错别字" }',
            "categories[3] (typo).label.zh-Hant: missing or empty",
        ),
        (
            'veto = "never"\ngroup = "basic"\nlabel = { zh-Hans = "错别字"',
            'veto = "count>=3"\ngroup = "basic"\nlabel = { zh-Hans = "错别字"',
            None,
        ),
        (
            'element_quote.zh-Hans = "“{}”"',
            'element_quote.zh-Hans = "“”"',
            "format.element_quote.zh-Hans",
        ),
        ("version = 1", "version = 0", "version: must be a positive integer"),
    ],
)
def test_validation_errors_name_the_key(old: str, new: str, message: str | None) -> None:
    text = _broken(old, new)
    if message is None:  # a valid variation: must load
        checklist.parse(text, "x.toml")
        return
    with pytest.raises(ChecklistError) as info:
        checklist.parse(text, "x.toml")
    assert str(info.value).startswith("x.toml: ")
    assert message in str(info.value)


def test_not_toml_is_a_clear_error() -> None:
    with pytest.raises(ChecklistError, match=r"bad\.toml: not valid TOML"):
        checklist.parse("id = [", "bad.toml")


def test_flag_category_cannot_have_a_count_threshold() -> None:
    text = _broken(
        'id = "site_unreachable"\nkind = "flag"\nveto = "always"',
        'id = "site_unreachable"\nkind = "flag"\nveto = "count>=2"',
    )
    with pytest.raises(ChecklistError, match="count>=K needs kind = count"):
        checklist.parse(text, "x.toml")


def test_every_category_has_both_scripts() -> None:
    data = tomllib.loads(SOURCE)
    for cat in data["categories"]:
        for key in ("label", "body", "item"):
            assert set(cat[key]) == {"zh-Hans", "zh-Hant"}, (cat["id"], key)


@pytest.mark.parametrize(
    ("rule", "count", "fails"),
    [
        ("never", 100, False),
        ("always", None, True),
        ("count>=10", 9, False),
        ("count>=10", 10, True),
        ("count>=5", None, False),
    ],
)
def test_veto_rules(rule: str, count: int | None, fails: bool) -> None:
    assert VetoRule.parse(rule).triggered_by(Finding("x", "c", count=count)) is fails


def test_verdict_threshold_always_and_override() -> None:
    cl = checklist.load_default()
    nine_stale = Finding("s", "column_stale", count=9)
    assert cl.computed_verdict([nine_stale]) is Verdict.PASS
    assert cl.computed_verdict([nine_stale.with_changes(count=10)]) is Verdict.FAIL
    assert cl.computed_verdict([Finding("s", "site_unreachable")]) is Verdict.FAIL
    assert cl.computed_verdict([Finding("s", "typo", count=50)]) is Verdict.PASS
    lax = VerdictOverride("s", Verdict.PASS, "restored within the day")
    assert cl.verdict([Finding("s", "site_unreachable")], lax) is Verdict.PASS
    strict = VerdictOverride("s", Verdict.FAIL, "office rule")
    assert cl.verdict([], strict) is Verdict.FAIL


def test_problem_sentences_in_both_scripts() -> None:
    cl = checklist.load_default()
    f = Finding(
        "s",
        "guide_inaccurate",
        elements=("办理地点", "办理时间"),
        qualifier=Qualifier.MOST,
        scope=Scope.BOTH,
    )
    assert (
        cl.problem_sentence(f, Script.HANS)
        == "法人事项和个人事项中多数办事指南要素“办理地点”、“办理时间”不准确"
    )
    stale = Finding("s", "column_stale", count=2)
    assert cl.problem_sentence(stale, Script.HANT) == "發現2個應更新欄目超過1年未更新"
    assert (
        cl.problem_sentence(stale.with_changes(age="6个月"), Script.HANS)
        == "发现2个应更新栏目超过6个月未更新"
    )
    assert cl.problem_sentence(Finding("s", "severe_error"), Script.HANS) == "出现严重错误"
    assert (
        cl.problem_sentence(Finding("s", "severe_error", detail="领导姓名错误"), Script.HANS)
        == "出现严重错误：领导姓名错误"
    )
    assert cl.problem_sentence(stale.with_changes(wording="自定义"), Script.HANS) == "自定义"


def test_address_folds_to_location() -> None:
    cl = checklist.load_default()
    assert cl.fold_element("办理地址", Script.HANS) == "办理地点"
    assert cl.fold_element("“辦理地址”", Script.HANT) == "辦理地點"
    assert cl.fold_element("办理条件", Script.HANS) == "办理条件"


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('element_quote.zh-Hans = "“{}”"', 'element_quote.zh-Hans = "“{}{1}”"', "element_quote"),
        ('element_quote.zh-Hans = "“{}”"', 'element_quote.zh-Hans = "“{:>9999}”"', "element_quote"),
        ('element_quote.zh-Hans = "“{}”"', 'element_quote.zh-Hans = "“{0}”"', "element_quote"),
        ("发现{count}个错别字", "发现{count:>40000000}个错别字", "item.zh-Hans"),
        ("发现{count}个错别字", "发现{count!r}个错别字", "item.zh-Hans"),
        ("发现{count}个错别字", "发现{}{1}个错别字", "item.zh-Hans"),
        ("发现{count}个错别字", "发现{count.real}个错别字", "item.zh-Hans"),
        ("发现{count}个错别字", "发现{count[0]}个错别字", "item.zh-Hans"),
        ("发现{count}个错别字", "发现{count:{age}}个错别字", "item.zh-Hans"),
    ],
)
def test_item08_format_strings_refused_at_load(old: str, new: str, where: str) -> None:
    """A checklist carried in a bundle could make every export fail or write 80 MB."""
    with pytest.raises(ChecklistError) as info:
        checklist.parse(_broken(old, new), "bundle.json: checklist")
    text = str(info.value)
    assert text.startswith("bundle.json: checklist: ") and where in text
    assert "\n" not in text


def test_item08_the_default_checklist_formats_every_category() -> None:
    cl = checklist.load_default()
    for cat in cl.categories:
        finding = Finding("x", cat.id, count=3, elements=("办理时限",), detail="d")
        assert len(cl.problem_sentence(finding, Script.HANS)) < 500


def test_item13_deep_or_huge_toml_is_a_checklist_error() -> None:
    for text in ("x = " + "[" * 5000 + "]" * 5000, "x = " + "9" * 5000):
        with pytest.raises(ChecklistError, match="not valid TOML"):
            checklist.parse(text, "c.toml")


def test_control_characters_in_labels_refused() -> None:
    broken = _broken("发现{count}个错别字", "发现{count}个\\u001b[2J错别字")
    with pytest.raises(ChecklistError, match="control character U\\+001B"):
        checklist.parse(broken, "c.toml")
