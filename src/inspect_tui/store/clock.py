"""The time stamp of every row the store writes.

Callers go through the module (`clock.now_iso()`), so a test can freeze the clock in one place.
"""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")
