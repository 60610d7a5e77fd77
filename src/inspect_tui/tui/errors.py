"""Error plumbing of the app: `guarded` turns an action's failure into a message instead of
a traceback; anything unexpected is logged by `logs.log_exception` (the one logger of
inspect-tui) and shown in `ErrorDialog`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, Concatenate, ParamSpec, TypeVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.widgets import Button, Label

from ..i18n import t, user_text
from ..logs import log_exception
from ..store import StoreError
from .base import LocalizedModal

P = ParamSpec("P")
NodeT = TypeVar("NodeT", bound=DOMNode)

LOCKED = "error.store.locked"  # the StoreError key of a database another program holds


def report_unexpected(app: App[object], exc: BaseException) -> None:
    path = log_exception(exc)
    app.push_screen(ErrorDialog(f"{type(exc).__name__}: {exc}", path))


def guarded(method: Callable[Concatenate[NodeT, P], None]) -> Callable[Concatenate[NodeT, P], None]:
    """Run an action; a StoreError becomes a notification, anything else an error dialog.

    The store commits or rolls back each change as a whole, so the data stay safe either way.
    """

    @functools.wraps(method)
    def wrapper(self: NodeT, /, *args: P.args, **kwargs: P.kwargs) -> None:
        try:
            method(self, *args, **kwargs)
        except StoreError as exc:
            # A lock another program holds: nothing was stored (the model changes only after
            # the store did), so the user can simply press the key again.
            locked = getattr(exc, "key", "") == LOCKED
            text = t("app_store_locked") if locked else user_text(exc)
            self.app.notify(text, title=t("app_error_title"), severity="error", timeout=8)
        except Exception as exc:
            report_unexpected(self.app, exc)

    return wrapper


class ErrorDialog(LocalizedModal[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "key_close", id="dialog.close")
    ]

    def __init__(self, message: str, log_path: Path | None) -> None:
        super().__init__(classes="dialog-screen")
        self.message = message
        self.log_path = log_path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog error-dialog"):
            yield Label(t("app_unexpected_title"), markup=False, classes="dialog-title")
            yield Label(t("app_unexpected_body"), markup=False, classes="dialog-text")
            yield Label(self.message, markup=False, classes="dialog-text error-message")
            where = str(self.log_path) if self.log_path else t("app_log_unavailable")
            yield Label(t("app_log_path", path=where), markup=False, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("ok"), variant="primary", id="ok")

    @on(Button.Pressed, "#ok")
    def action_close(self) -> None:
        self.dismiss(None)
