"""The `inspect-tui` command: the root group, its options, and `main` (the script's entry).

This module joins the command modules (`add_command`); they never import it, so there is no
cycle. Errors a user can act on print one line on stderr and exit 1 (usage errors exit 2); an
unexpected error prints a short line naming the log file that holds the traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..i18n import LANGUAGES
from ..logs import log_exception
from ..paths import default_db_path
from . import app, bundle, checklist, export, office, records, roster, rounds, templates
from .common import PROG, UsageProblem, fail, safe_display, user_message

# The languages and the spellings of them people type (`normalise_language` maps them).
LANGUAGE_CHOICES = (*LANGUAGES, "zh", "zh-CN", "zh-TW", "zh-HK", "en-US", "en-GB")


class RootGroup(click.Group):
    """Runs a command and turns the errors a user can act on into one line on stderr."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.Exit:
            raise
        except BrokenPipeError:
            _quiet_after_closed_pipe()
            raise click.exceptions.Exit(0) from None
        except Exception as exc:
            message = user_message(exc)
            if message is None:
                raise  # a bug: main() logs it
            fail(message, getattr(exc, "exit_code", 1))
            raise  # not reached: fail() leaves


def _quiet_after_closed_pipe() -> None:
    """The reader went away (`… | head -1`): stop quietly, as Python's docs recommend —
    point stdout at /dev/null so the flush at exit does not raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # no real stdout (a test runner's buffer): nothing will be flushed anyway


def _check_db_folder(db: Path, create: bool) -> None:
    """A --db in a folder that does not exist is most likely a typo: creating it silently
    would show the user an empty database instead of theirs."""
    if not create and not db.parent.is_dir():
        raise UsageProblem("error.cli.db_folder_missing", folder=db.parent, path=db)


@click.group(
    cls=RootGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Database file (default: $INSPECT_TUI_DB or the user data folder).",
)
@click.option(
    "--create",
    is_flag=True,
    help="With --db: create its folder if it does not exist.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGE_CHOICES, case_sensitive=False),
    metavar="[zh-Hans|zh-Hant|en]",
    default=None,
    help="UI language: zh-Hans (default), zh-Hant or en.",
)
@click.version_option(__version__, prog_name=PROG)
@click.pass_context
def cli(ctx: click.Context, db: Path | None, create: bool, lang: str | None) -> None:
    """inspect-tui: spot-check government websites and issue the circular (通报).

    Without a command, starts the keyboard-driven app on the database.
    """
    ctx.ensure_object(dict)
    if db is not None:
        _check_db_folder(db, create)
    ctx.obj["db"] = db or default_db_path()
    ctx.obj["lang"] = lang
    if ctx.invoked_subcommand is None:
        sys.exit(app.run_tui(ctx.obj["db"], None, lang))


cli.add_command(app.demo)
cli.add_command(rounds.sample)
cli.add_command(roster.roster)
cli.add_command(rounds.rounds)
cli.add_command(office.office)
cli.add_command(export.export_cmd)
cli.add_command(bundle.bundle)
cli.add_command(records.verify)
cli.add_command(records.history)
cli.add_command(records.report)
cli.add_command(records.doctor)
cli.add_command(templates.templates)
cli.add_command(checklist.checklist)


def main() -> None:
    try:
        cli.main(prog_name=PROG, standalone_mode=True)
    except (KeyboardInterrupt, EOFError):
        click.echo(f"{PROG}: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:  # while click itself was writing (help, version)
        _quiet_after_closed_pipe()
        sys.exit(0)
    except Exception as exc:  # last resort: never show a traceback to a user
        path = log_exception(exc)
        where = f" Details were written to {path}." if path else ""
        click.echo(f"{PROG}: unexpected error: {safe_display(exc)}.{where}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
