"""The 版头 (letterhead): its geometry (pure), the XML read back, the export's pass-through,
an OOXML validation, and where LibreOffice draws the red parts (issue 13 item 6)."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from circular_fixture import DOC_NUMBER, build_circular
from inspect_tui import export
from inspect_tui.circular import letterhead as lh
from inspect_tui.circular.docx import render_docx
from inspect_tui.circular.fonts import DEFAULT_PROFILE, PROFILES, FontProfile
from inspect_tui.circular.letterhead import Letterhead, letterhead_for, mark_size
from inspect_tui.store import Store

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
FILE_MARK = "某某市人民政府办公室文件"
LETTER_MARK = "某某市人民政府办公室"
FORMS = {
    "none": Letterhead(),
    "file": Letterhead("file", FILE_MARK),
    "letter": Letterhead("letter", LETTER_MARK),
}


# --- geometry (no docx) ---------------------------------------------------------------------
def test_mark_size_fills_the_type_area_up_to_chuhao() -> None:
    # size_pt = min(42, 442.2 / width in em), rounded down to the half point
    assert mark_size("某某局文件") == lh.MarkSize(84, 100)  # short: 初号
    assert mark_size("一" * 10) == lh.MarkSize(84, 100)  # 44.2 pt → capped at 42
    assert mark_size("一" * 12) == lh.MarkSize(73, 100)  # 36.85 pt → 36.5
    assert mark_size("一" * 20) == lh.MarkSize(44, 100)  # 22.11 pt → 22 (二号)
    # longer: 22 pt, compressed so the line still fits 442.2 pt
    assert mark_size("一" * 21) == lh.MarkSize(44, 95)
    assert mark_size("一" * 22) == lh.MarkSize(44, 91)
    assert mark_size("AB" * 6) == mark_size("一" * 6)  # Latin counts half an em
    for n in range(1, 60):
        size = mark_size("一" * n)
        assert size.points * size.scale / 100 * n <= lh.TYPE_AREA_WIDTH_PT
        assert size.points <= 42


def test_letterhead_for_office_settings() -> None:
    assert letterhead_for("none", FILE_MARK) == Letterhead()
    assert letterhead_for("", FILE_MARK) == Letterhead()
    assert letterhead_for("red", FILE_MARK) == Letterhead()  # unknown: today's output
    assert letterhead_for("file", " 某某 局 ") == Letterhead("file", "某某 局")
    # no mark of its own: the issuer, with 文件 in the file form only
    assert letterhead_for("file", "", "某某局") == Letterhead("file", "某某局文件")
    assert letterhead_for("letter", "", "某某局") == Letterhead("letter", "某某局")
    assert not letterhead_for("letter", "", "").drawn
    assert not Letterhead("file", "  ").drawn
    assert Letterhead("file", FILE_MARK).drawn


def test_geometry_numbers() -> None:
    size = mark_size(FILE_MARK)  # 12 字: 36.5 pt
    file = lh.file_geometry(size)
    assert file.mark_line == 730  # one em, in twips
    assert abs(file.spacer / lh.MM_TWIPS - 35) < 1  # 35 mm below the 版心's top
    assert file.blank_lines == 2
    assert abs(file.rule_line / lh.MM_TWIPS - (4 - lh.TEXT_BOTTOM_IN_LINE_MM)) < 0.05
    letter = lh.letter_geometry(size)
    assert abs(letter.mark_top / lh.MM_TWIPS - 30) < 1  # 30 mm from the paper's top
    assert letter.rule_width == 9638  # 170 mm
    assert letter.rule_inset == -397  # (170 − 156) / 2 = 7 mm each side
    assert letter.number_gap >= 20


# --- the XML read back ----------------------------------------------------------------------
@dataclass
class Parts:
    data: bytes
    xml: dict[str, Any]

    @property
    def body(self) -> Any:
        return self.xml["word/document.xml"].find(f"{W}body")


_cache: dict[tuple[str, str], Parts] = {}


def rendered(form: str, profile: FontProfile = DEFAULT_PROFILE) -> Parts:
    key = (form, profile.name)
    if key not in _cache:
        data = render_docx(build_circular(), profile, FORMS[form])
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = {
                n: etree.fromstring(z.read(n))
                for n in z.namelist()
                if n.endswith((".xml", ".rels"))
            }
        _cache[key] = Parts(data, xml)
    return _cache[key]


def text_of(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def attr(element: Any, path: str, name: str = "val") -> str | None:
    found = element.find(path)
    return None if found is None else found.get(f"{W}{name}")


def paragraph_with(parts: Parts, text: str) -> Any:
    return next(p for p in parts.body.findall(f"{W}p") if text_of(p) == text)


def borders(parts: Parts, part: str = "word/document.xml") -> list[Any]:
    return list(parts.xml[part].iter(f"{W}pBdr"))


def test_none_is_byte_identical_to_no_letterhead() -> None:
    plain = render_docx(build_circular())
    assert rendered("none").data == plain
    assert render_docx(build_circular(), DEFAULT_PROFILE, None) == plain
    assert render_docx(build_circular(), DEFAULT_PROFILE, Letterhead("file", "")) == plain


@pytest.mark.parametrize("form", ["file", "letter"])
@pytest.mark.parametrize("profile", [PROFILES[name] for name in sorted(PROFILES)])
def test_mark_is_red_title_font_sized_to_its_length(form: str, profile: FontProfile) -> None:
    mark = FORMS[form].mark
    p = paragraph_with(rendered(form, profile), mark)
    assert attr(p, f"{W}pPr/{W}jc") == "center"
    run = p.find(f"{W}r")
    rpr = run.find(f"{W}rPr")
    assert attr(rpr, f"{W}color") == "FF0000"
    assert attr(rpr, f"{W}rFonts", "eastAsia") == profile.title
    assert attr(rpr, f"{W}rFonts", "ascii") == profile.title
    assert (rpr.find(f"{W}b") is not None) == profile.title_bold
    assert attr(rpr, f"{W}sz") == str(mark_size(mark).half_points)
    assert attr(rpr, f"{W}szCs") == str(mark_size(mark).half_points)
    assert rpr.find(f"{W}w") is None  # not compressed at this length


def test_long_mark_is_compressed() -> None:
    mark = "某某省某某市某某区人民政府办公室某某某某某工作领导小组文件"  # 29 字
    data = render_docx(build_circular(), DEFAULT_PROFILE, Letterhead("file", mark))
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    rpr = next(r for r in root.iter(f"{W}r") if text_of(r) == mark).find(f"{W}rPr")
    assert attr(rpr, f"{W}sz") == "44"
    assert attr(rpr, f"{W}w") == str(mark_size(mark).scale) == "69"


def test_file_form_number_centred_above_the_red_rule() -> None:
    parts = rendered("file")
    paragraphs = parts.body.findall(f"{W}p")
    number = paragraph_with(parts, DOC_NUMBER)
    assert attr(number, f"{W}pPr/{W}jc") == "center"
    rule = paragraphs[paragraphs.index(number) + 1]
    bottom = rule.find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert bottom.get(f"{W}val") == "single"
    assert bottom.get(f"{W}color") == "FF0000"
    assert bottom.get(f"{W}sz") == "8"  # 1 pt ≈ 0.35 mm
    assert attr(rule, f"{W}pPr/{W}ind", "left") == "0"  # as wide as the 版心
    assert len(borders(parts)) == 1
    # 标志下空二行, then the number; the mark's top 35 mm below the 版心 (a spacer)
    mark = paragraph_with(parts, FILE_MARK)
    at = paragraphs.index(mark)
    assert [text_of(p) for p in paragraphs[at + 1 : at + 4]] == ["", "", DOC_NUMBER]
    spacer = paragraphs[at - 1]
    assert at == 1 and text_of(spacer) == ""
    assert attr(spacer, f"{W}pPr/{W}spacing", "line") == str(
        lh.file_geometry(mark_size(FILE_MARK)).spacer
    )
    # 红色分隔线下空二行, then the title; page numbers on every page
    assert [text_of(p) for p in paragraphs[at + 5 : at + 7]] == ["", ""]
    sect = parts.body.find(f"{W}sectPr")
    assert sect.find(f"{W}titlePg") is None


def test_letter_form_double_lines_number_right_no_first_page_number() -> None:
    parts = rendered("letter")
    paragraphs = parts.body.findall(f"{W}p")
    mark = paragraph_with(parts, LETTER_MARK)
    frame = mark.find(f"{W}pPr/{W}framePr")
    assert frame.get(f"{W}vAnchor") == "page"
    assert frame.get(f"{W}y") == str(lh.letter_geometry(mark_size(LETTER_MARK)).mark_top)
    rule = paragraphs[paragraphs.index(mark) + 1]
    bottom = rule.find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert bottom.get(f"{W}val") == "thickThinSmallGap"  # 上粗下细 (thick on the text's side)
    assert bottom.get(f"{W}color") == "FF0000"
    assert attr(rule, f"{W}pPr/{W}ind", "left") == attr(rule, f"{W}pPr/{W}ind", "right") == "-397"
    number = paragraph_with(parts, DOC_NUMBER)
    assert attr(number, f"{W}pPr/{W}jc") == "right"
    assert paragraphs.index(number) == paragraphs.index(mark) + 3  # after a 14 pt spacer

    sect = parts.body.find(f"{W}sectPr")
    assert sect.find(f"{W}titlePg") is not None
    refs = {r.get(f"{W}type"): r for r in sect.findall(f"{W}footerReference")}
    assert set(refs) == {"default", "even", "first"}
    first = _footer_part(
        parts,
        refs["first"].get(R_ID),
    )
    assert "PAGE" not in etree.tostring(first).decode()  # 首页不显示页码
    top = first.find(f"{W}p/{W}pPr/{W}pBdr/{W}top")
    assert top.get(f"{W}val") == "thickThinSmallGap"  # as a top border: 上细下粗
    assert top.get(f"{W}color") == "FF0000"
    # the footer distance is lowered for the bottom line; page numbers get it back as space
    margins = sect.find(f"{W}pgMar")
    distance = int(margins.get(f"{W}footer"))
    assert distance == round(lh.LETTER_FOOTER_MM * lh.MM_TWIPS)
    for kind in ("default", "even"):
        footer = _footer_part(
            parts,
            refs[kind].get(R_ID),
        )
        assert "PAGE" in etree.tostring(footer).decode()
        assert attr(footer, f"{W}p/{W}pPr/{W}spacing", "after") == str(1417 - distance)


def _footer_part(parts: Parts, rid: str) -> Any:
    rels = parts.xml["word/_rels/document.xml.rels"]
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return parts.xml[f"word/{target}"]


def test_none_and_file_keep_the_page_numbers_where_they_were() -> None:
    sect = rendered("file").body.find(f"{W}sectPr")
    assert sect.find(f"{W}pgMar").get(f"{W}footer") == "1417"


@pytest.mark.parametrize("form", ["file", "letter"])
def test_deterministic(form: str) -> None:
    again = render_docx(build_circular(), DEFAULT_PROFILE, FORMS[form])
    assert again == rendered(form).data


# --- the export service takes it from the office profile ----------------------------------
def _docx_xml(store: Store) -> str:
    data = store.round_data("2018Q1")
    payload = export.render(
        data, store.round_checklist("2018Q1"), "docx", inputs=export.compose_inputs(store, data)
    )
    return zipfile.ZipFile(io.BytesIO(payload)).read("word/document.xml").decode("utf-8")


def test_export_passes_the_letterhead_through(sample_store: Store) -> None:
    plain = export.render(
        sample_store.round_data("2018Q1"), sample_store.round_checklist("2018Q1"), "docx"
    )
    sample_store.set_office_field("letterhead", "none")
    sample_store.set_office_field("issuer_mark", FILE_MARK)
    data = sample_store.round_data("2018Q1")
    inputs = export.compose_inputs(sample_store, data)
    assert (
        export.render(data, sample_store.round_checklist("2018Q1"), "docx", inputs=inputs) == plain
    )
    sample_store.set_office_field("letterhead", "file")
    xml = _docx_xml(sample_store)
    assert FILE_MARK in xml and 'w:color w:val="FF0000"' in xml
    # no mark of its own: the circular's issuer as the letter's mark
    sample_store.set_office_field("letterhead", "letter")
    sample_store.set_office_field("issuer_mark", "")
    issuer = sample_store.round("2018Q1").meta.issuer
    assert issuer
    assert f">{issuer}<" in _docx_xml(sample_store)


# --- OOXML validation -----------------------------------------------------------------------
@pytest.mark.parametrize("form", sorted(FORMS))
def test_openxml_audit_finds_no_errors(form: str, tmp_path: Path) -> None:
    validator = pytest.importorskip("openxml_audit").OpenXmlValidator()
    path = tmp_path / f"{form}.docx"
    path.write_bytes(rendered(form).data)
    result = validator.validate(path)
    assert result.is_valid, [e.description for e in result.errors[:10]]


# --- LibreOffice: where the red parts land on page 1 ---------------------------------------
DPI = 100
MM_PER_PX = 25.4 / DPI


def _red_rows(pdf: Path) -> list[tuple[float, float, float]]:
    """Bands of rows with red pixels on page 1: (top mm, bottom mm, width mm)."""
    ppm = subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-f", "1", "-l", "1", str(pdf)],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout
    magic, size, _depth, pixels = ppm.split(b"\n", 3)
    assert magic == b"P6"
    width, height = map(int, size.split())
    bands: list[list[float]] = []
    for y in range(height):
        row = pixels[y * width * 3 : (y + 1) * width * 3]
        xs = [
            x
            for x in range(width)
            if row[3 * x] > 180 and row[3 * x + 1] < 110 and row[3 * x + 2] < 110
        ]
        if not xs:
            continue
        span = (xs[-1] + 1 - xs[0]) * MM_PER_PX
        if bands and bands[-1][1] == y * MM_PER_PX:
            bands[-1][1] = (y + 1) * MM_PER_PX
            bands[-1][2] = max(bands[-1][2], span)
        else:
            bands.append([y * MM_PER_PX, (y + 1) * MM_PER_PX, span])
    return [(a, b, c) for a, b, c in bands]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from inspect_tui.circular import pdf

    if not pdf.soffice_available() or shutil.which("pdftoppm") is None:
        pytest.skip("LibreOffice or poppler not installed")
    folder = tmp_path_factory.mktemp("letterhead")
    out = {}
    for form in ("file", "letter"):
        source = folder / f"{form}.docx"
        source.write_bytes(rendered(form).data)
        out[form] = pdf.docx_to_pdf(source, folder)
    return out


def test_rendered_file_form(pages: dict[str, Path]) -> None:
    mark, rule = _red_rows(pages["file"])  # the mark's glyphs, then the rule: nothing else red
    assert abs(mark[0] - (37 + 35)) <= 1.0  # top edge 35 mm below the 版心's top
    em = 36.5 / lh.PT_PER_MM  # 12 字 of 36.5 pt: the ink a little narrower than 12 em
    assert 11 * em <= mark[2] <= 12 * em <= 156
    assert abs(rule[2] - 156) <= 1  # as wide as the 版心
    assert rule[1] - rule[0] <= 1.0


def test_rendered_letter_form(pages: dict[str, Path]) -> None:
    bands = _red_rows(pages["letter"])
    mark = bands[0]
    top_line = [b for b in bands[1:] if b[0] < 100]
    bottom_line = [b for b in bands if b[0] > 250]
    assert len(bands) == 1 + len(top_line) + len(bottom_line)
    assert abs(mark[0] - 30) <= 1.0  # 30 mm from the paper's top
    # the double line 4 mm under the mark, 170 mm long (its two lines may merge at 100 dpi)
    assert abs(top_line[0][0] - mark[1] - 4) <= 1.0
    assert all(abs(b[2] - 170) <= 1 for b in top_line + bottom_line)
    # the bottom double line 20 mm above the paper's bottom
    assert abs((bottom_line[0][0] + bottom_line[-1][1]) / 2 - (297 - 20)) <= 1.0
