"""docx → PDF through LibreOffice (`soffice --headless --convert-to pdf`), for previews.

Each conversion runs with its own throw-away LibreOffice profile (`-env:UserInstallation`), so
parallel conversions (tests, several exports) don't fight over the user's profile lock.

Preview fonts: the circular names Windows fonts (仿宋_GB2312, 方正小标宋简体, 黑体 …) that a
Linux box does not have; fontconfig would fall back to DejaVu/whatever. `write_preview_fontconfig`
writes a fonts.conf that includes the system configuration and *accepts* Noto Serif/Sans CJK for
those names (an `<accept>` alias only applies when the named font is missing, so a machine that
has the real fonts still uses them), passed to soffice through FONTCONFIG_FILE.

Determinism (issue 15 item 15): the same docx must give the same PDF bytes, or a re-exported
PDF never verifies. LibreOffice (7.4 checked) writes the time of conversion into /CreationDate
(and /ModDate, XMP dates when asked for PDF/A), a random trailer /ID and a /DocChecksum, and it
ignores SOURCE_DATE_EPOCH. `make_deterministic` rewrites those byte ranges in place with values
of the same length — a fixed date and digests of the rest of the file — so every xref offset
stays valid and no PDF library is needed. Same content → same /ID; other content → another.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

__all__ = [
    "PREVIEW_FONT_ALIASES",
    "PdfConversionError",
    "PdfError",
    "PdfUnavailable",
    "docx_to_pdf",
    "find_soffice",
    "make_deterministic",
    "soffice_available",
    "write_preview_fontconfig",
]

DEFAULT_TIMEOUT = 180.0  # seconds; a first start with a fresh profile takes a few

SERIF_CJK = "Noto Serif CJK SC"
SANS_CJK = "Noto Sans CJK SC"

# font name in the docx → families fontconfig may use instead when it is missing
PREVIEW_FONT_ALIASES: dict[str, tuple[str, ...]] = {
    "方正小标宋简体": (SERIF_CJK,),  # made bold below: 小标宋 is a heavy 宋体
    "方正小标宋_GBK": (SERIF_CJK,),
    "仿宋_GB2312": (SERIF_CJK,),
    "仿宋": (SERIF_CJK,),
    "FangSong": (SERIF_CJK,),
    "楷体_GB2312": (SERIF_CJK,),
    "楷体": (SERIF_CJK,),
    "KaiTi": (SERIF_CJK,),
    "宋体": (SERIF_CJK,),
    "SimSun": (SERIF_CJK,),
    "黑体": (SANS_CJK,),
    "SimHei": (SANS_CJK,),
    "Times New Roman": ("Liberation Serif", "DejaVu Serif"),
}
_BOLD_FAMILIES = ("方正小标宋简体", "方正小标宋_GBK")

_WINDOWS_SOFFICE = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
_MAC_SOFFICE = "/Applications/LibreOffice.app/Contents/MacOS/soffice"


class PdfError(Exception):
    """PDF export failed; `str(error)` is a message for the user."""


class PdfUnavailable(PdfError):
    """LibreOffice (soffice) is not installed or not on PATH."""


class PdfConversionError(PdfError):
    """soffice ran but produced no PDF (crash, timeout, unreadable document)."""


def find_soffice() -> str | None:
    """Path of the soffice executable, or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    candidates = _WINDOWS_SOFFICE if sys.platform == "win32" else (_MAC_SOFFICE,)
    return next((c for c in candidates if Path(c).is_file()), None)


def soffice_available() -> bool:
    return find_soffice() is not None


def write_preview_fontconfig(directory: str | os.PathLike[str]) -> Path:
    """Write `fonts.conf` (system config + CJK aliases) into `directory`; return its path."""
    parts = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<fontconfig>",
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    ]
    for name, families in PREVIEW_FONT_ALIASES.items():
        accepted = "".join(f"<family>{escape(f)}</family>" for f in families)
        parts.append(
            f'  <alias binding="same"><family>{escape(name)}</family>'
            f"<accept>{accepted}</accept></alias>"
        )
    for name in _BOLD_FAMILIES:
        parts.append(
            '  <match target="pattern">'
            f'<test name="family" qual="first"><string>{escape(name)}</string></test>'
            '<edit name="weight" mode="assign"><const>bold</const></edit></match>'
        )
    parts.append("</fontconfig>")
    path = Path(directory) / "fonts.conf"
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


def docx_to_pdf(
    docx_path: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    preview_fonts: bool = True,
    deterministic: bool = True,
    date: datetime | None = None,
) -> Path:
    """Convert `docx_path` to `<out_dir>/<stem>.pdf` with LibreOffice and return that path.

    With `deterministic` (the default) the PDF's dates are set to `date` (default: see
    `make_deterministic`) and its /ID derived from its content, so converting the same docx
    again gives the same bytes.

    Raises PdfUnavailable when soffice is missing and PdfConversionError when it fails or takes
    longer than `timeout` seconds.
    """
    soffice = find_soffice()
    if soffice is None:
        raise PdfUnavailable(
            "PDF export needs LibreOffice: install it (e.g. `apt install libreoffice-writer`) "
            "and make sure `soffice` is on PATH."
        )
    source = Path(docx_path).resolve()
    if not source.is_file():
        raise PdfConversionError(f"Cannot convert {source}: no such file.")
    target_dir = Path(out_dir).resolve()
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / (source.stem + ".pdf")

    with tempfile.TemporaryDirectory(prefix="inspect-tui-soffice-") as work:
        env = dict(os.environ)
        if preview_fonts:
            env["FONTCONFIG_FILE"] = str(write_preview_fontconfig(work))
        profile = Path(work, "profile").as_uri()
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(target_dir),
            str(source),
        ]
        if target.exists():
            target.unlink()
        returncode, output = _run(command, env, timeout, source.name)
    if returncode != 0 or not target.is_file():
        detail = output.strip().splitlines()[-3:]
        raise PdfConversionError(
            f"LibreOffice could not convert {source.name} to PDF (exit code {returncode})"
            + (": " + " / ".join(detail) if detail else ".")
        )
    if deterministic:
        fixed = make_deterministic(target.read_bytes(), date=date)
        partial = target.with_name(f".{target.name}.tmp")
        try:
            partial.write_bytes(fixed)
            os.replace(partial, target)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise PdfConversionError(f"Cannot write {target.name}: {error.strerror}") from error
    return target


# -- determinism ------------------------------------------------------------------------------

DEFAULT_DATE = datetime(2000, 1, 1, tzinfo=UTC)

# /CreationDate (D:20261201143232Z') or <FEFF…> / <443A…>; /ModDate likewise.
_INFO_DATE = re.compile(rb"/(?:CreationDate|ModDate)\s*(?:\(([^()\\]*)\)|<([0-9A-Fa-f\s]*)>)")
_TRAILER_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]*)>\s*<([0-9A-Fa-f]*)>\s*\]")
_DOC_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")
# XMP (PDF/A): <xmp:CreateDate>2026-12-01T14:32:32+08:00</xmp:CreateDate> or as attributes;
# xmpMM:DocumentID / InstanceID "uuid:…".
_XMP_DATE = re.compile(
    rb"(?:xmp:(?:CreateDate|ModifyDate|MetadataDate)|pdf:CreationDate|pdf:ModDate)"
    rb"(?:>|=[\"'])(\d{4}-\d\d-\d\dT[0-9:.]+(?:Z|[+-]\d\d:\d\d)?)"
)
_XMP_UUID = re.compile(rb"(?:xmpMM:(?:DocumentID|InstanceID))(?:>|=[\"'])uuid:([0-9A-Fa-f-]+)")


def make_deterministic(data: bytes, *, date: datetime | None = None) -> bytes:
    """`data` (a PDF) with its run-dependent bytes made fixed, lengths kept.

    Dates become `date` (in UTC; default: SOURCE_DATE_EPOCH when set, else 2000-01-01), the
    trailer /ID, LibreOffice's /DocChecksum and XMP uuids become digests of the file with those
    ranges blanked. Bytes of any other PDF are left alone where nothing matches.
    """
    when = (date or _source_date()).astimezone(UTC)
    out = bytearray(data)
    volatile: list[tuple[int, int, str]] = []  # (start, end, kind) of id-like ranges
    for m in _INFO_DATE.finditer(data):
        if m.group(1) is not None:
            start, end = m.span(1)
            out[start:end] = _pdf_date(m.group(1), when)
        else:
            start, end = m.span(2)
            out[start:end] = _hex_date(m.group(2), when)
    for m in _XMP_DATE.finditer(data):
        start, end = m.span(1)
        out[start:end] = _xmp_date(m.group(1), when)
    for m in _TRAILER_ID.finditer(data):
        volatile += [(*m.span(1), "hex"), (*m.span(2), "hex")]
    for m in _DOC_CHECKSUM.finditer(data):
        volatile.append((*m.span(1), "hex"))
    for m in _XMP_UUID.finditer(data):
        volatile.append((*m.span(1), "uuid"))
    if not volatile:
        return bytes(out)
    for start, end, _ in volatile:
        out[start:end] = b"0" * (end - start)
    digest = hashlib.sha256(bytes(out)).hexdigest().upper()
    ids: dict[bytes, bytes] = {}  # equal originals stay equal (the two /ID halves)
    for start, end, kind in volatile:
        original = data[start:end]
        if original not in ids:
            seed = hashlib.sha256(f"{digest}:{len(ids)}".encode()).hexdigest().upper()
            ids[original] = _same_shape(original, seed, kind)
        out[start:end] = ids[original]
    return bytes(out)


def _source_date() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        with contextlib.suppress(OverflowError, OSError, ValueError):
            return datetime.fromtimestamp(int(epoch), UTC)
    return DEFAULT_DATE


def _pdf_date(original: bytes, when: datetime) -> bytes:
    """`D:YYYYMMDDHHmmSS` then the original's time-zone tail with its digits zeroed (UTC)."""
    fixed = b"D:" + when.strftime("%Y%m%d%H%M%S").encode()
    m = re.match(rb"D:\d{1,14}", original)
    if m is None:
        return _blank(original)
    head = fixed[: m.end()]
    tail = re.sub(rb"\d", b"0", original[m.end() :]).replace(b"-", b"+")
    return head + tail


def _hex_date(original: bytes, when: datetime) -> bytes:
    digits = re.sub(rb"\s", b"", original)
    try:
        raw = bytes.fromhex(digits.decode())
    except ValueError:
        return _blank(original)
    if raw.startswith(b"\xfe\xff"):
        text = raw[2:].decode("utf-16-be", "replace").encode("ascii", "replace")
        fixed = b"\xfe\xff" + _pdf_date(text, when).decode("ascii").encode("utf-16-be")
    else:
        fixed = _pdf_date(raw, when)
    encoded = fixed.hex().upper().encode()
    return encoded if len(encoded) == len(original) else _blank(original)


def _xmp_date(original: bytes, when: datetime) -> bytes:
    fixed = when.strftime("%Y-%m-%dT%H:%M:%S").encode()
    head = fixed[: min(len(fixed), len(original))]
    tail = re.sub(rb"\d", b"0", original[len(head) :]).replace(b"-", b"+")
    return head + tail


def _same_shape(original: bytes, digest: str, kind: str) -> bytes:
    """Hex digits from `digest` (a seed made longer as needed) in the original's shape: its
    length, its case, and for uuids its dashes."""
    stream = digest
    while len(stream) < len(original):
        stream += hashlib.sha256(stream.encode()).hexdigest().upper()
    chars = iter(stream if original.upper() == original else stream.lower())
    if kind == "uuid":
        return bytes(c if c == ord("-") else ord(next(chars)) for c in original)
    return bytes(ord(next(chars)) for _ in original)


def _blank(original: bytes) -> bytes:
    """A value of unknown form: zeros of the same length keep the file valid and fixed."""
    return b"0" * len(original)


def _run(command: list[str], env: dict[str, str], timeout: float, name: str) -> tuple[int, str]:
    """Run soffice in its own process group, so a timeout kills soffice.bin too (the soffice
    launcher forks it)."""
    posix = os.name == "posix"
    try:
        process = subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=posix,
        )
    except OSError as error:
        raise PdfUnavailable(f"Cannot run LibreOffice ({command[0]}): {error}") from error
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        if posix:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.communicate()
        raise PdfConversionError(
            f"LibreOffice did not finish converting {name} within {timeout:g} s."
        ) from error
    return process.returncode, output or ""
