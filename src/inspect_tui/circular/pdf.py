"""docx → PDF through LibreOffice (`soffice --headless --convert-to pdf`), for previews.

Each conversion runs with its own throw-away LibreOffice profile (`-env:UserInstallation`), so
parallel conversions (tests, several exports) don't fight over the user's profile lock.

Preview fonts: the circular names Windows fonts (仿宋_GB2312, 方正小标宋简体, 黑体 …) that a
Linux box does not have; fontconfig would fall back to DejaVu/whatever. `write_preview_fontconfig`
writes a fonts.conf that includes the system configuration and *accepts* Noto Serif/Sans CJK for
those names (an `<accept>` alias only applies when the named font is missing, so a machine that
has the real fonts still uses them), passed to soffice through FONTCONFIG_FILE.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

__all__ = [
    "PREVIEW_FONT_ALIASES",
    "PdfConversionError",
    "PdfError",
    "PdfUnavailable",
    "docx_to_pdf",
    "find_soffice",
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
) -> Path:
    """Convert `docx_path` to `<out_dir>/<stem>.pdf` with LibreOffice and return that path.

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
    return target


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
