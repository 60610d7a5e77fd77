"""`inspect-tui export`: a round's circular (or its data) to a file."""

from __future__ import annotations

from pathlib import Path

import click

from ..circular.fonts import PROFILES
from ..export import FORMATS, export_round
from .common import echo, open_store, round_key


@click.command("export")
@click.argument("round_key", metavar="ROUND", callback=round_key)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True, help="File to write."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Default: from the file name's extension (docx when it has none).",
)
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
@click.option(
    "--fonts",
    "profile",
    type=click.Choice(tuple(PROFILES)),
    default=None,
    help="Font profile for docx/pdf (default: gb2312).",
)
@click.pass_context
def export_cmd(
    ctx: click.Context,
    round_key: str,
    output: Path,
    fmt: str | None,
    force: bool,
    profile: str | None,
) -> None:
    """Export ROUND's circular (docx to GB/T 9704-2012, pdf, txt, csv of findings, json)."""
    with open_store(ctx) as store:
        result = export_round(store, round_key, output, fmt, force=force, profile=profile or "")
        echo(
            f"Wrote {result.path} ({result.format}, {result.size} bytes, sha256 {result.sha256[:12]}…)"
        )
