"""`inspect-tui checklist check FILE`: validate an office's own checklist before using it
(`rounds new KEY --checklist FILE`). A broken file is one line naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import click

from .common import echo


@click.group()
def checklist() -> None:
    """The office's own checklists (categories, veto items, the sentences of the circular)."""


@checklist.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def checklist_check(file: Path) -> None:
    """Validate checklist FILE and print its categories; exit 1 with one line if it is broken."""
    from ..checklist import check_checklist

    loaded = check_checklist(file)  # ChecklistError: one line on stderr, exit 1 (main.py)
    for line in loaded.describe():
        echo(line, sep="")
