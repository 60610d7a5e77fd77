"""Render through LibreOffice and measure the PDF: page count, 22 lines a page, 28 字 a line.

Needs `soffice` (skipped otherwise) and poppler's `pdftotext` for the line measurements.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from circular_fixture import (
    EXPECTED_PAGES,
    FULL_LINE_TEXT,
    build_circular,
    build_full_page_circular,
)
from inspect_tui.circular import pdf
from inspect_tui.circular.blocks import Circular, Paragraph
from inspect_tui.circular.docx import render_docx
from inspect_tui.circular.pdf import (
    PdfConversionError,
    PdfUnavailable,
    docx_to_pdf,
    soffice_available,
    write_preview_fontconfig,
)

MM = 72 / 25.4
TEXT_TOP = 37 * MM  # 版心 from 37 mm …
TEXT_BOTTOM = (297 - 35) * MM  # … to 262 mm from the top of the page
PITCH = 28.95  # pt

needs_soffice = pytest.mark.skipif(
    not soffice_available(), reason="LibreOffice (soffice) is not on PATH"
)
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


@pytest.fixture(scope="module")
def to_pdf(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Circular, str], Path]:
    out = tmp_path_factory.mktemp("pdf")
    done: dict[str, Path] = {}

    def convert(circular: Circular, name: str) -> Path:
        if name not in done:
            source = out / f"{name}.docx"
            source.write_bytes(render_docx(circular))
            done[name] = docx_to_pdf(source, out)
        return done[name]

    return convert


def page_count(path: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
        match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
        assert match, info.stdout
        return int(match.group(1))
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))


@dataclass
class Line:
    top: float
    bottom: float
    text: str


def text_lines(path: Path, page: int) -> list[Line]:
    """Text lines of one page from `pdftotext -bbox`: words grouped by their top edge."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', out
    )
    lines: dict[float, list[tuple[float, float, str]]] = {}
    for x, top, bottom, text in words:
        key = round(float(top), 1)
        lines.setdefault(key, []).append((float(x), float(bottom), text))
    return [
        Line(top, max(b for _, b, _ in ws), "".join(t for _, _, t in sorted(ws)))
        for top, ws in sorted(lines.items())
    ]


def body_lines(path: Path, page: int) -> list[Line]:
    """Lines inside the 版心 (the page number sits below it)."""
    return [
        line
        for line in text_lines(path, page)
        if line.top >= TEXT_TOP - 2 and line.bottom <= TEXT_BOTTOM + 2
    ]


# --- no LibreOffice needed -------------------------------------------------------------------
def test_missing_soffice_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    assert not pdf.soffice_available()
    with pytest.raises(PdfUnavailable, match="LibreOffice"):
        docx_to_pdf(tmp_path / "x.docx", tmp_path)


def test_preview_fontconfig(tmp_path: Path) -> None:
    conf = write_preview_fontconfig(tmp_path).read_text(encoding="utf-8")
    assert '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' in conf
    for name in ("仿宋_GB2312", "楷体_GB2312", "方正小标宋简体", "黑体", "宋体", "仿宋", "楷体"):
        assert f"<family>{name}</family>" in conf
    assert "Noto Serif CJK SC" in conf and "Noto Sans CJK SC" in conf


@needs_soffice
@pytest.mark.soffice
def test_missing_docx_is_a_conversion_error(tmp_path: Path) -> None:
    with pytest.raises(PdfConversionError):
        docx_to_pdf(tmp_path / "missing.docx", tmp_path)


@needs_soffice
@pytest.mark.soffice
def test_unreadable_docx_is_a_conversion_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(PdfConversionError, match=r"broken\.docx"):
        docx_to_pdf(broken, tmp_path / "out", timeout=120)


# --- rendered -------------------------------------------------------------------------------
@needs_soffice
@pytest.mark.soffice
def test_fixture_page_count(to_pdf: Callable[[Circular, str], Path]) -> None:
    assert page_count(to_pdf(build_circular(), "fixture")) == EXPECTED_PAGES


@needs_soffice
@needs_pdftotext
@pytest.mark.soffice
def test_full_page_has_22_lines_of_28_chars(to_pdf: Callable[[Circular, str], Path]) -> None:
    """Page 1 of an all-text circular: exactly 22 lines, 28.95 pt apart, filling the 版心;
    every line that is neither a paragraph's first nor its last holds 28 字. With 30 pt lines
    only 21 would fit; with uncompressed 16 pt characters only 27 a line."""
    path = to_pdf(build_full_page_circular(), "full_page")
    lines = body_lines(path, 1)
    assert len(lines) == 22, [line.text for line in lines]
    gaps = [b.top - a.top for a, b in itertools.pairwise(lines)]
    assert all(abs(gap - PITCH) < 0.15 for gap in gaps), gaps
    assert lines[-1].bottom <= TEXT_BOTTOM
    assert TEXT_TOP <= lines[0].top < TEXT_TOP + PITCH - 16  # the first line box is line 1
    paragraph = FULL_LINE_TEXT * 3
    lengths = [len(line.text) for line in lines]
    assert set(lengths) <= {26, 28, len(paragraph) - 26 - 3 * 28}, lengths
    assert lengths.count(28) >= 12
    # the text is all there, in order: lines of paragraphs 1–4, then the start of the 5th
    assert "".join(line.text for line in lines[:5]) == paragraph
    # nothing but the page number below the 版心
    footer = [line for line in text_lines(path, 1) if line.top > TEXT_BOTTOM]
    assert [line.text for line in footer] == ["—1—"]


@needs_soffice
@needs_pdftotext
@pytest.mark.soffice
def test_fixture_page_1_sits_on_the_22_line_grid(to_pdf: Callable[[Circular, str], Path]) -> None:
    """The 3号 lines of page 1 (number, addressees, text) lie on slots 28.95 pt apart; the last
    one on slot 21 (the 22nd line), i.e. the page is full."""
    path = to_pdf(build_circular(), "fixture")
    lines = [line for line in body_lines(path, 1) if line.bottom - line.top < 22]  # not 2号
    first = lines[0].top
    slots = [(line.top - first) / PITCH for line in lines]
    assert all(abs(s - round(s)) < 0.02 for s in slots), slots
    assert round(slots[-1]) == 21, slots


@needs_soffice
@pytest.mark.soffice
def test_preview_uses_cjk_fonts(to_pdf: Callable[[Circular, str], Path]) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    fonts = subprocess.run(
        ["pdffonts", str(to_pdf(build_circular(), "fixture"))],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "NotoSerifCJK" in fonts and "NotoSansCJK" in fonts, fonts
    assert "DejaVu" not in fonts, fonts


@needs_soffice
@needs_pdftotext
@pytest.mark.soffice
def test_page_numbers_alternate_sides(to_pdf: Callable[[Circular, str], Path]) -> None:
    path = to_pdf(build_circular(), "fixture")
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "2", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = out.split("<page ")[1:]
    for number, page in enumerate(pages, start=1):
        xs = [
            float(x)
            for x, y in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>—</word>', page)
            if float(y) > TEXT_BOTTOM
        ]
        assert len(xs) == 2
        if number % 2:  # odd: right, 一字 (14 pt) in from the 版心's right edge
            right_edge = (210 - 26) * MM
            assert right_edge - 30 < max(xs) < right_edge - 10
        else:
            assert 28 * MM + 10 < min(xs) < 28 * MM + 20


@needs_soffice
@needs_pdftotext
@pytest.mark.soffice
def test_page_number_dash_sits_7_mm_below_the_text_block(
    to_pdf: Callable[[Circular, str], Path],
) -> None:
    """§7.5: 一字线上距版心下边缘 7 mm (the dash sits mid-height of its line box)."""
    path = to_pdf(build_circular(), "fixture")
    (footer,) = [line for line in text_lines(path, 1) if line.top > TEXT_BOTTOM]
    dash_centre = (footer.top + footer.bottom) / 2
    assert 5.5 * MM < dash_centre - TEXT_BOTTOM < 8.5 * MM


@needs_soffice
@needs_pdftotext
@pytest.mark.soffice
def test_signature_never_starts_a_page(to_pdf: Callable[[Circular, str], Path]) -> None:
    """Body exactly fills page 1 (4 × 5 lines + 2): the 署名 and date would open page 2 alone;
    keep-with-next pulls the last text lines over with them."""
    base = build_full_page_circular(4)
    circular = replace(
        base,
        body=(*base.body, Paragraph(FULL_LINE_TEXT)),
        issuer="某某区政务公开办",
        date="2018年4月2日",
    )
    path = to_pdf(circular, "signature")
    assert page_count(path) == 2
    page2 = body_lines(path, 2)
    assert page2[0].text.startswith("政府网站"), [line.text for line in page2]
    assert [line.text for line in page2[-2:]] == ["某某区政务公开办", "2018年4月2日"]


@needs_soffice
@pytest.mark.soffice
def test_timeout_is_a_conversion_error(tmp_path: Path) -> None:
    source = tmp_path / "c.docx"
    source.write_bytes(render_docx(build_full_page_circular(1)))
    with pytest.raises(PdfConversionError, match="within"):
        docx_to_pdf(source, tmp_path, timeout=0.05)
