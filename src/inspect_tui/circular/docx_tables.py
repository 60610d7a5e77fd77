"""Attachment tables as raw `w:tbl` XML, built fast.

python-docx's `Table.add_row` re-reads the whole table on every call (superlinear). Here each
table gets one prepared row; every data row is a deep copy of it with the texts filled in, so
an 84,094-row table costs one `deepcopy` and a few attribute writes per row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from copy import deepcopy

from inspect_tui.circular.blocks import Table
from inspect_tui.circular.docx_styles import (
    CHAR_4,
    STYLE_TABLE_HEADER,
    STYLE_TABLE_TEXT,
    TABLE_CELL_MARGIN,
    TEXT_BLOCK_WIDTH,
    El,
    clean_xml_text,
    el,
    one_line,
    val,
)

_BORDER = {"val": "single", "sz": "4", "space": "0", "color": "auto"}  # ½ pt black
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def scale_widths(widths: Sequence[int], ncols: int, total: int = TEXT_BLOCK_WIDTH) -> list[int]:
    """Relative column widths → twips summing to exactly `total` (missing or non-positive
    weights count as 1)."""
    weights = [w if w > 0 else 1 for w in list(widths)[:ncols]]
    weights += [1] * (ncols - len(weights))
    whole = sum(weights)
    scaled = [total * w // whole for w in weights]
    for i in range(total - sum(scaled)):  # rounding remainder, < ncols twips
        scaled[i % ncols] += 1
    return scaled


def _width(text: str) -> float:
    """Width in 字 of a cell line (ASCII ½, everything else 1): cheap, for alignment only."""
    return len(text) - 0.5 * len(text.encode("ascii", "ignore"))


def _set_text(t: El, text: str) -> None:
    """`xml:space="preserve"` only where it matters: a quarter of a million of them would bloat
    the file (and make lxml slow to move the table between documents)."""
    t.text = text
    if text[:1].isspace() or text[-1:].isspace():
        t.set(_XML_SPACE, "preserve")


def _segments(line: str) -> list[str]:
    """One cell line → the paragraphs it becomes (a stray line break makes another one)."""
    if line.isprintable():  # fast path: nothing to clean
        return [line]
    line = clean_xml_text(line).replace("\t", " ")
    return _LINE_BREAKS.split(line) if ("\n" in line or "\r" in line) else [line]


def _cell_paragraph(style: str, jc: str, text: str = "") -> El:
    t = el("w:t")
    _set_text(t, text)
    # Only the hint here: fonts and sizes come from the style (keeps 250k cells small).
    run = el("w:r", None, el("w:rPr", None, el("w:rFonts", {"hint": "eastAsia"})), t)
    return el("w:p", None, el("w:pPr", None, val("w:pStyle", style), val("w:jc", jc)), run)


def _cell(width: int, paragraph: El) -> El:
    tcpr = el(
        "w:tcPr", None, el("w:tcW", {"w": str(width), "type": "dxa"}), val("w:vAlign", "center")
    )
    return el("w:tc", None, tcpr, paragraph)


def _table_properties(total: int) -> El:
    borders = el(
        "w:tblBorders",
        None,
        *(
            el(f"w:{side}", _BORDER)
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        ),
    )
    margins = el(
        "w:tblCellMar",
        None,
        el("w:top", {"w": "0", "type": "dxa"}),
        el("w:left", {"w": str(TABLE_CELL_MARGIN), "type": "dxa"}),
        el("w:bottom", {"w": "0", "type": "dxa"}),
        el("w:right", {"w": str(TABLE_CELL_MARGIN), "type": "dxa"}),
    )
    return el(
        "w:tblPr",
        None,
        val("w:tblStyle", "TableGrid"),  # exists in python-docx's template; borders set anyway
        el("w:tblW", {"w": str(total), "type": "dxa"}),
        val("w:jc", "center"),
        borders,
        el("w:tblLayout", {"type": "fixed"}),
        margins,
        el(
            "w:tblLook",
            {"val": "04A0", "firstRow": "1", "lastRow": "0", "firstColumn": "1"}
            | {"lastColumn": "0", "noHBand": "0", "noVBand": "1"},
        ),
    )


def _alignments(table: Table, widths: list[int]) -> list[str]:
    """Centre a column when every line of it fits on one line; otherwise align it left (a
    justified CJK line in a narrow cell gets visibly letter-spaced)."""
    capacity = [(w - 2 * TABLE_CELL_MARGIN) / CHAR_4 for w in widths]
    ncols = len(widths)
    fits = [True] * ncols
    for row in table.rows:
        for i, cell in enumerate(row[:ncols]):
            cap = capacity[i]
            if fits[i] and any(len(line) > cap and _width(line) > cap for line in cell):
                fits[i] = False
    return ["center" if f else "left" for f in fits]


def build_table(table: Table, place: Callable[[El], object] | None = None) -> El:
    """The `w:tbl` for one attachment table: fixed layout scaled to the 156 mm text block,
    header row repeated on every page (`w:tblHeader`), rows never split (`w:cantSplit`).

    `place` (e.g. `sect_pr.addprevious`) puts the table into its document *before* the rows
    are added: moving a finished 80k-row table into another lxml document takes seconds
    (namespace fix-ups on every node), appending rows to a placed table does not.
    """
    ncols = len(table.header) or max((len(r) for r in table.rows), default=1) or 1
    widths = scale_widths(table.widths, ncols)
    tbl = el("w:tbl", None, _table_properties(sum(widths)))
    tbl.append(el("w:tblGrid", None, *(el("w:gridCol", {"w": str(w)}) for w in widths)))

    if table.header:
        header = el("w:tr", None, el("w:trPr", None, el("w:cantSplit"), el("w:tblHeader")))
        for i, width in enumerate(widths):
            text = one_line(table.header[i]) if i < len(table.header) else ""
            header.append(_cell(width, _cell_paragraph(STYLE_TABLE_HEADER, "center", text)))
        tbl.append(header)
    if place is not None:
        place(tbl)

    paragraphs = [_cell_paragraph(STYLE_TABLE_TEXT, jc) for jc in _alignments(table, widths)]
    template = el("w:tr", None, el("w:trPr", None, el("w:cantSplit")))
    for width, paragraph in zip(widths, paragraphs, strict=True):
        template.append(_cell(width, deepcopy(paragraph)))

    append = tbl.append
    for row in table.rows:
        tr = deepcopy(template)
        for i, cell in enumerate(row[:ncols]):
            tc = tr[i + 1]  # tr[0] is trPr
            first = True
            for line in cell:
                for text in _segments(line):
                    if first:
                        _set_text(tc[1][1][1], text)  # tc/p/r/t (tc[0] tcPr, p[0] pPr, r[0] rPr)
                        first = False
                    else:
                        paragraph = deepcopy(paragraphs[i])
                        _set_text(paragraph[1][1], text)
                        tc.append(paragraph)
        append(tr)
    return tbl
