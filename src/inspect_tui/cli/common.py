"""What every command shares: the store it opens, how errors become one line, safe printing.

Errors a user can act on (`errors.UserError`, and the roster/bundle/checklist parse errors)
print one line on stderr and exit 1 (`exit_code` of the error when it has one: 2 for usage);
the root group (`main.py`) turns them into that line, so commands simply raise.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

import click

from ..errors import UserError
from ..store import Store

PROG = "inspect-tui"


class UsageProblem(UserError):
    """A command line that cannot be run as given (exit 2, like click's own usage errors)."""

    exit_code = 2


def known_error_types() -> tuple[type[BaseException], ...]:
    """Errors whose message is meant for the user. Imported on demand: only when one is raised."""
    from ..bundle import BundleError
    from ..checklist import ChecklistError
    from ..roster import RosterError

    return (UserError, ChecklistError, RosterError, BundleError)


def user_message(exc: BaseException) -> str | None:
    """The one-line message for an error the user can act on; None for a bug."""
    if isinstance(exc, known_error_types()):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{exc.filename or ''} {exc.strerror or exc}".strip()
    return None


def round_key(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A click callback for every round KEY the command line takes: its one normal form
    (`validate.normalise_round_key`: `２０１８Q1 ` is 2018Q1), or a usage error naming it."""
    from ..validate import FieldError, normalise_round_key

    if value is None:
        return None
    try:
        return normalise_round_key(value, where=param.human_readable_name)
    except FieldError as exc:
        raise UsageProblem("error.cli.bad_round_key", problem=str(exc)) from None


def fail(message: str, code: int = 1) -> None:
    """Print `inspect-tui: message` on stderr and leave with `code`."""
    click.echo(f"{PROG}: {safe_display(message)}", err=True)
    raise click.exceptions.Exit(code)


@contextmanager
def open_store(ctx: click.Context) -> Iterator[Store]:
    store = Store(ctx.obj["db"])
    try:
        yield store
    finally:
        store.close()


# Escaped: controls (tabs and line breaks too: a name holding "\n" must not forge a line of
# output), format characters (bidi overrides, zero-width), line/paragraph separators and lone
# surrogates. Kept: letters, marks, punctuation, symbols, private use and spaces (U+3000 too).
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def safe_display(text: object) -> str:
    """`text` with control, format (bidi, zero-width) and separator characters escaped.

    Everything the command line prints that came from a user or a file (titles, names, keys
    from bundles, paths) goes through here, so escape sequences never reach the terminal raw:
    ESC is shown as `\\x1b`, a right-to-left override as `\\u202e`.
    """
    s = str(text)
    if s.isprintable():  # the usual case, fast: no control or format characters at all
        return s
    out = []
    for ch in s:
        if unicodedata.category(ch) in _ESCAPED_CATEGORIES:
            out.append(ch.encode("unicode_escape", "backslashreplace").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


def echo(*fields: object, sep: str = "\t", err: bool = False) -> None:
    """One output line of user data: each field made safe, joined by `sep` (ours, kept raw)."""
    click.echo(sep.join(safe_display(f) for f in fields), err=err)
