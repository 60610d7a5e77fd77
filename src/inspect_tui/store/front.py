"""`Store`: the one entry to the database, joined from its parts (one job each)."""

from __future__ import annotations

from .exports import ExportsPart
from .imports import ImportsPart
from .office import OfficePart
from .settings import SettingsPart
from .undo import UndoPart


class Store(UndoPart, ImportsPart, ExportsPart, SettingsPart, OfficePart):
    """Access to one inspect-tui database file. Use one Store per thread.

    Every change is one short transaction that also appends one audit row (who, when, what,
    before/after), so a change the caller was told about is on disk, and the history of a
    round can always be read back. The parts, from the bottom: `connection` (file, pragmas,
    migrations, write lock), `audit`, `roster`, `rounds`, `records` (findings, overrides,
    progress, follow-ups), `notes` (private notes), `undo`, `imports` (whole rounds from bundles), `exports` (the log
    of written files), `settings`.
    """
