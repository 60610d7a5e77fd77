"""`inspect-tui office show|set|import|export`: the office that issues the circulars."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import click

from ..errors import UserError
from ..model import OFFICE_FIELDS, Office
from ..office_fields import check_office_value
from ..store import Store
from .common import echo, open_store

PROG = "inspect-tui"
# What `rounds new` and `export` print when the office was never set.
SET_HINT = f"{PROG} office set issuer 'XX市人民政府办公室'   (then addressees, contact, phone …; see: {PROG} office show)"


def check_template_name(store: Store, value: str) -> None:
    from ..circular.template import load_template
    from ..export_check import search_dirs

    if value:
        load_template(value, search_dirs(store))  # TemplateError says what is wrong


def office_hint(store: Store) -> str:
    """One line telling how to set the office when none is set, else ''."""
    return "" if store.has_office() else f"No office is set yet. Set it with: {SET_HINT}"


def to_toml(office: Office) -> str:
    """The office as a TOML file an office can keep, mail and import elsewhere."""
    lines = ["# inspect-tui office profile (inspect-tui office import FILE.toml)", "[office]"]
    for name in OFFICE_FIELDS:
        value = str(getattr(office, name))
        # Multi-line text (requirements) as a literal block a person can read and edit.
        if (
            "\n" in value
            and "'''" not in value
            and not value.endswith("'")
            and all(c == "\n" or c.isprintable() for c in value)
        ):
            lines.append(f"{name} = '''\n{value}'''")
            continue
        lines.append(f"{name} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def from_toml(text: str, file: str) -> dict[str, str]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError("office.error.toml", file=file, problem=exc) from None
    table = data.get("office", data)
    if not isinstance(table, dict):
        raise UserError("office.error.toml", file=file, problem="[office] is not a table")
    out: dict[str, str] = {}
    for key, value in table.items():
        if key not in OFFICE_FIELDS:
            raise UserError(
                "office.error.field", field=f"{file}: {key}", fields=", ".join(OFFICE_FIELDS)
            )
        if not isinstance(value, str):
            raise UserError("office.error.toml", file=file, problem=f"{key}: expected text")
        out[key] = value
    return out


@click.group()
def office() -> None:
    """The office that issues the circulars: issuer, addressees, contact, wording."""


@office.command("show")
@click.pass_context
def office_show(ctx: click.Context) -> None:
    """Every field of the office profile and its value (empty: not set)."""
    with open_store(ctx) as store:
        current = store.office()
        for name in OFFICE_FIELDS:
            echo(name, str(getattr(current, name)))
        hint = office_hint(store)
        if hint:
            echo(hint, err=True)


@office.command("set")
@click.argument("field", metavar="FIELD")
@click.argument("value", metavar="VALUE")
@click.pass_context
def office_set(ctx: click.Context, field: str, value: str) -> None:
    """Set FIELD of the office profile to VALUE ('' clears it). Fields: see `office show`."""
    with open_store(ctx) as store:
        stored = check_office_value(field, value)
        if field == "template":
            check_template_name(store, stored)
        store.set_office_field(field, stored)
        echo(field, stored)


@office.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def office_import(ctx: click.Context, file: Path) -> None:
    """Replace the office profile with the one in FILE.toml (see `office export`)."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError("office.error.toml", file=file, problem=exc) from None
    values = from_toml(text, str(file))
    with open_store(ctx) as store:
        checked = {name: check_office_value(name, v) for name, v in values.items()}
        check_template_name(store, checked.get("template", ""))
        store.set_office(Office.from_dict(checked))
        echo(
            f"Office profile imported from {file} ({sum(1 for v in checked.values() if v)} fields)."
        )


@office.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.pass_context
def office_export(ctx: click.Context, file: Path, force: bool) -> None:
    """Write the office profile to FILE.toml (to keep, or to import on another computer)."""
    from ..export import write_atomic

    with open_store(ctx) as store:
        write_atomic(file, to_toml(store.office()).encode("utf-8"), force=force)
        echo(f"Wrote {file}")
