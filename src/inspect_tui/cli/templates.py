"""`inspect-tui templates list|show|check`: the circular templates an office can choose.

An office's own templates live in the `templates/` folder beside the database and override
the bundled ones of the same name (`circular.template.office_template_dir`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import click

from ..circular.template import (
    Block,
    CircularTemplate,
    Text,
    check_template,
    list_templates,
    load_template,
    office_template_dir,
)
from .common import echo

# A block's text is shown up to this many characters: enough to recognise it.
SHOWN_CHARS = 60


def template_dirs(ctx: click.Context) -> tuple[Path, ...]:
    """Where this database's office keeps its own templates."""
    return (office_template_dir(ctx.obj["db"]),)


@click.group()
def templates() -> None:
    """The circular templates: bundled, and the office's own (templates/ beside the database)."""


@templates.command("list")
@click.pass_context
def templates_list(ctx: click.Context) -> None:
    """List the templates: name, title, where each comes from (bundled or office file), and
    the scripts it has texts for (a round in another script cannot use it)."""
    for info in list_templates(template_dirs(ctx)):
        where = "bundled" if info.origin == "bundled" else f"office {info.origin}"
        echo(info.name, info.title, where, ",".join(info.scripts) or "-")
    echo(f"Office templates folder: {template_dirs(ctx)[0]}", err=True)


@templates.command("show")
@click.argument("name")
@click.option("--source", is_flag=True, help="Print the template file's text instead.")
@click.pass_context
def templates_show(ctx: click.Context, name: str, source: bool) -> None:
    """Describe template NAME (or a .toml file): its blocks and attachments in words."""
    template = load_template(name, template_dirs(ctx))
    if source:
        click.echo(template.source, nl=False)
        return
    for line in describe(template):
        echo(line, sep="")


@templates.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def templates_check(file: Path) -> None:
    """Validate a template FILE: exit 1 with one line naming the file and line if it is broken."""
    for line in check_template(file):
        echo(line, sep="")
    echo(f"{file}: OK", sep="")


def describe(template: CircularTemplate) -> list[str]:
    """The template in words: what it is, its body block by block, its attachments."""
    origin = "bundled" if template.origin == "bundled" else template.origin
    lines = [
        f"{template.name}: {template.title}",
        f"from: {origin}",
        f"scripts: {', '.join(template.scripts)}; rates with {template.decimals} decimal(s)",
    ]
    if template.description:
        lines.append(f"description: {template.description}")
    lines.append("body:")
    lines.extend(_blocks(template.body, 1))
    if template.attachments:
        lines.append("attachments:")
        for n, table in enumerate(template.attachments, 1):
            only = f" (only {table.only} sites)" if table.only else ""
            lines.append(f"  {n}. table {table.kind}{only}: {_first(table.title)}")
    else:
        lines.append("attachments: none")
    return lines


def _blocks(blocks: Sequence[Block], depth: int) -> Iterator[str]:
    pad = "  " * depth
    for block in blocks:
        if block.type == "heading":
            numbered = f" numbered {block.numbering}" if block.numbering else ""
            yield f"{pad}heading{numbered}: {_first(block.text)}"
        elif block.type == "paragraph":
            kind = "paragraph, one per line" if block.lines else "paragraph"
            yield f"{pad}{kind}: {_first(block.text)}"
        elif block.type == "list":
            numbered = f", numbered {block.numbering}" if block.numbering else ""
            yield f"{pad}list of {' + '.join(block.over)}{numbered}: {_first(block.text)}"
        elif block.type == "when":
            condition = block.condition.source if block.condition else "?"
            yield f"{pad}only when {condition}:"
            yield from _blocks(block.blocks, depth + 1)


def _first(text: Text | None) -> str:
    """The text's source (the first script's), on one line, cut to SHOWN_CHARS."""
    if text is None or not text.sources:
        return ""
    source = " ".join(next(iter(text.sources.values())).split())
    return source if len(source) <= SHOWN_CHARS else source[: SHOWN_CHARS - 1] + "…"
