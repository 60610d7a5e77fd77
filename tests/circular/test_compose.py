from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from inspect_tui import checklist
from inspect_tui.circular.blocks import Role
from inspect_tui.circular.compose import compose, format_rate, top_elements
from inspect_tui.circular.text import render_text
from inspect_tui.circular.wording import chinese_numeral, fill
from inspect_tui.model import (
    Finding,
    Round,
    RoundData,
    RoundMeta,
    Script,
    Site,
    SiteKind,
    Verdict,
    VerdictOverride,
)

CL = checklist.load_default()
SITES = (
    Site(1, SiteKind.PORTAL, "某区人民政府门户网站", "区政府", code="4413900013"),
    Site(2, SiteKind.CHANNEL, "某区民政局", "区民政局", code="N000000002", parent="某区门户网站"),
    Site(3, SiteKind.CHANNEL, "某区财政局", "区财政局", code="N000000003", parent="某区门户网站"),
    Site(
        4,
        SiteKind.PLATFORM,
        "网上办事大厅分厅",
        "区工贸局（网上办事大厅）",
        supervisor="区网办（设在区工贸局）",
        owner="区工贸局",
        parent="某区门户网站",
    ),
)


def data(
    findings: tuple[Finding, ...] = (), overrides: tuple[VerdictOverride, ...] = (), **meta: object
) -> RoundData:
    rnd = Round(key="2026Q3", title="", script=Script.HANS, meta=RoundMeta.from_dict(dict(meta)))
    return RoundData(round=rnd, sites=SITES, findings=findings, overrides=overrides)


def body_texts(d: RoundData) -> list[str]:
    return [p.full_text for p in compose(d, CL).body]


def test_title_and_period_from_key() -> None:
    c = compose(data(), CL)
    assert c.title == "关于2026年第三季度政府网站（频道或平台）抽查情况的通报"
    assert c.attachment_notes[0] == "1. 第三季度政府网站（频道或平台）抽查名单"
    assert [a.label for a in c.attachments] == ["附件1", "附件2", "附件3"]
    # No office and no addressees: nothing of the sample district's wording (issue 13).
    assert c.addressees == ""


def test_counts_by_kind_and_pass_rate() -> None:
    fail = Finding("N000000002", "site_unreachable")
    overall = next(t for t in body_texts(data((fail,))) if t.startswith("抽查政府网站"))
    assert "4个，其中：门户网站1个，网站频道2个，网站平台1个。" in overall
    assert overall.endswith("网站抽查合格率为75%。")


def test_override_changes_rate_and_attachment2() -> None:
    d = data(overrides=(VerdictOverride("N000000003", Verdict.FAIL, "office rule"),))
    c = compose(d, CL)
    assert any("合格率为75%" in p.text for p in c.body)
    verdicts = [row[2][0] for row in c.attachments[1].tables[0].rows]
    assert verdicts == ["合格", "合格", "不合格", "合格"]


def test_problem_paragraphs_units_in_roster_order_without_duplicates() -> None:
    findings = (
        Finding("name:网上办事大厅分厅", "typo", count=1),
        Finding("N000000003", "typo", count=2),
        Finding("N000000002", "typo", count=1),
        Finding("N000000003", "guide_missing", count=2),
    )
    texts = body_texts(data(findings, narratives=[{"text": "存在其他问题。"}]))
    start = texts.index("二、抽查发现的主要问题")
    assert (
        texts[start + 1]
        == "（一）根据抽查结果，政府网站（频道或平台）中出现办事指南要素类别缺失的单位有：区财政局。"
    )
    assert (
        texts[start + 2]
        == "（二）根据抽查结果，政府网站（频道或平台）中发现错别字的单位有：区民政局、区财政局、区工贸局（网上办事大厅）。"
    )
    assert texts[start + 3] == "（三）存在其他问题。"
    assert texts[start + 4] == "三、下一步工作要求"


def test_no_findings_says_so_and_attachment3_is_not_empty() -> None:
    c = compose(data(), CL)
    assert "本次抽查未发现问题。" in [p.text for p in c.body]
    assert c.attachments[2].tables[0].rows[0][3] == ("本次抽查未发现问题",)


def test_attachment3_numbers_problems_in_checklist_order() -> None:
    findings = (
        Finding("N000000002", "typo", count=1),
        Finding("N000000002", "column_stale", count=1),
    )
    (row,) = compose(data(findings), CL).attachments[2].tables[0].rows
    assert row[:3] == (("1",), ("区民政局",), ("某区民政局",))
    assert row[3] == ("1.发现1个应更新栏目超过1年未更新", "2.发现1个错别字")


def test_attachment1_groups_by_parent_and_kind() -> None:
    tables = compose(data(), CL).attachments[0].tables
    assert [t.heading for t in tables] == [
        "门户网站",
        "某区门户网站中的频道",
        "某区门户网站中的平台",
    ]
    assert tables[2].header[2] == "平台所属单位名称"
    assert tables[2].rows[0][2] == ("区工贸局",)
    assert tables[1].rows[1] == (("2",), ("某区财政局",), ("N000000003",))


def test_requirements_items_get_a_lead() -> None:
    c = compose(data(requirements="总体要求。\n（一）加强管理。具体内容。"), CL)
    items = [p for p in c.body if p.role is Role.ITEM]
    assert items[-1].lead == "（一）加强管理。" and items[-1].text == "具体内容。"


def test_top_elements_by_frequency_then_first_seen() -> None:
    fs = [
        Finding("a", "guide_inaccurate", elements=("时间", "地点")),
        Finding("b", "guide_inaccurate", elements=("地点",)),
        Finding("c", "guide_inaccurate", elements=("条件", "地点", "时间")),
        Finding("d", "guide_inaccurate", elements=("条件",)),
    ]
    # 地点 3, 时间 2, 条件 2: 时间 was seen before 条件; output keeps first-seen order.
    assert top_elements(fs, 2) == ["时间", "地点"]


def test_unknown_category_is_kept_not_dropped() -> None:
    c = compose(data((Finding("N000000002", "retired_category", wording="旧类别问题"),)), CL)
    assert c.attachments[2].tables[0].rows[0][3] == ("1.旧类别问题",)


def test_traditional_round_uses_traditional_wording() -> None:
    d = data()
    d = RoundData(round=Round(key="2018Q1", title="", script=Script.HANT), sites=SITES, findings=())
    c = compose(d, CL)
    assert c.title == "關于2018年第一季度政府網站（頻道或平臺）抽查情況的通報"
    assert "抽查總體情況" in render_text(c)


def test_pass_rate_format() -> None:
    assert format_rate(36, 36) == "100%"
    assert format_rate(35, 36) == "97.2%"
    assert format_rate(0, 3) == "0%"
    assert format_rate(1, 3) == "33.3%"
    assert format_rate(0, 0) == "0%"


def test_chinese_numerals() -> None:
    assert [chinese_numeral(n) for n in (1, 9, 10, 11, 20, 21, 99, 100)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十一",
        "九十九",
        "100",
    ]


@given(
    st.text(max_size=200),
    st.dictionaries(st.sampled_from(["units", "n", "x"]), st.text(max_size=20)),
)
def test_fill_never_raises_on_user_text(template: str, values: dict[str, str]) -> None:
    out = fill(template, **values)
    assert isinstance(out, str)


def test_round_data_indexes_keep_the_first_override_and_every_finding() -> None:
    findings = (Finding("a", "typo", count=1), Finding("b", "typo", count=2), Finding("a", "stale"))
    overrides = (
        VerdictOverride("a", Verdict.FAIL, "first"),
        VerdictOverride("a", Verdict.PASS, "second"),
    )
    data = RoundData(Round("2018Q1", "t"), (), findings, overrides)
    assert data.findings_for("a") == [findings[0], findings[2]]
    assert data.findings_for("zzz") == []
    override = data.override_for("a")
    assert override is not None and override.reason == "first"
    assert data.override_for("b") is None
