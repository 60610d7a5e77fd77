"""`inspect-tui verify`, `history`, `report` and `doctor`: the official record and its health."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import click

from ..errors import UserError
from .common import echo, open_store


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def verify(ctx: click.Context, file: Path) -> None:
    """Is FILE byte-identical to an export recorded in this database? Exit 1 if not."""
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    with open_store(ctx) as store:
        matches = store.exports(digest)
    if not matches:
        raise UserError("error.cli.verify_no_match", name=file.name, digest=digest[:16])
    for m in matches:
        echo(
            f"{file.name} is identical to the {m['format']} export of round {m['round_key']} "
            f"({m['round_status']}) made {m['ts']} as {m['path']}"
        )


def _short(value: object) -> str:
    if value is None:
        return "—"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 120 else text[:117] + "…"


@click.command()
@click.argument("round_key", metavar="ROUND")
@click.option(
    "--site", "site_uid", default=None, help="Only this site (its code, or name:FULL NAME)."
)
@click.pass_context
def history(ctx: click.Context, round_key: str, site_uid: str | None) -> None:
    """The audit trail of ROUND (or one site): who, when, what, before → after."""
    with open_store(ctx) as store:
        store.round(round_key)  # a clear error for an unknown round
        for e in store.audit(round_key, site_uid):
            where = f" {e.site_uid}" if e.site_uid else ""
            echo(
                e.ts,
                e.actor,
                f"{e.entity} {e.action}{where}",
                f"{_short(e.before)} → {_short(e.after)}",
            )


@click.group()
def report() -> None:
    """Reports across rounds."""


@report.command("repeat")
@click.option(
    "--min-rounds",
    default=2,
    show_default=True,
    help="Report sites with findings in at least this many rounds.",
)
@click.pass_context
def report_repeat(ctx: click.Context, min_rounds: int) -> None:
    """Repeat offenders: sites with findings in several rounds, and problems carried over."""
    with open_store(ctx) as store:
        hits: dict[str, dict[str, list[str]]] = {}
        names: dict[str, str] = {}
        for key in store.round_keys():
            for site in store.round_sites(key):
                names.setdefault(site.uid, site.short_name)
            for f in store.findings(key):
                hits.setdefault(f.site_uid, {}).setdefault(key, []).append(
                    f.category + ("*" if f.carried_from else "")
                )
        rows = [(uid, per_round) for uid, per_round in hits.items() if len(per_round) >= min_rounds]
        if not rows:
            echo(f"No site has findings in {min_rounds} or more rounds.")
            return
        rows.sort(key=lambda r: (-len(r[1]), names.get(r[0], r[0])))
        for uid, per_round in rows:
            detail = "; ".join(f"{k}: {', '.join(v)}" for k, v in per_round.items())
            echo(names.get(uid, uid), f"{len(per_round)} rounds", detail)
        echo("(* = still present from the previous round)")


@click.command()
@click.option(
    "--restore", is_flag=True, help="Replace a damaged database with its newest good backup."
)
@click.pass_context
def doctor(ctx: click.Context, restore: bool) -> None:
    """Check the database file and its backups; optionally restore the newest good backup."""
    from .. import backup
    from ..schema import SCHEMA_VERSION

    db: Path = ctx.obj["db"]
    health = backup.check(db, SCHEMA_VERSION)
    echo(f"{db}: {'ok' if health.ok else health.problem}")
    good = []
    for path in backup.backups(db):
        h = backup.check(path, SCHEMA_VERSION)
        echo(f"  backup {path.name}: {'ok' if h.ok else h.problem}")
        if h.ok:
            good.append(path)
    if not backup.backups(db):
        echo("  no backups yet (they are made before upgrades and when a round is finalised)")
    if health.ok:
        if restore:
            echo("The database is healthy; nothing restored.")
        return
    if not restore:
        if good:
            raise UserError(
                "error.cli.doctor_problem_restorable", name=db.name, problem=health.problem
            )
        raise UserError("error.cli.doctor_problem", name=db.name, problem=health.problem)
    if not good:
        raise UserError("error.cli.doctor_no_backup", name=db.name, problem=health.problem)
    aside = backup.restore(db, good[0])
    echo(f"Restored {good[0].name}. The damaged file was kept as {aside.name}.")
