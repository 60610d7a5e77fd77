"""The sample round reproduces the seed circular (惠灣管辦函〔2018〕33號).

Every line of the seed from the document number to its attachment-3 table must appear in our
output, in order, after NFKC normalisation and whitespace removal; tables row by row. The
exceptions are the seed's own errors, documented in samples/README.md: its 二(二) and 二(三)
unit lists disagree with its attachment 3, so ours follow attachment 3 (the per-site record).
"""

from __future__ import annotations

import pytest

from inspect_tui.circular.compose import compose
from inspect_tui.circular.text import render_text
from inspect_tui.store import Store
from seed_compare import Item, missing_in_order, norm, seed_items, text_items

SEED_ERRORS = {
    "(二)": "(二)根據抽查結果,政府網站(頻道或平臺)中出現辦事指南要素類別缺失的單位有:"
    "區審計局、區社保局、區財政局、區民政局、澳頭街道辦。",
    "(三)": "(三)根據抽查結果,政府網站(頻道或平臺)中出現辦事指南要素中“辦理時間”、“辦理地點”或其他要素不準確的單位有:"
    "區工貿局、區社管局、區環保局、區市場監督管理局、區安監局、區民政局、區工貿局(網上辦事大廳大亞灣分廳)。",
}


def expected_items() -> list[Item]:
    """The seed's lines, with its two self-contradicting unit lists replaced by attachment 3's."""
    items = []
    in_problems = False
    for item in seed_items():
        text = item.cells[0]
        if item.kind == "p" and text.startswith("二、"):
            in_problems = True
        elif item.kind == "p" and text.startswith("三、"):
            in_problems = False
        if in_problems and item.kind == "p" and text[:3] in SEED_ERRORS:
            item = Item("p", (norm(SEED_ERRORS[text[:3]]),))
        items.append(item)
    return items


def test_seed_fixture_is_what_we_think() -> None:
    items = seed_items()
    assert items[0].cells == ("惠灣管辦函〔2018〕33號",)
    assert items[-1].cells[0] == "14"
    assert sum(1 for i in items if i.kind == "row") == 1 + 35 + 1 + 1 + 1 + 36 + 1 + 14


def test_sample_text_contains_every_seed_line_in_order(sample_store: Store) -> None:
    circular = compose(sample_store.round_data("2018Q1"), sample_store.round_checklist("2018Q1"))
    missing = missing_in_order(expected_items(), text_items(render_text(circular)))
    assert missing == []


def test_comparison_detects_a_changed_finding(sample_store: Store) -> None:
    """The comparison can fail: change one count and the seed line is no longer found."""
    from inspect_tui.model import Finding

    sample_store.set_finding("2018Q1", Finding("N000007783", "guide_missing", count=4))
    circular = compose(sample_store.round_data("2018Q1"), sample_store.round_checklist("2018Q1"))
    missing = missing_in_order(expected_items(), text_items(render_text(circular)))
    assert missing and any("辦事指南缺少3要素" in m for m in missing)


@pytest.mark.parametrize("key", ["(二)", "(三)"])
def test_seed_errors_really_differ(key: str) -> None:
    seed_lines = [i.cells[0] for i in seed_items() if i.kind == "p"]
    assert norm(SEED_ERRORS[key]) not in seed_lines


def test_sample_docx_contains_every_seed_line_in_order(sample_store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The same comparison on the exported Word file, read back paragraph by paragraph and
    table row by row (the body, not headers or footers)."""
    from inspect_tui.export import export_round
    from seed_compare import docx_items

    path = tmp_path / "circular.docx"
    export_round(sample_store, "2018Q1", path)
    items = docx_items(path)
    assert missing_in_order(expected_items(), items) == []
    # Tables compare row by row: the attachment-3 row of 區民政局 has its four problems.
    row = next(i for i in items if i.kind == "row" and i.cells[:2] == ("10", "區民政局"))
    assert row.cells[3] == norm(
        "1.發現1個應更新欄目超過1年未更新2.辦事指南缺少6要素3.辦事指南要素“辦理條件”、“辦理地點”不準確4.發現1個錯別字"
    )
