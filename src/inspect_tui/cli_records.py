"""`inspect-tui rounds finalise|reopen`, `verify`, `history` and `report`: the official record."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import click

from .cli import UserError, _open_store, cli, rounds


@rounds.command("finalise")
@click.argument("key")
@click.pass_context
def rounds_finalise(ctx: click.Context, key: str) -> None:
    """Seal round KEY: further edits are refused until it is reopened."""
    with _open_store(ctx) as store:
        store.finalise(key)
        click.echo(f"Round {key} is final. Exports of it are recorded for 'inspect-tui verify'.")


@rounds.command("reopen")
@click.argument("key")
@click.option("--reason", required=True, help="Why the sealed round is being changed (audited).")
@click.pass_context
def rounds_reopen(ctx: click.Context, key: str, reason: str) -> None:
    """Reopen a final round for edits (the reason goes into the history)."""
    with _open_store(ctx) as store:
        store.reopen(key, reason)
        click.echo(f"Round {key} is open again.")


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def verify(ctx: click.Context, file: Path) -> None:
    """Is FILE byte-identical to an export recorded in this database? Exit 1 if not."""
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    with _open_store(ctx) as store:
        matches = store.exports(digest)
    if not matches:
        raise UserError(
            f"{file.name} (sha256 {digest[:16]}…) matches no export recorded here: "
            "it was changed after export, or exported from another database."
        )
    for m in matches:
        click.echo(
            f"{file.name} is identical to the {m['format']} export of round {m['round_key']} "
            f"({m['round_status']}) made {m['ts']} as {m['path']}"
        )


def _short(value: object) -> str:
    if value is None:
        return "—"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 120 else text[:117] + "…"


@cli.command()
@click.argument("round_key", metavar="ROUND")
@click.option(
    "--site", "site_uid", default=None, help="Only this site (its code, or name:FULL NAME)."
)
@click.pass_context
def history(ctx: click.Context, round_key: str, site_uid: str | None) -> None:
    """The audit trail of ROUND (or one site): who, when, what, before → after."""
    with _open_store(ctx) as store:
        store.round(round_key)  # a clear error for an unknown round
        for e in store.audit(round_key, site_uid):
            where = f" {e.site_uid}" if e.site_uid else ""
            click.echo(
                f"{e.ts}\t{e.actor}\t{e.entity} {e.action}{where}\t{_short(e.before)} → {_short(e.after)}"
            )


@cli.group()
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
    with _open_store(ctx) as store:
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
            click.echo(f"No site has findings in {min_rounds} or more rounds.")
            return
        rows.sort(key=lambda r: (-len(r[1]), names.get(r[0], r[0])))
        for uid, per_round in rows:
            detail = "; ".join(f"{k}: {', '.join(v)}" for k, v in per_round.items())
            click.echo(f"{names.get(uid, uid)}\t{len(per_round)} rounds\t{detail}")
        click.echo("(* = still present from the previous round)")


@cli.command()
@click.option(
    "--restore", is_flag=True, help="Replace a damaged database with its newest good backup."
)
@click.pass_context
def doctor(ctx: click.Context, restore: bool) -> None:
    """Check the database file and its backups; optionally restore the newest good backup."""
    from . import backup
    from .schema import SCHEMA_VERSION

    db: Path = ctx.obj["db"]
    health = backup.check(db, SCHEMA_VERSION)
    click.echo(f"{db}: {'ok' if health.ok else health.problem}")
    good = []
    for path in backup.backups(db):
        h = backup.check(path, SCHEMA_VERSION)
        click.echo(f"  backup {path.name}: {'ok' if h.ok else h.problem}")
        if h.ok:
            good.append(path)
    if not backup.backups(db):
        click.echo("  no backups yet (they are made before upgrades and when a round is finalised)")
    if health.ok:
        if restore:
            click.echo("The database is healthy; nothing restored.")
        return
    if not restore:
        hint = " Run again with --restore to use the newest good backup." if good else ""
        raise UserError(f"{db.name} has a problem: {health.problem}.{hint}")
    if not good:
        raise UserError(f"{db.name} has a problem ({health.problem}) and there is no good backup.")
    aside = backup.restore(db, good[0])
    click.echo(f"Restored {good[0].name}. The damaged file was kept as {aside.name}.")
