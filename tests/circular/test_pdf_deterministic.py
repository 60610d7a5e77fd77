"""PDF exports are byte-identical run to run (issue 15 item 15), so a re-exported PDF verifies."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from circular_fixture import build_circular
from inspect_tui.circular.docx import render_docx
from inspect_tui.circular.pdf import docx_to_pdf, make_deterministic, soffice_available


def hand_made_pdf(
    created: str,
    file_id: str,
    *,
    text: str = "Hello",
    xmp: str = "",
    hex_date: bool = False,
) -> bytes:
    """A small valid PDF: catalog, pages, one page, info; xref offsets computed."""
    date = f"<{created.encode('utf-16-be').hex().upper()}>" if hex_date else f"({created})"
    date = f"<FEFF{date[1:]}" if hex_date else date
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream"
        % (len(f"BT ({text}) Tj ET"), f"BT ({text}) Tj ET".encode()),
        f"<< /Producer (test) /CreationDate{date} /ModDate{date} >>".encode(),
        b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream"
        % (len(xmp.encode()), xmp.encode()),
    ]
    out = bytearray(b"%PDF-1.6\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += (
        f"trailer\n<</Size {len(objects) + 1}/Root 1 0 R\n/Info 5 0 R\n"
        f"/ID [ <{file_id}>\n<{file_id}> ]\n/DocChecksum /{file_id[::-1]}\n>>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def xref_ok(data: bytes) -> bool:
    """Every xref entry points at the start of its object."""
    start = int(re.search(rb"startxref\s+(\d+)", data)[1])  # type: ignore[index]
    entries = re.findall(rb"(\d{10}) 00000 n ", data[start:])
    return all(
        data[int(offset) :].startswith(b"%d 0 obj" % n) for n, offset in enumerate(entries, start=1)
    )


XMP = (
    '<x:xmpmeta><rdf:Description xmp:CreateDate="{date}" xmpMM:DocumentID="uuid:{uuid}">'
    "<xmp:ModifyDate>{date}</xmp:ModifyDate></rdf:Description></x:xmpmeta>"
)


def test_two_runs_become_identical_and_stay_valid() -> None:
    first = hand_made_pdf(
        "D:20261201143232Z'",
        "19859EA93FC54C85954568D534719CD1",
        xmp=XMP.format(
            date="2026-12-01T14:32:32+08:00", uuid="5a3c2e0e-1b1f-4a0e-9d1e-0f1e2d3c4b5a"
        ),
    )
    second = hand_made_pdf(
        "D:20261201150958Z'",
        "7E01C0FFEE0000111122223333444455",
        xmp=XMP.format(
            date="2026-12-01T15:09:58+08:00", uuid="0b9d8c7a-6f5e-4d3c-2b1a-098765432100"
        ),
    )
    assert first != second
    a, b = make_deterministic(first), make_deterministic(second)
    assert a == b
    assert len(a) == len(first)
    assert xref_ok(first) and xref_ok(a)
    assert b"/CreationDate(D:20000101000000Z')" in a
    assert b"/ModDate(D:20000101000000Z')" in a
    assert b"2000-01-01T00:00:00+00:00" in a
    assert b"5a3c2e0e" not in a and b"19859EA9" not in a
    # the two /ID halves stay equal; the uuid keeps its dashes
    ids = re.search(rb"/ID \[ <([0-9A-F]+)>\n<([0-9A-F]+)> \]", a)
    assert ids is not None and ids[1] == ids[2] and len(ids[1]) == 32
    assert re.search(rb"uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", a)
    assert make_deterministic(a) == a  # idempotent


def test_other_content_gets_another_id() -> None:
    one = make_deterministic(hand_made_pdf("D:20261201143232Z'", "AB" * 16, text="Hello"))
    two = make_deterministic(hand_made_pdf("D:20261201143232Z'", "AB" * 16, text="Hullo"))
    id_of = re.compile(rb"/ID \[ <([0-9A-F]+)>")
    assert id_of.search(one)[1] != id_of.search(two)[1]  # type: ignore[index]


def test_date_parameter_source_date_epoch_and_hex_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    data = hand_made_pdf("D:20261201143232+08'00'", "CD" * 16)
    when = datetime(2018, 4, 2, 9, 30, tzinfo=UTC)
    assert b"(D:20180402093000+00'00')" in make_deterministic(data, date=when)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1522661400")  # 2018-04-02 09:30 UTC
    assert b"(D:20180402093000+00'00')" in make_deterministic(data)
    hexed = hand_made_pdf("D:20261201143232Z", "CD" * 16, hex_date=True)
    fixed = make_deterministic(hexed, date=when)
    assert len(fixed) == len(hexed) and xref_ok(fixed)
    assert "D:20180402093000Z".encode("utf-16-be").hex().upper().encode() in fixed


def test_pdf_without_volatile_parts_is_unchanged() -> None:
    data = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    assert make_deterministic(data) == data
    assert make_deterministic(b"") == b""


@pytest.mark.soffice
@pytest.mark.skipif(not soffice_available(), reason="LibreOffice (soffice) is not on PATH")
def test_same_docx_converts_to_the_same_pdf_bytes(tmp_path: Path) -> None:
    source = tmp_path / "circular.docx"
    source.write_bytes(render_docx(build_circular()))
    first = docx_to_pdf(source, tmp_path / "a").read_bytes()
    second = docx_to_pdf(source, tmp_path / "b").read_bytes()
    assert first.startswith(b"%PDF")
    assert first == second
    assert b"/CreationDate(D:20000101000000" in first


FAKE_SOFFICE = """\
import random, sys
from pathlib import Path
sys.path[:0] = [{tests!r}, str(Path({tests!r}).parent)]
from circular.test_pdf_deterministic import hand_made_pdf
args = sys.argv[1:]
out = Path(args[args.index("--outdir") + 1])
source = Path(args[-1])
stamp = "D:2026120114%04dZ'" % random.randrange(6000)
file_id = "%032X" % random.getrandbits(128)
(out / (source.stem + ".pdf")).write_bytes(hand_made_pdf(stamp, file_id))
"""


def test_docx_to_pdf_post_processes_without_soffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stand-in for soffice that writes a PDF with a random date and /ID each run."""
    import sys

    from inspect_tui.circular import pdf

    script = tmp_path / "fake_soffice"
    tests = str(Path(__file__).resolve().parent)
    script.write_text(f"#!{sys.executable}\n" + FAKE_SOFFICE.format(tests=tests))
    script.chmod(0o755)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(script))
    source = tmp_path / "c.docx"
    source.write_bytes(b"not really a docx")
    raw = docx_to_pdf(source, tmp_path / "raw", deterministic=False).read_bytes()
    first = docx_to_pdf(source, tmp_path / "a").read_bytes()
    second = docx_to_pdf(source, tmp_path / "b").read_bytes()
    assert first == second != raw
    assert len(first) == len(raw) and xref_ok(first)
    assert not list((tmp_path / "a").glob(".*.tmp"))
