"""`inspect-tui export`: a round's circular (or its data) to a file."""

from __future__ import annotations

from pathlib import Path

import click

from ..circular.fonts import PROFILES
from ..export import FORMATS, export_round
from ..export_check import round_gaps
from ..preflight import Gap
from ..store import Store
from .common import PROG, echo, fail, open_store, round_key


def gap_lines(store: Store, key: str, gaps: list[Gap]) -> list[str]:
    """One line per gap: what is missing and the command that fills it."""
    from ..circular.wording import load_wording
    from ..meta_fields import field_labels
    from ..model import OFFICE_META_FIELDS

    labels = field_labels(load_wording(store.round(key).script).data)
    lines = []
    for gap in gaps:
        if gap.kind == "field":
            label = labels.get(gap.field, gap.field)
            where = (
                f"{PROG} office set {gap.field} VALUE  (or: {PROG} rounds set {key} {gap.field} VALUE)"
                if gap.field in OFFICE_META_FIELDS
                else f"{PROG} rounds set {key} {gap.field} VALUE"
            )
            lines.append(f"gap: {gap.field} ({label}) is empty; set it with: {where}")
        elif gap.kind == "empty":
            lines.append(
                f"gap: nothing recorded yet in {key} ({gap.count} sites); walk its sites in the app ({PROG})"
            )
        elif gap.kind == "not_done":
            lines.append(f"gap: {gap.count} site(s) not marked done; finish them in the app's walk")
        elif gap.kind == "followups":
            lines.append(
                f"gap: {gap.count} previous-round problem(s) not reviewed (still present / fixed); review them in the walk"
            )
    return lines


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
    "--draft",
    is_flag=True,
    help="Write even with gaps: each shown as 【待填：…】 in the text, the docx marked a draft.",
)
@click.option(
    "--fonts",
    "profile",
    type=click.Choice(tuple(PROFILES)),
    default=None,
    help="Font profile for docx/pdf (default: the office's font_profile, else gb2312).",
)
@click.pass_context
def export_cmd(
    ctx: click.Context,
    round_key: str,
    output: Path,
    fmt: str | None,
    force: bool,
    profile: str | None,
    draft: bool,
) -> None:
    """Export ROUND's circular (docx to GB/T 9704-2012, pdf, txt, csv of findings, json).

    Before writing, the round is checked (preflight): an empty field the template uses, sites
    not done, previous problems not reviewed, nothing recorded. With gaps it exits 1, one line
    per gap naming the command that fills it, unless --draft."""
    with open_store(ctx) as store:
        store.round(round_key)  # an unknown round is said as such, before any check
        gaps = round_gaps(store, round_key)
        if gaps and not draft:
            for line in gap_lines(store, round_key, gaps):
                echo(line, err=True)
            fail(
                f"{len(gaps)} gap(s) before {round_key} can be exported; fix them, or write a draft with --draft"
            )
        # Fonts: --fonts, else the office's choice (office set font_profile), else the default.
        fonts = profile or store.office().font_profile
        result = export_round(
            store, round_key, output, fmt, force=force, profile=fonts, draft=draft
        )
        if gaps:
            echo(f"Draft: {len(gaps)} gap(s) marked 【待填：…】 in the file", err=True)
        echo(
            f"Wrote {result.path} ({result.format}, {result.size} bytes, sha256 {result.sha256[:12]}…)"
        )
