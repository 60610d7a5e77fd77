"""`inspect-tui roster import|export`: the roster of sites as CSV."""

from __future__ import annotations

from pathlib import Path

import click

from .common import echo, open_store


@click.group()
def roster() -> None:
    """Import or export the roster of sites (CSV)."""


@roster.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--encoding",
    default=None,
    metavar="NAME",
    help="Read FILE in this encoding (big5, gbk, utf-16-le, …) instead of detecting it.",
)
@click.pass_context
def roster_import(ctx: click.Context, file: Path, encoding: str | None) -> None:
    """Replace the roster with FILE (CSV: UTF-8 with or without BOM, UTF-16 with BOM, or
    GB18030 when it reads plausibly; --encoding for any other, Big5 included).

    All or nothing: on any error the database is left as it was.
    """
    from ..roster import parse_roster

    result = parse_roster(file.read_bytes(), file.name, encoding=encoding)
    for warning in result.warnings:
        echo(f"warning: {warning}", err=True)
    with open_store(ctx) as store:
        store.replace_roster(result.sites, source=str(file))
    echo(f"Imported {len(result.sites)} sites from {file.name}.")


@roster.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.pass_context
def roster_export(ctx: click.Context, file: Path, force: bool) -> None:
    """Write the roster to FILE as CSV (UTF-8 with BOM, opens in Excel)."""
    from ..export import write_atomic
    from ..roster import export_roster

    with open_store(ctx) as store:
        write_atomic(file, export_roster(store.sites()), force=force)
        echo(f"Exported {len(store.sites())} sites to {file}.")
