from __future__ import annotations

import pytest

from inspect_tui.circular.wording import load_wording
from inspect_tui.model import Script
from inspect_tui.periods import PeriodKind, parse_period, period_words


@pytest.mark.parametrize(
    ("key", "kind", "previous_key"),
    [
        ("2017-09", PeriodKind.MONTH, "2017-08"),
        ("2018-01", PeriodKind.MONTH, "2017-12"),
        ("2017Q4", PeriodKind.QUARTER, "2017Q3"),
        ("2018Q1", PeriodKind.QUARTER, "2017Q4"),
        ("2017H2", PeriodKind.HALF, "2017H1"),
        ("2017H1", PeriodKind.HALF, "2016H2"),
        ("2017", PeriodKind.YEAR, "2016"),
        ("2017-09-01..2017-10-15", PeriodKind.RANGE, ""),
        ("2017-10-15..2017-09-01", PeriodKind.ROUND, ""),
        ("2017-13", PeriodKind.ROUND, ""),
        ("spring-check", PeriodKind.ROUND, ""),
    ],
)
def test_key_forms_imply_the_period(key: str, kind: PeriodKind, previous_key: str) -> None:
    p = parse_period(key)
    assert p.kind is kind
    assert p.previous_key == previous_key


@pytest.mark.parametrize(
    ("key", "hans", "hant"),
    [
        ("2017-09", ("2017年9月", "上月"), ("2017年9月", "上月")),
        ("2017Q4", ("2017年第四季度", "上季度"), ("2017年第四季度", "上季度")),
        ("2017H2", ("2017年下半年", "上半年"), ("2017年下半年", "上半年")),
        ("2017H1", ("2017年上半年", "上年下半年"), ("2017年上半年", "上年下半年")),
        ("2017", ("2017年", "上年"), ("2017年", "上年")),
        (
            "2017-09-01..2017-10-15",
            ("2017年9月1日至2017年10月15日", "上一轮"),
            ("2017年9月1日至2017年10月15日", "上一輪"),
        ),
        ("x", ("本轮", "上一轮"), ("本輪", "上一輪")),
    ],
)
def test_period_words_in_both_scripts(
    key: str, hans: tuple[str, str], hant: tuple[str, str]
) -> None:
    for script, (label, previous) in ((Script.HANS, hans), (Script.HANT, hant)):
        words = period_words(parse_period(key), load_wording(script).section("periods"))
        assert (words["label"], words["previous"]) == (label, previous)


def test_only_quarters_say_shang_jidu() -> None:
    for key in ("2017-09", "2017H2", "2017", "2017-09-01..2017-10-15", "x"):
        for script in Script:
            words = period_words(parse_period(key), load_wording(script).section("periods"))
            assert "季度" not in "".join(words.values())


def test_a_category_sentence_may_name_the_previous_period() -> None:
    from inspect_tui import checklist
    from inspect_tui.circular.compose import compose
    from inspect_tui.model import Finding, Round, RoundData, RoundMeta, Site, SiteKind

    site = Site(1, SiteKind.DEPT, "某局网站", "某局", code="N000000001")
    meta = RoundMeta(category_phrases=(("typo", "{previous}以来发现错别字的单位有：{units}。"),))
    for key, word in (("2026-03", "上月"), ("2026Q1", "上季度"), ("2026", "上年")):
        data = RoundData(Round(key, "", meta=meta), (site,), (Finding(site.uid, "typo", count=1),))
        texts = [p.full_text for p in compose(data, checklist.load_default()).body]
        assert f"（一）{word}以来发现错别字的单位有：某局。" in texts
