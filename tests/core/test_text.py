"""The pure text helpers: display width, fitting, clipping, column widths."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspect_tui.text import (
    NO_LINE_END,
    NO_LINE_START,
    capped,
    cell_width,
    clip,
    fit,
    needed_widths,
    share_room,
    split_at_width,
    take,
    widest,
    wrap_cjk,
    wrap_lines,
)

MIXED = st.text(
    alphabet=st.sampled_from("應更新欄目abc 12（）…錯別字\t\n〔2015〕，。"), max_size=40
)


def test_cjk_counts_two_cells() -> None:
    assert cell_width("abc") == 3
    assert cell_width("錯別字") == 6
    assert cell_width("〔2015〕") == 8
    assert cell_width("（a）") == 5


@given(text=MIXED, width=st.integers(min_value=0, max_value=30), pad=st.booleans())
def test_fit_never_exceeds_width(text: str, width: int, pad: bool) -> None:
    out = fit(text.replace("\n", " ").replace("\t", " "), width, pad=pad)
    assert cell_width(out) <= width
    if pad:
        assert cell_width(out) == width


@given(text=MIXED, width=st.integers(min_value=1, max_value=30))
def test_fit_keeps_a_prefix_and_marks_a_cut(text: str, width: int) -> None:
    out = fit(text, width, pad=False)
    if cell_width(text) <= width:
        assert out == text
    else:
        assert out.endswith("…") and text.startswith(out[:-1])


@given(text=MIXED, width=st.integers(min_value=1, max_value=30))
def test_clip_keeps_the_prefix_on_one_line(text: str, width: int) -> None:
    out = clip(text, width)
    one_line = " ".join(text.split())
    assert "\n" not in out and cell_width(out) <= width
    assert one_line.startswith(out.removesuffix("…"))


def test_clip_cuts_cjk_whole() -> None:
    assert clip("錯別字錯別字", 5) == "錯別…"
    assert clip("a\n  b", 16) == "a b"


@given(text=MIXED, width=st.integers(min_value=0, max_value=30))
def test_take_and_split(text: str, width: int) -> None:
    head, rest = split_at_width(text, width)
    assert head + rest == text and head == take(text, width)
    assert cell_width(head) <= width
    # the prefix is the longest that fits: the next character would not
    assert not rest or cell_width(head + rest[0]) > width


def test_column_widths() -> None:
    assert needed_widths(["序号", "x"], [["1", "錯別字"], ["22", ""]]) == [4, 6]
    assert widest(["a", "錯"], at_least=3) == 3
    assert capped([10, 5, 30], [4, None, 12]) == [4, 5, 12]
    assert share_room([3, 50, 50], 40, 5) == [5, 17, 18]
    assert share_room([30], 10, 16) == [16]


@given(
    needs=st.lists(st.integers(min_value=0, max_value=40), max_size=6),
    room=st.integers(min_value=0, max_value=120),
)
def test_share_room_gives_no_more_than_needed_or_room(needs: list[int], room: int) -> None:
    shares = share_room(needs, room, 0)
    assert all(s <= n for s, n in zip(shares, needs, strict=True))
    assert sum(shares) <= room


@pytest.mark.parametrize("module", ["inspect_tui.text", "inspect_tui.audit_words"])
def test_view_helpers_are_pure(module: str) -> None:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert not {"textual", "sqlite3", "sqlite_utils", "docx", "lxml"} & set(out.stdout.split())


# -- CJK line breaking ---------------------------------------------------------------------------

SEED_LINE = (
    "根據《國務院辦公廳關于開展第一次全國政府網站普查的通知》(國辦發〔2015〕15號)要求,"
    "按照國家、省、市的做法,區政務公開領導小組辦公室委托第三方公司于3月13日-3月23日對全區"
    "各街道辦和各區屬單位網站(頻道或平臺)進行了抽查,現將有關情況通報如下:"
)
PARAGRAPH = st.text(
    alphabet=st.sampled_from("政府網站通報，。、；：？！）」』〕》】（「『〔《【2015abc號"),
    max_size=80,
)


@pytest.mark.parametrize("width", range(8, 60))
def test_seed_doc_number_never_split(width: int) -> None:
    lines = wrap_cjk(SEED_LINE, width)
    assert "".join(lines) == SEED_LINE
    assert sum("〔2015〕" in line for line in lines) == 1
    assert all(cell_width(line) <= width for line in lines)


def test_seed_case_at_a_width_that_used_to_split_it() -> None:
    # TextArea's soft wrap at 20 cells cut "國辦發〔20" | "15〕15號"
    lines = wrap_cjk("通知》(國辦發〔2015〕15號)要求,按照", 20)
    assert lines[0] == "通知》(國辦發" and lines[1].startswith("〔2015〕")


@given(text=PARAGRAPH, width=st.integers(min_value=6, max_value=40))
def test_kinsoku_rules(text: str, width: int) -> None:
    lines = wrap_cjk(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for i, line in enumerate(lines):
        assert cell_width(line) <= width
        if i > 0 and line:
            # a forbidden start is allowed only where no legal break fitted
            forced = cell_width(lines[i - 1]) >= width - 1
            assert line[0] not in NO_LINE_START or forced, lines
        if i < len(lines) - 1 and line:
            assert line[-1] not in NO_LINE_END or cell_width(line) >= width - 1, lines


@given(
    words=st.lists(st.text(alphabet="abc2015", min_size=1, max_size=6), min_size=1, max_size=8),
    width=st.integers(min_value=8, max_value=30),
)
def test_ascii_runs_stay_whole(words: list[str], width: int) -> None:
    text = "網站".join(words)
    lines = wrap_cjk(text, width)
    assert "".join(lines) == text
    for a, b in itertools.pairwise(lines):
        assert not (a[-1].isascii() and b[0].isascii()), lines


def test_wrap_lines_keeps_blank_lines() -> None:
    assert wrap_lines("一二三四\n\n五", 4) == "一二\n三四\n\n五"


def test_preferred_breaks_keep_list_items_whole() -> None:
    items = "多數 “辦理條件”、“辦理地點”、“咨詢電話”、“辦理時間”"
    assert wrap_cjk(items, 44, prefer="、 ") == [
        "多數 “辦理條件”、“辦理地點”、“咨詢電話”、",
        "“辦理時間”",
    ]
    assert wrap_cjk(items, 44)[0].endswith("“辦")


def test_a_space_at_a_break_does_not_hide_a_rule() -> None:
    # the space vanishes at the break: "、" would start the line all the same
    assert wrap_cjk("網站網站 、網站", 10) == ["網站網", "站 、網站"]
