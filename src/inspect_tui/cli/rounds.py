"""`inspect-tui rounds list|new|finalise|reopen` and `sample`: the inspection rounds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..model import Script
from ..periods import PeriodKind, parse_period
from .common import echo, open_store, round_key


@click.command()
@click.pass_context
def sample(ctx: click.Context) -> None:
    """Load the sample rounds (one family per bundled template; idempotent); print their keys."""
    from ..sample import ALL_SAMPLE_FILES, load_sample

    with open_store(ctx) as store:
        for key in load_sample(store, ALL_SAMPLE_FILES):
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
@click.option(
    "--template",
    "template",
    default=None,
    metavar="NAME_OR_FILE",
    help="Circular template: a name from 'inspect-tui templates list' or a .toml file.",
)
@click.option(
    "--checklist",
    "checklist_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The office's own checklist file (see 'inspect-tui checklist check').",
)
@click.pass_context
def rounds_new(
    ctx: click.Context,
    key: str,
    title: str,
    from_key: str | None,
    script: str,
    template: str | None,
    checklist_file: Path | None,
) -> None:
    """Create round KEY (e.g. 2026Q1) from the current roster or from a previous round."""
    from ..round_setup import RoundChoices, create_round

    if parse_period(key).kind is PeriodKind.ROUND:  # 2017-09, 2017H2, 2017, ranges are periods
        echo(
            f"warning: {key!r} names no period (YYYY, YYYYQn, YYYYHn, YYYY-MM);"
            " the title and period need to be set by hand",
            err=True,
        )
    with open_store(ctx) as store:
        choices = RoundChoices(
            key=key,
            title=title,
            script=Script(script),
            from_key=from_key,
            template=template,
            checklist_file=checklist_file,
        )
        rnd = create_round(store, choices)
        store.set_setting("last_round", rnd.key)
        echo(f"Created round {rnd.key} with {len(store.round_sites(rnd.key))} sites.")
        from .office import office_hint  # issue 13: a new database has no office yet

        if hint := office_hint(store):
            echo(hint, err=True)


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


# -- round metadata: show where each field comes from, set one with the form's checks ----------

SOURCE_WORDS = {"round": "round", "office": "office", "template": "template", "": "-"}


def _one_line(text: str, width: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


@rounds.command("show")
@click.argument("key", callback=round_key)
@click.option("--full", is_flag=True, help="Print long values whole instead of one shortened line.")
@click.pass_context
def rounds_show(ctx: click.Context, key: str, full: bool) -> None:
    """Every metadata field of round KEY: name, where its value comes from (round, office,
    template; '-' when none), '*' when the template requires it, label and value."""
    from ..circular.wording import load_wording
    from ..export_check import resolved_fields
    from ..meta_fields import field_labels

    with open_store(ctx) as store:
        rnd = store.round(key)
        labels = field_labels(load_wording(rnd.script).data)
        echo("title", "round" if rnd.title else "template", " ", labels.get("title", ""), rnd.title)
        for f in resolved_fields(store, key):
            mark = "*" if f.required else " "
            value = f.value if full else _one_line(f.value)
            if f.missing:
                value = "(missing)"
            echo(f.name, SOURCE_WORDS[f.source], mark, labels.get(f.name, f.name), value)


@rounds.command("set")
@click.argument("key", callback=round_key)
@click.argument("field", metavar="FIELD")
@click.argument("value", metavar="VALUE")
@click.pass_context
def rounds_set(ctx: click.Context, key: str, field: str, value: str) -> None:
    """Set FIELD of round KEY's metadata to VALUE ('' returns it to the office's or the
    template's). Checked like the app's form: 文号 brackets, dates and deadlines normalised."""
    from dataclasses import replace

    from ..errors import UserError
    from ..meta_fields import FIELD_ORDER
    from ..meta_validation import check_field

    names = ("title", *FIELD_ORDER)
    if field not in names:
        raise UserError("office.error.field", field=field, fields=", ".join(names))
    check = check_field(field, value)
    if not check.ok:
        raise UserError("office.error.value", field=field, problem=UserError(check.error))
    stored = check.value if field not in ("requirements", "closing") else value.strip("\n")
    if field == "attachment_numerals" and stored not in ("", "arabic", "chinese"):
        raise UserError("office.error.choice", field=field, choices="arabic, chinese")
    with open_store(ctx) as store:
        rnd = store.round(key)
        if field == "template" and stored:
            from .office import check_template_name

            check_template_name(store, stored)
        if field == "title":
            store.update_round(key, title=stored)
        else:
            change: dict[str, Any] = {field: stored}
            store.update_round(key, meta=replace(rnd.meta, **change))
        echo(field, stored)
