"""The 版头 (letterhead) of a circular: which form, and where its parts go (GB/T 9704-2012).

Pure geometry — no docx here; `circular/docx.py` turns these numbers into WordprocessingML.
Numbers from /work/shared/design/gbt9704.md (§1.3 发文机关标志/版头分隔线, §1.4 信函格式):

- "none": the office prints on pre-printed letterhead paper (红头纸); nothing is drawn and the
  document is byte-identical to one rendered without a letterhead.
- "file" (文件格式, §7.2): the 发文机关标志 centred, its top edge 35 mm below the top edge of the
  版心 (so 37 + 35 = 72 mm from the top of the paper); the 发文字号 two lines below it, centred;
  the red 版头分隔线 4 mm below the 发文字号, as wide as the 版心 (156 mm).
- "letter" (信函格式, §10.1): the mark's top edge 30 mm from the top of the paper (above the
  版心), a red double line 上粗下细 4 mm below it and a red double line 上细下粗 20 mm above the
  bottom of the paper, both 170 mm long and centred; the 发文字号 at the right edge of the 版心
  under the first double line; no page number on the first page.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Literal, get_args

Kind = Literal["none", "file", "letter"]
KINDS: tuple[str, ...] = get_args(Kind)

MM_TWIPS = 1440 / 25.4  # 56.69 twips per millimetre
PT_PER_MM = 72 / 25.4

TYPE_AREA_TOP_MM = 37.0  # 天头 (§5.2.1)
TYPE_AREA_WIDTH_MM = 156.0  # 版心 width
TYPE_AREA_WIDTH_PT = 442.2  # 156 mm in points, as docx_styles' 8844-twip 版心 (442.2 pt)
PAGE_HEIGHT_MM = 297.0

# the mark's size: at most 初号 (42 pt, practice for a short mark); long marks shrink to fit
# the 版心 down to 二号 (22 pt, the title's size); longer still, the characters keep 22 pt and
# are compressed horizontally (`w:w`) so the mark stays on one line
MARK_MAX_HALF_POINTS = 84  # 初号 42 pt
MARK_MIN_HALF_POINTS = 44  # 二号 22 pt

FILE_MARK_TOP_MM = 35.0  # §7.2.4: 上边缘至版心上边缘 35 mm
FILE_RULE_GAP_MM = 4.0  # §7.2.7: 版头分隔线在发文字号之下 4 mm
FILE_BLANK_LINES_AFTER_MARK = 2  # §7.2.5: 发文字号在标志下空二行
LETTER_MARK_TOP_MM = 30.0  # §10.1: 标志上边缘至上页边 30 mm
LETTER_RULE_GAP_MM = 4.0  # §10.1: 标志下 4 mm 处印一条红色双线
LETTER_BOTTOM_RULE_MM = 20.0  # §10.1: 距下页边 20 mm 处印一条红色双线
LETTER_RULE_LENGTH_MM = 170.0  # §10.1: 双线长 170 mm, 居中
# The bottom double line is the top border of a 1 pt footer paragraph; the footer's bottom is
# this far above the paper's bottom, which puts the line's middle at 20 mm (LibreOffice render:
# the border sits 0.3–1.6 mm above the footer's bottom)
LETTER_FOOTER_MM = 19.0
LETTER_BOTTOM_RULE_LINE = 20  # twips: the footer paragraph's exact height (1 pt)
# §10.1: the first element under the double line sits 3号字高的7/8 (14 pt) below it
LETTER_NUMBER_GAP_PT = 14.0

RED = "FF0000"
RULE_EIGHTHS = 8  # 版头分隔线 ≈ 0.35 mm = 1 pt, in eighths of a point (w:sz)
DOUBLE_RULE_EIGHTHS = 18  # the letter's double lines: 2.25 pt for thick + gap + thin


@dataclass(frozen=True)
class Letterhead:
    """The office's choice of 版头 and the 发文机关标志's text (e.g. "某某市人民政府办公室文件")."""

    kind: Kind = "none"
    mark: str = ""

    @property
    def drawn(self) -> bool:
        """Whether anything is drawn: "none" (or a form without a mark text) draws nothing."""
        return self.kind != "none" and bool(self.mark.strip())


def letterhead_for(kind: str, mark: str = "", issuer: str = "") -> Letterhead:
    """The letterhead an office's settings ask for. An unknown kind is "none" (the output the
    tool always had); an empty mark falls back to the issuer, with "文件" for the file form
    (§7.2.4: 发文机关全称或规范化简称后加“文件”; the letter form has no “文件”)."""
    if kind not in KINDS or kind == "none":
        return Letterhead()
    text = " ".join(mark.split())
    if not text and issuer.strip():
        text = " ".join(issuer.split()) + ("文件" if kind == "file" else "")
    return Letterhead("file" if kind == "file" else "letter", text)


def em_width(text: str) -> float:
    """Width in ems of the mark's font: CJK and full-width 1, anything else ½."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


@dataclass(frozen=True)
class MarkSize:
    half_points: int  # w:sz
    scale: int  # w:w, per cent of the normal character width (100 = not compressed)

    @property
    def points(self) -> float:
        return self.half_points / 2


def mark_size(mark: str) -> MarkSize:
    """The 标志's size, from its length and the 版心 width.

    Formula: size_pt = min(42, 442.2 / w), rounded *down* to the half point, where w is the
    mark's width in ems (a 汉字 is 1 em) and 442.2 pt the 版心 width (156 mm): the mark fills
    at most the 版心 and never exceeds 初号. Below 二号 (22 pt, so more than about 20 字) the
    size stays 22 pt and the characters are compressed to scale = floor(100 × 442.2 / (22 × w))
    per cent of their width, so the mark remains one centred line.
    """
    width = max(em_width(mark), 1.0)
    half_points = math.floor(2 * TYPE_AREA_WIDTH_PT / width)
    if half_points >= MARK_MIN_HALF_POINTS:
        return MarkSize(min(half_points, MARK_MAX_HALF_POINTS), 100)
    scale = math.floor(100 * TYPE_AREA_WIDTH_PT / (MARK_MIN_HALF_POINTS / 2 * width))
    return MarkSize(MARK_MIN_HALF_POINTS, max(scale, 1))


def mm_to_twips(mm: float) -> int:
    return round(mm * MM_TWIPS)


def pt_to_twips(pt: float) -> int:
    return round(pt * 20)


# Where the glyphs sit in their line boxes, measured on LibreOffice renders at 300 dpi (Noto
# Serif CJK standing in for 小标宋/仿宋; Word places text in an exact line the same way, the
# descent at the bottom and any extra height above the text):
# - the mark, in an exact line one em high: 汉字 run from 0.06 em above the box's top to
#   0.12 em above its bottom;
# - 3号 text in an exact 28.95 pt line: the glyphs run from about 10 pt below the box's top
#   to 1.66 mm above its bottom.
MARK_GLYPH_TOP_EM = -0.06
MARK_GLYPH_BOTTOM_EM = 0.12
TEXT_BOTTOM_IN_LINE_MM = 1.66
TEXT_TOP_IN_LINE_PT = 10.0


@dataclass(frozen=True)
class FileGeometry:
    """文件格式, in twips, in the flow of the 版心 (which starts 37 mm from the paper's top)."""

    spacer: int  # an empty paragraph of this exact height before the mark
    mark_line: int  # the mark's paragraph: an exact line of one em
    blank_lines: int  # blank 28.95 pt lines between the mark and the 发文字号
    rule_line: int  # an empty paragraph under the 发文字号 whose bottom border is the rule


def file_geometry(size: MarkSize) -> FileGeometry:
    # Every distance is the exact height of a paragraph and the rule a bottom border with no
    # space: the border's w:space is drawn differently by Word and LibreOffice.
    em_mm = size.points / PT_PER_MM
    return FileGeometry(
        spacer=mm_to_twips(FILE_MARK_TOP_MM - MARK_GLYPH_TOP_EM * em_mm),
        mark_line=size.half_points * 10,
        blank_lines=FILE_BLANK_LINES_AFTER_MARK,
        rule_line=mm_to_twips(FILE_RULE_GAP_MM - TEXT_BOTTOM_IN_LINE_MM),
    )


@dataclass(frozen=True)
class LetterGeometry:
    """信函格式, in twips: the mark is placed on the page (above the 版心) in a frame; the
    double line and the 发文字号 follow it in the flow."""

    mark_top: int  # the frame's y from the paper's top: the mark's line box (one em) starts here
    mark_line: int
    rule_line: int  # an empty paragraph under the frame: its bottom border is the double line
    rule_width: int  # 170 mm: the frame's width
    rule_inset: int  # left/right indent (negative) of the double lines' paragraphs: 170 mm long
    number_gap: int  # a spacer from the double line to the 发文字号's line box


def letter_geometry(size: MarkSize) -> LetterGeometry:
    em_mm = size.points / PT_PER_MM
    return LetterGeometry(
        mark_top=mm_to_twips(LETTER_MARK_TOP_MM - MARK_GLYPH_TOP_EM * em_mm),
        mark_line=size.half_points * 10,
        rule_line=mm_to_twips(LETTER_RULE_GAP_MM - MARK_GLYPH_BOTTOM_EM * em_mm),
        rule_width=mm_to_twips(LETTER_RULE_LENGTH_MM),
        rule_inset=-mm_to_twips((LETTER_RULE_LENGTH_MM - TYPE_AREA_WIDTH_MM) / 2),
        # 7/8 of a 3号 character (14 pt) from the line to the 发文字号's glyphs
        number_gap=max(20, pt_to_twips(LETTER_NUMBER_GAP_PT - TEXT_TOP_IN_LINE_PT)),
    )
