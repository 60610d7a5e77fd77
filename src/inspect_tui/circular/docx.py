"""Render a `Circular` as a .docx laid out to GB/T 9704-2012 (a 通报 issued as a 函).

By default the output is meant to be printed on the office's pre-printed letter paper (红头纸)
and sealed, so there is no red letterhead: the text block simply starts at the 37 mm top margin.
An office without such paper asks for a generated 版头 (`letterhead`: 文件格式 or 信函格式; its
geometry in circular/letterhead.py): the red 发文机关标志 and rule(s) are then drawn, and the
信函格式 has no page number on its first page.

Layout decisions (numbers from /work/shared/design/gbt9704.md):
- 发文字号 right-aligned on the first line: a 函 uses 信函格式 (§10.1), where the number sits
  顶格居版心右边缘 under the pre-printed double line; the title follows after two blank lines.
- Page numbers "— N —" on every page, odd right / even left. 信函格式 would hide the first
  page's number, but on pre-printed paper this is a normal 通报 that also goes out on plain
  paper, so we keep it simple and number all pages (the generated 信函格式 版头 hides it).
- 署名/日期 for a seal (§7.3.5.1): two blank lines after the text (seal top within one line of
  it), 署名 centred over the date, date 右空四字; kept on one page with the last text lines.

The bytes are deterministic: same Circular (and profile) → byte-identical .docx.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from inspect_tui.circular import letterhead as lh
from inspect_tui.circular.blocks import Attachment, Circular, Paragraph, Role, Table
from inspect_tui.circular.docx_styles import (
    CHAR_4,
    FOOTER_DISTANCE,
    HEADER_DISTANCE,
    LANG_BY_SCRIPT,
    LINE_PITCH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    NO_INDENT,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    STYLE_BODY,
    STYLE_HEADING1,
    STYLE_LABEL,
    STYLE_LEAD,
    STYLE_PAGE_NUMBER,
    STYLE_PLAIN,
    STYLE_TABLE_HEADING,
    STYLE_TITLE,
    TWO_CHARS,
    El,
    Formats,
    Indent,
    ParaFormat,
    TextFormat,
    clean_xml_text,
    display_width,
    el,
    formats_for,
    one_line,
    setup_font_table,
    setup_styles,
    strip_theme_fonts,
)
from inspect_tui.circular.docx_tables import escape_text, table_chunks, xml_text
from inspect_tui.circular.fonts import DEFAULT_PROFILE, FontProfile
from inspect_tui.circular.letterhead import Letterhead

__all__ = ["clean_xml_text", "document_datetime", "render_docx", "title_lines"]

TITLE_CHARS_PER_LINE = 20  # 442.2 pt / 22 pt
TITLE_SLACK = 1  # 字 left free on a one-line title
DATE_RIGHT_CHARS = 400  # 成文日期右空四字
BLANKS_BEFORE_SIGNATURE = 2  # 正文(附件说明)下空二行, then 署名 and 日期 under the seal
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # core properties when the date does not parse
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
_NOTE_NUMBER = re.compile(r"^\s*\d+\s*[.．、]\s*")


# --- small builders -------------------------------------------------------------------------
def _run(text: str, fmt: TextFormat, *, style: str | None = None) -> El:
    t = el("w:t")
    t.set(_XML_SPACE, "preserve")
    t.text = text
    return el("w:r", None, fmt.rpr(style=style), t)


def _paragraph(style: str, fmt: ParaFormat, *runs: El) -> El:
    return el("w:p", None, fmt.ppr(style=style), *runs)


def _blank(keep_next: bool = False) -> El:
    """An empty line: a paragraph with the same exact 28.95 pt line (空一行)."""
    return _paragraph(STYLE_PLAIN, ParaFormat(keep_next=keep_next))


def title_lines(title: str) -> list[str]:
    """The lines of a 2号 title (§7.3.1: 回行时词意完整, 排列对称). Explicit line breaks in the
    title win. Otherwise a title wider than a line (20 字) is broken where it costs least:
    before "关于" or after a closing bracket (free), elsewhere at a price, never inside
    brackets, a number ("2018年") or before closing punctuation; two lines as balanced as that
    allows, longer titles filled line by line."""
    title = clean_xml_text(title)
    lines = [one_line(line).strip() for line in re.split(r"\r\n|\r|\n", title)]
    lines = [line for line in lines if line]
    if len(lines) != 1:
        return lines
    return _break_title(lines[0])


_OPENING = "（(《〔【[“‘「"
_CLOSING = "）)》〕】]”’」，、。：；！？,.:;!?"
_PHRASE_STARTS = ("关于", "關於", "關于", "关於")
# phrases of this genre's titles that start a word group ("…第二次 / 全国政府网站抽查…")
_WORD_STARTS = (
    *("全国", "全國", "全省", "全市", "全区", "全區", "政府网站", "政府網站"),
    *("抽查", "检查", "檢查", "情况", "情況"),
)
_WORD_BREAK_COST = 2.0
_PLAIN_BREAK_COST = 15.0  # in 字 of imbalance: a good break may leave lines this uneven


def _break_cost(line: str, k: int) -> float | None:
    """Cost of breaking `line` before index k, or None where a break would cut a unit."""
    prev, nxt = line[k - 1], line[k]
    if nxt in _CLOSING or prev in _OPENING:
        return None
    if (
        prev.isascii()
        and prev.isalnum()
        and ((nxt.isascii() and nxt.isalnum()) or nxt in "年月日号號%")
    ):
        return None
    head = line[:k]
    if sum(head.count(c) for c in "（(《〔【[") > sum(head.count(c) for c in "）)》〕】]"):
        return None  # inside brackets
    if line.startswith(_PHRASE_STARTS, k) or prev in "）)》〕】]":
        return 0.0
    if line.startswith(_WORD_STARTS, k):
        return _WORD_BREAK_COST
    return _PLAIN_BREAK_COST


def _break_title(line: str, depth: int = 0) -> list[str]:
    width = display_width(line)
    # a one-line title within one 字 of the full line may still wrap where its Latin digits
    # are set wider than Times New Roman's (a substituted font): break it as a longer one
    if width <= TITLE_CHARS_PER_LINE - (TITLE_SLACK if depth == 0 else 0) or depth >= 3:
        return [line]
    best: tuple[float, int] | None = None
    for k in range(1, len(line)):
        cost = _break_cost(line, k)
        head = display_width(line[:k])
        if cost is None or head > TITLE_CHARS_PER_LINE:
            continue
        tail = width - head
        if width <= 2 * TITLE_CHARS_PER_LINE:  # two lines: balanced, both must fit
            if tail > TITLE_CHARS_PER_LINE:
                continue
            score = cost + abs(head - tail)
        else:  # longer: fill the first line, the rest is broken again
            score = cost + (TITLE_CHARS_PER_LINE - head)
        if best is None or score < best[0]:
            best = (score, k)
    if best is None:
        return [line]  # no acceptable break: let Word wrap it
    k = best[1]
    return [line[:k], *_break_title(line[k:], depth + 1)]


def _title(lines: list[str], fmt: TextFormat, *, keep_next: bool = False) -> El:
    p = _paragraph(STYLE_TITLE, ParaFormat(jc="center", keep_next=keep_next))
    for i, line in enumerate(lines):
        if i:
            p.append(el("w:r", None, fmt.rpr(), el("w:br")))  # centred: a break stretches nothing
        p.append(_run(line, fmt))
    return p


# --- the letterhead (版头): geometry in circular/letterhead.py -----------------------------
def _rule(side: str, style: str, eighths: int, space_pt: int) -> El:
    """A red paragraph border: `w:pBdr/w:top|bottom` (LibreOffice and Word draw it across the
    paragraph's width, so the paragraph's or frame's width is the line's length)."""
    attrs = {"val": style, "sz": str(eighths), "space": str(space_pt), "color": lh.RED}
    return el("w:pBdr", None, el(f"w:{side}", attrs))


def _decorate(p: El, *, frame: El | None = None, border: El | None = None) -> El:
    """Put a `w:framePr` and a `w:pBdr` into a paragraph's pPr at their schema places
    (framePr before widowControl, pBdr after it)."""
    widow = p.find(qn("w:pPr")).find(qn("w:widowControl"))
    if frame is not None:
        widow.addprevious(frame)
    if border is not None:
        widow.addnext(border)
    return p


def _page_frame(y: int, width: int) -> El:
    """A frame at `y` from the top of the paper, centred on the 版心 (as the double lines are),
    with text above and below it only."""
    attrs = {"w": str(width), "hSpace": "0", "vSpace": "0", "wrap": "notBeside"}
    attrs |= {"vAnchor": "page", "hAnchor": "margin", "xAlign": "center", "y": str(y)}
    return el("w:framePr", attrs)


def _mark(letterhead: Letterhead, fm: Formats, line: int, *, keep_next: bool) -> El:
    """发文机关标志: red, in the title font (小标宋), centred, one exact line of one em."""
    size = lh.mark_size(letterhead.mark)
    fmt = replace(fm.title, size=size.half_points, spacing=0, color=lh.RED, scale=size.scale)
    pf = ParaFormat(jc="center", line=line, keep_next=keep_next)
    return _paragraph(STYLE_PLAIN, pf, _run(one_line(letterhead.mark), fmt))


def _rule_line(height: int, side: str, style: str, eighths: int, *, frame: El | None = None) -> El:
    """An empty paragraph of an exact height whose border (no w:space: Word and LibreOffice
    draw a border's space differently) is a red line: every distance is a paragraph height."""
    p = _paragraph(STYLE_PLAIN, ParaFormat(line=height, keep_next=True))
    return _decorate(p, frame=frame, border=_rule(side, style, eighths, 0))


def _letterhead(letterhead: Letterhead, doc_number: str, fm: Formats) -> list[El]:
    size = lh.mark_size(letterhead.mark)
    if letterhead.kind == "file":
        geo = lh.file_geometry(size)
        # 文件格式: all in the flow of the 版心 — a spacer of 35 mm, the mark, two blank
        # lines, the 发文字号 centred, then the red rule 4 mm under it
        out = [_paragraph(STYLE_PLAIN, ParaFormat(line=geo.spacer, keep_next=True))]
        out.append(_mark(letterhead, fm, geo.mark_line, keep_next=True))
        out += [_blank(keep_next=True) for _ in range(geo.blank_lines)]
        pf = ParaFormat(jc="center", keep_next=True)
        out.append(_paragraph(STYLE_PLAIN, pf, _run(doc_number, fm.body)))
        out.append(_rule_line(geo.rule_line, "bottom", "single", lh.RULE_EIGHTHS))
        return out
    # 信函格式: the mark sits above the 版心, 30 mm from the top of the paper, in a frame; the
    # text flows on below the frame: first an empty paragraph whose bottom border is the double
    # line (上粗下细: thickThinSmallGap as a bottom border has its thick line on the text's
    # side), widened to 170 mm by negative indents, then a spacer, then the 发文字号.
    # (LibreOffice drops a frame of two paragraphs, so the line is not in the frame.)
    letter = lh.letter_geometry(size)
    frame = _page_frame(letter.mark_top, letter.rule_width)
    out = [_decorate(_mark(letterhead, fm, letter.mark_line, keep_next=True), frame=frame)]
    rule = _rule_line(letter.rule_line, "bottom", "thickThinSmallGap", lh.DOUBLE_RULE_EIGHTHS)
    out.append(_widen(rule, letter.rule_inset))
    out.append(_paragraph(STYLE_PLAIN, ParaFormat(line=letter.number_gap, keep_next=True)))
    # 发文字号: 顶格居版心右边缘, 3号字高的7/8 under the double line
    out.append(_paragraph(STYLE_PLAIN, ParaFormat(jc="right"), _run(doc_number, fm.body)))
    return out


def _widen(p: El, inset: int) -> El:
    """The paragraph with equal negative left/right indents (twips): a border 170 mm long."""
    indent = p.find(qn("w:pPr")).find(qn("w:ind"))
    indent.attrib.clear()
    indent.set(qn("w:left"), str(inset))
    indent.set(qn("w:right"), str(inset))
    return p


def _letter_footers(section: Any) -> None:
    """信函格式: no page number on the first page (§10.1), and the bottom red double line
    (上细下粗) 20 mm above the bottom of the paper, 170 mm long, as the top border of the
    first page's footer paragraph. The footer distance is brought down for that line and the
    page numbers of the other pages get the difference as space after, so they stay put."""
    section.different_first_page_header_footer = True
    distance = lh.mm_to_twips(lh.LETTER_FOOTER_MM)
    section._sectPr.find(qn("w:pgMar")).set(qn("w:footer"), str(distance))
    for footer in (section.footer, section.even_page_footer):
        for spacing in footer._element.iter(qn("w:spacing")):
            if spacing.getparent().tag == qn("w:pPr"):
                spacing.set(qn("w:after"), str(FOOTER_DISTANCE - distance))
    footer = section.first_page_footer
    footer.is_linked_to_previous = False
    ftr = footer._element
    for child in list(ftr):
        ftr.remove(child)
    p = _rule_line(lh.LETTER_BOTTOM_RULE_LINE, "top", "thickThinSmallGap", lh.DOUBLE_RULE_EIGHTHS)
    _widen(p, lh.letter_geometry(lh.mark_size("")).rule_inset)
    ftr.append(p)
    strip_theme_fonts(ftr)


# --- the parts of the circular ---------------------------------------------------------------
def _body_paragraph(paragraph: Paragraph, fm: Formats, *, keep_next: bool) -> El:
    text = one_line(paragraph.text)
    if paragraph.role is Role.HEADING1:
        fmt = ParaFormat(indent=TWO_CHARS, keep_next=True, outline_level=0)
        return _paragraph(STYLE_HEADING1, fmt, _run(one_line(paragraph.full_text), fm.heading1))
    runs = []
    if paragraph.role is Role.ITEM and paragraph.lead:
        runs.append(_run(one_line(paragraph.lead), fm.lead, style=STYLE_LEAD))
    if text or not runs:
        runs.append(_run(text, fm.body))
    return _paragraph(STYLE_BODY, ParaFormat(indent=TWO_CHARS, keep_next=keep_next), *runs)


def _attachment_notes(intro: str, notes: list[str], fm: Formats) -> list[El]:
    """附件：1. XXX / 2. XXX with hanging indents so every name starts in the same column
    (§7.3.4 回行与上一行名称首字对齐): left = 2 字 + "附件：" + "1. ", the number hangs."""
    intro = one_line(intro)
    prefixes = [m.group(0) if (m := _NOTE_NUMBER.match(n)) else "" for n in notes]
    text_column = 2 + display_width(intro) + display_width(prefixes[0])
    out = []
    for i, (note, prefix) in enumerate(zip(notes, prefixes, strict=True)):
        hang = display_width(prefix) + (display_width(intro) if i == 0 else 0)
        indent = Indent(left=round(text_column * 100), first_line=-round(hang * 100))
        text = (intro if i == 0 else "") + note
        out.append(
            _paragraph(STYLE_PLAIN, ParaFormat(indent=indent, keep_next=True), _run(text, fm.body))
        )
    return out


def _signature(issuer: str, date: str, fm: Formats) -> list[El]:
    """署名 centred over 成文日期, 日期右空四字. A 署名 wider than twice the date's centre
    distance (≈ 14 字) cannot be centred inside the text block: it is then flush right."""
    out = []
    date_centre = DATE_RIGHT_CHARS / 100 + display_width(date) / 2  # from the right edge, in 字
    if issuer:
        right = max(0.0, date_centre - display_width(issuer) / 2)
        indent = Indent(right=round(right * 100))
        out.append(
            _paragraph(
                STYLE_PLAIN,
                ParaFormat(jc="right", indent=indent, keep_next=True),
                _run(issuer, fm.body),
            )
        )
    if date:
        indent = Indent(right=DATE_RIGHT_CHARS)
        out.append(
            _paragraph(STYLE_PLAIN, ParaFormat(jc="right", indent=indent), _run(date, fm.body))
        )
    return out


@dataclass(frozen=True)
class _TableRun:
    """An attachment's tables, each after a blank line (but the first) and its heading line:
    streamed as text by `_splice_tables`, because a roster grouped finely (every site its own
    parent portal: 84,094 groups) made a tree of a quarter of a million paragraphs."""

    tables: tuple[Table, ...]


def _attachment(attachment: Attachment, fm: Formats) -> list[El | _TableRun]:
    """附件 on a new page: label 顶格 on line 1 (3号黑体), title centred on line 3, a blank line,
    then the tables, each with an optional heading line kept with it."""
    label_format = ParaFormat(jc="left", keep_next=True, page_break_before=True)
    out: list[El | _TableRun] = [
        _paragraph(STYLE_LABEL, label_format, _run(one_line(attachment.label), fm.label))
    ]
    out.append(_blank(keep_next=True))
    lines = title_lines(attachment.title)
    if lines:
        out.append(_title(lines, fm.title, keep_next=True))
        out.append(_blank(keep_next=True))
    if attachment.tables:
        out.append(_TableRun(attachment.tables))  # streamed in by render_docx
    return out


_HEADING_SLOT = "\ue000"  # a private-use character: where a table heading's text goes


@dataclass(frozen=True)
class _RunPieces:
    """The fixed XML around a run's tables, serialised once: the blank line between tables
    (it also stops Word from merging two adjacent tables) and a heading line kept with its
    table, cut where the heading's text goes."""

    blank: str
    heading: tuple[str, str]

    @classmethod
    def build(cls, fm: Formats) -> _RunPieces:
        fmt = ParaFormat(indent=TWO_CHARS, keep_next=True)
        heading = xml_text(_paragraph(STYLE_TABLE_HEADING, fmt, _run(_HEADING_SLOT, fm.heading1)))
        before, _, after = heading.partition(_HEADING_SLOT)
        return cls(xml_text(_blank()), (before, after))

    def chunks(self, run: _TableRun) -> Iterator[str]:
        for i, table in enumerate(run.tables):
            if i:
                yield self.blank
            if table.heading:
                yield self.heading[0] + escape_text(one_line(table.heading)) + self.heading[1]
            yield from table_chunks(table)


def _content(
    circular: Circular, fm: Formats, letterhead: Letterhead | None = None
) -> list[El | _TableRun]:
    """The body, in order: paragraph elements, and runs of tables still to be built."""
    out: list[El | _TableRun] = []
    doc_number = one_line(circular.doc_number).strip()
    if letterhead is not None and letterhead.drawn:
        out += _letterhead(letterhead, doc_number, fm)
        out += [_blank(), _blank()]  # 标题在分隔线(发文字号)下空二行
    elif doc_number:
        out.append(_paragraph(STYLE_PLAIN, ParaFormat(jc="right"), _run(doc_number, fm.body)))
        out += [_blank(), _blank()]  # 标题与其上最后一个要素相距二行
    lines = title_lines(circular.title)
    if lines:
        out.append(_title(lines, fm.title))
        out.append(_blank())  # 标题下空一行
    addressees = one_line(circular.addressees).strip()
    if addressees:
        if not addressees.endswith(("：", ":")):
            addressees += "："
        out.append(_paragraph(STYLE_PLAIN, ParaFormat(), _run(addressees, fm.body)))

    body = list(circular.body)
    for i, paragraph in enumerate(body):
        # keep_with_next from the last body paragraph through the date: 署名/日期 never
        # start a page without text above them
        out.append(_body_paragraph(paragraph, fm, keep_next=i == len(body) - 1))

    notes = [one_line(n).strip() for n in circular.attachment_notes]
    notes = [n for n in notes if n]
    if notes:
        out.append(_blank(keep_next=True))  # 正文下空一行
        out += _attachment_notes(circular.attachment_intro, notes, fm)
    issuer, date = one_line(circular.issuer).strip(), one_line(circular.date).strip()
    if issuer or date:
        out += [_blank(keep_next=True) for _ in range(BLANKS_BEFORE_SIGNATURE)]
        out += _signature(issuer, date, fm)
    note = one_line(circular.note).strip()
    if note:  # 附注: 成文日期下一行, 居左空二字
        out.append(
            _paragraph(STYLE_PLAIN, ParaFormat(indent=Indent(left=200)), _run(note, fm.body))
        )

    for attachment in circular.attachments:
        out += _attachment(attachment, fm)
    if out and isinstance(out[-1], _TableRun):
        # the body must end with a paragraph; make it 1 pt so it cannot spill onto a new page
        tiny = ParaFormat(line=20, indent=NO_INDENT)
        mark = TextFormat(fm.body.east_asia, fm.body.latin, 2).rpr()
        out.append(_paragraph(STYLE_PLAIN, tiny, el("w:r", None, mark)))
    return out


def _page_number(fmt: TextFormat, *, odd: bool) -> El:
    """— N — in 4号宋体: odd pages 居右空一字, even pages 居左空一字 (§7.5)."""
    indent = Indent(right=100, char=CHAR_4) if odd else Indent(left=100, char=CHAR_4)
    pf = ParaFormat(jc="right" if odd else "left", indent=indent, line=240, line_rule="auto")

    def field(kind: str) -> El:
        return el("w:r", None, fmt.rpr(), el("w:fldChar", {"fldCharType": kind}))

    instr = el("w:instrText")
    instr.set(_XML_SPACE, "preserve")
    instr.text = " PAGE "
    return _paragraph(
        STYLE_PAGE_NUMBER,
        pf,
        _run("— ", fmt),
        field("begin"),
        el("w:r", None, fmt.rpr(), instr),
        field("separate"),
        _run("1" if odd else "2", fmt),
        field("end"),
        _run(" —", fmt),
    )


# --- package-level settings -------------------------------------------------------------------
def _setup_section(section: Any) -> None:
    sect_pr = section._sectPr
    page_size = sect_pr.find(qn("w:pgSz"))
    page_size.attrib.clear()
    page_size.set(qn("w:w"), str(PAGE_WIDTH))
    page_size.set(qn("w:h"), str(PAGE_HEIGHT))
    margins = sect_pr.find(qn("w:pgMar"))
    for key, value in (
        ("top", MARGIN_TOP),
        ("right", MARGIN_RIGHT),
        ("bottom", MARGIN_BOTTOM),
        ("left", MARGIN_LEFT),
        ("header", HEADER_DISTANCE),
        ("footer", FOOTER_DISTANCE),
        ("gutter", 0),
    ):
        margins.set(qn(f"w:{key}"), str(value))
    grid = sect_pr.find(qn("w:docGrid"))  # the template has one: edit, don't add a second
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))


def _setup_footers(section: Any, fm: Formats) -> None:
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        ftr = footer._element
        for child in list(ftr):
            ftr.remove(child)
        ftr.append(_page_number(fm.page_number, odd=odd))
        strip_theme_fonts(ftr)


def _setup_settings(document: Any, lang: str) -> None:
    settings = document.settings
    settings.odd_and_even_pages_header_footer = True  # w:evenAndOddHeaders
    root = settings.element
    zoom = root.find(qn("w:zoom"))
    if zoom is not None:
        zoom.set(qn("w:percent"), "100")
    theme_lang = root.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), lang)


def _drop_template_parts(document: Any) -> None:
    """stylesWithEffects.xml (Word 2010 may read its theme-font styles instead of ours) and the
    template's thumbnail of an empty page."""
    part = document.part
    for rels, reltype in ((part.rels, STYLES_WITH_EFFECTS), (part.package.rels, RT.THUMBNAIL)):
        for rid in [rid for rid, rel in rels.items() if rel.reltype == reltype]:
            rels.pop(rid)


def document_datetime(date: str) -> datetime:
    """The circular's date as a UTC midnight (for core properties), else a fixed epoch."""
    match = _DATE.search(date)
    if match:
        try:
            year, month, day = (int(g) for g in match.groups())
            if year >= 1900:
                return datetime(year, month, day, tzinfo=UTC)
        except ValueError:
            pass
    return EPOCH


def _setup_core_properties(document: Any, circular: Circular, lang: str) -> None:
    props = document.core_properties
    # python-docx refuses core properties longer than 255 characters
    issuer = one_line(circular.issuer).strip()[:255]
    props.author = issuer
    props.last_modified_by = issuer
    props.title = "".join(title_lines(circular.title))[:255]
    props.subject = ""
    props.comments = ""  # the template says "generated by python-docx"
    props.keywords = ""
    props.category = ""
    props.language = lang
    props.revision = 1
    when = document_datetime(circular.date)
    props.created = when
    props.modified = when


def _font_table_transform(profile: FontProfile) -> Callable[[bytes], Iterator[bytes]]:
    def transform(blob: bytes) -> Iterator[bytes]:
        root = etree.fromstring(blob)
        setup_font_table(root, profile)
        yield bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))

    return transform


PENDING_CHARS = 1 << 20
_TABLE_MARKER = re.compile(rb"<!--inspect-tui table (\d+)-->")


def _splice_tables(runs: list[_TableRun], fm: Formats) -> Callable[[bytes], Iterator[bytes]]:
    """document.xml with each marker replaced by that run of tables' XML, in chunks."""
    pieces = _RunPieces.build(fm)

    def stream(blob: bytes) -> Iterator[bytes]:
        position = 0
        pending: list[str] = []
        size = 0
        for match in _TABLE_MARKER.finditer(blob):
            yield blob[position : match.start()]
            for chunk in pieces.chunks(runs[int(match.group(1))]):
                # many small groups make many small chunks: joined up to about 1 MB of
                # text before they go to the zip stream (no more, or memory grows)
                pending.append(chunk)
                size += len(chunk)
                if size >= PENDING_CHARS:
                    yield "".join(pending).encode("utf-8")
                    pending.clear()
                    size = 0
            yield "".join(pending).encode("utf-8")
            pending.clear()
            size = 0
            position = match.end()
        yield blob[position:]

    return stream


def _rezip(data: bytes, transforms: Mapping[str, Callable[[bytes], Iterable[bytes]]]) -> bytes:
    """Rewrite the package with fixed timestamps and attributes (python-docx stamps every zip
    entry with the current time), transforming some parts on the way; entry order is
    python-docx's, which is stable. Each entry is compressed as it is streamed, so a
    transform may yield far more than fits comfortably in memory."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            transform = transforms.get(info.filename)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.create_system = 0
            entry.external_attr = 0
            entry.compress_type = zipfile.ZIP_DEFLATED  # zlib's default level, 6
            with dst.open(entry, "w") as stream:
                for chunk in transform(blob) if transform else (blob,):
                    stream.write(chunk)
    return out.getvalue()


def render_docx(
    circular: Circular,
    profile: FontProfile = DEFAULT_PROFILE,
    letterhead: Letterhead | None = None,
) -> bytes:
    """The circular as .docx bytes (GB/T 9704-2012 layout); deterministic.

    `letterhead` None or "none": for pre-printed letterhead paper, nothing drawn (the bytes
    are those of a render without the argument); "file"/"letter": a red 版头 is drawn."""
    document = Document()
    lang = LANG_BY_SCRIPT.get(circular.script, "zh-CN")
    fm = formats_for(profile)
    _drop_template_parts(document)
    setup_styles(document.styles.element, fm, lang)
    section = document.sections[0]
    _setup_section(section)
    _setup_settings(document, lang)
    _setup_footers(section, fm)
    if letterhead is not None and letterhead.drawn and letterhead.kind == "letter":
        _letter_footers(section)
    _setup_core_properties(document, circular, lang)

    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    runs: list[_TableRun] = []
    for item in _content(circular, fm, letterhead):
        if isinstance(item, _TableRun):
            # a comment cannot come from the text (its "<" would be escaped): a safe marker
            sect_pr.addprevious(etree.Comment(f"inspect-tui table {len(runs)}"))
            runs.append(item)
        else:
            sect_pr.addprevious(item)

    buffer = io.BytesIO()
    document.save(buffer)
    transforms = {
        "word/document.xml": _splice_tables(runs, fm),
        "word/fontTable.xml": _font_table_transform(profile),
    }
    return _rezip(buffer.getvalue(), transforms)
