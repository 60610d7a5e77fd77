#!/usr/bin/env python3
"""Render a circular .docx to PNG pages for a human to look at: docx → PDF (LibreOffice, with
the CJK preview font aliases) → one PNG per page (pdftoppm).

    python scripts/render_pages.py out/circular.docx            # → out/circular_pages/*.png
    python scripts/render_pages.py --fixture -o /tmp/pages      # the test fixture circular
    python scripts/render_pages.py --fixture --profile windows -r 80 -o /tmp/pages

Prints the PDF path and the PNG paths, one a line.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _fixture_docx(out_dir: Path, profile_name: str) -> Path:
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]
    from circular_fixture import build_circular
    from inspect_tui.circular.docx import render_docx
    from inspect_tui.circular.fonts import PROFILES

    path = out_dir / f"fixture-{profile_name}.docx"
    path.write_bytes(render_docx(build_circular(), PROFILES[profile_name]))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("docx", nargs="?", type=Path, help="the .docx to render")
    parser.add_argument("--fixture", action="store_true", help="render tests/circular_fixture.py")
    parser.add_argument("--profile", default="gb2312", help="font profile for --fixture")
    parser.add_argument("-o", "--out", type=Path, help="output folder (default: <docx>_pages)")
    parser.add_argument("-r", "--resolution", type=int, default=60, help="PNG dpi (default 60)")
    args = parser.parse_args(argv)
    if args.fixture == (args.docx is not None):
        parser.error("give either a .docx or --fixture")

    sys.path.insert(0, str(ROOT / "src"))
    from inspect_tui.circular.pdf import PdfError, docx_to_pdf

    if args.fixture:
        out_dir = args.out or Path("fixture_pages")
        out_dir.mkdir(parents=True, exist_ok=True)
        docx = _fixture_docx(out_dir, args.profile)
    else:
        docx = args.docx
        out_dir = args.out or docx.with_name(docx.stem + "_pages")
        out_dir.mkdir(parents=True, exist_ok=True)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: install poppler-utils", file=sys.stderr)
        return 2
    try:
        pdf = docx_to_pdf(docx, out_dir)
    except PdfError as error:
        print(error, file=sys.stderr)
        return 1
    prefix = out_dir / docx.stem
    for old in out_dir.glob(f"{docx.stem}-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(args.resolution), str(pdf), str(prefix)], check=True
    )
    print(pdf)
    for png in sorted(out_dir.glob(f"{docx.stem}-*.png")):
        print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
