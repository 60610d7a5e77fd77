"""The .docx follows GB/T 9704-2012: read the rendered bytes back with python-docx and lxml.

Every test takes the `circular` fixture; add circulars to `CIRCULARS` (e.g. the composed
sample) to run the same checks on them.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from circular_fixture import DATE, ISSUER, build_circular, build_full_page_circular
from inspect_tui.circular.blocks import Circular, Paragraph, Role, Table
from inspect_tui.circular.docx import document_datetime, render_docx, title_lines
from inspect_tui.circular.docx_styles import clean_xml_text, display_width, one_line
from inspect_tui.circular.docx_tables import scale_widths
from inspect_tui.circular.fonts import DEFAULT_PROFILE, PROFILES, FontProfile

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CIRCULARS: dict[str, Callable[[], Circular]] = {"fixture": build_circular}


@pytest.fixture(params=sorted(CIRCULARS), scope="module")
def circular(request: pytest.FixtureRequest) -> Circular:
    return CIRCULARS[request.param]()


@dataclass
class Rendered:
    data: bytes
    parts: dict[str, bytes]
    document: Any  # docx.Document
    body: Any  # w:body
    styles: Any  # w:styles

    def xml(self, name: str) -> Any:
        return etree.fromstring(self.parts[name])

    def paragraphs(self) -> list[Any]:
        """Top-level body paragraphs (not those in tables)."""
        return self.body.findall(f"{W}p")

    def paragraph_with(self, text: str) -> Any:
        matches = [p for p in self.paragraphs() if text_of(p) == text]
        assert matches, f"no paragraph reads {text!r}"
        return matches[0]

    def style(self, style_id: str) -> Any:
        for style in self.styles.iter(f"{W}style"):
            if style.get(f"{W}styleId") == style_id:
                return style
        raise AssertionError(f"no style {style_id}")


_cache: dict[tuple[Circular, str], Rendered] = {}


def render(circular: Circular, profile: FontProfile = DEFAULT_PROFILE) -> Rendered:
    key = (circular, profile.name)
    if key not in _cache:
        data = render_docx(circular, profile)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = {name: z.read(name) for name in z.namelist()}
        document = docx.Document(io.BytesIO(data))
        _cache[key] = Rendered(
            data, parts, document, document.element.body, document.styles.element
        )
    return _cache[key]


def text_of(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def wattr(element: Any, name: str) -> str | None:
    value = element.get(f"{W}{name}")
    return None if value is None else str(value)


def ppr_child(p: Any, tag: str) -> Any:
    ppr = p.find(f"{W}pPr")
    return None if ppr is None else ppr.find(f"{W}{tag}")


def runs(p: Any) -> Iterator[Any]:
    yield from (r for r in p.iter(f"{W}r") if r.find(f"{W}t") is not None)


def effective_font(rendered: Rendered, p: Any, r: Any, slot: str = "eastAsia") -> str | None:
    """The font a run gets for `slot`: direct rPr → character style → paragraph style chain →
    docDefaults (theme attributes are asserted absent elsewhere)."""

    def from_rpr(rpr: Any) -> str | None:
        fonts = None if rpr is None else rpr.find(f"{W}rFonts")
        return None if fonts is None else wattr(fonts, slot)

    rpr = r.find(f"{W}rPr")
    found = from_rpr(rpr)
    if found:
        return found
    chain: list[Any] = []
    rstyle = None if rpr is None else rpr.find(f"{W}rStyle")
    if rstyle is not None:
        chain.append(rendered.style(wattr(rstyle, "val") or ""))
    pstyle = ppr_child(p, "pStyle")
    style = rendered.style(wattr(pstyle, "val") or "Normal" if pstyle is not None else "Normal")
    while style is not None:
        chain.append(style)
        based = style.find(f"{W}basedOn")
        style = rendered.style(wattr(based, "val") or "") if based is not None else None
    for s in chain:
        found = from_rpr(s.find(f"{W}rPr"))
        if found:
            return found
    return from_rpr(rendered.styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))


def tables(rendered: Rendered) -> list[Any]:
    return rendered.body.findall(f"{W}tbl")


# --- page -----------------------------------------------------------------------------------
def test_page_size_margins_and_grid(circular: Circular) -> None:
    rendered = render(circular)
    (section,) = rendered.document.sections
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert section.top_margin.twips == 2098  # 37 mm
    assert section.bottom_margin.twips == 1984  # 35 mm
    assert section.left_margin.twips == 1587  # 28 mm
    assert section.right_margin.twips == 1474  # 26 mm
    assert 1390 <= section.footer_distance.twips <= 1450  # ≈ 25 mm
    grid = rendered.body.find(f"{W}sectPr/{W}docGrid")
    assert wattr(grid, "linePitch") == "579"
    assert len(rendered.body.findall(f"{W}sectPr/{W}docGrid")) == 1
    # 22 lines of 579 tw fit the 版心 height, 23 don't
    text_height = 16838 - 2098 - 1984
    assert 22 * 579 <= text_height < 23 * 579


def test_settings_zoom_and_even_odd_footers(circular: Circular) -> None:
    settings = render(circular).xml("word/settings.xml")
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    assert wattr(settings.find(f"{W}zoom"), "percent") == "100"


# --- fonts ----------------------------------------------------------------------------------
@pytest.mark.parametrize("profile", list(PROFILES.values()), ids=list(PROFILES))
def test_defaults_and_normal_use_body_font(circular: Circular, profile: FontProfile) -> None:
    rendered = render(circular, profile)
    default_rpr = rendered.styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    normal_rpr = rendered.style("Normal").find(f"{W}rPr")
    for rpr in (default_rpr, normal_rpr):
        fonts = rpr.find(f"{W}rFonts")
        assert wattr(fonts, "eastAsia") == profile.body
        assert wattr(fonts, "ascii") == profile.latin
        assert wattr(rpr.find(f"{W}sz"), "val") == "32"
        assert wattr(rpr.find(f"{W}szCs"), "val") == "32"


@pytest.mark.parametrize("profile", list(PROFILES.values()), ids=list(PROFILES))
def test_fonts_per_element(circular: Circular, profile: FontProfile) -> None:
    rendered = render(circular, profile)

    def fonts_of(p: Any) -> set[str | None]:
        return {effective_font(rendered, p, r) for r in runs(p)}

    title_p = next(p for p in rendered.paragraphs() if title_lines(circular.title)[0] in text_of(p))
    assert fonts_of(title_p) == {profile.title}
    addressees = rendered.paragraph_with(one_line(circular.addressees))
    assert fonts_of(addressees) == {profile.body}

    body = [b for b in circular.body if b.role is Role.BODY]
    assert fonts_of(rendered.paragraph_with(body[0].text)) == {profile.body}
    heading = next(b for b in circular.body if b.role is Role.HEADING1)
    assert fonts_of(rendered.paragraph_with(heading.full_text)) == {profile.heading1}
    item = next(b for b in circular.body if b.role is Role.ITEM and b.lead)
    lead_run, text_run = list(runs(rendered.paragraph_with(item.full_text)))
    item_p = rendered.paragraph_with(item.full_text)
    assert text_of(lead_run) == item.lead
    assert effective_font(rendered, item_p, lead_run) == profile.heading2
    assert effective_font(rendered, item_p, text_run) == profile.body

    for attachment in circular.attachments:
        label = rendered.paragraph_with(attachment.label)
        assert fonts_of(label) == {profile.heading1}
    for tbl in tables(rendered):
        rows = tbl.findall(f"{W}tr")
        header_fonts = {
            effective_font(rendered, p, r) for p in rows[0].iter(f"{W}p") for r in runs(p)
        }
        assert header_fonts == {profile.heading1}
        body_fonts = {
            effective_font(rendered, p, r)
            for row in rows[1:]
            for p in row.iter(f"{W}p")
            for r in runs(p)
        }
        assert body_fonts == {profile.body}

    for name in ("word/footer1.xml", "word/footer2.xml"):
        footer = rendered.xml(name)
        for r in footer.iter(f"{W}r"):
            fonts = r.find(f"{W}rPr/{W}rFonts")
            for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
                assert wattr(fonts, slot) == profile.page_number
            assert wattr(r.find(f"{W}rPr/{W}sz"), "val") == "28"  # 4号


def test_text_runs_carry_east_asian_hint_and_complex_size(circular: Circular) -> None:
    rendered = render(circular)
    for p in rendered.paragraphs():
        for r in runs(p):
            fonts = r.find(f"{W}rPr/{W}rFonts")
            assert wattr(fonts, "hint") == "eastAsia"
            assert r.find(f"{W}rPr/{W}szCs") is not None
    for tbl in tables(rendered):
        for r in tbl.iter(f"{W}r"):
            assert wattr(r.find(f"{W}rPr/{W}rFonts"), "hint") == "eastAsia"


def test_no_theme_fonts_left(circular: Circular) -> None:
    rendered = render(circular)
    theme_attrs = (b"asciiTheme", b"hAnsiTheme", b"eastAsiaTheme", b"cstheme")
    for name, blob in rendered.parts.items():
        if name.startswith("word/") and name.endswith(".xml") and "theme/" not in name:
            for attr in theme_attrs:
                assert attr not in blob, f"{attr!r} in {name}"
    # Word 2010 may prefer stylesWithEffects.xml over styles.xml: it must be gone
    assert "word/stylesWithEffects.xml" not in rendered.parts


# --- paragraphs -----------------------------------------------------------------------------
def test_body_paragraphs_exact_lines_indent_justified(circular: Circular) -> None:
    rendered = render(circular)
    for para in circular.body:
        p = rendered.paragraph_with(one_line(para.full_text))
        spacing = ppr_child(p, "spacing")
        assert (wattr(spacing, "line"), wattr(spacing, "lineRule")) == ("579", "exact")
        assert (wattr(spacing, "before"), wattr(spacing, "after")) == ("0", "0")
        ind = ppr_child(p, "ind")
        assert (wattr(ind, "firstLineChars"), wattr(ind, "firstLine")) == ("200", "640")
        assert wattr(ppr_child(p, "jc"), "val") == "both"
        assert wattr(ppr_child(p, "widowControl"), "val") == "0"
        fmt = docx.text.paragraph.Paragraph(p, None).paragraph_format
        assert fmt.widow_control is False


def test_every_text_paragraph_is_on_the_28_95_pt_grid(circular: Circular) -> None:
    """Blank lines included: 空一行 is an empty paragraph with the same exact line."""
    rendered = render(circular)
    for p in rendered.paragraphs():
        spacing = ppr_child(p, "spacing")
        if spacing is not None and wattr(spacing, "line") == "20":  # the final 1 pt paragraph
            assert p is rendered.paragraphs()[-1]
            continue
        assert (wattr(spacing, "line"), wattr(spacing, "lineRule")) == ("579", "exact")


def test_heading1_keeps_with_next(circular: Circular) -> None:
    rendered = render(circular)
    for para in circular.body:
        if para.role is Role.HEADING1:
            p = rendered.paragraph_with(para.full_text)
            assert ppr_child(p, "keepNext") is not None
            assert wattr(ppr_child(p, "ind"), "firstLineChars") == "200"


def test_document_number_title_and_addressees(circular: Circular) -> None:
    rendered = render(circular)
    paragraphs = rendered.paragraphs()
    number = rendered.paragraph_with(circular.doc_number)
    assert paragraphs[0] is number
    assert "〔" in circular.doc_number and "〕" in circular.doc_number
    assert wattr(ppr_child(number, "jc"), "val") == "right"  # 信函格式: 顶格居版心右边缘
    # two blank lines, then the title
    assert [text_of(p) for p in paragraphs[1:3]] == ["", ""]
    title = paragraphs[3]
    assert text_of(title) == "".join(title_lines(circular.title))
    assert wattr(ppr_child(title, "jc"), "val") == "center"
    assert wattr(title.find(f".//{W}sz"), "val") == "44"  # 2号
    assert text_of(paragraphs[4]) == ""  # 标题下空一行
    addressees = paragraphs[5]
    assert text_of(addressees).endswith("：")
    ind = ppr_child(addressees, "ind")
    assert wattr(ind, "firstLineChars") == "0"
    assert wattr(ind, "leftChars") == "0"  # 顶格


def test_attachment_notes_hang_so_names_align(circular: Circular) -> None:
    rendered = render(circular)
    notes = [
        rendered.paragraph_with((circular.attachment_intro if i == 0 else "") + note)
        for i, note in enumerate(circular.attachment_notes)
    ]
    # "附件：1. " = 3 + 1 字 after the 2-字 indent: names start at 6 字
    first = ppr_child(notes[0], "ind")
    assert (wattr(first, "leftChars"), wattr(first, "hangingChars")) == ("600", "400")
    for note in notes[1:]:
        ind = ppr_child(note, "ind")
        assert (wattr(ind, "leftChars"), wattr(ind, "hangingChars")) == ("600", "100")
    assert display_width("附件：1. ") == 4


def test_signature_for_seal(circular: Circular) -> None:
    rendered = render(circular)
    paragraphs = rendered.paragraphs()
    issuer = rendered.paragraph_with(circular.issuer)
    date = rendered.paragraph_with(circular.date)
    i_issuer, i_date = paragraphs.index(issuer), paragraphs.index(date)
    assert i_date == i_issuer + 1
    # two blank lines between the attachment notes and the 署名
    assert [text_of(p) for p in paragraphs[i_issuer - 2 : i_issuer]] == ["", ""]
    last_note = paragraphs[i_issuer - 3]
    assert text_of(last_note) == circular.attachment_notes[-1]
    assert wattr(ppr_child(date, "jc"), "val") == "right"
    assert wattr(ppr_child(date, "ind"), "rightChars") == "400"  # 右空四字
    assert wattr(ppr_child(issuer, "jc"), "val") == "right"
    # keep-with-next from the last body paragraph through the 署名, so the date's page
    # always carries text
    last_body = rendered.paragraph_with(one_line(circular.body[-1].full_text))
    chain = paragraphs[paragraphs.index(last_body) : i_date]
    assert all(ppr_child(p, "keepNext") is not None for p in chain)
    if circular.note:
        note = paragraphs[i_date + 1]
        assert text_of(note) == circular.note
        assert wattr(ppr_child(note, "ind"), "leftChars") == "200"


def test_short_issuer_is_centred_over_the_date() -> None:
    circular = replace(build_circular(), issuer="区政务公开办", date="2018年4月2日")
    rendered = render(circular)
    issuer = rendered.paragraph_with("区政务公开办")
    # date: 6 字 wide, right edge 4 字 in → centre 7 字 from the right; issuer 6 字 → right 4 字
    assert wattr(ppr_child(issuer, "ind"), "rightChars") == "400"
    date = rendered.paragraph_with(circular.date)
    assert wattr(ppr_child(date, "ind"), "rightChars") == "400"


def test_attachments_start_new_pages(circular: Circular) -> None:
    rendered = render(circular)
    paragraphs = rendered.paragraphs()
    for attachment in circular.attachments:
        label = rendered.paragraph_with(attachment.label)
        assert docx.text.paragraph.Paragraph(label, None).paragraph_format.page_break_before
        ind = ppr_child(label, "ind")
        assert wattr(ind, "leftChars") == "0" and wattr(ind, "firstLineChars") == "0"  # 顶格
        i = paragraphs.index(label)
        assert text_of(paragraphs[i + 1]) == ""  # title on line 3
        title = paragraphs[i + 2]
        assert text_of(title) == "".join(title_lines(attachment.title))
        assert wattr(ppr_child(title, "jc"), "val") == "center"
    labels = [p for p in paragraphs if ppr_child(p, "pageBreakBefore") is not None]
    assert len(labels) == len(circular.attachments)


# --- tables ---------------------------------------------------------------------------------
def test_tables_fixed_width_header_repeat_no_split(circular: Circular) -> None:
    rendered = render(circular)
    expected = [t for a in circular.attachments for t in a.tables]
    found = tables(rendered)
    assert len(found) == len(expected)
    for tbl, table in zip(found, expected, strict=True):
        grid = [int(wattr(c, "w") or 0) for c in tbl.findall(f"{W}tblGrid/{W}gridCol")]
        assert len(grid) == len(table.header)
        assert sum(grid) <= 8844
        tbl_w = tbl.find(f"{W}tblPr/{W}tblW")
        assert (wattr(tbl_w, "w"), wattr(tbl_w, "type")) == (str(sum(grid)), "dxa")
        assert wattr(tbl.find(f"{W}tblPr/{W}tblLayout"), "type") == "fixed"
        borders = tbl.find(f"{W}tblPr/{W}tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            assert wattr(borders.find(f"{W}{side}"), "val") == "single"
        rows = tbl.findall(f"{W}tr")
        assert len(rows) == 1 + len(table.rows)
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
        for row in rows:
            assert row.find(f"{W}trPr/{W}cantSplit") is not None
            cells = row.findall(f"{W}tc")
            widths = [int(wattr(c.find(f"{W}tcPr/{W}tcW"), "w") or 0) for c in cells]
            assert widths == grid
            for p in row.iter(f"{W}p"):
                snap = ppr_child(p, "snapToGrid")
                snap = _style_snap(rendered, p) if snap is None else snap
                assert wattr(snap, "val") == "0"
        assert [text_of(c) for c in rows[0].findall(f"{W}tc")] == list(table.header)
        for row, data in zip(rows[1:], table.rows, strict=True):
            for tc, lines in zip(row.findall(f"{W}tc"), data, strict=True):
                # each line of a cell is its own paragraph
                assert [text_of(p) for p in tc.findall(f"{W}p")] == list(lines)


def _style_snap(rendered: Rendered, p: Any) -> Any:
    style = rendered.style(wattr(ppr_child(p, "pStyle"), "val") or "")
    return style.find(f"{W}pPr/{W}snapToGrid")


def test_fixture_has_a_multi_line_cell_and_two_table_attachment() -> None:
    circular = build_circular()
    assert any(
        len(a.tables) == 2 and all(t.heading for t in a.tables) for a in circular.attachments
    )
    cells = [cell for a in circular.attachments for t in a.tables for r in t.rows for cell in r]
    assert max(len(cell) for cell in cells) >= 3


def test_table_headings_keep_with_their_table(circular: Circular) -> None:
    rendered = render(circular)
    for attachment in circular.attachments:
        for table in attachment.tables:
            if table.heading:
                p = rendered.paragraph_with(table.heading)
                assert ppr_child(p, "keepNext") is not None
                assert p.getnext().tag == f"{W}tbl"


def test_scale_widths() -> None:
    assert scale_widths((1, 4, 2), 3) == [1264, 5054, 2526]
    assert sum(scale_widths((1, 4, 2), 3)) == 8844
    assert sum(scale_widths((3, 0, -1), 3)) == 8844
    assert len(scale_widths((1,), 4)) == 4
    assert sum(scale_widths((7, 11, 13, 17, 19), 5)) == 8844


# --- footers --------------------------------------------------------------------------------
def test_page_number_footers(circular: Circular) -> None:
    rendered = render(circular)
    (section,) = rendered.document.sections
    assert rendered.document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer, section.even_page_footer
    for footer, align, attr in ((odd, "right", "rightChars"), (even, "left", "leftChars")):
        assert not footer.is_linked_to_previous
        (p,) = footer.paragraphs
        xml = p._p
        instr = "".join(i.text or "" for i in xml.iter(f"{W}instrText"))
        assert instr.strip() == "PAGE"
        kinds = [wattr(f, "fldCharType") for f in xml.iter(f"{W}fldChar")]
        assert kinds == ["begin", "separate", "end"]
        text = text_of(xml)
        assert text.startswith("— ") and text.endswith(" —")
        assert wattr(ppr_child(xml, "jc"), "val") == align
        assert wattr(ppr_child(xml, "ind"), attr) == "100"  # 空一字


# --- package --------------------------------------------------------------------------------
def test_core_properties(circular: Circular) -> None:
    rendered = render(circular)
    props = rendered.document.core_properties
    assert props.author == circular.issuer
    assert props.last_modified_by == circular.issuer
    assert props.title == "".join(title_lines(circular.title))
    assert props.created == props.modified == document_datetime(circular.date)
    for name in ("docProps/core.xml", "docProps/app.xml"):
        assert b"python-docx" not in rendered.parts[name]


def test_fixture_core_dates() -> None:
    assert document_datetime(DATE) == datetime(2018, 4, 2, tzinfo=UTC)
    assert document_datetime("2018年13月40日") == datetime(2000, 1, 1, tzinfo=UTC)
    assert document_datetime("") == datetime(2000, 1, 1, tzinfo=UTC)
    assert render(build_circular()).document.core_properties.author == ISSUER


def test_deterministic_bytes(circular: Circular) -> None:
    assert render_docx(circular) == render_docx(circular)
    with zipfile.ZipFile(io.BytesIO(render_docx(circular))) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_deterministic_across_processes() -> None:
    """Different hash seeds (set/dict order) and another second on the clock: same bytes."""
    script = (
        "import hashlib, sys; sys.path[:0] = [sys.argv[1]];"
        "from circular_fixture import build_circular;"
        "from inspect_tui.circular.docx import render_docx;"
        "print(hashlib.sha256(render_docx(build_circular())).hexdigest())"
    )
    tests_dir = str(Path(__file__).parents[1])
    digests = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run(
            [sys.executable, "-c", script, tests_dir],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(out.stdout.strip())
    digests.add(hashlib.sha256(render_docx(build_circular())).hexdigest())
    assert len(digests) == 1


# --- text hygiene ---------------------------------------------------------------------------
BAD = "\x00\x0b\x1f\x08\ufffe"


def test_control_characters_are_dropped() -> None:
    base = build_circular()
    table = Table(
        header=(f"序{BAD}號", "名稱"),
        rows=(((f"1{BAD}",), (f"甲{BAD}", "乙\x0c")),),
        widths=(1, 3),
        heading=f"表{BAD}",
    )
    attachment = replace(base.attachments[0], label=f"附件{BAD}一", tables=(table,))
    circular = replace(
        base,
        title=f"關於{BAD}通報",
        doc_number=f"惠灣管辦函〔2018〕{BAD}33號",
        addressees=f"各單位{BAD}：",
        body=(
            Paragraph(f"正文{BAD}內容"),
            Paragraph(f"一、{BAD}標題", Role.HEADING1),
            Paragraph(f"內容{BAD}", Role.ITEM, lead=f"（一）{BAD}引導。"),
        ),
        attachment_notes=(f"1. 名單{BAD}",),
        attachment_intro=f"附件{BAD}：",
        issuer=f"辦公室{BAD}",
        date=f"2018年4月2日{BAD}",
        note=f"（此件{BAD}公開發布）",
        attachments=(attachment,),
    )
    data = render_docx(circular)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                text = z.read(name).decode("utf-8")
                assert not any(ch in text for ch in BAD), name
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert "正文內容" in texts and "辦公室" in texts and "2018年4月2日" in texts
    assert document.core_properties.author == "辦公室"
    assert [c.text for c in document.tables[0].rows[1].cells] == ["1", "甲\n乙"]


def test_clean_xml_text() -> None:
    assert clean_xml_text("a\x00b\x0bc\x1fd\te\nf\rg") == "abcd\te\nf\rg"
    assert clean_xml_text("\ud800x\uffff") == "x"
    assert one_line("第一行\n第二行") == "第一行第二行"
    assert one_line("foo\nbar") == "foo bar"
    assert one_line("a\tb") == "a b"


def test_title_lines() -> None:
    title = "惠州大亞灣經濟技術開發區管理委員會辦公室關於2018年第一季度政府網站抽查情況的通報"
    assert title_lines(title) == [
        "惠州大亞灣經濟技術開發區管理委員會辦公室",
        "關於2018年第一季度政府網站抽查情況的通報",
    ]
    assert title_lines("關于2018年第一季度政府網站（頻道或平臺）抽查情況的通報") == [
        "關于2018年第一季度",
        "政府網站（頻道或平臺）抽查情況的通報",
    ]
    assert title_lines("国务院办公厅关于2016年第二次全国政府网站抽查情况的通报") == [
        "国务院办公厅关于2016年第二次",
        "全国政府网站抽查情况的通报",
    ]
    for title in ("关于《开展2018年第一季度政府网站抽查工作》的通知", "长" * 100, "A" * 50):
        lines = title_lines(title)
        assert "".join(lines) == title
        assert all(display_width(line) <= 20 for line in lines[:-1])
        assert not any(line.startswith(("》", "年")) for line in lines)
    assert title_lines("关于政府网站抽查情况的通报") == ["关于政府网站抽查情况的通报"]
    assert title_lines("第一行\n第二行\n") == ["第一行", "第二行"]
    assert title_lines("") == []


def test_overlong_texts_render() -> None:
    """Core properties are capped at 255 characters (python-docx refuses longer ones)."""
    circular = replace(build_circular(), title="长" * 1000, issuer="办" * 300)
    document = docx.Document(io.BytesIO(render_docx(circular)))
    assert document.core_properties.title == "长" * 255
    assert document.core_properties.author == "办" * 255
    assert "办" * 300 in [p.text for p in document.paragraphs]


def test_minimal_circular_renders() -> None:
    """No title, number, notes, signature or attachments: just text; ends with a paragraph."""
    data = render_docx(build_full_page_circular(2))
    document = docx.Document(io.BytesIO(data))
    assert len(document.paragraphs) == 2
    assert not document.tables


def test_windows_profile_differs_only_in_font_names() -> None:
    circular = build_circular()
    gb = render(circular, PROFILES["gb2312"]).parts["word/document.xml"]
    win = render(circular, PROFILES["windows"]).parts["word/document.xml"]
    assert b"\xe4\xbb\xbf\xe5\xae\x8b_GB2312" in gb  # 仿宋_GB2312
    assert "仿宋_GB2312".encode() not in win
    assert gb.count(b"<w:p>") + gb.count(b"<w:p ") == win.count(b"<w:p>") + win.count(b"<w:p ")
