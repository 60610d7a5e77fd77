"""Starting the keyboard-driven app: the default command and `inspect-tui demo`."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import click

from ..i18n import normalise_language
from ..store import Store
from .common import UsageProblem, echo


def require_terminal() -> None:
    """The app draws on a terminal and reads keys from one: without it (`… </dev/null | cat`,
    a cron job) it would never exit and keep a core busy."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageProblem("error.cli.no_terminal")


def run_tui(db: Path, round_key: str | None, lang: str | None) -> int:
    require_terminal()
    if lang:
        lang = normalise_language(lang)
    Store(db).close()  # a damaged or too-new file is reported before the screen opens
    from ..tui.app import run_app

    return run_app(db, round_key, lang)


@click.command()
@click.option("--keep", is_flag=True, help="Keep the throwaway database and print its path.")
@click.pass_context
def demo(ctx: click.Context, keep: bool) -> None:
    """Start the app on a throwaway copy with the bundled sample loaded."""
    from ..sample import ALL_SAMPLE_FILES, load_sample

    require_terminal()
    folder = Path(tempfile.mkdtemp(prefix="inspect-tui-demo-"))
    db = folder / "demo.sqlite"
    try:
        with Store(db) as store:
            keys = load_sample(store, ALL_SAMPLE_FILES)
        code = run_tui(db, keys[0], ctx.obj["lang"])
    finally:
        if keep:
            echo(f"Demo database kept at {db}", err=True)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    sys.exit(code)
