"""Site search for the jump (issue 14 item 4): both scripts, pinyin, list numbers, codes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspect_tui.model import Site, SiteKind
from inspect_tui.roster import parse_roster
from inspect_tui.site_search import MatchField, SiteIndex, fold

ROSTER = Path(__file__).resolve().parents[2] / "samples" / "dayawan-2018-roster.csv"


@pytest.fixture(scope="module")
def traditional() -> SiteIndex[Site]:
    result = parse_roster(ROSTER.read_bytes(), ROSTER.name)
    return SiteIndex(result.sites)


@pytest.fixture(scope="module")
def simplified() -> SiteIndex[Site]:
    names = [
        ("惠州大亚湾经济技术开发区环境保护局", "区环保局", "N1"),
        ("区重庆办", "重庆办", "N2"),
        ("长沙市绿化局", "长沙绿化局", "N3"),
    ]
    sites = [
        Site(seq=i + 1, kind=SiteKind.DEPT, name=n, short_name=s, code=c)
        for i, (n, s, c) in enumerate(names)
    ]
    return SiteIndex(sites)


def short_names(index: SiteIndex[Site], query: str) -> list[str]:
    return [m.site.short_name for m in index.search(query, 10)]


def test_simplified_input_finds_traditional_roster(traditional: SiteIndex[Site]) -> None:
    assert short_names(traditional, "环保")[0] == "區環保局"


def test_traditional_input_finds_simplified_roster(simplified: SiteIndex[Site]) -> None:
    assert short_names(simplified, "環保") == ["区环保局"]
    assert short_names(simplified, "環境保護") == ["区环保局"]


def test_pinyin_initials_and_full_pinyin(traditional: SiteIndex[Site]) -> None:
    hits = traditional.search("hbj", 10)
    assert hits[0].site.short_name == "區環保局"
    assert hits[0].field is MatchField.INITIALS
    assert short_names(traditional, "HuanBao")[0] == "區環保局"
    assert traditional.search("huanbao", 1)[0].field is MatchField.PINYIN


def test_full_pinyin_starts_at_a_syllable(simplified: SiteIndex[Site]) -> None:
    # "anbao" sits inside "huanbao" but starts no syllable
    assert short_names(simplified, "anbao") == []


def test_second_reading_of_a_polyphonic_character(simplified: SiteIndex[Site]) -> None:
    assert "重庆办" in short_names(simplified, "cqb")
    assert "重庆办" in short_names(simplified, "chongqing")
    assert "长沙绿化局" in short_names(simplified, "cs")
    assert "长沙绿化局" in short_names(simplified, "lvhua")  # ü typed v


def test_list_number_comes_first(traditional: SiteIndex[Site]) -> None:
    first = traditional.search("16", 5)[0]
    assert (first.site.seq, first.field) == (16, MatchField.SEQ)
    assert traditional.search("１６", 1)[0].site.seq == 16  # full-width digits


def test_code_exact_and_partial(traditional: SiteIndex[Site]) -> None:
    exact = traditional.search("n000007775", 5)
    assert exact[0].site.code == "N000007775"
    assert exact[0].field is MatchField.CODE
    assert all(m.site.code.startswith("N0000077") for m in traditional.search("N0000077", 3))


def test_ranking_exact_before_substring(traditional: SiteIndex[Site]) -> None:
    matches = traditional.search("区工贸局", 10)
    assert matches[0].site.short_name == "區工貿局"
    assert [m.rank for m in matches] == sorted(m.rank for m in matches)


def test_empty_query_lists_the_roster_and_limit_holds(traditional: SiteIndex[Site]) -> None:
    assert [m.site.seq for m in traditional.search("  ", 3)] == [1, 2, 3]
    assert traditional.search("区", 0) == []
    assert len(traditional.search("區", 4)) == 4


def test_fold() -> None:
    assert fold(" 環保\u200b局 ") == "环保局"
    assert fold("ＡＢＣ") == "abc"


@settings(max_examples=300, deadline=None)
@given(query=st.text(), limit=st.integers(min_value=-2, max_value=60))
def test_search_never_raises(traditional: SiteIndex[Site], query: str, limit: int) -> None:
    matches = traditional.search(query, limit)
    assert len(matches) <= max(limit, 0)
    assert len({m.index for m in matches}) == len(matches)


@settings(max_examples=50, deadline=None)
@given(names=st.lists(st.text(), min_size=0, max_size=8), query=st.text(max_size=5))
def test_any_site_text_indexes(names: list[str], query: str) -> None:
    sites = [
        Site(seq=i, kind=SiteKind.DEPT, name=n, short_name=n[:3], code=n[-3:])
        for i, n in enumerate(names)
    ]
    index = SiteIndex(sites)
    index.search(query, 10)
    index.search("abc", 10)


def test_census_size_builds_fast() -> None:
    sites = [
        Site(
            seq=i + 1,
            kind=SiteKind.DEPT,
            name=f"第{i}区環境保護局",
            short_name=f"{i}区環保局",
            code=f"{i:010d}",
        )
        for i in range(84_094)
    ]
    start = time.perf_counter()
    index = SiteIndex(sites)
    built = time.perf_counter() - start
    assert built < 3.0  # about 0.3 s on the 2-core box; generous for a loaded CI
    assert index.search("84093", 1)[0].site.seq == 84_093
    assert index.search("环保", 1)[0].field is MatchField.SHORT_NAME


def test_site_search_is_pure() -> None:
    import subprocess
    import sys

    code = "import sys, inspect_tui.site_search; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert not {"textual", "sqlite3", "sqlite_utils", "docx", "lxml"} & loaded
    assert "opencc" not in loaded  # loaded on the first search, not on import


def test_several_words_each_match(traditional: SiteIndex[Site]) -> None:
    matches = traditional.search("大亚湾 环保", 5)
    assert [m.site.short_name for m in matches][:1] == ["區環保局"]
    assert matches[0].rank >= 100
    assert traditional.search("hbj 大亚湾", 5)[0].site.short_name == "區環保局"
    assert traditional.search("环保 gmj", 5) == []
