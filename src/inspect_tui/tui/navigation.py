"""How a screen opens another screen without importing it (issue 11: screens are independent).

A screen says *what* it wants opened with a request (plain data below) and hands it to the
app: `open_screen(self.app, OpenOffice(self.store, focus="issuer"), self._back)`. The app,
which may import every screen, builds the screen for the request and pushes it, with the
callback called on return (the export dialog re-checks its gaps, the walk re-reads its round).
The call is synchronous, like `push_screen`, so the order of events is what it was.

The app implements `Navigator` (`InspectApp.open_request`); so does the tests' bare host app.
This module imports no screen: screens import it, and `tui.app` maps requests to screens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from ..store import Store


@dataclass(frozen=True)
class OpenSummary:
    """The round's summary table and circular preview."""

    store: Store
    round_key: str


@dataclass(frozen=True)
class OpenRoundMeta:
    """The round's metadata form, optionally starting on one field."""

    store: Store
    round_key: str
    focus: str = ""


@dataclass(frozen=True)
class OpenExport:
    """The export dialog of the round."""

    store: Store
    round_key: str


@dataclass(frozen=True)
class OpenOffice:
    """The office's standing facts, optionally starting on one field."""

    store: Store
    focus: str = ""
    first_run: bool = False


@dataclass(frozen=True)
class OpenHistory:
    """The round's change history, optionally of one site."""

    store: Store
    round_key: str
    site_uid: str | None = None


@dataclass(frozen=True)
class OpenMerge:
    """The merge of inspectors' bundles into the database."""

    store: Store


Request = OpenSummary | OpenRoundMeta | OpenExport | OpenOffice | OpenHistory | OpenMerge

# Called with what the opened screen dismissed with (None when it gave nothing back).
OnClose = Callable[[Any], None]


@runtime_checkable
class Navigator(Protocol):
    """An app that can open a screen for a request."""

    def open_request(self, request: Request, on_close: OnClose | None = None) -> None: ...


def open_screen(app: object, request: Request, on_close: OnClose | None = None) -> None:
    """Ask `app` (a screen's `self.app`) to open the screen for `request`."""
    if not isinstance(app, Navigator):
        raise TypeError(f"{type(app).__name__} cannot open screens (no open_request)")
    app.open_request(request, on_close)
