"""GB/T 9704-2012 metrics, text hygiene and the low-level WordprocessingML builders.

Units: twips (1/20 pt, "tw"), half-points for font sizes. See /work/shared/design/gbt9704.md.
Everything here builds raw `w:` elements (python-docx has no API for most of it: East Asian
fonts, `*Chars` indents, `w:szCs`, grid and table properties).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from inspect_tui.circular.fonts import FontProfile

El = Any  # an lxml element (python-docx's oxml classes); lxml and docx ship no type stubs

# --- page (GB/T 9704-2012 §5) -------------------------------------------------------------
PAGE_WIDTH = 11906  # A4 210 mm
PAGE_HEIGHT = 16838  # A4 297 mm
MARGIN_TOP = 2098  # 天头 37 mm
MARGIN_BOTTOM = 1984  # 35 mm = 297 − 37 − 225
MARGIN_LEFT = 1587  # 订口 28 mm
MARGIN_RIGHT = 1474  # 26 mm = 210 − 28 − 156
TEXT_BLOCK_WIDTH = 8844  # 版心 156 mm (the margins above leave 8845): what tables are scaled to
HEADER_DISTANCE = 851  # 15 mm; there is no header, Word wants a value anyway
FOOTER_DISTANCE = 1417  # 25 mm: puts the page number's 一字线 ≈ 7 mm below the 版心 (§7.5)
LINE_PITCH = 579  # 28.95 pt: 22 lines × 579 = 12738 ≤ 12756 (225 mm); 580 would give 21 lines

# --- sizes (half-points) ----------------------------------------------------------------
SIZE_2 = 44  # 二号 22 pt: titles
SIZE_3 = 32  # 三号 16 pt: everything in the text
SIZE_4 = 28  # 四号 14 pt: page numbers, table cells
CHAR_3 = 320  # one 3号 字 in twips
CHAR_4 = 280  # one 4号 字 in twips
# −0.25 pt per 3号 character: 28 × 15.75 pt = 441 pt ≤ 442.2 pt, so a line holds 28 字 (§5.2.3);
# at a full 16 pt only 27 fit. Option B of the design notes (§2.4): predictable in Word/WPS/LO.
CHAR_SPACING_3 = -5
TABLE_LINE = 400  # 20 pt exact lines in table cells
TABLE_CELL_MARGIN = 108  # left/right cell margin (Word's default 0.19 cm)

LANG_BY_SCRIPT = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}

# --- text hygiene --------------------------------------------------------------------------
# Characters lxml refuses ("All strings must be XML compatible"): C0 controls except TAB, LF,
# CR; lone surrogates; U+FFFE/U+FFFF.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NEWLINES = re.compile(r"[ \t]*(?:\r\n|\r|\n)+[ \t]*")


def clean_xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry (TAB, LF and CR are kept)."""
    return _XML_INVALID.sub("", text)


def _join_lines(match: re.Match[str]) -> str:
    s, start, end = match.string, match.start(), match.end()
    before = s[start - 1] if start > 0 else ""
    after = s[end] if end < len(s) else ""
    # Chinese text has no spaces between words; keep one only between two Latin characters.
    return " " if before.isascii() and after.isascii() and before and after else ""


def one_line(text: str) -> str:
    """Cleaned text for a single run of a paragraph: no line breaks (a `w:br` in a justified
    paragraph stretches the line before it), tabs as spaces."""
    text = clean_xml_text(text)
    if "\n" in text or "\r" in text:
        text = _NEWLINES.sub(_join_lines, text)
    return text.replace("\t", " ")


# Times New Roman advance widths (em) of the narrow Latin characters; others count ½ em.
_LATIN_WIDTH = {" ": 0.25, ".": 0.25, ",": 0.25, ":": 0.28, ";": 0.28, "(": 0.33, ")": 0.33}


def display_width(text: str) -> float:
    """Approximate width in 字 (ems of the paragraph's font): CJK and full-width 1, Latin by
    Times New Roman metrics (digits ½, "." and space ¼) — so "1. " is one 字.

    Ambiguous-width characters (“ ” — …) count 1: runs carry `w:hint="eastAsia"`, so Word sets
    them in the Chinese font.
    """
    return sum(
        1.0 if unicodedata.east_asian_width(ch) in "WFA" else _LATIN_WIDTH.get(ch, 0.5)
        for ch in text
    )


# --- element builders -----------------------------------------------------------------------
def el(tag: str, attrs: dict[str, str] | None = None, *children: El) -> El:
    """`<w:tag w:k="v"…>children</w:tag>`; attribute names without prefix get `w:`."""
    element = OxmlElement(tag)
    for key, value in (attrs or {}).items():
        element.set(qn(key if ":" in key else f"w:{key}"), value)
    for child in children:
        element.append(child)
    return element


def val(tag: str, value: str) -> El:
    return el(tag, {"val": value})


THEME_FONT_ATTRS = tuple(
    qn(f"w:{a}") for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
)


def strip_theme_fonts(root: El) -> None:
    """Delete theme font attributes: on an rFonts element they win over `w:eastAsia`."""
    for rfonts in root.iter(qn("w:rFonts")):
        for attr in THEME_FONT_ATTRS:
            rfonts.attrib.pop(attr, None)


@dataclass(frozen=True)
class TextFormat:
    """Character formatting of one run (or the rPr of a style)."""

    east_asia: str
    latin: str
    size: int  # half-points
    bold: bool = False
    spacing: int = 0  # w:spacing in twips (character spacing)
    hint: bool = True
    color: str = ""  # w:color (hex RGB), "" = automatic: only the letterhead's red mark
    scale: int = 100  # w:w, per cent of the characters' width: a long letterhead mark

    def rfonts(self) -> El:
        attrs = {"ascii": self.latin, "hAnsi": self.latin, "eastAsia": self.east_asia}
        attrs["cs"] = self.latin
        if self.hint:
            attrs["hint"] = "eastAsia"
        return el("w:rFonts", attrs)

    def rpr(self, *, style: str | None = None, lang: str | None = None) -> El:
        # CT_RPr order: rStyle, rFonts, b, bCs, …, color, spacing, w, …, sz, szCs, …, lang
        rpr = el("w:rPr")
        if style:
            rpr.append(val("w:rStyle", style))
        rpr.append(self.rfonts())
        if self.bold:
            rpr.append(el("w:b"))
            rpr.append(el("w:bCs"))
        if self.color:
            rpr.append(val("w:color", self.color))
        if self.spacing:
            rpr.append(val("w:spacing", str(self.spacing)))
        if self.scale != 100:
            rpr.append(val("w:w", str(self.scale)))
        rpr.append(val("w:sz", str(self.size)))
        rpr.append(val("w:szCs", str(self.size)))
        if lang:
            rpr.append(el("w:lang", {"val": "en-US", "eastAsia": lang, "bidi": "ar-SA"}))
        return rpr


@dataclass(frozen=True)
class Indent:
    """Indents in hundredths of a character (`*Chars`), with twips written alongside."""

    left: int = 0
    right: int = 0
    first_line: int = 0  # > 0: first-line indent; < 0: hanging indent
    char: int = CHAR_3  # twips per character for the twip fallback values

    def element(self) -> El:
        def tw(chars: int) -> str:
            return str(round(chars * self.char / 100))

        attrs: dict[str, str] = {}
        if self.left:
            attrs |= {"leftChars": str(self.left), "left": tw(self.left)}
        if self.right:
            attrs |= {"rightChars": str(self.right), "right": tw(self.right)}
        if self.first_line > 0:
            attrs |= {"firstLineChars": str(self.first_line), "firstLine": tw(self.first_line)}
        elif self.first_line < 0:
            attrs |= {"hangingChars": str(-self.first_line), "hanging": tw(-self.first_line)}
        else:
            # explicit zeros so an inherited first-line indent cannot leak in
            attrs |= {"firstLineChars": "0", "firstLine": "0"}
        if not self.left:
            attrs |= {"leftChars": "0", "left": "0"}
        if not self.right:
            attrs |= {"rightChars": "0", "right": "0"}
        return el("w:ind", attrs)


NO_INDENT = Indent()
TWO_CHARS = Indent(first_line=200)


@dataclass(frozen=True)
class ParaFormat:
    """Paragraph formatting (the pPr of a paragraph or a style)."""

    jc: str = "both"
    indent: Indent = NO_INDENT
    line: int = LINE_PITCH
    line_rule: str = "exact"
    keep_next: bool = False
    page_break_before: bool = False
    outline_level: int | None = None

    def ppr(self, *, style: str | None = None, base: bool = False) -> El:
        """The pPr; `base` adds the settings every paragraph shares (for Normal/docDefaults)."""
        ppr = el("w:pPr")
        if style:
            ppr.append(val("w:pStyle", style))
        if self.keep_next:
            ppr.append(el("w:keepNext"))
        if self.page_break_before:
            ppr.append(el("w:pageBreakBefore"))
        ppr.append(val("w:widowControl", "0"))  # or pages end with 21 lines
        if base:
            # no extra gap between Chinese and Latin/digits: keeps the 28-字 grid and the
            # hanging indent of the attachment notes exact
            ppr.append(val("w:autoSpaceDE", "0"))
            ppr.append(val("w:autoSpaceDN", "0"))
        # exact spacing alone decides line height (the 2号 title would take two grid cells)
        ppr.append(val("w:snapToGrid", "0"))
        ppr.append(
            el(
                "w:spacing",
                {"before": "0", "after": "0", "line": str(self.line), "lineRule": self.line_rule},
            )
        )
        ppr.append(self.indent.element())
        ppr.append(val("w:jc", self.jc))
        if self.outline_level is not None:
            ppr.append(val("w:outlineLvl", str(self.outline_level)))
        return ppr


@dataclass(frozen=True)
class Formats:
    """Character formats per element, from a font profile."""

    title: TextFormat
    body: TextFormat
    heading1: TextFormat
    lead: TextFormat
    label: TextFormat
    table_header: TextFormat
    table_text: TextFormat
    page_number: TextFormat


def formats_for(profile: FontProfile) -> Formats:
    latin = profile.latin
    return Formats(
        # titles: every slot in the title font, so digits ("2018年") match the heavy face
        # −0.25 pt as for the text: 20 字 × 21.75 pt leaves slack for a full 20-字 title line
        title=TextFormat(
            profile.title, profile.title, SIZE_2, bold=profile.title_bold, spacing=CHAR_SPACING_3
        ),
        body=TextFormat(profile.body, latin, SIZE_3, spacing=CHAR_SPACING_3),
        heading1=TextFormat(profile.heading1, latin, SIZE_3, spacing=CHAR_SPACING_3),
        lead=TextFormat(profile.heading2, latin, SIZE_3, spacing=CHAR_SPACING_3),
        # "附件1": the digit in 黑体 too
        label=TextFormat(profile.heading1, profile.heading1, SIZE_3, spacing=CHAR_SPACING_3),
        table_header=TextFormat(profile.heading1, profile.heading1, SIZE_4),
        table_text=TextFormat(profile.body, latin, SIZE_4),
        # 页码: 4号半角宋体阿拉伯数字 (§7.5), all slots 宋体
        page_number=TextFormat(profile.page_number, profile.page_number, SIZE_4),
    )


# --- styles -----------------------------------------------------------------------------------
# (style id, display name, paragraph format, text format attribute of `Formats`)
STYLE_TITLE = "GwTitle"
STYLE_PLAIN = "GwPlain"
STYLE_BODY = "GwBody"
STYLE_HEADING1 = "GwHeading1"
STYLE_LABEL = "GwAttachmentLabel"
STYLE_TABLE_HEADING = "GwTableHeading"
STYLE_TABLE_HEADER = "GwTableHeader"
STYLE_TABLE_TEXT = "GwTableText"
STYLE_PAGE_NUMBER = "GwPageNumber"
STYLE_LEAD = "GwLead"  # character style

TABLE_PARA = ParaFormat(jc="center", line=TABLE_LINE)

PARAGRAPH_STYLES: tuple[tuple[str, str, ParaFormat, str], ...] = (
    (STYLE_TITLE, "公文标题", ParaFormat(jc="center"), "title"),
    (STYLE_PLAIN, "公文顶格", ParaFormat(), "body"),
    (STYLE_BODY, "公文正文", ParaFormat(indent=TWO_CHARS), "body"),
    (
        STYLE_HEADING1,
        "公文一级标题",
        ParaFormat(indent=TWO_CHARS, keep_next=True, outline_level=0),
        "heading1",
    ),
    (STYLE_LABEL, "附件标签", ParaFormat(jc="left", keep_next=True), "label"),
    (STYLE_TABLE_HEADING, "表格标题", ParaFormat(indent=TWO_CHARS, keep_next=True), "heading1"),
    (STYLE_TABLE_HEADER, "表头", TABLE_PARA, "table_header"),
    (STYLE_TABLE_TEXT, "表格正文", TABLE_PARA, "table_text"),
    (
        STYLE_PAGE_NUMBER,
        "页码",
        ParaFormat(jc="right", line=240, line_rule="auto"),
        "page_number",
    ),
)


def _style(style_type: str, style_id: str, name: str, *props: El) -> El:
    style = el("w:style", {"type": style_type, "customStyle": "1", "styleId": style_id})
    style.append(val("w:name", name))
    style.append(
        val("w:basedOn", "Normal" if style_type == "paragraph" else "DefaultParagraphFont")
    )
    style.append(val("w:uiPriority", "1"))
    style.append(el("w:qFormat"))
    for prop in props:
        style.append(prop)
    return style


def setup_styles(styles: El, formats: Formats, lang: str) -> None:
    """docDefaults and Normal → 3号仿宋 exact 28.95 pt; one custom style per element."""
    strip_theme_fonts(styles)
    body = formats.body
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = el("w:docDefaults")
        styles.insert(0, defaults)
    for child in list(defaults):
        defaults.remove(child)
    defaults.append(el("w:rPrDefault", None, body.rpr(lang=lang)))
    defaults.append(el("w:pPrDefault", None, ParaFormat().ppr(base=True)))

    normal = next(s for s in styles.iter(qn("w:style")) if s.get(qn("w:styleId")) == "Normal")
    for child in normal.findall(qn("w:pPr")) + normal.findall(qn("w:rPr")):
        normal.remove(child)
    normal.append(ParaFormat().ppr(base=True))
    normal.append(body.rpr(lang=lang))

    for style_id, name, para, text_attr in PARAGRAPH_STYLES:
        text: TextFormat = getattr(formats, text_attr)
        styles.append(_style("paragraph", style_id, name, para.ppr(), text.rpr()))
    styles.append(_style("character", STYLE_LEAD, "二级标题引导句", formats.lead.rpr()))


# Font table entries help Word pick a substitute (charset 134 = GB2312) when a font is missing.
_FONT_ALT = {
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "方正小标宋简体": "宋体",
    "仿宋": "FangSong",
    "楷体": "KaiTi",
    "黑体": "SimHei",
    "宋体": "SimSun",
}


def setup_font_table(fonts: El, profile: FontProfile) -> None:
    present = {f.get(qn("w:name")) for f in fonts.iter(qn("w:font"))}
    names = (profile.title, profile.body, profile.heading1, profile.heading2, profile.page_number)
    for name in dict.fromkeys(names):  # ordered, unique
        if name in present:
            continue
        font = el("w:font", {"name": name})
        if name in _FONT_ALT:
            font.append(val("w:altName", _FONT_ALT[name]))
        font.append(val("w:charset", "86"))
        font.append(val("w:family", "modern" if name == profile.heading1 else "roman"))
        font.append(val("w:pitch", "variable"))
        fonts.append(font)
