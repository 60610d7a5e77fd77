"""Attachment tables are written as XML text, not built as a tree: read them back and check
that what Word will read is exactly what was composed, whatever the text holds."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from typing import Any

import docx
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from circular_fixture import build_circular
from inspect_tui.circular.blocks import Circular, Paragraph, Table
from inspect_tui.circular.docx import render_docx
from inspect_tui.circular.docx_styles import clean_xml_text, one_line
from inspect_tui.circular.docx_tables import ROWS_PER_CHUNK, escape_text, table_chunks

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _xml_chars(start: int, stop: int) -> str:
    return "".join(
        chr(c)
        for c in range(start, stop)
        if not (c < 0x20 and c not in (0x9, 0xA, 0xD))
        and not (0xD800 <= c <= 0xDFFF)
        and c not in (0xFFFE, 0xFFFF)
    )


def test_escape_text_matches_lxml_for_every_character() -> None:
    """Every character XML can carry, escaped by us and serialised by lxml: the same text."""
    text = _xml_chars(0, 0x10000) + _xml_chars(0x1F000, 0x1F700) + "\U0010fffd"
    t = etree.Element(f"{{{W_NS}}}t", nsmap={"w": W_NS})
    t.text = text
    serialised = etree.tostring(t, encoding="unicode")
    inner = serialised[serialised.index(">") + 1 : serialised.rindex("</w:t>")]
    assert escape_text(text) == inner


def _with_table(table: Table, base: Circular | None = None) -> Circular:
    base = base or build_circular()
    attachment = replace(base.attachments[0], tables=(table,))
    return replace(base, attachments=(attachment,))


def _tables(data: bytes) -> list[Any]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return list(root.iter(f"{W}tbl"))


def _cell_paragraphs(tc: Any) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in tc.findall(f"{W}p")]


def _expected_paragraphs(line: str) -> list[str]:
    """What a cell line must read as in Word, derived independently of the renderer: the
    characters XML cannot carry dropped, tabs as spaces, one paragraph per line break."""
    return re.split(r"\r\n|\r|\n", clean_xml_text(line).replace("\t", " "))


CELL_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("&<>\"' \t\r\n\x00\x0b\ufffe\u2028\x85]]>-->表"),
    ),
    max_size=12,
)
CELL = st.lists(CELL_TEXT, max_size=3).map(tuple)


@settings(max_examples=60, deadline=None)
@given(
    header=st.lists(CELL_TEXT, min_size=1, max_size=4).map(tuple),
    rows=st.lists(st.lists(CELL, min_size=0, max_size=5).map(tuple), max_size=4).map(tuple),
)
def test_any_cell_text_reads_back_as_composed(
    header: tuple[str, ...], rows: tuple[tuple[tuple[str, ...], ...], ...]
) -> None:
    table = Table(header=header, rows=rows, widths=(1,) * len(header))
    (tbl,) = _tables(render_docx(_with_table(table)))
    trs = tbl.findall(f"{W}tr")
    assert len(trs) == 1 + len(rows)
    ncols = len(header)
    header_cells = trs[0].findall(f"{W}tc")
    assert [_cell_paragraphs(tc) for tc in header_cells] == [[one_line(h)] for h in header]
    for tr, row in zip(trs[1:], rows, strict=True):
        cells = tr.findall(f"{W}tc")
        assert len(cells) == ncols  # short rows are padded, long ones cut to the header
        for i, tc in enumerate(cells):
            lines = row[i] if i < len(row) else ()
            expected = [p for line in lines for p in _expected_paragraphs(line)] or [""]
            assert _cell_paragraphs(tc) == expected
            for t in tc.iter(f"{W}t"):
                text = t.text or ""
                edge_space = text[:1].isspace() or text[-1:].isspace()
                assert (t.get(XML_SPACE) == "preserve") == edge_space


def test_text_that_looks_like_a_table_marker_stays_text() -> None:
    """Tables are spliced in at comment markers; a user's text can never become one."""
    marker = "<!--inspect-tui table 0-->"
    table = Table(header=("序號", marker), rows=(((marker,), ("乙",)),), widths=(1, 3))
    base = build_circular()
    circular = _with_table(table, replace(base, body=(Paragraph(marker), *base.body)))
    data = render_docx(circular)
    (tbl,) = _tables(data)
    assert _cell_paragraphs(tbl.findall(f"{W}tr")[1].findall(f"{W}tc")[0]) == [marker]
    assert marker in [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_large_table_is_streamed_in_chunks_and_reads_back_whole() -> None:
    count = 3 * ROWS_PER_CHUNK + 7
    rows = tuple(((str(i),), (f"網站{i}",), (f"44130000{i:02d}",)) for i in range(1, count + 1))
    table = Table(header=("序號", "網站名稱", "網站標識碼"), rows=rows, widths=(1, 5, 3))
    chunks = list(table_chunks(table))
    assert len(chunks) == 4
    wrapped = f'<w:body xmlns:w="{W_NS}">{"".join(chunks)}</w:body>'
    (tbl,) = etree.fromstring(wrapped.encode("utf-8"))
    trs = tbl.findall(f"{W}tr")
    assert len(trs) == count + 1
    assert _cell_paragraphs(trs[-1].findall(f"{W}tc")[1]) == [f"網站{count}"]
    document = docx.Document(io.BytesIO(render_docx(_with_table(table))))
    assert document.tables[0].rows[count].cells[2].text == f"44130000{count}"


def test_table_without_header_takes_its_columns_from_the_rows() -> None:
    table = Table(header=(), rows=((("1",), ("甲",)), (("2",),)), widths=())
    (tbl,) = _tables(render_docx(_with_table(table)))
    trs = tbl.findall(f"{W}tr")
    assert len(trs) == 2
    assert all(tr.find(f"{W}trPr/{W}tblHeader") is None for tr in trs)
    assert [_cell_paragraphs(tc) for tc in trs[1].findall(f"{W}tc")] == [["2"], [""]]
    assert len(tbl.findall(f"{W}tblGrid/{W}gridCol")) == 2
