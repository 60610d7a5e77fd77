"""`inspect-tui verify`, `history`, `report` and `doctor`: the official record and its health."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import UserError
from .common import echo, open_store, round_key


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def verify(ctx: click.Context, file: Path) -> None:
    """Is FILE an export of a round's records as they are now? Exit 1 if not.

    The file's hash must be in the export log, the log's hash chain unbroken, the round's
    records unchanged since the export, and rendering them again must give the same file.
    """
    from ..verify import verify_bytes

    with open_store(ctx) as store:
        report = verify_bytes(store, file.read_bytes())
    if not report.matches:
        raise UserError("error.cli.verify_no_match", name=file.name, digest=report.sha256[:16])
    for problem in report.problems:
        echo(f"tampering: {problem}", err=True)
    for m in report.matches:
        e = m.export
        made = f"the {e['format']} export of round {e['round_key']} ({e['round_status']}) made {e['ts']} as {e['path']}"
        if not m.current and not e.get("content_hash"):
            echo(
                f"{file.name} was {made}, before inspect-tui recorded what an export is made"
                " from; export the round again to get a file that verifies.",
                err=True,
            )
        elif not m.current:
            echo(f"{file.name} was {made}, but the round's records changed since.", err=True)
        elif m.rendered is False:
            echo(f"{file.name} is logged as {made}, but the records do not render to it.", err=True)
        elif report.ok:
            how = "" if m.rendered else f" (not rendered again: {m.render_error})"
            echo(f"{file.name} is identical to {made}{how}")
    if report.problems:
        raise UserError("error.cli.verify_tampered", name=file.name, count=len(report.problems))
    if not report.ok:
        raise UserError("error.cli.verify_not_current", name=file.name)


def _short(value: object) -> str:
    if value is None:
        return "—"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 120 else text[:117] + "…"


@click.command()
@click.argument("round_key", metavar="ROUND", callback=round_key)
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
    """Check the database file and its backups; --restore puts the newest good backup in
    place of a damaged file (never of one that opens: a locked or read-only file is left)."""
    from ..store import doctor as doctor_mod

    db: Path = ctx.obj["db"]
    health = doctor_mod.diagnose(db)
    echo(f"{db}: {health.condition.value}" + ("" if health.ok else f" ({health.detail})"))
    for problem in health.tampering:
        echo(f"  tampering: {problem}")
    good = []
    backups = doctor_mod.good_backups(db)
    for path, d in backups:
        echo(f"  backup {path.name}: {d.describe()}")
        if d.intact:
            good.append(path)
    if not backups:
        echo("  no backups yet (they are made before upgrades and when a round is finalised)")
    if health.ok or not health.replaceable:
        if restore:
            result = doctor_mod.restore(db)  # a StoreError that says why (locked, read-only…)
            assert not result.restored
            echo("The database is healthy; nothing restored.")
        elif not health.ok:
            raise UserError("error.cli.doctor_problem", name=db.name, problem=health.detail)
        if health.tampering:
            raise UserError("error.cli.doctor_tampering", name=db.name, count=len(health.tampering))
        return
    if not restore:
        key = "error.cli.doctor_problem_restorable" if good else "error.cli.doctor_problem"
        raise UserError(key, name=db.name, problem=health.detail)
    result = doctor_mod.restore(db)
    assert result.backup is not None
    echo(f"Restored {result.backup.name}.")
    if result.kept is not None:
        echo(f"The replaced file was kept as {result.kept.name}. To undo: {result.undo}")
