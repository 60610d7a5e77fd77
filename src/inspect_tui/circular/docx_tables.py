"""Attachment tables as WordprocessingML text, streamed into the package.

A census-sized circular (84,094 sites) has about 200,000 table rows and 650,000 cells: as an
lxml tree that is millions of nodes and gigabytes, and python-docx's `Table.add_row` is
superlinear besides. So tables are never built as a tree. The fixed parts of a table (its
properties and grid, a header row and an empty data row) are built once with lxml and
serialised; every row is then that text with its cell texts spliced in, escaped exactly as lxml
escapes them. `render_docx` puts a marker where each table goes and the package writer streams
`table_chunks` in its place, so the whole table never exists in memory either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

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
_EMPTY_TEXT = "<w:t></w:t>"  # how lxml writes the empty `w:t` of a template cell
_PARAGRAPH_END = "</w:r></w:p>"
ROWS_PER_CHUNK = 500  # rows joined into one string before it goes to the zip stream


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


def escape_text(text: str) -> str:
    """`text` as lxml serialises a text node (tests check it against lxml for every
    character): `&`, `<`, `>` and CR become references, everything else stays."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def text_element(text: str) -> str:
    """`<w:t>` with `text`; `xml:space="preserve"` only where it matters (a quarter of a
    million of them would bloat the file)."""
    if text[:1].isspace() or text[-1:].isspace():
        return f'<w:t xml:space="preserve">{escape_text(text)}</w:t>'
    return f"<w:t>{escape_text(text)}</w:t>"


def _segments(line: str) -> list[str]:
    """One cell line → the paragraphs it becomes (a stray line break makes another one)."""
    if line.isprintable():  # fast path: nothing to clean
        return [line]
    line = clean_xml_text(line).replace("\t", " ")
    return _LINE_BREAKS.split(line) if ("\n" in line or "\r" in line) else [line]


# --- the fixed parts, built with lxml --------------------------------------------------------
def _cell_paragraph(style: str, jc: str) -> El:
    t = el("w:t")
    t.text = ""  # written as <w:t></w:t>: the place the cell's text goes
    # Only the hint here: fonts and sizes come from the style (keeps 650k cells small).
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


def xml_text(element: El) -> str:
    """`element` serialised as it appears inside the document: under a parent that declares
    the `w` namespace, so without namespace declarations of its own."""
    parent = el("w:body", None, element)
    text = str(etree.tostring(parent, encoding="unicode"))
    inner = text[text.index(">") + 1 : -len("</w:body>")]
    assert "xmlns" not in inner, inner[:200]  # our own markup: a bug if it ever fails
    return inner


@lru_cache(maxsize=64)
def _table_start(widths: tuple[int, ...]) -> str:
    """`<w:tbl>` with its properties and grid: fixed layout scaled to the text block."""
    grid = el("w:tblGrid", None, *(el("w:gridCol", {"w": str(w)}) for w in widths))
    text = xml_text(el("w:tbl", None, _table_properties(sum(widths)), grid))
    return text.removesuffix("</w:tbl>")


@dataclass(frozen=True)
class _RowTemplate:
    """A serialised row with the place of each cell's first `w:t` cut out."""

    pieces: tuple[str, ...]  # ncols + 1: before cell 0's text, between cells, after the last
    paragraph_start: tuple[str, ...]  # per column: `<w:p>…<w:r>…</w:rPr>` for further lines


@lru_cache(maxsize=256)
def _row_template(widths: tuple[int, ...], jcs: tuple[str, ...], header: bool) -> _RowTemplate:
    """Header rows repeat on every page (`w:tblHeader`); no row is split across pages."""
    row_properties = el("w:trPr", None, el("w:cantSplit"))
    if header:
        row_properties.append(el("w:tblHeader"))
    style = STYLE_TABLE_HEADER if header else STYLE_TABLE_TEXT
    row = el("w:tr", None, row_properties)
    for width, jc in zip(widths, jcs, strict=True):
        row.append(_cell(width, _cell_paragraph(style, jc)))
    pieces = tuple(xml_text(row).split(_EMPTY_TEXT))
    assert len(pieces) == len(widths) + 1
    assert all(p.startswith(_PARAGRAPH_END) for p in pieces[1:])
    starts = tuple(p[p.rindex("<w:p>") :] for p in pieces[:-1])
    return _RowTemplate(pieces, starts)


def _alignments(table: Table, widths: Sequence[int]) -> tuple[str, ...]:
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
    return tuple("center" if f else "left" for f in fits)


def _row(template: _RowTemplate, cells: Sequence[Sequence[str]], out: list[str]) -> None:
    """Append the text of one row to `out`: each cell's lines as paragraphs."""
    pieces, starts = template.pieces, template.paragraph_start
    for i, start in enumerate(starts):
        out.append(pieces[i])
        first = True
        for line in cells[i] if i < len(cells) else ():
            for text in _segments(line):
                if not first:
                    out.append(_PARAGRAPH_END)
                    out.append(start)
                out.append(text_element(text))
                first = False
        if first:
            out.append(_EMPTY_TEXT)
    out.append(pieces[-1])


@lru_cache(maxsize=256)
def _scaled(widths: tuple[int, ...], ncols: int) -> tuple[int, ...]:
    return tuple(scale_widths(widths, ncols))


@lru_cache(maxsize=256)
def _header_text(widths: tuple[int, ...], header: tuple[str, ...]) -> str:
    """The table start and its header row: the same for every table of a finely grouped
    roster (84,094 one-row tables when every site has its own parent)."""
    ncols = len(widths)
    out = [_table_start(widths)]
    if header:
        template = _row_template(widths, ("center",) * ncols, header=True)
        texts = [one_line(header[i]) if i < len(header) else "" for i in range(ncols)]
        _row(template, [(t,) for t in texts], out)
    return "".join(out)


def table_chunks(table: Table) -> Iterator[str]:
    """The `w:tbl` of one attachment table as XML text, a few hundred rows at a time."""
    ncols = len(table.header) or max((len(r) for r in table.rows), default=1) or 1
    widths = _scaled(tuple(table.widths), ncols)
    out = [_header_text(widths, tuple(table.header))]
    template = _row_template(widths, _alignments(table, widths), header=False)
    for n, row in enumerate(table.rows, 1):
        _row(template, row, out)
        if n % ROWS_PER_CHUNK == 0:
            yield "".join(out)
            out.clear()
    out.append("</w:tbl>")
    yield "".join(out)
