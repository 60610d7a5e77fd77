"""The bundled templates' sample rounds, exported: golden text whose figures the test
recomputes from the records (roster CSV, findings, verdicts), never copied from the output."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document

from inspect_tui.circular.compose import compose
from inspect_tui.circular.docx import render_docx, title_lines
from inspect_tui.circular.text import render_text
from inspect_tui.model import RoundData, Verdict
from inspect_tui.sample import TEMPLATE_SAMPLE_FILES, load_sample, read_sample
from inspect_tui.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(tmp_path_factory.mktemp("tpl") / "x.db") as s:
        assert load_sample(s, TEMPLATE_SAMPLE_FILES) == ["2026-02", "2026-03", "2026Q1"]
        yield s


def verdicts(store: Store, key: str) -> list[Verdict]:
    data = store.round_data(key)
    checklist = store.round_checklist(key)
    return [
        checklist.verdict(data.findings_for(s.uid), data.override_for(s.uid)) for s in data.sites
    ]


def problem_sites(data: RoundData) -> set[str]:
    return {f.site_uid for f in data.findings}


def body(text: str) -> list[str]:
    return [line.strip("\u3000") for line in text.splitlines() if line.strip()]


def test_city_monthly_census(store: Store) -> None:
    now, before = store.round_data("2026-03"), store.round_data("2026-02")
    assert now.round.meta.template == "city-monthly-census"
    text = render_text(compose(now, store.round_checklist("2026-03"), previous=before))
    levels = Counter(s.level for s in now.sites)
    failed = verdicts(store, "2026-03").count(Verdict.FAIL)
    failed_before = verdicts(store, "2026-02").count(Verdict.FAIL)
    total = len(now.sites)
    carried = {f.site_uid for f in now.findings if f.carried_from}
    # the derived 整改不到位 counts as one more problem on each site that did not rectify
    problems = len(now.findings) + len(carried)
    assert body(text)[:10] == [
        "关于2026年3月全市政府网站普查情况的通报",
        "示政办函〔2026〕15号",
        "各县（区）人民政府，市政府各部门：",
        "根据《示例省政府网站监管工作方案》要求，市政务公开办于3月1日至3月20日对全市政府网站进行了普查，现将有关情况通报如下：",
        "一、总体情况",
        f"本月共普查政府网站{total}家，与上月持平。其中：市直部门网站{levels['市直部门']}家，"
        f"县区门户网站{levels['县区门户']}家，县区部门网站{levels['县区部门']}家。"
        f"普查发现不合格网站{failed}家，不合格率为{100 * failed / total:.2f}%"
        f"（上月{failed_before}家，{100 * failed_before / total:.2f}%）。",
        "二、存在的主要问题",
        f"本月普查发现{len(problem_sites(now))}家网站存在问题，共{problems}个："
        "2家网站存在应更新栏目长期未更新问题；2家网站存在错别字问题；1家网站存在整改不到位不及时问题；"
        "1家网站存在首页不更新问题；1家网站存在空白栏目问题。",
        f"上月普查发现的问题中，仍有{len(carried)}家网站未按期整改到位。",
        "三、工作要求",
    ]
    assert "附件" not in text
    assert (total, failed, failed_before) == (24, 2, 1)  # the sample is what its README says


def test_city_monthly_census_without_previous_says_no_change(store: Store) -> None:
    text = render_text(compose(store.round_data("2026-02"), store.round_checklist("2026-02")))
    assert "上月" not in body(text)[5]


def test_short_form(store: Store) -> None:
    data = store.round_data("2026Q1")
    # the roster the quarter's sample was drawn from, counted from its file
    roster_rows = read_sample("shortform-roster.csv").decode("utf-8-sig").splitlines()
    population = len([r for r in csv.reader(roster_rows[1:]) if r])
    assert population == 30
    text = render_text(compose(data, store.round_checklist("2026Q1"), population=population))
    sample = len(data.sites)
    assert Verdict.FAIL not in verdicts(store, "2026Q1")
    with_problems = len(problem_sites(data))
    lines = body(text)
    assert lines[:7] == [
        "关于2026年第一季度政府网站抽查情况的通报",
        "示部办函〔2026〕3号",
        "部机关各司局，各直属单位：",
        f"根据《政府网站发展指引》要求，部办公厅对部属各单位网站开展了2026年第一季度抽查。"
        f"部属各单位网站共{population}个，本次随机抽查{sample}个，"
        f"抽查比例为{round(100 * sample / population)}%。"  # 12 of 30: 40%
        "检查内容包括网站可用性、信息更新、互动回应和办事服务等方面，数据截至2026年3月20日。",
        f"抽查结果显示，被抽查的{sample}个网站均合格。"
        f"{with_problems}个网站仍存在应更新栏目长期未更新、错别字等问题（名单见附件）。",
        "存在问题的单位要在一个月内完成整改，并将整改情况报部办公厅。",
        "特此通报。",
    ]
    assert "附件：2026年第一季度抽查存在问题的网站名单" in lines
    assert text.count("\f") == 1  # one attachment
    assert "一、" not in text  # no section headings


@pytest.mark.parametrize("key", ["2026-03", "2026Q1", "2018Q1"])
def test_each_form_renders_to_docx(store: Store, key: str, tmp_path: Path) -> None:
    if key == "2018Q1":
        load_sample(store)
    circular = compose(store.round_data(key), store.round_checklist(key))
    data = render_docx(circular)
    assert data == render_docx(circular)  # deterministic
    paragraphs = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert "".join(paragraphs).count(circular.title.replace("\n", "")[:10]) >= 1
    for p in circular.body:
        assert p.full_text in paragraphs


def test_a_title_that_nearly_fills_its_line_is_broken() -> None:
    """19.5 字 by Times New Roman's digits: wraps in LibreOffice's substitute font."""
    assert title_lines("关于2026年3月全市政府网站普查情况的通报") == [
        "关于2026年3月全市",
        "政府网站普查情况的通报",
    ]
    assert title_lines("关于政府网站抽查情况的通报") == ["关于政府网站抽查情况的通报"]
