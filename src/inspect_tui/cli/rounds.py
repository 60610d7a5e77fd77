"""`inspect-tui rounds list|new|finalise|reopen` and `sample`: the inspection rounds."""

from __future__ import annotations

import click

from ..model import Script
from ..periods import PeriodKind, parse_period
from .common import echo, open_store, round_key


@click.command()
@click.pass_context
def sample(ctx: click.Context) -> None:
    """Load the bundled sample round into the database (idempotent); print its key."""
    from ..sample import load_sample

    with open_store(ctx) as store:
        for key in load_sample(store):
            echo(key)


@click.group()
def rounds() -> None:
    """List and create inspection rounds."""


@rounds.command("list")
@click.pass_context
def rounds_list(ctx: click.Context) -> None:
    """List the rounds: key, status, sites, sites with findings, done, title."""
    with open_store(ctx) as store:
        summaries = store.rounds()
        if not summaries:
            echo("No rounds yet. Create one with: inspect-tui rounds new KEY --title TEXT")
        for r in summaries:
            echo(
                r.key,
                r.status,
                f"{r.sites} sites",
                f"{r.sites_with_findings} with findings",
                f"{r.done} done",
                r.title,
            )


@rounds.command("new")
@click.argument("key", callback=round_key)
@click.option("--title", default="", help="Title of the circular (default from the template).")
@click.option(
    "--from",
    "from_key",
    default=None,
    callback=round_key,
    help="Carry roster, checklist and metadata over from this round.",
)
@click.option(
    "--script",
    type=click.Choice([s.value for s in Script]),
    default=Script.HANS.value,
    show_default=True,
    help="Script of the circular (ignored with --from).",
)
@click.pass_context
def rounds_new(ctx: click.Context, key: str, title: str, from_key: str | None, script: str) -> None:
    """Create round KEY (e.g. 2026Q1) from the current roster or from a previous round."""
    if parse_period(key).kind is PeriodKind.ROUND:  # 2017-09, 2017H2, 2017, ranges are periods
        echo(
            f"warning: {key!r} names no period (YYYY, YYYYQn, YYYYHn, YYYY-MM);"
            " the title and period need to be set by hand",
            err=True,
        )
    with open_store(ctx) as store:
        rnd = store.create_round(key, title, script=Script(script), from_key=from_key)
        store.set_setting("last_round", rnd.key)
        echo(f"Created round {rnd.key} with {len(store.round_sites(rnd.key))} sites.")


@rounds.command("finalise")
@click.argument("key", callback=round_key)
@click.pass_context
def rounds_finalise(ctx: click.Context, key: str) -> None:
    """Seal round KEY: further edits are refused until it is reopened."""
    with open_store(ctx) as store:
        store.finalise(key)
        echo(f"Round {key} is final. Exports of it are recorded for 'inspect-tui verify'.")


@rounds.command("reopen")
@click.argument("key", callback=round_key)
@click.option("--reason", required=True, help="Why the sealed round is being changed (audited).")
@click.pass_context
def rounds_reopen(ctx: click.Context, key: str, reason: str) -> None:
    """Reopen a final round for edits (the reason goes into the history)."""
    with open_store(ctx) as store:
        store.reopen(key, reason)
        echo(f"Round {key} is open again.")
