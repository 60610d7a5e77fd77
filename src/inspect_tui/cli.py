"""Command line: the TUI by default, plus headless commands for scripts and checks.

Errors a user can act on print one line on stderr and exit 1 (click's usage errors exit 2);
an unexpected error prints a short line naming the log file that holds the traceback.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__
from .checklist import ChecklistError
from .export import FORMATS, ExportError, export_round
from .model import ROUND_KEY_RE, Script
from .paths import default_db_path, log_dir
from .store import Store, StoreError

KNOWN_ERRORS: tuple[type[Exception], ...] = (StoreError, ExportError, ChecklistError)


class UserError(click.ClickException):
    """One line on stderr, exit code 1."""

    def show(self, file: object = None) -> None:
        click.echo(f"inspect-tui: {self.format_message()}", err=True)


def _log_unexpected(exc: BaseException) -> Path | None:
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "inspect-tui.log"
        logging.basicConfig(filename=path, level=logging.ERROR)
        logging.getLogger("inspect_tui").error(
            "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        )
        return path
    except OSError:
        return None


@contextmanager
def _user_errors() -> Iterator[None]:
    try:
        yield
    except click.ClickException:
        raise
    except KNOWN_ERRORS as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"{exc.filename or ''} {exc.strerror or exc}".strip()) from None


@contextmanager
def _open_store(ctx: click.Context) -> Iterator[Store]:
    with _user_errors():
        store = Store(ctx.obj["db"])
    try:
        with _user_errors():
            yield store
    finally:
        store.close()


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Database file (default: $INSPECT_TUI_DB or the user data folder).",
)
@click.option("--lang", default=None, help="UI language: zh-Hans (default), zh-Hant or en.")
@click.version_option(__version__, prog_name="inspect-tui")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, lang: str | None) -> None:
    """inspect-tui: spot-check government websites and issue the circular (通报).

    Without a command, starts the keyboard-driven app on the database.
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db or default_db_path()
    ctx.obj["lang"] = lang
    if ctx.invoked_subcommand is None:
        sys.exit(_run_tui(ctx.obj["db"], None, lang))


def _run_tui(db: Path, round_key: str | None, lang: str | None) -> int:
    from .i18n import normalise_language

    if lang:
        try:
            normalise_language(lang)
        except ValueError as exc:
            raise UserError(str(exc)) from None
    with _user_errors():
        Store(db).close()  # a damaged or too-new file is reported before the screen opens
    from .tui.app import run_app

    return run_app(db, round_key, lang)


@cli.command()
@click.option("--keep", is_flag=True, help="Keep the throwaway database and print its path.")
@click.pass_context
def demo(ctx: click.Context, keep: bool) -> None:
    """Start the app on a throwaway copy with the bundled sample loaded."""
    from .sample import load_sample

    folder = Path(tempfile.mkdtemp(prefix="inspect-tui-demo-"))
    db = folder / "demo.sqlite"
    try:
        with _user_errors(), Store(db) as store:
            keys = load_sample(store)
        code = _run_tui(db, keys[0], ctx.obj["lang"])
    finally:
        if keep:
            click.echo(f"Demo database kept at {db}", err=True)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    sys.exit(code)


@cli.command()
@click.pass_context
def sample(ctx: click.Context) -> None:
    """Load the bundled sample round into the database (idempotent); print its key."""
    from .sample import load_sample

    with _open_store(ctx) as store:
        for key in load_sample(store):
            click.echo(key)


@cli.group()
def roster() -> None:
    """Import or export the roster of sites (CSV)."""


@roster.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def roster_import(ctx: click.Context, file: Path) -> None:
    """Replace the roster with FILE (UTF-8, UTF-8 with BOM or GB18030 CSV).

    All or nothing: on any error the database is left as it was.
    """
    from .roster import RosterError, parse_roster

    try:
        result = parse_roster(file.read_bytes(), file.name)
    except RosterError as exc:
        raise UserError(str(exc)) from None
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    with _open_store(ctx) as store:
        store.replace_roster(result.sites, source=str(file))
    click.echo(f"Imported {len(result.sites)} sites from {file.name}.")


@roster.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.pass_context
def roster_export(ctx: click.Context, file: Path, force: bool) -> None:
    """Write the roster to FILE as CSV (UTF-8 with BOM, opens in Excel)."""
    from .export import write_atomic
    from .roster import export_roster

    with _open_store(ctx) as store:
        write_atomic(file, export_roster(store.sites()), force=force)
        click.echo(f"Exported {len(store.sites())} sites to {file}.")


@cli.group()
def rounds() -> None:
    """List and create inspection rounds."""


@rounds.command("list")
@click.pass_context
def rounds_list(ctx: click.Context) -> None:
    """List the rounds: key, status, sites, sites with findings, done, title."""
    with _open_store(ctx) as store:
        summaries = store.rounds()
        if not summaries:
            click.echo("No rounds yet. Create one with: inspect-tui rounds new KEY --title TEXT")
        for r in summaries:
            click.echo(
                f"{r.key}\t{r.status}\t{r.sites} sites\t{r.sites_with_findings} with findings"
                f"\t{r.done} done\t{r.title}"
            )


@rounds.command("new")
@click.argument("key")
@click.option("--title", default="", help="Title of the circular (default from the template).")
@click.option(
    "--from",
    "from_key",
    default=None,
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
    if not ROUND_KEY_RE.match(key):
        click.echo(
            f"warning: {key!r} is not of the form YYYYQn; the title and period need to be set by hand",
            err=True,
        )
    with _open_store(ctx) as store:
        rnd = store.create_round(key, title, script=Script(script), from_key=from_key)
        store.set_setting("last_round", rnd.key)
        click.echo(f"Created round {rnd.key} with {len(store.round_sites(rnd.key))} sites.")


@cli.command("export")
@click.argument("round_key", metavar="ROUND")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True, help="File to write."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Default: from the file name, else docx.",
)
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
@click.option(
    "--fonts", "profile", default="", help="Font profile for docx/pdf: gb2312 (default) or windows."
)
@click.pass_context
def export_cmd(
    ctx: click.Context, round_key: str, output: Path, fmt: str | None, force: bool, profile: str
) -> None:
    """Export ROUND's circular (docx to GB/T 9704-2012, pdf, txt, csv of findings, json)."""
    with _open_store(ctx) as store:
        result = export_round(store, round_key, output, fmt, force=force, profile=profile)
        click.echo(
            f"Wrote {result.path} ({result.format}, {result.size} bytes, sha256 {result.sha256[:12]}…)"
        )


def main() -> None:
    try:
        cli.main(prog_name="inspect-tui", standalone_mode=True)
    except (KeyboardInterrupt, EOFError):
        click.echo("inspect-tui: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # last resort: never show a traceback to a user
        path = _log_unexpected(exc)
        where = f" Details were written to {path}." if path else ""
        click.echo(f"inspect-tui: unexpected error: {exc}.{where}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()


# Register the command groups that live in their own modules.
from . import cli_bundle, cli_records  # noqa: E402, F401
